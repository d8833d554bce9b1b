package collectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// hostilePlan is what the hostile tests collect: one output before the
// trigger (kept), the trigger, one after (never sent).
var hostilePlan = []platform.Planned{
	{Command: "show version", Samples: 1},
	{Command: "show running-config", Samples: 1},
	{Command: "show ip bgp summary", Samples: 1},
}

// small are the limits of most hostile tests of the whole collection:
// the mechanism is the one of the defaults, a tight bound tells bounded
// from unbounded within a second, and the output kept (redacted and read
// like any) stays cheap under -race. TestHostileSSHSessionDefaults runs
// every limit case with the defaults on the session alone, and one case
// here runs them through the whole collection.
var small = Limits{MaxOutputBytes: 1 << 20, MaxLineBytes: 16 << 10, MaxLoginBytes: 64 << 10}

// Bounds of the hostile tests: the heap peak over the baseline with the
// small limits, with the defaults on the session alone (a 16 MiB output
// read), and with the defaults through the whole collection (that output
// also redacted and kept as evidence); the margin over a deadline. The
// reproductions of issue 10 reached 0.5-1.6 GB; an unbounded reader
// reaches the small bound in about a second here, even under -race.
const (
	smallHeap     = 32 << 20
	defaultHeap   = 64 << 20
	collectedHeap = 128 << 20
	timeMargin    = 5 * time.Second
)

// answer prints n bytes of configuration lines, then returns (the prompt
// follows): a well-behaved but large output.
func answer(n int) hostileAct {
	return func(w io.Writer, _ io.Reader) error {
		var buf bytes.Buffer
		for i := 0; buf.Len() < 64<<10; i++ {
			fmt.Fprintf(&buf, " ip route 10.%d.%d.0 255.255.255.0 Tunnel1\r\n", i/250%250, i%250)
		}
		for sent := 0; sent < n; sent += buf.Len() {
			if _, err := w.Write(buf.Bytes()[:min(buf.Len(), n-sent)]); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "\r\n")
		return err
	}
}

// hostileCase is one misbehaviour and what vcdiag must make of it.
type hostileCase struct {
	name string
	h    *hostileCPE
	// limits of the run (zero: the defaults, what users get).
	limits Limits
	// openssh logs in through OpenSSH (--ssh-config), not the built-in
	// client.
	openssh bool
	// command is the command timeout; the whole run has deadline.
	command, deadline time.Duration
	// within bounds the time taken. Where a limit ends the read it is far
	// under the command timeout: time must not be what ends it.
	within time.Duration
	heap   uint64
	// want are in the error: of the trigger's output, or of every output
	// when the login itself failed.
	want []string
}

// limitCase is a case a limit must end, long before the deadlines.
//
// What proves the limit stopped the session is the error it names (want);
// the time bound only proves it did not wait for the 20 s command timeout:
// half of it, because moving 16 MiB through SSH under -race on a loaded
// 2-core machine took 7.4 s in CI.
func limitCase(name string, h *hostileCPE, l Limits, heap uint64, want ...string) hostileCase {
	return hostileCase{name: name, h: h, limits: l, command: 20 * time.Second, deadline: 30 * time.Second,
		within: 10 * time.Second, heap: heap, want: want}
}

