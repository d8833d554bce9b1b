package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
)

// simClock is a virtual clock: each reading moves it a little, as a
// command takes time, and the sample wait passes at once.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(100 * time.Millisecond)
	return c.t
}

func (c *simClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// simSession answers from the simulator's renderer in process (SSH is
// tested in collectors and cmd/vcdiag).
type simSession struct {
	site  *sim.Site
	cpe   string
	clock *simClock
}

func (s *simSession) Run(_ context.Context, cmd string) (string, error) {
	out, err := s.site.Render(s.cpe, cmd, s.clock.Now())
	if errors.Is(err, sim.ErrInvalidInput) {
		return sim.InvalidInputText, fmt.Errorf("run %q: rejected", cmd)
	}
	return out, err
}

func (*simSession) Close() error { return nil }

// TestEarlyVerdictsHoldInTheReport: for every scenario, what the first
// sample decided (and a terminal shows before the wait) is what the report
// says after it, or the report skips that check because a counter check
// below it failed. An early line never contradicts the report.
func TestEarlyVerdictsHoldInTheReport(t *testing.T) {
	for _, sc := range sim.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			p, err := pipeline.LoadProfile(filepath.Join("..", "testdata", "profiles", sc.Profile+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			site := sc.Build(sim.ScenarioStart)
			clock := &simClock{t: sim.ScenarioStart}
			var mu sync.Mutex
			var early []pipeline.Early
			out, err := pipeline.Run(context.Background(), pipeline.Options{
				Profile: p, Now: func() time.Time { return sim.ScenarioStart },
				Live: &pipeline.Live{
					Dial: func(_ context.Context, c profile.CPE) (collectors.Session, error) {
						return &simSession{site: site, cpe: c.Name, clock: clock}, nil
					},
					SampleInterval: 10 * time.Second, MTUSweep: true,
					Clock: clock.Now, Sleep: clock.Sleep,
					Early: func(e pipeline.Early) {
						mu.Lock()
						defer mu.Unlock()
						early = append(early, e)
					},
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			// With one CPE the wait always happens; with two, one CPE's
			// wait on the shared virtual clock may pass for the other's.
			if len(p.CPEs) == 1 && len(early) != 1 {
				t.Fatalf("Early called %d times, want once", len(early))
			}
			final := map[string]checks.Result{}
			for _, tr := range out.Report.Tunnels {
				for _, sr := range tr.Stages {
					for _, r := range sr.Checks {
						final[tr.Name+" "+r.ID] = r
					}
				}
			}
			for _, e := range early {
				if e.Wait <= 0 {
					t.Errorf("%s: Early with wait %s", e.CPE, e.Wait)
				}
				decided := 0
				for _, tr := range e.Tunnels {
					if tr.CPE != e.CPE {
						t.Errorf("%s: Early holds tunnel %s of CPE %s", e.CPE, tr.Name, tr.CPE)
					}
					for _, sr := range tr.Stages {
						for _, r := range sr.Checks {
							if r.Status == checks.Unknown || r.Status == checks.Skip {
								continue
							}
							decided++
							f := final[tr.Name+" "+r.ID]
							if f.Status != r.Status && f.Status != checks.Skip {
								t.Errorf("%s %s: early %s (%s), report %s (%s)", tr.Name, r.ID, r.Status, r.Summary, f.Status, f.Summary)
							}
						}
					}
				}
				if decided == 0 {
					t.Errorf("%s: the first sample decided nothing", e.CPE)
				}
			}
		})
	}
}
