package pipeline

import (
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Early is one CPE's tunnels judged on the first sample of every command,
// handed over while the counters' second sample is awaited, so that an
// engineer reads "BGP Idle" at once rather than after the wait.
//
// The checks that compare two samples (IKE SA stability, ESP and GRE
// counters) are unknown in it; every other verdict is what the first
// sample shows. They are verdicts so far, not the report: the second
// sample can still change a state that moved between the samples, and a
// counter failure found then can become the root cause and skip rungs
// above it. The report after the wait is judged again on everything.
type Early struct {
	CPE string
	// Wait is how long until the second sample is taken.
	Wait time.Duration
	// Tunnels are the CPE's tunnels, in profile order.
	Tunnels []checks.TunnelReport
}

// judgeEarly runs the ladder on one CPE's evidence so far. Checks are pure
// functions of the evidence, so running them now and again after the wait
// is safe; the CPE's collection goroutine is blocked in the call, so ev
// does not change under them. Only the CPE's own tunnels are kept: the
// other CPEs are still being collected, and their tunnels would read as
// not collected.
func judgeEarly(p *profile.Profile, cpe string, ev *evidence.CPE, wait time.Duration, skip []string) Early {
	site := &evidence.Site{CPEs: map[string]*evidence.CPE{cpe: ev}}
	rep := checks.Run(p, site, checks.RunOptions{Skip: skip})
	e := Early{CPE: cpe, Wait: wait}
	for _, tr := range rep.Tunnels {
		if tr.CPE == cpe {
			e.Tunnels = append(e.Tunnels, tr)
		}
	}
	return e
}
