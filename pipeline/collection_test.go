package pipeline_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// runLive runs the live pipeline over SSH with one sample and no MTU sweep.
func runLive(t *testing.T, p *profile.Profile, cfg collectors.SSHConfig) *pipeline.Outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := pipeline.Run(ctx, pipeline.Options{Profile: p, Version: "test",
		Live: &pipeline.Live{Dial: collectors.SSHDialer(cfg)}})
	if err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
	return out
}

func textReport(t *testing.T, rep *checks.Report) []string {
	t.Helper()
	var b bytes.Buffer
	if err := reports.Text(&b, rep, reports.Options{}); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		t.Log("\n" + b.String())
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// assertOpensWith checks the user's view of a CPE that could not be
// collected: a short report whose first five lines say the cause and the
// fix, and no check repeating it.
func assertOpensWith(t *testing.T, lines []string, want ...string) {
	t.Helper()
	text := strings.Join(lines, "\n")
	if len(lines) > 40 {
		t.Errorf("the report has %d lines, want at most 40:\n%s", len(lines), text)
	}
	head := strings.Join(lines[:min(5, len(lines))], "\n")
	for _, w := range want {
		if !strings.Contains(head, w) {
			t.Errorf("the first 5 lines do not say %q:\n%s", w, head)
		}
	}
	for _, bad := range []string{"hint:", "not sent (", "errConnectionError", "Configure the IKEv2 proposal"} {
		if strings.Contains(text, bad) {
			t.Errorf("the report says %q: a per-check reason or hint repeats the cause:\n%s", bad, text)
		}
	}
}

// assertGrouped: every check of the failed CPE's tunnels is unknown, grouped
// under the failure, with no hint of its own.
func assertGrouped(t *testing.T, rep *checks.Report, cpe string) {
	t.Helper()
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				if r.Status == checks.Skip {
					continue
				}
				if r.Status != checks.Unknown || r.CollectionFailed != cpe || r.Hint != "" {
					t.Errorf("%s %s: %s, collection_failed %q, hint %q; want unknown grouped under %s without a hint",
						tr.Name, r.ID, r.Status, r.CollectionFailed, r.Hint, cpe)
				}
			}
		}
	}
}

func onlyFailure(t *testing.T, rep *checks.Report) checks.CollectionFailure {
	t.Helper()
	if len(rep.CollectionFailures) != 1 {
		t.Fatalf("collection failures %+v, want one", rep.CollectionFailures)
	}
	return rep.CollectionFailures[0]
}

