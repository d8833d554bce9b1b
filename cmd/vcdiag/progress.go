package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// progressView shows a live collection on a terminal, so that an engineer
// never stares at a blank screen for the ten seconds of the sample wait:
//
//   - one status line at the bottom, rewritten in place, with each CPE's
//     current step, and a countdown bar while it waits for the counters'
//     second sample;
//   - above it, as soon as a CPE's first sample is in, the verdicts that
//     need no second sample (earlyLines): "BGP Idle" is read at once.
//
// On anything but a terminal it does not exist (newProgressView returns
// nil): cron mail and CI logs get the report alone, with no carriage
// returns in them. It sends no escape sequence even on a terminal. Its methods may be called from the
// CPEs' collection goroutines at once.
type progressView struct {
	w     io.Writer
	now   func() time.Time
	width int

	mu      sync.Mutex
	order   []string
	cpes    map[string]*cpeProgress
	drawn   bool // a status line is on the screen: clear it before writing
	partial bool // someone else's line is half written: do not draw over it
	closed  bool
	stop    chan struct{}
	done    chan struct{}
	release func() // detaches the view from a sharedStderr
}

// cpeProgress is what the status line says of one CPE.
type cpeProgress struct {
	step              string
	waitFrom, waitEnd time.Time // the sample wait, zero when there is none
}

const (
	// progressTick is how often the countdown is redrawn: often enough for
	// the bar to move smoothly, rarely enough to cost nothing over SSH.
	progressTick = 250 * time.Millisecond
	// progressBar is the width of the countdown bar in cells.
	progressBar = 20
	// defaultTerminalWidth is used when the width cannot be read (a fake
	// terminal in tests, a serial console).
	defaultTerminalWidth = 80
)

// terminalWriter is a writer that says whether it is a terminal. Tests
// pass one, since `go test` never has a terminal on its standard error.
type terminalWriter interface {
	io.Writer
	IsTerminal() bool
}

// isTerminal reports whether w shows text to a person on a terminal.
func isTerminal(w io.Writer) bool {
	if t, ok := w.(terminalWriter); ok {
		return t.IsTerminal()
	}
	return reports.IsTerminal(w)
}

// terminalWidth is the width of w's terminal in cells.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	return defaultTerminalWidth
}

// stderrWriter is standard error shared with a status line. A line
// written through it while a progressView draws (a host-key notice from a
// CPE's login, a warning) is put above the status line instead of being
// glued to its end; otherwise it writes straight through.
type stderrWriter struct {
	w    io.Writer
	mu   sync.Mutex
	view *progressView
}

// sharedStderr wraps w so that a progressView made on it keeps other
// writers' lines intact. A writer that is not a terminal, where no view
// will draw, is returned as it is, and so is one already wrapped.
func sharedStderr(w io.Writer) io.Writer {
	if _, ok := w.(*stderrWriter); ok || !isTerminal(w) {
		return w
	}
	return &stderrWriter{w: w}
}

// IsTerminal reports whether the wrapped writer is a terminal.
func (s *stderrWriter) IsTerminal() bool { return isTerminal(s.w) }

func (s *stderrWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	v := s.view
	s.mu.Unlock()
	if v == nil {
		return s.w.Write(p)
	}
	return v.writeAbove(p)
}

// newProgressView returns the view of a collection from cpes on w, or nil
// when w is not a terminal (a nil view shows nothing and attaches
// nothing). Close it before the report is written.
func newProgressView(w io.Writer, cpes []string) *progressView {
	sw, shared := w.(*stderrWriter)
	if shared {
		w = sw.w
	}
	if !isTerminal(w) {
		return nil
	}
	v := &progressView{w: w, now: time.Now, width: terminalWidth(w), cpes: map[string]*cpeProgress{},
		stop: make(chan struct{}), done: make(chan struct{}), release: func() {}}
	for _, c := range cpes {
		v.entry(c).step = "waiting to connect"
	}
	if shared {
		sw.mu.Lock()
		sw.view = v
		sw.mu.Unlock()
		v.release = func() {
			sw.mu.Lock()
			sw.view = nil
			sw.mu.Unlock()
		}
	}
	go v.tick()
	return v
}

