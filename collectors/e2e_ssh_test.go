package collectors_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// liveSite is a simulated site on loopback SSH and the profile and
// known_hosts that point at it: the whole live path, nothing mocked.
type liveSite struct {
	servers    *sim.SiteServers
	profile    *profile.Profile
	knownHosts string
	clock      *virtualClock
}

func startLiveSite(t *testing.T, sc sim.Scenario, faults sim.DeviceFaults) *liveSite {
	t.Helper()
	clock := &virtualClock{t: sim.ScenarioStart}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ss, err := sim.StartSite(ctx, sc.Build(sim.ScenarioStart), sim.ServerOptions{
		Faults: faults, Clock: clock.Now, Start: sim.ScenarioStart,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	var yaml, kh strings.Builder
	if err := sim.WriteProfile(&yaml, sc, ss, sim.DefaultUser); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse([]byte(yaml.String()), sc.Name+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range ss.Servers {
		kh.WriteString(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey()) + "\n")
	}
	khPath := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(khPath, []byte(kh.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return &liveSite{servers: ss, profile: p, knownHosts: khPath, clock: clock}
}

// collect runs the live collection over SSH with a virtual 10 s interval.
func (ls *liveSite) collect(t *testing.T, cfg collectors.SSHConfig, deadline time.Duration) (*checks.Report, *evidence.Site) {
	t.Helper()
	return ls.collectAt(t, cfg, deadline, 10*time.Second)
}

// collectAt runs the live collection over SSH with the given virtual
// sample interval.
func (ls *liveSite) collectAt(t *testing.T, cfg collectors.SSHConfig, deadline, interval time.Duration) (*checks.Report, *evidence.Site) {
	t.Helper()
	cfg.Password, cfg.EnableSecret, cfg.KnownHostsFile = sim.DefaultPassword, sim.DefaultPassword, ls.knownHosts
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	ev, err := collectors.Collect(ctx, ls.profile, cpeNames(ls.profile), collectors.LiveOptions{
		Dial: collectors.SSHDialer(cfg), Plan: plan(ls.profile), SampleInterval: interval,
		Clock: ls.clock.Now, Sleep: ls.clock.Sleep, MTUTargets: mtuTargets(ls.profile),
	})
	if err != nil {
		t.Fatal(err)
	}
	return checks.Run(ls.profile, ev, checks.RunOptions{Version: "e2e", Now: sim.ScenarioStart}), ev
}

// assertOnlyAllowlisted reads the simulator's command log: everything the
// router received must pass the read-only allowlist.
func (ls *liveSite) assertOnlyAllowlisted(t *testing.T) {
	t.Helper()
	for _, srv := range ls.servers.Servers {
		for _, c := range srv.Log() {
			if err := collectors.Allowed(c.Command); err != nil {
				t.Errorf("%s received %q, which the allowlist refuses", srv.CPE(), c.Command)
			}
		}
	}
}

// noGoroutineLeak waits for the goroutine count to come back to base.
func noGoroutineLeak(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Errorf("goroutines: %d, want <= %d\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var exitOf = map[string]int{"pass": 0, "warn": 1, "fail": 2}

// TestLiveSSHScenarios: for every documented scenario, a live run over SSH
// against the simulated IOS-XE CLI names the documented root cause and
// exits with the documented code, sending only allowlisted commands.
func TestLiveSSHScenarios(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			ls := startLiveSite(t, sc, sim.DeviceFaults{})
			rep, _ := ls.collect(t, collectors.SSHConfig{ConnectTimeout: 5 * time.Second, CommandTimeout: 5 * time.Second}, time.Minute)
			for _, tr := range rep.Tunnels {
				got := ""
				if tr.RootCause != nil {
					got = tr.RootCause.Check
				}
				if want := sc.Expect[tr.Name]; got != want {
					t.Errorf("%s root cause = %q, want %q", tr.Name, got, want)
				}
			}
			if code, want := rep.ExitCode(), exitOf[sc.Status]; code != want {
				t.Errorf("exit code %d (status %s), want %d (%s)", code, rep.Status, want, sc.Status)
			}
			ls.assertOnlyAllowlisted(t)
		})
	}
	noGoroutineLeak(t, base)
}

// TestVerdictsDoNotDependOnTiming: the root cause of every scenario is the
// same whatever the sample interval and however long each command takes.
// (Once gre-wrong-destination came out as gre.line-protocol or
// ipsec.counters-rising depending on when the samples fell.) Each run is a
// live SSH collection with its own virtual clock.
func TestVerdictsDoNotDependOnTiming(t *testing.T) {
	timings := []struct {
		interval, perCommand time.Duration
	}{
		{10 * time.Second, 100 * time.Millisecond}, // the default interval
		{10 * time.Second, 900 * time.Millisecond}, // a slow router: the second sample starts late
		{2 * time.Second, 50 * time.Millisecond},   // shorter than a keepalive period: raised to 10 s
		{37 * time.Second, 300 * time.Millisecond},
		{120 * time.Second, 20 * time.Millisecond},
	}
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			for _, tm := range timings {
				ls := startLiveSite(t, sc, sim.DeviceFaults{})
				ls.clock.step = tm.perCommand
				rep, _ := ls.collectAt(t, collectors.SSHConfig{ConnectTimeout: 5 * time.Second, CommandTimeout: 5 * time.Second}, time.Minute, tm.interval)
				for _, tr := range rep.Tunnels {
					got := ""
					if tr.RootCause != nil {
						got = tr.RootCause.Check
					}
					if want := sc.Expect[tr.Name]; got != want {
						t.Errorf("interval %v, %v a command: %s root cause = %q, want %q", tm.interval, tm.perCommand, tr.Name, got, want)
					}
				}
			}
		})
	}
}

