// Package frr parses the vtysh output of FRRouting (bgpd and zebra) on a
// Linux CPE: FRR 8.4 as shipped by Debian 12, and the 9.x/10.x forms.
//
// Commands read, JSON forms first, text forms too (users paste them):
//
//   - show bgp [vrf all] summary [json], show ip bgp summary [wide]
//   - show bgp ipv4 unicast neighbors X received-routes|advertised-routes|routes [json]
//   - show ip bgp neighbors X
//   - show ip route X [json]
//   - show running-config (plus RedactConfig, which masks its secrets)
//   - show version
//
// Parsers never do I/O and never judge. Every record carries a
// parsers.Span with the 1-based lines it was read from (for JSON the
// lines of its object as vtysh printed it). A parser returns
// *parsers.ParseError naming the line it could not read when its input
// has none of its command's structure. The answers FRR gives when a thing
// cannot be shown ("% Inbound soft reconfiguration not enabled", "% No
// such neighbor", {"warning": ...}, "% Network not in table") are valid
// results with an Unavailable reason, so that a check can say "unknown"
// and why.
//
// Secrets are never kept: a neighbor password is recorded as "a password
// is configured". Deliberately ignored: memory counters, graceful-restart
// and capability sections of neighbor output, RPKI columns, IPv6
// link-local next hops beyond the first.
package frr
