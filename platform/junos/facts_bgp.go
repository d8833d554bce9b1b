package junos

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// bgpState maps the parser's state.
func bgpState(s parse.BGPState, raw string) evidence.BGPState {
	if s == parse.BGPStateUnknown {
		return evidence.BGPState(raw)
	}
	return evidence.BGPState(s.String())
}

// summary reads show bgp summary: one session per peer row. "BGP is not
// running" is no answer about sessions: a command failure.
func (r reader) summary(v *parse.BGPSummary) {
	if v.Unavailable != "" {
		r.o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, v.Unavailable)
		return
	}
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, p := range v.Peers {
		f := evidence.BGPNeighbor{Address: p.Addr, RemoteAS: p.AS, State: bgpState(p.State, p.StateText),
			StateRaw: p.StateText, UpRaw: p.UpDown, PrefixesReceived: -1, PrefixesSent: -1,
			ConnectionsDropped: int(p.Flaps), Ref: r.ref(p.Span)}
		if p.Established() {
			// The row of an established session counts per table; inet.0
			// (or the only table) is the one the tunnels' routes are in.
			f.PrefixesReceived = int(p.Received())
		}
		f.Up, f.UpKnown = junosUptime(p.UpDown)
		f.Ref.Mark(evidence.AttrState, p.Span.Start)
		f.Ref.Mark(evidence.AttrRemoteAS, p.Span.Start)
		f.Ref.Mark(evidence.AttrPrefixes, p.Span.Start, p.Span.End)
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// neighbors reads show bgp neighbor [X].
func (r reader) neighbors(v []parse.BGPNeighbor) {
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 2}
	for _, n := range v {
		f := evidence.BGPNeighbor{Address: n.Addr, RemoteAS: n.AS, LocalAS: n.LocalAS, State: bgpState(n.State, n.StateText),
			StateRaw: n.StateText, PrefixesReceived: -1, PrefixesSent: -1, ConnectionsDropped: int(n.Flaps), Ref: r.ref(n.Span)}
		if n.LastError != "" && n.LastError != "None" {
			f.LastReset = n.LastError
		} else if n.LastFlapEvent != "" {
			f.LastReset = n.LastFlapEvent
		}
		for _, t := range n.Tables {
			if t.Table == "inet.0" || len(n.Tables) == 1 {
				f.PrefixesReceived, f.PrefixesSent = int(t.Accepted), int(t.Advertised)
			}
		}
		for _, e := range n.Errors {
			if e.Recv > 0 {
				f.NotificationReceived = e.Name
			}
			if e.Sent > 0 {
				f.NotificationSent = e.Name
			}
		}
		if s, ok := r.summaryRow(n.Addr); ok && f.Established() && s.Established() {
			// The neighbor detail prints no up time; the summary row read
			// before it (Plan sends the summary first) does.
			f.UpRaw, f.Up, f.UpKnown = s.UpRaw, s.Up, s.UpKnown
		}
		f.Ref.MarkWhere(evidence.AttrState, "State:")
		f.Ref.MarkWhere(evidence.AttrRemoteAS, "Peer:")
		f.Ref.MarkWhere(evidence.AttrLocalAS, "Local:")
		f.Ref.MarkWhere(evidence.AttrReason, "Last Error:", "Last flap event", "Error:")
		f.Ref.MarkWhere(evidence.AttrPrefixes, "Received prefixes", "Accepted prefixes", "Advertised prefixes")
		f.Ref.MarkWhere(evidence.AttrPolicy, "Export:", "Import:")
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// summaryRow is the neighbor's row in the latest show bgp summary read
// before this output.
func (r reader) summaryRow(a netip.Addr) (evidence.BGPNeighbor, bool) {
	for i := len(r.cpe.BGPNeighbors) - 1; i >= 0; i-- {
		l := r.cpe.BGPNeighbors[i]
		if l.Out == nil || l.Rank != 1 {
			continue
		}
		for _, n := range l.Items {
			if n.Address == a {
				return n, true
			}
		}
	}
	return evidence.BGPNeighbor{}, false
}

// routes reads show route receive-protocol|advertising-protocol bgp X.
// The receive listing without hidden is what import policy kept: the
// accepted routes, and a part of the received ones (the rejected ones are
// hidden). The hidden listing holds only rejected routes: a part of the
// received ones. Neither alone proves a route was not received.
func (r reader) routes(v *parse.Routes) {
	s := r.scope()
	l := evidence.Listing[evidence.BGPRoute]{Out: r.o, Scope: s, Rank: 1}
	for _, rt := range v.All() {
		if !rt.Prefix.IsValid() {
			continue
		}
		f := evidence.BGPRoute{Prefix: rt.Prefix, NextHop: rt.NextHop, Valid: r.cmd.Variant != VariantHidden,
			Best: rt.Active, Path: asPath(rt.ASPath), Ref: r.ref(rt.Span)}
		l.Items = append(l.Items, f)
	}
	partial := l
	partial.Scope.Partial = true
	switch r.cmd.Variant {
	case VariantReceived:
		r.cpe.RoutesAccepted = append(r.cpe.RoutesAccepted, l)
		r.cpe.RoutesReceived = append(r.cpe.RoutesReceived, partial)
	case VariantHidden:
		r.cpe.RoutesReceived = append(r.cpe.RoutesReceived, partial)
	case VariantAdvertised:
		r.cpe.RoutesAdvertised = append(r.cpe.RoutesAdvertised, l)
	}
}

// asPath reads "65002 64512 I" into AS numbers (the origin code and
// AS-set braces are left out).
func asPath(s string) []uint32 {
	var out []uint32
	for _, w := range strings.Fields(s) {
		if n, err := strconv.ParseUint(strings.Trim(w, "{}(),[]"), 10, 32); err == nil {
			out = append(out, uint32(n))
		}
	}
	return out
}

// routeLookup reads show route X: the longest match (or the exact prefix)
// in every table printed; an empty answer proves there is no route.
func (r reader) routeLookup(v *parse.Routes) {
	s := r.scope()
	if a, err := netip.ParseAddr(r.cmd.Arg); err == nil {
		s.Query = netip.PrefixFrom(a, a.BitLen())
	} else if p, err := netip.ParsePrefix(r.cmd.Arg); err == nil {
		s.Query = p
	}
	s.Key = s.Query.String()
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 2}
	for _, t := range v.Tables {
		vrf := ""
		if name, ok := strings.CutSuffix(t.Name, ".inet.0"); ok {
			vrf = name // a routing instance's table
		}
		for _, rt := range t.Routes {
			if !rt.Active && len(t.Routes) > 1 {
				continue // another protocol's route for the prefix, not the one in use
			}
			f := evidence.RouteEntry{Prefix: rt.Prefix, Protocol: strings.ToLower(rt.Protocol), VRF: vrf, Ref: r.ref(rt.Span)}
			if rt.NextHop.IsValid() || rt.Interface != "" {
				f.NextHops = append(f.NextHops, evidence.NextHop{Address: rt.NextHop, Interface: rt.Interface})
				f.Ref.MarkWhere(evidence.AttrNextHop, " via ", "to ")
			}
			l.Items = append(l.Items, f)
		}
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

// ping reads a Junos ping. Sizes are whole IPv4 packets: the command's
// size is the ICMP payload ("56 data bytes").
func (r reader) ping(p *parse.Ping) {
	spec, _ := pingArgs(strings.Fields(r.cmd.Text)[1:])
	f := evidence.Ping{Target: p.Target, Sent: p.Sent, Received: p.Received, DF: spec.df,
		HasRTT: p.RTTAvg > 0 || p.Received > 0, RTTMin: p.RTTMin, RTTAvg: p.RTTAvg, RTTMax: p.RTTMax,
		Timeout: time.Second, Ref: r.ref(p.Span)}
	if !f.Target.IsValid() {
		f.Target = spec.target
	}
	f.Source = spec.source
	if spec.iface != "" {
		f.Source = spec.iface
	}
	switch {
	case p.DataSize > 0:
		f.Size = p.DataSize + ipv4ICMPHeaders
	case spec.size > 0:
		f.Size = spec.size + ipv4ICMPHeaders
	}
	if p.FragNeeded || p.MessageTooLong {
		// Junos prints the answer once, not per echo: every lost echo was
		// refused for its size.
		f.FragNeeded = max(p.Sent-p.Received, 1)
		f.Ref.MarkWhere(evidence.AttrState, "too long", "frag needed", "Frag needed")
	}
	f.Timeouts = max(f.Sent-f.Received-f.FragNeeded, 0)
	r.cpe.Pings = append(r.cpe.Pings, evidence.Listing[evidence.Ping]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Ping{f}})
}

// junosUptime reads "42:37", "4:19:15", "3w2d 4:19:15", "1d 2:03:04".
func junosUptime(s string) (time.Duration, bool) {
	var total time.Duration
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 2 {
		return 0, false
	}
	if len(words) == 2 {
		num := 0
		for _, c := range words[0] {
			switch {
			case c >= '0' && c <= '9':
				num = num*10 + int(c-'0')
				if num > 100000 {
					return 0, false
				}
			case c == 'w':
				total += time.Duration(num) * 7 * 24 * time.Hour
				num = 0
			case c == 'd':
				total += time.Duration(num) * 24 * time.Hour
				num = 0
			default:
				return 0, false
			}
		}
	}
	parts := strings.Split(words[len(words)-1], ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var d time.Duration
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 100000 {
			return 0, false
		}
		d = d*60 + time.Duration(n)
	}
	return total + d*time.Second, true
}
