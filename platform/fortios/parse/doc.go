// Package parse reads the CLI output of a FortiGate CPE (FortiOS 5.6 to
// 7.4 seen; the VPN diagnostics from FortiOS 7.x lab outputs, incl.
// GRE-over-IPsec "encap=GRE" and dial-up instances) into typed records:
//
//   - diagnose vpn ike gateway list          ParseIKEGateways
//   - diagnose vpn tunnel list               ParseTunnels
//   - get router info bgp summary            ParseBGPSummary
//   - get router info bgp neighbors [X]      ParseBGPNeighbors
//   - get router info bgp neighbors X received-routes|routes|advertised-routes  ParseBGPRoutes
//   - get router info routing-table all      ParseRouteTable
//   - get router info routing-table details X  ParseRouteDetail
//   - get system interface                   ParseInterfaces
//   - diagnose netlink interface list [NAME] ParseNetlinkInterfaces
//   - show system gre-tunnel                 ParseGRETunnels
//   - execute ping X                         ParsePing
//   - configuration text                     RedactConfig
//
// Parsers never do I/O and never judge. Prompts and command echoes
// ("FGT # diagnose ...", "# execute ping 1.1.1.2") are ignored wherever
// they appear. Every record carries the parsers.Span of its lines; an
// output with none of its command's structure is a *parsers.ParseError
// naming the line. Empty answers and FortiOS refusals ("% Network not in
// table", "Command fail. Return code -61") are valid results, the latter
// with an Unavailable reason.
//
// Secrets are never kept: the IKE keys (key:, SK_*) and ESP keys
// (dec:/enc: key=...) these diagnostics print have no field. Deliberately
// ignored: NPU flags, run_tally, hash/replay internals, IKE timing
// ("time 0/0/0 ms"), neighbor capability lists and IPv6 next hops.
package parse
