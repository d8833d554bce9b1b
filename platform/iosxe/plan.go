package iosxe

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the IOS commands that give the facts the ladder asks for,
// for the tunnels of one CPE, in collection order. The counter commands
// get two samples. "show logging" comes last, so that it holds what
// happened during the collection too.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	return platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: "show version", Samples: 1, Family: evidence.FamilyVersion},
		{Command: "show running-config", Samples: 1, Family: evidence.FamilyConfig},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 2, Family: evidence.FamilyChildSA},
		{Command: "show crypto session detail", Samples: 1, Family: evidence.FamilyChildSA},
	}, pingSource)
}

// pingSource is what a tunnel's pings are sourced from: the interface, or
// the CPE tunnel address when the profile does not name the interface.
func pingSource(t *profile.Tunnel) string {
	if t.Interface != "" {
		return parsers.InterfaceName(t.Interface)
	}
	return t.CPETunnelIP.Addr().String()
}
