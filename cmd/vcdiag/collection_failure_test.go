package main

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestRunUnreachableSaysTheCauseFirst is the first wall a new user hits:
// the CPE's SSH port answers nothing. `vcdiag run` prints a short report
// that opens with the cause and its fix, and standard error says the same
// in one line before the (rounded) collection time.
func TestRunUnreachableSaysTheCauseFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close() // nothing listens there now: the connection is refused

	b, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "host: 192.0.2.10 ", "host: 127.0.0.1 ", 1)
	text = strings.Replace(text, "port: 22 ", "port: "+port+" ", 1)
	if text == string(b) {
		t.Fatal("example.yaml no longer has the CPE host and port lines this test rewrites")
	}
	profilePath := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(profilePath, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VCDIAG_PASSWORD", "x")

	out, errOut, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", filepath.Join(t.TempDir(), "kh"),
		"--sample-interval", "0", "--no-color")
	if code != exitUnknown {
		t.Errorf("exit %d, want %d", code, exitUnknown)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) > 40 {
		t.Errorf("the report has %d lines, want at most 40:\n%s", len(lines), out)
	}
	head := strings.Join(lines[:min(5, len(lines))], "\n")
	for _, want := range []string{"cpe1 (127.0.0.1:" + port + ") was not collected", "the connection was refused", "fix:"} {
		if !strings.Contains(head, want) {
			t.Errorf("the first 5 lines lack %q:\n%s", want, head)
		}
	}
	var causeLines int
	for _, l := range strings.Split(errOut, "\n") {
		if strings.Contains(l, "the connection was refused") {
			causeLines++
			if !strings.Contains(l, "fix:") {
				t.Errorf("stderr names the cause without the fix: %q", l)
			}
		}
	}
	if causeLines != 1 {
		t.Errorf("stderr names the cause on %d lines, want 1:\n%s", causeLines, errOut)
	}
	if !regexp.MustCompile(`(?m)^collected in \d+\.\ds$`).MatchString(errOut) {
		t.Errorf("stderr lacks \"collected in N.Ns\":\n%s", errOut)
	}
}

// TestRunInsecureInHeader: a run that did not verify host keys says so in
// the report's header, under the verdict, not only in the notes.
func TestRunInsecureInHeader(t *testing.T) {
	profilePath, _ := startSimSite(t, "healthy")
	out, _, _ := runCLI(t, "", "run", "-p", profilePath, "--sample-interval", "0", "--no-color",
		"--known-hosts", filepath.Join(t.TempDir(), "none"), "--insecure-skip-host-key")
	lines := strings.Split(out, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[3], "insecure: host key not verified (--insecure-skip-host-key)") {
		t.Errorf("the header does not say the run was insecure:\n%s", strings.Join(lines[:min(6, len(lines))], "\n"))
	}
	json, _, _ := runCLI(t, "", "run", "-p", profilePath, "--sample-interval", "0", "-f", "json",
		"--known-hosts", filepath.Join(t.TempDir(), "none"), "--insecure-skip-host-key")
	if sec := decodeReport(t, json).Security; len(sec) != 1 || !strings.Contains(sec[0], "--insecure-skip-host-key") {
		t.Errorf("the JSON report's security is %q, want the insecure run", sec)
	}
}
