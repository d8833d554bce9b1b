package sim

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
)

// panosPeerName is the BGP peer's name in the virtual router.
func panosPeerName(t *Tunnel) string { return "DC-" + t.DC }

// panosBGPPeers renders show routing protocol bgp peer (legacy routing
// engine): a "Peer:" block per configured peer, "key: value" lines with
// the value at column 35, and, once Established, the IPv4 unicast prefix
// counters. The password itself is never printed, only "password set".
func (r *renderer) panosBGPPeers() string {
	var b strings.Builder
	kv := func(indent, k string, v any) { fmt.Fprintf(&b, "%s%-*s%v\n", indent, 35-len(indent), k+":", v) }
	for i, t := range r.cpe.Tunnels {
		st := t.state()
		c := t.Config
		b.WriteString("\n")
		kv("  ", "Peer", fmt.Sprintf("%s (id %d)", panosPeerName(t), 2*i+3))
		b.WriteString("  ==========\n")
		kv("  ", "virtual router", r.panosVROf(t).name)
		kv("  ", "peer group", "VC (id 2)")
		kv("  ", "peering type", "eBGP")
		kv("  ", "remote AS", c.RemoteAS)
		kv("  ", "status", st.bgpState)
		if st.bgpUp {
			kv("  ", "status duration", fmt.Sprintf("%d secs", int((t.BGPAge+r.el).Seconds())))
		}
		pw := "no"
		if c.BGPPassword != "" {
			pw = "yes"
		}
		kv("  ", "password set", pw)
		kv("  ", "passive", "no")
		kv("  ", "multi hop ttl", 1)
		kv("  ", "last error", panosBGPLastError(t, st))
		if st.bgpUp {
			kv("  ", "peer address", fmt.Sprintf("%s:179", c.Neighbor))
			kv("  ", "local address", fmt.Sprintf("%s:%d", c.TunnelIP.Addr(), 49152+hash(t.Seed, 0, 7)%16000))
		} else {
			kv("  ", "peer address", c.Neighbor)
			kv("  ", "local address", c.TunnelIP.Addr())
		}
		if !st.bgpUp {
			continue
		}
		rcv, adv := len(r.received(t)), len(r.advertised(t))
		kv("  ", "Prefix Counter for", "bgpAfiIpv4/unicast")
		kv("    ", "Incoming total", rcv)
		kv("    ", "Incoming accepted", rcv)
		kv("    ", "Incoming rejected", 0)
		kv("    ", "Policy rejected", 0)
		kv("    ", "Outgoing total", adv)
		kv("    ", "Outgoing advertised", adv)
	}
	return b.String()
}

// panosBGPLastError is the last error of a session that is not up: the
// DC's NOTIFICATION when it refuses the CPE's AS, else none.
func panosBGPLastError(t *Tunnel, st state) string {
	if st.bgpUp {
		return ""
	}
	if st.greRoundTrip && t.Config.TunnelIP == t.Form.CPETunnelIP && t.Config.RemoteAS != t.Form.DIASN {
		return "Bad Peer AS"
	}
	return ""
}

// panosRoute is one row of show routing route.
type panosRoute struct {
	prefix  netip.Prefix
	nexthop string // an address, "discard" or "0.0.0.0"
	metric  string // "" for BGP
	flags   string
	age     time.Duration // BGP only
	iface   string
	nextAS  string
}

