package collectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrapli/scrapligo/driver/network"
	"github.com/scrapli/scrapligo/driver/options"
	"github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/util"

	"github.com/vcdiag/vcdiag/collectors/evidence"
	"github.com/vcdiag/vcdiag/collectors/profile"
)

// SSHConfig is how vcdiag logs in to CPEs. Secrets are filled from the
// environment or a prompt (PasswordFromEnvOrPrompt, EnableSecretFromEnv),
// never from a flag.
type SSHConfig struct {
	// Password is the login password; empty means key authentication only.
	Password string
	// EnableSecret answers "enable"'s Password: prompt when the login lands
	// in user exec (">"). Empty means: try Password.
	EnableSecret string
	// IdentityFile is an unencrypted private key (OpenSSH or PEM format).
	IdentityFile string
	// KnownHostsFile is checked for the router's host key (default
	// ~/.ssh/known_hosts).
	KnownHostsFile string
	// AcceptNewHostKey records the key of a host known_hosts does not
	// name (OpenSSH accept-new); a changed key is still refused.
	AcceptNewHostKey bool
	// InsecureSkipHostKey accepts any host key. SecurityNotes says so.
	InsecureSkipHostKey bool
	// SSHConfigFile, when set, runs OpenSSH ("ssh -F FILE") instead of the
	// built-in client, so ProxyJump, ssh-agent and the like work.
	SSHConfigFile string
	// ConnectTimeout bounds TCP connect, SSH handshake and login (default 15s).
	ConnectTimeout time.Duration
	// CommandTimeout bounds each command, from sending it to the next prompt
	// (default 30s).
	CommandTimeout time.Duration
	// UsernameOverride replaces the profile's username for every CPE.
	UsernameOverride string
}

// Defaults of SSHConfig.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultCommandTimeout = 30 * time.Second
)

// termWidth is both the PTY width and "terminal width": the widest IOS-XE
// accepts, so long lines (BGP paths, crypto maps) are never wrapped.
const termWidth = 512

// openCommands are, in order, all vcdiag sends while opening a session
// besides "enable" (and the enable secret, when the router asks for it).
// Each must pass Allowed; a test checks it.
var openCommands = []string{"terminal length 0", "terminal width " + strconv.Itoa(termWidth)}

// ErrPager means the router paused output at --More-- although "terminal
// length 0" was sent. vcdiag will not press a key to continue (only
// allowlisted commands are ever sent), so the session is closed.
var ErrPager = errors.New("router paginates output (--More--): terminal length 0 not honoured")

// SecurityNotes lists what this configuration weakens, for the report.
func (cfg SSHConfig) SecurityNotes() []string {
	var notes []string
	if cfg.InsecureSkipHostKey {
		notes = append(notes, "host key not verified (--insecure-skip-host-key)")
	}
	if cfg.AcceptNewHostKey && !cfg.InsecureSkipHostKey {
		notes = append(notes, "unknown host keys were trusted on first use and recorded (--accept-new-host-key)")
	}
	return notes
}

func (cfg SSHConfig) withDefaults() SSHConfig {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = DefaultCommandTimeout
	}
	if cfg.KnownHostsFile == "" {
		cfg.KnownHostsFile = knownHostsDefault()
	}
	cfg.KnownHostsFile = expandHome(cfg.KnownHostsFile)
	cfg.IdentityFile = expandHome(cfg.IdentityFile)
	cfg.SSHConfigFile = expandHome(cfg.SSHConfigFile)
	if cfg.EnableSecret == "" {
		cfg.EnableSecret = cfg.Password
	}
	return cfg
}

// SSHDialer returns a Dialer that logs in to a cisco_iosxe CPE with
// scrapligo, reaches privileged exec and turns paging off. ctx bounds the
// whole open; each dial also has cfg.ConnectTimeout for the login and
// cfg.CommandTimeout for each step after it.
func SSHDialer(cfg SSHConfig) Dialer {
	explicitKnownHosts := cfg.KnownHostsFile != ""
	cfg = cfg.withDefaults()
	keys := &hostKeys{file: cfg.KnownHostsFile, acceptNew: cfg.AcceptNewHostKey}
	return func(ctx context.Context, cpe profile.CPE) (Session, error) {
		return dialSSH(ctx, cfg, keys, explicitKnownHosts, cpe)
	}
}

// target is where and as whom a dial logs in.
type target struct {
	name, host, user string
	port             int
}