// TestUnreachableCPEOpensTheReport: nothing listens on the CPE's port. The
// report is short, opens with the cause and its fix, and standard error
// says it in one line.
func TestUnreachableCPEOpensTheReport(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now: the connection is refused

	p, err := pipeline.LoadProfile("../testdata/profiles/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p.CPEs[0].Host, p.CPEs[0].Port = "127.0.0.1", port
	out := runLive(t, p, collectors.SSHConfig{Password: "x", KnownHostsFile: filepath.Join(t.TempDir(), "known_hosts")})
	rep := out.Report

	f := onlyFailure(t, rep)
	if f.Kind != checks.FailureConnect || f.CPE != "cpe1" || !f.Nothing() {
		t.Errorf("failure %+v, want connect on cpe1 with nothing collected", f)
	}
	assertGrouped(t, rep, "cpe1")
	assertOpensWith(t, textReport(t, rep), "cpe1", "the connection was refused: nothing listens on port "+strconv.Itoa(port), "fix:", "cpes[].port")

	lines := out.StderrLines()
	if len(lines) != 2 || !strings.Contains(lines[0], "the connection was refused") || !strings.Contains(lines[0], "fix:") {
		t.Errorf("stderr lines %q, want the cause and fix in one line, then the time", lines)
	}
	if got := lines[len(lines)-1]; !strings.HasPrefix(got, "collected in ") || !strings.HasSuffix(got, "s") || strings.Count(got, ".") != 1 {
		t.Errorf("stderr says %q, want \"collected in N.Ns\"", got)
	}
}

// startSim serves a scenario and returns its profile and the address of
// its (only) CPE.
func startSim(t *testing.T, scenario string, opts sim.ServerOptions) (*profile.Profile, *sim.SiteServers) {
	t.Helper()
	sc, ok := sim.ScenarioByName(scenario)
	if !ok {
		t.Fatalf("no scenario %s", scenario)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ss, err := sim.StartSite(ctx, sc.Build(time.Now().UTC()), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	var b strings.Builder
	if err := sim.WriteProfile(&b, sc, ss, sim.DefaultUser); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.LoadProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	return p, ss
}

func writeKnownHosts(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostKeyFailureOpensTheReport: a simulated CPE whose key is not the
// one known_hosts holds (someone in the middle, or a re-keyed router), and
// one whose key known_hosts does not hold at all. Each report opens with
// the cause and the command that fixes it.
func TestHostKeyFailureOpensTheReport(t *testing.T) {
	p, ss := startSim(t, "healthy", sim.ServerOptions{})
	srv := ss.Servers[0]
	host, port, _ := net.SplitHostPort(srv.Addr())
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	cfg := collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword}

	t.Run("changed", func(t *testing.T) {
		cfg := cfg
		cfg.KnownHostsFile = writeKnownHosts(t, knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, other)+"\n")
		rep := runLive(t, p, cfg).Report
		f := onlyFailure(t, rep)
		if f.Kind != checks.FailureHostKeyChanged {
			t.Errorf("kind %q, want %q", f.Kind, checks.FailureHostKeyChanged)
		}
		assertGrouped(t, rep, "cpe1")
		assertOpensWith(t, textReport(t, rep), "the host key changed", ssh.FingerprintSHA256(srv.HostKey()),
			"ssh-keygen -R '["+host+"]:"+port+"'", "ssh-keyscan -p "+port+" "+host)
	})
	t.Run("unknown", func(t *testing.T) {
		cfg := cfg
		cfg.KnownHostsFile = writeKnownHosts(t)
		rep := runLive(t, p, cfg).Report
		f := onlyFailure(t, rep)
		if f.Kind != checks.FailureHostKey {
			t.Errorf("kind %q, want %q", f.Kind, checks.FailureHostKey)
		}
		assertGrouped(t, rep, "cpe1")
		assertOpensWith(t, textReport(t, rep), "the host key is not trusted", ssh.FingerprintSHA256(srv.HostKey()),
			"ssh-keyscan -p "+port+" "+host+" >> "+cfg.KnownHostsFile, "--accept-new-host-key")
	})
}

// TestAuthFailureOpensTheReport: the router refuses the login; the report
// says what to set.
func TestAuthFailureOpensTheReport(t *testing.T) {
	p, ss := startSim(t, "healthy", sim.ServerOptions{Faults: sim.DeviceFaults{AuthFailure: true}})
	kh := writeKnownHosts(t, knownhosts.Line([]string{knownhosts.Normalize(ss.Servers[0].Addr())}, ss.Servers[0].HostKey())+"\n")
	rep := runLive(t, p, collectors.SSHConfig{Password: "wrong", KnownHostsFile: kh}).Report
	if f := onlyFailure(t, rep); f.Kind != checks.FailureAuth {
		t.Errorf("kind %q, want %q", f.Kind, checks.FailureAuth)
	}
	assertGrouped(t, rep, "cpe1")
	assertOpensWith(t, textReport(t, rep), "the login as \"vcdiag\" was refused", "VCDIAG_PASSWORD")
}

// TestPartialCollectionNamesEachMissingOnce: the session drops midway.
// What was collected is judged; each command that was not is named once,
// and the checks that needed one point at the cause instead of repeating it.
func TestPartialCollectionNamesEachMissingOnce(t *testing.T) {
	p, ss := startSim(t, "healthy", sim.ServerOptions{Faults: sim.DeviceFaults{DisconnectAfter: 12}})
	kh := writeKnownHosts(t, knownhosts.Line([]string{knownhosts.Normalize(ss.Servers[0].Addr())}, ss.Servers[0].HostKey())+"\n")
	rep := runLive(t, p, collectors.SSHConfig{Password: sim.DefaultPassword, KnownHostsFile: kh}).Report
	f := onlyFailure(t, rep)
	if f.Kind != checks.FailureDisconnect || f.Nothing() || len(f.Missing) == 0 {
		t.Fatalf("failure %+v, want a disconnect after some commands, naming what is missing", f)
	}
	seen := map[string]bool{}
	for _, m := range f.Missing {
		if seen[m] {
			t.Errorf("%q is named twice in %q", m, f.Missing)
		}
		seen[m] = true
	}
	lines := textReport(t, rep)
	text := strings.Join(lines, "\n")
	if !strings.Contains(strings.Join(lines[:5], "\n"), "the session ended after") {
		t.Errorf("the first 5 lines do not say the session ended:\n%s", text)
	}
	if n := strings.Count(text, "missing:"); n != 1 {
		t.Errorf("%d missing: lines, want 1:\n%s", n, text)
	}
	if strings.Contains(text, "errConnectionError") || strings.Contains(text, "not sent (") {
		t.Errorf("the report repeats the transport error:\n%s", text)
	}
	var grouped, passed int
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				if r.CollectionFailed != "" {
					grouped++
				}
				if r.Status == checks.Pass {
					passed++
				}
			}
		}
	}
	if grouped == 0 || passed == 0 {
		t.Errorf("%d checks grouped under the failure and %d passing; want both: what was collected is judged", grouped, passed)
	}
}