// TestLiveSSHDeviceFaults: a misbehaving router gives a report that says
// what failed, with everything collected so far, within the deadline and
// without leaking goroutines; never a false pass.
func TestLiveSSHDeviceFaults(t *testing.T) {
	healthy, _ := sim.ScenarioByName("healthy")
	tests := []struct {
		name     string
		faults   sim.DeviceFaults
		cfg      collectors.SSHConfig
		wantExit int
		reason   string // in the summaries of the unknown checks or the notes
		someSeen bool   // some checks still pass on what was collected
	}{
		{"ssh-auth-failure", sim.DeviceFaults{AuthFailure: true}, collectors.SSHConfig{}, 3, "authentication failed", false},
		{"hang-after-connect", sim.DeviceFaults{HangAfterConnect: true}, collectors.SSHConfig{ConnectTimeout: 500 * time.Millisecond}, 3, "timed out", false},
		{"slow-device", sim.DeviceFaults{SlowPerCommand: 2 * time.Second}, collectors.SSHConfig{CommandTimeout: 300 * time.Millisecond}, 3, "timed out", false},
		{"disconnect-midway", sim.DeviceFaults{DisconnectAfter: 12}, collectors.SSHConfig{}, 3, "lost", true},
		// Paged through: the whole diagnosis, as on a well-behaved router.
		{"ignores-terminal-length", sim.DeviceFaults{IgnoresTerminalLength: true}, collectors.SSHConfig{}, 0, "", true},
		{"old-release", sim.DeviceFaults{OldRelease: true}, collectors.SSHConfig{}, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := runtime.NumGoroutine()
			ls := startLiveSite(t, healthy, tt.faults)
			start := time.Now()
			rep, ev := ls.collect(t, tt.cfg, 20*time.Second)
			if took := time.Since(start); took > 15*time.Second {
				t.Errorf("took %s: deadlines did not hold", took)
			}
			if got := rep.ExitCode(); got != tt.wantExit {
				t.Errorf("exit code %d (status %s), want %d", got, rep.Status, tt.wantExit)
			}
			text := reportText(rep)
			if tt.reason != "" && !strings.Contains(text, tt.reason) {
				t.Errorf("no check or note says %q:\n%s", tt.reason, text)
			}
			passes := countStatus(rep, checks.Pass)
			if tt.someSeen && passes == 0 {
				t.Errorf("no check passed: what was collected before the fault was lost")
			}
			if !tt.someSeen && passes > 0 {
				t.Errorf("%d checks passed with nothing collected", passes)
			}
			if tt.name == "old-release" {
				assertRejectedRecorded(t, ev)
			}
			ls.assertOnlyAllowlisted(t)
			ls.servers.Close()
			noGoroutineLeak(t, base)
		})
	}
}

func assertRejectedRecorded(t *testing.T, ev *evidence.Site) {
	t.Helper()
	for _, o := range ev.CPE("cpe1").Outputs {
		if o.Command == "show crypto session detail" {
			if !errors.Is(o.Err, evidence.ErrCommandFailed) || !strings.Contains(o.Err.Error(), "% Invalid input") {
				t.Errorf("rejected command recorded with err %v, want a command failure quoting the router", o.Err)
			}
			return
		}
	}
	t.Error("show crypto session detail was not recorded")
}

func reportText(rep *checks.Report) string {
	var b strings.Builder
	for _, n := range rep.Notes {
		b.WriteString(n + "\n")
	}
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, c := range st.Checks {
				b.WriteString(c.ID + " " + c.Status.String() + " " + c.Summary + "\n")
			}
		}
	}
	return b.String()
}

func countStatus(rep *checks.Report, s checks.Status) int {
	n := 0
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, c := range st.Checks {
				if c.Status == s {
					n++
				}
			}
		}
	}
	return n
}
