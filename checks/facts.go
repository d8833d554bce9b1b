package checks

import (
	"net/netip"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// The fact lookups the checks share. Each picks the winning listing for a
// question (evidence.Best: highest rank, most specific, latest), keeps
// whether that listing could prove an absence, and says why when no
// listing covers the question.

// ikeView is what the CPE says about the IKE SAs to one peer.
type ikeView struct {
	listing evidence.Listing[evidence.IKESA]
	sas     []evidence.IKESA // IKEv2 (or unknown-version) SAs to the peer
	found   bool             // a listing covers the peer
	why     string
}

func ikeFor(t *profile.Tunnel, cpe *evidence.CPE) ikeView {
	key := t.IPsecPeer.String()
	l, ok := evidence.Best(evidence.Covering(cpe.IKESAs, key))
	if !ok {
		return ikeView{why: cpe.Why(evidence.FamilyIKE, evidence.Query{Peer: t.IPsecPeer})}
	}
	return ikeView{listing: l, sas: ikeSAsTo(l.Items, t.IPsecPeer), found: true}
}

func ikeSAsTo(items []evidence.IKESA, peer netip.Addr) []evidence.IKESA {
	var out []evidence.IKESA
	for _, sa := range items {
		if sa.Remote.Addr() == peer && sa.Version != 1 {
			out = append(out, sa)
		}
	}
	return out
}

// bestIKE prefers an established SA (a rekey leaves the old one deleting
// beside it).
func bestIKE(sas []evidence.IKESA) (evidence.IKESA, bool) {
	for _, sa := range sas {
		if sa.Established() {
			return sa, true
		}
	}
	if len(sas) > 0 {
		return sas[0], true
	}
	return evidence.IKESA{}, false
}

// childView is what the CPE says about the child SAs to one peer.
type childView struct {
	listing evidence.Listing[evidence.ChildSA]
	found   bool
	why     string
}

func childFor(t *profile.Tunnel, cpe *evidence.CPE) childView {
	l, ok := evidence.Best(evidence.Covering(cpe.ChildSAs, t.IPsecPeer.String()))
	if !ok {
		return childView{why: cpe.Why(evidence.FamilyChildSA, evidence.Query{Peer: t.IPsecPeer})}
	}
	return childView{listing: l, found: true}
}

// bestChild picks the tunnel's child SA among items: to the DI peer,
// preferring one with SAs that carries GRE between the transport IPs.
func bestChild(t *profile.Tunnel, items []evidence.ChildSA) (evidence.ChildSA, bool) {
	var mine []evidence.ChildSA
	for _, c := range items {
		if c.Peer == t.IPsecPeer || c.RemoteEndpoint == t.IPsecPeer {
			mine = append(mine, c)
		}
	}
	for _, c := range mine {
		if c.HasSA() && greSelectors(t, c) {
			return c, true
		}
	}
	for _, c := range mine {
		if c.HasSA() {
			return c, true
		}
	}
	if len(mine) > 0 {
		return mine[0], true
	}
	return evidence.ChildSA{}, false
}

// greSelectors reports selectors for GRE between the two transport IPs.
func greSelectors(t *profile.Tunnel, c evidence.ChildSA) bool {
	return c.Local.Protocol == 47 && c.Remote.Protocol == 47 &&
		c.Local.Prefix.Bits() == 32 && c.Remote.Prefix.Bits() == 32 &&
		c.Local.Prefix.Addr() == t.GRESource && c.Remote.Prefix.Addr() == t.GREDestination
}

// configView is the CPE's configuration: the latest complete one, and the
// partial ones (one interface, a filtered listing), which are trusted for
// what they show and never for what they lack. A filtered listing taken
// after the full one never replaces it.
type configView struct {
	full  *evidence.Config
	parts []evidence.Listing[evidence.Config]
	why   string
}

func configOf(cpe *evidence.CPE) configView {
	var v configView
	for _, l := range cpe.Configs {
		if len(l.Items) == 0 {
			continue
		}
		if !l.Scope.Partial && l.Scope.Key == "" {
			v.full = &l.Items[0]
		} else {
			v.parts = append(v.parts, l)
		}
	}
	if v.full == nil && len(v.parts) == 0 {
		v.why = cpe.Why(evidence.FamilyConfig, evidence.Query{})
	}
	return v
}

// ok reports whether any configuration was read.
func (v configView) ok() bool { return v.full != nil || len(v.parts) > 0 }

// iface returns the configured interface: from the full configuration, else
// the newest partial one that shows it. proven is true when an output
// that would list it was read (so nil means it does not exist).
func (v configView) iface(name string) (ic *evidence.InterfaceConfig, proven bool) {
	if v.full != nil {
		return v.full.Interface(name), true
	}
	for i := len(v.parts) - 1; i >= 0; i-- {
		c := &v.parts[i].Items[0]
		if ic := c.Interface(name); ic != nil {
			return ic, true
		}
		if !v.parts[i].Scope.Partial && v.parts[i].Scope.Covers("interface "+name) {
			proven = true
		}
	}
	return nil, proven
}

// interfaces lists every configured interface the configuration shows.
func (v configView) interfaces() []evidence.InterfaceConfig {
	if v.full != nil {
		return v.full.Interfaces
	}
	var out []evidence.InterfaceConfig
	for _, l := range v.parts {
		out = append(out, l.Items[0].Interfaces...)
	}
	return out
}

// bgp returns the BGP configuration: the full configuration's (proven:
// nil means none), else the newest partial one that shows it.
func (v configView) bgp() (b *evidence.BGPConfig, proven bool) {
	if v.full != nil {
		return v.full.BGP, true
	}
	for i := len(v.parts) - 1; i >= 0; i-- {
		if b := v.parts[i].Items[0].BGP; b != nil {
			return b, true
		}
	}
	return nil, false
}

// crypto returns the configuration that holds the crypto sections: the
// full one, else the newest partial one with IKE or IPsec settings.
func (v configView) crypto() (*evidence.Config, bool) {
	if v.full != nil {
		return v.full, true
	}
	for i := len(v.parts) - 1; i >= 0; i-- {
		c := &v.parts[i].Items[0]
		if len(c.IKEProposals) > 0 || len(c.IPsec) > 0 || len(c.Selectors) > 0 || len(c.IKEPolicies) > 0 {
			return c, false
		}
	}
	return nil, false
}

// neighborView is what the CPE says about the BGP session to the DI tunnel
// IP: the winning listing (a neighbor detail outranks a summary row).
type neighborView struct {
	n     *evidence.BGPNeighbor
	l     evidence.Listing[evidence.BGPNeighbor]
	found bool // a listing covers the neighbor
	why   string
}

func neighborOf(t *profile.Tunnel, cpe *evidence.CPE) neighborView {
	cov := evidence.Covering(cpe.BGPNeighbors, t.DITunnelIP.String())
	// A neighbor detail wins even when it comes from a whole listing.
	var v neighborView
	for _, l := range cov {
		for i := range l.Items {
			if l.Items[i].Address != t.DITunnelIP {
				continue
			}
			if v.n == nil || l.Rank >= v.l.Rank {
				v.n, v.l = &l.Items[i], l
			}
		}
	}
	if v.n != nil {
		v.found = true
		return v
	}
	if l, ok := evidence.Best(cov); ok {
		return neighborView{l: l, found: true}
	}
	return neighborView{why: cpe.Why(evidence.FamilyBGPNeighbor, evidence.Query{Neighbor: t.DITunnelIP})}
}

// sampleGap is the time between two samples, or 0 when either has no clock.
func sampleGap(a, b *evidence.Output) time.Duration {
	if a == nil || b == nil || a.At.IsZero() || b.At.IsZero() {
		return 0
	}
	return b.At.Sub(a.At)
}

// logsAbout returns the log events of the kinds about peer (the address
// the message names as the remote end), oldest first.
func logsAbout(cpe *evidence.CPE, peer netip.Addr, kinds ...evidence.LogKind) []evidence.LogEvent {
	var out []evidence.LogEvent
	for _, l := range cpe.Logs {
		for _, e := range l.Items {
			if e.Peer != peer {
				continue
			}
			for _, k := range kinds {
				if e.Kind == k {
					out = append(out, e)
					break
				}
			}
		}
	}
	return out
}
