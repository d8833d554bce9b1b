package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// junosInterfaces renders show interfaces NAME [extensive] for a tunnel's
// gr- unit, and show interfaces terse [NAME].
func (r *renderer) junosInterfaces(w []string) (string, error) {
	switch {
	case len(w) == 1 && w[0] == "terse":
		return r.junosTerse(""), nil
	case len(w) == 2 && w[1] == "terse":
		return r.junosTerse(w[0]), nil
	case len(w) == 1 || len(w) == 2 && (w[1] == "extensive" || w[1] == "detail"):
		for _, t := range r.cpe.Tunnels {
			if t.Interface == w[0] {
				return r.junosGRUnit(t), nil
			}
		}
		if strings.Contains(w[0], "-") || strings.HasPrefix(w[0], "st0") || strings.HasPrefix(w[0], "lo0") {
			return "error: device " + w[0] + " not found\n", nil
		}
	}
	return "", ErrInvalidInput
}

// junosGRUnit is the extensive form of a tunnel's gr- unit: the flags with
// the GRE IP header (destination:source:protocol:df:ttl:key), the OAM
// keepalive state, the counters with the transit rates, the inet address.
// A unit whose keepalives go unanswered, or that is disabled, is Down.
func (r *renderer) junosGRUnit(t *Tunnel) string {
	st := t.state()
	c := t.Config
	fl := r.flows(t)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	n := junosUnit(t)
	w("  Logical interface %s (Index %d) (SNMP ifIndex %d) (Generation %d)", t.Interface, 70+len(n)+int(t.Seed%5), 520+int(t.Seed%9), 137+int(t.Seed%11))
	flag := "Up"
	if !st.lineUp {
		flag = "Down"
	}
	key := fmt.Sprintf("%016x", c.TunnelKey)
	w("    Flags: %s Point-To-Point SNMP-Traps 0x4000 IP-Header %s:%s:47:df:64:%s Encapsulation: GRE-NULL", flag,
		c.GREDestination, junosGRESource(r.cpe, t), key)
	if c.Keepalive {
		adj := "up"
		if !st.greRoundTrip {
			adj = "down"
		}
		w("    Gre keepalives configured: On, Gre keepalives adjacency state: %s", adj)
	} else {
		w("    Gre keepalives configured: Off, Gre keepalives adjacency state: down")
	}
	w("    Traffic statistics:")
	w("     Input  bytes  :  %19d", fl.bytesIn)
	w("     Output bytes  :  %19d", fl.bytesOut)
	w("     Input  packets:  %19d", fl.pktsIn)
	w("     Output packets:  %19d", fl.pktsOut)
	local := fl.pktsIn / 40
	w("    Local statistics:")
	w("     Input  bytes  :  %19d", local*60)
	w("     Output bytes  :  %19d", local*64)
	w("     Input  packets:  %19d", local)
	w("     Output packets:  %19d", local)
	w("    Transit statistics:")
	w("     Input  bytes  :  %19d %20d bps", fl.bytesIn-local*60, fl.inBPS)
	w("     Output bytes  :  %19d %20d bps", fl.bytesOut-local*64, fl.outBPS)
	w("     Input  packets:  %19d %20d pps", fl.pktsIn-local, int64(fl.inPPS))
	w("     Output packets:  %19d %20d pps", fl.pktsOut-local, int64(fl.outPPS))
	w("    Security: Zone: vpn")
	w("    Allowed host-inbound traffic : bgp ping")
	mtu := t.ipMTU()
	w("    Protocol inet, MTU: %d", mtu)
	w("    Max nh cache: 75000, New hold nh limit: 75000, Curr nh cnt: 1, Curr new hold cnt: 0, NH drop cnt: 0")
	w("    Generation: %d, Route table: 0", 150+int(t.Seed%7))
	if c.InboundACL {
		w("      Flags: Sendbcast-pkt-to-re")
		w("      Input Filters: VC-TUNNEL-IN")
	} else {
		w("      Flags: Sendbcast-pkt-to-re")
	}
	w("      Addresses, Flags: Is-Preferred Is-Primary")
	p := c.TunnelIP
	w("        Destination: %s, Local: %s, Broadcast: %s, Generation: %d", p.Masked(), p.Addr(), broadcastAddr(p), 152+int(t.Seed%7))
	return b.String()
}

// junosTerse renders show interfaces terse [NAME]: the physical
// interfaces and the units vcdiag's site has.
func (r *renderer) junosTerse(only string) string {
	c := r.cpe
	type row struct{ name, admin, link, proto, local, remote string }
	rows := []row{
		{name: "ge-0/0/0", admin: "up", link: "up"},
		{name: junosPublicIf, admin: "up", link: "up", proto: "inet", local: c.Public.String()},
		{name: "ge-0/0/1", admin: "up", link: "up"},
		{name: junosLANIf, admin: "up", link: "up", proto: "inet", local: c.LAN.String()},
		{name: "gr-0/0/0", admin: "up", link: "up"},
	}
	for _, t := range c.Tunnels {
		admin, link := "up", "up"
		if t.Config.LinkDown {
			admin = "down"
		}
		if !t.state().lineUp {
			link = "down"
		}
		rows = append(rows, row{name: t.Interface, admin: admin, link: link, proto: "inet", local: t.Config.TunnelIP.String()})
	}
	if c.Loopback1.IsValid() {
		rows = append(rows, row{name: "lo0", admin: "up", link: "up"},
			row{name: junosLoopIf, admin: "up", link: "up", proto: "inet", local: c.Loopback1.Addr().String(), remote: "0/0"})
	}
	rows = append(rows, row{name: "st0", admin: "up", link: "up"})
	for _, t := range c.Tunnels {
		link := "up"
		if !t.state().ipsecSA {
			link = "down"
		}
		rows = append(rows, row{name: junosST(t), admin: "up", link: link, proto: "inet"})
	}
	var b strings.Builder
	b.WriteString("Interface               Admin Link Proto    Local                 Remote\n")
	found := false
	for _, x := range rows {
		if only != "" && x.name != only && !strings.HasPrefix(x.name, only+".") {
			continue
		}
		found = true
		line := fmt.Sprintf("%-23s %-5s %-4s %-8s %-21s", x.name, x.admin, x.link, x.proto, x.local)
		if x.remote != "" {
			line += " --> " + x.remote
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if !found {
		return "error: device " + only + " not found\n"
	}
	return b.String()
}

// broadcastAddr is the last address of p's subnet.
func broadcastAddr(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	v |= ^uint32(0) >> p.Bits()
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
