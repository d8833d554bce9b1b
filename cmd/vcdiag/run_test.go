package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
)

// startSimSite serves a scenario on loopback SSH and writes its profile and
// known_hosts, as `vcdiag sim` does, for `vcdiag run` to be run against.
func startSimSite(t *testing.T, scenario string) (profilePath, knownHosts string) {
	t.Helper()
	sc, ok := sim.ScenarioByName(scenario)
	if !ok {
		t.Fatalf("no scenario %s", scenario)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ss, err := sim.StartSite(ctx, sc.Build(time.Now().UTC()), sim.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	dir := t.TempDir()
	profilePath, knownHosts = filepath.Join(dir, "site.yaml"), filepath.Join(dir, "known_hosts")
	if err := writeSimFiles(sc, ss, profilePath, knownHosts); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VCDIAG_PASSWORD", sim.DefaultPassword)
	t.Setenv("VCDIAG_ENABLE_SECRET", sim.DefaultPassword)
	return profilePath, knownHosts
}

func decodeReport(t *testing.T, out string) *checks.Report {
	t.Helper()
	var rep checks.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return &rep
}

func rootCauses(rep *checks.Report) map[string]string {
	got := map[string]string{}
	for _, tr := range rep.Tunnels {
		got[tr.Name] = ""
		if tr.RootCause != nil {
			got[tr.Name] = tr.RootCause.Check
		}
	}
	return got
}

// TestRunLive drives `vcdiag run` end to end against the simulator: the
// password from VCDIAG_PASSWORD, host keys from a known_hosts file, two
// samples (the 1 s asked for raised to 10 s, and the report says so), the
// report and its exit code.
func TestRunLive(t *testing.T) {
	profilePath, kh := startSimSite(t, "routes-missing-backup")
	out, errOut, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", kh, "--sample-interval", "1s", "-f", "json")
	if code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, errOut)
	}
	rep := decodeReport(t, out)
	got := rootCauses(rep)
	if got["tunnel2"] != "routes.backup-24" || got["tunnel1"] != "" {
		t.Errorf("root causes %v, want tunnel2 routes.backup-24 only", got)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "sample interval raised from 1s to 10s") {
		t.Errorf("the report does not say the sample interval was raised: %q", rep.Notes)
	}
}

func TestRunHostKeys(t *testing.T) {
	profilePath, _ := startSimSite(t, "healthy")
	empty := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"run", "-p", profilePath, "--sample-interval", "0", "-f", "json", "--known-hosts", empty}

	// Unknown key, no permission to trust it: nothing is collected, and the
	// report says why and how to fix it.
	out, _, code := runCLI(t, "", base...)
	if code != exitUnknown {
		t.Errorf("unknown host key: exit %d, want %d", code, exitUnknown)
	}
	for _, want := range []string{"SHA256:", "--accept-new-host-key"} {
		if !strings.Contains(out, want) {
			t.Errorf("unknown host key: report lacks %q", want)
		}
	}

	// --accept-new-host-key records it, and the next run verifies against it.
	if _, errOut, code := runCLI(t, "", append(base, "--accept-new-host-key")...); code == exitUnknown && !strings.Contains(errOut, "report") {
		b, _ := os.ReadFile(empty)
		if len(b) == 0 {
			t.Errorf("--accept-new-host-key recorded nothing")
		}
	}
	if b, _ := os.ReadFile(empty); len(b) == 0 {
		t.Fatalf("--accept-new-host-key did not write %s", empty)
	}
	out, _, _ = runCLI(t, "", base...)
	if strings.Contains(out, "host key not trusted") {
		t.Errorf("the recorded key is not trusted on the next run")
	}
	if n := len(decodeReport(t, out).Tunnels); n != 2 {
		t.Errorf("%d tunnels in the report, want 2", n)
	}

	// --insecure-skip-host-key is said in the report.
	out, _, _ = runCLI(t, "", "run", "-p", profilePath, "--sample-interval", "0", "-f", "json",
		"--known-hosts", filepath.Join(t.TempDir(), "none"), "--insecure-skip-host-key")
	if !strings.Contains(strings.Join(decodeReport(t, out).Notes, "\n"), "host key not verified") {
		t.Errorf("--insecure-skip-host-key is not said in the report notes")
	}
}

// TestRunTranscriptThenAnalyze: run --save-transcript, then analyze the
// saved files: the same verdicts.
func TestRunTranscriptThenAnalyze(t *testing.T) {
	// A root cause one sample shows (counter checks need two samples
	// 10 s apart; the collectors' e2e tests cover them with a virtual clock).
	profilePath, kh := startSimSite(t, "tunnel-ip-mismatch")
	dir := t.TempDir()
	live, _, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", kh, "--sample-interval", "0",
		"-f", "json", "--save-transcript", dir)
	if code != exitFail {
		t.Fatalf("run: exit %d, want %d", code, exitFail)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	if len(files) != 1 {
		t.Fatalf("saved transcripts %v, want one", files)
	}
	b, _ := os.ReadFile(files[0])
	for _, s := range sim.PlantedSecrets {
		if strings.Contains(string(b), s) {
			t.Errorf("the saved transcript holds the secret %q", s)
		}
	}
	offline, _, code := runCLI(t, "", append([]string{"analyze", "-p", profilePath, "-f", "json"}, files...)...)
	if code != exitFail {
		t.Errorf("analyze: exit %d, want %d", code, exitFail)
	}
	a, o := decodeReport(t, live), decodeReport(t, offline)
	if got, want := rootCauses(o), rootCauses(a); got["tunnel1"] != want["tunnel1"] || got["tunnel1"] != "gre.tunnel-ip" {
		t.Errorf("analyze root causes %v, run %v; want tunnel1 gre.tunnel-ip from both", got, want)
	}
	for i := range a.Tunnels {
		for j := range a.Tunnels[i].Stages {
			for k, c := range a.Tunnels[i].Stages[j].Checks {
				if oc := o.Tunnels[i].Stages[j].Checks[k]; oc.ID != c.ID || oc.Status != c.Status {
					t.Errorf("%s %s: run %s, analyze %s", a.Tunnels[i].Name, c.ID, c.Status, oc.Status)
				}
			}
		}
	}
}

func TestDemoScenario(t *testing.T) {
	out, errOut, code := runCLI(t, "", "demo", "--scenario", "bgp-wrong-remote-as", "--sample-interval", "0", "--no-color")
	if code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, errOut)
	}
	for _, want := range []string{"root cause: bgp.remote-as", "LADDER", "tunnel2"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo report lacks %q", want)
		}
	}
}
