package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// This file turns the collectors' typed errors into one collection failure
// per CPE: its cause in a sentence, its fix, and what is missing. The
// dialer and sessions are watched, so the cause is read from the error
// values (collectors.ErrAuth, ErrHostKey, ...), not from the text that the
// outputs and problems repeat.

// watcher records, per CPE, why its session could not be opened or why it
// ended early, and how many commands were answered before.
type watcher struct {
	mu    sync.Mutex
	byCPE map[string]*watched
}

type watched struct {
	dialErr  error
	lostErr  error
	lostAt   string
	answered int
}

func newWatcher() *watcher { return &watcher{byCPE: map[string]*watched{}} }

func (w *watcher) get(cpe string) *watched {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.byCPE[cpe]
	if !ok {
		c = &watched{}
		w.byCPE[cpe] = c
	}
	return c
}

// dial wraps a Dialer so its errors and its sessions' are recorded.
func (w *watcher) dial(d collectors.Dialer) collectors.Dialer {
	return func(ctx context.Context, cpe profile.CPE) (collectors.Session, error) {
		s, err := d(ctx, cpe)
		if err != nil {
			c := w.get(cpe.Name)
			w.mu.Lock()
			c.dialErr = err
			w.mu.Unlock()
			return nil, err
		}
		return &watchedSession{Session: s, w: w, c: w.get(cpe.Name)}, nil
	}
}

type watchedSession struct {
	collectors.Session
	w *watcher
	c *watched
}

// Run records the first error that ends the session, as the collector
// judges it (collectors/live.go): a lost session, a timeout, a cancelled
// context. A command the router rejected is an answer.
func (s *watchedSession) Run(ctx context.Context, cmd string) (string, error) {
	out, err := s.Session.Run(ctx, cmd)
	s.w.mu.Lock()
	defer s.w.mu.Unlock()
	lost := err != nil && (errors.Is(err, collectors.ErrSessionLost) || errors.Is(err, collectors.ErrTimeout) || ctx.Err() != nil)
	switch {
	case !lost && s.c.lostErr == nil:
		s.c.answered++
	case lost && s.c.lostErr == nil:
		s.c.lostErr, s.c.lostAt = err, cmd
	}
	return out, err
}

// failures returns one collection failure per CPE whose collection failed
// or was cut short, in the order of cpes, and rewrites the reason of every
// output it left unsent to the short checks.NotSent, so that the cause is
// said once, in the failure, and not in every check that needed one.
func (w *watcher) failures(p *profile.Profile, site *evidence.Site, cpes []string) []checks.CollectionFailure {
	var out []checks.CollectionFailure
	for _, name := range cpes {
		ev := site.CPE(name)
		c := w.get(name)
		missing := unsent(ev)
		err := c.dialErr
		if err == nil {
			err = c.lostErr
		}
		if err == nil && len(missing) == 0 {
			continue
		}
		cpe := p.CPE(name)
		f := checks.CollectionFailure{CPE: name, Answered: c.answered}
		if cpe != nil {
			f.Host = net.JoinHostPort(cpe.Host, strconv.Itoa(portOf(*cpe)))
		}
		if err == nil {
			// Nothing failed in the session: the run's own deadline
			// (--timeout) or an interrupt stopped it, during the wait for
			// the second sample or between commands.
			err = fmt.Errorf("%w: the run's --timeout (or an interrupt) ended the collection", collectors.ErrTimeout)
		}
		if c.dialErr == nil {
			f.Missing = missing
		}
		classify(&f, err, cpe, c.dialErr != nil, c.lostAt)
		markUnsent(ev, name)
		f.Repeats = repeated(ev)
		out = append(out, f)
	}
	return out
}

// repeated returns the CPE problems that only repeat its collection
// failure (collectors/live.go words them so): the report leaves them out of
// its notes, as the failure says its cause once, with the full error. The
// evidence keeps them (watch counts collection errors by them).
func repeated(ev *evidence.CPE) []string {
	if ev == nil {
		return nil
	}
	var rep []string
	for _, p := range ev.Problems {
		if strings.HasPrefix(p, "could not open a session to ") || strings.HasPrefix(p, "session to ") && strings.Contains(p, " lost at ") {
			rep = append(rep, p)
		}
	}
	return rep
}

func portOf(c profile.CPE) int {
	if c.Port != 0 {
		return c.Port
	}
	return 22
}

// unsent lists, once each and in collection order, the commands of a CPE
// that were never answered because its session was not open or was gone.
func unsent(ev *evidence.CPE) []string {
	if ev == nil {
		return nil
	}
	var cmds []string
	seen, answered := map[string]bool{}, map[string]bool{}
	for _, o := range ev.Outputs {
		if o.Err == nil || !isUnsent(o) {
			answered[o.Command] = true
			continue
		}
		name := o.Command
		if answered[o.Command] {
			// Its first sample is in: only the counters' next one is not.
			name += " (sample " + strconv.Itoa(o.Sample) + ")"
		}
		if !seen[name] {
			seen[name] = true
			cmds = append(cmds, name)
		}
	}
	return cmds
}