// TestHostileSSHServer runs the live collection (Collect over SSHDialer,
// the path of `vcdiag run` and `watch`) against a server that misbehaves
// as issue 10 found a hostile one can: endless output, 4 KiB chunks with
// no newline, a pager that never ends, a flood before the first prompt,
// output dripping a byte at a time. Each must end within its deadline
// (a limit's case far within), with the heap's peak far below what the
// reproductions reached, with an error on the output (or on every output,
// when the login failed) that names the limit, its value, the command and
// the host, with what was collected before kept, and with nothing sent
// after.
func TestHostileSSHServer(t *testing.T) {
	const trigger = "show running-config"
	onTrigger := func(act hostileAct) *hostileCPE { return &hostileCPE{trigger: trigger, act: act} }
	cut := "show running-config on cpe1 (127.0.0.1:"
	tests := []hostileCase{
		limitCase("endless output", onTrigger(floodLines), small, smallHeap,
			cut, "output exceeds 1 MiB (--max-output-bytes)"),
		limitCase("endless output, default limits", onTrigger(floodLines), Limits{}, collectedHeap,
			cut, "output exceeds 16 MiB (--max-output-bytes)"),
		limitCase("4 KiB chunks without a newline", onTrigger(floodNoNewline), small, smallHeap,
			cut, "a line exceeds 16 KiB (--max-line-bytes)"),
		limitCase("endless pager, 64 KiB pages", onTrigger(endlessPager(64<<10)), small, smallHeap,
			cut, "output exceeds 1 MiB (--max-output-bytes)"),
		limitCase("endless pager, a line a page", onTrigger(endlessPager(1)), Limits{MaxPages: 100}, smallHeap,
			cut, "still --More-- after 100 pages (--max-pages)"),
		limitCase("flood before the first prompt", &hostileCPE{banner: floodLines}, small, smallHeap,
			"cpe1 (127.0.0.1:", "more than 64 KiB before the first prompt (--max-login-bytes)"),
		limitCase("flood before the first prompt, no newline", &hostileCPE{banner: floodNoNewline}, small, smallHeap,
			"cpe1 (127.0.0.1:", "more than 64 KiB before the first prompt (--max-login-bytes)"),
		{
			name: "slow drip output", h: onTrigger(drip(5 * time.Millisecond)),
			command: 1500 * time.Millisecond, deadline: 30 * time.Second, within: 1500*time.Millisecond + timeMargin, heap: smallHeap,
			want: []string{`run "show running-config" on cpe1`, "timed out: no prompt within 1.5s"},
		},
		{
			name: "slow drip before the first prompt", h: &hostileCPE{banner: drip(5 * time.Millisecond)},
			command: 20 * time.Second, deadline: 1500 * time.Millisecond, within: 1500*time.Millisecond + timeMargin, heap: smallHeap,
			want: []string{"cpe1 (127.0.0.1:", "timed out"},
		},
	}
	if _, err := exec.LookPath("ssh"); err == nil {
		for _, tt := range slices.Clone(tests) {
			if tt.name == "endless output" || tt.name == "flood before the first prompt" {
				tt.name += ", through OpenSSH"
				tt.openssh = true
				tt.h = &hostileCPE{trigger: tt.h.trigger, act: tt.h.act, banner: tt.h.banner}
				tests = append(tests, tt)
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHostile(t, tt.h)
			base := runtime.NumGoroutine()
			cfg := h.config(t, 5*time.Second, tt.command)
			cfg.Limits = tt.limits
			if tt.openssh {
				cfg.SSHConfigFile = sshConfigFile(t)
			}
			p := &profile.Profile{Name: "hostile", CPEs: []profile.CPE{h.cpe()}}
			ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
			defer cancel()
			heap := watchHeap()
			start := time.Now()
			site, err := Collect(ctx, p, []string{"cpe1"}, LiveOptions{
				Dial: SSHDialer(cfg),
				Plan: func(string) []platform.Planned { return hostilePlan },
			})
			took, peak := time.Since(start), heap.Stop()
			h.logRun(t, took, peak)
			if err != nil {
				t.Fatalf("Collect = %v, want a site", err)
			}
			tt.assertBounds(t, took, peak)
			assertHostileOutputs(t, site.CPE("cpe1"), tt.h.banner != nil, tt.want)
			if log := h.Log(); len(log) > 0 && log[len(log)-1] == "show ip bgp summary" {
				t.Errorf("the command after the one that failed was sent: %q", log)
			}
			cancel()
			h.close()
			waitGoroutines(t, base)
		})
	}
}

