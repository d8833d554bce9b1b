package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Site checks: risks that are not rungs of one tunnel.

// tunnelRate is a tunnel's traffic rate, max(in, out), from its newest
// interface state that shows rates.
func tunnelRate(t *profile.Tunnel, ev *evidence.Site) (uint64, []Citation, string) {
	cpe := ev.CPE(t.CPE)
	if cpe == nil {
		return 0, nil, "no evidence from " + t.CPE
	}
	ti := findInterface(t, cpe)
	for i := len(ti.States) - 1; i >= 0; i-- {
		s := ti.States[i]
		if s.HasRates {
			return max(s.InRate, s.OutRate), citeRef(cpe.Name, s.Ref, evidence.AttrRates), ""
		}
	}
	why := ti.Why
	if why == "" && len(ti.States) > 0 {
		why = "the outputs read for " + ti.Name + " show no traffic rates"
	}
	if why == "" {
		why = cpe.Why(evidence.FamilyInterface, evidence.Query{Interface: ti.Name}) + " (no traffic rates for " + ti.Name + ")"
	}
	return 0, nil, t.Name + ": " + why
}

func checkSiteCapacity(p *profile.Profile, ev *evidence.Site, _ []TunnelReport) Result {
	limit := uint64(bandwidthLimit(p)) * 1_000_000
	var sum uint64
	var c []Citation
	var parts, missing []string
	for i := range p.Tunnels {
		t := p.Tunnels[i]
		if t.Site == nil {
			t.Site = p
		}
		rate, cs, why := tunnelRate(&t, ev)
		if why != "" {
			missing = append(missing, why)
			continue
		}
		sum += rate
		c = append(c, cs...)
		parts = append(parts, fmt.Sprintf("%s %.1f Mbit/s", p.Tunnels[i].Name, float64(rate)/1e6))
	}
	r := Result{Expected: fmt.Sprintf("both tunnels together under %d Mbit/s (80%% warns)", bandwidthLimit(p)),
		Observed: fmt.Sprintf("%s = %.1f Mbit/s", strings.Join(parts, " + "), float64(sum)/1e6), Evidence: c,
		Values: map[string]float64{ValueSiteLoad: float64(sum), ValueSiteLimit: float64(limit)}}
	switch {
	case sum > limit:
		r.Status = Fail
		r.Summary = fmt.Sprintf("the tunnels together carry %.1f Mbit/s, over the %d Mbit/s limit: both tunnels together must stay under the limit because on failure one carries everything", float64(sum)/1e6, bandwidthLimit(p))
	case len(missing) > 0:
		return unknown("no rate data: " + strings.Join(missing, "; "))
	case sum*100 >= limit*80:
		r.Status = Warn
		r.Summary = fmt.Sprintf("the tunnels together carry %.1f Mbit/s, %d%% of the %d Mbit/s limit", float64(sum)/1e6, sum*100/limit, bandwidthLimit(p))
	default:
		r.Status = Pass
		r.Summary = fmt.Sprintf("the tunnels together carry %.1f Mbit/s of the %d Mbit/s limit", float64(sum)/1e6, bandwidthLimit(p))
	}
	return r
}

// resultOf finds a check's result in a tunnel report.
func resultOf(tr TunnelReport, id string) (Result, bool) {
	for _, s := range tr.Stages {
		for _, r := range s.Checks {
			if r.ID == id {
				return r, true
			}
		}
	}
	return Result{}, false
}

