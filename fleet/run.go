package fleet

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
)

// Options say how to collect a fleet.
type Options struct {
	// Parallel bounds the CPE sessions open at once across the fleet
	// (0: DefaultParallel()). A site waits until all its CPEs can be
	// collected at once, as `vcdiag run --profile` collects them.
	Parallel int
	// Timeout is each site's deadline, counted from when its sessions may
	// open: a site waiting for its turn is not late.
	Timeout time.Duration
	// SampleInterval, MTUSweep and Skip are as for one site (pipeline).
	SampleInterval time.Duration
	MTUSweep       bool
	Skip           []string
	// Version is the vcdiag version the reports carry.
	Version string
	// Now is the clock of the reports (nil: time.Now).
	Now func() time.Time
	// Dialer makes the dialer of a site from its credentials; notes are
	// what the site's report says of how host keys were trusted. An error
	// (a password variable that is not set) makes the site unknown with
	// that error, and the others go on.
	Dialer func(site profile.InventorySite) (d collectors.Dialer, notes []string, err error)
	// Done, when set, is called as each site ends, from its goroutine.
	Done func(Result)
}

// Result is one site's outcome.
type Result struct {
	Site profile.InventorySite
	// Report is nil when the site could not be diagnosed at all (Err).
	// The evidence behind it is not kept: a fleet's raw outputs would
	// hold hundreds of megabytes the rollup never reads.
	Report   *checks.Report
	Err      error
	Started  time.Time
	Duration time.Duration
}

// DefaultParallel is the session limit for this machine. A session is
// mostly waiting (on the router, and for the counter samples 10 s apart),
// so the limit is set by memory and descriptors rather than cores: 256
// per core, 1,000 CPEs in about two waves on a 2-core machine.
func DefaultParallel() int { return 256 * runtime.NumCPU() }

// Run collects and diagnoses every site, at most o.Parallel CPE sessions
// at a time, and returns the results in the sites' order. It returns when
// every site has a result: cancelling ctx ends the sessions under way, and
// the sites not yet started get a result saying so.
func Run(ctx context.Context, sites []profile.InventorySite, o Options) []Result {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	slots := newSessionSlots(o.Parallel)
	results := make([]Result, len(sites))
	var wg sync.WaitGroup
	for i, site := range sites {
		wg.Go(func() {
			results[i] = runSite(ctx, site, slots, o)
			if o.Done != nil {
				o.Done(results[i])
			}
		})
	}
	wg.Wait()
	return results
}

// runSite collects one site once its sessions may open.
func runSite(ctx context.Context, site profile.InventorySite, slots *sessionSlots, o Options) (res Result) {
	res = Result{Site: site, Started: time.Now()}
	defer func() { res.Duration = time.Since(res.Started) }()
	dial, notes, err := o.Dialer(site)
	if err != nil {
		res.Err = err
		return res
	}
	n := min(len(site.Profile.CPEs), slots.size)
	if err := slots.acquire(ctx, n); err != nil {
		res.Err = fmt.Errorf("not collected: %w", context.Cause(ctx))
		return res
	}
	defer slots.release(n)
	res.Started = time.Now()
	sctx := ctx
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	var cpes []string
	for _, c := range site.Profile.CPEs {
		cpes = append(cpes, c.Name)
	}
	out, err := pipeline.Run(sctx, pipeline.Options{
		Profile: site.Profile, Skip: o.Skip, Version: o.Version, Now: o.Now, Security: notes, CPEs: cpes,
		Live: &pipeline.Live{Dial: dial, SampleInterval: o.SampleInterval, MTUSweep: o.MTUSweep},
	})
	if err != nil {
		res.Err = err
		return res
	}
	res.Report = out.Report
	res.Report.Notes = append(res.Report.Notes, notes...)
	return res
}

// Rollup summarises results into the fleet report, worst sites first.
func Rollup(results []Result, version string, at time.Time) *checks.Fleet {
	sites := make([]checks.FleetSite, 0, len(results))
	for _, r := range results {
		s := checks.NewFleetSite(r.Site.Name(), r.Site.Profile.Region, r.Report, r.Err)
		s.Duration = r.Duration.Seconds()
		s.CPEs = len(r.Site.Profile.CPEs) // the profile's, whether or not they were reached
		sites = append(sites, s)
	}
	return checks.NewFleet(version, at, sites)
}

// sessionSlots bound the sessions open across the fleet. A site takes the
// slots of all its CPEs at once; takers queue one at a time, so two sites
// can never each hold half of what they need and wait on each other.
type sessionSlots struct {
	size  int
	queue sync.Mutex // held by the one taker waiting for slots
	free  chan struct{}
}

func newSessionSlots(n int) *sessionSlots {
	s := &sessionSlots{size: n, free: make(chan struct{}, n)}
	for range n {
		s.free <- struct{}{}
	}
	return s
}

func (s *sessionSlots) acquire(ctx context.Context, n int) error {
	s.queue.Lock()
	defer s.queue.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	for got := 0; got < n; got++ {
		select {
		case <-s.free:
		case <-ctx.Done():
			s.release(got)
			return ctx.Err()
		}
	}
	return nil
}

func (s *sessionSlots) release(n int) {
	for range n {
		s.free <- struct{}{}
	}
}
