package junos

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// Junos CPE, in collection order: version, configuration, the IKE and
// IPsec SAs (two samples each, for their age and SPIs), then the shared
// tunnel plan; the messages log comes last.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	return platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: d.Show(evidence.Query{Family: evidence.FamilyVersion}), Samples: 1, Family: evidence.FamilyVersion},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyConfig}), Samples: 1, Family: evidence.FamilyConfig},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 2, Family: evidence.FamilyChildSA},
	}, pingSource)
}

// pingSource is a tunnel's ping source: the CPE tunnel address (Junos
// ping's source takes an address; the interface option changes the
// egress, not only the source).
func pingSource(t *profile.Tunnel) string {
	return t.CPETunnelIP.Addr().String()
}