func checkSiteFailoverReady(p *profile.Profile, _ *evidence.Site, tunnels []TunnelReport) Result {
	r := Result{Expected: "BGP Established and the /24 kept on every tunnel"}
	var down, no24, unsure, obs []string
	for _, tr := range tunnels {
		bgp, _ := resultOf(tr, "bgp.established")
		b24, _ := resultOf(tr, "routes.backup-24")
		obs = append(obs, fmt.Sprintf("%s: BGP %s, /24 %s", tr.Name, bgp.Status, b24.Status))
		switch {
		case bgp.Status == Fail || tr.RootCause != nil && stageIndex(tr.RootCause.Stage) <= stageIndex(StageBGP):
			down = append(down, tr.Name)
			r.Evidence = append(r.Evidence, bgp.Evidence...)
			if tr.RootCause != nil {
				rc, _ := resultOf(tr, tr.RootCause.Check)
				r.Evidence = append(r.Evidence, rc.Evidence...)
			}
		case b24.Status == Fail:
			no24 = append(no24, tr.Name)
			r.Evidence = append(r.Evidence, b24.Evidence...)
		case bgp.Status != Pass || b24.Status != Pass:
			unsure = append(unsure, tr.Name)
		default:
			r.Evidence = append(r.Evidence, bgp.Evidence...)
			r.Evidence = append(r.Evidence, b24.Evidence...)
		}
	}
	r.Observed = strings.Join(obs, "; ")
	switch {
	case len(tunnels) < 2:
		return unknown("the profile has fewer than two tunnels: there is nothing to fail over to")
	case len(down) > 0 && len(down) < len(tunnels):
		r.Status = Fail
		r.Summary = "site degraded: running on one tunnel, failover active (" + strings.Join(down, ", ") + " down)"
	case len(down) > 0:
		r.Status, r.Summary = Fail, "no tunnel is up: the site has no path to Dedicated Instance"
	case len(no24) > 0:
		r.Status = Fail
		r.Summary = "the backup /24 is missing on " + strings.Join(no24, ", ") + ": failover will not work"
	case len(unsure) > 0:
		return unknown("failover readiness could not be confirmed on " + strings.Join(unsure, ", "))
	default:
		r.Status, r.Summary = Pass, "both tunnels are up with the backup /24: failover is ready"
	}
	if r.Status == Fail {
		r.ExplainedBy = explainedByTunnels(tunnels, append(down, no24...))
	}
	if r.Evidence == nil {
		return unknown(r.Summary + " (no evidence lines to cite)")
	}
	return r
}

// explainedByTunnels is the root cause of the first named tunnel when every
// named tunnel has one: a site check failing because those tunnels fail is
// their consequence, not a cause of its own. "" otherwise.
func explainedByTunnels(tunnels []TunnelReport, names []string) string {
	first := ""
	for _, name := range names {
		i := slices.IndexFunc(tunnels, func(tr TunnelReport) bool { return tr.Name == name })
		if i < 0 || tunnels[i].RootCause == nil {
			return ""
		}
		if first == "" {
			first = tunnels[i].RootCause.Check
		}
	}
	return first
}

func checkSiteBothDCs(p *profile.Profile, _ *evidence.Site, _ []TunnelReport) Result {
	var lines []string
	has := map[profile.DC]bool{}
	for i, t := range p.Tunnels {
		has[profile.DC(strings.ToUpper(string(t.DC)))] = true
		lines = append(lines, fmt.Sprintf("tunnels[%d] %s: dc %s, cpe %s", i, t.Name, t.DC, t.CPE))
	}
	r := Result{Expected: "one tunnel to DC-A and one to DC-B", Observed: strings.Join(lines, "; "),
		Evidence: []Citation{{Command: "site profile", Lines: lines}}}
	if len(lines) == 0 {
		return unknown("the profile has no tunnels")
	}
	if has[profile.DCA] && has[profile.DCB] {
		r.Status, r.Summary = Pass, "the tunnels cover DC-A and DC-B"
		return r
	}
	r.Status, r.Summary = Warn, "the tunnels do not cover both DC-A and DC-B: there is no redundancy across data centers"
	return r
}

// bandwidthLimit is the site's combined limit in Mbit/s.
func bandwidthLimit(p *profile.Profile) int {
	if p.BandwidthLimitMbps > 0 {
		return p.BandwidthLimitMbps
	}
	return profile.DefaultBandwidthLimitMbps
}
