// Package collectors gathers evidence about a Virtual Connect site from
// what can be read: saved terminal sessions and show-tech files today
// (ReadTranscript, FromTranscripts), live devices through a Runner.
//
// Collectors gather, they never judge: an output that is missing, rejected
// by the router or unparsable is recorded as such in package evidence, and
// the checks decide what it means.
//
// Two rules hold for everything here. Every device text is passed through
// package redact before it is kept, so no secret (pre-shared key, password,
// key string, SNMP community) leaves vcdiag. And only read-only commands
// reach a device: Guard refuses anything Allowed does not accept (show,
// ping with a target, a few terminal settings, a bare enable) before the
// command is sent.
package collectors
