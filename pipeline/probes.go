package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/vcdiag/vcdiag/collectors/probe"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// ProbeOptions are the local ICMP probes of a run.
type ProbeOptions struct {
	Count    int
	Interval time.Duration
	// PMTU also sweeps the largest DF packet to each voice target.
	PMTU bool
}

// RunProbes probes the profile's targets (and sweeps the path MTU with
// PMTU) within ctx. It never fails: problems are in the result.
func RunProbes(ctx context.Context, p *profile.Profile, o ProbeOptions) *evidence.Probes {
	targets := probe.Targets(p)
	pr := probe.Run(ctx, targets, probe.Options{Count: o.Count, Interval: o.Interval})
	if o.PMTU {
		start := time.Now()
		for _, t := range targets {
			if t.Kind == evidence.ProbeVoice {
				pr.PMTU = append(pr.PMTU, probe.PMTU(ctx, t.Addr, probe.PMTUOptions{}))
			}
		}
		pr.Duration += time.Since(start)
	}
	return pr
}

// startProbes runs the probes in the background, during the collection,
// and returns the function that waits for them; nil when the profile has
// none.
func startProbes(ctx context.Context, p *profile.Profile, o ProbeOptions) func() *evidence.Probes {
	if len(p.Probes) == 0 {
		return nil
	}
	done := make(chan *evidence.Probes, 1)
	go func() { done <- RunProbes(ctx, p, o) }()
	return func() *evidence.Probes { return <-done }
}

// probeNotes are the report notes for a probe run: how long it took (every
// probe has a deadline; the total is shown) and the DF sweeps.
func probeNotes(pr *evidence.Probes) []string {
	if pr == nil {
		return nil
	}
	notes := []string{fmt.Sprintf("local probes: %d targets in %s (%d echo requests every %s each, %s reply timeout)",
		len(pr.Results), pr.Duration.Round(100*time.Millisecond), pr.Count, pr.Interval, pr.Timeout)}
	for _, m := range pr.PMTU {
		notes = append(notes, PMTULine(m))
	}
	return append(notes, pr.Notes...)
}

// ProbeNotes is probeNotes for `vcdiag probe`.
func ProbeNotes(pr *evidence.Probes) []string { return probeNotes(pr) }

// PMTULine summarises one local DF sweep.
func PMTULine(m evidence.PMTUResult) string {
	if m.Largest == 0 {
		return fmt.Sprintf("local DF sweep to %s: unknown: %s", m.Addr, m.Why)
	}
	s := fmt.Sprintf("local DF sweep to %s: largest DF packet %d bytes (%d tries, %s)", m.Addr, m.Largest, len(m.Steps), m.Duration.Round(100*time.Millisecond))
	if m.Limit != "" {
		s += "; limit " + m.Limit
	}
	if m.Why != "" {
		s += "; " + m.Why
	}
	return s
}