func (tt hostileCase) assertBounds(t *testing.T, took time.Duration, peak uint64) {
	t.Helper()
	if took > tt.within {
		t.Errorf("returned after %v, want within %v (command timeout %v, deadline %v)", took, tt.within, tt.command, tt.deadline)
	}
	if peak > tt.heap {
		t.Errorf("heap peak %d MiB over the baseline, want under %d MiB", peak>>20, tt.heap>>20)
	}
}

func (h *hostileCPE) logRun(t *testing.T, took time.Duration, peak uint64) {
	t.Helper()
	t.Logf("returned after %v; heap peak %.1f MiB over the baseline; the server sent %.1f MiB",
		took.Round(time.Millisecond), float64(peak)/(1<<20), float64(h.sent.Load())/(1<<20))
}

// TestHostileSSHSessionDefaults is TestHostileSSHServer's limit cases
// with the default limits, on the SSH session alone (SSHDialer, Run): what
// `vcdiag run` holds, at most, before it keeps an output.
func TestHostileSSHSessionDefaults(t *testing.T) {
	const trigger = "show running-config"
	onTrigger := func(act hostileAct) *hostileCPE { return &hostileCPE{trigger: trigger, act: act} }
	cut := "show running-config on cpe1 (127.0.0.1:"
	tests := []hostileCase{
		limitCase("endless output", onTrigger(floodLines), Limits{}, defaultHeap,
			cut, "output exceeds 16 MiB (--max-output-bytes)"),
		limitCase("4 KiB chunks without a newline", onTrigger(floodNoNewline), Limits{}, defaultHeap,
			cut, "a line exceeds 64 KiB (--max-line-bytes)"),
		limitCase("endless pager, 64 KiB pages", onTrigger(endlessPager(64<<10)), Limits{}, defaultHeap,
			cut, "output exceeds 16 MiB (--max-output-bytes)"),
		limitCase("flood before the first prompt", &hostileCPE{banner: floodLines}, Limits{}, defaultHeap,
			"cpe1 (127.0.0.1:", "more than 256 KiB before the first prompt (--max-login-bytes)"),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHostile(t, tt.h)
			base := runtime.NumGoroutine()
			ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
			defer cancel()
			heap := watchHeap()
			start := time.Now()
			out, err := runOnce(ctx, h.config(t, 5*time.Second, tt.command), h.cpe(), trigger)
			took, peak := time.Since(start), heap.Stop()
			h.logRun(t, took, peak)
			tt.assertBounds(t, took, peak)
			if !errors.Is(err, ErrLimit) || !errors.Is(err, ErrSessionLost) {
				t.Errorf("error %v, want one wrapping ErrLimit and ErrSessionLost", err)
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want it to say %q", err, w)
				}
			}
			if tt.h.banner == nil && len(out) < 60<<10 {
				t.Errorf("%d bytes of output, want what came before the limit kept", len(out))
			}
			cancel()
			h.close()
			waitGoroutines(t, base)
		})
	}
}

// runOnce opens a session, runs show version and cmd, and closes it.
func runOnce(ctx context.Context, cfg SSHConfig, cpe profile.CPE, cmd string) (string, error) {
	s, err := SSHDialer(cfg)(ctx, cpe)
	if err != nil {
		return "", err
	}
	defer s.Close()
	if out, err := s.Run(ctx, "show version"); err != nil || out != wantShowVersion {
		return out, fmt.Errorf("show version = %q, %v", out, err)
	}
	return s.Run(ctx, cmd)
}

