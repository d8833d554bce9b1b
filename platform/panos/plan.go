package panos

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// PAN-OS CPE, in collection order: the IKE and IPsec SA tables and the VPN
// flows (the tunnel interfaces' state) first, then the shared tunnel plan.
// A family with no command yet (the log) is left out.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	all := platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 1, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 1, Family: evidence.FamilyChildSA},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyInterface}), Samples: 1, Family: evidence.FamilyInterface},
	}, pingSource)
	out := all[:0]
	for _, c := range all {
		if c.Command != "" {
			out = append(out, c)
		}
	}
	return out
}

// pingSource is the CPE tunnel address: PAN-OS ping takes a source
// address, not an interface.
func pingSource(t *profile.Tunnel) string {
	return t.CPETunnelIP.Addr().String()
}
