package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
)

// fakeTerminal is a terminal as far as vcdiag can tell (`go test` never
// has one): it records every byte written, from any goroutine.
type fakeTerminal struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (f *fakeTerminal) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.buf.Write(p)
}

func (*fakeTerminal) IsTerminal() bool { return true }

func (f *fakeTerminal) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.buf.String()
}

// screen is what a person sees after raw was written to a terminal: the
// lines, with carriage returns acted out and trailing blanks dropped. The
// progress view sends no escape sequence (a Windows console without VT
// processing would print it), so one fails the test.
func screen(t *testing.T, raw string) []string {
	t.Helper()
	if i := strings.IndexByte(raw, '\x1b'); i >= 0 {
		t.Fatalf("escape sequence at %d in %q", i, raw)
	}
	lines := [][]rune{nil}
	col := 0
	for _, r := range raw {
		cur := &lines[len(lines)-1]
		switch r {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, nil)
			col = 0
		default:
			for len(*cur) <= col {
				*cur = append(*cur, ' ')
			}
			(*cur)[col] = r
			col++
		}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// result is a check result for a fabricated Early.
func result(id string, st checks.Status, summary string) checks.Result {
	return checks.Result{ID: id, Status: st, Summary: summary}
}

func TestEarlyLines(t *testing.T) {
	e := pipeline.Early{CPE: "cpe1", Wait: 9400 * time.Millisecond, Tunnels: []checks.TunnelReport{
		{Name: "tunnel1", RootCause: &checks.RootCause{Check: "bgp.remote-as"}, Stages: []checks.StageResult{
			{Stage: checks.StageIKEv2, Checks: []checks.Result{
				result("ikev2.sa-ready", checks.Pass, "up"),
				result("ikev2.not-bouncing", checks.Unknown, "only one sample"),
			}},
			{Stage: checks.StageIPsec, Checks: []checks.Result{result("ipsec.counters-rising", checks.Unknown, "only one sample")}},
			{Stage: checks.StageGRE, Checks: []checks.Result{
				result("gre.keepalive", checks.Warn, "GRE keepalives are off"),
				result("gre.line-protocol", checks.Pass, "up"),
			}},
			{Stage: checks.StagePing, Checks: []checks.Result{result("ping.tunnel-ip", checks.Pass, "answers")}},
			{Stage: checks.StageBGP, Checks: []checks.Result{
				result("bgp.neighbor-configured", checks.Pass, "configured"),
				result("bgp.remote-as", checks.Fail, "remote AS 64603 is not the DI ASN 64602"),
				result("bgp.established", checks.Fail, "BGP session is Idle\x1b[2J"),
			}},
			{Stage: checks.StageRoutes, Checks: []checks.Result{result("routes.received", checks.Skip, "blocked")}},
		}},
		{Name: "tunnel2", Stages: []checks.StageResult{
			{Stage: checks.StageIKEv2, Checks: []checks.Result{result("ikev2.sa-ready", checks.Pass, "up")}},
			{Stage: checks.StageBGP, Checks: []checks.Result{result("bgp.established", checks.Pass, "up")}},
		}},
		{Name: "tunnel3", Stages: []checks.StageResult{
			{Stage: checks.StageIKEv2, Checks: []checks.Result{result("ikev2.sa-ready", checks.Unknown, "not collected")}},
		}},
	}}
	want := []string{
		"cpe1: verdicts from the first sample (the counters' second sample in 9s):",
		// ipsec has no verdict yet, gre has a warning: neither is in the pass line.
		"  tunnel1: ikev2, ping pass so far (2 checks)",
		// The root cause comes first, then the rest in ladder order; router
		// text is made safe for the terminal.
		"  tunnel1: remote AS 64603 is not the DI ASN 64602 (bgp.remote-as fail, the root cause so far)",
		"  tunnel1: GRE keepalives are off (gre.keepalive warn)",
		`  tunnel1: BGP session is Idle\x1b[2J (bgp.established fail)`,
		"  tunnel2: ikev2, bgp pass so far (2 checks)",
		"  tunnel3: nothing decided before the second sample",
	}
	if diff := cmp.Diff(want, earlyLines(e)); diff != "" {
		t.Errorf("earlyLines (-want +got):\n%s", diff)
	}
}

// TestProgressOffWhenNotATerminal: on a pipe or a file nothing is drawn
// and the pipeline is given no hooks, so it does not judge twice.
func TestProgressOffWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	for _, w := range []interface {
		Write([]byte) (int, error)
	}{&buf, sharedStderr(&buf)} {
		v := newProgressView(w, []string{"cpe1"})
		if v != nil {
			t.Fatalf("newProgressView(%T) = %v, want nil on a writer that is not a terminal", w, v)
		}
		live := &pipeline.Live{}
		v.attach(live)
		if live.Progress != nil || live.Early != nil {
			t.Errorf("a nil view attached hooks to the live collection")
		}
		v.Close()
	}
	fmt.Fprintln(sharedStderr(&buf), "a line")
	if buf.String() != "a line\n" {
		t.Errorf("sharedStderr without a view wrote %q, want it written through", buf.String())
	}
}

