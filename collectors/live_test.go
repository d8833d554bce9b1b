package collectors_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/vcdiag/vcdiag/checks"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// virtualClock lets a 10 s sample interval pass instantly: Sleep advances
// the time every party reads.
type virtualClock struct {
	mu sync.Mutex
	t  time.Time
	// step is how far each reading moves the clock: every command takes a
	// little time (0: 100 ms).
	step time.Duration
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	step := c.step
	if step == 0 {
		step = 100 * time.Millisecond
	}
	c.t = c.t.Add(step)
	return c.t
}

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// simSession answers from the simulator's renderer, in process: the
// orchestration is tested here, SSH in the SSH tests.
type simSession struct {
	site   *sim.Site
	cpe    string
	clock  *virtualClock
	mu     *sync.Mutex
	sent   *[]string
	failAt int // the Nth command loses the session (0 = never)
	n      int
}

func (s *simSession) Run(ctx context.Context, cmd string) (string, error) {
	if err := collectors.Allowed(cmd); err != nil {
		return "", err
	}
	s.mu.Lock()
	*s.sent = append(*s.sent, cmd)
	s.mu.Unlock()
	s.n++
	if s.failAt > 0 && s.n >= s.failAt {
		return "", fmt.Errorf("run %q on %s: %w", cmd, s.cpe, collectors.ErrSessionLost)
	}
	out, err := s.site.Render(s.cpe, cmd, s.clock.Now())
	if errors.Is(err, sim.ErrInvalidInput) {
		return sim.InvalidInputText, fmt.Errorf("run %q: rejected", cmd)
	}
	return out, err
}

func (s *simSession) Close() error { return nil }

type harness struct {
	clock *virtualClock
	mu    sync.Mutex
	sent  []string
}

func (h *harness) dialer(site *sim.Site, failAt int, dialErr error) collectors.Dialer {
	return func(ctx context.Context, c profile.CPE) (collectors.Session, error) {
		if dialErr != nil {
			return nil, dialErr
		}
		return &simSession{site: site, cpe: c.Name, clock: h.clock, mu: &h.mu, sent: &h.sent, failAt: failAt}, nil
	}
}

func loadProfile(t *testing.T, name string) *profile.Profile {
	t.Helper()
	p, err := profile.Load(filepath.Join("..", "testdata", "profiles", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func plan(p *profile.Profile) func(string) []platform.Planned {
	return func(cpe string) []platform.Planned { return collectors.IOS.Plan(p, cpe) }
}

func cpeNames(p *profile.Profile) []string {
	var names []string
	for _, c := range p.CPEs {
		names = append(names, c.Name)
	}
	return names
}

// TestCollectScenarios runs the live orchestration against every scenario
// and checks the diagnosis: the same root causes as from the transcripts.
func TestCollectScenarios(t *testing.T) {
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			p := loadProfile(t, sc.Profile)
			h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
			site := sc.Build(sim.ScenarioStart)
			ev, err := collectors.Collect(context.Background(), p, cpeNames(p), collectors.LiveOptions{
				Dial: h.dialer(site, 0, nil), Plan: plan(p), SampleInterval: 10 * time.Second,
				Clock: h.clock.Now, Sleep: h.clock.Sleep, MTUTargets: mtuTargets(p),
			})
			if err != nil {
				t.Fatal(err)
			}
			rep := checks.Run(p, ev, checks.RunOptions{Version: "test", Now: sim.ScenarioStart})
			for _, tr := range rep.Tunnels {
				got := ""
				if tr.RootCause != nil {
					got = tr.RootCause.Check
				}
				if want := sc.Expect[tr.Name]; got != want {
					t.Errorf("%s root cause = %q, want %q", tr.Name, got, want)
				}
			}
			if rep.Status.String() != sc.Status {
				t.Errorf("status = %s, want %s", rep.Status, sc.Status)
			}
			for _, cmd := range h.sent {
				if err := collectors.Allowed(cmd); err != nil {
					t.Errorf("sent a command the allowlist refuses: %q", cmd)
				}
			}
		})
	}
}

func TestCollectSamplesTwiceIntervalApart(t *testing.T) {
	p := loadProfile(t, "example")
	h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
	ev, err := collectors.Collect(context.Background(), p, []string{"cpe1"}, collectors.LiveOptions{
		Dial: h.dialer(sim.NewSite(sim.ScenarioStart), 0, nil), Plan: plan(p), SampleInterval: 10 * time.Second,
		Clock: h.clock.Now, Sleep: h.clock.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	for _, o := range ev.CPE("cpe1").Outputs {
		if o.Command == "show crypto ipsec sa detail" {
			times = append(times, o.At)
		}
	}
	if len(times) != 2 {
		t.Fatalf("show crypto ipsec sa detail sampled %d times, want 2", len(times))
	}
	if d := times[1].Sub(times[0]); d < 10*time.Second {
		t.Errorf("samples %s apart, want at least the 10s interval", d)
	}
}

func TestCollectOneSampleMakesDeltasUnknown(t *testing.T) {
	p := loadProfile(t, "example")
	h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
	ev, _ := collectors.Collect(context.Background(), p, []string{"cpe1"}, collectors.LiveOptions{
		Dial: h.dialer(sim.NewSite(sim.ScenarioStart), 0, nil), Plan: plan(p), SampleInterval: 0,
		Clock: h.clock.Now, Sleep: h.clock.Sleep,
	})
	rep := checks.Run(p, ev, checks.RunOptions{})
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				if strings.HasSuffix(r.ID, "counters-rising") || r.ID == "ikev2.not-bouncing" {
					if r.Status != checks.Unknown {
						t.Errorf("%s %s = %s with one sample, want unknown", tr.Name, r.ID, r.Status)
					}
				}
			}
		}
	}
}

