package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// lookupQuery reads what a "show ip route [vrf V] X [MASK]" or "show ip
// cef [vrf V] X[/LEN] [MASK]" asked: an address (a /32: longest match) or
// a prefix (exact).
func lookupQuery(text string) (netip.Prefix, bool) {
	head, _, _ := strings.Cut(text, "|")
	w := strings.Fields(head)
	for i := 3; i < len(w); i++ {
		if w[i] == "vrf" {
			i++
			continue
		}
		if p, err := netip.ParsePrefix(w[i]); err == nil {
			return p.Masked(), true
		}
		a, err := netip.ParseAddr(w[i])
		if err != nil {
			continue
		}
		if i+1 < len(w) {
			if m, err := netip.ParseAddr(w[i+1]); err == nil && m.Is4() {
				return netip.PrefixFrom(a, maskBits(m)).Masked(), true
			}
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

func protocolName(r parsers.Route) string {
	if r.Protocol != "" {
		return r.Protocol
	}
	if strings.HasPrefix(r.KnownVia, "bgp") {
		return "bgp"
	}
	return strings.Fields(r.KnownVia + " unknown")[0]
}

func (r reader) routeEntry(rt parsers.Route) evidence.RouteEntry {
	e := evidence.RouteEntry{Prefix: rt.Prefix, Protocol: protocolName(rt), VRF: rt.VRF, Ref: r.ref(rt.Span)}
	for _, nh := range rt.NextHops {
		e.NextHops = append(e.NextHops, evidence.NextHop{Address: nh.Address, Interface: nh.Interface})
		e.Ref.Mark(evidence.AttrNextHop, nh.Span.Start)
	}
	e.Ref.Mark(evidence.AttrHead, rt.Span.Start)
	return e
}

func (r reader) routeLookup(lk *parsers.RouteLookup) {
	s := r.scope()
	s.Query, _ = lookupQuery(r.cmd.Text)
	s.Key = s.Query.String()
	if lk.VRF != "" {
		s.VRF = lk.VRF
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 2}
	if lk.Found && lk.Route != nil {
		e := r.routeEntry(*lk.Route)
		if e.VRF == "" {
			e.VRF = s.VRF
		}
		l.Items = append(l.Items, e)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

// routeTable reads a whole "show ip route [vrf V]" (a complete table,
// answering any lookup) or "show ip route bgp" (one protocol: partial).
func (r reader) routeTable(routes []parsers.Route) {
	s := r.scope()
	s.Key = ""
	head, _, _ := strings.Cut(r.cmd.Text, "|")
	w := strings.Fields(head)
	if last := w[len(w)-1]; last != "route" && (len(w) < 2 || w[len(w)-2] != "vrf") {
		s.Partial = true // "show ip route bgp", "... static": one protocol only
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 1}
	for _, rt := range routes {
		e := r.routeEntry(rt)
		if e.VRF == "" {
			e.VRF = s.VRF
		}
		l.Items = append(l.Items, e)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

func (r reader) ping(p *parsers.Ping) {
	f := evidence.Ping{Target: p.Target, Source: p.Source, VRF: vrfOf(r.cmd.Text), Size: p.Size, DF: p.DF,
		Sent: p.Sent, Received: p.Received, FragNeeded: p.FragNeeded, Timeouts: p.Timeouts, Unreachable: p.Unreachable,
		Marks: p.Marks, Timeout: p.Timeout, RTTMin: p.RTTMin, RTTAvg: p.RTTAvg, RTTMax: p.RTTMax, HasRTT: p.HasRTT,
		Ref: r.ref(p.Span)}
	f.Ref.Mark(evidence.AttrHead, lineRange(p.Span)...)
	s := r.scope()
	s.Key = r.cmd.Arg
	r.cpe.Pings = append(r.cpe.Pings, evidence.Listing[evidence.Ping]{Out: r.o, Scope: s, Rank: 1, Items: []evidence.Ping{f}})
}

func (r reader) version(v *parsers.Version) {
	f := evidence.Version{Hostname: v.Hostname, Software: v.Software, Version: v.Version, Model: v.Platform, Ref: r.ref(v.Span)}
	f.Ref.MarkWhere(evidence.AttrHead, "Software", "uptime is")
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Rank: 1, Items: []evidence.Version{f}})
}

// cef reads "show ip cef [vrf V] X[/LEN]": the forwarding entry for X, the
// same fact as a routing-table lookup (ranked below it: CEF does not say
// which protocol installed the route).
func (r reader) cef(c *parsers.CEF) {
	s := r.scope()
	q, ok := lookupQuery(r.cmd.Text)
	if !ok {
		// "show ip cef" alone: the whole FIB.
		s.Key = ""
	} else {
		s.Query, s.Key = q, q.String()
	}
	if c.VRF != "" && s.VRF == "" && !strings.EqualFold(c.VRF, "default") {
		s.VRF = c.VRF
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 1}
	for _, e := range c.Entries {
		if e.Receive || e.DefaultRouteHandler && e.NoRoute {
			continue
		}
		f := evidence.RouteEntry{Prefix: e.Prefix, Protocol: "cef", VRF: s.VRF, Ref: r.ref(e.Span)}
		f.Ref.Mark(evidence.AttrHead, e.Span.Start)
		for _, nh := range e.NextHops {
			if nh.Repair {
				continue
			}
			f.NextHops = append(f.NextHops, evidence.NextHop{Address: nh.Address, Interface: nh.Interface})
			f.Ref.Mark(evidence.AttrNextHop, nh.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}