// testView is a view on a fake terminal with a clock the test moves
// (advance), redrawing the status line as the ticker would.
func testView(t *testing.T, w *fakeTerminal, cpes ...string) (v *progressView, advance func(time.Duration)) {
	t.Helper()
	now := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	v = newProgressView(w, cpes)
	if v == nil {
		t.Fatal("newProgressView on a terminal = nil")
	}
	v.mu.Lock()
	v.now = func() time.Time { return now }
	v.mu.Unlock()
	t.Cleanup(v.Close)
	return v, func(d time.Duration) {
		v.mu.Lock()
		defer v.mu.Unlock()
		now = now.Add(d)
		v.redraw()
	}
}

// TestProgressViewOnATerminal: the user sees one status line that follows
// the CPE, the early verdicts above it with a countdown below, and after
// Close the verdicts alone, the status line gone.
func TestProgressViewOnATerminal(t *testing.T) {
	term := &fakeTerminal{}
	v, advance := testView(t, term, "cpe1")
	v.step("cpe1", "connecting to 192.0.2.10")
	v.step("cpe1", "show ip bgp summary")
	if got := screen(t, term.String()); !slices.Equal(got, []string{"cpe1: show ip bgp summary"}) {
		t.Errorf("screen after two steps = %q, want the last step alone", got)
	}
	v.early(pipeline.Early{CPE: "cpe1", Wait: 10 * time.Second, Tunnels: []checks.TunnelReport{
		{Name: "tunnel1", Stages: []checks.StageResult{{Stage: checks.StageBGP, Checks: []checks.Result{
			result("bgp.established", checks.Fail, "BGP session to 100.64.1.1 is Idle")}}}},
	}})
	advance(4 * time.Second)
	want := []string{
		"cpe1: verdicts from the first sample (the counters' second sample in 10s):",
		"  tunnel1: BGP session to 100.64.1.1 is Idle (bgp.established fail)",
		"cpe1: [########------------] 6s to the counters' second sample",
	}
	if diff := cmp.Diff(want, screen(t, term.String())); diff != "" {
		t.Errorf("screen during the wait (-want +got):\n%s", diff)
	}
	advance(6 * time.Second)
	v.step("cpe1", "show interfaces Tunnel1")
	if got := screen(t, term.String()); got[len(got)-1] != "cpe1: show interfaces Tunnel1" {
		t.Errorf("status after the wait = %q, want the second sample's command", got[len(got)-1])
	}
	v.Close()
	if diff := cmp.Diff(want[:2], screen(t, term.String())); diff != "" {
		t.Errorf("screen after Close (-want +got):\n%s", diff)
	}
	v.step("cpe1", "late")
	v.early(pipeline.Early{CPE: "cpe1"})
	if diff := cmp.Diff(want[:2], screen(t, term.String())); diff != "" {
		t.Errorf("a closed view drew (-want +got):\n%s", diff)
	}
}

