package collectors_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/evidence"
)

// TestFirstSampleBeforeTheWait: FirstSample is called once per CPE, before
// the sample wait, with every planned command sampled once (the counters'
// second sample not yet taken), and not at all when there is no wait.
func TestFirstSampleBeforeTheWait(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe", "bgp-wrong-remote-as"} {
		t.Run(name, func(t *testing.T) {
			sc, ok := sim.ScenarioByName(name)
			if !ok {
				t.Fatalf("no scenario %s", name)
			}
			p := loadProfile(t, sc.Profile)
			h := &harness{clock: &virtualClock{t: sim.ScenarioStart}}
			var mu sync.Mutex
			calls := map[string]int{}
			o := collectors.LiveOptions{
				Dial: h.dialer(sc.Build(sim.ScenarioStart), 0, nil), Plan: plan(p), SampleInterval: 10 * time.Second,
				Clock: h.clock.Now, MTUTargets: mtuTargets(p),
				// The wait does not move the shared clock: if it did, one
				// CPE's wait would pass for the other's, which then would
				// not wait at all (nor call FirstSample).
				Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
				FirstSample: func(cpe string, ev *evidence.CPE, wait time.Duration) {
					mu.Lock()
					defer mu.Unlock()
					calls[cpe]++
					if wait <= 0 || wait > 10*time.Second {
						t.Errorf("%s: FirstSample wait = %s, want in (0, 10s]", cpe, wait)
					}
					// One output per command: called after the wait, the
					// counter commands would have their second sample.
					for _, pc := range plan(p)(cpe) {
						n := 0
						for _, o := range ev.Outputs {
							if o.Command == pc.Command {
								n++
							}
						}
						if n != 1 {
							t.Errorf("%s: %q has %d outputs at the first sample, want 1", cpe, pc.Command, n)
						}
					}
				},
			}
			ev, err := collectors.Collect(context.Background(), p, cpeNames(p), o)
			if err != nil {
				t.Fatal(err)
			}
			for _, cpe := range cpeNames(p) {
				if calls[cpe] != 1 {
					t.Errorf("%s: FirstSample called %d times, want once", cpe, calls[cpe])
				}
				twice := 0
				for _, o := range ev.CPE(cpe).Outputs {
					if o.Sample == 2 {
						twice++
					}
				}
				if twice == 0 {
					t.Errorf("%s: no second sample was taken after FirstSample", cpe)
				}
			}

			// No wait, no call: the report follows at once.
			o.SampleInterval = 0
			o.FirstSample = func(cpe string, _ *evidence.CPE, _ time.Duration) {
				t.Errorf("%s: FirstSample called with --sample-interval 0", cpe)
			}
			h.clock = &virtualClock{t: sim.ScenarioStart}
			if _, err := collectors.Collect(context.Background(), p, cpeNames(p), o); err != nil {
				t.Fatal(err)
			}
		})
	}
}
