package panos

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// Plan returns the commands that give the facts the ladder asks for on a
// PAN-OS CPE, in collection order: the software version, the IKE and
// IPsec SA tables, the VPN flows, then the IPsec tunnels' proxy IDs and
// proposals (show vpn tunnel names tunnels and gateways, which the tables
// before it map to peers); then the shared tunnel plan, in which the BGP
// peer listing, followed by the BGP summary, comes before the loc-rib and
// rib-out listings (they name peers; the peer listing maps the names to
// addresses). A family with no command yet (the log) is left out. The
// ESP counters (show vpn flow tunnel-id N) need the tunnel IDs of the
// flow table, which a plan made before collection does not know: they
// are read when a session log has them.
func (Platform) Plan(p *profile.Profile, cpe string) []platform.Planned {
	d := Dialect{}
	all := platform.TunnelPlan(p, cpe, d, []platform.Planned{
		{Command: d.Show(evidence.Query{Family: evidence.FamilyVersion}), Samples: 1, Family: evidence.FamilyVersion},
		// Two samples: an SA re-created between them (a new serial) is a
		// bouncing tunnel.
		{Command: d.Show(evidence.Query{Family: evidence.FamilyIKE}), Samples: 2, Family: evidence.FamilyIKE},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyChildSA}), Samples: 1, Family: evidence.FamilyChildSA},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyInterface}), Samples: 1, Family: evidence.FamilyInterface},
		{Command: d.Show(evidence.Query{Family: evidence.FamilyConfig}), Samples: 1, Family: evidence.FamilyConfig},
	}, pingSource)
	peer := d.Show(evidence.Query{Family: evidence.FamilyBGPNeighbor})
	out := make([]platform.Planned, 0, len(all)+1)
	for _, c := range all {
		if c.Command == "" {
			continue
		}
		out = append(out, c)
		if c.Command == peer {
			// The BGP process's local AS and every configured peer: the
			// BGP configuration the peer listing alone does not give.
			out = append(out, platform.Planned{Command: bgpSummary, Samples: 1, Family: evidence.FamilyConfig})
		}
	}
	return out
}

// bgpSummary is the command that shows the BGP process: local AS and peers.
const bgpSummary = "show routing protocol bgp summary"

// pingSource is the CPE tunnel address: PAN-OS ping takes a source
// address, not an interface.
func pingSource(t *profile.Tunnel) string {
	return t.CPETunnelIP.Addr().String()
}
