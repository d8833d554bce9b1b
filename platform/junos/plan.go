package junos

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// Junos CPE, in collection order: version, configuration, the IKE and
// IPsec SAs (two samples each, for their age and SPIs), on a CPE with a
// single tunnel the IPsec statistics (two samples, for the ESP counters),
// then the shared tunnel plan; the messages log comes last.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	head := []platform.Planned{
		{Command: d.Show(evidence.Query{Family: evidence.FamilyVersion}), Samples: 1, Family: evidence.FamilyVersion},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyConfig}), Samples: 1, Family: evidence.FamilyConfig},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 2, Family: evidence.FamilyChildSA},
	}
	if tunnelsOn(p, cpe) == 1 {
		// The SA listings carry no packet counters. The all-tunnel
		// statistics are this tunnel's when the CPE has only it; the
		// per-tunnel form needs the index, which is known only once the
		// SAs are listed.
		head = append(head, platform.Planned{Command: "show security ipsec statistics", Samples: 2, Family: evidence.FamilyChildSA})
	}
	return platform.TunnelPlan(p, cpe, d, head, pingSource)
}

// tunnelsOn counts the profile's tunnels on cpe.
func tunnelsOn(p *profile.Profile, cpe string) int {
	n := 0
	for _, t := range p.Tunnels {
		if t.CPE == cpe {
			n++
		}
	}
	return n
}

// pingSource is a tunnel's ping source: the CPE tunnel address (Junos
// ping's source takes an address; the interface option changes the
// egress, not only the source).
func pingSource(t *profile.Tunnel) string {
	return t.CPETunnelIP.Addr().String()
}
