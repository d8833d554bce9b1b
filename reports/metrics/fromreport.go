package metrics

import (
	"regexp"
	"strconv"

	"github.com/vcdiag/vcdiag/checks"
)

// fromReport reads the values a report alone carries, for `vcdiag run
// --format prometheus` on a report without its evidence: the up/down
// values from the verdicts, and a few numbers from the observed text and
// cited lines of the checks that print them. Measure, when it has the
// evidence, overrides every one of them with the exact value.
func fromReport(rep *checks.Report) Measurements {
	m := Measurements{}
	if rep == nil {
		return m
	}
	for _, t := range rep.Tunnels {
		for _, st := range t.Stages {
			for _, c := range st.Checks {
				fromCheck(m, t.Name, c)
			}
		}
	}
	for _, c := range rep.SiteChecks {
		if c.ID != "site.capacity" {
			continue
		}
		for _, g := range reTunnelRate.FindAllStringSubmatch(c.Observed, -1) {
			if mbps, err := strconv.ParseFloat(g[2], 64); err == nil {
				m.set(g[1], tunnelLoad, mbps*1e6)
			}
		}
	}
	return m
}

var (
	// "tunnel1 41.2 Mbit/s + tunnel2 36.9 Mbit/s = 78.1 Mbit/s" (site.capacity)
	reTunnelRate = regexp.MustCompile(`(\S+) ([0-9.]+) Mbit/s`)
	// "100% (5/5) !!!!!" (ping.tunnel-ip)
	rePing = regexp.MustCompile(`\((\d+)/(\d+)\)`)
	// "      Life/Active Time: 86400/5831 sec" (show crypto ikev2 sa detail)
	reActive = regexp.MustCompile(`Life/Active Time: \d+/(\d+) sec`)
	// "under 250 Mbit/s" (site.capacity expected)
	reBudget = regexp.MustCompile(`under (\d+) Mbit/s`)
)

func fromCheck(m Measurements, tunnel string, c checks.Result) {
	switch c.ID {
	case "ikev2.sa-ready":
		if up, ok := upValue(c.Status); ok {
			m.set(tunnel, ikeSAUp, up)
		}
	case "ikev2.sa-present":
		if c.Status != checks.Pass {
			return
		}
		for _, cite := range c.Evidence {
			for _, l := range cite.Lines {
				if g := reActive.FindStringSubmatch(l); g != nil {
					s, _ := strconv.ParseFloat(g[1], 64)
					m.set(tunnel, ikeSAAge, s)
					return
				}
			}
		}
	case "bgp.established":
		if up, ok := upValue(c.Status); ok {
			m.set(tunnel, bgpEstablished, up)
		}
	case "ping.tunnel-ip":
		g := rePing.FindStringSubmatch(c.Observed)
		if g == nil {
			return
		}
		recv, _ := strconv.ParseFloat(g[1], 64)
		sent, _ := strconv.ParseFloat(g[2], 64)
		if sent > 0 {
			m.set(tunnel, pingLoss, (sent-recv)/sent)
		}
	}
}

// budgetFromReport reads the bandwidth budget from site.capacity's
// expected text, in bit/s (0 when absent).
func budgetFromReport(rep *checks.Report) float64 {
	for _, c := range rep.SiteChecks {
		if c.ID != "site.capacity" {
			continue
		}
		if g := reBudget.FindStringSubmatch(c.Expected); g != nil {
			mbps, _ := strconv.ParseFloat(g[1], 64)
			return mbps * 1e6
		}
	}
	return 0
}
