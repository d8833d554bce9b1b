package collectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/scrapli/scrapligo/util"
)

// Limits bound what one SSH session can make vcdiag hold, whatever the
// device sends: a router's output is untrusted input, and a broken or
// hostile one can print without end, never end a line, page forever or
// flood before its first prompt. A zero field means its default, so a
// zero Limits (an SSHConfig that never heard of them) is bounded too.
//
// When a limit is reached vcdiag stops reading, closes the session (the
// device may still be printing, and what it prints would be taken for the
// next command's output), keeps what was collected until then, and the
// command's error (a *LimitError) names the limit, its value, the command
// and the host.
type Limits struct {
	// MaxOutputBytes bounds what the device sends in answer to one
	// command: its echo, output, pager prompts and the next prompt.
	MaxOutputBytes int64
	// MaxLineBytes bounds one line of output.
	MaxLineBytes int64
	// MaxSessionBytes bounds everything one session receives, login and
	// every command together.
	MaxSessionBytes int64
	// MaxLoginBytes bounds what the device sends before its first prompt:
	// banners, the message of the day, OpenSSH's own messages.
	MaxLoginBytes int64
	// MaxPages bounds the --More-- pages of one output (a device that
	// pages although "terminal length 0" was sent is paged through).
	MaxPages int
}

// Defaults of Limits: far above what a real router prints for the
// commands vcdiag sends (the running-config of a large router is a few
// MB, a banner a few KB, a line a few hundred bytes), far below what
// would hurt the machine running vcdiag.
const (
	DefaultMaxOutputBytes  = 16 << 20
	DefaultMaxLineBytes    = 64 << 10
	DefaultMaxSessionBytes = 64 << 20
	DefaultMaxLoginBytes   = 256 << 10
	DefaultMaxPages        = 10000
)

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) WithDefaults() Limits {
	if l.MaxOutputBytes <= 0 {
		l.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxSessionBytes <= 0 {
		l.MaxSessionBytes = DefaultMaxSessionBytes
	}
	if l.MaxLoginBytes <= 0 {
		l.MaxLoginBytes = DefaultMaxLoginBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultMaxPages
	}
	return l
}

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("limit exceeded")

// LimitError says that a device sent more than a limit of Limits allows.
// It wraps ErrLimit and ErrSessionLost: the session was closed, so the
// commands after it are not sent.
type LimitError struct {
	// Host is the CPE as "name (host:port)".
	Host string
	// Command is the command being answered, "" before the first prompt.
	Command string
	// What says what exceeded the limit and the limit's value ("output
	// exceeds 16 MiB"); Setting is how to raise it ("--max-output-bytes").
	What, Setting string
}

func (e *LimitError) Error() string {
	if e.Command == "" {
		return fmt.Sprintf("%s: %s (%s)", e.Host, e.What, e.Setting)
	}
	return fmt.Sprintf("%s on %s: %s (%s)", e.Command, e.Host, e.What, e.Setting)
}

// Unwrap makes errors.Is find ErrLimit and ErrSessionLost.
func (e *LimitError) Unwrap() []error { return []error{ErrLimit, ErrSessionLost} }

// asLimit returns the *LimitError in err's chain, or nil.
func asLimit(err error) *LimitError {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	return nil
}

// size writes a byte count the way the flags are usually given.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// meter counts the bytes a transport reads for its session and enforces
// MaxLoginBytes, MaxOutputBytes and MaxSessionBytes where the bytes
// arrive, so that no buffer above it (scrapligo's queue and reads, the
// session's own) can ever hold more than a limit allows.
//
// It also gates reading: the transport reads only while a phase runs (the
// login, then one command at a time). Between two commands (during the
// sample interval, say) a device that keeps sending is held back by SSH's
// own flow control instead of piling up in vcdiag's memory.
type meter struct {
	limits Limits
	host   string

	mu      sync.Mutex
	changed *sync.Cond
	running bool   // a phase runs: reads are allowed
	closed  bool   // the transport is closed: reads end
	cmd     string // the command of the phase, "" for the login
	phase   int64  // bytes read in the phase
	total   int64  // bytes read in the session
	err     error  // the limit reached; every read after it fails with it
}

// newMeter starts in the login phase: the first bytes are the banner.
func newMeter(l Limits, host string) *meter {
	m := &meter{limits: l.WithDefaults(), host: host, running: true}
	m.changed = sync.NewCond(&m.mu)
	return m
}

// begin starts the phase of a command: its answer may be MaxOutputBytes.
func (m *meter) begin(cmd string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.running, m.cmd, m.phase = true, cmd, 0
	m.changed.Broadcast()
}

// end ends a phase (the login, a command): reading stops until the next.
func (m *meter) end() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.running = false
}

