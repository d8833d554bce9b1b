package panos

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// peerKey names a BGP peer the way the RIB listings do: by virtual router
// and configured name.
type peerKey struct{ vr, name string }

// peerAddresses maps the peers of the latest show routing protocol bgp
// peer read on this CPE to their addresses. The loc-rib and rib-out
// listings name peers, never their addresses; without this map they
// cannot be tied to a tunnel.
func (r reader) peerAddresses() map[peerKey]netip.Addr {
	for i := len(r.cpe.BGPNeighbors) - 1; i >= 0; i-- {
		l := r.cpe.BGPNeighbors[i]
		if l.Out == nil || l.Out.Kind != KindBGPPeer {
			continue
		}
		peers, ok := l.Out.Parsed.([]parse.BGPPeer)
		if !ok {
			continue
		}
		m := map[peerKey]netip.Addr{}
		for _, p := range peers {
			if p.PeerAddr.IsValid() {
				m[peerKey{vrName(p.VirtualRouter), p.Name}] = p.PeerAddr
			}
		}
		return m
	}
	return nil
}

// rib reads show routing protocol bgp loc-rib (the paths kept after the
// import rules: routes accepted) or rib-out (routes advertised, the rows
// with advertise status "advertised"). Each listing is split into one
// listing per peer, keyed by the peer's address, so that a peer with no
// row proves that nothing was kept from or sent to it. A listing without
// its "total routes shown" footer may be cut short: it proves presence
// only.
func (r reader) rib(v *parse.RIB) {
	addrs := r.peerAddresses()
	if addrs == nil {
		r.o.Notes = append(r.o.Notes, r.cmd.Text+" names BGP peers, not addresses; show routing protocol bgp peer, which maps them, was not read before it: its routes are not tied to a tunnel")
		return
	}
	base := r.scope()
	if v.Shown < 0 {
		base.Partial = true
	}
	shown := map[string]bool{}
	for _, vr := range v.VirtualRouters {
		shown[vrName(vr)] = true
	}
	per := map[netip.Addr]*evidence.Listing[evidence.BGPRoute]{}
	var order []netip.Addr
	for k, a := range addrs {
		if !shown[k.vr] {
			continue // a section the output did not have proves nothing
		}
		s := base
		s.Key, s.VRF = a.String(), k.vr
		per[a] = &evidence.Listing[evidence.BGPRoute]{Out: r.o, Scope: s, Rank: rankTable}
		order = append(order, a)
	}
	var unknownPeers []string
	for _, rt := range v.Routes {
		if v.Out && !rt.Advertised() {
			continue
		}
		a, ok := addrs[peerKey{vrName(rt.VirtualRouter), rt.Peer}]
		if !ok {
			unknownPeers = append(unknownPeers, rt.Peer)
			continue
		}
		f := evidence.BGPRoute{Prefix: rt.Prefix, NextHop: rt.Nexthop, Valid: true, Best: rt.Best || v.Out,
			Path: rt.ASPath, VRF: vrName(rt.VirtualRouter), Ref: r.ref(rt.Span)}
		if v.Out && strings.EqualFold(rt.Originator, "Local") && rt.Prefix.Bits() == 0 {
			f.Originated = true
		}
		per[a].Items = append(per[a].Items, f)
	}
	if len(unknownPeers) > 0 {
		r.o.Notes = append(r.o.Notes, "routes of peers not in show routing protocol bgp peer were set aside: "+strings.Join(unknownPeers, ", "))
	}
	slices.SortFunc(order, netip.Addr.Compare)
	for _, a := range order {
		l := *per[a]
		if v.Out {
			r.cpe.RoutesAdvertised = append(r.cpe.RoutesAdvertised, l)
		} else {
			r.cpe.RoutesAccepted = append(r.cpe.RoutesAccepted, l)
		}
	}
}

// systemInfo reads show system info: host name, model and PAN-OS release.
func (r reader) systemInfo(v *parse.SystemInfo) {
	f := evidence.Version{Hostname: v.Hostname, Software: "PAN-OS", Version: v.SWVersion, Model: v.Model, Ref: r.ref(v.Span)}
	f.Ref.MarkWhere(evidence.AttrHead, "sw-version:", "model:")
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{f}})
}

// bgpSummary reads show routing protocol bgp summary as the BGP
// configuration: the local AS of each virtual router and every peer
// configured in it (the listing names all of them, in every state), with
// "Password set" taken from the latest show routing protocol bgp peer for
// the same address (the summary does not show it). PAN-OS sets the local
// AS per virtual router: each peer carries its virtual router's as its
// local AS. An output with a virtual router block without "Local AS:" is
// not read as configuration (a missing AS would read as AS 0).
func (r reader) bgpSummary(v []parse.BGPSummary) {
	pw := map[netip.Addr]bool{}
	for i := len(r.cpe.BGPNeighbors) - 1; i >= 0; i-- {
		if peers, ok := r.cpe.BGPNeighbors[i].Out.Parsed.([]parse.BGPPeer); ok {
			for _, p := range peers {
				pw[p.PeerAddr] = p.PasswordSet
			}
			break
		}
	}
	b := &evidence.BGPConfig{Ref: r.ref(spanOfSummaries(v))}
	b.Ref.MarkWhere(evidence.AttrLocalAS, "Local AS:")
	for i, s := range v {
		if s.LocalAS == 0 {
			r.o.Notes = append(r.o.Notes, "virtual router "+s.VirtualRouter+" shows no Local AS: the BGP summary is not read as configuration")
			return
		}
		if i == 0 {
			b.LocalAS = s.LocalAS
		}
		for _, p := range s.Peers {
			if !p.Address.IsValid() {
				continue
			}
			ref := r.ref(p.Span)
			ref.Mark(evidence.AttrRemoteAS, p.Span.Start)
			ref.Mark(evidence.AttrLocalAS, s.LocalASLine)
			b.Neighbors = append(b.Neighbors, evidence.BGPNeighborConfig{Address: p.Address, VRF: vrName(s.VirtualRouter),
				RemoteAS: p.RemoteAS, LocalAS: s.LocalAS, PasswordSet: pw[p.Address], Ref: ref})
		}
	}
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
		Scope: evidence.Scope{Key: "bgp", Partial: true}, Rank: rankTable, Items: []evidence.Config{{BGP: b, Ref: b.Ref}}})
}

func spanOfSummaries(v []parse.BGPSummary) (s parsers.Span) {
	for _, x := range v {
		s.Cover(x.Span.Start)
		s.Cover(x.Span.End)
	}
	return s
}
