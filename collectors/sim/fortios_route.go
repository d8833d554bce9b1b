package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// fortiosIface renders an interface of the IOS-built site by its FortiOS
// name.
func fortiosIface(name string) string {
	switch name {
	case "GigabitEthernet1":
		return fortiosWAN
	case "GigabitEthernet2":
		return fortiosLAN
	case "Loopback1":
		return fortiosLoopback
	case "Null0":
		return "Null"
	}
	return name
}

// fortiosRIB is the FortiGate's routing table: the IOS model's (connected,
// statics, BGP best paths not beaten by a static), with FortiOS's names
// and distances (static 10, eBGP 20), the tunnel's link subnet connected
// through remote-ip, and per tunnel the /32 static route that sends GRE
// to the DI GRE address into its IPsec interface.
func (r *renderer) fortiosRIB() []ribEntry {
	var out []ribEntry
	for _, e := range r.rib() {
		if e.code == "L" {
			continue // FortiOS has no local /32 entries
		}
		e.iface = fortiosIface(e.iface)
		if e.code == "S" {
			e.dist = 10
			if e.nexthop.IsValid() && e.iface == "" {
				e.iface = fortiosWAN
			}
		}
		out = append(out, e)
	}
	for _, t := range r.cpe.Tunnels {
		gre := netip.PrefixFrom(t.Form.GREDestination, 32)
		out = append(out, ribEntry{prefix: gre, code: "S", dist: 10, nexthop: t.Form.IPsecPeer, iface: fortiosPhase1(t) + " tunnel"})
	}
	return out
}

// fortiosRouteDetails renders get router info routing-table details X:
// the selected entry of the longest prefix holding X.
func (r *renderer) fortiosRouteDetails(a netip.Addr) string {
	var best *ribEntry
	rib := r.fortiosRIB()
	for i, e := range rib {
		if e.prefix.Contains(a) && (best == nil || e.prefix.Bits() > best.prefix.Bits() ||
			e.prefix.Bits() == best.prefix.Bits() && e.dist < best.dist) {
			best = &rib[i]
		}
	}
	if best == nil {
		return "\nRouting table for VRF=0\n% Network not in table\n"
	}
	var b strings.Builder
	b.WriteString("\nRouting table for VRF=0\n")
	fmt.Fprintf(&b, "Routing entry for %s\n", best.prefix)
	proto := map[string]string{"C": "connected", "S": "static", "B": "bgp"}[best.code]
	fmt.Fprintf(&b, "  Known via %q, distance %d, metric 0, best\n", proto, best.dist)
	if best.code == "B" {
		fmt.Fprintf(&b, "  Last update %s ago\n", fortiosUptime(best.age))
	}
	switch {
	case best.code == "C" || !best.nexthop.IsValid():
		fmt.Fprintf(&b, "  * directly connected, %s\n", best.iface)
	case strings.HasSuffix(best.iface, " tunnel"):
		fmt.Fprintf(&b, "  * vrf 0 %s %s\n", best.iface, best.nexthop)
	case best.code == "B":
		fmt.Fprintf(&b, "  * %s, via %s\n", best.nexthop, r.fortiosEgress(best.nexthop))
	default:
		fmt.Fprintf(&b, "  * %s, via %s\n", best.nexthop, best.iface)
	}
	b.WriteString("\n")
	return b.String()
}

// fortiosEgress is the interface a next hop is connected on.
func (r *renderer) fortiosEgress(nh netip.Addr) string {
	for _, e := range r.rib() {
		if e.code == "C" && e.prefix.Contains(nh) {
			return fortiosIface(e.iface)
		}
	}
	return fortiosWAN
}

const fortiosRouteCodes = `Codes: K - kernel, C - connected, S - static, R - RIP, B - BGP
       O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, L1 - IS-IS level-1, L2 - IS-IS level-2, ia - IS-IS inter area
       * - candidate default

Routing table for VRF=0
`

