package linux

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/linux/frr"
)

// unavailable turns FRR's "cannot show that" answers into a command
// failure: received-routes without soft-reconfiguration inbound, a
// neighbor or address family that is not there, no BGP process. The
// output then says nothing about routes or sessions, and the checks that
// needed it are unknown with FRR's own words as the reason.
func (r reader) unavailable(u frr.Unavailable, text string) bool {
	if u == frr.Available {
		return false
	}
	if text == "" {
		text = u.String()
	}
	r.o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, text)
	return true
}

// bgpState maps FRR's session state.
func bgpState(s frr.SessionState, adminDown bool) evidence.BGPState {
	if adminDown {
		return evidence.BGPAdminDown
	}
	switch s {
	case frr.StateIdle:
		return evidence.BGPIdle
	case frr.StateConnect:
		return evidence.BGPConnect
	case frr.StateActive:
		return evidence.BGPActive
	case frr.StateOpenSent:
		return evidence.BGPOpenSent
	case frr.StateOpenConfirm:
		return evidence.BGPOpenConfirm
	case frr.StateEstablished:
		return evidence.BGPEstablished
	}
	return evidence.BGPState(s.String())
}

// summary reads show bgp summary [json]: one session per peer row.
func (r reader) summary(v *frr.Summary) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 1}
	for _, t := range v.Tables {
		for _, p := range t.Peers {
			if !p.Addr.IsValid() {
				continue // an unnumbered peer: no address to match a tunnel
			}
			f := evidence.BGPNeighbor{Address: p.Addr, VRF: vrfName(t.VRF), RemoteAS: p.RemoteAS, LocalAS: t.LocalAS,
				State: bgpState(p.State, p.AdminDown), StateRaw: p.StateText, UpRaw: p.UpDown,
				PrefixesReceived: int(max(p.PfxRcd, -1)), PrefixesSent: int(max(p.PfxSnt, -1)),
				ConnectionsDropped: p.ConnectionsDropped, Ref: r.ref(p.Span)}
			if p.LocalAS != 0 {
				f.LocalAS = p.LocalAS
			}
			if p.UptimeMs > 0 {
				f.Up, f.UpKnown = msDuration(p.UptimeMs), true
			} else {
				f.Up, f.UpKnown = frrUptime(p.UpDown)
			}
			f.Ref.Mark(evidence.AttrState, p.Span.Start)
			f.Ref.Mark(evidence.AttrRemoteAS, p.Span.Start)
			f.Ref.Mark(evidence.AttrPrefixes, p.Span.Start)
			l.Items = append(l.Items, f)
		}
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// vrfName is "" for FRR's default VRF.
func vrfName(v string) string {
	if v == "default" {
		return ""
	}
	return v
}

// neighbors reads show ip bgp neighbors [X]: the session with why it last
// went down.
func (r reader) neighbors(v *frr.NeighborList) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	l := evidence.Listing[evidence.BGPNeighbor]{Out: r.o, Scope: r.scope(), Rank: 2}
	for _, n := range v.Neighbors {
		if !n.Addr.IsValid() {
			continue
		}
		f := evidence.BGPNeighbor{Address: n.Addr, RemoteAS: n.RemoteAS, LocalAS: n.LocalAS,
			State: bgpState(n.State, n.AdminDown), StateRaw: n.StateText, UpRaw: n.UpFor,
			LastReset: n.LastReset, PrefixesReceived: int(n.AcceptedPrefixes), PrefixesSent: int(max(n.SentPrefixes, -1)),
			ConnectionsDropped: n.ConnectionsDropped, Ref: r.ref(n.Span)}
		f.Up, f.UpKnown = frrUptime(n.UpFor)
		if n.LastNotification != "" {
			if n.NotificationSent {
				f.NotificationSent = n.LastNotification
			} else {
				f.NotificationReceived = n.LastNotification
			}
		}
		f.Ref.MarkWhere(evidence.AttrState, "BGP state =")
		f.Ref.MarkWhere(evidence.AttrRemoteAS, "remote AS")
		f.Ref.MarkWhere(evidence.AttrLocalAS, "local AS")
		f.Ref.MarkWhere(evidence.AttrReason, "Last reset", "Notification", "Last Error", "Administratively shut down")
		f.Ref.MarkWhere(evidence.AttrPrefixes, "accepted prefixes", "Prefixes Total", "prefixes")
		f.Ref.MarkWhere(evidence.AttrPolicy, "Route map for incoming", "Incoming update prefix filter list",
			"Route map for outgoing", "Outgoing update prefix filter list")
		l.Items = append(l.Items, f)
	}
	r.cpe.BGPNeighbors = append(r.cpe.BGPNeighbors, l)
}