// TestSharedStderrKeepsLinesWhole: a host-key notice printed during the
// login lands on its own line above the status line, not glued to it.
func TestSharedStderrKeepsLinesWhole(t *testing.T) {
	term := &fakeTerminal{}
	errw := sharedStderr(term)
	v := newProgressView(errw, []string{"cpe1"})
	if v == nil {
		t.Fatal("newProgressView through sharedStderr on a terminal = nil")
	}
	v.step("cpe1", "connecting to 192.0.2.10")
	fmt.Fprintln(errw, "Permanently added '192.0.2.10' (ED25519) to the list of known hosts.")
	want := []string{
		"Permanently added '192.0.2.10' (ED25519) to the list of known hosts.",
		"cpe1: connecting to 192.0.2.10",
	}
	if diff := cmp.Diff(want, screen(t, term.String())); diff != "" {
		t.Errorf("screen (-want +got):\n%s", diff)
	}
	// A half-written line is not drawn over: the status line waits for
	// its end.
	fmt.Fprint(errw, "half ")
	v.step("cpe1", "show version")
	fmt.Fprintln(errw, "a line")
	want = []string{want[0], "half a line", "cpe1: show version"}
	if diff := cmp.Diff(want, screen(t, term.String())); diff != "" {
		t.Errorf("screen (-want +got):\n%s", diff)
	}
	v.Close()
	fmt.Fprintln(errw, "after")
	if got := screen(t, term.String()); got[len(got)-1] != "after" || len(got) != 3 {
		t.Errorf("screen after Close = %q, want the status line replaced by what came next", got)
	}
}

func TestStatusLineFitsTheTerminal(t *testing.T) {
	start := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	cpes := map[string]*cpeProgress{
		"cpe1": {step: "waiting", waitFrom: start, waitEnd: start.Add(10 * time.Second)},
		"cpe2": {step: "show ip bgp neighbors 100.64.2.1 advertised-routes"},
	}
	for _, width := range []int{120, 80, 40, 10} {
		line := statusLine([]string{"cpe1", "cpe2"}, cpes, start.Add(5*time.Second), width)
		if n := utf8.RuneCountInString(line); n >= width {
			t.Errorf("width %d: status line has %d runes (a full line wraps on some terminals): %q", width, n, line)
		}
		if width >= 80 && (!strings.Contains(line, "cpe1") || !strings.Contains(line, "[##########----------] 5s") || !strings.Contains(line, "cpe2")) {
			t.Errorf("width %d: %q lacks a CPE or the countdown", width, line)
		}
	}
}

func TestCountdown(t *testing.T) {
	from := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	end := from.Add(10 * time.Second)
	for _, tc := range []struct {
		after time.Duration
		want  string
	}{
		{0, "[--------------------] 10s"},
		{2500 * time.Millisecond, "[#####---------------] 8s"},
		{9900 * time.Millisecond, "[###################-] 1s"},
		{10 * time.Second, "[####################] 0s"},
	} {
		if got := countdown(from, end, from.Add(tc.after)); got != tc.want {
			t.Errorf("countdown after %s = %q, want %q", tc.after, got, tc.want)
		}
	}
}

// earlyClock is a virtual clock shared by the collector and the simulated
// router, so that the 10 s sample wait costs nothing.
type earlyClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *earlyClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(10 * time.Millisecond)
	return c.t
}