// panosRIB is a virtual router's table: connected and host routes, the
// statics (metric 10), and every BGP path, active ("A?B") when it is the
// best one and no static covers the same prefix, else "?B".
func (r *renderer) panosRIB(v *panosVR) []panosRoute {
	c := r.cpe
	var out []panosRoute
	conn := func(p netip.Prefix, ifname string) {
		out = append(out, panosRoute{prefix: p.Masked(), nexthop: p.Addr().String(), metric: "0", flags: "A C", iface: ifname})
		out = append(out, panosRoute{prefix: netip.PrefixFrom(p.Addr(), 32), nexthop: "0.0.0.0", metric: "0", flags: "A H"})
	}
	if v.id == 1 {
		conn(c.Public, panosPublicIf)
		conn(c.LAN, panosLANIf)
		if c.Loopback1.IsValid() {
			out = append(out, panosRoute{prefix: c.Loopback1, nexthop: "0.0.0.0", metric: "0", flags: "A H"})
		}
	}
	for _, t := range v.tunnels {
		// A GRE tunnel interface that is down (keepalives unanswered,
		// disabled) takes its connected route with it.
		if t.state().lineUp {
			conn(t.Config.TunnelIP, t.Interface)
		}
	}
	statics := map[netip.Prefix]bool{}
	for _, s := range r.panosStaticsOf(v) {
		e := panosRoute{prefix: s.p, metric: "10", flags: "A S"}
		switch a, err := netip.ParseAddr(s.via); {
		case err == nil:
			e.nexthop, e.iface = a.String(), panosPublicIf
		case s.via == "Null0":
			e.nexthop = "discard"
		default:
			e.nexthop, e.iface = "0.0.0.0", s.via
		}
		out = append(out, e)
		statics[s.p] = true
	}
	for _, p := range r.panosBGPPaths(v) {
		// PAN-OS leaves the metric of an active BGP route blank and
		// prints 0 for an inactive one.
		flags, metric := "?B", "0"
		if p.best && !statics[p.prefix] {
			flags, metric = "A?B", ""
		}
		out = append(out, panosRoute{prefix: p.prefix, nexthop: p.nexthop.String(), metric: metric, flags: flags, age: p.age,
			nextAS: fmt.Sprint(p.tunnel.Form.DIASN)})
	}
	sort.SliceStable(out, func(i, j int) bool { return prefixLess(out[i].prefix, out[j].prefix) })
	return out
}

const panosRouteFlags = `flags: A:active, ?:loose, C:connect, H:host, S:static, ~:internal, R:rip, O:ospf, B:bgp,
       Oi:ospf intra-area, Oo:ospf inter-area, O1:ospf ext-type-1, O2:ospf ext-type-2, E:ecmp, M:multicast
`

// panosRoutes renders show routing route: the legend, then each virtual
// router's table in its fixed columns.
func (r *renderer) panosRoutes() string {
	var b strings.Builder
	b.WriteString(panosRouteFlags)
	n := 0
	for _, v := range r.panosVRs() {
		fmt.Fprintf(&b, "\nVIRTUAL ROUTER: %s (id %d)\n  ==========\n", v.name, v.id)
		row := func(dst, nh, metric, flags, age, iface, nextAS string) {
			fmt.Fprintf(&b, "%s\n", strings.TrimRight(fmt.Sprintf("%-44s%-40s%-7s%-11s%-6s%-19s%s", dst, nh, metric, flags, age, iface, nextAS), " "))
		}
		row("destination", "nexthop", "metric", "flags", "age", "interface", "next-AS")
		for _, e := range r.panosRIB(v) {
			n++
			age := ""
			if e.age > 0 {
				age = fmt.Sprint(int(e.age.Seconds()))
			}
			if len(age) > 5 {
				// A long age runs into the interface column, as
				// PAN-OS prints it.
				fmt.Fprintf(&b, "%s\n", strings.TrimRight(fmt.Sprintf("%-44s%-40s%-7s%-11s%-25s%s", e.prefix, e.nexthop, e.metric, e.flags, age, e.nextAS), " "))
				continue
			}
			row(e.prefix.String(), e.nexthop, e.metric, e.flags, age, e.iface, e.nextAS)
		}
	}
	fmt.Fprintf(&b, "total routes shown: %d\n\n", n)
	return b.String()
}

// panosSystemInfo renders show system info (the lines vcdiag or an
// engineer would look at).
func (r *renderer) panosSystemInfo() string {
	c := r.cpe
	up := c.Uptime + r.el
	s := int64(up / time.Second)
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	b.WriteString("\n")
	kv("hostname", c.Hostname)
	kv("ip-address", c.Mgmt.String())
	kv("netmask", "255.255.255.0")
	kv("mac-address", "00:50:56:8c:"+fmt.Sprintf("%02x:%02x", c.Serial[0], c.Serial[1]))
	kv("time", r.at.UTC().Format("Mon Jan  2 15:04:05 2006"))
	kv("uptime", fmt.Sprintf("%d days, %d:%02d:%02d", s/86400, s/3600%24, s/60%60, s%60))
	kv("family", "vm")
	kv("model", "PA-VM")
	kv("serial", "0079"+c.Serial[:8])
	kv("vm-license", "VM-300")
	kv("sw-version", panosRelease)
	kv("operational-mode", "normal")
	kv("advanced-routing", "off")
	return b.String()
}

