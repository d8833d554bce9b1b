package main

import (
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/junos"
	"github.com/vcdiag/vcdiag/profile"
)

// junosDemoScenarios are the faults run live against the simulated SRX:
// `vcdiag demo --platform juniper_junos` over real SSH to the simulator's
// Junos dialect, read by platform/junos. One per rung where Junos shows
// the fault in its own words: a rejected proposal (no SA, the configured
// proposal), an unanswered IKE_SA_INIT (SA DOWN), OAM keepalives that go
// unanswered (unit Down), a wrong unit address, an OPEN refused for the
// peer AS, a missing /24, a static route pulling DC-B's /25 into the
// DC-A tunnel, and a disabled gr- unit.
var junosDemoScenarios = []string{"healthy", "ike-proposal-mismatch", "ike-no-response", "gre-keepalive-down",
	"tunnel-ip-mismatch", "bgp-wrong-remote-as", "routes-missing-backup", "routes-asymmetric", "gre-unit-disabled"}

func TestDemoJunosPlatform(t *testing.T) { testDemoScenarios(t, sim.PlatformJunos, junosDemoScenarios) }

func TestJunosReportFormats(t *testing.T) { testFormats(t, sim.PlatformJunos, junosLog) }

// TestJunosSessionLogs: `vcdiag analyze` of SRX session logs
// ("user@host> " before each command, the session setup first) names each
// scenario's expected root cause, without the live session.
func TestJunosSessionLogs(t *testing.T) {
	testSessionLogs(t, sim.PlatformJunos, junosLog, map[string]string{"mtu-blackhole": "needs the live DF sweep (the demo's kind of run)"})
}

func junosLog(t *testing.T, site *sim.Site, host string, p *profile.Profile) string {
	prompt := "vcdiag@" + host + "> "
	var setup strings.Builder
	for _, s := range (junos.Platform{}).Session().Setup {
		setup.WriteString(prompt + s + "\nScreen " + strings.TrimPrefix(strings.Fields(s)[2], "screen-") + " set to 0\n")
	}
	return sessionLog(prompt, setup.String(), junos.Platform{}.Plan(p, host), func(cmd string, at time.Time) string {
		out, err := site.Render(host, cmd, at)
		if err != nil {
			t.Fatalf("the simulated SRX has no output for %q, which the plan sends: %v", cmd, err)
		}
		return out
	})
}
