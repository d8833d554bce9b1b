package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/panos"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// panosDemoScenarios are the PAN-OS demo runs: healthy, and a fault on
// each rung (IKE, IPsec, GRE keepalive setting, ping, BGP, routes, MSS,
// and the path MTU, which only the live DF sweep of a demo can measure).
var panosDemoScenarios = []string{
	"healthy", "ike-auth-failure", "ipsec-one-way", "gre-no-keepalive-on-cpe", "mtu-blackhole",
	"tunnel-ping-fail", "bgp-wrong-remote-as", "routes-missing-backup", "mtu-no-mss",
}

// panosRootCauses decodes a JSON report and maps each of its tunnels to
// its root cause check ("" when none).
func panosRootCauses(t *testing.T, out, errOut string, code int) (map[string]string, checks.Report) {
	t.Helper()
	var rep checks.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d, report is not JSON: %v\n%s\n%s", code, err, out, errOut)
	}
	got := map[string]string{}
	for _, tr := range rep.Tunnels {
		got[tr.Name] = ""
		if tr.RootCause != nil {
			got[tr.Name] = tr.RootCause.Check
		}
	}
	return got, rep
}

// TestDemoPANOSPlatform: `vcdiag demo --platform paloalto_panos` over SSH
// finds each scenario's root causes and warnings (the catalogue's, per
// sim.ScenarioFor); the healthy site fails nothing, a failing scenario
// exits 2.
func TestDemoPANOSPlatform(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, name := range panosDemoScenarios {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := sim.ScenarioFor(name, sim.PlatformPANOS)
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "demo", "--platform", sim.PlatformPANOS, "--scenario", name, "-f", "json")
			got, rep := panosRootCauses(t, out, errOut, code)
			if diff := cmp.Diff(sc.Expect, got); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
			panosWantWarnings(t, sc, rep)
			switch {
			case sc.Status == "fail" && code != exitFail:
				t.Errorf("exit %d, want %d (a check failed)", code, exitFail)
			case sc.Status == "warn" && code != exitWarn && code != exitUnknown:
				// unknown outranks warn in the exit code
				t.Errorf("exit %d, want %d or %d", code, exitWarn, exitUnknown)
			case sc.Status == "pass" && code != exitOK && code != exitUnknown:
				t.Errorf("exit %d, want %d or %d", code, exitOK, exitUnknown)
			}
			if name != "healthy" {
				return
			}
			for _, tr := range rep.Tunnels {
				for _, st := range tr.Stages {
					for _, res := range st.Checks {
						if res.Status == checks.Fail {
							t.Errorf("healthy: %s %s failed: %s", tr.Name, res.ID, res.Summary)
						}
					}
				}
			}
		})
	}
}

// panosWantWarnings checks that every check the scenario expects to warn
// on a tunnel came out warn.
func panosWantWarnings(t *testing.T, sc sim.Scenario, rep checks.Report) {
	t.Helper()
	for _, tr := range rep.Tunnels {
		for _, id := range sc.Warn[tr.Name] {
			found := false
			for _, st := range tr.Stages {
				for _, res := range st.Checks {
					if res.ID == id {
						found = true
						if res.Status != checks.Warn {
							t.Errorf("%s %s: %s (%s), want warn", tr.Name, id, res.Status, res.Summary)
						}
					}
				}
			}
			if !found {
				t.Errorf("%s: no check %s in the report", tr.Name, id)
			}
		}
	}
}

// TestDemoPANOSFormats: the healthy PAN-OS demo renders in every report
// format without error.
func TestDemoPANOSFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, f := range reports.Formats() {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, "", "demo", "--platform", sim.PlatformPANOS, "-f", f)
			if code < exitOK || code > exitUnknown || strings.TrimSpace(out) == "" || strings.Contains(errOut, "Error:") {
				t.Errorf("-f %s: exit %d, %d bytes out\n%s", f, code, len(out), errOut)
			}
		})
	}
}

// panosProfileFor writes the profile `vcdiag sim` writes for the
// scenario's PAN-OS site (platform paloalto_panos, tunnel interfaces
// tunnel.1 and tunnel.2) and returns its path; the servers it names are
// closed again, since analyze only reads the profile.
func panosProfileFor(t *testing.T, sc sim.Scenario) string {
	t.Helper()
	ss, err := sim.StartSite(context.Background(), sc.Build(time.Now().UTC()), sim.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	var b strings.Builder
	if err := sim.WriteProfile(&b, sc, ss, "admin"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "platform: "+panos.Name) || !strings.Contains(b.String(), "interface: tunnel.") {
		t.Fatalf("profile of %s names no PAN-OS CPE or tunnel interface:\n%s", sc.Name, b.String())
	}
	path := filepath.Join(t.TempDir(), "panos.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// panosTranscript is a PAN-OS CLI session log of the plan on one CPE of
// the scenario's site, as a terminal records it: "admin@HOST> " before
// each command, the sampled commands again 10 s later.
func panosTranscript(t *testing.T, site *sim.Site, host string, p *profile.Profile, start time.Time) string {
	t.Helper()
	prompt := "admin@" + host + "> "
	var b strings.Builder
	now := start
	run := func(cmd string) {
		out, err := site.Render(host, cmd, now)
		if err != nil {
			out = "Invalid syntax.\n\n"
		}
		fmt.Fprintf(&b, "%s%s\n%s", prompt, cmd, out)
		if !strings.HasSuffix(out, "\n") && out != "" {
			b.WriteString("\n")
		}
		now = now.Add(time.Second)
	}
	b.WriteString(prompt + "set cli pager off\n")
	plan := panos.Platform{}.Plan(p, host)
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
	b.WriteString(prompt + "exit\n")
	return b.String()
}

// TestPANOSSessionLogs: `vcdiag analyze` of PAN-OS CLI session logs (one
// per CPE, matched by the prompt's hostname) names each scenario's
// expected root cause (the catalogue's, per sim.ScenarioFor).
// mtu-blackhole needs the live DF sweep (TestDemoPANOSPlatform's kind of
// run): a log holds no probe above the configured MTU.
func TestPANOSSessionLogs(t *testing.T) {
	for _, name := range sim.ScenarioNames(sim.PlatformPANOS) {
		if name == "mtu-blackhole" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			sc, err := sim.ScenarioFor(name, sim.PlatformPANOS)
			if err != nil {
				t.Fatal(err)
			}
			profilePath := panosProfileFor(t, sc)
			p, err := profile.Load(profilePath)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
			site := sc.Build(start)
			args := []string{"analyze", "-p", profilePath, "-f", "json"}
			for _, c := range site.CPEs {
				log := filepath.Join(t.TempDir(), c.Hostname+".log")
				if err := os.WriteFile(log, []byte(panosTranscript(t, site, c.Hostname, p, start)), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, log)
			}
			out, errOut, code := runCLI(t, "", args...)
			got, rep := panosRootCauses(t, out, errOut, code)
			if diff := cmp.Diff(sc.Expect, got); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
			panosWantWarnings(t, sc, rep)
		})
	}
}