func (c *earlyClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestEarlyVerdictBeforeTheSampleWaitEnds: with the simulated router whose
// neighbor has the wrong remote AS, a live run with progress on a terminal
// shows "bgp.remote-as fail" and "BGP Idle" before the sample wait ends,
// and the report (after the wait) agrees. Order of lines, not timing: the
// wait writes a marker when it ends.
func TestEarlyVerdictBeforeTheSampleWaitEnds(t *testing.T) {
	sc, err := sim.ScenarioFor("bgp-wrong-remote-as", sim.PlatformIOSXE)
	if err != nil {
		t.Fatal(err)
	}
	clock := &earlyClock{t: sim.ScenarioStart}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ss, err := sim.StartSite(ctx, sc.Build(sim.ScenarioStart), sim.ServerOptions{Clock: clock.Now, Start: sim.ScenarioStart})
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	dir := t.TempDir()
	profilePath, knownHosts := filepath.Join(dir, "site.yaml"), filepath.Join(dir, "known_hosts")
	if err := writeSimFiles(sc, ss, profilePath, knownHosts); err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.LoadProfile(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := selectCPEs(p, "")

	term := &fakeTerminal{}
	errw := sharedStderr(term)
	view := newProgressView(errw, names)
	defer view.Close()
	const waitOver = "<<the sample wait is over>>"
	waits := 0
	live := &pipeline.Live{
		Dial: collectors.SSHDialer(collectors.SSHConfig{
			Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword, KnownHostsFile: knownHosts}),
		SampleInterval: 10 * time.Second,
		MTUSweep:       true,
		Clock:          clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			clock.advance(d)
			waits++ // one CPE in this scenario: no other goroutine sleeps
			fmt.Fprintln(errw, waitOver)
			return ctx.Err()
		},
	}
	view.attach(live)
	po := pipelineOptions(p, nil, clock.Now)
	po.CPEs, po.Live = names, live
	out, err := pipeline.Run(ctx, po)
	view.Close()
	if err != nil {
		t.Fatal(err)
	}
	if waits != 1 {
		t.Fatalf("the collection waited %d times, want once (one CPE)", waits)
	}
	lines := screen(t, term.String())
	at := func(sub string) int {
		t.Helper()
		i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, sub) })
		if i < 0 {
			t.Fatalf("the terminal never showed %q:\n%s", sub, strings.Join(lines, "\n"))
		}
		return i
	}
	over := at(waitOver)
	for _, want := range []string{
		"cpe1: verdicts from the first sample",
		"tunnel1: ikev2, ipsec, gre, ping pass so far",
		"(bgp.remote-as fail, the root cause so far)",
		"is Idle, not Established",
	} {
		if i := at(want); i > over {
			t.Errorf("%q came after the sample wait ended (line %d, wait over at %d):\n%s", want, i, over, strings.Join(lines, "\n"))
		}
	}
	for _, l := range lines[:over] {
		for _, counter := range []string{"ipsec.counters-rising", "gre.counters-rising", "ikev2.not-bouncing"} {
			if strings.Contains(l, counter) {
				t.Errorf("an early line judges %s, which needs the second sample: %q", counter, l)
			}
		}
	}
	if got := rootCauses(out.Report)["tunnel1"]; got != "bgp.remote-as" {
		t.Errorf("the report's root cause for tunnel1 = %q, want bgp.remote-as, as the early line said", got)
	}
	if last := lines[len(lines)-1]; last != waitOver {
		t.Errorf("the status line is still on the screen after Close: %q", last)
	}
}

// TestDemoProgress runs `vcdiag demo` as a user would, with the default
// 10 s sample wait: on a terminal the early BGP verdict comes before the
// report; on a pipe stderr and stdout hold no carriage return or escape
// sequence, and no early verdict (the report says it all).
func TestDemoProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("waits the real 10 s sample interval")
	}
	args := []string{"demo", "--scenario", "bgp-wrong-remote-as"}
	t.Run("terminal", func(t *testing.T) {
		t.Parallel()
		term := &fakeTerminal{}
		// stdout and stderr on one terminal: the order is the user's.
		root := newRootCommand(strings.NewReader(""), term, term)
		root.SetArgs(append(args, "--no-color")) // the report's colours are not under test
		if err := root.Execute(); err == nil {
			t.Fatal("demo of a failing scenario succeeded")
		}
		lines := screen(t, term.String())
		early := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "(bgp.remote-as fail, the root cause so far)") })
		report := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "vcdiag report:") })
		if early < 0 || report < 0 || early > report {
			t.Errorf("early verdict at line %d, report at line %d: want the early verdict first\n%s", early, report, strings.Join(lines, "\n"))
		}
	})
	t.Run("pipe", func(t *testing.T) {
		t.Parallel()
		var out, errOut bytes.Buffer
		root := newRootCommand(strings.NewReader(""), &out, &errOut)
		root.SetArgs(args)
		_ = root.Execute()
		for name, s := range map[string]string{"stderr": errOut.String(), "stdout": out.String()} {
			if i := strings.IndexAny(s, "\r\x1b"); i >= 0 {
				t.Errorf("%s of a run without a terminal has a control character at %d: %q", name, i, s[max(0, i-40):min(len(s), i+40)])
			}
		}
		if strings.Contains(errOut.String(), "verdicts from the first sample") {
			t.Errorf("stderr of a run without a terminal has the early verdicts:\n%s", errOut.String())
		}
		if !strings.Contains(out.String(), "root cause: bgp.remote-as") {
			t.Errorf("the report lacks the root cause:\n%s", out.String())
		}
	})
}