// isUnsent: an output the live collector recorded without sending its
// command, or whose session died while it was answered (a partial answer
// is never read).
func isUnsent(o *evidence.Output) bool {
	if !errors.Is(o.Err, evidence.ErrCommandFailed) {
		return false
	}
	msg := o.Err.Error()
	return strings.Contains(msg, ": not sent (") || strings.Contains(msg, collectors.ErrSessionLost.Error())
}

// readableNotes writes the report's notes for people (Readable).
func readableNotes(r *checks.Report) {
	for i, n := range r.Notes {
		r.Notes[i] = Readable(n)
	}
}

// markUnsent replaces the reason of each unsent output with the short one
// the checks group by.
func markUnsent(ev *evidence.CPE, cpe string) {
	if ev == nil {
		return
	}
	for _, o := range ev.Outputs {
		if o.Err != nil && isUnsent(o) {
			o.Err = fmt.Errorf("%w: %s", evidence.ErrCommandFailed, checks.NotSent(cpe))
		}
	}
}

// classify fills a failure's kind, summary and fix from its error.
func classify(f *checks.CollectionFailure, err error, cpe *profile.CPE, atConnect bool, lostAt string) {
	f.Detail = Readable(err.Error())
	host, port, user := "", 22, ""
	if cpe != nil {
		host, port, user = cpe.Host, portOf(*cpe), cpe.Username
	}
	var le *collectors.LimitError
	switch {
	case errors.As(err, &le):
		f.Kind = checks.FailureLimit
		f.Summary = fmt.Sprintf("the session was closed at a limit: %s", le.What)
		f.Fix = fmt.Sprintf("raise %s if the output is legitimate; what was collected before is judged", le.Setting)
	case errors.Is(err, collectors.ErrHostKeyChange):
		f.Kind = checks.FailureHostKeyChanged
		file, held := heldKey(err)
		f.Summary = "the host key changed: " + hostKeyWhat(err) + ", but " + held
		remove := "ssh-keygen -R '" + knownHostsName(host, port) + "'"
		if file != "" {
			remove += " -f " + file
		}
		f.Fix = fmt.Sprintf("someone may be intercepting the connection, or the router was re-keyed: check with the router's owner, "+
			"then remove the old line with `%s` and add the new key with `%s`", remove, keyscan(host, port, file))
	case errors.Is(err, collectors.ErrHostKey):
		f.Kind = checks.FailureHostKey
		file := knownHostsFile(err)
		f.Summary = "the host key is not trusted: " + hostKeyWhat(err) + notIn(file)
		f.Fix = "compare that fingerprint with the router's own, then add it with `" + keyscan(host, port, file) +
			"`, or rerun with --accept-new-host-key"
	case errors.Is(err, collectors.ErrAuth) && strings.Contains(err.Error(), "enable"):
		f.Kind = checks.FailurePrivilege
		f.Summary = "the login worked but privileged mode (enable) was refused"
		f.Fix = "set VCDIAG_ENABLE_SECRET to the enable secret (the login password is tried when it is unset), or give the user privilege 15"
	case errors.Is(err, collectors.ErrAuth):
		f.Kind = checks.FailureAuth
		f.Summary = fmt.Sprintf("the login as %q was refused", user)
		f.Fix = "set VCDIAG_PASSWORD to the password of cpes[].username (or answer the prompt), or give a key with --identity-file; check the username in the profile"
	case atConnect && errors.Is(err, syscall.ECONNREFUSED):
		f.Kind = checks.FailureConnect
		f.Summary = fmt.Sprintf("the connection was refused: nothing listens on port %d of %s", port, host)
		f.Fix = "check cpes[].host and cpes[].port in the profile, and that the router accepts SSH there (SSH enabled on its vty lines, no ACL or firewall rejecting it)"
	case atConnect && errors.Is(err, collectors.ErrTimeout):
		f.Kind = checks.FailureTimeout
		f.Summary = fmt.Sprintf("no answer from port %d of %s before the deadline", port, host)
		if strings.Contains(f.Detail, "ssh handshake") {
			// TCP was accepted: a dead port forward, a wedged sshd, a
			// proxying firewall.
			f.Summary = fmt.Sprintf("port %d of %s accepted the connection but did not speak SSH before the deadline", port, host)
		}
		f.Fix = "check that the address is reachable from here (routing, a firewall dropping SSH, a VPN to the management network), or raise --connect-timeout on a slow link"
	case atConnect && isNameError(err):
		f.Kind = checks.FailureConnect
		f.Summary = fmt.Sprintf("the name %q could not be resolved", host)
		f.Fix = "fix cpes[].host in the profile (an address, or a name this machine resolves)"
	case atConnect:
		f.Kind = checks.FailureConnect
		f.Summary = "the session could not be opened: " + lastCause(f.Detail)
		f.Fix = "check cpes[].host and cpes[].port in the profile and that this machine can reach the router over SSH"
	case errors.Is(err, collectors.ErrTimeout):
		f.Kind = checks.FailureTimeout
		f.Summary = fmt.Sprintf("the collection timed out after %d commands", f.Answered)
		if lostAt != "" {
			f.Summary += fmt.Sprintf(", at %q", lostAt)
		}
		f.Fix = "raise --command-timeout for a slow router, or --timeout for the whole run; what was collected is judged"
	default:
		f.Kind = checks.FailureDisconnect
		f.Summary = fmt.Sprintf("the session ended after %d commands", f.Answered)
		if lostAt != "" {
			f.Summary += fmt.Sprintf(", at %q", lostAt)
		}
		f.Fix = "run vcdiag again (a router reload or a flapping management link ends sessions); what was collected is judged"
	}
	if len(f.Missing) > 0 && f.Kind != checks.FailureDisconnect && f.Kind != checks.FailureTimeout {
		f.Summary += fmt.Sprintf(" after %d commands", f.Answered)
	}
}

