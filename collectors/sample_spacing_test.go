package collectors_test

import (
	"context"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
)

// slowFirstSession makes the first command of the session take 4 s (a
// slow output, a pager): in the first pass every later counter command is
// sent 4 s late, in the second pass on time.
type slowFirstSession struct {
	collectors.Session
	clock *virtualClock
	n     int
}

func (s *slowFirstSession) Run(ctx context.Context, cmd string) (string, error) {
	s.n++
	if s.n == 1 {
		_ = s.clock.Sleep(ctx, 4*time.Second)
	}
	return s.Session.Run(ctx, cmd)
}

// TestEachCounterSampledIntervalApart: every counter command's two samples
// are at least the sample interval apart, even when the first pass ran
// slower than the second (over a shorter window a counter that did not
// move would prove nothing, and the verdict would depend on timing).
func TestEachCounterSampledIntervalApart(t *testing.T) {
	p := loadProfile(t, "example")
	h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
	dial := h.dialer(sim.NewSite(sim.ScenarioStart), 0, nil)
	ev, err := collectors.Collect(context.Background(), p, []string{"cpe1"}, collectors.LiveOptions{
		Dial: func(ctx context.Context, c profile.CPE) (collectors.Session, error) {
			s, err := dial(ctx, c)
			return &slowFirstSession{Session: s, clock: h.clock}, err
		},
		Plan: plan(p), SampleInterval: 10 * time.Second, Clock: h.clock.Now, Sleep: h.clock.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]time.Time{}
	checked := 0
	for _, o := range ev.CPE("cpe1").Outputs {
		if at, ok := first[o.Command]; ok {
			checked++
			if d := o.At.Sub(at); d < 10*time.Second {
				t.Errorf("%s sampled %s apart, want at least the 10s interval", o.Command, d)
			}
			continue
		}
		first[o.Command] = o.At
	}
	if checked < 2 {
		t.Fatalf("%d commands sampled twice, want the plan's counter commands", checked)
	}
}
