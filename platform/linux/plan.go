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
	d := Dialect{}
	return platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: vtysh("show version"), Samples: 1, Family: evidence.FamilyVersion},
		{Command: "swanctl --version", Samples: 1, Family: evidence.FamilyVersion},
		{Command: vtysh("show running-config"), Samples: 1, Family: evidence.FamilyConfig},
		{Command: "swanctl --list-conns", Samples: 1, Family: evidence.FamilyConfig},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
	}, pingSource)
}

// pingSource is what a tunnel's pings are sourced from: the interface, or
// the CPE tunnel address when the profile does not name it.
func pingSource(t *profile.Tunnel) string {
	if t.Interface != "" {
		return t.Interface
	}
	return t.CPETunnelIP.Addr().String()
}
