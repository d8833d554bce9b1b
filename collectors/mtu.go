package collectors

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
)

// The MTU sweep measures, from the CPE, the largest packet that crosses a
// tunnel without fragmenting: DF-bit pings sourced from the tunnel to the
// DI tunnel IP, in a binary search. Reading the configuration says what the
// path should carry; only packets say what it does carry (a PMTUD black
// hole lets small pings and TCP handshakes through while calls and
// transfers hang).

const (
	// MaxMTUProbes bounds the pings of one sweep: the size the
	// configuration claims, the floor, then a binary search, which needs
	// 10 probes for a 1024-byte range.
	MaxMTUProbes = 12
	// MTUSweepFloor is the smallest size a sweep tries: below it a path is
	// broken rather than small, and the sweep stops instead of bisecting on.
	MTUSweepFloor = 1000
	// DefaultMTUSweepDeadline bounds one tunnel's sweep. A probe that gets
	// no answer costs its two 2 s timeouts, so a black hole costs about
	// 4 s per too-large size tried.
	DefaultMTUSweepDeadline = 30 * time.Second
	// mtuProbeGrace is how long a probe started just before the sweep's
	// deadline may still run (two echoes and their timeouts): it is never
	// cut off midway, which would cost the whole session.
	mtuProbeGrace = 5 * time.Second
)

// MTUProbe is one DF ping of a sweep.
type MTUProbe struct {
	Size    int
	Command string
	Output  string
	// Err is why the probe has no result (the session failed, the output
	// did not parse); such a probe counts as neither passed nor failed.
	Err error
	// Passed: at least one echo was answered. Marks are the device's
	// per-echo characters, as printed.
	Passed bool
	Marks  string
	Took   time.Duration
}

// MTUSweep is the outcome of SweepMTU.
type MTUSweep struct {
	Target, Source string
	Probes         []MTUProbe
	// Largest is the largest size that passed (0 when none did);
	// SmallestFailed the smallest larger size that failed (0 when none).
	// When the search converged they are one apart (or Largest is the
	// claimed size and nothing above it was tried).
	Largest, SmallestFailed int
	Elapsed                 time.Duration
	// Stopped says why the search ended before converging ("deadline",
	// "probe limit", an error); "" when it converged.
	Stopped string
}

// MTUProbeCommand is the platform's command of one probe: a DF ping of
// size bytes to target from source.
func MTUProbeCommand(p platform.Platform, target, source string, size int) string {
	a, _ := netip.ParseAddr(target)
	return p.Dialect().Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: a, Source: source, Size: size})
}

// SweepMTU finds the largest DF ping size in [lo, hi] that gets an answer
// from target when sourced from source (an interface or address). It tries
// hi first (the size the configuration claims: a healthy tunnel costs one
// probe), then lo (when even lo fails the path is broken, not small), then
// bisects. It sends at most MaxMTUProbes pings, only commands Allowed
// accepts, and starts no probe once deadline has passed or when the time
// left is shorter than the longest probe so far; each probe runs under a
// context that ends mtuProbeGrace after the deadline. Every probe is run
// through r, which is expected to record its output as evidence.
func SweepMTU(ctx context.Context, r Runner, p platform.Platform, target, source string, lo, hi int, deadline time.Duration) MTUSweep {
	start := time.Now()
	sw := MTUSweep{Target: target, Source: source}
	if lo < 1 || hi < lo {
		sw.Stopped = fmt.Sprintf("invalid size range %d-%d", lo, hi)
		return sw
	}
	end := start.Add(deadline)
	pctx, cancel := context.WithDeadline(ctx, end.Add(mtuProbeGrace))
	defer cancel()
	var longest time.Duration
	probe := func(size int) (passed, ok bool) {
		now := time.Now()
		switch {
		case len(sw.Probes) >= MaxMTUProbes:
			sw.Stopped = "probe limit"
		case ctx.Err() != nil:
			sw.Stopped = ctx.Err().Error()
		case !now.Before(end) || end.Sub(now) < longest:
			sw.Stopped = "deadline"
		}
		if sw.Stopped != "" {
			return false, false
		}
		pr := runProbe(pctx, r, p, target, source, size)
		longest = max(longest, pr.Took)
		sw.Probes = append(sw.Probes, pr)
		if pr.Err != nil {
			sw.Stopped = pr.Err.Error()
			return false, false
		}
		return pr.Passed, true
	}
	sw.search(probe, lo, hi)
	sw.Elapsed = time.Since(start)
	return sw
}

