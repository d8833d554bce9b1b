package collectors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
)

// LiveOptions configure a live collection.
type LiveOptions struct {
	// Dial opens a session to a CPE (SSHDialer in production, an
	// in-process simulator session in tests).
	Dial Dialer
	// Plan, when set, replaces the platform's command plan for a CPE
	// (tests); nil runs what the CPE's platform plans for the profile.
	Plan func(cpe string) []platform.Planned
	// SampleInterval separates the two samples of counter commands; 0 takes
	// one sample, and the delta checks then say unknown. A shorter interval
	// than evidence.MinCounterWindow is raised to it (with a note): over
	// less, a fault and an idle tunnel look alike, and the verdict would
	// depend on when the samples fell.
	SampleInterval time.Duration
	// Progress, when set, is told what each CPE is doing (for a status line
	// on a terminal). It is called from several goroutines.
	Progress func(cpe, what string)
	// FirstSample, when set, is called once per CPE when the first sample
	// of every command is in (the MTU sweep and pings included) and the
	// wait for the counters' second sample begins, with the evidence so
	// far and the length of that wait. It lets the caller show what needs
	// no second sample (IKE, GRE, BGP, routes) at once instead of after
	// the wait. It runs on the CPE's own collection goroutine, which adds
	// nothing to ev until it returns; ev must not be kept beyond the call.
	FirstSample func(cpe string, ev *evidence.CPE, wait time.Duration)
	// Transcripts, when set, receives each CPE's session as a transcript
	// `vcdiag analyze` reads (secrets redacted).
	Transcripts TranscriptSink
	// Clock returns the time and Sleep waits, returning early with ctx's
	// error; nil means the real ones. Tests pass a virtual clock so that a
	// 10 s sample interval costs nothing.
	Clock func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// MTUTargets, when set, names the tunnels of a CPE whose path MTU is
	// measured (SweepMTU), read from what was collected so far (the
	// running-config says what the tunnel claims); nil takes no
	// measurement (--mtu-sweep=false).
	MTUTargets func(cpe string, ev *evidence.CPE) []evidence.MTUTarget
	// MTUSweepDeadline bounds each tunnel's sweep; 0 means
	// DefaultMTUSweepDeadline.
	MTUSweepDeadline time.Duration
}

// TranscriptSink opens the transcript writer of one CPE.
type TranscriptSink func(cpe string) (*TranscriptWriter, error)

// Collect runs the plan on every named CPE of the profile concurrently and
// returns what it gathered. It never fails as a whole: a CPE that cannot be
// reached, or whose session dies, keeps what was collected and says why in
// its Problems and in the errors of the outputs it could not get, so the
// checks that need them are unknown with that reason. Only a profile
// without the named CPEs is an error.
func Collect(ctx context.Context, p *profile.Profile, cpes []string, o LiveOptions) (*evidence.Site, error) {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	site := &evidence.Site{CollectedAt: o.Clock()}
	if o.SampleInterval > 0 && o.SampleInterval < evidence.MinCounterWindow {
		site.Notes = append(site.Notes, fmt.Sprintf("sample interval raised from %s to %s: over less than one GRE keepalive period "+
			"an idle tunnel and a broken one look alike", o.SampleInterval, evidence.MinCounterWindow))
		o.SampleInterval = evidence.MinCounterWindow
	}
	var targets []profile.CPE
	for _, name := range cpes {
		c := p.CPE(name)
		if c == nil {
			return nil, fmt.Errorf("the profile has no CPE named %q", name)
		}
		targets = append(targets, *c)
		site.EnsureCPE(name).Host = c.Host
	}
	var wg sync.WaitGroup
	for _, c := range targets {
		plat, err := registry.Lookup(c.Platform)
		if err != nil {
			return nil, fmt.Errorf("cpe %s: %w", c.Name, err)
		}
		ev := site.CPE(c.Name)
		ev.Platform, ev.Dialect = plat.Name(), plat.Dialect()
		plan := o.Plan
		if plan == nil {
			plan = func(cpe string) []platform.Planned { return plat.Plan(p, cpe) }
		}
		wg.Add(1)
		go func(c profile.CPE) {
			defer wg.Done()
			collectCPE(ctx, c, plat, plan(c.Name), ev, o)
		}(c)
	}
	wg.Wait()
	return site, nil
}