// assertHostileOutputs checks the evidence of a hostile run: the trigger's
// output (every output, when the login itself failed) fails with want, the
// output before it is kept as collected, the one after was not sent.
func assertHostileOutputs(t *testing.T, cpe *evidence.CPE, prePrompt bool, want []string) {
	t.Helper()
	if len(cpe.Outputs) != len(hostilePlan) {
		t.Fatalf("%d outputs recorded, want %d (one per planned command): %v", len(cpe.Outputs), len(hostilePlan), cpe.Problems)
	}
	for i, o := range cpe.Outputs {
		var wantErr []string
		switch {
		case prePrompt:
			wantErr = append([]string{"not sent"}, want...)
		case i == 0:
			if o.Err != nil || o.Text != wantShowVersion {
				t.Errorf("output of %q = %.200q (%d bytes), %v; want it kept as collected", o.Command, o.Text, len(o.Text), o.Err)
			}
			continue
		case i == 1:
			wantErr = want
		default:
			wantErr = append([]string{"not sent"}, want...)
		}
		if o.Err == nil {
			t.Errorf("output of %q has no error, want one saying %q", o.Command, wantErr)
			continue
		}
		for _, w := range wantErr {
			if !strings.Contains(o.Err.Error(), w) {
				t.Errorf("output of %q: error %q, want it to say %q", o.Command, o.Err, w)
			}
		}
	}
	if len(cpe.Problems) == 0 {
		t.Errorf("no problem recorded on the CPE, want why the session ended")
	}
}

