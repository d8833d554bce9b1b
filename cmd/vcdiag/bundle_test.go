package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/bundle"
	"github.com/vcdiag/vcdiag/collectors/sim"
)

// verdicts is what must survive a trip through a bundle: every tunnel's
// root cause and the status of every check, tunnel and site.
func verdicts(t *testing.T, reportJSON string) map[string]string {
	t.Helper()
	var rep checks.Report
	if err := json.Unmarshal([]byte(reportJSON), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, reportJSON)
	}
	v := map[string]string{"overall": rep.Status.String()}
	for _, tr := range rep.Tunnels {
		v[tr.Name] = tr.Status.String()
		if tr.RootCause != nil {
			v[tr.Name+" root cause"] = tr.RootCause.Check
		}
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				v[tr.Name+" "+r.ID] = r.Status.String()
			}
		}
	}
	for _, r := range rep.SiteChecks {
		v["site "+r.ID] = r.Status.String()
	}
	return v
}

// reanalyze runs `vcdiag analyze FILE.zip` and returns the verdicts.
func reanalyze(t *testing.T, zipPath string, wantCode int) map[string]string {
	t.Helper()
	out, errOut, code := runCLI(t, "", "analyze", zipPath, "-f", "json")
	if code != wantCode {
		t.Errorf("analyze %s: exit %d, want %d\n%s", zipPath, code, wantCode, errOut)
	}
	return verdicts(t, out)
}

// TestBundleFromAnalyzeReDiagnoses: for every scenario, the bundle of an
// offline analysis, analysed again, gives the same verdicts.
func TestBundleFromAnalyzeReDiagnoses(t *testing.T) {
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			profilePath, files := scenarioInputs(sc)
			zipPath := filepath.Join(t.TempDir(), "case.zip")
			args := append([]string{"analyze", "-p", profilePath, "-f", "json", "--bundle", zipPath}, files...)
			out, errOut, code := runCLI(t, "", args...)
			if !strings.Contains(errOut, "evidence bundle written to") {
				t.Fatalf("vcdiag %s: no bundle written (exit %d): %s", strings.Join(args, " "), code, errOut)
			}
			want := verdicts(t, out)
			if diff := cmp.Diff(want, reanalyze(t, zipPath, code)); diff != "" {
				t.Errorf("verdicts from the bundle differ (-analyze +analyze --bundle):\n%s", diff)
			}
			checkManifest(t, zipPath, len(files))
		})
	}
}

// TestBundleFromDemoReDiagnoses: a live run's bundle (session logs
// written by vcdiag itself) gives the same verdicts offline.
func TestBundleFromDemoReDiagnoses(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe", "routes-missing-backup", "ike-no-response", "ipsec-one-way", "bgp-md5-mismatch"} {
		t.Run(name, func(t *testing.T) {
			zipPath := filepath.Join(t.TempDir(), "demo.zip")
			out, errOut, code := runCLI(t, "", "demo", "--scenario", name, "--sample-interval", "0", "-f", "json", "--bundle", zipPath)
			if code == exitUnknown && !strings.Contains(errOut, "evidence bundle written") {
				t.Fatalf("demo --bundle: exit %d: %s", code, errOut)
			}
			want := verdicts(t, out)
			if diff := cmp.Diff(want, reanalyze(t, zipPath, code)); diff != "" {
				t.Errorf("verdicts from the bundle differ (-demo +analyze --bundle):\n%s", diff)
			}
			cpes := 1
			if name == "healthy-two-cpe" {
				cpes = 2
			}
			checkManifest(t, zipPath, cpes)
		})
	}
}

