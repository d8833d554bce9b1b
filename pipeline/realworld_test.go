package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/pipeline"
)

// realWorldRoot holds session logs written the way real routers and
// engineers produce them (testdata/realworld/README.md), each with the
// verdict an expert gives from the domain, written before any tool ran.
const realWorldRoot = "../testdata/realworld"

// realWorldExpectation is a case's expect.yaml. An expectation is never
// edited to match the tool: a mismatch is a bug in the tool.
type realWorldExpectation struct {
	Description string `yaml:"description"`
	Status      string `yaml:"status"`
	// RootCauses maps every tunnel to its root-cause check ("" for none).
	RootCauses map[string]string `yaml:"root_causes"`
	// Checks maps a tunnel name (or "site") to check statuses that must
	// hold; checks not listed may come out either way.
	Checks map[string]map[string]string `yaml:"checks"`
	// NotesContain are substrings that must appear in the report's notes.
	NotesContain []string `yaml:"notes_contain"`
}

func TestRealWorldSessionLogs(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(realWorldRoot, "[0-9]*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 20 {
		t.Fatalf("%d real-world cases, want at least 20", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want := readExpectation(t, dir)
			rep := analyzeCase(t, dir)
			checkRealWorld(t, want, rep)
		})
	}
}

// realWorldPlatforms are the platforms beyond IOS-XE with a real-world
// set of their own, testdata/realworld/<platform>/NN-case, each built from
// the platform's real outputs (the case's expect.yaml names them).
var realWorldPlatforms = []string{"juniper_junos", "fortinet_fortios", "paloalto_panos"}

// TestRealWorldPlatformSessionLogs runs every platform's set the way
// TestRealWorldSessionLogs runs IOS-XE's: healthy and the platform's
// commonest Virtual Connect faults, at least six cases each.
func TestRealWorldPlatformSessionLogs(t *testing.T) {
	for _, platform := range realWorldPlatforms {
		t.Run(platform, func(t *testing.T) {
			dirs, err := filepath.Glob(filepath.Join(realWorldRoot, platform, "[0-9]*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(dirs) < 6 {
				t.Fatalf("%d real-world cases for %s, want at least 6", len(dirs), platform)
			}
			for _, dir := range dirs {
				t.Run(filepath.Base(dir), func(t *testing.T) {
					t.Parallel()
					want := readExpectation(t, dir)
					rep := analyzeCase(t, dir)
					checkRealWorld(t, want, rep)
				})
			}
		})
	}
}

func readExpectation(t *testing.T, dir string) realWorldExpectation {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "expect.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var e realWorldExpectation
	if err := yaml.Unmarshal(raw, &e); err != nil {
		t.Fatalf("expect.yaml: %v", err)
	}
	if e.Status == "" || e.RootCauses == nil {
		t.Fatal("expect.yaml names no status or root_causes")
	}
	return e
}

// analyzeCase runs what `vcdiag analyze --profile profile.yaml --cpe
// NAME=NAME.log ...` runs: each log is named after its CPE.
func analyzeCase(t *testing.T, dir string) *checks.Report {
	t.Helper()
	p, err := pipeline.LoadProfile(filepath.Join(dir, "profile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	logs, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no session log in %s", dir)
	}
	var files []collectors.TranscriptFile
	for _, l := range logs {
		name := strings.TrimSuffix(filepath.Base(l), ".log")
		if p.CPE(name) == nil {
			t.Fatalf("%s: the profile has no CPE %q", l, name)
		}
		files = append(files, collectors.TranscriptFile{Path: l, CPE: name})
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	out, err := pipeline.Run(context.Background(), pipeline.Options{
		Profile: p, Files: files, Version: "test", Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Report
}

func checkRealWorld(t *testing.T, want realWorldExpectation, rep *checks.Report) {
	t.Helper()
	got := map[string]map[string]checks.Result{"site": {}}
	for _, r := range rep.SiteChecks {
		got["site"][r.ID] = r
	}
	for _, tr := range rep.Tunnels {
		got[tr.Name] = map[string]checks.Result{}
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				got[tr.Name][r.ID] = r
			}
		}
		cause := ""
		if tr.RootCause != nil {
			cause = tr.RootCause.Check
		}
		wantCause, ok := want.RootCauses[tr.Name]
		if !ok {
			t.Errorf("%s: expect.yaml names no root cause for it", tr.Name)
		} else if cause != wantCause {
			detail := ""
			if r, ok := got[tr.Name][cause]; ok {
				detail = ": " + r.Summary
			}
			t.Errorf("%s: root cause %q%s, want %q", tr.Name, cause, detail, orNone(wantCause))
		}
	}
	for tunnel := range want.RootCauses {
		if _, ok := got[tunnel]; !ok {
			t.Errorf("tunnel %s is not in the report", tunnel)
		}
	}
	scopes := make([]string, 0, len(want.Checks))
	for s := range want.Checks {
		scopes = append(scopes, s)
	}
	sort.Strings(scopes)
	for _, scope := range scopes {
		ids := make([]string, 0, len(want.Checks[scope]))
		for id := range want.Checks[scope] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			r, ok := got[scope][id]
			if !ok {
				t.Errorf("%s %s: not in the report", scope, id)
				continue
			}
			if r.Status.String() != want.Checks[scope][id] {
				t.Errorf("%s %s: %s (%s; observed %q), want %s", scope, id, r.Status, r.Summary, r.Observed, want.Checks[scope][id])
			}
		}
	}
	if rep.Status.String() != want.Status {
		t.Errorf("status %s, want %s", rep.Status, want.Status)
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, s := range want.NotesContain {
		if !strings.Contains(notes, s) {
			t.Errorf("notes do not mention %q:\n%s", s, notes)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