// search is the probing order of SweepMTU over probe, which reports
// whether a size passed and whether it could be tried at all.
func (sw *MTUSweep) search(probe func(int) (bool, bool), lo, hi int) {
	passed, ok := probe(hi)
	if !ok {
		return
	}
	if passed {
		sw.Largest = hi
		return
	}
	sw.SmallestFailed = hi
	if lo == hi {
		return
	}
	if passed, ok = probe(lo); !ok {
		return
	}
	if !passed {
		sw.SmallestFailed = lo
		return
	}
	sw.Largest = lo
	// Invariant: Largest passed, SmallestFailed failed.
	for sw.SmallestFailed-sw.Largest > 1 {
		mid := sw.Largest + (sw.SmallestFailed-sw.Largest)/2
		if passed, ok = probe(mid); !ok {
			return
		}
		if passed {
			sw.Largest = mid
		} else {
			sw.SmallestFailed = mid
		}
	}
}

// runProbe sends one DF ping and reads its answer with the platform.
func runProbe(ctx context.Context, r Runner, plat platform.Platform, target, source string, size int) MTUProbe {
	p := MTUProbe{Size: size, Command: MTUProbeCommand(plat, target, source, size)}
	if err := plat.Allowed(p.Command); err != nil {
		p.Err = err
		return p
	}
	t0 := time.Now()
	p.Output, p.Err = r.Run(ctx, p.Command)
	p.Took = time.Since(t0)
	if p.Err != nil {
		p.Err = fmt.Errorf("run %q: %w", p.Command, p.Err)
		return p
	}
	ping, err := readPing(plat, p.Command, p.Output)
	if err != nil {
		p.Err = fmt.Errorf("read %q: %w", p.Command, err)
		return p
	}
	p.Marks, p.Passed = ping.Marks, ping.Received > 0
	return p
}

// readPing reads one ping output with the platform, on its own.
func readPing(plat platform.Platform, cmd, out string) (evidence.Ping, error) {
	c, ok := plat.Identify(cmd)
	if !ok {
		return evidence.Ping{}, fmt.Errorf("%q is not a command %s reads", cmd, plat.Name())
	}
	scratch := &evidence.CPE{}
	o := &evidence.Output{Command: c.Text, Arg: c.Arg, Families: c.Families, Text: out, Lines: parsers.Lines(out)}
	scratch.Add(o)
	read(plat, o, scratch)
	if o.Err != nil {
		return evidence.Ping{}, o.Err
	}
	for _, l := range scratch.Pings {
		for _, p := range l.Items {
			return p, nil
		}
	}
	return evidence.Ping{}, fmt.Errorf("no ping result in the output")
}

// String summarises a sweep for progress lines.
func (sw MTUSweep) String() string {
	s := fmt.Sprintf("MTU sweep %s to %s: ", sw.Source, sw.Target)
	switch {
	case sw.Largest > 0 && sw.SmallestFailed > 0:
		s += fmt.Sprintf("largest DF size %d (%d fails)", sw.Largest, sw.SmallestFailed)
	case sw.Largest > 0:
		s += fmt.Sprintf("largest DF size tried, %d, passes", sw.Largest)
	case sw.SmallestFailed > 0:
		s += fmt.Sprintf("no DF size passes (down to %d)", sw.SmallestFailed)
	default:
		s += "no result"
	}
	s += fmt.Sprintf(", %d pings in %s", len(sw.Probes), sw.Elapsed.Round(100*time.Millisecond))
	if sw.Stopped != "" {
		s += " (stopped: " + sw.Stopped + ")"
	}
	return s
}
