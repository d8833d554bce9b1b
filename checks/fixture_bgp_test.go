package checks

import (
	"fmt"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

func addBGPSummary(t testing.TB, f *fixture) {
	t.Helper()
	text := `BGP router identifier 192.0.2.1, local AS number 64601
BGP table version is 9, main routing table version 9
4 network entries using 992 bytes of memory

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
100.64.1.1      4        64602    1210    1198        9    0    0 1d02h           2
100.64.2.1      4        64612    1208    1197        9    0    0 1d02h           2
`
	o := output(cmdBGPSummary, parsers.KindBGPSummary, "", "", text, t0)
	var ns []parsers.BGPSummaryNeighbor
	for i, tt := range f.p.Tunnels {
		ns = append(ns, parsers.BGPSummaryNeighbor{Address: tt.DITunnelIP, Version: 4, RemoteAS: tt.DIASN, UpDown: "1d02h",
			State: "Established", PrefixesReceived: 2, Span: parsers.Span{Start: 6 + i, End: 6 + i}})
	}
	f.add("sum", o, &parsers.BGPSummary{RouterID: mustAddr("192.0.2.1"), LocalAS: 64601, Neighbors: ns})
}

func addBGPNeighbor(t testing.TB, f *fixture, tt *profile.Tunnel) {
	t.Helper()
	text := fmt.Sprintf(`BGP neighbor is %s,  remote AS %d, external link
  BGP version 4, remote router ID 10.255.0.1
  BGP state = Established, up for 1d02h
  Last read 00:00:12, last write 00:00:21, hold time is 180, keepalive interval is 60 seconds
  Connections established 1; dropped 0
  Last reset never
`, tt.DITunnelIP, tt.DIASN)
	o := output(cmdNeighbor(tt), parsers.KindBGPNeighbors, tt.DITunnelIP.String(), "", text, t0)
	f.add("nbr:"+tt.DITunnelIP.String(), o, []parsers.BGPNeighbor{{Address: tt.DITunnelIP, RemoteAS: tt.DIASN, LocalAS: tt.CPEASN,
		LinkType: "external", State: "Established", StateFor: "1d02h", ConnectionsEstablished: 1, LastReset: "never",
		Span: parsers.Span{Start: 1, End: 6}}})
}

func bgpTableText(routes [][2]string) (string, []parsers.BGPRoute) {
	text := `BGP table version is 9, local router ID is 192.0.2.1
Status codes: s suppressed, d damped, h history, * valid, > best, i - internal
Origin codes: i - IGP, e - EGP, ? - incomplete

     Network          Next Hop            Metric LocPrf Weight Path
`
	var rs []parsers.BGPRoute
	for i, r := range routes {
		text += fmt.Sprintf(" *>   %-16s %-19s      0             0 %s\n", r[0], r[1], "64602 i")
		rs = append(rs, parsers.BGPRoute{Network: mustPfx(r[0]), NextHop: mustAddr(r[1]), Status: "*>", Valid: true, Best: true,
			Span: parsers.Span{Start: 6 + i, End: 6 + i}})
	}
	text += fmt.Sprintf("\nTotal number of prefixes %d\n", len(routes))
	return text, rs
}

func (f *fixture) setTable(tt *profile.Tunnel, variant string, routes [][2]string) {
	text, rs := bgpTableText(routes)
	key := map[string]string{"received-routes": "rcv:", "advertised-routes": "adv:"}[variant] + tt.DITunnelIP.String()
	if old, ok := f.out[key]; ok {
		old.Text, old.Lines = text, parsers.Lines(text)
		old.Parsed = &parsers.BGPTable{Routes: rs, TotalPrefixes: len(rs)}
		return
	}
	o := output(cmdNeighborRoutes(tt, variant), parsers.KindBGPRoutes, tt.DITunnelIP.String(), variant, text, t0)
	f.add(key, o, &parsers.BGPTable{Routes: rs, TotalPrefixes: len(rs)})
}

func addRoutes(t testing.TB, f *fixture, tt *profile.Tunnel) {
	t.Helper()
	f.setTable(tt, "received-routes", [][2]string{{f.p.DCNetwork(tt.DC).String(), tt.DITunnelIP.String()}, {"203.0.113.0/24", tt.DITunnelIP.String()}})
	f.setTable(tt, "advertised-routes", [][2]string{{"0.0.0.0/0", "0.0.0.0"}})
}

func addRouteLookup(t testing.TB, f *fixture, host, prefix, nh, iface string) {
	t.Helper()
	text := fmt.Sprintf(`Routing entry for %s
  Known via "bgp 64601", distance 20, metric 0
  Tag 64602, type external
  Last update from %s 1d02h ago
  Routing Descriptor Blocks:
  * %s, from %s, 1d02h ago
      Route metric is 0, traffic share count is 1
      AS Hops 1
`, prefix, nh, nh, nh)
	o := output(cmdRoute(mustAddr(host)), parsers.KindRouteLookup, host, "", text, t0)
	f.add("route:"+host, o, &parsers.RouteLookup{Query: host, Found: true, Route: &parsers.Route{Prefix: mustPfx(prefix), Code: "B",
		Protocol: "bgp", KnownVia: "bgp 64601", Distance: 20, NextHops: []parsers.NextHop{{Address: mustAddr(nh)}},
		Span: parsers.Span{Start: 1, End: 8}}})
	_ = iface
}