// close ends reading for good.
func (m *meter) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.changed.Broadcast()
}

// wait blocks until a read may proceed: nil while a phase runs, the limit
// error once one was reached, io.EOF once the transport is closed.
func (m *meter) wait() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for !m.running && !m.closed && m.err == nil {
		m.changed.Wait()
	}
	switch {
	case m.err != nil:
		return m.err
	case m.closed:
		return io.EOF
	}
	return nil
}

// add counts n bytes just read and returns how many of them to deliver:
// all of them, or those up to the limit they would exceed, with the
// limit's error, which every later read then returns.
func (m *meter) add(n int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return 0, m.err
	}
	phaseMax, what, setting := m.limits.MaxOutputBytes, "output exceeds "+size(m.limits.MaxOutputBytes), "--max-output-bytes"
	if m.cmd == "" {
		phaseMax, what, setting = m.limits.MaxLoginBytes, "more than "+size(m.limits.MaxLoginBytes)+" before the first prompt", "--max-login-bytes"
	}
	room := phaseMax - m.phase
	if left := m.limits.MaxSessionBytes - m.total; left < room {
		room = left
		what, setting = "the session's output exceeds "+size(m.limits.MaxSessionBytes)+" in all", "--max-session-bytes"
	}
	keep := int64(n)
	if keep > room {
		keep = max(room, 0)
		m.err = &LimitError{Host: m.host, Command: m.cmd, What: what, Setting: setting}
		m.changed.Broadcast()
	}
	m.phase += keep
	m.total += keep
	return int(keep), m.err
}

// reader reads a session's channel up to a prompt. It keeps the complete
// lines (when keep is set) apart from the line still being printed
// (line), where alone a prompt is looked for: a prompt is the last thing a
// device prints, and a line of output that looks like one must not end the
// output. No line may grow past maxLine.
//
// The complete lines stay in the chunks the channel delivered (pieces),
// joined once at the end: an output costs about twice its size at the
// peak, not the garbage of a buffer grown a quarter at a time.
type reader struct {
	s       *sshSession
	maxLine int
	keep    bool
	pieces  [][]byte
	n       int // bytes in pieces
	line    []byte
}

func (s *sshSession) newReader(maxLine int64, keep bool) *reader {
	return &reader{s: s, maxLine: int(min(maxLine, math.MaxInt32)), keep: keep}
}

// next waits for what the channel delivers next and adds it; cmd names the
// command in a *LimitError.
func (r *reader) next(ctx context.Context, cmd string) error {
	c := r.s.d.Channel
	poll := newPoller(c.ReadDelay)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := c.Read()
		if err != nil {
			return err
		}
		if b == nil {
			poll.wait()
			continue
		}
		return r.add(b, cmd)
	}
}

// maxPollDelay bounds how long a read waits between two looks at the
// channel's queue when nothing has come.
const maxPollDelay = 4 * time.Millisecond

// poller paces the looks at a scrapligo channel's queue while a router
// thinks: first at the channel's ReadDelay (250 µs), doubling up to
// maxPollDelay. A router answers in tens to hundreds of milliseconds, so
// the answer is seen at most 4 ms late, and a thousand sessions of a
// fleet wake 16 times less often than at a fixed 250 µs, which cost them
// a tenth of their CPU.
type poller struct{ d, start time.Duration }

func newPoller(start time.Duration) *poller {
	if start <= 0 {
		start = 250 * time.Microsecond
	}
	return &poller{d: start, start: start}
}

func (p *poller) wait() {
	time.Sleep(p.d)
	p.d = min(2*p.d, max(maxPollDelay, p.start))
}