func (t target) addr() string { return net.JoinHostPort(t.host, strconv.Itoa(t.port)) }

func newTarget(cfg SSHConfig, cpe profile.CPE) (target, error) {
	t := target{name: cpe.Name, host: cpe.Host, user: cpe.Username, port: cpe.Port}
	if cfg.UsernameOverride != "" {
		t.user = cfg.UsernameOverride
	}
	if t.port == 0 {
		t.port = 22
	}
	if t.host == "" {
		return t, fmt.Errorf("ssh to %s: the profile gives no host", cpe.Name)
	}
	if t.name == "" {
		t.name = t.addr()
	}
	if t.user == "" && cfg.SSHConfigFile == "" {
		return t, fmt.Errorf("ssh to %s: no username: set username in the profile or --user", t.name)
	}
	return t, nil
}

func dialSSH(ctx context.Context, cfg SSHConfig, keys *hostKeys, explicitKH bool, cpe profile.CPE) (Session, error) {
	t, err := newTarget(cfg, cpe)
	if err != nil {
		return nil, err
	}
	opts := []util.Option{
		options.WithAuthUsername(t.user),
		options.WithPort(t.port),
		options.WithTimeoutSocket(cfg.ConnectTimeout),
		options.WithTimeoutOps(cfg.CommandTimeout),
		options.WithTermWidth(termWidth),
		// Replace the platform's on-open (which sends enable and terminal
		// settings behind our back) and on-close (which types "exit"):
		// open is done by prepare, close sends nothing.
		options.WithOnOpen(nil),
		options.WithOnClose(nil),
		options.WithNetworkOnOpen(nil),
		options.WithNetworkOnClose(nil),
	}
	var openssh *opensshTransport
	if cfg.SSHConfigFile != "" {
		openssh = newOpenSSHTransport(cfg, t, explicitKH)
		opts = append(opts, options.WithAuthPassword(cfg.Password), options.WithCustomTransport(openssh))
	} else {
		tr, err := newCryptoTransport(ctx, cfg, keys, t)
		if err != nil {
			return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
		}
		opts = append(opts, options.WithCustomTransport(tr))
	}
	p, err := platform.NewPlatform("cisco_iosxe", t.host, opts...)
	if err != nil {
		return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
	}
	s := newSSHSession(d, t, cfg)
	stop := context.AfterFunc(ctx, s.abort)
	err = d.Open()
	if err == nil {
		err = s.prepare(ctx)
	}
	if !stop() {
		err = ctx.Err()
	}
	if err != nil {
		s.abort()
		if openssh != nil {
			err = sshSaid(err, openssh.Said())
		}
		return nil, dialError(t, cfg, ctx, err)
	}
	return s, nil
}

// sshSaid adds OpenSSH's own error message to err, with the sentinel it
// means. The password prompt and banner are not errors and are left out.
func sshSaid(err error, said string) error {
	var msgs []string
	for _, l := range strings.Split(said, "\n") {
		l = strings.TrimSpace(l)
		low := strings.ToLower(l)
		if l == "" || strings.HasSuffix(low, "password:") || strings.HasPrefix(l, "@@@") {
			continue
		}
		if strings.Contains(low, "warning") || strings.Contains(low, "denied") || strings.Contains(low, "failed") ||
			strings.Contains(low, "timed out") || strings.Contains(low, "refused") || strings.Contains(low, "host key") ||
			strings.Contains(low, "could not") || strings.Contains(low, "no route") {
			msgs = append(msgs, l)
		}
	}
	if len(msgs) == 0 {
		return err
	}
	text := strings.Join(msgs, " / ")
	low := strings.ToLower(text)
	var sentinel error
	switch {
	case strings.Contains(low, "remote host identification has changed"):
		sentinel = ErrHostKeyChange
	case strings.Contains(low, "host key verification failed"):
		sentinel = ErrHostKey
	case strings.Contains(low, "permission denied"):
		sentinel = ErrAuth
	case strings.Contains(low, "timed out"):
		sentinel = ErrTimeout
	}
	if sentinel == nil || errors.Is(err, sentinel) {
		return fmt.Errorf("%w (ssh said: %s)", err, text)
	}
	return fmt.Errorf("%w (ssh said: %s): %w", sentinel, text, err)
}

