package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// downReason maps the text after "Tunnel linestate evaluation" to a
// platform-neutral reason. IOS-XE prints, among others, "up", "down -
// transport reg down" (the tunnel source interface or its address is
// down), "down - no output interface" (no route to the destination),
// "down - no IPv4 tunnel destination address", "down - keepalive down".
func downReason(eval string) evidence.DownReason {
	e := strings.ToLower(strings.TrimSpace(eval))
	switch {
	case e == "" || strings.HasPrefix(e, "up"):
		return evidence.ReasonNone
	case strings.Contains(e, "transport reg down"), strings.Contains(e, "source"),
		strings.Contains(e, "transport down"):
		return evidence.ReasonSourceDown
	case strings.Contains(e, "no output interface"), strings.Contains(e, "no route"):
		return evidence.ReasonNoRoute
	case strings.Contains(e, "keepalive"):
		return evidence.ReasonKeepalive
	case strings.Contains(e, "destination"):
		return evidence.ReasonNoDestination
	}
	return evidence.ReasonOther
}

func (r reader) interfaces(recs []parsers.Interface) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: 2}
	if l.Scope.Key != "" {
		l.Scope.Key = parsers.InterfaceName(l.Scope.Key)
	}
	for _, it := range recs {
		f := evidence.Interface{
			Name: it.Name, StateRaw: it.Status + "/" + it.Protocol,
			AdminDown: strings.Contains(it.Status, "administratively"),
			Up:        it.Status == "up", LineUp: it.Protocol == "up",
			Address: it.Address, DownReasonRaw: it.LinestateEvaluation, DownReason: downReason(it.LinestateEvaluation),
			IsTunnel:     it.TunnelProtocol != "" || it.TunnelDestination.IsValid() || it.TunnelSourceIface != "" || it.TunnelSourceRaw != "",
			TunnelSource: it.TunnelSource, TunnelSourceIface: it.TunnelSourceIface, TunnelSourceRaw: it.TunnelSourceRaw,
			TunnelDestination: it.TunnelDestination, TunnelVRF: it.TunnelVRF,
			TunnelKey:    it.TunnelKey != "" && it.TunnelKey != "disabled",
			TransportMTU: it.TunnelTransportMTU, MTU: it.MTU,
			InPackets: it.InputPackets, OutPackets: it.OutputPackets, HasCounters: true,
			InRate: it.InputRateBps, OutRate: it.OutputRateBps, HasRates: it.RateIntervalSec > 0 || it.InputRateBps > 0 || it.OutputRateBps > 0,
			Ref: r.ref(it.Span),
		}
		if strings.HasPrefix(strings.ToLower(it.LinestateEvaluation), "up") {
			f.DownReason = evidence.ReasonNone
		}
		f.Ref.Mark(evidence.AttrHead, it.Span.Start)
		f.Ref.Mark(evidence.AttrState, it.Span.Start)
		f.Ref.MarkWhere(evidence.AttrReason, "linestate evaluation")
		f.Ref.MarkWhere(evidence.AttrAddress, "Internet address", "Interface is unnumbered")
		f.Ref.MarkWhere(evidence.AttrEndpoints, "Tunnel source")
		f.Ref.MarkWhere(evidence.AttrVRF, "Tunnel vrf", "Tunnel transport VRF")
		f.Ref.MarkWhere(evidence.AttrKeepalive, "Keepalive")
		f.Ref.MarkWhere(evidence.AttrPMTUD, "Path MTU Discovery")
		f.Ref.MarkWhere(evidence.AttrMTU, "Tunnel transport MTU", "MTU ")
		f.Ref.MarkWhere(evidence.AttrCounters, "packets input", "packets output")
		f.Ref.MarkWhere(evidence.AttrRates, "input rate", "output rate")
		if len(f.Ref.Lines(evidence.AttrKeepalive)) > 0 {
			f.Keepalive = evidence.Keepalive{Known: true, On: it.KeepaliveSet, Period: it.KeepalivePeriod, Retries: it.KeepaliveRetries}
		}
		// A tunnel's block always prints "Path MTU Discovery" when it is
		// on, and nothing when it is off.
		f.PMTUD, f.PMTUDKnown = it.PMTUD, f.IsTunnel
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
}

// interfaceBrief reads "show ip interface brief": state and address only,
// ranked below "show interfaces".
func (r reader) interfaceBrief(rows []parsers.InterfaceBrief) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, b := range rows {
		f := evidence.Interface{Name: b.Name, StateRaw: b.Status + "/" + b.Protocol,
			AdminDown: strings.Contains(b.Status, "administratively"), Up: b.Status == "up", LineUp: b.Protocol == "up",
			IsTunnel: strings.HasPrefix(strings.ToLower(b.Name), "tunnel"), Ref: r.ref(b.Span)}
		if b.Address.IsValid() {
			// The brief form has no mask: a host prefix says "this address".
			f.Address, f.MaskUnknown = netip.PrefixFrom(b.Address, b.Address.BitLen()), true
		}
		f.Ref.Mark(evidence.AttrHead, b.Span.Start)
		f.Ref.Mark(evidence.AttrState, b.Span.Start)
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
}
