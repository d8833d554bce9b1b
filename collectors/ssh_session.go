package collectors

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/util"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// sshSession is an open, privileged CLI on one CPE. Commands run one at a
// time. A command that times out, is cancelled or finds the connection
// gone closes the session: the router may still be printing, and its
// output would otherwise be taken for the next command's.
type sshSession struct {
	d          *network.Driver
	t          target
	plat       platform.Platform
	sess       platform.Session
	secret     string
	cmdTimeout time.Duration
	limits     Limits
	meter      *meter // counts and gates what the transport reads

	mu sync.Mutex // one command at a time

	deadMu sync.Mutex
	dead   error // why the session is no longer usable, nil while it is
}

func newSSHSession(d *network.Driver, t target, cfg SSHConfig, plat platform.Platform, m *meter) *sshSession {
	return &sshSession{d: d, t: t, plat: plat, sess: plat.Session(), secret: cfg.EnableSecret,
		cmdTimeout: cfg.CommandTimeout, limits: cfg.Limits.WithDefaults(), meter: m}
}

// prepare waits for the first prompt, learns the hostname from it, reaches
// privileged exec and turns paging off. It sends nothing but "enable" (and
// the secret), then the platform's setup commands, each checked by its
// allowlist.
func (s *sshSession) prepare(ctx context.Context) error {
	octx, cancel := context.WithTimeout(ctx, s.cmdTimeout)
	defer cancel()
	// The banner is read and dropped line by line; MaxLoginBytes (the
	// meter) bounds it, and no single line of it needs a bound of its own.
	r := s.newReader(s.limits.MaxLoginBytes, false)
	last, err := r.untilLast(octx, "", s.d.Channel.PromptPattern)
	s.meter.end()
	if err != nil {
		return fmt.Errorf("wait for the first prompt: %w", s.lowLevel(octx, err))
	}
	m := s.sess.Prompt.FindAllSubmatch(last, -1)
	if len(m) == 0 {
		return fmt.Errorf("wait for the first prompt: no %s prompt in %q", s.plat.Name(), tail(string(last)))
	}
	host, level := string(m[len(m)-1][1]), string(m[len(m)-1][2])
	// Only this router's own prompt ends an output: a line of output that
	// happens to look like a prompt must not.
	s.d.Channel.PromptPattern = s.sess.PromptFor(host)
	if s.sess.Unprivileged != "" && level == s.sess.Unprivileged {
		if err := s.enable(octx); err != nil {
			return err
		}
	}
	for _, c := range s.sess.Setup {
		// A router that rejects a terminal setting is still read; if
		// paging stays on, exchange pages through.
		if _, err := s.send(ctx, c); err != nil && !errors.Is(err, evidence.ErrCommandFailed) {
			return err
		}
	}
	return nil
}

// enable sends "enable" and, when asked, the secret (never logged).
func (s *sshSession) enable(ctx context.Context) error {
	if err := s.plat.Allowed(s.sess.Enable); err != nil {
		return err
	}
	c := s.d.Channel
	enable := s.sess.Enable
	enablePassword := s.sess.EnablePassword
	s.meter.begin(enable)
	defer s.meter.end()
	if err := c.WriteAndReturn([]byte(enable), false); err != nil {
		return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
	}
	// Only the last line (the password prompt or the router's prompt)
	// decides; the lines before it are not needed.
	b, err := s.newReader(s.limits.MaxLineBytes, false).untilLast(ctx, enable, enablePassword, c.PromptPattern)
	if err != nil {
		return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
	}
	if enablePassword.Match(b) {
		if s.secret == "" {
			return fmt.Errorf("enable on %s: %w: the router asks for an enable secret: set VCDIAG_ENABLE_SECRET", s.t.name, ErrAuth)
		}
		if err := c.WriteAndReturn([]byte(s.secret), true); err != nil {
			return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
		}
		if b, err = s.newReader(s.limits.MaxLineBytes, false).untilLast(ctx, enable, enablePassword, c.PromptPattern); err != nil {
			return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
		}
	}
	m := s.sess.Prompt.FindAllSubmatch(b, -1)
	if enablePassword.Match(b) || len(m) == 0 || string(m[len(m)-1][2]) == s.sess.Unprivileged {
		return fmt.Errorf("enable on %s: %w: the enable secret was refused (VCDIAG_ENABLE_SECRET, else the login password)", s.t.name, ErrAuth)
	}
	return nil
}

// Run sends one allowlisted command and returns its output as the router
// printed it (line ends normalised to "\n", echo and prompt removed). A
// command the router rejects ("% Invalid input detected ...") returns its
// output and an error wrapping evidence.ErrCommandFailed; the session stays
// usable. Timeouts wrap ErrTimeout, a dead connection ErrSessionLost.
//
// A device that sends more than a limit of Limits allows gets a
// *LimitError (it names the command and host already) and what it sent up
// to the limit; the session is closed.
func (s *sshSession) Run(ctx context.Context, cmd string) (string, error) {
	out, err := s.send(ctx, cmd)
	if le, ok := err.(*LimitError); ok {
		return out, le
	}
	if err != nil {
		return out, fmt.Errorf("run %q on %s: %w", cmd, s.t.name, err)
	}
	return out, nil
}

