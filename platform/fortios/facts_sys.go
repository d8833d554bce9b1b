package fortios

import (
	"strconv"
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
			f.Address = it.Prefix
			f.Ref.MarkWhere(evidence.AttrAddress, "ip: ")
		}
		if n, err := strconv.Atoi(it.Fields["mtu"]); err == nil {
			f.MTU = n
			f.Ref.MarkWhere(evidence.AttrMTU, "mtu: ")
		}
		f.Ref.MarkWhere(evidence.AttrState, "status: ")
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
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
			MSSUnknown: true, PMTUDUnknown: true, Ref: ref}
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