var (
	// fingerprintRE finds "ssh-ed25519 SHA256:..." in a host key error.
	fingerprintRE = regexp.MustCompile(`(\S+) (SHA256:[A-Za-z0-9+/=]+)`)
	// knownHostsRE finds the known_hosts file an unknown key is not in.
	knownHostsRE = regexp.MustCompile(` is not in (\S+?);`)
)

// hostKeyWhat is "it presents ssh-ed25519 SHA256:..." from a host key error.
func hostKeyWhat(err error) string {
	if m := fingerprintRE.FindStringSubmatch(err.Error()); m != nil {
		return "the router presents " + m[1] + " " + m[2]
	}
	return "the router presents a key"
}

// heldKeyRE finds what known_hosts holds instead, in a changed key error:
// "known_hosts holds FILE:LINE (TYPE FINGERPRINT)".
var heldKeyRE = regexp.MustCompile(`known_hosts holds ((\S+?):\d+) \(([^)]*)\)`)

// heldKey is the known_hosts file and "FILE:LINE holds TYPE FP" from a
// changed key error.
func heldKey(err error) (file, held string) {
	m := heldKeyRE.FindStringSubmatch(err.Error())
	if m == nil {
		return "", "known_hosts holds another key"
	}
	return m[2], m[1] + " holds " + m[3]
}

func knownHostsFile(err error) string {
	if m := knownHostsRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1]
	}
	return ""
}

func notIn(file string) string {
	if file == "" {
		return ", which known_hosts does not hold"
	}
	return ", which " + file + " does not hold"
}

// keyscan is the command that appends a CPE's key to known_hosts.
func keyscan(host string, port int, file string) string {
	if file == "" {
		file = "~/.ssh/known_hosts"
	}
	if port != 22 {
		return fmt.Sprintf("ssh-keyscan -p %d %s >> %s", port, host, file)
	}
	return fmt.Sprintf("ssh-keyscan %s >> %s", host, file)
}

// knownHostsName is how known_hosts names a host ("[host]:port" off 22).
func knownHostsName(host string, port int) string {
	if port != 22 {
		return "[" + host + "]:" + strconv.Itoa(port)
	}
	return host
}

func isNameError(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// lastCause is the innermost part of a wrapped message ("a: b: c" -> "c").
func lastCause(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}

// internalNames are the names libraries give their errors, which mean
// nothing to a reader, and what they mean.
var internalNames = strings.NewReplacer(
	"errConnectionError", "the connection was closed",
	"errTimeoutError", "timed out",
	"errAuthError", "authentication failed",
)

// Readable rewrites a collector error for people: the SSH library's
// internal error names become words.
func Readable(msg string) string { return internalNames.Replace(msg) }

// Seconds writes a duration the way the CLI reports elapsed time: seconds
// with one decimal ("10.0s"), never "10.006821546s".
func Seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
}

// StderrLines are what the CLI says on standard error after a run: one line
// per CPE that could not be collected, with its cause and fix, then how
// long the collection took.
func (o *Outcome) StderrLines() []string {
	var lines []string
	if o.Report != nil {
		for _, f := range o.Report.CollectionFailures {
			lines = append(lines, fmt.Sprintf("vcdiag: %s (%s): %s; fix: %s", f.CPE, f.Host, f.Summary, f.Fix))
		}
	}
	return append(lines, "collected in "+Seconds(o.Duration))
}
