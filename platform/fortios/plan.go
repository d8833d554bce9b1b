package fortios

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// FortiGate, in collection order: status, GRE configuration, the IKE
// gateways and the tunnel list (two samples: ESP counters), then the
// shared tunnel plan. A ping is several lines (its ping-options, then
// the ping): each becomes its own planned command, in order; the plan
// cannot say that they belong together, so a ping whose options failed
// still runs, with the session's previous options. The log is not
// planned: FortiOS shows it only through "execute log display", which the
// allowlist refuses.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	plan := platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: d.Show(evidence.Query{Family: evidence.FamilyVersion}), Samples: 1, Family: evidence.FamilyVersion},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyConfig}), Samples: 1, Family: evidence.FamilyConfig},
		// Two samples of the IKE SAs as of the ESP counters: the gateway
		// list prints each SA's SPIs and age, all ikev2.not-bouncing needs.
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 2, Family: evidence.FamilyChildSA},
	}, pingSource)
	var out []platform.Planned
	for _, pc := range plan {
		if pc.Command == "" {
			continue // the log
		}
		for _, line := range strings.Split(pc.Command, "\n") {
			out = append(out, platform.Planned{Command: line, Samples: pc.Samples, Family: pc.Family})
		}
	}
	return out
}

// pingSource is the address a tunnel's pings are sourced from: FortiOS's
// ping-options source takes an address, not an interface.
func pingSource(t *profile.Tunnel) string {
	if t.CPETunnelIP.IsValid() {
		return t.CPETunnelIP.Addr().String()
	}
	return ""
}
