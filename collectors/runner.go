package collectors

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// Runner runs one command on one device and returns its raw output. A live
// SSH session and a saved transcript (Replay) both implement it, so a field
// report can be replayed as a test.
type Runner interface {
	Run(ctx context.Context, cmd string) (string, error)
}

// Guard wraps r so that only commands the platform's allowlist accepts
// reach it: anything else is refused with an error wrapping
// platform.ErrNotAllowed and never sent.
func Guard(r Runner, p platform.Platform) Runner { return guard{r, p} }

type guard struct {
	inner Runner
	p     platform.Platform
}

func (g guard) Run(ctx context.Context, cmd string) (string, error) {
	if err := g.p.Allowed(cmd); err != nil {
		return "", err
	}
	return g.inner.Run(ctx, cmd)
}

// Replay is a Runner over a saved transcript: the Nth run of a command
// returns the Nth block of that command (compared in canonical form, so
// "sh ip bgp sum" finds "show ip bgp summary"). A command the transcript
// does not hold, or holds fewer times than asked, fails with an error
// wrapping evidence.ErrNotCollected. It is safe for concurrent use.
type Replay struct {
	t    *Transcript
	host string
	p    platform.Platform

	mu   sync.Mutex
	runs map[string]int
}

// NewReplay returns a Replay over the blocks of t typed at host (compared
// case-insensitively; "" means every block), whose commands p recognises.
// Configuration-mode blocks are never replayed.
func NewReplay(t *Transcript, host string, p platform.Platform) *Replay {
	return &Replay{t: t, host: host, p: p, runs: map[string]int{}}
}

// Run returns the output of the next unreplayed sample of cmd.
func (r *Replay) Run(ctx context.Context, cmd string) (string, error) {
	name := "transcript"
	if r.t != nil {
		name = r.t.Name
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("run %q on %s: %w", cmd, name, err)
	}
	key := r.key(cmd)
	r.mu.Lock()
	n := r.runs[key]
	r.runs[key] = n + 1
	r.mu.Unlock()
	seen := 0
	if r.t != nil {
		for _, b := range r.t.Blocks {
			if b.ConfigMode || r.key(b.Command) != key {
				continue
			}
			if r.host != "" && !strings.EqualFold(b.Hostname, r.host) {
				continue
			}
			if seen == n {
				return b.Output, nil
			}
			seen++
		}
	}
	if seen == 0 {
		return "", fmt.Errorf("run %q on %s: %w", cmd, name, evidence.ErrNotCollected)
	}
	return "", fmt.Errorf("run %q on %s: only %d sample(s) recorded: %w", cmd, name, seen, evidence.ErrNotCollected)
}

// key is the form two spellings of one command share: the platform's
// canonical text, single spaces, lower case.
func (r *Replay) key(cmd string) string {
	if c, ok := r.p.Identify(cmd); ok {
		cmd = c.Text
	}
	return strings.ToLower(strings.Join(strings.Fields(cmd), " "))
}