// writeAbove writes another writer's text above the status line.
func (v *progressView) writeAbove(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return v.w.Write(p)
	}
	v.clear()
	n, err := v.w.Write(p)
	v.partial = len(p) > 0 && p[len(p)-1] != '\n'
	v.redraw()
	return n, err
}

// attach makes the view the live collection's progress and early-verdict
// hooks; on a nil view it leaves them unset, and the pipeline then does
// not judge the first sample at all.
func (v *progressView) attach(l *pipeline.Live) {
	if v == nil {
		return
	}
	l.Progress = v.step
	l.Early = v.early
}

// step is the collectors' Progress hook: what a CPE is doing now.
func (v *progressView) step(cpe, what string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.entry(cpe).step = what
	v.redraw()
}

// early prints the verdicts of a CPE's first sample above the status line
// and starts its countdown.
func (v *progressView) early(e pipeline.Early) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.clear()
	for _, l := range earlyLines(e) {
		fmt.Fprintln(v.w, l)
	}
	c := v.entry(e.CPE)
	c.waitFrom = v.now()
	c.waitEnd = c.waitFrom.Add(e.Wait)
	v.redraw()
}

// Close stops the countdown and clears the status line, leaving the
// early verdicts on the screen. It is safe on a nil view and more than
// once.
func (v *progressView) Close() {
	if v == nil {
		return
	}
	v.release()
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return
	}
	v.closed = true
	v.clear()
	v.mu.Unlock()
	close(v.stop)
	<-v.done
}

// tick redraws the status line while a countdown runs.
func (v *progressView) tick() {
	defer close(v.done)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-v.stop:
			return
		case <-t.C:
			v.mu.Lock()
			if !v.closed && v.waiting() {
				v.redraw()
			}
			v.mu.Unlock()
		}
	}
}

// entry returns a CPE's status, adding it to the line when new. Callers
// hold mu.
func (v *progressView) entry(cpe string) *cpeProgress {
	c, ok := v.cpes[cpe]
	if !ok {
		c = &cpeProgress{}
		v.cpes[cpe] = c
		v.order = append(v.order, cpe)
	}
	return c
}

// waiting reports whether a countdown is running. Callers hold mu.
func (v *progressView) waiting() bool {
	now := v.now()
	for _, c := range v.cpes {
		if now.Before(c.waitEnd) {
			return true
		}
	}
	return false
}

// redraw rewrites the status line in place. It pads with spaces rather
// than sending an erase-line escape: a carriage return is understood by
// every terminal, a Windows console without VT processing included.
// Callers hold mu.
func (v *progressView) redraw() {
	if v.partial {
		return
	}
	line := statusLine(v.order, v.cpes, v.now(), v.width)
	fmt.Fprintf(v.w, "\r%s%s", line, strings.Repeat(" ", max(v.width-1-utf8.RuneCountInString(line), 0)))
	v.drawn = true
}

// clear erases the status line. Callers hold mu.
func (v *progressView) clear() {
	if v.drawn {
		fmt.Fprintf(v.w, "\r%s\r", strings.Repeat(" ", max(v.width-1, 0)))
		v.drawn = false
	}
}

// statusLine is the one line showing every CPE, cut to fit width: a line
// that wraps can no longer be rewritten in place. When the words do not
// fit, each CPE keeps its name and its bar, and its share of the rest.
func statusLine(order []string, cpes map[string]*cpeProgress, now time.Time, width int) string {
	const sep = "  |  "
	width--
	full := make([]string, 0, len(order))
	for _, name := range order {
		full = append(full, cpeStatus(textsafe.String(name), cpes[name], now, false))
	}
	if line := strings.Join(full, sep); utf8.RuneCountInString(line) <= width || len(order) < 2 {
		return truncate(line, width)
	}
	share := max((width-len(sep)*(len(order)-1))/len(order), 1)
	parts := make([]string, 0, len(order))
	for _, name := range order {
		parts = append(parts, truncate(cpeStatus(textsafe.String(name), cpes[name], now, true), share))
	}
	return truncate(strings.Join(parts, sep), width)
}

