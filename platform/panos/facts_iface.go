package panos

import (
	"fmt"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// noKeepalive is what PAN-OS shows of GRE keepalives on a tunnel
// interface bound to an IPsec tunnel rather than a GRE tunnel: nothing.
// Its show interface has no GRE block; the closest thing, the IPsec tunnel
// monitor ("monitor: on" in show vpn flow), pings through the tunnel and
// is not a GRE keepalive. So the check does not apply (skip with this
// reason), never "off" or a pass. A GRE tunnel interface (PAN-OS 9.1+)
// prints "keep alive enabled:", which is read instead.
var noKeepalive = evidence.Keepalive{NotApplicable: "this PAN-OS tunnel interface is bound to an IPsec tunnel, not a GRE tunnel: it has no GRE keepalive (the IPsec tunnel monitor is no GRE keepalive)"}

// flows reads show vpn flow: the state of each IPsec tunnel, and so of the
// tunnel interface bound to it ("inner interface"). A tunnel interface
// has no line state of its own in PAN-OS's show commands; it carries
// traffic while its IPsec tunnel is active. The listing holds only tunnel
// interfaces bound to IPsec tunnels: it proves presence, never absence.
func (r reader) flows(v []parse.Flow) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: evidence.Scope{Key: r.cmd.Arg, Partial: true}, Rank: rankTable}
	for _, f := range v {
		if f.Inner == "" {
			continue
		}
		i := evidence.Interface{Name: f.Inner, IsTunnel: true, Up: f.Active(), LineUp: f.Active(),
			StateRaw: "IPsec tunnel " + f.Name + " " + f.State, Keepalive: noKeepalive, Ref: r.ref(f.Span)}
		if !f.Active() {
			i.DownReason, i.DownReasonRaw = evidence.ReasonOther, "IPsec tunnel "+f.Name+" "+f.State
		}
		i.Ref.Mark(evidence.AttrState, f.Span.Start)
		i.Ref.MarkWhere(evidence.AttrState, "state:")
		if f.Detail {
			// The SA's packet counters: what went into and came out of
			// the tunnel interface.
			i.InPackets, i.OutPackets, i.HasCounters = f.DecapPackets, f.EncapPackets, true
			i.Ref.MarkWhere(evidence.AttrCounters, "encap packets", "decap packets")
			i.Ref.MarkWhere(evidence.AttrErrors, "authentication errors", "decryption errors", "replay packets")
			if f.TunnelMTU > 0 {
				i.MTU = f.TunnelMTU
				i.Ref.MarkWhere(evidence.AttrMTU, "tunnel mtu")
			}
		}
		l.Items = append(l.Items, i)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
	r.flowChildSAs(v)
}

// flowState returns the latest state show vpn flow gave for a tunnel
// interface on this CPE.
func (r reader) flowState(name string) (evidence.Interface, bool) {
	for i := len(r.cpe.Interfaces) - 1; i >= 0; i-- {
		l := r.cpe.Interfaces[i]
		if l.Out == nil || l.Out.Kind != KindFlow {
			continue
		}
		for _, it := range l.Items {
			if strings.EqualFold(it.Name, name) {
				return it, true
			}
		}
	}
	return evidence.Interface{}, false
}

// interfaceDetail reads show interface tunnel.N: MTU, address and the
// logical counters. A tunnel interface bound to a GRE tunnel (PAN-OS
// 9.1+) prints its GRE block: state, endpoints and whether keepalives are
// on. Any other tunnel interface prints no state, so the state is the one
// show vpn flow (planned before it) gave for the interface; without that
// the output adds no interface fact, and says why.
func (r reader) interfaceDetail(d *parse.InterfaceDetail) {
	name := d.Name
	if name == "" {
		name = r.cmd.Arg
	}
	i := evidence.Interface{Name: name, IsTunnel: true, MTU: d.MTU, Ref: r.ref(d.Span)}
	if d.GRE != nil {
		r.greState(&i, d.GRE)
	} else {
		st, ok := r.flowState(name)
		if !ok {
			r.o.Notes = append(r.o.Notes, "the state of "+name+" is not in show interface (it is no GRE tunnel interface); show vpn flow, which gives the state of an IPsec tunnel interface, was not read or does not list "+name)
			return
		}
		i.Up, i.LineUp, i.StateRaw, i.DownReason, i.DownReasonRaw = st.Up, st.LineUp, st.StateRaw, st.DownReason, st.DownReasonRaw
		i.Keepalive = noKeepalive
	}
	if len(d.Addresses) > 0 {
		i.Address = d.Addresses[0]
		i.Ref.MarkWhere(evidence.AttrAddress, "Interface IP address")
	}
	in, okIn := d.Counters["packets received"]
	out, okOut := d.Counters["packets transmitted"]
	if okIn && okOut {
		i.InPackets, i.OutPackets, i.HasCounters = in, out, true
		i.Ref.MarkWhere(evidence.AttrCounters, "packets received", "packets transmitted")
		i.Ref.MarkWhere(evidence.AttrErrors, "receive errors", "packets dropped")
	}
	i.Ref.MarkWhere(evidence.AttrMTU, "Interface MTU")
	i.Ref.MarkWhere(evidence.AttrMSS, "Adjust TCP MSS")
	r.cpe.Interfaces = append(r.cpe.Interfaces, evidence.Listing[evidence.Interface]{Out: r.o,
		Scope: evidence.Scope{Key: name, Partial: filtered(r.cmd.Text)}, Rank: rankDetail, Items: []evidence.Interface{i}})
	if !filtered(r.cmd.Text) {
		r.interfaceConfig(name, d)
	}
}

