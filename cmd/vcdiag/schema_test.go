package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/schema"
)

// reportDirs are the folders known to hold golden JSON reports; each must
// yield at least one, so the walk below cannot pass by finding nothing.
var reportDirs = []string{"testdata/reports", "reports/testdata", "reports/testdata/demo"}

// TestGoldenReportsMatchSchema: every JSON report committed anywhere in the
// repository (any *.json whose schema field is vcdiag.report/v1), and the
// example of docs/report-schema.md, conforms to schema/report.v1.json. A
// golden that a renderer change rewrites with -update is held to the
// published schema here.
func TestGoldenReportsMatchSchema(t *testing.T) {
	found := map[string]int{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		doc, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var head struct{ Schema string }
		if json.Unmarshal(doc, &head) != nil || head.Schema != checks.SchemaV1 {
			return nil // parser goldens and other JSON: not a report
		}
		rel, _ := filepath.Rel(repoRoot, path)
		found[filepath.ToSlash(filepath.Dir(rel))]++
		if err := schema.ValidateReport(doc); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", repoRoot, err)
	}
	for _, dir := range reportDirs {
		if found[dir] == 0 {
			t.Errorf("no JSON report found in %s (found: %v)", dir, found)
		}
	}
	t.Logf("validated reports per folder: %v", found)

	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "report-schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/report-schema.md has no ```json example")
	}
	if err := schema.ValidateReport([]byte(example)); err != nil {
		t.Errorf("docs/report-schema.md example: %v", err)
	}
}

// TestDemoReportsMatchSchema: what `vcdiag demo -f json` writes today, live
// over SSH to the simulator, conforms to the published schema. Two full
// runs (with the 10 s counter sample, so rates and counter values are in
// the report) and a fast run per simulated platform (their own strings,
// and counter checks unknown).
func TestDemoReportsMatchSchema(t *testing.T) {
	type run struct {
		name string
		args []string
		slow bool
	}
	runs := []run{
		{"healthy", []string{"demo", "-f", "json"}, true},
		{"routes-missing-backup", []string{"demo", "--scenario", "routes-missing-backup", "-f", "json"}, true},
	}
	for _, p := range sim.Platforms {
		runs = append(runs, run{p + "-fast", []string{"demo", "--platform", p, "--sample-interval", "0", "-f", "json"}, false})
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			if r.slow && testing.Short() {
				t.Skip("a live demo run with counter samples takes 10 s")
			}
			t.Parallel()
			out, errOut, code := runCLI(t, "", r.args...)
			if code == exitUnknown && !strings.HasPrefix(out, "{") {
				t.Fatalf("vcdiag %s: exit %d, no report: %s", strings.Join(r.args, " "), code, errOut)
			}
			if err := schema.ValidateReport([]byte(out)); err != nil {
				t.Errorf("vcdiag %s: %v", strings.Join(r.args, " "), err)
			}
		})
	}
}

// TestBundleReportMatchesSchema: the report.json a bundle carries (the one
// support tools read back) conforms to the published schema too.
func TestBundleReportMatchesSchema(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "demo.zip")
	_, errOut, code := runCLI(t, "", "demo", "--scenario", "ike-no-response", "--sample-interval", "0", "-f", "json", "--bundle", zipPath)
	if code != exitFail {
		t.Fatalf("demo --bundle: exit %d, want %d: %s", code, exitFail, errOut)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("report.json")
	if err != nil {
		t.Fatalf("bundle has no report.json: %v", err)
	}
	defer f.Close()
	doc, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.ValidateReport(doc); err != nil {
		t.Errorf("bundle report.json: %v", err)
	}
}

// TestFailedRunReportsMatchSchema: the reports of runs that go wrong, where
// the report carries what a healthy demo never shows (a CPE that could not
// be collected, with its cause and fix; a run that did not verify host
// keys), conform to the published schema as well.
func TestFailedRunReportsMatchSchema(t *testing.T) {
	profilePath, _ := startSimSite(t, "healthy")
	empty := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		name  string
		args  []string
		field string // the top-level field this run must exercise
	}{
		{"host key not trusted", []string{"run", "-p", profilePath, "--sample-interval", "0", "-f", "json", "--known-hosts", empty},
			"collection_failures"},
		{"host key not verified", []string{"run", "-p", profilePath, "--sample-interval", "0", "-f", "json",
			"--known-hosts", filepath.Join(t.TempDir(), "none"), "--insecure-skip-host-key"}, "security"},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", r.args...)
			var top map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &top); err != nil {
				t.Fatalf("vcdiag %s: exit %d, no JSON report (%v): %s", strings.Join(r.args, " "), code, err, errOut)
			}
			if _, ok := top[r.field]; !ok {
				t.Errorf("%s: the report has no %q, so the schema of it is not exercised", r.name, r.field)
			}
			if err := schema.ValidateReport([]byte(out)); err != nil {
				t.Errorf("%s: %v", r.name, err)
			}
		})
	}
}
