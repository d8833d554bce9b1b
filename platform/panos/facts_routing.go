package panos

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// vrName is "" for PAN-OS's default virtual router.
func vrName(v string) string {
	if v == "default" {
		return ""
	}
	return v
}

// bgpState maps a PAN-OS peer status.
func bgpState(s string) evidence.BGPState {
	for _, st := range []evidence.BGPState{evidence.BGPIdle, evidence.BGPConnect, evidence.BGPActive,
		evidence.BGPOpenSent, evidence.BGPOpenConfirm, evidence.BGPEstablished} {
		if strings.EqualFold(s, string(st)) {
			return st
		}
	}
	return evidence.BGPState(s)
}

// peers reads show routing protocol bgp peer: every configured peer of
// every virtual router, with its status, last error and prefix counters.
// The routes themselves come from show routing protocol bgp loc-rib and
// rib-out (facts_rib.go), which name the peers listed here.
func (r reader) peers(v []parse.BGPPeer) {
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: rankDetail}
	for _, p := range v {
		if !p.PeerAddr.IsValid() {
			l.Scope.Partial = true
			continue
		}
		n := evidence.BGPNeighbor{Address: p.PeerAddr, VRF: vrName(p.VirtualRouter), RemoteAS: p.RemoteAS,
			State: bgpState(p.Status), StateRaw: p.Status, LastReset: p.LastError,
			PrefixesReceived: -1, PrefixesSent: -1, Ref: r.ref(p.Span)}
		if p.StatusFor > 0 {
			n.Up, n.UpKnown = p.StatusFor, true
			n.UpRaw = fmt.Sprintf("%d seconds", int64(p.StatusFor.Seconds()))
		}
		if p.Established() {
			n.PrefixesReceived, n.PrefixesSent = int(p.IncomingAccepted), int(p.OutgoingAdvertised)
		}
		// Both spellings: "Peer status:", "Remote AS:", "Password set:",
		// "Last error:" (real 8.x-11.x output) and the lower-case keys.
		n.Ref.MarkWhere(evidence.AttrState, "status:", "Status:", "status duration:")
		n.Ref.MarkWhere(evidence.AttrRemoteAS, "remote AS:", "Remote AS:")
		n.Ref.MarkWhere(evidence.AttrReason, "last error:", "Last error:")
		n.Ref.MarkWhere(evidence.AttrPassword, "password set:", "Password set:")
		n.Ref.MarkWhere(evidence.AttrPrefixes, "Incoming accepted:", "Outgoing advertised:")
		l.Items = append(l.Items, n)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// routeProtocol maps PAN-OS route flags.
func routeProtocol(flags string) string {
	for _, f := range strings.Fields(strings.ReplaceAll(flags, "?", " ")) {
		switch {
		case strings.Contains(f, "B"):
			return "bgp"
		case strings.Contains(f, "S"):
			return "static"
		case strings.Contains(f, "C"):
			return "connected"
		case strings.Contains(f, "H"):
			return "local"
		case strings.HasPrefix(strings.TrimPrefix(f, "A"), "O"):
			return "ospf"
		case strings.Contains(f, "R"):
			return "rip"
		}
	}
	return strings.TrimSpace(flags)
}

// routes reads show routing route: the active entries of the routing
// table, one whole-table listing per virtual router (a route lookup takes
// the longest match within the tunnel's virtual router, and PAN-OS keeps
// one table per virtual router).
func (r reader) routes(v []parse.Route) {
	s := r.scope()
	if r.cmd.Arg != "" {
		s.VRF = vrName(r.cmd.Arg)
	}
	var order []string
	byVR := map[string]*evidence.Listing[evidence.RouteEntry]{}
	listing := func(vr string) *evidence.Listing[evidence.RouteEntry] {
		if l, ok := byVR[vr]; ok {
			return l
		}
		sc := s
		sc.VRF = vr
		byVR[vr] = &evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: sc, Rank: rankTable}
		order = append(order, vr)
		return byVR[vr]
	}
	for _, rt := range v {
		l := listing(vrName(rt.VirtualRouter))
		if !rt.Active() || !rt.Destination.IsValid() {
			continue
		}
		e := evidence.RouteEntry{Prefix: rt.Destination, Protocol: routeProtocol(rt.Flags), VRF: vrName(rt.VirtualRouter), Ref: r.ref(rt.Span)}
		nh := evidence.NextHop{Interface: rt.Interface}
		if rt.Nexthop.IsValid() && !rt.Nexthop.IsUnspecified() {
			nh.Address = rt.Nexthop
		}
		if nh.Address.IsValid() || nh.Interface != "" {
			e.NextHops = []evidence.NextHop{nh}
		}
		e.Ref.Mark(evidence.AttrNextHop, rt.Span.Start)
		l.Items = append(l.Items, e)
	}
	if len(order) == 0 {
		listing(s.VRF)
	}
	for _, vr := range order {
		r.cpe.RouteLookups = append(r.cpe.RouteLookups, *byVR[vr])
	}
}

// targetOfCommand is the address the ping command named.
func (r reader) targetOfCommand() netip.Addr {
	a, _ := netip.ParseAddr(r.cmd.Arg)
	return a
}