// interfaceConfig reads the configuration block of show interface
// tunnel.N as the interface's configuration: address, virtual router (its
// routing table), MTU (the tunnel's IP MTU), GRE endpoints and the TCP MSS
// adjustment. The adjustment
// itself (ipv4-mss-adjustment: the MSS is the MTU minus 40 to 300 bytes)
// is configuration only, so "Adjust TCP MSS: yes" leaves the MSS unknown;
// "no" is no adjustment.
// Path MTU discovery is no interface setting on PAN-OS: unknown.
func (r reader) interfaceConfig(name string, d *parse.InterfaceDetail) {
	ic := evidence.InterfaceConfig{Name: name, IPMTU: d.MTU, IsTunnel: true, PMTUDUnknown: true,
		VRF: vrName(d.VirtualRouter), Ref: r.ref(d.Span)}
	if len(d.Addresses) > 0 {
		ic.Address = d.Addresses[0]
	}
	if d.GRE != nil {
		ic.TunnelSource, ic.TunnelDestination = d.GRE.Local, d.GRE.Peer
		if d.GRE.KeepAliveKnown {
			ic.Keepalive = evidence.Keepalive{Known: true, On: d.GRE.KeepAlive}
		}
	}
	if !d.AdjustMSSKnown || d.AdjustMSS {
		ic.MSSUnknown = true
	}
	ic.Ref.MarkWhere(evidence.AttrMSS, "Adjust TCP MSS")
	ic.Ref.MarkWhere(evidence.AttrMTU, "Interface MTU")
	ic.Ref.MarkWhere(evidence.AttrAddress, "Interface IP address")
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
		Scope: evidence.Scope{Key: "interface " + name, Partial: true}, Rank: rankDetail,
		Items: []evidence.Config{{Interfaces: []evidence.InterfaceConfig{ic}, Ref: ic.Ref}}})
}

// greState fills a GRE tunnel interface's state from its GRE block. The
// block says whether keepalives are on but not their interval or retries
// (configuration only).
func (r reader) greState(i *evidence.Interface, g *parse.GRETunnel) {
	i.Up, i.LineUp = g.Up() && !g.Disabled, g.Up() && !g.Disabled
	i.AdminDown = g.Disabled
	i.StateRaw = "GRE tunnel " + g.Name + " " + g.State
	if !i.Up {
		i.DownReason, i.DownReasonRaw = evidence.ReasonOther, "tunnel interface state: "+g.State
		if g.KeepAlive && g.KARetry > 0 {
			i.DownReason, i.DownReasonRaw = evidence.ReasonKeepalive, fmt.Sprintf("tunnel interface state: %s (keepalive retry %d, %d sent, %d received)", g.State, g.KARetry, g.KASent, g.KAReceived)
		}
	}
	i.TunnelSource, i.TunnelDestination = g.Local, g.Peer
	if g.KeepAliveKnown {
		i.Keepalive = evidence.Keepalive{Known: true, On: g.KeepAlive}
	}
	i.Ref.MarkWhere(evidence.AttrState, "tunnel interface state:", "disabled:")
	i.Ref.MarkWhere(evidence.AttrEndpoints, "local-ip:", "peer-ip:")
	i.Ref.MarkWhere(evidence.AttrKeepalive, "keep alive enabled:", "ka-send:", "ka-recv:")
}

// ping reads a PAN-OS ping (iputils underneath): sizes are whole IPv4
// packets, the payload plus 28 bytes.
func (r reader) ping(p *parse.Ping) {
	f := evidence.Ping{Target: p.Target, Sent: p.Transmitted, Received: p.Received, DF: r.cmd.Variant == "df",
		RTTMin: p.RTTMin, RTTAvg: p.RTTAvg, RTTMax: p.RTTMax, HasRTT: p.Received > 0 && p.RTTMax > 0,
		Timeout: 10 * time.Second, Ref: r.ref(p.Span)}
	if p.Source.IsValid() {
		f.Source = p.Source.String()
	}
	if p.PayloadSize > 0 {
		f.Size = p.PayloadSize + ipv4ICMPHeaders
	}
	if p.FragNeeded {
		f.FragNeeded = max(p.Errors, 1)
		f.Ref.MarkWhere(evidence.AttrState, "Frag needed", "Message too long")
	}
	if !f.Target.IsValid() {
		f.Target = r.targetOfCommand()
	}
	f.Timeouts = max(f.Sent-f.Received-f.FragNeeded, 0)
	f.Ref.MarkWhere(evidence.AttrState, "packets transmitted")
	r.cpe.Pings = append(r.cpe.Pings, evidence.Listing[evidence.Ping]{Out: r.o, Scope: evidence.Scope{Key: r.cmd.Arg}, Rank: rankTable,
		Items: []evidence.Ping{f}})
}
