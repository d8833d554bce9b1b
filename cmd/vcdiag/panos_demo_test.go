package main

import (
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/panos"
	"github.com/vcdiag/vcdiag/profile"
)

// panosDemoScenarios are the PAN-OS demo runs: healthy, and a fault on
// each rung (IKE, IPsec, GRE keepalive setting, ping, BGP, routes, MSS,
// and the path MTU, which only the live DF sweep of a demo can measure).
var panosDemoScenarios = []string{
	"healthy", "ike-auth-failure", "ipsec-one-way", "gre-no-keepalive-on-cpe", "mtu-blackhole",
	"tunnel-ping-fail", "bgp-wrong-remote-as", "routes-missing-backup", "mtu-no-mss",
}

func TestDemoPANOSPlatform(t *testing.T) { testDemoScenarios(t, sim.PlatformPANOS, panosDemoScenarios) }

func TestPANOSReportFormats(t *testing.T) { testFormats(t, sim.PlatformPANOS, panosLog) }

// TestPANOSSessionLogs: `vcdiag analyze` of PAN-OS CLI session logs (one
// per CPE, matched by the prompt's hostname) names each scenario's
// expected root cause. mtu-blackhole needs the live DF sweep: a log holds
// no probe above the configured MTU.
func TestPANOSSessionLogs(t *testing.T) {
	testSessionLogs(t, sim.PlatformPANOS, panosLog, map[string]string{"mtu-blackhole": "needs the live DF sweep"})
}

func panosLog(_ *testing.T, site *sim.Site, host string, p *profile.Profile) string {
	prompt := "admin@" + host + "> "
	return sessionLog(prompt, prompt+"set cli pager off\n", panos.Platform{}.Plan(p, host), func(cmd string, at time.Time) string {
		out, err := site.Render(host, cmd, at)
		if err != nil {
			return "Invalid syntax.\n\n"
		}
		return out
	})
}