// dialError maps what went wrong while opening to the sentinels, with a
// message that says what to do.
func dialError(t target, cfg SSHConfig, ctx context.Context, err error) error {
	pre := fmt.Sprintf("ssh to %s (%s)", t.name, t.addr())
	msg := err.Error()
	switch {
	case errors.Is(err, ErrHostKeyChange):
		return fmt.Errorf("%s: %w", pre, err)
	case errors.Is(err, ErrHostKey) && cfg.SSHConfigFile != "":
		return fmt.Errorf("%s: %w; run `ssh -F %s -p %d %s` to see the fingerprint, or use --accept-new-host-key",
			pre, err, cfg.SSHConfigFile, t.port, t.host)
	case errors.Is(err, ErrHostKey), errors.Is(err, ErrTimeout):
		return fmt.Errorf("%s: %w", pre, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: %w: the session was not ready before the deadline (%v)", pre, ErrTimeout, err)
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w", pre, ctx.Err())
	case errors.Is(err, ErrAuth), errors.Is(err, util.ErrAuthError), containsFold(msg, "permission denied"):
		return fmt.Errorf("%s: %w: user %q was refused; the password comes from VCDIAG_PASSWORD or the prompt, "+
			"a key from --identity-file (%v)", pre, ErrAuth, t.user, err)
	case errors.Is(err, util.ErrTimeoutError), containsFold(msg, "timed out"):
		return fmt.Errorf("%s: %w: %v", pre, ErrTimeout, err)
	}
	return fmt.Errorf("%s: %w", pre, err)
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// sshSession is an open, privileged CLI on one CPE. Commands run one at a
// time. A command that times out, is cancelled or finds the connection
// gone closes the session: the router may still be printing, and its
// output would otherwise be taken for the next command's.
type sshSession struct {
	d          *network.Driver
	t          target
	secret     string
	cmdTimeout time.Duration

	mu sync.Mutex // one command at a time

	deadMu sync.Mutex
	dead   error // why the session is no longer usable, nil while it is
}

func newSSHSession(d *network.Driver, t target, cfg SSHConfig) *sshSession {
	return &sshSession{d: d, t: t, secret: cfg.EnableSecret, cmdTimeout: cfg.CommandTimeout}
}

// morePrompt is IOS's pager prompt, seen only when terminal length 0 did
// not take: waiting for the CLI prompt behind it would just time out.
var morePrompt = regexp.MustCompile(`(?m)^\s*--More--\s*$`)

// enablePassword is the prompt "enable" shows when a secret is configured.
var enablePassword = regexp.MustCompile(`(?im)^\s*password:\s*$`)

// cliPrompt finds an IOS prompt before the hostname is known.
var cliPrompt = regexp.MustCompile(`(?m)^([\w.\-@/:]{1,63})([>#])\s*$`)

// prepare waits for the first prompt, learns the hostname from it, reaches
// privileged exec and turns paging off. It sends nothing but "enable" (and
// the secret), then openCommands, each checked by Allowed.
func (s *sshSession) prepare(ctx context.Context) error {
	octx, cancel := context.WithTimeout(ctx, s.cmdTimeout)
	defer cancel()
	b, err := s.d.Channel.ReadUntilPrompt(octx)
	if err != nil {
		return fmt.Errorf("wait for the first prompt: %w", s.lowLevel(octx, err))
	}
	m := cliPrompt.FindAllSubmatch(b, -1)
	if len(m) == 0 {
		return fmt.Errorf("wait for the first prompt: no IOS prompt in %q", tail(string(b)))
	}
	host, level := string(m[len(m)-1][1]), string(m[len(m)-1][2])
	// Only this router's own prompt ends an output: a line of output that
	// happens to look like a prompt must not.
	s.d.Channel.PromptPattern = regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(host) + `[>#]\s*$`)
	if level == ">" {
		if err := s.enable(octx); err != nil {
			return err
		}
	}
	for _, c := range openCommands {
		// A router that rejects a terminal setting is still read; if
		// paging stays on, ErrPager says so at the first long output.
		if _, err := s.send(ctx, c); err != nil && !errors.Is(err, evidence.ErrCommandFailed) {
			return err
		}
	}
	return nil
}

// enable sends "enable" and, when asked, the secret (never logged).
func (s *sshSession) enable(ctx context.Context) error {
	if err := Allowed("enable"); err != nil {
		return err
	}
	c := s.d.Channel
	prompts := []*regexp.Regexp{enablePassword, c.PromptPattern}
	if err := c.WriteAndReturn([]byte("enable"), false); err != nil {
		return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
	}
	b, err := c.ReadUntilAnyPrompt(ctx, prompts)
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
		if b, err = c.ReadUntilAnyPrompt(ctx, prompts); err != nil {
			return fmt.Errorf("enable: %w", s.lowLevel(ctx, err))
		}
	}
	m := cliPrompt.FindAllSubmatch(b, -1)
	if enablePassword.Match(b) || len(m) == 0 || string(m[len(m)-1][2]) != "#" {
		return fmt.Errorf("enable on %s: %w: the enable secret was refused (VCDIAG_ENABLE_SECRET, else the login password)", s.t.name, ErrAuth)
	}
	return nil
}

