// Package parse reads the CLI output of a Palo Alto Networks firewall
// (PAN-OS 9.1-11.x, legacy routing engine) used as a Virtual Connect CPE:
//
//   - show vpn ike-sa [gateway X]      ParseIKESA
//   - show vpn ipsec-sa [tunnel X]     ParseIPsecSA
//   - show vpn flow [tunnel-id N]      ParseFlow
//   - show vpn tunnel                  ParseTunnel
//   - show routing protocol bgp peer   ParseBGPPeer
//   - show routing route               ParseRoute
//   - show interface all|logical       ParseInterfaces
//   - show interface tunnel.N          ParseInterfaceDetail
//   - ping source X host Y ...         ParsePing
//   - configuration text               RedactConfig
//
// Parsers never do I/O and never judge. Every record carries a
// parsers.Span with its 1-based lines. Prompts ("admin@PA-VM> ") and a
// command echo at the top are skipped. An output with no line of its
// command's structure is a *parsers.ParseError naming the line; empty
// answers ("There is no IKEv2 SA found.", an empty table) are valid.
//
// Secrets are never kept: a BGP peer's password is recorded only as
// "password set". Deliberately ignored: summary "Total ..." lines,
// aggregation-group members, BGP capability and timer lines, physical
// port counters.
package parse
