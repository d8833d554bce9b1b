// Package panos is the platform of a Palo Alto Networks firewall running
// PAN-OS (9.1 to 11.x, legacy routing engine) used as a Virtual Connect
// CPE.
//
// Everything PAN-OS says in its own words lives here and in the parser
// package below it (parse): the read-only allowlist of exact operational
// command shapes, command identification, the collection plan, the reading
// of outputs into platform-neutral facts, the words of commands and
// fixes, redaction, and how to drive the CLI.
//
// What vcdiag never sends here: configure, commit, request, clear, debug,
// delete, test, and any set command but "set cli pager off"; output
// filters other than "| match" and "| except". It does not judge: facts
// PAN-OS cannot show (GRE keepalives, negotiated PRF) stay unknown.
package panos
