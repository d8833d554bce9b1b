package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goldenReport(name string) string {
	return filepath.Join(repoRoot, "testdata", "reports", name+".json")
}

func TestDiffCommand(t *testing.T) {
	tmp := t.TempDir()
	notJSON := filepath.Join(tmp, "report.txt")
	os.WriteFile(notJSON, []byte("overall: PASS\n"), 0o600)
	otherSchema := filepath.Join(tmp, "other.json")
	os.WriteFile(otherSchema, []byte(`{"schema":"vcdiag.report/v9"}`), 0o600)
	// Reports with the schema but a status taken out: each would read as
	// pass (the zero Status) if diff trusted the decoding.
	noStatus := filepath.Join(tmp, "no-status.json")
	os.WriteFile(noStatus, []byte(`{"schema":"vcdiag.report/v1","tunnels":[]}`), 0o600)
	oneWay, err := os.ReadFile(goldenReport("ipsec-one-way"))
	if err != nil {
		t.Fatal(err)
	}
	noCheckStatus := filepath.Join(tmp, "no-check-status.json")
	checksAt := strings.Index(string(oneWay), `"checks"`)
	damaged := string(oneWay[:checksAt]) + strings.Replace(string(oneWay[checksAt:]), `"status": "fail",`, ``, 1)
	os.WriteFile(noCheckStatus, []byte(damaged), 0o600)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{"same report", []string{"diff", goldenReport("healthy"), goldenReport("healthy")}, exitOK, []string{"no change"}, ""},
		{"backup /24 lost", []string{"diff", goldenReport("healthy"), goldenReport("routes-missing-backup")}, exitFail,
			[]string{"root cause tunnel2: none -> routes.backup-24", "tunnel2 routes.backup-24: pass -> fail", "routes lost:   203.0.113.0/24", "now skipped (blocked by a lower rung)"}, ""},
		{"recovery is not a regression", []string{"diff", goldenReport("routes-missing-backup"), goldenReport("healthy")}, exitOK,
			[]string{"recovered:", "routes gained: 203.0.113.0/24", "nothing got worse"}, ""},
		{"warn-level regression", []string{"diff", goldenReport("healthy"), goldenReport("gre-no-keepalive-on-cpe")}, exitWarn,
			[]string{"pass -> warn"}, ""},
		{"counters stopped", []string{"diff", goldenReport("healthy"), goldenReport("ipsec-one-way")}, exitFail,
			[]string{"ipsec.counters-rising: pass -> fail (counters stopped moving)"}, ""},
		{"missing file", []string{"diff", filepath.Join(tmp, "nope.json"), goldenReport("healthy")}, exitUnknown, nil, "nope.json"},
		{"not JSON", []string{"diff", notJSON, goldenReport("healthy")}, exitUnknown, nil, "not a JSON report"},
		{"other schema", []string{"diff", goldenReport("healthy"), otherSchema}, exitUnknown, nil, `schema "vcdiag.report/v9"`},
		{"no overall status", []string{"diff", noStatus, goldenReport("healthy")}, exitUnknown, nil, "no overall status"},
		{"a check without status", []string{"diff", goldenReport("healthy"), noCheckStatus}, exitUnknown, nil, "has no status"},
		{"bad format", []string{"diff", "-f", "xml", goldenReport("healthy"), goldenReport("healthy")}, exitUnknown, nil, "unknown diff format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("vcdiag %s: exit %d, want %d\n%s%s", strings.Join(tt.args, " "), code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(out, w) {
					t.Errorf("vcdiag %s: stdout lacks %q:\n%s", strings.Join(tt.args, " "), w, out)
				}
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("vcdiag %s: stderr lacks %q: %s", strings.Join(tt.args, " "), tt.wantStderr, errOut)
			}
		})
	}
}

func TestDiffCommandJSON(t *testing.T) {
	out, _, code := runCLI(t, "", "diff", "-f", "json", goldenReport("healthy"), goldenReport("routes-missing-backup"))
	if code != exitFail {
		t.Errorf("exit %d, want 2", code)
	}
	var d diffJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("diff --format json is not JSON: %v\n%s", err, out)
	}
	if d.Schema != "vcdiag.diff/v1" || d.ExitCode != 2 || d.Regressions == 0 || len(d.Changes.RootCauses) != 1 {
		t.Errorf("diff JSON = %+v", d)
	}
}

// TestBaseline: --baseline appends the diff to a text report (stdout or
// -o), sends it to stderr with other formats, and the exit code is the
// higher of the report's and the diff's.
func TestBaseline(t *testing.T) {
	sc := "routes-missing-backup"
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	log := filepath.Join(repoRoot, "testdata", "transcripts", sc+".log")
	healthyLog := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	base := goldenReport("healthy")

	out, _, code := runCLI(t, "", "analyze", "-p", profilePath, "--no-color", "--baseline", base, log)
	if code != exitFail || !strings.Contains(out, "overall: FAIL") || !strings.Contains(out, "\nCHANGES SINCE "+base) {
		t.Errorf("text: exit %d, want the report then the diff on stdout:\n%s", code, out)
	}
	if i, j := strings.Index(out, "overall: FAIL"), strings.Index(out, "CHANGES SINCE"); i > j {
		t.Errorf("the diff comes before the report")
	}

	file := filepath.Join(t.TempDir(), "r.txt")
	_, _, code = runCLI(t, "", "analyze", "-p", profilePath, "-o", file, "--baseline", base, log)
	got, _ := os.ReadFile(file)
	if code != exitFail || !strings.Contains(string(got), "routes.backup-24: pass -> fail") {
		t.Errorf("-o: exit %d, file lacks the diff:\n%s", code, got)
	}

	out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "-f", "json", "--baseline", base, log)
	if code != exitFail || strings.Contains(out, "CHANGES SINCE") || !strings.Contains(errOut, "CHANGES SINCE") {
		t.Errorf("json: exit %d; the diff must go to stderr, the JSON stay clean\nstdout: %.200s\nstderr: %s", code, out, errOut)
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("json report with --baseline is not valid JSON")
	}

	// Healthy now, failing before: nothing got worse, the report's own
	// code (0) stands.
	_, _, code = runCLI(t, "", "analyze", "-p", profilePath, "--baseline", goldenReport(sc), healthyLog)
	if code != exitOK {
		t.Errorf("recovered site with --baseline: exit %d, want 0", code)
	}
}
