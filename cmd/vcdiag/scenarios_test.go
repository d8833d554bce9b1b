package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
)

var update = flag.Bool("update", false, "rewrite the golden reports under testdata/reports")

// repoRoot is the repository root seen from this package's folder.
const repoRoot = "../.."

// reportTime is injected so golden reports are stable.
var reportTime = time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)

func scenarioInputs(sc sim.Scenario) (profilePath string, args []string) {
	profilePath = filepath.Join(repoRoot, "testdata", "profiles", sc.Profile+".yaml")
	matches, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "transcripts", sc.Name+"*.log"))
	for _, m := range matches {
		rest := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), sc.Name), ".log")
		// "healthy.log" must not pick up "healthy-two-cpe-edge-a.log".
		if rest == "" || sc.Profile == "two-cpe" && strings.HasPrefix(rest, "-") {
			args = append(args, m)
		}
	}
	return profilePath, args
}

// analyzeScenario runs `vcdiag analyze` on a scenario's transcripts.
func analyzeScenario(t *testing.T, sc sim.Scenario, format string) ([]byte, int) {
	t.Helper()
	profilePath, args := scenarioInputs(sc)
	if len(args) == 0 {
		t.Fatalf("no transcript for scenario %s under testdata/transcripts", sc.Name)
	}
	var out, errOut bytes.Buffer
	o := analyzeOptions{profilePath: profilePath, report: reportOptions{format: format, noColor: true}}
	err := runAnalyze(streams{out: &out, err: &errOut}, o, args, reportTime)
	var ee *exitError
	if !errors.As(err, &ee) {
		t.Fatalf("analyze %s: %v (stderr %s)", sc.Name, err, errOut.String())
	}
	if ee.err != nil {
		t.Fatalf("analyze %s: %v", sc.Name, ee.err)
	}
	return out.Bytes(), ee.code
}

// TestScenarioRootCauses is the product's main promise: for every documented
// failure mode, the first failing rung is named correctly, from a session log
// in exact IOS-XE format, and the report matches its reviewed golden copy.
func TestScenarioRootCauses(t *testing.T) {
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			out, code := analyzeScenario(t, sc, "json")
			var rep checks.Report
			if err := json.Unmarshal(out, &rep); err != nil {
				t.Fatalf("report is not JSON: %v", err)
			}
			got := map[string]string{}
			for _, tr := range rep.Tunnels {
				got[tr.Name] = ""
				if tr.RootCause != nil {
					got[tr.Name] = tr.RootCause.Check
				}
			}
			if diff := cmp.Diff(sc.Expect, got); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
			if rep.Status.String() != sc.Status {
				t.Errorf("status = %s, want %s", rep.Status, sc.Status)
			}
			if want := map[string]int{"pass": 0, "warn": 1, "fail": 2}[sc.Status]; code != want {
				t.Errorf("exit code = %d, want %d", code, want)
			}
			checkSiteAndWarnings(t, sc, &rep)
			compareGolden(t, filepath.Join(repoRoot, "testdata", "reports", sc.Name+".json"), out)
		})
	}
}

func checkSiteAndWarnings(t *testing.T, sc sim.Scenario, rep *checks.Report) {
	t.Helper()
	site := map[string]string{}
	for _, r := range rep.SiteChecks {
		site[r.ID] = r.Status.String()
	}
	for id, want := range sc.Site {
		if site[id] != want {
			t.Errorf("site check %s = %q, want %q", id, site[id], want)
		}
	}
	for tunnel, ids := range sc.Warn {
		for _, id := range ids {
			if s := resultStatus(rep, tunnel, id); s != checks.Warn {
				t.Errorf("%s %s = %s, want warn", tunnel, id, s)
			}
		}
	}
}

func resultStatus(rep *checks.Report, tunnel, id string) checks.Status {
	return resultOf(rep, tunnel, id).Status
}

// resultOf finds a check's result in a report ("site" for site checks);
// an absent one is unknown.
func resultOf(rep *checks.Report, tunnel, id string) checks.Result {
	if tunnel == "site" {
		for _, r := range rep.SiteChecks {
			if r.ID == id {
				return r
			}
		}
	}
	for _, tr := range rep.Tunnels {
		if tr.Name != tunnel {
			continue
		}
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				if r.ID == id {
					return r
				}
			}
		}
	}
	return checks.Result{ID: id, Status: checks.Unknown}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/vcdiag -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); review, then go test ./cmd/vcdiag -update:\n%s", path, diff)
	}
}

// TestNoSecretsInReports plants secrets in every running-config (the
// simulator's keyring PSKs, type 7 BGP passwords, type 9 secrets, SNMP
// community) and greps every report format for them.
func TestNoSecretsInReports(t *testing.T) {
	for _, sc := range sim.Scenarios {
		for _, format := range []string{"text", "json"} {
			for _, verbose := range []bool{false, true} {
				profilePath, args := scenarioInputs(sc)
				var out, errOut bytes.Buffer
				o := analyzeOptions{profilePath: profilePath, report: reportOptions{format: format, verbose: verbose, noColor: true}}
				_ = runAnalyze(streams{out: &out, err: &errOut}, o, args, reportTime)
				for _, secret := range sim.PlantedSecrets {
					if bytes.Contains(out.Bytes(), []byte(secret)) || bytes.Contains(errOut.Bytes(), []byte(secret)) {
						t.Errorf("%s --format %s --verbose=%v: secret %q reached the output", sc.Name, format, verbose, secret)
					}
				}
			}
		}
	}
}
