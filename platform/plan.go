package platform

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// TunnelPlan is the part of a collection plan every platform shares: after
// head (the platform's own version, configuration and crypto commands), for
// the tunnels of cpe in profile order, each tunnel interface (two samples),
// each tunnel-IP ping, the BGP sessions and each neighbor's session and
// route listings, the route lookups of the DC hosts, and the log last (so
// that it holds what happened during the collection). Every command is
// spelled by d; pingSource names a tunnel's ping source. A command is
// planned once however many tunnels ask for it.
func TunnelPlan(p *profile.Profile, cpe string, d evidence.Dialect, head []Planned, pingSource func(*profile.Tunnel) string) []Planned {
	var tunnels []*profile.Tunnel
	for i := range p.Tunnels {
		if p.Tunnels[i].CPE == cpe {
			tunnels = append(tunnels, &p.Tunnels[i])
		}
	}
	out := append([]Planned(nil), head...)
	seen := map[string]bool{}
	for _, h := range head {
		seen[h.Command] = true
	}
	add := func(f evidence.Family, cmd string, samples int) {
		if !seen[cmd] {
			seen[cmd] = true
			out = append(out, Planned{Command: cmd, Samples: samples, Family: f})
		}
	}
	for _, t := range tunnels {
		add(evidence.FamilyInterface, d.Show(evidence.Query{Family: evidence.FamilyInterface, Interface: t.Interface}), 2)
	}
	for _, t := range tunnels {
		add(evidence.FamilyPing, d.Show(evidence.Query{Family: evidence.FamilyPing, Address: t.DITunnelIP, Source: pingSource(t)}), 1)
	}
	add(evidence.FamilyBGPNeighbor, d.Show(evidence.Query{Family: evidence.FamilyBGPNeighbor}), 1)
	for _, t := range tunnels {
		n := t.DITunnelIP
		add(evidence.FamilyBGPNeighbor, d.Show(evidence.Query{Family: evidence.FamilyBGPNeighbor, Neighbor: n}), 1)
		for _, f := range []evidence.Family{evidence.FamilyRoutesReceived, evidence.FamilyRoutesAccepted, evidence.FamilyRoutesAdvertised} {
			add(f, d.Show(evidence.Query{Family: f, Neighbor: n}), 1)
		}
	}
	for _, h := range p.RouteHosts() {
		add(evidence.FamilyRouteLookup, d.Show(evidence.Query{Family: evidence.FamilyRouteLookup, Address: h}), 1)
	}
	add(evidence.FamilyLog, d.Show(evidence.Query{Family: evidence.FamilyLog}), 1)
	return out
}