// cpeStatus is one CPE's part of the status line.
func cpeStatus(name string, c *cpeProgress, now time.Time, short bool) string {
	switch {
	case now.Before(c.waitEnd) && short:
		return name + " " + countdown(c.waitFrom, c.waitEnd, now)
	case now.Before(c.waitEnd):
		return name + ": " + countdown(c.waitFrom, c.waitEnd, now) + " to the counters' second sample"
	default:
		return name + ": " + textsafe.String(c.step)
	}
}

// countdown is a bar filling up over the wait from..end, and the seconds
// left: "[#########-----------] 6s".
func countdown(from, end, now time.Time) string {
	total, left := end.Sub(from), end.Sub(now)
	filled := progressBar
	if total > 0 {
		filled = int(int64(progressBar) * int64(total-left) / int64(total))
	}
	filled = min(max(filled, 0), progressBar)
	secs := (left + time.Second - 1) / time.Second // rounded up: 0s only at the end
	return fmt.Sprintf("[%s%s] %ds", strings.Repeat("#", filled), strings.Repeat("-", progressBar-filled), secs)
}

// truncate cuts s to at most n runes, marking the cut with "...".
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	if n <= 3 {
		return string(r[:n])
	}
	return string(r[:n-3]) + "..."
}

// earlyLines are the verdicts of one CPE's first sample, one line each:
// for each tunnel, the stages that pass so far on one line (the ladder
// read bottom up), then every failing or warning check with its summary,
// the root cause so far first. Unknown and skipped checks are left for the
// report: the counter checks are unknown until the second sample.
//
//	cpe1: verdicts from the first sample (the counters' second sample in 9s):
//	  tunnel1: ikev2, ipsec, gre, ping pass so far (17 checks)
//	  tunnel1: remote AS 64603 is not the DI ASN 64602 (bgp.remote-as fail, the root cause so far)
//	  tunnel1: BGP session to 100.64.1.1 is Idle, not Established: ... (bgp.established fail)
func earlyLines(e pipeline.Early) []string {
	lines := []string{fmt.Sprintf("%s: verdicts from the first sample (the counters' second sample in %s):",
		textsafe.String(e.CPE), e.Wait.Round(time.Second))}
	for _, tr := range e.Tunnels {
		name := textsafe.String(tr.Name)
		var passed []string
		var bad []string
		n := 0
		for _, sr := range tr.Stages {
			ok, decided := true, 0
			for _, r := range sr.Checks {
				switch r.Status {
				case checks.Pass:
					decided++
				case checks.Fail, checks.Warn:
					ok = false
					l := fmt.Sprintf("  %s: %s (%s %s", name, textsafe.String(r.Summary), textsafe.String(r.ID), r.Status)
					if tr.RootCause != nil && tr.RootCause.Check == r.ID {
						bad = slices.Insert(bad, 0, l+", the root cause so far)")
						continue
					}
					bad = append(bad, l+")")
				}
			}
			if ok && decided > 0 {
				passed = append(passed, string(sr.Stage))
				n += decided
			}
		}
		if len(passed) > 0 {
			lines = append(lines, fmt.Sprintf("  %s: %s pass so far (%d checks)", name, strings.Join(passed, ", "), n))
		}
		lines = append(lines, bad...)
		if len(passed) == 0 && len(bad) == 0 {
			lines = append(lines, fmt.Sprintf("  %s: nothing decided before the second sample", name))
		}
	}
	return lines
}
