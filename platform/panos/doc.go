// Package panos is the platform of a Palo Alto Networks firewall running
// PAN-OS (9.1 to 11.x, legacy routing engine) used as a Virtual Connect
// CPE.
//
// The Virtual Connect tunnel on PAN-OS is a GRE tunnel (PAN-OS 9.1+) on a
// tunnel interface (the profile's interface, with the tunnel IP) whose DI
// peer is routed into an IPsec tunnel bound to a second, address-less
// tunnel interface; a GRE proxy ID on the IPsec tunnel makes the traffic
// selectors GRE between the transport IPs. show interface tunnel.N gives
// the GRE tunnel's state, endpoints and keepalive; show vpn ... the IPsec
// side. A tunnel interface bound to the IPsec tunnel itself (no GRE) is
// read too: its state is the IPsec tunnel's, and it has no keepalive.
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
// PAN-OS cannot show (the negotiated PRF with CBC, the MSS adjustment
// value, routes received before the import rules) stay unknown.
package panos
