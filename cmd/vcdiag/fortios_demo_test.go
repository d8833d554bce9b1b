package main

import (
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/fortios"
	"github.com/vcdiag/vcdiag/profile"
)

// fortiosDemoScenarios are run live: `vcdiag demo --platform
// fortinet_fortios` over real SSH to the simulator's FortiOS dialect, read
// by platform/fortios. One fault per rung FortiOS can show, and both
// overrides of the dialect (proposal mismatch, MD5).
var fortiosDemoScenarios = []string{"healthy", "ike-no-response", "ike-proposal-mismatch", "ipsec-one-way",
	"gre-wrong-destination", "tunnel-ping-fail", "bgp-wrong-remote-as", "bgp-md5-mismatch", "routes-missing-backup"}

func TestDemoFortiOSPlatform(t *testing.T) {
	testDemoScenarios(t, sim.PlatformFortiOS, fortiosDemoScenarios)
}

func TestFortiOSReportFormats(t *testing.T) { testFormats(t, sim.PlatformFortiOS, fortiosLog) }

// TestFortiOSSessionLogs: `vcdiag analyze` of FortiGate session logs
// ("host # " before each command) names each scenario's expected root
// cause, without the live session.
func TestFortiOSSessionLogs(t *testing.T) {
	testSessionLogs(t, sim.PlatformFortiOS, fortiosLog, map[string]string{"mtu-blackhole": "needs the live DF sweep"})
}

// fortiosLog: a ping's options are lines of their own, with no output;
// the ping renders with the options typed before it.
func fortiosLog(_ *testing.T, site *sim.Site, host string, p *profile.Profile) string {
	pending := ""
	return sessionLog(host+" # ", "", fortios.Platform{}.Plan(p, host), func(cmd string, at time.Time) string {
		out, err := site.Render(host, pending+cmd, at)
		if strings.Contains(cmd, "ping-options") {
			pending += cmd + "\n"
			return ""
		}
		pending = ""
		if err != nil {
			return "Unknown action 0\nCommand fail. Return code -1\n"
		}
		return out
	})
}
