package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vcdiag/vcdiag/checks"
)

var (
	siteLabels   = []string{"site"}
	tunnelLabels = []string{"site", "tunnel", "dc", "cpe"}
	stageLabels  = []string{"site", "tunnel", "dc", "cpe", "stage"}
	checkLabels  = []string{"site", "tunnel", "dc", "cpe", "stage", "check"}
)

func desc(name, help string, labels []string) *prometheus.Desc {
	return prometheus.NewDesc("vcdiag_"+name, help, labels, nil)
}

const codes = " (0 pass, 1 warn, 2 fail, 3 unknown, 4 skip)."

var (
	descSite   = desc("site_status", "Overall status of the site"+codes, siteLabels)
	descTunnel = desc("tunnel_status", "Status of a tunnel's ladder"+codes, tunnelLabels)
	descStage  = desc("stage_status", "Status of one rung of a tunnel's ladder"+codes, stageLabels)
	descCheck  = desc("check_status", "Status of one check; site checks have stage=\"site\" and no tunnel"+codes, checkLabels)
	descIPsec  = desc("ipsec_sa_up", "1 when the tunnel's IPsec SAs are present (ipsec.sa-present passes), 0 when not or blocked by a lower rung.", tunnelLabels)

	descFailover = desc("failover_ready", "1 when either tunnel can carry everything (BGP up and the /24 received on both), else 0.", siteLabels)
	descSiteLoad = desc("site_load_bps", "Sum of the tunnels' 5-minute rates, max(in, out), in bit/s.", siteLabels)
	descRatio    = desc("site_load_ratio", "site_load_bps over the bandwidth budget (1 = at the budget; both tunnels together must stay under it).", siteLabels)
	descBudget   = desc("bandwidth_budget_bps", "The bandwidth budget both tunnels together must stay under, in bit/s (250 Mbit/s unless the profile says otherwise).", siteLabels)
	descCPEUp    = desc("collection_up", "1 when the latest cycle collected from the CPE without a problem, else 0.", []string{"site", "cpe"})

	// The root causes name a check, never its fix: the fix is text, and a
	// label is for joining and grouping. `vcdiag explain CHECK` gives it.
	descTunnelRoot = desc("tunnel_root_cause", "Always 1: the check that is the tunnel's root cause (the first failing check of the lowest failing rung, or a proven fault above it that explains that failure) and its rung (stage); no series when the tunnel has none (it passes, warns, or could not be checked). The fix: vcdiag explain CHECK.", checkLabels)
	descSiteRoot   = desc("site_root_cause", "Always 1: a failing site check that no tunnel's root cause explains (over capacity with both tunnels up). The fix: vcdiag explain CHECK.", []string{"site", "check"})

	// descValues are the per-tunnel values Measure reads, by value name.
	descValues = map[string]*prometheus.Desc{
		ikeSAUp:            desc(ikeSAUp, "1 when an IKEv2 SA to the DI IPsec peer is established, else 0.", tunnelLabels),
		ikeSAAge:           desc(ikeSAAge, "Active time of the tunnel's established IKEv2 SA, in seconds.", tunnelLabels),
		encapsRate:         desc(encapsRate, "IPsec packets encapsulated per second between the two samples of the IPsec SA counters.", tunnelLabels),
		decapsRate:         desc(decapsRate, "IPsec packets decapsulated per second between the two samples of the IPsec SA counters.", tunnelLabels),
		bgpEstablished:     desc(bgpEstablished, "1 when the BGP session to the DI tunnel IP is Established, else 0.", tunnelLabels),
		prefixesReceived:   desc(prefixesReceived, "Prefixes received from the DI neighbor.", tunnelLabels),
		prefixesAdvertised: desc(prefixesAdvertised, "Prefixes advertised to the DI neighbor (should be 1: 0.0.0.0/0).", tunnelLabels),
		pingRTT:            desc(pingRTT, "Average round-trip time of the CPE's tunnel-IP ping, in seconds.", tunnelLabels),
		pingLoss:           desc(pingLoss, "Share of the tunnel-IP ping's echoes lost (0 to 1).", tunnelLabels),
		tunnelLoad:         desc(tunnelLoad, "The tunnel interface's 5-minute rate, max(in, out), in bit/s.", tunnelLabels),
	}
	// valueOrder keeps Describe and Collect deterministic.
	valueOrder = []string{ikeSAUp, ikeSAAge, encapsRate, decapsRate, bgpEstablished, prefixesReceived,
		prefixesAdvertised, pingRTT, pingLoss, tunnelLoad}
)

// verdicts is the collector of the latest report's families: it builds
// constant metrics from the snapshot on every scrape, so a tunnel or check
// that disappears from the report disappears from the metrics too.
type verdicts struct{ e *Exporter }

func (v verdicts) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSite, descTunnel, descStage, descCheck, descIPsec,
		descFailover, descSiteLoad, descRatio, descBudget, descCPEUp, descTunnelRoot, descSiteRoot} {
		ch <- d
	}
	for _, n := range valueOrder {
		ch <- descValues[n]
	}
}

func (v verdicts) Collect(ch chan<- prometheus.Metric) {
	v.e.mu.Lock()
	s, site := v.e.snap, v.e.site
	v.e.mu.Unlock()
	if s.rep == nil {
		return
	}
	gauge := func(d *prometheus.Desc, val float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, val, labels...)
	}
	gauge(descSite, Code(s.rep.Status), site)
	var load float64
	loadKnown := len(s.rep.Tunnels) > 0
	for _, t := range s.rep.Tunnels {
		tl := []string{site, t.Name, t.DC, t.CPE}
		gauge(descTunnel, Code(t.Status), tl...)
		if rc := t.RootCause; rc != nil {
			gauge(descTunnelRoot, 1, append(tl, string(rc.Stage), rc.Check)...)
		}
		for _, st := range t.Stages {
			gauge(descStage, Code(st.Status), append(tl, string(st.Stage))...)
			for _, c := range st.Checks {
				gauge(descCheck, Code(c.Status), append(tl, string(st.Stage), c.ID)...)
				if c.ID == "ipsec.sa-present" {
					if up, ok := upValue(c.Status); ok {
						gauge(descIPsec, up, tl...)
					}
				}
			}
		}
		for _, n := range valueOrder {
			if val, ok := s.meas[t.Name][n]; ok {
				gauge(descValues[n], val, tl...)
			}
		}
		l, ok := s.meas[t.Name][tunnelLoad]
		load += l
		loadKnown = loadKnown && ok
	}
	for _, c := range s.rep.SiteChecks {
		gauge(descCheck, Code(c.Status), site, "", "", "", string(checks.StageSite), c.ID)
		if c.ID == "site.failover-ready" {
			if up, ok := upValue(c.Status); ok {
				gauge(descFailover, up, site)
			}
		}
	}
	for _, rc := range s.rep.SiteRootCauses {
		gauge(descSiteRoot, 1, site, rc.Check)
	}
	if loadKnown {
		gauge(descSiteLoad, load, site)
		if s.budget > 0 {
			gauge(descRatio, load/s.budget, site)
		}
	}
	if s.budget > 0 {
		gauge(descBudget, s.budget, site)
	}
	for cpe, up := range s.up {
		gauge(descCPEUp, b2f(up), site, cpe)
	}
}
