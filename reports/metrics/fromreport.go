package metrics

import (
	"github.com/vcdiag/vcdiag/checks"
)

// Names of the per-tunnel values exported; they are also the metric names
// (with the vcdiag_ prefix).
const (
	ikeSAUp            = "ike_sa_up"
	ikeSAAge           = "ike_sa_age_seconds"
	encapsRate         = "ipsec_encaps_packets_per_second"
	decapsRate         = "ipsec_decaps_packets_per_second"
	bgpEstablished     = "bgp_session_established"
	prefixesReceived   = "bgp_prefixes_received"
	prefixesAdvertised = "bgp_prefixes_advertised"
	pingRTT            = "tunnel_ping_rtt_seconds"
	pingLoss           = "tunnel_ping_loss_ratio"
	tunnelLoad         = "tunnel_load_bps"
)

// exported maps a check's typed values (checks.Value*) to the per-tunnel
// values exported. A value a check could not read is absent, never 0.
var exported = []struct{ check, value, name string }{
	{"ikev2.sa-ready", checks.ValueIKESAUp, ikeSAUp},
	{"ikev2.sa-ready", checks.ValueIKESAAge, ikeSAAge},
	{"ikev2.not-bouncing", checks.ValueIKESAAge, ikeSAAge},
	{"ipsec.counters-rising", checks.ValueEncapsRate, encapsRate},
	{"ipsec.counters-rising", checks.ValueDecapsRate, decapsRate},
	{"bgp.established", checks.ValueBGPEstablished, bgpEstablished},
	{"bgp.established", checks.ValuePrefixesReceived, prefixesReceived},
	{"bgp.established", checks.ValuePrefixesSent, prefixesAdvertised},
	{"ping.tunnel-ip", checks.ValuePingRTT, pingRTT},
	{"ping.tunnel-ip", checks.ValuePingLoss, pingLoss},
	{"gre.line-protocol", checks.ValueTunnelLoad, tunnelLoad},
}

// Measurements are the numbers behind the verdicts, per tunnel (profile
// name) and value name.
type Measurements map[string]map[string]float64

func (m Measurements) set(tunnel, name string, v float64) {
	if m[tunnel] == nil {
		m[tunnel] = map[string]float64{}
	}
	m[tunnel][name] = v
}

// fromReport reads the values the report's results carry. It never parses
// a summary or an observation: numbers travel as numbers (Result.Values).
func fromReport(rep *checks.Report) Measurements {
	m := Measurements{}
	if rep == nil {
		return m
	}
	for _, t := range rep.Tunnels {
		for _, st := range t.Stages {
			for _, c := range st.Checks {
				for _, e := range exported {
					if v, ok := c.Values[e.value]; ok && c.ID == e.check {
						m.set(t.Name, e.name, v)
					}
				}
			}
		}
	}
	return m
}

// budgetFromReport is the bandwidth budget in bit/s that site.capacity
// judged against (0 when it could not run).
func budgetFromReport(rep *checks.Report) float64 {
	for _, c := range rep.SiteChecks {
		if c.ID == "site.capacity" {
			return c.Values[checks.ValueSiteLimit]
		}
	}
	return 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