// fortiosRouteTable renders get router info routing-table all.
func (r *renderer) fortiosRouteTable() string {
	var b strings.Builder
	b.WriteString(fortiosRouteCodes)
	for _, e := range r.fortiosRIB() {
		code := e.code
		if e.prefix.Bits() == 0 {
			code += "*"
		}
		switch {
		case e.code == "C":
			fmt.Fprintf(&b, "%-7s %s is directly connected, %s\n", code, e.prefix, e.iface)
		case strings.HasSuffix(e.iface, " tunnel"):
			fmt.Fprintf(&b, "%-7s %s [%d/0] via %s %s, [1/0]\n", code, e.prefix, e.dist, e.iface, e.nexthop)
		case e.code == "B":
			fmt.Fprintf(&b, "%-7s %s [%d/0] via %s, %s, %s\n", code, e.prefix, e.dist, e.nexthop, r.fortiosEgress(e.nexthop), fortiosUptime(e.age))
		case !e.nexthop.IsValid():
			fmt.Fprintf(&b, "%-7s %s [%d/0] is directly connected, %s\n", code, e.prefix, e.dist, e.iface)
		default:
			fmt.Fprintf(&b, "%-7s %s [%d/0] via %s, %s, [1/0]\n", code, e.prefix, e.dist, e.nexthop, e.iface)
		}
	}
	return b.String()
}

// fortiosPing renders execute ping X under the session's ping-options.
// The echoes' fate is the tunnel's (see path_mtu.go): a reply, nothing
// (a timeout prints no line), or, for a DF packet larger than the GRE
// interface can send, "sendto failed" from the FortiGate itself.
func (r *renderer) fortiosPing(args []string, o pingOptions) string {
	if len(args) != 1 {
		if len(args) == 0 {
			return fortiosUnknownAction
		}
		return fmt.Sprintf(fortiosParseError, args[1])
	}
	dst, err := netip.ParseAddr(args[0])
	if err != nil || !dst.Is4() {
		return fmt.Sprintf(fortiosParseError, args[0])
	}
	size := o.dataSize + 28
	res := r.fortiosEcho(dst, o.source, size, o.df)
	var b strings.Builder
	fmt.Fprintf(&b, "PING %s (%s): %d data bytes\n", dst, dst, o.dataSize)
	var rtts []float64
	seed := uint32(7)
	if t := r.fortiosTunnelTo(dst); t != nil {
		seed = t.Seed
	}
	base := 17.0 + float64(seed%5)
	for i := 0; i < o.repeat; i++ {
		switch res {
		case echoReply:
			ms := base + float64(hash(seed, int(r.el.Seconds())+i, 9)%900)/1000
			rtts = append(rtts, ms)
			fmt.Fprintf(&b, "%d bytes from %s: icmp_seq=%d ttl=255 time=%.1f ms\n", o.dataSize+8, dst, i, ms)
		case echoFragNeeded:
			b.WriteString("sendto failed\n")
		}
	}
	fmt.Fprintf(&b, "\n--- %s ping statistics ---\n", dst)
	n := len(rtts)
	fmt.Fprintf(&b, "%d packets transmitted, %d packets received, %d%% packet loss\n", o.repeat, n, (o.repeat-n)*100/o.repeat)
	if n > 0 {
		lo, hi, sum := rtts[0], rtts[0], 0.0
		for _, v := range rtts {
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
		fmt.Fprintf(&b, "round-trip min/avg/max = %.1f/%.1f/%.1f ms\n", lo, sum/float64(n), hi)
	}
	return b.String()
}

// fortiosTunnelTo is the tunnel whose link subnet holds dst (nil when
// none).
func (r *renderer) fortiosTunnelTo(dst netip.Addr) *Tunnel {
	for _, t := range r.cpe.Tunnels {
		if t.Config.TunnelIP.Contains(dst) {
			return t
		}
	}
	return nil
}

// fortiosEcho is the fate of every echo of ipSize bytes to dst. Only the
// DI tunnel IP through a working tunnel answers, from the tunnel's own
// address (the egress address when no source is set).
func (r *renderer) fortiosEcho(dst, src netip.Addr, ipSize int, df bool) echoResult {
	t := r.fortiosTunnelTo(dst)
	if t == nil || dst != t.Form.DITunnelIP || !t.state().pingOK ||
		src.IsValid() && src != t.Config.TunnelIP.Addr() {
		return echoTimeout
	}
	local := min(t.ipMTU(), espPlaintext(transportMTU, isGCM(t.Config.Crypto))-t.greOverhead())
	if df && ipSize > local {
		return echoFragNeeded
	}
	if t.dfEcho(ipSize, df) == echoReply {
		return echoReply
	}
	// The path's "fragmentation needed" (or its absence) never shows in
	// FortiOS's ping: the echo is simply lost.
	return echoTimeout
}
