package iosxe

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// bgpState maps IOS's state words; "Idle (Admin)" and "Idle (PfxCt)" keep
// their qualifier in StateRaw.
func bgpState(s string) evidence.BGPState {
	switch {
	case strings.EqualFold(s, "Established"):
		return evidence.BGPEstablished
	case strings.HasPrefix(s, "Idle (Admin)"):
		return evidence.BGPAdminDown
	case strings.HasPrefix(s, "Idle"):
		return evidence.BGPIdle
	case strings.HasPrefix(s, "Active"):
		return evidence.BGPActive
	case strings.HasPrefix(s, "Connect"):
		return evidence.BGPConnect
	case strings.HasPrefix(s, "OpenSent"):
		return evidence.BGPOpenSent
	case strings.HasPrefix(s, "OpenConfirm"):
		return evidence.BGPOpenConfirm
	}
	return evidence.BGPState(s)
}

// upTime reads IOS up/down times: "00:10:02", "1d02h", "2w3d", "1y2w".
func upTime(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if parts := strings.Split(s, ":"); len(parts) == 3 {
		var secs int
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				return 0, false
			}
			secs = secs*60 + n
		}
		return time.Duration(secs) * time.Second, true
	}
	units := map[byte]time.Duration{'y': 365 * 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}
	var d time.Duration
	num := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			num += string(c)
			continue
		}
		u, ok := units[c]
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			return 0, false
		}
		d += time.Duration(n) * u
		num = ""
	}
	return d, num == "" && d > 0
}

func (r reader) bgpSummary(s *parsers.BGPSummary) {
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, n := range s.Neighbors {
		// LocalAS stays 0: the summary's "local AS number" is the BGP
		// process's, and a neighbor with its own "local-as" uses another.
		f := evidence.BGPNeighbor{Address: n.Address, VRF: l.Scope.VRF, RemoteAS: n.RemoteAS,
			State: bgpState(n.State), StateRaw: n.State, UpRaw: n.UpDown,
			PrefixesReceived: n.PrefixesReceived, PrefixesSent: -1, Ref: r.ref(n.Span)}
		f.Up, f.UpKnown = upTime(n.UpDown)
		f.Ref.Mark(evidence.AttrHead, lineRange(n.Span)...)
		f.Ref.Mark(evidence.AttrState, lineRange(n.Span)...)
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

func (r reader) bgpNeighbors(ns []parsers.BGPNeighbor) {
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 2}
	for _, n := range ns {
		f := evidence.BGPNeighbor{Address: n.Address, VRF: n.VRF, RemoteAS: n.RemoteAS, LocalAS: n.LocalAS,
			State: bgpState(n.State), StateRaw: n.State, UpRaw: n.StateFor, LastReset: n.LastReset,
			NotificationSent: n.LastNotificationSent, NotificationReceived: n.LastNotificationReceived,
			PrefixesReceived: n.PrefixesReceived, PrefixesSent: n.PrefixesSent,
			ConnectionsDropped: n.ConnectionsDropped, Ref: r.ref(n.Span)}
		if f.VRF == "" {
			f.VRF = l.Scope.VRF
		}
		if f.Established() {
			f.Up, f.UpKnown = upTime(n.StateFor)
		} else {
			f.PrefixesReceived, f.PrefixesSent = -1, -1
		}
		f.Ref.Mark(evidence.AttrHead, n.Span.Start)
		f.Ref.Mark(evidence.AttrRemoteAS, n.Span.Start)
		f.Ref.MarkWhere(evidence.AttrState, "BGP state")
		f.Ref.MarkWhere(evidence.AttrReason, "Last reset", "otification")
		f.Ref.MarkWhere(evidence.AttrLocalAS, "local AS")
		f.Ref.MarkWhere(evidence.AttrAge, "Connections established", "BGP state")
		f.Ref.MarkWhere(evidence.AttrPrefixes, "Prefixes Current")
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

func (r reader) bgpRoutes(t *parsers.BGPTable) {
	l := evidence.Listing[evidence.BGPRoute]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, rt := range t.Routes {
		if !rt.Network.IsValid() {
			continue
		}
		f := evidence.BGPRoute{Prefix: rt.Network, NextHop: rt.NextHop, Valid: rt.Valid, Best: rt.Best,
			RIBFailure: strings.Contains(rt.Status, "r"), Path: rt.Path, VRF: t.VRFOf(&rt), Ref: r.ref(rt.Span)}
		if f.VRF == "" {
			f.VRF = l.Scope.VRF
		}
		f.Ref.Mark(evidence.AttrHead, lineRange(rt.Span)...)
		l.Items = append(l.Items, f)
	}
	if t.DefaultOriginate {
		f := evidence.BGPRoute{Prefix: netip.MustParsePrefix("0.0.0.0/0"), Valid: true, Best: true, Originated: true,
			VRF: l.Scope.VRF, Ref: r.ref(parsers.Span{Start: t.DefaultOriginateLine, End: t.DefaultOriginateLine})}
		f.Ref.Mark(evidence.AttrOriginate, t.DefaultOriginateLine)
		f.Ref.Mark(evidence.AttrHead, t.DefaultOriginateLine)
		l.Items = append([]evidence.BGPRoute{f}, l.Items...)
	}
	switch r.cmd.Variant {
	case "received-routes":
		r.cpe.RoutesReceived = append(r.cpe.RoutesReceived, l)
	case "routes":
		r.cpe.RoutesAccepted = append(r.cpe.RoutesAccepted, l)
	case "advertised-routes":
		r.cpe.RoutesAdvertised = append(r.cpe.RoutesAdvertised, l)
	}
}
