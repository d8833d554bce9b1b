package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

const frrCodes = `  "bgpStatusCodes":{
    "suppressed":"s",
    "damped":"d",
    "history":"h",
    "valid":"*",
    "best":">",
    "multipath":"=",
    "internal":"i",
    "ribFailure":"r",
    "stale":"S",
    "removed":"R"
  },
  "bgpOriginCodes":{
    "igp":"i",
    "egp":"e",
    "incomplete":"?"
  },
`

// frrRoutesJSON renders "show bgp ipv4 unicast neighbors N
// received-routes|routes|advertised-routes json" as FRR 8.4 does (the
// routes form in its own, differently indented style).
func (r *renderer) frrRoutesJSON(n netip.Addr, variant string) string {
	t := r.neighborTunnel(n)
	if t == nil {
		return "{\n  \"warning\":\"No such neighbor or address family\"\n}\n"
	}
	if variant == "routes" {
		return r.frrAcceptedJSON(t)
	}
	key, paths := "receivedRoutes", r.received(t)
	if variant == "advertised-routes" {
		key, paths = "advertisedRoutes", r.advertised(t)
	}
	var b strings.Builder
	if len(paths) == 0 {
		fmt.Fprintf(&b, "{\n  \"%s\":{\n  },\n  \"totalPrefixCounter\":0,\n  \"filteredPrefixCounter\":0\n}\n", key)
		return b.String()
	}
	fmt.Fprintf(&b, "{\n  \"bgpTableVersion\":%d,\n  \"bgpLocalRouterId\":\"%s\",\n  \"defaultLocPrf\":100,\n  \"localAS\":%d,\n",
		len(r.bgpTable())+2, r.routerID(), r.cpe.ASN)
	b.WriteString(frrCodes)
	fmt.Fprintf(&b, "  \"%s\":{\n", key)
	filtered := 0
	for i, p := range paths {
		nh, weight, path := n.String(), 0, fmt.Sprint(t.Form.DIASN)
		if variant == "advertised-routes" {
			nh, weight, path = "0.0.0.0", 32768, ""
		} else if denied(t, p.prefix) {
			filtered++
		}
		fmt.Fprintf(&b, "    \"%s\":{\n      \"addrPrefix\":\"%s\",\n      \"prefixLen\":%d,\n      \"network\":\"%s\",\n",
			p.prefix, p.prefix.Addr(), p.prefix.Bits(), p.prefix)
		fmt.Fprintf(&b, "      \"nextHop\":\"%s\",\n      \"metric\":0,\n      \"weight\":%d,\n      \"path\":\"%s\",\n", nh, weight, path)
		b.WriteString("      \"bgpOriginCode\":\"i\",\n      \"appliedStatusSymbols\":{\n        \"*\":true,\n        \">\":true\n      }\n")
		if i < len(paths)-1 {
			b.WriteString("    },\n")
		} else {
			b.WriteString("    }\n")
		}
	}
	fmt.Fprintf(&b, "  },\n  \"totalPrefixCounter\":%d,\n  \"filteredPrefixCounter\":%d\n}\n", len(paths), filtered)
	return b.String()
}

func (r *renderer) frrAcceptedJSON(t *Tunnel) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n \"vrfId\": 0,\n \"vrfName\": \"default\",\n \"tableVersion\": %d,\n \"routerId\": \"%s\",\n \"defaultLocPrf\": 100,\n \"localAS\": %d,\n \"routes\": { ",
		len(r.bgpTable())+2, r.routerID(), r.cpe.ASN)
	best := map[netip.Prefix]*Tunnel{}
	for _, p := range r.frrBest() {
		best[p.prefix] = p.tunnel
	}
	for i, p := range r.accepted(t) {
		if i > 0 {
			b.WriteString("\n,")
		}
		sel := ""
		if best[p.prefix] == t {
			reason := "First path received"
			if r.multiPath(p.prefix) {
				reason = "Older Path"
			}
			sel = `"bestpath":true,"selectionReason":"` + reason + `",`
		}
		fmt.Fprintf(&b, `"%s": [{"valid":true,%s"pathFrom":"external","prefix":"%s","prefixLen":%d,"network":"%s","version":%d,"metric":0,"weight":0,"peerId":"%s","path":"%d","origin":"IGP","nexthops":[{"ip":"%s","hostname":"dc-%s","afi":"ipv4","used":true}]}]`,
			p.prefix, sel, p.prefix.Addr(), p.prefix.Bits(), p.prefix, i+2, t.Config.Neighbor, t.Form.DIASN, t.Config.Neighbor, strings.ToLower(t.DC))
	}
	b.WriteString("\n }  } \n")
	return b.String()
}

// frrBest are the best BGP paths of the accepted routes: the oldest of
// equal eBGP paths, as FRR's "Older Path" rule picks.
func (r *renderer) frrBest() []bgpPath {
	best := map[netip.Prefix]bgpPath{}
	var order []netip.Prefix
	for _, t := range r.cpe.Tunnels {
		for _, p := range r.accepted(t) {
			q, ok := best[p.prefix]
			if !ok {
				order = append(order, p.prefix)
			}
			if !ok || p.age > q.age {
				best[p.prefix] = p
			}
		}
	}
	out := make([]bgpPath, 0, len(order))
	for _, p := range order {
		out = append(out, best[p])
	}
	return out
}

