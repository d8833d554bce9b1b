package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/profile"
)

// runCLI runs vcdiag with args as main would and returns stdout, stderr and
// the exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCommand(strings.NewReader(stdin), &out, &errOut)
	root.SetArgs(args)
	err := root.Execute()
	code := exitOK
	if err != nil {
		var ee *exitError
		switch {
		case errors.As(err, &ee):
			code = ee.code
			if ee.err != nil {
				errOut.WriteString(ee.err.Error())
			}
		default:
			code = exitUnknown
			errOut.WriteString(err.Error())
		}
	}
	return out.String(), errOut.String(), code
}

func TestCLIExitCodesAndErrors(t *testing.T) {
	tmp := t.TempDir()
	badProfile := filepath.Join(tmp, "bad.yaml")
	ex := strings.Replace(profile.Example(), "di_asn: 64602", "di_asn: 70000", 1)
	if err := os.WriteFile(badProfile, []byte(ex), 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(tmp, "garbage.txt")
	if err := os.WriteFile(garbage, []byte("\nTunnel-id Local Remote fvrf/ivrf Status\n1 not-an-address/500 198.51.100.1/500 none/none READY\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"healthy site passes", []string{"analyze", "-p", example, healthy}, exitOK, "overall: PASS", ""},
		{"failure exits 2", []string{"analyze", "-p", example, filepath.Join(repoRoot, "testdata", "transcripts", "ike-no-response.log")}, exitFail, "root cause: ikev2.sa-ready", ""},
		{"warning exits 1", []string{"analyze", "-p", example, filepath.Join(repoRoot, "testdata", "transcripts", "gre-no-keepalive-on-cpe.log")}, exitWarn, "overall: WARN", ""},
		{"bad profile names file, line and field", []string{"analyze", "-p", badProfile, healthy}, exitUnknown, "", "bad.yaml:"},
		{"bad profile says what is wrong", []string{"analyze", "-p", badProfile, healthy}, exitUnknown, "", "di_asn: 70000 is not a private ASN"},
		{"missing transcript", []string{"analyze", "-p", example, filepath.Join(tmp, "nope.log")}, exitUnknown, "", "nope.log"},
		{"no transcript", []string{"analyze", "-p", example}, exitUnknown, "", "no transcript given"},
		{"bad --transcript mapping", []string{"analyze", "-p", example, "--transcript", "cpe9=" + healthy}, exitUnknown, "", "no CPE named \"cpe9\""},
		{"unknown format", []string{"analyze", "-p", example, "-f", "xml", healthy}, exitUnknown, "", "unknown report format"},
		{"parse prints JSON", []string{"parse", "--indent", "yes", "--command", "show crypto ikev2 sa detail", filepath.Join(repoRoot, "parsers", "iosxe", "testdata", "crypto", "vc_ikev2_sa_detail.txt")}, exitOK, `"status": "READY"`, ""},
		{"parse error cites file and line", []string{"parse", "--command", "show crypto ikev2 sa", garbage}, exitUnknown, "", "garbage.txt:3:"},
		{"parse unknown command", []string{"parse", "--command", "show clock", garbage}, exitUnknown, "", "no parser for command"},
		{"explain a check", []string{"explain", "routes.backup-24"}, exitOK, "Verify with:", ""},
		{"explain lists checks", []string{"explain"}, exitOK, "site.failover-ready", ""},
		{"explain unknown check suggests", []string{"explain", "backup-24"}, exitUnknown, "", "did you mean: routes.backup-24"},
		{"profile check", []string{"profile", "check", example}, exitOK, "ok", ""},
		{"profile check bad", []string{"profile", "check", badProfile}, exitUnknown, "", "70000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tt.args...)
			if code != tt.wantCode {
				t.Errorf("vcdiag %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(tt.args, " "), code, tt.wantCode, out, errOut)
			}
			if !strings.Contains(out, tt.wantStdout) {
				t.Errorf("vcdiag %s: stdout lacks %q:\n%s", strings.Join(tt.args, " "), tt.wantStdout, out)
			}
			if !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("vcdiag %s: stderr lacks %q:\n%s", strings.Join(tt.args, " "), tt.wantStderr, errOut)
			}
		})
	}
}

func TestParseFromStdin(t *testing.T) {
	in, err := os.ReadFile(filepath.Join(repoRoot, "parsers", "iosxe", "testdata", "crypto", "vc_ikev2_sa.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, string(in), "parse", "--command", "sh cry ikev2 sa", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v []map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v) == 0 {
		t.Fatalf("parse output is not a JSON list of SAs: %v\n%s", err, out)
	}
}

func TestProfileInitLoads(t *testing.T) {
	out, _, code := runCLI(t, "", "profile", "init")
	if code != exitOK {
		t.Fatalf("profile init exit %d", code)
	}
	if _, err := profile.Parse([]byte(out), "init.yaml"); err != nil {
		t.Fatalf("the profile 'profile init' prints does not load: %v", err)
	}
}

// TestCorruptOutputKeepsTheRest: one unreadable output is named with the
// file and line, the checks that need what only it shows are unknown,
// equivalent evidence (show crypto session's IKE state) still answers what
// it can, and everything else is judged and reported.
func TestCorruptOutputKeepsTheRest(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.ReplaceAll(string(src), "198.51.100.1/500      none/none", "198.51.100.999/500    none/none")
	path := filepath.Join(t.TempDir(), "corrupt.log")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	out, _, code := runCLI(t, "", "analyze", "-p", example, "-f", "json", path)
	if code != exitUnknown {
		t.Errorf("exit %d, want %d (unknown)", code, exitUnknown)
	}
	for _, want := range []string{
		`show crypto ikev2 sa detail (corrupt.log:`, "could not be parsed",
		`"id": "ipsec.sa-present",`, `"id": "bgp.established",`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	var rep checks.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ikev2.not-bouncing", "ikev2.proposal"} {
		if s := resultStatus(&rep, "tunnel1", id); s != checks.Unknown {
			t.Errorf("tunnel1 %s = %s on an unreadable output, want unknown", id, s)
		}
	}
	if r := resultOf(&rep, "tunnel1", "ikev2.sa-ready"); r.Status != checks.Pass || len(r.Evidence) == 0 ||
		r.Evidence[0].Command != "show crypto session detail" {
		t.Errorf("tunnel1 ikev2.sa-ready = %s from %v, want pass from show crypto session detail", r.Status, r.Evidence)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "could not be parsed") }) {
		t.Errorf("notes %q do not name the unreadable output", rep.Notes)
	}
	for _, id := range []string{"ipsec.sa-present", "gre.line-protocol", "bgp.established", "routes.backup-24"} {
		if s := resultStatus(&rep, "tunnel1", id); s != checks.Pass {
			t.Errorf("tunnel1 %s = %s, want pass: the rest of the evidence must still be judged", id, s)
		}
	}
}

// TestPrometheusOneShotHasEvidenceValues: run/analyze --format prometheus
// exports the numbers that come from the evidence, as watch does.
func TestPrometheusOneShotHasEvidenceValues(t *testing.T) {
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	out, errOut, code := runCLI(t, "", "analyze", "-p", example, "-f", "prometheus", healthy)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"vcdiag_ipsec_encaps_packets_per_second{", "vcdiag_bgp_prefixes_received{", "vcdiag_tunnel_status{"} {
		if !strings.Contains(out, want) {
			t.Errorf("prometheus output lacks %s", want)
		}
	}
}
