package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// The helpers every platform's end-to-end tests share: the live demo of a
// scenario list, the demo in every report format, the example profile
// for a platform, and a session log of a platform's plan as a terminal
// records it.

// logStart is when every generated session log begins.
var logStart = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// testDemoScenarios runs `vcdiag demo --platform P --scenario S -f json`
// over SSH for each scenario: the root causes are the scenario's (as
// sim.ScenarioFor gives them for the platform), every check it expects to
// warn warns, the exit code is its status's, and the healthy site fails
// nothing (it may be unknown where the platform cannot show a rung).
func testDemoScenarios(t *testing.T, plat string, names []string) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := sim.ScenarioFor(name, plat)
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "demo", "--platform", plat, "--scenario", name, "-f", "json")
			rep := decodeReport(t, out)
			if diff := cmp.Diff(sc.Expect, rootCauses(rep)); diff != "" {
				t.Errorf("exit %d, root causes (-want +got):\n%s\n%s", code, diff, errOut)
			}
			wantWarnings(t, sc, rep)
			switch {
			case sc.Status == "fail" && code != exitFail:
				t.Errorf("exit %d, want %d (a check failed)", code, exitFail)
			case sc.Status == "warn" && code != exitWarn && code != exitUnknown:
				// unknown outranks warn in the exit code
				t.Errorf("exit %d, want %d or %d", code, exitWarn, exitUnknown)
			case sc.Status == "pass" && code != exitOK && code != exitUnknown:
				t.Errorf("exit %d, want %d or %d", code, exitOK, exitUnknown)
			}
			if name == "healthy" {
				for _, f := range reportFailures(rep) {
					t.Errorf("healthy: %s", f)
				}
			}
		})
	}
}

// testFormats: the platform's healthy site, read from its session log by
// `vcdiag analyze`, is written in every report format (the live demo's
// verdicts are testDemoScenarios's: a live run per format would only
// repeat the collection).
func testFormats(t *testing.T, plat string, log func(t *testing.T, site *sim.Site, host string, p *profile.Profile) string) {
	sc, err := sim.ScenarioFor("healthy", plat)
	if err != nil {
		t.Fatal(err)
	}
	profilePath := simProfileFor(t, sc)
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	site := sc.Build(logStart)
	host := site.CPEs[0].Hostname
	path := filepath.Join(t.TempDir(), host+".log")
	if err := os.WriteFile(path, []byte(log(t, site, host, p)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range reports.Formats() {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "-f", format, path)
			if code != exitOK && code != exitUnknown || strings.Contains(errOut, "Error:") {
				t.Errorf("exit %d, want 0 or 3\n%s", code, errOut)
			}
			if strings.TrimSpace(out) == "" {
				t.Errorf("-f %s wrote nothing\n%s", format, errOut)
			}
		})
	}
}

// reportFailures lists the failed checks of a report, tunnel and site.
func reportFailures(rep *checks.Report) []string {
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

// wantWarnings checks that every check the scenario expects to warn on a
// tunnel came out warn.
func wantWarnings(t *testing.T, sc sim.Scenario, rep *checks.Report) {
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

// simProfileFor writes the profile `vcdiag sim` writes for the scenario's
// site in its platform (the platform's name, its tunnel interface names,
// one or two CPEs) and returns its path; the servers it names are closed
// again, since analyze only reads the profile.
func simProfileFor(t *testing.T, sc sim.Scenario) string {
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
	path := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sessionLog is a session log of plan as an engineer's terminal records
// it: prompt and command before each output (out renders it at a time),
// one second apart, the sampled commands again 10 s after their first
// run, and exit last. preamble is what the session shows before the plan
// (setup commands and their answers).
func sessionLog(prompt, preamble string, plan []platform.Planned, out func(cmd string, at time.Time) string) string {
	var b strings.Builder
	b.WriteString(preamble)
	now := logStart
	run := func(cmd string) {
		o := out(cmd, now)
		fmt.Fprintf(&b, "%s%s\n%s", prompt, cmd, o)
		if o != "" && !strings.HasSuffix(o, "\n") {
			b.WriteString("\n")
		}
		now = now.Add(time.Second)
	}
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

// testSessionLogs runs `vcdiag analyze` on session logs of every scenario
// the platform has, one per CPE (log renders one CPE's), against the
// profile `vcdiag sim` writes for the site, and compares the root causes
// and warnings with the scenario's. skip names scenarios a session log
// cannot show, with the reason.
func testSessionLogs(t *testing.T, plat string, log func(t *testing.T, site *sim.Site, host string, p *profile.Profile) string, skip map[string]string) {
	for _, name := range sim.ScenarioNames(plat) {
		t.Run(name, func(t *testing.T) {
			if why, ok := skip[name]; ok {
				t.Skip(why)
			}
			sc, err := sim.ScenarioFor(name, plat)
			if err != nil {
				t.Fatal(err)
			}
			profilePath := simProfileFor(t, sc)
			p, err := profile.Load(profilePath)
			if err != nil {
				t.Fatal(err)
			}
			site := sc.Build(logStart)
			args := []string{"analyze", "-p", profilePath, "-f", "json"}
			for _, c := range site.CPEs {
				path := filepath.Join(t.TempDir(), c.Hostname+".log")
				if err := os.WriteFile(path, []byte(log(t, site, c.Hostname, p)), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, path)
			}
			out, errOut, code := runCLI(t, "", args...)
			rep := decodeReport(t, out)
			if diff := cmp.Diff(sc.Expect, rootCauses(rep)); diff != "" {
				t.Errorf("exit %d, root causes (-want +got):\n%s\n%s", code, diff, errOut)
			}
			wantWarnings(t, sc, rep)
		})
	}
}