// cpeRun is the state of one CPE's collection.
type cpeRun struct {
	cpe     profile.CPE
	plat    platform.Platform
	ev      *evidence.CPE
	opts    LiveOptions
	session Session
	lost    error // set once the session is gone: later commands are not sent
	tw      *TranscriptWriter
}

func collectCPE(ctx context.Context, c profile.CPE, plat platform.Platform, plan []platform.Planned, ev *evidence.CPE, o LiveOptions) {
	r := &cpeRun{cpe: c, plat: plat, ev: ev, opts: o}
	r.progress("connecting to %s", hostPort(c))
	s, err := o.Dial(ctx, c)
	if err != nil {
		ev.Problems = append(ev.Problems, fmt.Sprintf("could not open a session to %s: %v", hostPort(c), err))
		r.progress("failed: %v", err)
		r.lost = err
		r.markAll(plan, 1)
		return
	}
	r.session = s
	defer s.Close()
	if o.Transcripts != nil {
		if r.tw, err = o.Transcripts(c.Name); err != nil {
			ev.Problems = append(ev.Problems, fmt.Sprintf("transcript not saved: %v", err))
		} else {
			defer r.tw.Close()
		}
	}
	r.runPlan(ctx, plan)
	if r.lost != nil {
		r.progress("session lost: %v", r.lost)
		return
	}
	r.progress("done")
}

// runPlan takes the first sample of every counter command, then the other
// commands while the sample interval runs, then the second samples once the
// interval has passed since the first, so both samples of one command are
// at least the interval apart and the wait costs nothing.
func (r *cpeRun) runPlan(ctx context.Context, plan []platform.Planned) {
	var counters, others []platform.Planned
	for _, pc := range plan {
		if pc.Samples > 1 && r.opts.SampleInterval > 0 {
			counters = append(counters, pc)
		} else {
			others = append(others, pc)
		}
	}
	first := r.opts.Clock()
	sentAt := make(map[string]time.Time, len(counters))
	for _, pc := range counters {
		sentAt[pc.Command] = r.opts.Clock()
		r.run(ctx, pc.Command)
	}
	// The MTU sweep runs before the plain tunnel pings: after the
	// running-config and the IPsec SAs it reads its sizes from, and while
	// the sample interval runs anyway, so a black hole's timeouts cost no
	// extra time up to the interval.
	swept := false
	for _, pc := range others {
		if pc.Family == evidence.FamilyPing && !swept {
			r.sweepMTU(ctx)
			swept = true
		}
		r.run(ctx, pc.Command)
	}
	if !swept {
		r.sweepMTU(ctx)
	}
	if len(counters) == 0 {
		return
	}
	if wait := r.opts.SampleInterval - r.opts.Clock().Sub(first); wait > 0 && r.lost == nil && r.opts.FirstSample != nil {
		r.opts.FirstSample(r.cpe.Name, r.ev, wait)
	}
	// The wait is measured again: whatever FirstSample did came out of it.
	if wait := r.opts.SampleInterval - r.opts.Clock().Sub(first); wait > 0 && r.lost == nil {
		r.progress("waiting %s for the second sample of the counters", wait.Round(time.Second))
		if err := r.opts.Sleep(ctx, wait); err != nil {
			r.lost = fmt.Errorf("%w before the second sample: %w", ErrTimeout, err)
		}
	}
	for _, pc := range counters {
		for n := 1; n < pc.Samples; n++ {
			// Each command's samples are the interval apart, not only the
			// passes: a command whose first sample came late in the first
			// pass (after slow outputs) and early in the second would
			// otherwise be sampled over a window shorter than the
			// interval, where a counter that did not move proves nothing.
			due := sentAt[pc.Command].Add(time.Duration(n) * r.opts.SampleInterval)
			if wait := due.Sub(r.opts.Clock()); wait > 0 && r.lost == nil {
				if err := r.opts.Sleep(ctx, wait); err != nil {
					r.lost = fmt.Errorf("%w before the second sample: %w", ErrTimeout, err)
				}
			}
			r.run(ctx, pc.Command)
		}
	}
}