func (s *sshSession) send(ctx context.Context, cmd string) (string, error) {
	if err := s.plat.Allowed(cmd); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.deadErr(); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", ctxError(err)
	}
	// The reads below give up at the deadline by themselves; closing the
	// transport when ctx is done also frees a write stuck on a full window.
	stop := context.AfterFunc(ctx, s.abort)
	cctx, cancel := context.WithTimeout(ctx, s.cmdTimeout)
	defer cancel()
	s.meter.begin(cmd)
	out, _, err := s.exchange(cctx, cmd)
	s.meter.end()
	if !stop() || ctx.Err() != nil {
		s.kill(fmt.Errorf("%w: closed when %q was cancelled", ErrSessionLost, cmd))
		return "", ctxError(ctx.Err())
	}
	if le := asLimit(err); le != nil {
		// The device may still be printing: the session cannot be used
		// again. What it sent up to the limit is kept.
		s.kill(fmt.Errorf("%w: closed at a limit: %w", ErrSessionLost, le))
		return out, le
	}
	if err != nil {
		err = s.lowLevel(cctx, err)
		s.kill(fmt.Errorf("%w: closed after %q failed: %w", ErrSessionLost, cmd, err))
		return "", err
	}
	if msg := s.rejection(out); msg != "" {
		return out, fmt.Errorf("%w: the router answered %q", evidence.ErrCommandFailed, msg)
	}
	return out, nil
}

// exchange types cmd, waits for its echo, presses Enter and reads up to
// the next prompt. It returns what the router printed between the two,
// each line ending in "\n" (scrapligo's SendCommand would trim every
// line's trailing blanks, and vcdiag keeps outputs as printed), and how many
// --More-- pages it went through. A router that pages although "terminal
// length 0" was sent (a line template forcing a length) gets a space at
// each --More--: a pager keystroke, not a command, that only shows the
// rest of the output; the pager prompt and the backspaces that erase it
// are removed.
//
// A line longer than MaxLineBytes or more than MaxPages pages end it with
// a *LimitError and the output so far (the meter ends it the same way at
// MaxOutputBytes and MaxSessionBytes).
func (s *sshSession) exchange(ctx context.Context, cmd string) (out string, pages int, err error) {
	c := s.d.Channel
	if err := c.Write([]byte(cmd), false); err != nil {
		return "", 0, err
	}
	if err := s.readEcho(ctx, []byte(cmd)); err != nil {
		return "", 0, err
	}
	if err := c.WriteReturn(); err != nil {
		return "", 0, err
	}
	// A line of output that looks like the prompt or the pager does not
	// end it: only the last line, the one still being printed, decides.
	r := s.newReader(s.limits.MaxLineBytes, true)
	for {
		if err := r.next(ctx, cmd); err != nil {
			r.cut()
			return s.output(r, pages), pages, err
		}
		if r.lastIs(s.sess.Pager) {
			pages++
			r.line = r.line[:0]
			if pages > s.limits.MaxPages {
				return s.output(r, pages), pages, &LimitError{Host: s.t.String(), Command: cmd,
					What: fmt.Sprintf("still --More-- after %d pages", s.limits.MaxPages), Setting: "--max-pages"}
			}
			if err := c.Write([]byte(s.sess.PagerKey), false); err != nil {
				return s.output(r, pages), pages, err
			}
			continue
		}
		if r.lastIs(c.PromptPattern) {
			return s.output(r, pages), pages, nil
		}
	}
}

// output is what r holds without the last line (the prompt): the Enter's
// echo "\n" and pager debris removed. The channel already dropped every
// "\r" and terminal escape.
func (s *sshSession) output(r *reader, pages int) string {
	var debris *regexp.Regexp
	if pages > 0 {
		debris = s.sess.PagerDebris
	}
	return strings.TrimPrefix(r.text(debris), "\n")
}

// rejection returns the router's error line when it refused the command
// ("% Invalid input detected at '^' marker."), else "". Only lines that
// start with one of the platform's failure texts count, so output that
// merely quotes one (a log message) is not a rejection.
func (s *sshSession) rejection(out string) string {
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		for _, f := range s.sess.Failed {
			if strings.HasPrefix(l, f) {
				return l
			}
		}
	}
	return ""
}

// lowLevel maps a scrapligo channel error to the sentinels; a limit
// reached is returned as is (it names its command and host).
func (s *sshSession) lowLevel(ctx context.Context, err error) error {
	if le := asLimit(err); le != nil {
		return le
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, util.ErrTimeoutError):
		return fmt.Errorf("%w: no prompt within %v", ErrTimeout, s.cmdTimeout)
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("%w: %w", ErrSessionLost, err)
}

func ctxError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

func tail(s string) string {
	s = strings.TrimRight(s, " \n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func (s *sshSession) deadErr() error {
	s.deadMu.Lock()
	defer s.deadMu.Unlock()
	return s.dead
}

// kill records why the session ended (the first reason wins) and closes it.
func (s *sshSession) kill(why error) {
	s.deadMu.Lock()
	if s.dead == nil {
		s.dead = why
	}
	s.deadMu.Unlock()
	s.abort()
}

// abort closes the transport without sending anything. Both closes are
// idempotent and safe from any goroutine; a command in flight then fails.
func (s *sshSession) abort() {
	// Transport first: the channel's read loop is blocked in a transport
	// read, and Channel.Close would otherwise wait 62 ms for it to notice.
	_ = s.d.Transport.Close(true)
	_ = s.d.Channel.Close()
}

// Close ends the session: no "exit", no "disable", just the transport.
func (s *sshSession) Close() error {
	s.kill(fmt.Errorf("%w: closed", ErrSessionLost))
	return nil
}
