package collectors

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/scrapli/scrapligo/driver/options"
	scrapli "github.com/scrapli/scrapligo/platform"
	"github.com/scrapli/scrapligo/util"

	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
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
	// Notices, when set, receives the host-key notices OpenSSH prints on
	// stderr ("Warning: Permanently added ... to the list of known hosts.").
	Notices io.Writer
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
	// Limits bound what one session may make vcdiag hold (zero fields:
	// the defaults).
	Limits Limits
}

// Defaults of SSHConfig.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultCommandTimeout = 30 * time.Second
)

// readSize is the most one transport read takes.
const readSize = 64 << 10

// SecurityNotes lists what this configuration weakens, for the report.
func (cfg SSHConfig) SecurityNotes() []string {
	var notes []string
	if cfg.InsecureSkipHostKey {
		notes = append(notes, "host key not verified (--insecure-skip-host-key)")
	}
	if cfg.AcceptNewHostKey && !cfg.InsecureSkipHostKey {
		notes = append(notes, "host keys of new CPEs trusted on first use (--accept-new-host-key)")
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
	cfg.Limits = cfg.Limits.WithDefaults()
	return cfg
}

// SSHDialer returns a Dialer that logs in to a CPE with scrapligo as its
// platform says (platform.Session: prompt, privilege, paging), reaches
// privileged exec and turns paging off. ctx bounds the
// whole open; each dial also has cfg.ConnectTimeout for the login and
// cfg.CommandTimeout for each step after it.
func SSHDialer(cfg SSHConfig) Dialer {
	explicitKnownHosts := cfg.KnownHostsFile != ""
	cfg = cfg.withDefaults()
	keys := &hostKeys{file: cfg.KnownHostsFile, acceptNew: cfg.AcceptNewHostKey, notices: cfg.Notices}
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

// String names the target in errors: "cpe1 (192.0.2.10:22)".
func (t target) String() string { return fmt.Sprintf("%s (%s)", t.name, t.addr()) }

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
	plat, err := registry.Lookup(cpe.Platform)
	if err != nil {
		return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
	}
	sess := plat.Session()
	opts := []util.Option{
		options.WithAuthUsername(t.user),
		options.WithPort(t.port),
		options.WithTimeoutSocket(cfg.ConnectTimeout),
		options.WithTimeoutOps(cfg.CommandTimeout),
		options.WithTermWidth(sess.Width),
		// scrapligo's read loop sleeps between two reads: a read of 64 KiB
		// rather than its 8 KiB lets a large output (or one at a limit)
		// arrive in an eighth of the time. The meter bounds what is kept.
		options.WithTransportReadSize(readSize),
		// Replace the platform's on-open (which sends enable and terminal
		// settings behind our back) and on-close (which types "exit"):
		// open is done by prepare, close sends nothing.
		options.WithOnOpen(nil),
		options.WithOnClose(nil),
		options.WithNetworkOnOpen(nil),
		options.WithNetworkOnClose(nil),
	}
	m := newMeter(cfg.Limits, t.String())
	var openssh *opensshTransport
	if cfg.SSHConfigFile != "" {
		openssh = newOpenSSHTransport(cfg, t, explicitKH, m)
		opts = append(opts, options.WithAuthPassword(cfg.Password), options.WithCustomTransport(openssh))
	} else {
		tr, err := newCryptoTransport(ctx, cfg, keys, t, m)
		if err != nil {
			return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
		}
		opts = append(opts, options.WithCustomTransport(tr))
	}
	var def any = sess.Scrapli
	if sess.ScrapliDefinition != nil {
		def = sess.ScrapliDefinition
	}
	p, err := scrapli.NewPlatform(def, t.host, opts...)
	if err != nil {
		return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
	}
	d, err := p.GetNetworkDriver()
	if err != nil {
		return nil, fmt.Errorf("ssh to %s: %w", t.name, err)
	}
	s := newSSHSession(d, t, cfg, plat, m)
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
		if le := asLimit(err); le != nil {
			// It names the host, the limit and how to raise it.
			return nil, le
		}
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