func (r *renderer) multiPath(p netip.Prefix) bool {
	n := 0
	for _, t := range r.cpe.Tunnels {
		for _, q := range r.accepted(t) {
			if q.prefix == p {
				n++
			}
		}
	}
	return n > 1
}

// linuxRoute is one zebra route: its prefix, protocol, distance, next hop
// and interface.
type linuxRoute struct {
	prefix   netip.Prefix
	protocol string
	distance int
	nexthop  netip.Addr
	iface    string
	ifindex  int
	age      string
}

// linuxRIB is zebra's table: connected, static, then BGP best paths, the
// lowest distance winning per prefix.
func (r *renderer) linuxRIB() []linuxRoute {
	c := r.cpe
	var out []linuxRoute
	out = append(out, linuxRoute{prefix: c.Public.Masked(), protocol: "connected", iface: "eth0", ifindex: 2})
	out = append(out, linuxRoute{prefix: c.LAN.Masked(), protocol: "connected", iface: "eth1", ifindex: 3})
	for _, t := range c.Tunnels {
		if t.state().lineUp {
			idx := 7
			if t.Interface == "gre2" {
				idx = 8
			}
			out = append(out, linuxRoute{prefix: t.Config.TunnelIP.Masked(), protocol: "connected", iface: t.Interface, ifindex: idx})
		}
	}
	have := map[netip.Prefix]bool{}
	for _, s := range r.statics() {
		e := linuxRoute{prefix: s.p, protocol: "static", distance: 1}
		if a, err := netip.ParseAddr(s.via); err == nil {
			e.nexthop, e.iface, e.ifindex = a, "eth0", 2
		} else if s.via == "Null0" {
			e.iface = "blackhole"
		} else {
			e.iface = s.via
			e.ifindex = map[string]int{"gre1": 7, "gre2": 8}[s.via]
		}
		out = append(out, e)
		have[s.p] = true
	}
	for _, p := range r.frrBest() {
		if have[p.prefix] {
			continue
		}
		idx := map[string]int{"gre1": 7, "gre2": 8}[p.tunnel.Interface]
		out = append(out, linuxRoute{prefix: p.prefix, protocol: "bgp", distance: 20, nexthop: p.nexthop,
			iface: p.tunnel.Interface, ifindex: idx, age: frrAge(p.age)})
	}
	return out
}

// frrRouteJSON renders "show ip route A json": the longest match, or {}.
func (r *renderer) frrRouteJSON(a netip.Addr) string {
	var best *linuxRoute
	rib := r.linuxRIB()
	for i := range rib {
		e := &rib[i]
		if e.prefix.Contains(a) && (best == nil || e.prefix.Bits() > best.prefix.Bits() ||
			e.prefix.Bits() == best.prefix.Bits() && e.distance < best.distance) {
			best = e
		}
	}
	if best == nil {
		return "{\n}\n"
	}
	e := best
	up := e.age
	if up == "" {
		up = frrAge(r.cpe.Uptime + r.el)
	}
	var b strings.Builder
	w := func(f string, args ...any) { fmt.Fprintf(&b, f+"\n", args...) }
	w("{\n  \"%s\":[\n    {", e.prefix)
	w("      \"prefix\":\"%s\",\n      \"prefixLen\":%d,\n      \"protocol\":\"%s\",\n      \"vrfId\":0,\n      \"vrfName\":\"default\",", e.prefix, e.prefix.Bits(), e.protocol)
	w("      \"selected\":true,\n      \"destSelected\":true,\n      \"distance\":%d,\n      \"metric\":0,\n      \"installed\":true,\n      \"table\":254,", e.distance)
	w("      \"internalStatus\":16,\n      \"internalFlags\":8,\n      \"internalNextHopNum\":1,\n      \"internalNextHopActiveNum\":1,")
	w("      \"nexthopGroupId\":%d,\n      \"installedNexthopGroupId\":%d,\n      \"uptime\":\"%s\",\n      \"nexthops\":[\n        {", 10+e.ifindex, 10+e.ifindex, up)
	w("          \"flags\":3,\n          \"fib\":true,")
	switch {
	case e.protocol == "connected":
		w("          \"directlyConnected\":true,")
	case e.iface == "blackhole":
		w("          \"unreachable\":true,\n          \"blackhole\":true,")
	case e.nexthop.IsValid():
		w("          \"ip\":\"%s\",\n          \"afi\":\"ipv4\",", e.nexthop)
	}
	if e.iface != "blackhole" {
		w("          \"interfaceIndex\":%d,\n          \"interfaceName\":\"%s\",", e.ifindex, e.iface)
	}
	w("          \"active\":true,\n          \"weight\":1\n        }\n      ]\n    }\n  ]\n}")
	return b.String()
}
