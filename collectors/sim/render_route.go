package sim

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
)

// ribEntry is one route in the CPE's routing table.
type ribEntry struct {
	prefix  netip.Prefix
	code    string // "C", "L", "S", "B"
	dist    int
	nexthop netip.Addr // zero for connected or interface statics
	iface   string
	tag     uint32
	age     time.Duration
}

// rib builds the routing table: connected and local routes of the up
// interfaces, statics, and BGP best paths not beaten by a static.
func (r *renderer) rib() []ribEntry {
	c := r.cpe
	var out []ribEntry
	conn := func(p netip.Prefix, ifname string) {
		out = append(out, ribEntry{prefix: p.Masked(), code: "C", iface: ifname})
		if p.Bits() < 32 {
			out = append(out, ribEntry{prefix: netip.PrefixFrom(p.Addr(), 32), code: "L", iface: ifname})
		}
	}
	conn(c.Public, "GigabitEthernet1")
	conn(c.LAN, "GigabitEthernet2")
	if c.Loopback1.IsValid() {
		conn(c.Loopback1, "Loopback1")
	}
	for _, t := range c.Tunnels {
		if t.state().lineUp {
			conn(t.Config.TunnelIP, t.Interface)
		}
	}
	have := map[netip.Prefix]bool{}
	for _, s := range r.statics() {
		e := ribEntry{prefix: s.p, code: "S", dist: 1}
		if a, err := netip.ParseAddr(s.via); err == nil {
			e.nexthop = a
		} else {
			e.iface = s.via
		}
		out = append(out, e)
		have[s.p] = true
	}
	for _, p := range r.bgpTable() {
		if !p.best || p.local() || have[p.prefix] {
			continue
		}
		out = append(out, ribEntry{prefix: p.prefix, code: "B", dist: 20, nexthop: p.nexthop, tag: p.tunnel.Form.DIASN, age: p.age})
	}
	sort.SliceStable(out, func(i, j int) bool { return prefixLess(out[i].prefix, out[j].prefix) })
	return out
}

const routeCodes = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area 
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2, m - OMP
       n - NAT, Ni - NAT inside, No - NAT outside, Nd - NAT DIA
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       H - NHRP, G - NHRP registered, g - NHRP registration summary
       o - ODR, P - periodic downloaded static route, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
       & - replicated local route overrides by connected

`

// routeTable renders "show ip route" or "show ip route bgp".
func (r *renderer) routeTable(bgpOnly bool) string {
	var b strings.Builder
	b.WriteString(routeCodes)
	fmt.Fprintf(&b, "Gateway of last resort is %s to network 0.0.0.0\n\n", r.cpe.Gateway)
	all := r.rib()
	// Group by classful major network, as IOS does.
	groups := map[netip.Prefix][]ribEntry{}
	var order []netip.Prefix
	for _, e := range all {
		major := netip.PrefixFrom(e.prefix.Addr(), classfulBits(e.prefix.Addr())).Masked()
		if e.prefix.Bits() == 0 {
			major = e.prefix
		}
		if _, ok := groups[major]; !ok {
			order = append(order, major)
		}
		groups[major] = append(groups[major], e)
	}
	for _, major := range order {
		es := groups[major]
		var shown []ribEntry
		for _, e := range es {
			if !bgpOnly || e.code == "B" {
				shown = append(shown, e)
			}
		}
		if len(shown) == 0 {
			continue
		}
		single := len(es) == 1 && es[0].prefix.Bits() == major.Bits()
		if !single {
			masks := map[int]bool{}
			for _, e := range es {
				masks[e.prefix.Bits()] = true
			}
			if len(masks) > 1 {
				fmt.Fprintf(&b, "      %s is variably subnetted, %d subnets, %d masks\n", major, len(es), len(masks))
			} else {
				fmt.Fprintf(&b, "      %s/%d is subnetted, %d subnets\n", major.Addr(), es[0].prefix.Bits(), len(es))
			}
		}
		for _, e := range shown {
			r.routeLine(&b, e, single)
		}
	}
	return b.String()
}

func (r *renderer) routeLine(b *strings.Builder, e ribEntry, top bool) {
	code := e.code
	if e.prefix.Bits() == 0 {
		code += "*"
	}
	lead := fmt.Sprintf("%-9s", code)
	if top {
		lead = fmt.Sprintf("%-6s", code)
	}
	switch {
	case e.code == "C" || e.code == "L":
		fmt.Fprintf(b, "%s%s is directly connected, %s\n", lead, e.prefix, e.iface)
	case e.code == "S" && e.iface != "":
		fmt.Fprintf(b, "%s%s is directly connected, %s\n", lead, e.prefix, e.iface)
	case e.code == "S":
		fmt.Fprintf(b, "%s%s [1/0] via %s\n", lead, e.prefix, e.nexthop)
	default:
		fmt.Fprintf(b, "%s%s [20/0] via %s, %s\n", lead, e.prefix, e.nexthop, age(e.age))
	}
}

// routeLookup renders "show ip route ADDR": the longest match other than
// the default route, as IOS does.
func (r *renderer) routeLookup(a netip.Addr) string {
	var best *ribEntry
	rib := r.rib()
	for i := range rib {
		e := &rib[i]
		if e.prefix.Bits() > 0 && e.prefix.Contains(a) && (best == nil || e.prefix.Bits() > best.prefix.Bits()) {
			best = e
		}
	}
	if best == nil {
		return r.notInTable(a, rib)
	}
	return r.routeEntry(*best)
}

// routeExact renders "show ip route ADDR MASK".
func (r *renderer) routeExact(p netip.Prefix) string {
	rib := r.rib()
	for _, e := range rib {
		if e.prefix == p && e.code != "L" {
			return r.routeEntry(e)
		}
	}
	return r.notInTable(p.Addr(), rib)
}

func (r *renderer) notInTable(a netip.Addr, rib []ribEntry) string {
	major := netip.PrefixFrom(a, classfulBits(a)).Masked()
	for _, e := range rib {
		if e.prefix.Bits() > 0 && major.Contains(e.prefix.Addr()) {
			return "% Subnet not in table\n"
		}
	}
	return "% Network not in table\n"
}

func (r *renderer) routeEntry(e ribEntry) string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("Routing entry for %s", e.prefix)
	switch e.code {
	case "B":
		w("  Known via \"bgp %d\", distance 20, metric 0", r.cpe.ASN)
		w("  Tag %d, type external", e.tag)
		w("  Last update from %s %s ago", e.nexthop, age(e.age))
		w("  Routing Descriptor Blocks:")
		w("  * %s, from %s, %s ago", e.nexthop, e.nexthop, age(e.age))
		w("      opaque_ptr 0x7F3C5A2B%04X", 0x1000+e.tag%4096)
		w("      Route metric is 0, traffic share count is 1")
		w("      AS Hops 1")
		w("      Route tag %d", e.tag)
		w("      MPLS label: none")
	case "S":
		if e.iface != "" {
			w("  Known via \"static\", distance 1, metric 0 (connected)")
			w("  Routing Descriptor Blocks:")
			w("  * directly connected, via %s", e.iface)
		} else {
			w("  Known via \"static\", distance 1, metric 0")
			w("  Routing Descriptor Blocks:")
			w("  * %s", e.nexthop)
		}
		w("      Route metric is 0, traffic share count is 1")
	default:
		w("  Known via \"connected\", distance 0, metric 0 (connected, via interface)")
		w("  Routing Descriptor Blocks:")
		w("  * directly connected, via %s", e.iface)
		w("      Route metric is 0, traffic share count is 1")
	}
	return b.String()
}