// Run sends one allowlisted command and returns its output as the router
// printed it (line ends normalised to "\n", echo and prompt removed). A
// command the router rejects ("% Invalid input detected ...") returns its
// output and an error wrapping evidence.ErrCommandFailed; the session stays
// usable. Timeouts wrap ErrTimeout, a dead connection ErrSessionLost.
func (s *sshSession) Run(ctx context.Context, cmd string) (string, error) {
	out, err := s.send(ctx, cmd)
	if err != nil {
		return out, fmt.Errorf("run %q on %s: %w", cmd, s.t.name, err)
	}
	return out, nil
}

func (s *sshSession) send(ctx context.Context, cmd string) (string, error) {
	if err := Allowed(cmd); err != nil {
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
	out, paged, err := s.exchange(cctx, cmd)
	if !stop() || ctx.Err() != nil {
		s.kill(fmt.Errorf("%w: closed when %q was cancelled", ErrSessionLost, cmd))
		return "", ctxError(ctx.Err())
	}
	if err != nil {
		err = s.lowLevel(cctx, err)
		s.kill(fmt.Errorf("%w: closed after %q failed: %w", ErrSessionLost, cmd, err))
		return "", err
	}
	if paged {
		s.kill(fmt.Errorf("%w: closed at the --More-- of %q", ErrSessionLost, cmd))
		return out, ErrPager
	}
	if msg := s.rejection(out); msg != "" {
		return out, fmt.Errorf("%w: the router answered %q", evidence.ErrCommandFailed, msg)
	}
	return out, nil
}

// exchange types cmd, waits for its echo, presses Enter and reads up to
// the next prompt or --More--. It returns what the router printed between
// the two, each line ending in "\n": scrapligo's SendCommand would trim
// every line's trailing blanks, and vcdiag keeps outputs as printed.
func (s *sshSession) exchange(ctx context.Context, cmd string) (out string, paged bool, err error) {
	c := s.d.Channel
	if err := c.Write([]byte(cmd), false); err != nil {
		return "", false, err
	}
	if _, err := c.ReadUntilFuzzy(ctx, []byte(cmd)); err != nil {
		return "", false, err
	}
	if err := c.WriteReturn(); err != nil {
		return "", false, err
	}
	// A line of output that looks like the prompt or the pager ends a read
	// too; only the last line decides, else reading goes on.
	var b []byte
	for {
		nb, err := c.ReadUntilAnyPrompt(ctx, []*regexp.Regexp{c.PromptPattern, morePrompt})
		if err != nil {
			return "", false, err
		}
		b = append(b, nb...)
		last := b[bytes.LastIndexByte(b, '\n')+1:]
		if paged = morePrompt.Match(last); paged || c.PromptPattern.Match(last) {
			break
		}
	}
	// The channel already dropped every "\r" and terminal escape. What is
	// left: the Enter's echo "\n", the output, the prompt (or --More--).
	text := strings.TrimPrefix(string(b), "\n")
	return text[:strings.LastIndexByte(text, '\n')+1], paged, nil
}

// rejection returns the router's error line when it refused the command
// ("% Invalid input detected at '^' marker."), else "". Only lines that
// start with one of the platform's failure texts count, so output that
// merely quotes one (a log message) is not a rejection.
func (s *sshSession) rejection(out string) string {
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		for _, f := range s.d.FailedWhenContains {
			if strings.HasPrefix(l, f) {
				return l
			}
		}
	}
	return ""
}

// lowLevel maps a scrapligo channel error to the sentinels.
func (s *sshSession) lowLevel(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctxError(ctx.Err())
	case errors.Is(err, util.ErrTimeoutError), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: no prompt within %v", ErrTimeout, s.cmdTimeout)
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
