package fortios

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// bgpState maps FortiOS's session state text (the summary's State/PfxRcd
// column or the neighbor's "BGP state =").
func bgpState(s string, established bool) evidence.BGPState {
	if established {
		return evidence.BGPEstablished
	}
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "Idle (Admin)"), strings.HasPrefix(t, "Idle (PfxCt"):
		if strings.Contains(t, "Admin") {
			return evidence.BGPAdminDown
		}
		return evidence.BGPIdle
	case strings.HasPrefix(t, "Idle"):
		return evidence.BGPIdle
	case strings.HasPrefix(t, "Connect"):
		return evidence.BGPConnect
	case strings.HasPrefix(t, "Active"):
		return evidence.BGPActive
	case strings.HasPrefix(t, "OpenSent"):
		return evidence.BGPOpenSent
	case strings.HasPrefix(t, "OpenConfirm"):
		return evidence.BGPOpenConfirm
	case strings.HasPrefix(t, "Established"):
		return evidence.BGPEstablished
	}
	return evidence.BGPState(t)
}

// summary reads `get router info bgp summary`: one session per row. The
// summary prints no prefixes sent (-1: unknown).
func (r reader) summary(s *parse.BGPSummary) {
	if r.unavailable(s.Unavailable, s.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, p := range s.Peers {
		f := evidence.BGPNeighbor{Address: p.Neighbor, RemoteAS: p.RemoteAS, LocalAS: s.LocalAS,
			State: bgpState(p.StateText, p.Established), StateRaw: p.StateText, UpRaw: p.UpDown,
			PrefixesReceived: int(max(p.PfxRcd, -1)), PrefixesSent: -1, Ref: r.ref(p.Span)}
		f.Up, f.UpKnown = uptime(p.UpDown)
		f.Ref.Mark(evidence.AttrState, p.Span.Start)
		f.Ref.Mark(evidence.AttrRemoteAS, p.Span.Start)
		f.Ref.Mark(evidence.AttrPrefixes, p.Span.Start)
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// neighbors reads `get router info bgp neighbors [X]`: the session with
// why it last went down and its IPv4 unicast prefix counts.
func (r reader) neighbors(v *parse.BGPNeighbors) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 2}
	for _, n := range v.Neighbors {
		f := evidence.BGPNeighbor{Address: n.Addr, RemoteAS: n.RemoteAS, LocalAS: n.LocalAS,
			State: bgpState(n.State, n.Established()), StateRaw: n.State, UpRaw: n.UpFor,
			LastReset:        strings.TrimSpace(n.LastReset + " " + n.LastResetReason),
			PrefixesReceived: -1, PrefixesSent: -1, ConnectionsDropped: n.ConnectionsDropped, Ref: r.ref(n.Span)}
		if n.Established() {
			f.Up, f.UpKnown = uptime(n.UpFor)
		}
		if af, ok := n.AF("IPv4 Unicast"); ok {
			f.PrefixesReceived, f.PrefixesSent = int(af.AcceptedPrefixes), int(af.AnnouncedPrefixes)
		}
		if n.Notification != "" {
			if strings.Contains(strings.ToLower(n.LastResetReason), "received") {
				f.NotificationReceived = n.Notification
			} else {
				f.NotificationSent = n.Notification
			}
		}
		f.Ref.MarkWhere(evidence.AttrState, "BGP state =")
		f.Ref.MarkWhere(evidence.AttrRemoteAS, "remote AS")
		f.Ref.MarkWhere(evidence.AttrLocalAS, "local AS")
		f.Ref.MarkWhere(evidence.AttrReason, "Last reset", "Notification", "notification")
		f.Ref.MarkWhere(evidence.AttrPrefixes, "accepted prefixes", "announced prefixes")
		f.Ref.MarkWhere(evidence.AttrPolicy, "Route map for", "prefix filter list")
		l.Items = append(l.Items, f)
		if af, ok := n.AF("IPv4 Unicast"); ok {
			for _, rl := range r.cpe.RoutesReceived {
				if rl.Scope.Key == n.Addr.String() && !rl.Scope.Partial {
					r.keptAsReceived(rl, af)
				}
			}
		}
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// keptAsReceived adds a neighbor's received-routes (before inbound
// policy) as the routes the FortiGate kept when its neighbor detail
// proves they are the same: no inbound filter of any kind and as many
// accepted prefixes as valid received ones. FortiOS then keeps every
// received path, so an operator who read only received-routes and the
// neighbor has seen what was kept. The derived listing ranks below a
// real "routes" listing (rank 0), which wins when both were read.
func (r reader) keptAsReceived(l evidence.Listing[evidence.BGPRoute], af parse.NeighborAF) {
	if af.InboundPolicy || l.Scope.Partial {
		return
	}
	prefixes := map[netip.Prefix]bool{}
	for _, p := range l.Items {
		if p.Valid {
			prefixes[p.Prefix] = true
		}
	}
	if uint64(len(prefixes)) != af.AcceptedPrefixes {
		return
	}
	l.Rank = 0
	r.cpe.RoutesAccepted = append(r.cpe.RoutesAccepted, l)
}

// neighborAF is the IPv4 unicast block of the newest neighbor detail read
// for addr, if any.
func (r reader) neighborAF(addr netip.Addr) (parse.NeighborAF, bool) {
	for i := len(r.cpe.BGPNeighbors) - 1; i >= 0; i-- {
		v, ok := r.cpe.BGPNeighbors[i].Out.Parsed.(*parse.BGPNeighbors)
		if !ok {
			continue
		}
		for _, n := range v.Neighbors {
			if n.Addr == addr {
				return n.AF("IPv4 Unicast")
			}
		}
	}
	return parse.NeighborAF{}, false
}

// routes reads a neighbor's received-routes, routes or advertised-routes.
// received-routes without "set soft-reconfiguration enable" is FortiOS
// saying it cannot: the output's error, never "no routes".
func (r reader) routes(v *parse.BGPRoutes) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.BGPRoute]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, p := range v.Paths {
		f := evidence.BGPRoute{Prefix: p.Prefix, NextHop: p.NextHop, Valid: p.Valid, Best: p.Best,
			Path: p.ASPath, Ref: r.ref(p.Span)}
		f.Ref.Mark(evidence.AttrNextHop, p.Span.Start)
		l.Items = append(l.Items, f)
	}
	switch strings.TrimSuffix(r.cmd.Variant, " filtered") {
	case "received-routes":
		r.cpe.RoutesReceived = append(r.cpe.RoutesReceived, l)
		if af, ok := r.neighborAF(parseAddrOr(r.cmd.Arg)); ok {
			r.keptAsReceived(l, af)
		}
	case "routes":
		r.cpe.RoutesAccepted = append(r.cpe.RoutesAccepted, l)
	case "advertised-routes":
		r.cpe.RoutesAdvertised = append(r.cpe.RoutesAdvertised, l)
	}
}

// routeTable reads `get router info routing-table all`: every selected
// route, a whole table (rank 1: a lookup's detail outranks it).
func (r reader) routeTable(v *parse.RouteTable) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, rt := range v.Routes {
		f := evidence.RouteEntry{Prefix: rt.Prefix, Protocol: rt.Protocol, Ref: r.ref(rt.Span)}
		for _, p := range rt.Paths {
			f.NextHops = append(f.NextHops, evidence.NextHop{Address: p.NextHop, Interface: p.Interface})
			f.Ref.Mark(evidence.AttrNextHop, p.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

// routeDetail reads `get router info routing-table details X`: the entry
// in use, or "% Network not in table", which proves there is no route.
func (r reader) routeDetail(v *parse.RouteDetail) {
	s := r.scope()
	if a, err := netip.ParseAddr(r.cmd.Arg); err == nil {
		s.Query = netip.PrefixFrom(a, a.BitLen())
	} else if p, err := netip.ParsePrefix(r.cmd.Arg); err == nil {
		s.Query = p
	}
	s.Key = s.Query.String()
	if v.Unavailable != parse.NotInTable && r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 2}
	for _, e := range v.Entries {
		if !e.Best && len(v.Entries) > 1 {
			continue // another protocol's entry, not the one in use
		}
		f := evidence.RouteEntry{Prefix: e.Prefix, Protocol: e.Protocol, Ref: r.ref(e.Span)}
		for _, p := range e.Paths {
			f.NextHops = append(f.NextHops, evidence.NextHop{Address: p.NextHop, Interface: p.Interface})
			f.Ref.Mark(evidence.AttrNextHop, p.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

// uptime reads FortiOS's up/down column: "05:48:47" under a day,
// "1d02h03m" under a week, "09w3d01h" beyond; "never" is unknown.
func uptime(s string) (time.Duration, bool) {
	var h, m, sec int
	if n, err := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec); err == nil && n == 3 && len(s) == 8 {
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	units := map[byte]time.Duration{'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute, 's': time.Second}
	var total time.Duration
	num, parts := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if num = num*10 + int(c-'0'); num > 1_000_000 {
				return 0, false
			}
		case units[c] > 0 && i > 0 && s[i-1] >= '0' && s[i-1] <= '9':
			total += time.Duration(num) * units[c]
			num, parts = 0, parts+1
		default:
			return 0, false
		}
	}
	if parts == 0 || num != 0 {
		return 0, false
	}
	return total, true
}

// parseAddrOr is the address s names, or the zero Addr.
func parseAddrOr(s string) netip.Addr {
	a, _ := netip.ParseAddr(s)
	return a
}
