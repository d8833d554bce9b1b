// Package parse reads the CLI output of Juniper SRX and vSRX routers
// (Junos 12.3X48 to 23.x as seen in lab write-ups, vendor interop guides
// and genieparser fixtures) for the juniper_junos platform:
//
//   - show security ike security-associations [detail]
//   - show security ipsec security-associations [detail]
//   - show security ipsec statistics [index N]
//   - show interfaces [X] [extensive|statistics|detail], show interfaces [X] terse
//   - show bgp summary, show bgp neighbor [X]
//   - show route receive-protocol|advertising-protocol bgp X [hidden], show route [X]
//   - show configuration [security ike|security ipsec|protocols bgp] [| display set]
//   - ping X source Y count N do-not-fragment size N
//   - show log FILE (messages, kmd): syslog lines, see ParseLog
//
// RedactConfig masks the secrets of a configuration, curly-brace or set
// form, keeping every line.
//
// Parsers never do I/O and never judge: they return typed records, each
// with the parsers.Span of 1-based output lines it was read from, and a
// *parsers.ParseError naming the line they could not read when an output
// has no line of its command's structure. Legitimate empty answers (no SA,
// no route) are valid empty results. Outputs pasted with a prompt and
// command echo on the first line, or indented as a whole (genieparser test
// files), are accepted, and so are the noise lines an SRX adds: a chassis
// cluster's "node0:" heading, "{master:0}" tags and the "Dec 01 09:14:07"
// line of `set cli timestamp`.
//
// Secrets are never kept: a pre-shared key or BGP authentication key is
// recorded only as "configured". Deliberately ignored: CoS queues, MAC and
// PCS statistics, BFD, graceful-restart and capability lines of BGP
// neighbors, route attributes beyond the AS path, IKE/IPsec tunnel event
// history.
package parse
