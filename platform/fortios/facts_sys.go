package fortios

import (
	"math/bits"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// interfaces reads `get system interface`. Its status is the administrative
// one ("set status up"); a GRE interface has no line protocol of its own
// (without keepalives it stays up whatever the far end does), and the
// listing prints no tunnel endpoints and no counters. It is rank 1: it
// cannot prove that no interface goes to a tunnel destination.
func (r reader) interfaces(ifs []parse.Interface) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, it := range ifs {
		f := evidence.Interface{Name: it.Name, AdminDown: it.Status == "down", Up: it.Status == "up",
			StateRaw: "status: " + it.Status, Ref: r.ref(it.Span)}
		f.LineUp = f.Up
		if it.Prefix.IsValid() && !it.Prefix.Addr().IsUnspecified() {
			f.Address, f.MaskUnknown = tunnelAddress(it)
			f.Ref.MarkWhere(evidence.AttrAddress, "ip: ", "remote-ip: ")
		}
		if n := overrideMTU(it); n > 0 {
			f.MTU = n
			f.Ref.MarkWhere(evidence.AttrMTU, "mtu: ")
		}
		f.Ref.MarkWhere(evidence.AttrState, "status: ")
		l.Items = append(l.Items, f)
		if n := overrideMTU(it); n > 0 {
			r.setGREMTU(it.Name, n)
		}
		if f.Address.IsValid() {
			r.joinAddress(f)
		}
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
}

// overrideMTU is the IP MTU a `get system interface` entry sets: "mtu: N"
// after "mtu-override: enable"; 0 when the interface keeps its default
// (a GRE interface then has its parent's MTU less 24).
func overrideMTU(it parse.Interface) int {
	if it.Fields["mtu-override"] != "enable" {
		return 0
	}
	n, _ := strconv.Atoi(it.Fields["mtu"])
	return n
}

// setGREMTU joins a GRE tunnel's IP MTU, which FortiOS keeps in "config
// system interface" (listed by get system interface), to the tunnel's
// configuration read from show system gre-tunnel, whichever was read
// first: the checks read the IP MTU from the tunnel's configuration.
func (r reader) setGREMTU(name string, mtu int) {
	for _, l := range r.cpe.Configs {
		for _, c := range l.Items {
			if ic := c.Interface(name); ic != nil && ic.IsTunnel {
				ic.IPMTU = mtu
			}
		}
	}
}

// greMTU is the IP MTU set on the GRE interface name by the newest
// interface listing read before, 0 when none sets one.
func (r reader) greMTU(name string) int {
	for i := len(r.cpe.Interfaces) - 1; i >= 0; i-- {
		for _, it := range r.cpe.Interfaces[i].Items {
			if evidence.SameInterface(it.Name, name) && it.MTU > 0 {
				return it.MTU
			}
		}
	}
	return 0
}

// tunnelAddress is an interface's address with the mask of its link. A
// FortiOS tunnel interface (IPsec or GRE) is addressed the documented way
// as "set ip A 255.255.255.255" plus "set remote-ip B <link mask>": the
// /32 it lists is the local address alone, and the link's mask is the
// remote-ip's. When the listing prints remote-ip its mask is used; when
// it does not, the mask is unknown (the address still compares).
func tunnelAddress(it parse.Interface) (netip.Prefix, bool) {
	p := it.Prefix
	if it.Type != "tunnel" || p.Bits() != p.Addr().BitLen() {
		return p, false
	}
	f := strings.Fields(it.Fields["remote-ip"])
	if len(f) == 1 {
		if rp, err := netip.ParsePrefix(f[0]); err == nil && rp.Bits() < p.Bits() {
			return netip.PrefixFrom(p.Addr(), rp.Bits()), false
		}
	}
	if len(f) == 2 {
		if m, err := netip.ParseAddr(f[1]); err == nil && m.Is4() {
			if n, ok := maskBits(m); ok && n < 32 {
				return netip.PrefixFrom(p.Addr(), n), false
			}
		}
	}
	return p, true
}

// maskBits is the prefix length of a dotted IPv4 mask.
func maskBits(m netip.Addr) (int, bool) {
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := bits.OnesCount32(v)
	return n, v == ^uint32(0)<<(32-n) || n == 0 && v == 0
}

// greTunnels reads `show system gre-tunnel`: each tunnel's endpoints and
// keepalive as configuration, keyed by interface so that it proves what
// each tunnel has and nothing about the rest of the configuration. The
// tunnel address is in "config system interface", the MSS clamp in
// firewall policies, path MTU discovery in neither: none is here (MSS and
// PMTUD unknown, not absent).
func (r reader) greTunnels(gs []parse.GRETunnel) {
	for _, g := range gs {
		ref := r.ref(g.Span)
		ref.MarkWhere(evidence.AttrEndpoints, "set remote-gw", "set local-gw")
		ref.MarkWhere(evidence.AttrKeepalive, "set keepalive-interval", "set keepalive-failtimes")
		ref.Mark(evidence.AttrKeepalive, g.Span.Start) // the default (off) prints no line
		c := evidence.InterfaceConfig{Name: g.Name, IsTunnel: true, TunnelMode: "gre",
			TunnelSource: g.LocalGW, TunnelSourceIface: g.Interface, TunnelDestination: g.RemoteGW,
			Keepalive: evidence.Keepalive{Known: true, On: g.KeepaliveInterval > 0,
				Period: time.Duration(g.KeepaliveInterval) * time.Second, Retries: g.KeepaliveFailTime},
			IPMTU: r.greMTU(g.Name), MSSUnknown: true, PMTUDUnknown: true, AddressUnknown: true, Ref: ref}
		// The IP MTU is the interface listing's, when it was read first.
		c.IPMTUUnknown = c.IPMTU == 0
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: "interface " + g.Name, Partial: r.scope().Partial}, Rank: 1,
			Items: []evidence.Config{{Interfaces: []evidence.InterfaceConfig{c}, Ref: ref}}})
	}
}

// ping reads `execute ping X`. FortiOS prints neither the source nor the
// DF bit (they are ping-options set before): Source is "" (taken as
// asked) and DF false, as the plan's plain pings send it. Sizes are whole
// IPv4 packets: "56 data bytes" is an 84-byte packet.
func (r reader) ping(p *parse.Ping) {
	f := evidence.Ping{Target: p.Target, Sent: p.Sent, Received: p.Received,
		RTTMin: p.RTTMin, RTTAvg: p.RTTAvg, RTTMax: p.RTTMax, HasRTT: p.Received > 0,
		Timeout: 2 * time.Second, Ref: r.ref(p.Span)}
	if p.DataBytes > 0 {
		f.Size = p.DataBytes + ipv4ICMPHeaders
	}
	if !f.Target.IsValid() {
		f.Target = parseAddrOr(r.cmd.Arg)
	}
	f.Timeouts = max(f.Sent-f.Received, 0)
	f.Ref.MarkWhere(evidence.AttrState, "packets transmitted", "sendto failed", "Unable to ping")
	f.Ref.MarkWhere(evidence.AttrSummary, "packets transmitted", "round-trip")
	r.cpe.Pings = append(r.cpe.Pings, evidence.Listing[evidence.Ping]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Ping{f}})
}

// status reads `get system status`.
func (r reader) status(s *Status) {
	v := evidence.Version{Hostname: s.Hostname, Software: "FortiOS", Version: s.Version, Model: s.Model,
		Ref: r.ref(spanOf(r.o))}
	v.Ref.Mark(evidence.AttrHead, s.VersionLine, s.HostLine)
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{v}})
}