// add takes a chunk the channel delivered (and keeps it: the channel
// hands each chunk over). A line longer than maxLine is cut there and
// ends the read.
func (r *reader) add(b []byte, cmd string) error {
	done, lineLen := 0, len(r.line) // b[:done] ends a line; lineLen: the line at done
	for {
		end, nl := len(b), false
		if j := bytes.IndexByte(b[done:], '\n'); j >= 0 {
			end, nl = done+j, true
		}
		if lineLen+end-done > r.maxLine {
			room := r.maxLine - lineLen
			r.complete(b[:done])
			r.line = append(r.line, b[done:done+room]...)
			return &LimitError{Host: r.s.t.String(), Command: cmd,
				What: "a line exceeds " + size(int64(r.maxLine)), Setting: "--max-line-bytes"}
		}
		if !nl {
			break
		}
		done, lineLen = end+1, 0
	}
	r.complete(b[:done])
	r.line = append(r.line, b[done:]...)
	return nil
}

// complete keeps the line being printed and b, which ends it (and holds
// whole lines after it). Each line is kept whole in one piece, so that
// pager debris, which never spans lines, can be removed piece by piece.
func (r *reader) complete(b []byte) {
	if len(b) == 0 {
		return
	}
	if r.keep {
		if len(r.line) > 0 {
			end := bytes.IndexByte(b, '\n') + 1
			first := make([]byte, 0, len(r.line)+end)
			r.keepPiece(append(append(first, r.line...), b[:end]...))
			b = b[end:]
		}
		r.keepPiece(b)
	}
	r.line = r.line[:0]
}

func (r *reader) keepPiece(p []byte) {
	if len(p) > 0 {
		r.pieces = append(r.pieces, p)
		r.n += len(p)
	}
}

// text returns the complete lines kept, without what debris (when not
// nil) matches, and lets go of them.
func (r *reader) text(debris *regexp.Regexp) string {
	var sb strings.Builder
	sb.Grow(r.n)
	for _, p := range r.pieces {
		if debris != nil && bytes.IndexByte(p, '\b') >= 0 {
			p = debris.ReplaceAll(p, nil)
		}
		sb.Write(p)
	}
	r.pieces, r.n = nil, 0
	return sb.String()
}

// promptMax is the longest line that can be a prompt or a pager prompt. A
// longer last line is not even looked at: matching it after every chunk
// would cost time in its length squared (a device dripping a line that
// never ends).
const promptMax = 4 << 10

// lastIs reports whether the line being printed matches p.
func (r *reader) lastIs(p *regexp.Regexp) bool {
	return len(r.line) <= promptMax && p.Match(r.line)
}

// untilLast reads until the last line matches one of patterns, and returns
// that line.
func (r *reader) untilLast(ctx context.Context, cmd string, patterns ...*regexp.Regexp) ([]byte, error) {
	for {
		if err := r.next(ctx, cmd); err != nil {
			return nil, err
		}
		for _, p := range patterns {
			if r.lastIs(p) {
				return r.line, nil
			}
		}
	}
}

// cut keeps the line still being printed as a line of its own: when a
// read ends short of a prompt, what was received is kept.
func (r *reader) cut() {
	if len(r.line) > 0 {
		r.complete([]byte{'\n'})
	}
}

// readEcho reads until the echo of what was typed. Like scrapligo's
// ReadUntilFuzzy it looks for the echo in the last depth bytes of what it
// read (from their first line break), but it keeps only those, not all.
func (s *sshSession) readEcho(ctx context.Context, input []byte) error {
	c := s.d.Channel
	depth := max(c.PromptSearchDepth, 2*len(input))
	var rb []byte
	poll := newPoller(c.ReadDelay)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		nb, err := c.Read()
		if err != nil {
			return err
		}
		if nb == nil {
			poll.wait()
			continue
		}
		rb = append(rb, nb...)
		if util.BytesRoughlyContains(input, searchTail(rb, depth)) {
			return nil
		}
		if len(rb) > 4*depth {
			// One byte more than depth: searchTail then looks at the same
			// bytes as it would in the whole.
			rb = append(rb[:0], rb[len(rb)-depth-1:]...)
		}
	}
}

// searchTail is what scrapligo searches for an echo or a prompt: the last
// depth bytes, from their first line break on.
func searchTail(rb []byte, depth int) []byte {
	if len(rb) <= depth {
		return rb
	}
	prb := rb[len(rb)-depth:]
	if i := bytes.IndexByte(prb, '\n'); i > 0 {
		prb = prb[i:]
	}
	return prb
}
