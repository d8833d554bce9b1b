package sim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Latency is how long a simulated router takes to answer each command
// line: a uniformly random time in [Min, Max]. Max 0 means exactly Min;
// the zero value answers at once. Real CPEs take tens to hundreds of
// milliseconds per show command, which is what makes a fleet run's
// parallelism matter.
type Latency struct {
	Min, Max time.Duration
}

// maxLatency bounds a per-command delay: beyond it the collector's
// command deadline, not latency, is what a test would exercise.
const maxLatency = time.Minute

// ParseLatency reads "100ms" (always that long) or "50ms-200ms" (a
// uniformly random time between the two). "" and "0" are no latency.
func ParseLatency(s string) (Latency, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return Latency{}, nil
	}
	lo, hi, ranged := strings.Cut(s, "-")
	minD, err := parseLatencyBound(s, lo)
	if err != nil {
		return Latency{}, err
	}
	l := Latency{Min: minD, Max: minD}
	if ranged {
		if l.Max, err = parseLatencyBound(s, hi); err != nil {
			return Latency{}, err
		}
	}
	if err := l.check(); err != nil {
		return Latency{}, fmt.Errorf("latency %q: %w", s, err)
	}
	return l, nil
}

func parseLatencyBound(whole, part string) (time.Duration, error) {
	part = strings.TrimSpace(part)
	d, err := time.ParseDuration(part)
	if err != nil {
		return 0, fmt.Errorf("latency %q: %q is not a duration (write 100ms, or a range 50ms-200ms)", whole, part)
	}
	return d, nil
}

// check refuses negative, inverted or absurdly long delays.
func (l Latency) check() error {
	switch {
	case l.Min < 0 || l.Max < 0:
		return fmt.Errorf("latency %s: negative", l)
	case l.Max != 0 && l.Max < l.Min:
		return fmt.Errorf("latency %s: the maximum is below the minimum", l)
	case l.Min > maxLatency || l.Max > maxLatency:
		return fmt.Errorf("latency %s: more than %s per command", l, maxLatency)
	}
	return nil
}

// String writes the latency as ParseLatency reads it ("0" for none).
func (l Latency) String() string {
	switch {
	case l.Min == 0 && l.Max == 0:
		return "0"
	case l.Max == 0 || l.Max == l.Min:
		return l.Min.String()
	}
	return l.Min.String() + "-" + l.Max.String()
}

// draw is one command's delay.
func (l Latency) draw() time.Duration {
	if l.Max <= l.Min {
		return l.Min
	}
	return l.Min + rand.N(l.Max-l.Min+1)
}
