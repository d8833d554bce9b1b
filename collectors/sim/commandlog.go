package sim

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// LoggedCommand is one line a client typed at the simulated CLI (or sent
// as an SSH "exec" request), exactly as received after line editing.
// Blank lines and the enable secret are not logged: the first only
// reprints the prompt, the second is a secret.
type LoggedCommand struct {
	// At is the server's wall-clock time (ServerOptions.Clock) when the
	// line arrived.
	At      time.Time
	User    string
	Command string
}

// commandLog is a Server's append-only record of received lines. The e2e
// tests read it to prove a collector sent nothing but allowlisted
// commands, so it is written before the command is acted upon: a line
// that made the server drop the session is still there.
type commandLog struct {
	mu      sync.Mutex
	entries []LoggedCommand
}

func (l *commandLog) add(e LoggedCommand) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

// snapshot returns a copy, safe to keep while sessions go on logging.
func (l *commandLog) snapshot() []LoggedCommand {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LoggedCommand(nil), l.entries...)
}

// WriteLogSummary writes, for one CPE, how many lines were received and
// how often each distinct command was, most frequent first: what
// `vcdiag sim` prints on exit so one can see what a collector sent.
func WriteLogSummary(w io.Writer, cpe string, log []LoggedCommand) error {
	if _, err := fmt.Fprintf(w, "%s: %d command(s) received\n", cpe, len(log)); err != nil {
		return err
	}
	counts := map[string]int{}
	var order []string
	for _, e := range log {
		if counts[e.Command] == 0 {
			order = append(order, e.Command)
		}
		counts[e.Command]++
	}
	// Stable: equal counts keep first-seen order.
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
	for _, c := range order {
		if _, err := fmt.Fprintf(w, "  %4d  %s\n", counts[c], c); err != nil {
			return err
		}
	}
	return nil
}