// TestSiteRootCauseComesFirst: both tunnels pass but together carry more
// than the site's limit. The failing site check is a root cause: in the
// first lines of the text report, in its root cause section, and in the
// HTML banner, with its fix.
func TestSiteRootCauseComesFirst(t *testing.T) {
	p, err := pipeline.LoadProfile("../testdata/profiles/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := pipeline.Run(context.Background(), pipeline.Options{Profile: p, Version: "test",
		Files: []collectors.TranscriptFile{{Path: "../testdata/transcripts/capacity-over.log", CPE: "cpe1"}}})
	if err != nil {
		t.Fatal(err)
	}
	rep := out.Report
	if len(rep.SiteRootCauses) != 1 || rep.SiteRootCauses[0].Check != "site.capacity" || rep.SiteRootCauses[0].Hint == "" {
		t.Fatalf("site root causes %+v, want site.capacity with its fix", rep.SiteRootCauses)
	}
	lines := textReport(t, rep)
	if head := strings.Join(lines[:8], "\n"); !strings.Contains(head, "root cause: site.capacity") {
		t.Errorf("the first 8 lines do not name site.capacity:\n%s", head)
	}
	text := strings.Join(lines, "\n")
	section := text[strings.Index(text, "ROOT CAUSE AND REMEDIATION"):strings.Index(text, "LADDER")]
	if !strings.Contains(section, "site.capacity") || !strings.Contains(section, "hint:") {
		t.Errorf("the root cause section lacks site.capacity and its fix:\n%s", section)
	}
	var h bytes.Buffer
	if err := reports.HTML(&h, rep, reports.Options{}); err != nil {
		t.Fatal(err)
	}
	page := h.String()
	start := strings.Index(page, `<section class="banner`)
	banner := page[start : start+strings.Index(page[start:], "</section>")]
	if !strings.Contains(banner, "site.capacity") {
		t.Errorf("the HTML banner does not name site.capacity:\n%s", banner)
	}
	if !strings.Contains(page[strings.Index(page, `id="root-causes"`):], "site.capacity") {
		t.Errorf("the HTML root cause section does not name site.capacity")
	}
}

