package linux

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/linux/iproute"
	"github.com/vcdiag/vcdiag/platform/linux/swanctl"
)

// tunnelKinds are the link kinds that are IP tunnels.
var tunnelKinds = []string{"gre", "gretap", "ip6gre", "ip6gretap", "vti", "vti6", "ipip", "sit", "ip6tnl"}

// links reads ip [-d] [-s] link|address show [dev X]. A Linux GRE link has
// no line protocol of its own and no keepalives: it is "up" when set up
// and its lower layer is up (LOWER_UP), whatever the far end does, so the
// GRE rung on Linux rests on the tunnel-IP ping and the counters. "Device
// does not exist" is an answer: a listing keyed by the name, with nothing
// in it.
func (r reader) links(v *iproute.Links) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: 2}
	var cfgs []evidence.InterfaceConfig
	for _, k := range v.Links {
		f := evidence.Interface{
			Name: k.Name, AdminDown: !k.AdminUp(), Up: k.AdminUp() && k.HasFlag("LOWER_UP") && !k.HasFlag("NO-CARRIER"),
			StateRaw: "state " + k.State + " <" + strings.Join(k.Flags, ",") + ">", MTU: k.MTU, Ref: r.ref(k.Span),
		}
		f.LineUp = f.Up && k.State != "DOWN" && k.State != "LOWERLAYERDOWN"
		if !f.AdminDown && !f.LineUp {
			f.DownReason, f.DownReasonRaw = evidence.ReasonOther, "state "+k.State+" <"+strings.Join(k.Flags, ",")+">"
		}
		for _, a := range k.Addresses {
			if a.Family == "inet" && a.Prefix.IsValid() {
				f.Address = a.Prefix
				f.Ref.Mark(evidence.AttrAddress, a.Line)
				break
			}
		}
		if isTunnel(k.Kind) && k.Tunnel != nil {
			t := k.Tunnel
			f.IsTunnel, f.TunnelSource, f.TunnelDestination = true, t.Local, t.Remote
			f.TunnelKey = t.IKey != "" || t.OKey != ""
			f.PMTUD, f.PMTUDKnown = t.PMTUDisc, t.PMTUDiscSet
			f.TunnelSourceIface = t.Dev
			// The kernel's GRE has no keepalives: it neither sends them nor
			// tracks the far end (it does reflect DI's, being a router).
			f.Keepalive = evidence.Keepalive{Known: true}
			f.Ref.Mark(evidence.AttrEndpoints, t.Line)
			f.Ref.Mark(evidence.AttrPMTUD, t.Line)
			f.Ref.Mark(evidence.AttrKeepalive, t.Line)
			cfgs = append(cfgs, r.linkConfig(k, f))
		}
		if k.Stats != nil {
			f.InPackets, f.OutPackets, f.HasCounters = k.Stats.RX.Packets, k.Stats.TX.Packets, true
			f.Ref.Mark(evidence.AttrCounters, k.Stats.RX.Line, k.Stats.TX.Line)
			f.Ref.Mark(evidence.AttrErrors, k.Stats.RX.Line, k.Stats.TX.Line)
		}
		f.Ref.Mark(evidence.AttrState, k.Span.Start)
		f.Ref.Mark(evidence.AttrMTU, k.Span.Start)
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
	// On Linux the tunnel's settings are what ip -d shows: they are its
	// configuration too. A listing of one device proves what that device
	// has; a whole listing, what every tunnel has.
	for _, c := range cfgs {
		key := "interface " + c.Name
		if r.cmd.Arg != "" && r.cmd.Arg != c.Name {
			continue
		}
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: key}, Rank: 1, Items: []evidence.Config{{Interfaces: []evidence.InterfaceConfig{c}, Ref: c.Ref}}})
	}
}

// linkConfig is a tunnel link's settings as configuration: endpoints,
// key, path MTU discovery, MTU (Linux has one MTU per link, the IP MTU),
// no keepalives; the MSS clamp is a firewall rule, not shown here.
func (r reader) linkConfig(k iproute.Link, st evidence.Interface) evidence.InterfaceConfig {
	t := k.Tunnel
	c := evidence.InterfaceConfig{Name: k.Name, Address: st.Address, Shutdown: !k.AdminUp(), IPMTU: k.MTU,
		IsTunnel: true, TunnelSource: t.Local, TunnelSourceIface: t.Dev, TunnelDestination: t.Remote,
		TunnelMode: k.Kind, TunnelKey: st.TunnelKey, Keepalive: evidence.Keepalive{Known: true},
		// iproute2 prints "nopmtudisc" when it is off and nothing when on
		// (pmtudisc is the kernel's default), so its absence from -d is on.
		PMTUD: t.PMTUDisc || !t.PMTUDiscSet, MSSUnknown: true, Ref: st.Ref}
	if c.TunnelMode == "gretap" || c.TunnelMode == "gre" {
		c.TunnelMode = "gre"
	}
	return c
}

func isTunnel(kind string) bool {
	for _, k := range tunnelKinds {
		if kind == k {
			return true
		}
	}
	return false
}

// ping reads an iputils ping. Sizes are whole IPv4 packets, as on IOS:
// iputils prints "1372(1400) bytes of data", the payload and the packet.
func (r reader) ping(p *iproute.Ping) {
	f := evidence.Ping{Target: p.TargetAddr, Sent: p.Sent, Received: p.Received, DF: p.DF(),
		HasRTT: p.HasRTT, RTTMin: p.RTTMin, RTTAvg: p.RTTAvg, RTTMax: p.RTTMax, Ref: r.ref(p.Span)}
	switch {
	case p.Interface != "":
		f.Source = p.Interface
	case p.Args != nil && p.Args.Interface != "":
		f.Source = p.Args.Interface
	case p.Source.IsValid():
		f.Source = p.Source.String()
	}
	f.Size = p.PacketSize
	if f.Size == 0 && p.PayloadSize > 0 {
		f.Size = p.PayloadSize + ipv4ICMPHeaders
	}
	if f.Size == 0 && p.Args != nil && p.Args.Size > 0 {
		f.Size = p.Args.Size + ipv4ICMPHeaders
	}
	if p.Args != nil && p.Args.Timeout > 0 {
		f.Timeout = p.Args.Timeout
	} else {
		f.Timeout = 10 * time.Second // iputils' default wait for the last reply
	}
	for _, pr := range p.Problems {
		switch pr.Kind {
		case iproute.ProblemFragNeeded, iproute.ProblemMessageTooLong:
			f.FragNeeded++
		case iproute.ProblemNetUnreachable, iproute.ProblemHostUnreachable:
			f.Unreachable++
		}
		f.Ref.Mark(evidence.AttrState, pr.Line)
	}
	if !f.Target.IsValid() {
		f.Target, _ = netip.ParseAddr(r.cmd.Arg) // the address the command named
	}
	f.Timeouts = max(f.Sent-f.Received-f.FragNeeded-f.Unreachable, 0)
	r.cpe.Pings = append(r.cpe.Pings, evidence.Listing[evidence.Ping]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Ping{f}})
}

// swanVersion reads swanctl --version.
func (r reader) swanVersion(v *swanctl.Version) {
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{{Software: "strongSwan", Version: v.Version, Ref: r.ref(spanOf(r.o))}}})
}
