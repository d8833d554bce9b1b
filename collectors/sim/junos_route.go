package sim

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
)

// junosRoute is one route of the SRX's inet.0: connected (Direct) and
// Local routes of the up units, statics and BGP paths, each with its
// preference; active marks the one in use for its prefix.
type junosRouteEntry struct {
	prefix  netip.Prefix
	proto   string // "Direct", "Local", "Static", "BGP"
	pref    int
	nexthop netip.Addr
	iface   string
	discard bool
	age     time.Duration
	asPath  string // BGP: "64602 I"
	active  bool
}

// junosRIB builds inet.0. A static route beats a BGP path of the same
// prefix (preference 5 against 170): the BGP path stays, inactive.
func (r *renderer) junosRIB() []junosRouteEntry {
	c := r.cpe
	up := c.Uptime + r.el
	var out []junosRouteEntry
	conn := func(p netip.Prefix, ifname string) {
		out = append(out, junosRouteEntry{prefix: p.Masked(), proto: "Direct", iface: ifname, age: up},
			junosRouteEntry{prefix: netip.PrefixFrom(p.Addr(), 32), proto: "Local", iface: ifname, age: up})
	}
	conn(c.Public, junosPublicIf)
	conn(c.LAN, junosLANIf)
	if c.Loopback1.IsValid() {
		out = append(out, junosRouteEntry{prefix: netip.PrefixFrom(c.Loopback1.Addr(), 32), proto: "Direct", iface: junosLoopIf, age: up})
	}
	for _, t := range c.Tunnels {
		if t.state().lineUp {
			conn(t.Config.TunnelIP, t.Interface)
		}
	}
	out = append(out, junosRouteEntry{prefix: netip.MustParsePrefix("0.0.0.0/0"), proto: "Static", pref: 5, nexthop: c.Gateway, iface: junosPublicIf, age: up})
	for _, t := range c.Tunnels {
		if t.state().ipsecSA {
			out = append(out, junosRouteEntry{prefix: netip.PrefixFrom(t.Form.GREDestination, 32), proto: "Static", pref: 5, iface: junosST(t), age: t.IKEAge + r.el})
		}
	}
	for _, p := range c.ExtraNetworks {
		out = append(out, junosRouteEntry{prefix: p, proto: "Static", pref: 5, discard: true, age: up})
	}
	for _, s := range c.Statics {
		out = append(out, junosRouteEntry{prefix: s.Prefix, proto: "Static", pref: 5, iface: s.Interface, age: up})
	}
	for _, p := range r.bgpTable() {
		if p.local() {
			continue
		}
		out = append(out, junosRouteEntry{prefix: p.prefix, proto: "BGP", pref: 170, nexthop: p.nexthop, iface: p.tunnel.Interface,
			age: p.age, asPath: fmt.Sprintf("%d I", p.tunnel.Form.DIASN)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].prefix != out[j].prefix {
			return prefixLess(out[i].prefix, out[j].prefix)
		}
		if out[i].pref != out[j].pref {
			return out[i].pref < out[j].pref
		}
		return out[i].age > out[j].age // the oldest eBGP path wins
	})
	for i := range out {
		out[i].active = i == 0 || out[i-1].prefix != out[i].prefix
	}
	return out
}

// junosRouteLookup renders show route X: the longest match for an
// address, or the exact prefix, with every path to it.
func (r *renderer) junosRouteLookup(q netip.Prefix, exact bool) string {
	rib := r.junosRIB()
	best := netip.Prefix{}
	for _, e := range rib {
		switch {
		case exact && e.prefix == q.Masked():
			best = e.prefix
		case !exact && e.prefix.Contains(q.Addr()) && (!best.IsValid() || e.prefix.Bits() > best.Bits()):
			best = e.prefix
		}
	}
	if !best.IsValid() {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.junosTableHead())
	b.WriteString("+ = Active Route, - = Last Active, * = Both\n\n")
	first := true
	for _, e := range rib {
		if e.prefix != best {
			continue
		}
		head := ""
		if first {
			head = e.prefix.String()
		}
		mark := " "
		if e.active {
			mark = "*"
		}
		line := fmt.Sprintf("%-18s %s[%s/%d] %s", head, mark, e.proto, e.pref, junosRouteAge(e.age))
		if e.proto == "BGP" {
			line += ", localpref 100"
		}
		b.WriteString(line + "\n")
		if e.proto == "BGP" {
			fmt.Fprintf(&b, "                      AS path: %s, validation-state: unverified\n", e.asPath)
		}
		switch {
		case e.discard:
			b.WriteString("                       Discard\n")
		case e.proto == "Local":
			b.WriteString("                       Local via " + e.iface + "\n")
		case e.nexthop.IsValid():
			fmt.Fprintf(&b, "                    >  to %s via %s\n", e.nexthop, e.iface)
		default:
			fmt.Fprintf(&b, "                    >  via %s\n", e.iface)
		}
		first = false
	}
	return b.String()
}