// TestExplainedSiteFailureIsNotARootCause: failover-ready fails because a
// tunnel is down; the tunnel's root cause explains it.
func TestExplainedSiteFailureIsNotARootCause(t *testing.T) {
	p, err := pipeline.LoadProfile("../testdata/profiles/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := pipeline.Run(context.Background(), pipeline.Options{Profile: p, Version: "test",
		Files: []collectors.TranscriptFile{{Path: "../testdata/transcripts/tunnel2-down.log", CPE: "cpe1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out.Report.SiteRootCauses); n != 0 {
		t.Errorf("site root causes %+v, want none: tunnel2's root cause explains the failover failure", out.Report.SiteRootCauses)
	}
	for _, r := range out.Report.SiteChecks {
		if r.ID == "site.failover-ready" && (r.Status != checks.Fail || r.ExplainedBy == "") {
			t.Errorf("site.failover-ready: %s, explained by %q; want a failure explained by tunnel2's root cause", r.Status, r.ExplainedBy)
		}
	}
}

// TestLoginStepFailuresOpenTheReport: a CPE that accepts TCP but never
// speaks SSH, and one that refuses enable. Each gives its own cause and fix.
func TestLoginStepFailuresOpenTheReport(t *testing.T) {
	tests := []struct {
		name   string
		opts   sim.ServerOptions
		cfg    collectors.SSHConfig
		kind   string
		opens  []string
		unsent bool
	}{
		{"silent port", sim.ServerOptions{Faults: sim.DeviceFaults{HangAfterConnect: true}},
			collectors.SSHConfig{Password: sim.DefaultPassword, ConnectTimeout: 300 * time.Millisecond},
			checks.FailureTimeout, []string{"before the deadline", "--connect-timeout"}, true},
		{"enable refused", sim.ServerOptions{EnableSecret: "the-real-secret"},
			collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: "a-wrong-secret"},
			checks.FailurePrivilege, []string{"enable", "VCDIAG_ENABLE_SECRET"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ss := startSim(t, "healthy", tt.opts)
			srv := ss.Servers[0]
			tt.cfg.KnownHostsFile = writeKnownHosts(t, knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey())+"\n")
			rep := runLive(t, p, tt.cfg).Report
			if f := onlyFailure(t, rep); f.Kind != tt.kind || !f.Nothing() {
				t.Errorf("failure %+v, want %s with nothing collected", f, tt.kind)
			}
			assertGrouped(t, rep, "cpe1")
			assertOpensWith(t, textReport(t, rep), tt.opens...)
		})
	}
}

// TestRunDeadlineDuringTheWait: the run's --timeout ends the wait for the
// second sample. The first samples are judged; the second samples are named
// once as missing, under a timeout with its fix.
func TestRunDeadlineDuringTheWait(t *testing.T) {
	p, ss := startSim(t, "healthy", sim.ServerOptions{})
	srv := ss.Servers[0]
	kh := writeKnownHosts(t, knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey())+"\n")
	out, err := pipeline.Run(context.Background(), pipeline.Options{Profile: p, Version: "test",
		Live: &pipeline.Live{Dial: collectors.SSHDialer(collectors.SSHConfig{Password: sim.DefaultPassword, KnownHostsFile: kh}),
			SampleInterval: 10 * time.Second,
			// The deadline passes during the wait.
			Sleep: func(context.Context, time.Duration) error { return context.DeadlineExceeded }}})
	if err != nil {
		t.Fatal(err)
	}
	f := onlyFailure(t, out.Report)
	if f.Kind != checks.FailureTimeout || f.Nothing() || len(f.Missing) == 0 || !strings.Contains(f.Fix, "--timeout") {
		t.Errorf("failure %+v, want a timeout after the first samples, naming the second samples and --timeout", f)
	}
	text := strings.Join(textReport(t, out.Report), "\n")
	if n := strings.Count(text, "missing:"); n != 1 {
		t.Errorf("%d missing: lines, want 1:\n%s", n, text)
	}
}
