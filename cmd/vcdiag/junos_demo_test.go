package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/junos"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
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

// TestDemoJunosPlatform: each fault's first failing rung is the scenario's
// expected root cause (sim.ScenarioFor gives the Junos expectation), and
// the healthy site fails nothing (it may be unknown where Junos outputs
// cannot show a rung).
func TestDemoJunosPlatform(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, name := range junosDemoScenarios {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := sim.ScenarioFor(name, sim.PlatformJunos)
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "demo", "--platform", sim.PlatformJunos, "--scenario", name, "-f", "json")
			rep := decodeReport(t, out)
			if diff := cmp.Diff(sc.Expect, rootCauses(rep)); diff != "" {
				t.Errorf("exit %d, root causes (-want +got):\n%s\n%s", code, diff, errOut)
			}
			if name == "healthy" {
				if code != exitOK && code != exitUnknown {
					t.Errorf("healthy: exit %d, want 0 or 3", code)
				}
				for _, f := range junosFailures(rep) {
					t.Errorf("healthy: %s", f)
				}
			} else if code != exitFail {
				t.Errorf("exit %d, want %d", code, exitFail)
			}
		})
	}
}

// junosFailures lists the failed checks of a report, tunnel and site.
func junosFailures(rep *checks.Report) []string {
	var out []string
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, res := range st.Checks {
				if res.Status == checks.Fail {
					out = append(out, tr.Name+" "+res.ID+" failed: "+res.Summary)
				}
			}
		}
	}
	for _, res := range rep.SiteChecks {
		if res.Status == checks.Fail {
			out = append(out, res.ID+" failed: "+res.Summary)
		}
	}
	return out
}

// TestDemoJunosReportFormats: the healthy Junos demo renders in every
// report format without error.
func TestDemoJunosReportFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, format := range reports.Formats() {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, "", "demo", "--platform", sim.PlatformJunos, "-f", format)
			if code != exitOK && code != exitUnknown {
				t.Errorf("exit %d, want 0 or 3\n%s", code, errOut)
			}
			if strings.TrimSpace(out) == "" {
				t.Errorf("no %s report\n%s", format, errOut)
			}
		})
	}
}

// junosProfile is testdata/profiles/example.yaml for a Junos CPE: the
// same site, platform juniper_junos, the GRE units gr-0/0/0.1 and .2.
func junosProfile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("platform: cisco_iosxe", "platform: "+junos.Name,
		"interface: Tunnel1", "interface: gr-0/0/0.1", "interface: Tunnel2", "interface: gr-0/0/0.2").Replace(string(b))
	if !strings.Contains(s, "platform: "+junos.Name) || !strings.Contains(s, "interface: gr-0/0/0.2") {
		t.Fatal("example.yaml changed shape: platform or interfaces not found")
	}
	path := filepath.Join(t.TempDir(), "junos.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// junosTranscript is a session log of the Junos plan on the scenario's
// site, as an engineer's terminal records it: "user@host> " before each
// command (the session setup first), the sampled commands again 10 s
// later.
func junosTranscript(t *testing.T, sc sim.Scenario, p *profile.Profile) string {
	t.Helper()
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	site := sc.Build(start)
	host := site.CPEs[0].Hostname
	prompt := "vcdiag@" + host + "> "
	var b strings.Builder
	now := start
	for _, setup := range (junos.Platform{}).Session().Setup {
		fmt.Fprintf(&b, "%s%s\nScreen %s set to 0\n", prompt, setup, strings.TrimPrefix(strings.Fields(setup)[2], "screen-"))
	}
	run := func(cmd string) {
		out, err := site.Render(host, cmd, now)
		if err != nil {
			t.Fatalf("the simulated SRX has no output for %q, which the plan sends: %v", cmd, err)
		}
		fmt.Fprintf(&b, "%s%s\n%s", prompt, cmd, out)
		if !strings.HasSuffix(out, "\n") && out != "" {
			b.WriteString("\n")
		}
		now = now.Add(time.Second)
	}
	plan := junos.Platform{}.Plan(p, p.CPEs[0].Name)
	first := map[string]time.Time{}
	for _, pc := range plan {
		first[pc.Command] = now
		run(pc.Command)
	}
	for _, pc := range plan {
		if pc.Samples < 2 {
			continue
		}
		if due := first[pc.Command].Add(10 * time.Second); now.Before(due) {
			now = due
		}
		run(pc.Command)
	}
	fmt.Fprintf(&b, "%sexit\n", prompt)
	return b.String()
}

// TestJunosSessionLogs: `vcdiag analyze` of an SRX session log names each
// scenario's expected root cause (the catalogue's, per sim.ScenarioFor),
// without the live session. mtu-blackhole needs the live DF sweep (the
// demo's kind of run); healthy-two-cpe is judged against another profile.
func TestJunosSessionLogs(t *testing.T) {
	profilePath := junosProfile(t)
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sim.ScenarioNames(sim.PlatformJunos) {
		if name == "mtu-blackhole" || name == "healthy-two-cpe" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			sc, err := sim.ScenarioFor(name, sim.PlatformJunos)
			if err != nil {
				t.Fatal(err)
			}
			log := filepath.Join(t.TempDir(), "cpe1.log")
			if err := os.WriteFile(log, []byte(junosTranscript(t, sc, p)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "-f", "json", log)
			rep := decodeReport(t, out)
			if diff := cmp.Diff(sc.Expect, rootCauses(rep)); diff != "" {
				t.Errorf("exit %d, root causes (-want +got):\n%s\n%s", code, diff, errOut)
			}
		})
	}
}
