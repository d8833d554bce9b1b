// Package redact masks secrets in Cisco IOS / IOS-XE text: running-config
// lines, typed configuration commands and show output alike.
//
// It is the one gate every device text passes before vcdiag keeps it
// (evidence, reports, golden files): pre-shared keys, passwords, enable and
// user secrets, key strings, SNMP communities and AAA server keys are
// replaced by "<redacted>", keeping the keyword and the encryption type
// number so that a check can still tell "a BGP password is configured,
// type 7" without learning it.
//
// Redaction is keyword driven and line based, never a guess at what looks
// random: show output such as "remaining key lifetime", "Key disabled" or
// "%TCP-6-BADAUTH Invalid MD5 digest" must survive intact, because checks
// read it. Text is idempotent (redacting twice changes nothing) and never
// changes the number of lines, so line citations stay valid.
package redact