// TestHostileSessionTotal: outputs each under MaxOutputBytes that add up
// to more than MaxSessionBytes end the session at the limit; the outputs
// before it are kept whole.
func TestHostileSessionTotal(t *testing.T) {
	h := startHostile(t, &hostileCPE{trigger: "show *", act: answer(1536 << 10)})
	cfg := h.config(t, 5*time.Second, 20*time.Second)
	cfg.Limits = Limits{MaxSessionBytes: 4 << 20}
	p := &profile.Profile{Name: "hostile", CPEs: []profile.CPE{h.cpe()}}
	plan := []platform.Planned{
		{Command: "show running-config", Samples: 1},
		{Command: "show ip bgp summary", Samples: 1},
		{Command: "show crypto ikev2 sa detail", Samples: 1},
		{Command: "show crypto ipsec sa detail", Samples: 1},
	}
	heap := watchHeap()
	start := time.Now()
	site, err := Collect(context.Background(), p, []string{"cpe1"}, LiveOptions{
		Dial: SSHDialer(cfg),
		Plan: func(string) []platform.Planned { return plan },
	})
	took, peak := time.Since(start), heap.Stop()
	t.Logf("returned after %v; heap peak %.1f MiB over the baseline", took.Round(time.Millisecond), float64(peak)/(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if took > timeMargin {
		t.Errorf("Collect returned after %v, want within %v", took, timeMargin)
	}
	if peak > smallHeap {
		t.Errorf("heap peak %d MiB over the baseline, want under %d MiB", peak>>20, smallHeap>>20)
	}
	outs := site.CPE("cpe1").Outputs
	if len(outs) != len(plan) {
		t.Fatalf("%d outputs, want %d", len(outs), len(plan))
	}
	for _, o := range outs[:2] {
		// The parsers may not make sense of route lines (an error of
		// theirs is fine): only the collection matters here. The text is
		// the 1.5 MiB sent less a "\r" a line.
		if o.Err != nil && strings.Contains(o.Err.Error(), "--max-") || len(o.Text) < 1400<<10 {
			t.Errorf("output of %q: %d bytes, %v; want it collected whole", o.Command, len(o.Text), o.Err)
		}
	}
	want := `show crypto ikev2 sa detail on cpe1 (127.0.0.1:`
	for _, o := range outs[2:] {
		if o.Err == nil || !strings.Contains(o.Err.Error(), want) ||
			!strings.Contains(o.Err.Error(), "the session's output exceeds 4 MiB in all (--max-session-bytes)") {
			t.Errorf("output of %q: error %v, want it to say %s...: the session's output exceeds 4 MiB in all (--max-session-bytes)", o.Command, o.Err, want)
		}
	}
}

// TestHostileFloodBetweenCommands: a device that goes on printing after
// its prompt, while vcdiag waits for the second sample of the counters,
// is held back by SSH flow control (vcdiag reads nothing between
// commands) instead of piling up in memory; the next command finds only
// the flood, and fails at the output limit.
func TestHostileFloodBetweenCommands(t *testing.T) {
	h := startHostile(t, &hostileCPE{trigger: "show version", act: func(w io.Writer, r io.Reader) error {
		if _, err := io.WriteString(w, showVersionOut+"cpe1#"); err != nil {
			return err
		}
		// Once vcdiag has read the prompt: a prompt followed by more on
		// its line is no prompt.
		time.Sleep(200 * time.Millisecond)
		if _, err := io.WriteString(w, "\r\n"); err != nil {
			return err
		}
		return floodLines(w, r)
	}})
	cfg := h.config(t, 5*time.Second, 20*time.Second)
	cfg.Limits = small
	p := &profile.Profile{Name: "hostile", CPEs: []profile.CPE{h.cpe()}}
	heap := watchHeap()
	start := time.Now()
	site, err := Collect(context.Background(), p, []string{"cpe1"}, LiveOptions{
		Dial:           SSHDialer(cfg),
		Plan:           func(string) []platform.Planned { return []platform.Planned{{Command: "show version", Samples: 2}} },
		SampleInterval: evidence.MinCounterWindow,
		// The wait for the second sample, shortened: long enough for an
		// unbounded reader to pile up far more than the bound.
		Sleep: func(ctx context.Context, _ time.Duration) error { return sleep(ctx, 1500*time.Millisecond) },
	})
	took, peak := time.Since(start), heap.Stop()
	t.Logf("returned after %v; heap peak %.1f MiB over the baseline; the server sent %.1f MiB",
		took.Round(time.Millisecond), float64(peak)/(1<<20), float64(h.sent.Load())/(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	if within := 1500*time.Millisecond + timeMargin; took > within {
		t.Errorf("Collect returned after %v, want within %v", took, within)
	}
	if peak > smallHeap {
		t.Errorf("heap peak %d MiB over the baseline, want under %d MiB", peak>>20, smallHeap>>20)
	}
	outs := site.CPE("cpe1").Outputs
	if len(outs) != 2 {
		t.Fatalf("%d outputs, want 2", len(outs))
	}
	if outs[0].Err != nil || outs[0].Text != wantShowVersion {
		t.Errorf("first sample = %.200q (%d bytes), %v; want it kept as collected", outs[0].Text, len(outs[0].Text), outs[0].Err)
	}
	if o := outs[1]; o.Err == nil || !strings.Contains(o.Err.Error(), "show version on cpe1 (127.0.0.1:") ||
		!strings.Contains(o.Err.Error(), "output exceeds 1 MiB (--max-output-bytes)") {
		t.Errorf("second sample: error %v, want the output limit named", o.Err)
	}
}

// TestHostileOutputLeavesChecksUnknown: a healthy simulated router whose
// answer to one command never ends. The checks are judged on what was
// collected: every verdict that differs from the same router's well-
// behaved run is unknown (or skipped behind one), never a pass or a fail
// of its own, and the report says which limit was reached, on which
// command and host.
func TestHostileOutputLeavesChecksUnknown(t *testing.T) {
	p, err := profile.Load("../testdata/profiles/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	site := sim.NewSite(sim.ScenarioStart)
	render := func(cmd string) (string, error) { return site.Render("cpe1", cmd, time.Now()) }
	planned := IOS.Plan(p, "cpe1")
	run := func(t *testing.T, trigger string) *checks.Report {
		t.Helper()
		h := startHostile(t, &hostileCPE{trigger: trigger, act: floodLines, render: render})
		cfg := h.config(t, 5*time.Second, 20*time.Second)
		cfg.Limits = small
		q := *p
		q.CPEs = []profile.CPE{h.cpe()}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ev, err := Collect(ctx, &q, []string{"cpe1"}, LiveOptions{
			Dial: SSHDialer(cfg),
			Plan: func(string) []platform.Planned { return planned },
		})
		if err != nil {
			t.Fatal(err)
		}
		return checks.Run(&q, ev, checks.RunOptions{Now: sim.ScenarioStart})
	}
	normal := statuses(run(t, "none"))
	if n := count(normal, checks.Pass); n < 10 {
		t.Fatalf("the well-behaved run passes %d checks (%v), want the healthy site's verdicts", n, normal)
	}
	for _, trigger := range []string{"show running-config", "show ip bgp summary", planned[len(planned)-1].Command} {
		t.Run(trigger, func(t *testing.T) {
			rep := run(t, trigger)
			t.Logf("%d checks pass, %d unknown (well-behaved: %d, %d)", count(statuses(rep), checks.Pass),
				count(statuses(rep), checks.Unknown), count(normal, checks.Pass), count(normal, checks.Unknown))
			named := false
			for id, r := range results(rep) {
				if r.Status != normal[id] && r.Status != checks.Unknown && r.Status != checks.Skip {
					t.Errorf("%s = %s (%s), %s in the well-behaved run: want unknown", id, r.Status, r.Summary, normal[id])
				}
				named = named || strings.Contains(r.Summary+r.Observed, "output exceeds 1 MiB (--max-output-bytes)")
			}
			for _, n := range rep.Notes {
				named = named || strings.Contains(n, trigger+" on cpe1 (127.0.0.1:") && strings.Contains(n, "--max-output-bytes")
			}
			if !named {
				t.Errorf("neither a check nor a note names the limit reached on %q: notes %q", trigger, rep.Notes)
			}
		})
	}
}

// results are a report's check results by tunnel and ID.
func results(rep *checks.Report) map[string]checks.Result {
	m := map[string]checks.Result{}
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				m[tr.Name+" "+r.ID] = r
			}
		}
	}
	for _, r := range rep.SiteChecks {
		m["site "+r.ID] = r
	}
	return m
}

func statuses(rep *checks.Report) map[string]checks.Status {
	m := map[string]checks.Status{}
	for id, r := range results(rep) {
		m[id] = r.Status
	}
	return m
}

func count(m map[string]checks.Status, s checks.Status) int {
	n := 0
	for _, v := range m {
		if v == s {
			n++
		}
	}
	return n
}

// TestHostileSessionClosedAtLimit: after a limit the session is closed,
// and a command sent on it after all fails at once, saying why.
func TestHostileSessionClosedAtLimit(t *testing.T) {
	h := startHostile(t, &hostileCPE{trigger: "show running-config", act: floodLines})
	cfg := h.config(t, 5*time.Second, 20*time.Second)
	cfg.Limits = small
	ctx := context.Background()
	s, err := SSHDialer(cfg)(ctx, h.cpe())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Run(ctx, "show running-config"); !errors.Is(err, ErrLimit) {
		t.Fatalf("Run(show running-config) = %v, want ErrLimit", err)
	}
	_, err = s.Run(ctx, "show version")
	want := `run "show version" on cpe1: session lost: closed at a limit: show running-config on cpe1 (127.0.0.1:`
	if !errors.Is(err, ErrSessionLost) || err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Run after the limit = %v, want ErrSessionLost saying %s...", err, want)
	}
	if log := h.Log(); log[len(log)-1] != "show running-config" {
		t.Errorf("the router received %q after the limit", log[len(log)-1])
	}
}

// BenchmarkSSHLargeOutput reads a well-behaved 4 MiB output (a large
// running-config) over loopback SSH: the cost of the session's reading,
// per byte and in allocations, without a limit reached.
func BenchmarkSSHLargeOutput(b *testing.B) {
	const n = 4 << 20
	h := startHostile(b, &hostileCPE{trigger: "show running-config", act: answer(n)})
	cfg := h.config(b, 5*time.Second, 30*time.Second)
	s, err := SSHDialer(cfg)(context.Background(), h.cpe())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		if out, err := s.Run(context.Background(), "show running-config"); err != nil || len(out) < n*9/10 {
			b.Fatalf("Run = %d bytes, %v", len(out), err)
		}
	}
}
