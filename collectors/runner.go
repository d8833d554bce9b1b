package collectors

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers/iosxe"
)

// Runner runs one command on one device and returns its raw output. A live
// SSH session and a saved transcript (Replay) both implement it, so a field
// report can be replayed as a test.
type Runner interface {
	Run(ctx context.Context, cmd string) (string, error)
}

// Guard wraps r so that only commands Allowed accepts reach it: anything
// else is refused with an error wrapping ErrNotAllowed and never sent.
func Guard(r Runner) Runner { return guard{r} }

type guard struct{ inner Runner }

func (g guard) Run(ctx context.Context, cmd string) (string, error) {
	if err := Allowed(cmd); err != nil {
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

	mu   sync.Mutex
	runs map[string]int
}

// NewReplay returns a Replay over the blocks of t typed at host (compared
// case-insensitively; "" means every block). Configuration-mode blocks are
// never replayed.
func NewReplay(t *Transcript, host string) *Replay {
	return &Replay{t: t, host: host, runs: map[string]int{}}
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
	key := replayKey(cmd)
	r.mu.Lock()
	n := r.runs[key]
	r.runs[key] = n + 1
	r.mu.Unlock()
	seen := 0
	if r.t != nil {
		for _, b := range r.t.Blocks {
			if b.ConfigMode || replayKey(b.Command) != key {
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

// replayKey is the form two spellings of one command share: expanded
// keywords, single spaces, lower case.
func replayKey(cmd string) string {
	return strings.ToLower(strings.Join(strings.Fields(iosxe.Canonical(cmd)), " "))
}