// routes reads a neighbor's received-routes, routes or advertised-routes.
func (r reader) routes(v *frr.RouteList) {
	if r.unavailable(v.Unavailable, v.UnavailableText) {
		return
	}
	s := r.scope()
	s.VRF = vrfName(v.VRF)
	l := evidence.Listing[evidence.BGPRoute]{Out: r.o, Scope: s, Rank: 1}
	for _, p := range v.Paths {
		if !p.Prefix.IsValid() {
			continue
		}
		f := evidence.BGPRoute{Prefix: p.Prefix, NextHop: p.NextHop, Valid: p.Valid, Best: p.Best,
			Path: p.ASPath, VRF: s.VRF, Ref: r.ref(p.Span)}
		l.Items = append(l.Items, f)
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

// routeLookup reads show ip route X [json]: the selected entry, or none
// ("% Network not in table", JSON {}), which proves there is no route.
func (r reader) routeLookup(v *frr.RouteLookup) {
	s := r.scope()
	if a, err := netip.ParseAddr(r.cmd.Arg); err == nil {
		s.Query = netip.PrefixFrom(a, a.BitLen())
	} else if p, err := netip.ParsePrefix(r.cmd.Arg); err == nil {
		s.Query = p
	}
	s.Key = s.Query.String()
	if v.Unavailable != frr.Available && v.Unavailable != frr.NotInTable {
		r.unavailable(v.Unavailable, v.UnavailableText)
		return
	}
	l := evidence.Listing[evidence.RouteEntry]{Out: r.o, Scope: s, Rank: 2}
	for _, e := range v.Entries {
		if !e.Selected && len(v.Entries) > 1 {
			continue // another protocol's entry for the prefix, not the one in use
		}
		f := evidence.RouteEntry{Prefix: e.Prefix, Protocol: e.Protocol, VRF: vrfName(e.VRF), Ref: r.ref(e.Span)}
		for _, nh := range e.NextHops {
			f.NextHops = append(f.NextHops, evidence.NextHop{Address: nh.Addr, Interface: nh.Interface})
			f.Ref.Mark(evidence.AttrNextHop, nh.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.RouteLookups = append(r.cpe.RouteLookups, l)
}

// config reads FRR's running configuration: the BGP process and its
// neighbors with their policies. It is the routing part of the CPE's
// configuration only (tunnels are iproute2's, crypto strongSwan's), so its
// listing is keyed "routing" and proves nothing about interfaces.
func (r reader) config(v *frr.Config) {
	cfg := evidence.Config{Hostname: v.Hostname, Ref: r.ref(spanOf(r.o))}
	for _, rt := range v.Routers {
		vrf := vrfName(rt.VRF)
		if cfg.BGP == nil {
			cfg.BGP = &evidence.BGPConfig{Ref: r.ref(rt.Span)}
		}
		if vrf == "" {
			cfg.BGP.LocalAS = rt.AS
			cfg.BGP.Ref = r.ref(rt.Span)
		}
		for _, n := range rt.Neighbors {
			a, err := netip.ParseAddr(n.Neighbor)
			if err != nil {
				continue // a peer group or an interface
			}
			nc := evidence.BGPNeighborConfig{Address: a, VRF: vrf, PasswordSet: n.PasswordConfigured, LocalAS: n.LocalAS,
				Shutdown: n.Shutdown, SoftReconfigIn: n.SoftReconfig, DefaultOriginate: n.DefaultOriginate, Ref: r.ref(n.Span)}
			if as, err := strconv.ParseUint(n.RemoteAS, 10, 32); err == nil {
				nc.RemoteAS = uint32(as)
			}
			if n.RouteMapIn != "" {
				nc.InboundPolicy = append(nc.InboundPolicy, "route-map "+n.RouteMapIn)
			}
			if n.PrefixListIn != "" {
				nc.InboundPolicy = append(nc.InboundPolicy, "prefix-list "+n.PrefixListIn)
			}
			if n.RouteMapOut != "" {
				nc.OutboundPolicy = append(nc.OutboundPolicy, "route-map "+n.RouteMapOut)
			}
			if n.PrefixListOut != "" {
				nc.OutboundPolicy = append(nc.OutboundPolicy, "prefix-list "+n.PrefixListOut)
			}
			nc.Ref.MarkWhere(evidence.AttrRemoteAS, "remote-as")
			nc.Ref.MarkWhere(evidence.AttrPassword, " password ")
			nc.Ref.MarkWhere(evidence.AttrPolicy, "route-map", "prefix-list")
			nc.Ref.MarkWhere(evidence.AttrShutdown, " shutdown")
			nc.Ref.MarkWhere(evidence.AttrLocalAS, " local-as ")
			nc.Ref.MarkWhere(evidence.AttrOriginate, " default-originate")
			cfg.BGP.Neighbors = append(cfg.BGP.Neighbors, nc)
		}
	}
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
		Scope: evidence.Scope{Key: "routing"}, Rank: 1, Items: []evidence.Config{cfg}})
}

// frrVersion reads show version.
func (r reader) frrVersion(v *frr.Version) {
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{{Hostname: v.Hostname, Software: "FRRouting", Version: v.Version, Ref: r.ref(spanOf(r.o))}}})
}

// frrUptime reads FRR's peer_uptime: "01:36:41" under a day, "1d02h03m"
// under a week, "02w3d04h" beyond; "never" and anything else is unknown.
func frrUptime(s string) (time.Duration, bool) {
	var h, m, sec int
	if n, err := fmt.Sscanf(s, "%d:%d:%d", &h, &m, &sec); err == nil && n == 3 && len(s) == 8 {
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	var total time.Duration
	units := map[byte]time.Duration{'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute, 's': time.Second}
	num, parts := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			num = num*10 + int(c-'0')
			if num > 1_000_000 {
				return 0, false
			}
		case units[c] > 0 && i > 0 && s[i-1] >= '0' && s[i-1] <= '9':
			total += time.Duration(num) * units[c]
			num = 0
			parts++
		default:
			return 0, false
		}
	}
	if parts == 0 || num != 0 {
		return 0, false
	}
	return total, true
}
