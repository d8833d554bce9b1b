package linux

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// Linux CPE, in collection order. The counter commands (SAs, links) get
// two samples; the journal comes last, so that it holds what happened
// during the collection too.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	var tunnels []*profile.Tunnel
	for i := range p.Tunnels {
		if p.Tunnels[i].CPE == cpe {
			tunnels = append(tunnels, &p.Tunnels[i])
		}
	}
	d := Dialect{}
	out := []platform.Planned{
		{Command: vtysh("show version"), Samples: 1, Family: evidence.FamilyVersion},
		{Command: "swanctl --version", Samples: 1, Family: evidence.FamilyVersion},
		{Command: vtysh("show running-config"), Samples: 1, Family: evidence.FamilyConfig},
		{Command: "swanctl --list-conns", Samples: 1, Family: evidence.FamilyConfig},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
	}
	seen := map[string]bool{}
	add := func(f evidence.Family, cmd string, samples int) {
		if !seen[cmd] {
			seen[cmd] = true
			out = append(out, platform.Planned{Command: cmd, Samples: samples, Family: f})
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

// pingSource is what a tunnel's pings are sourced from: the interface, or
// the CPE tunnel address when the profile does not name it.
func pingSource(t *profile.Tunnel) string {
	if t.Interface != "" {
		return t.Interface
	}
	return t.CPETunnelIP.Addr().String()
}
