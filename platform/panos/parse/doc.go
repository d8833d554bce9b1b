// Package parse reads the CLI output of a Palo Alto Networks firewall
// (PAN-OS 8.x-11.x, legacy routing engine) used as a Virtual Connect CPE:
//
//   - show system info                    ParseSystemInfo
//   - show vpn ike-sa [gateway X]         ParseIKESA
//   - show vpn ipsec-sa [tunnel X]        ParseIPsecSA
//   - show vpn flow [tunnel-id N]         ParseFlow
//   - show vpn tunnel                     ParseTunnel
//   - show routing protocol bgp peer      ParseBGPPeer
//   - show routing protocol bgp summary   ParseBGPSummary
//   - show routing protocol bgp loc-rib   ParseLocRIB
//   - show routing protocol bgp rib-out   ParseRIBOut
//   - show routing route                  ParseRoute
//   - show interface all|logical          ParseInterfaces
//   - show interface tunnel.N             ParseInterfaceDetail (with the GRE block of a GRE tunnel)
//   - ping source X host Y ...            ParsePing
//   - configuration text                  RedactConfig
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
// port counters, the content versions and addresses of show system info.
//
// Checked against real outputs (corpus or public samples): the IKEv1 and
// IKEv2 SA tables, show vpn ipsec-sa (with and without remain-time),
// show vpn flow, show vpn tunnel, the GRE tunnel interface, the head of
// a BGP peer block, the BGP summary, show routing route, show system info
// and ping. Written from documentation and a parser of real output,
// without a raw sample: the loc-rib and rib-out tables, the rest of the
// BGP peer block and the detail block of show vpn flow tunnel-id N.
package parse