// TestCollectLostSessionKeepsWhatWasCollected: the session dies at the
// tenth command; what came before is judged, the rest is unknown with the
// reason, nothing passes on missing evidence.
func TestCollectLostSessionKeepsWhatWasCollected(t *testing.T) {
	p := loadProfile(t, "example")
	h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
	ev, err := collectors.Collect(context.Background(), p, []string{"cpe1"}, collectors.LiveOptions{
		Dial: h.dialer(sim.NewSite(sim.ScenarioStart), 10, nil), Plan: plan(p), SampleInterval: 10 * time.Second,
		Clock: h.clock.Now, Sleep: h.clock.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := ev.CPE("cpe1")
	if len(c.Problems) == 0 || !strings.Contains(strings.Join(c.Problems, "\n"), "lost") {
		t.Errorf("problems = %q, want the lost session named", c.Problems)
	}
	if len(h.sent) != 10 {
		t.Errorf("sent %d commands, want 10: nothing is sent after the session is lost", len(h.sent))
	}
	rep := checks.Run(p, ev, checks.RunOptions{})
	if rep.Status != checks.Unknown && rep.Status != checks.Fail {
		t.Errorf("status = %s, want unknown (or fail)", rep.Status)
	}
	passed := 0
	for _, tr := range rep.Tunnels {
		for _, st := range tr.Stages {
			for _, r := range st.Checks {
				if r.Status == checks.Pass {
					passed++
					if len(r.Evidence) == 0 {
						t.Errorf("%s passed without evidence", r.ID)
					}
				}
			}
		}
	}
	if passed == 0 {
		t.Error("nothing passed: the outputs collected before the loss were not kept")
	}
}

func TestCollectUnreachableCPE(t *testing.T) {
	p := loadProfile(t, "example")
	h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
	dialErr := fmt.Errorf("ssh 192.0.2.10: %w", collectors.ErrAuth)
	ev, _ := collectors.Collect(context.Background(), p, []string{"cpe1"}, collectors.LiveOptions{
		Dial: h.dialer(nil, 0, dialErr), Plan: plan(p), SampleInterval: 10 * time.Second,
		Clock: h.clock.Now, Sleep: h.clock.Sleep,
	})
	rep := checks.Run(p, ev, checks.RunOptions{})
	if rep.Status != checks.Unknown {
		t.Errorf("status = %s, want unknown", rep.Status)
	}
	r := rep.Tunnels[0].Stages[0].Checks[0]
	if r.Status != checks.Unknown || !strings.Contains(r.Summary, "authentication failed") {
		t.Errorf("%s = %s %q, want unknown naming the authentication failure", r.ID, r.Status, r.Summary)
	}
}

// TestSavedTranscriptGivesTheSameVerdicts: `run --save-transcript` then
// `analyze` on the files gives the same report.
func TestSavedTranscriptGivesTheSameVerdicts(t *testing.T) {
	for _, name := range []string{"healthy", "ipsec-one-way", "routes-missing-backup"} {
		t.Run(name, func(t *testing.T) {
			sc, _ := sim.ScenarioByName(name)
			p := loadProfile(t, sc.Profile)
			dir := t.TempDir()
			h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
			ev, err := collectors.Collect(context.Background(), p, cpeNames(p), collectors.LiveOptions{
				Dial: h.dialer(sc.Build(sim.ScenarioStart), 0, nil), Plan: plan(p), SampleInterval: 10 * time.Second,
				Clock: h.clock.Now, Sleep: h.clock.Sleep,
				Transcripts: collectors.TranscriptDir(dir, sim.ScenarioStart, "vcdiag run test"),
			})
			if err != nil {
				t.Fatal(err)
			}
			live := checks.Run(p, ev, checks.RunOptions{Now: sim.ScenarioStart})
			files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
			var tf []collectors.TranscriptFile
			for _, f := range files {
				tf = append(tf, collectors.TranscriptFile{Path: f})
				b, _ := os.ReadFile(f)
				for _, s := range sim.PlantedSecrets {
					if strings.Contains(string(b), s) {
						t.Errorf("%s holds the secret %q", f, s)
					}
				}
			}
			ev2, err := collectors.FromTranscripts(p, tf)
			if err != nil {
				t.Fatal(err)
			}
			offline := checks.Run(p, ev2, checks.RunOptions{Now: sim.ScenarioStart})
			if a, b := verdicts(live), verdicts(offline); a != b {
				t.Errorf("verdicts differ:\nlive:\n%s\nanalyze:\n%s", a, b)
			}
		})
	}
}

func verdicts(r *checks.Report) string {
	var b strings.Builder
	for _, tr := range r.Tunnels {
		for _, st := range tr.Stages {
			for _, c := range st.Checks {
				fmt.Fprintf(&b, "%s %s %s\n", tr.Name, c.ID, c.Status)
			}
		}
	}
	for _, c := range r.SiteChecks {
		fmt.Fprintf(&b, "site %s %s\n", c.ID, c.Status)
	}
	return b.String()
}