// checkManifest opens a bundle the way analyze does (every hash checked)
// and looks for the files it must hold.
func checkManifest(t *testing.T, zipPath string, transcripts int) {
	t.Helper()
	b, err := bundle.Open(zipPath, bundle.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	m := b.Manifest
	if m.VcdiagVersion == "" || m.Started.IsZero() || m.Finished.IsZero() || len(m.Command) == 0 {
		t.Errorf("manifest lacks version, times or command line: %+v", m)
	}
	for _, name := range []string{"report.json", "report.txt", "profile.yaml"} {
		if _, err := b.ReadFile(name); err != nil {
			t.Errorf("bundle: %v", err)
		}
	}
	if got := len(m.Entries(bundle.KindTranscript)); got != transcripts {
		t.Errorf("bundle holds %d transcripts, want %d", got, transcripts)
	}
	for _, e := range m.Files {
		if _, err := b.ReadFile(e.Name); err != nil {
			t.Errorf("bundle: %v", err)
		}
	}
}

// TestBundleWithCapture: captures and their summary go into the bundle and
// take part in the offline re-diagnosis.
func TestBundleWithCapture(t *testing.T) {
	pcap := filepath.Join(labDir(), "ike-no-proposal.pcap")
	if _, err := os.Stat(pcap); err != nil {
		t.Skip(err)
	}
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "lab.yaml")
	zipPath := filepath.Join(t.TempDir(), "cap.zip")
	out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "--pcap", pcap, "-f", "json", "--bundle", zipPath)
	if !strings.Contains(errOut, "evidence bundle written") {
		t.Fatalf("analyze --pcap --bundle: exit %d: %s", code, errOut)
	}
	if diff := cmp.Diff(verdicts(t, out), reanalyze(t, zipPath, code)); diff != "" {
		t.Errorf("verdicts from the bundle differ (-analyze +analyze --bundle):\n%s", diff)
	}
	b, err := bundle.Open(zipPath, bundle.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.Manifest.Entries(bundle.KindCapture); len(got) != 1 || got[0].Name != "captures/ike-no-proposal.pcap" {
		t.Errorf("captures in the bundle = %+v", got)
	}
	sum, err := b.ReadFile("captures/summary.txt")
	if err != nil || !strings.Contains(string(sum), "ike-no-proposal.pcap") {
		t.Errorf("capture summary = %q, %v", sum, err)
	}
}

func TestAnalyzeBundleErrors(t *testing.T) {
	tmp := t.TempDir()
	evil := filepath.Join(tmp, "evil.zip")
	f, err := os.Create(evil)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("../../etc/cron.d/x")
	w.Write([]byte("* * * * * root true\n"))
	zw.Close()
	f.Close()
	notZip := filepath.Join(tmp, "notzip.zip")
	os.WriteFile(notZip, []byte("hello"), 0o600)
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"path traversal", []string{"analyze", evil}, `unsafe file name "../../etc/cron.d/x"`},
		{"not a zip", []string{"analyze", notZip}, "not a readable zip file"},
		{"missing", []string{"analyze", filepath.Join(tmp, "none.zip")}, "none.zip"},
		{"positional bundle", []string{"analyze", evil}, "unsafe file name"},
		{"no profile without a bundle", []string{"analyze", healthy}, `required flag "profile" not set`},
		{"unreadable baseline", []string{"analyze", "-p", example, "--baseline", filepath.Join(tmp, "nope.json"), healthy}, "nope.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, "", tt.args...)
			if code != exitUnknown || !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("vcdiag %s: exit %d, stderr %q; want exit 3 and %q", strings.Join(tt.args, " "), code, errOut, tt.wantStderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(tmp, "..", "..", "etc", "cron.d", "x")); err == nil {
		t.Error("the traversal entry was written outside the temporary folder")
	}
}

// TestAnalyzeBundleWritesNewBundle: a bundle named as an argument is read,
// and --bundle then writes a fresh one.
func TestAnalyzeBundleWritesNewBundle(t *testing.T) {
	sc, _ := sim.ScenarioByName("routes-missing-backup")
	profilePath, files := scenarioInputs(sc)
	tmp := t.TempDir()
	first, second := filepath.Join(tmp, "a.zip"), filepath.Join(tmp, "b.zip")
	runCLI(t, "", append([]string{"analyze", "-p", profilePath, "--bundle", first}, files...)...)
	_, errOut, code := runCLI(t, "", "analyze", first, "--bundle", second)
	if code != exitFail || !strings.Contains(errOut, "evidence bundle written to "+second) {
		t.Fatalf("analyze a.zip --bundle b.zip: exit %d: %s", code, errOut)
	}
	checkManifest(t, second, 1)
}