// run sends one command and records its output, or why there is none; it
// returns the output and the error, for the MTU sweep.
func (r *cpeRun) run(ctx context.Context, cmd string) (string, error) {
	c, ok := r.plat.Identify(cmd)
	if !ok {
		r.ev.Problems = append(r.ev.Problems, fmt.Sprintf("internal: planned command %q has no parser", cmd))
		return "", fmt.Errorf("%q has no parser", cmd)
	}
	if r.lost == nil && ctx.Err() != nil {
		r.lost = fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
	}
	if r.lost != nil {
		err := notSent(cmd, r.lost)
		r.record(c, nil, err)
		return "", err
	}
	r.progress("%s", cmd)
	at := r.opts.Clock()
	out, err := r.session.Run(ctx, cmd)
	b := Block{Hostname: r.cpe.Name, Command: cmd, Output: out, At: at}
	if r.tw != nil {
		b.Line = r.tw.Write(b)
	}
	if err != nil {
		lost := errors.Is(err, ErrSessionLost) || errors.Is(err, ErrTimeout) || ctx.Err() != nil
		if lost {
			r.lost = err
			r.ev.Problems = append(r.ev.Problems, fmt.Sprintf("session to %s lost at %q: %v", hostPort(r.cpe), cmd, err))
		}
		// A partial output of a lost session is never parsed: half a BGP
		// table would read as routes missing. A rejected command has the
		// router's own message, which buildOutput quotes.
		if lost || out == "" {
			r.record(c, &b, fmt.Errorf("%w: %v", evidence.ErrCommandFailed, err))
			return out, err
		}
	}
	// A device rejection comes with its own text ("% Invalid input"), which
	// buildOutput turns into a command failure quoting it.
	r.record(c, &b, nil)
	return out, err
}

// sweepMTU measures the path MTU of each target tunnel, every probe
// recorded like any planned command.
func (r *cpeRun) sweepMTU(ctx context.Context) {
	if r.opts.MTUTargets == nil || r.lost != nil {
		return
	}
	deadline := r.opts.MTUSweepDeadline
	if deadline <= 0 {
		deadline = DefaultMTUSweepDeadline
	}
	for _, t := range r.opts.MTUTargets(r.cpe.Name, r.ev) {
		if r.lost != nil || ctx.Err() != nil {
			return
		}
		src := sweepSource(r.plat, t)
		r.progress("measuring the path MTU through %s (DF pings to %s, up to %d bytes)", src, t.Target, t.Hi)
		sw := SweepMTU(ctx, runnerFunc(r.run), r.plat, t.Target, src, min(MTUSweepFloor, t.Hi), t.Hi, deadline)
		r.progress("%s", sw.String())
	}
}

// sweepSource is what the sweep's pings are sourced from: the tunnel
// interface, or the CPE tunnel address on a platform whose ping cannot
// name an interface (its dialect leaves the name out of the command, and
// the ping would leave from the management port).
func sweepSource(p platform.Platform, t evidence.MTUTarget) string {
	if t.SourceAddr == "" || strings.Contains(MTUProbeCommand(p, t.Target, t.Source, 1400), t.Source) {
		return t.Source
	}
	return t.SourceAddr
}

// runnerFunc makes a function a Runner.
type runnerFunc func(ctx context.Context, cmd string) (string, error)

func (f runnerFunc) Run(ctx context.Context, cmd string) (string, error) { return f(ctx, cmd) }

// record adds the evidence of one command: its output, or the error that
// replaced it.
func (r *cpeRun) record(c platform.Command, b *Block, err error) {
	if b == nil {
		b = &Block{Hostname: r.cpe.Name, Command: c.Text}
	}
	o := newOutput(r.plat, c, *b)
	o.Err = err
	o.Source = "ssh " + hostPort(r.cpe)
	if b.Line > 0 && r.tw != nil {
		o.Source = fmt.Sprintf("%s:%d", r.tw.Name(), b.Line)
	}
	record(r.plat, r.ev, o)
}

// markAll records every planned command as not collected, with the reason.
func (r *cpeRun) markAll(plan []platform.Planned, samples int) {
	for _, pc := range plan {
		c, ok := r.plat.Identify(pc.Command)
		if !ok {
			continue
		}
		for n := 0; n < samples; n++ {
			r.record(c, nil, notSent(pc.Command, r.lost))
		}
	}
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func notSent(cmd string, why error) error {
	return fmt.Errorf("%w: not sent (%v)", evidence.ErrCommandFailed, why)
}

func (r *cpeRun) progress(format string, args ...any) {
	if r.opts.Progress != nil {
		r.opts.Progress(r.cpe.Name, fmt.Sprintf(format, args...))
	}
}

func hostPort(c profile.CPE) string {
	if c.Port != 0 && c.Port != 22 {
		return fmt.Sprintf("%s:%d", c.Host, c.Port)
	}
	return c.Host
}