// panosLocRIB renders show routing protocol bgp loc-rib: per virtual
// router, the paths each established peer sent, kept after the import
// rules, the best one's prefix marked "*".
func (r *renderer) panosLocRIB() string {
	var b strings.Builder
	n := 0
	for _, v := range r.panosVRs() {
		fmt.Fprintf(&b, "\nVIRTUAL ROUTER: %s (id %d)\n  ==========\n", v.name, v.id)
		row := func(cells ...any) {
			fmt.Fprintf(&b, "%s\n", strings.TrimRight(fmt.Sprintf("  %-44v%-44v%-32v%-9v%-9v%-7v%-7v%-7v%v", cells...), " "))
		}
		row("Prefix", "Nexthop", "Peer", "Weight", "LocPrf", "Org", "MED", "flap", "AS-Path")
		for _, p := range r.panosBGPPaths(v) {
			mark := " "
			if p.best {
				mark = "*"
			}
			row(mark+p.prefix.String(), p.nexthop, panosPeerName(p.tunnel), 0, 100, "igp", 0, 0, p.tunnel.Form.DIASN)
			n++
		}
	}
	fmt.Fprintf(&b, "\n  total routes shown: %d\n\n", n)
	return b.String()
}

// panosRIBOut renders show routing protocol bgp rib-out: per virtual
// router, what the CPE sends each established peer.
func (r *renderer) panosRIBOut() string {
	var b strings.Builder
	n := 0
	for _, v := range r.panosVRs() {
		fmt.Fprintf(&b, "\nVIRTUAL ROUTER: %s (id %d)\n  ==========\n", v.name, v.id)
		row := func(cells ...any) {
			fmt.Fprintf(&b, "%s\n", strings.TrimRight(fmt.Sprintf("  %-44v%-44v%-32v%-32v%-13v%-17v%v", cells...), " "))
		}
		row("Prefix", "Nexthop", "Peer", "Originator", "Adv. Status", "Aggr. Status", "AS-Path")
		for _, t := range v.tunnels {
			for _, p := range r.advertised(t) {
				row(" "+p.prefix.String(), t.Config.TunnelIP.Addr(), panosPeerName(t), "Local", "advertised", "no aggregate", "")
				n++
			}
		}
	}
	fmt.Fprintf(&b, "\n  total routes shown: %d\n\n", n)
	return b.String()
}

// panosBGPSummary renders show routing protocol bgp summary: per virtual
// router running BGP, its settings (the local AS among them) and every
// configured peer with its state and prefix counts.
func (r *renderer) panosBGPSummary() string {
	var b strings.Builder
	kv := func(k string, v any) { fmt.Fprintf(&b, "  %-31s%v\n", k+":", v) }
	for _, v := range r.panosVRs() {
		if len(v.tunnels) == 0 {
			continue
		}
		b.WriteString("  ==========\n")
		kv("router id", r.cpe.Public.Addr())
		kv("virtual router", v.name)
		// The CPE advertises 0.0.0.0/0: default routes must not be
		// rejected.
		kv("reject default route", "no")
		kv("redist default route", "allow")
		kv("Install BGP routes", "yes")
		kv("Graceful Restart", "supported")
		kv("AS size", 2)
		kv("Local AS", v.as)
		kv("Local member AS", 0)
		kv("Cluster id", "0.0.0.0")
		kv("Default local preference", 100)
		kv("Always compare MED", "no")
		kv("Aggregate regardless MED", "yes")
		kv("Deterministic MED processing", "yes")
		kv("Accept ORF", "no")
		kv("Accept CISCO style prefix", "yes")
		kv("mp-bgp-enable", "yes")
		kv("afi-safi-ipv4-unicast", "yes")
		out := 0
		for _, t := range v.tunnels {
			out += len(r.advertised(t))
		}
		kv("rib-out entries", fmt.Sprintf("current %d, peak %d ", out, out))
		for _, t := range v.tunnels {
			st := t.state()
			fmt.Fprintf(&b, "    peer %s: AS %d, %s, IP %s\n", panosPeerName(t), t.Config.RemoteAS, st.bgpState, t.Config.Neighbor)
			acc, adv := 0, 0
			if st.bgpUp {
				acc, adv = len(r.received(t)), len(r.advertised(t))
			}
			fmt.Fprintf(&b, "      %-27sAccepted pfx: %d, Advertised pfx: %d\n", "bgpAfiIpv4/unicast pfx:", acc, adv)
		}
	}
	return b.String()
}
