package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunHostKeyManners: what `vcdiag run` says on stderr about host keys,
// as OpenSSH would. A key trusted on first use is announced once, with
// OpenSSH's own words; the next run (key known) says nothing; a run that
// checks no key at all warns, before any report.
func TestRunHostKeyManners(t *testing.T) {
	profilePath, _ := startSimSite(t, "healthy")
	kh := filepath.Join(t.TempDir(), "known_hosts")
	base := []string{"run", "-p", profilePath, "--sample-interval", "0", "-f", "json", "--known-hosts", kh}
	const added = "to the list of known hosts."

	_, errOut, _ := runCLI(t, "", append(base, "--accept-new-host-key")...)
	if n := strings.Count(errOut, "Warning: Permanently added '[127.0.0.1]:"); n != 1 || strings.Count(errOut, added) != 1 {
		t.Errorf("first run with --accept-new-host-key: %d notices on stderr, want 1 \"Warning: Permanently added '[127.0.0.1]:PORT' (TYPE) %s\":\n%s", n, added, errOut)
	}
	if b, err := os.ReadFile(kh); err != nil || len(b) == 0 {
		t.Fatalf("--accept-new-host-key recorded nothing in %s: %v", kh, err)
	}
	_, errOut, _ = runCLI(t, "", append(base, "--accept-new-host-key")...)
	if strings.Contains(errOut, added) {
		t.Errorf("second run: the known key is announced again:\n%s", errOut)
	}
	if strings.Contains(errOut, "insecure") {
		t.Errorf("a run that checks host keys warns about an insecure run:\n%s", errOut)
	}

	_, errOut, _ = runCLI(t, "", "run", "-p", profilePath, "--sample-interval", "0", "-f", "json",
		"--known-hosts", filepath.Join(t.TempDir(), "none"), "--insecure-skip-host-key")
	if !strings.Contains(errOut, "warning: --insecure-skip-host-key: host keys are not verified") {
		t.Errorf("--insecure-skip-host-key: no warning on stderr:\n%s", errOut)
	}
}
