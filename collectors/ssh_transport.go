package collectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
	"github.com/scrapli/scrapligo/transport"
	"golang.org/x/crypto/ssh"
)

// cryptoTransport is a scrapligo transport over x/crypto/ssh on a TCP
// connection vcdiag dials itself. scrapligo's "standard" transport calls
// ssh.Dial, whose timeout covers only the TCP connect: against a port that
// accepts and then says nothing, the SSH handshake waits forever. Here the
// connection has a deadline for the whole handshake and authentication, and
// is closed as soon as ctx is done, so Open never outlives ctx.
type cryptoTransport struct {
	ctx    context.Context
	addr   string // host:port
	config *ssh.ClientConfig
	meter  *meter // the session's limits and read gate
	buf    []byte // reused by Read (only scrapligo's read loop calls it)

	mu      sync.Mutex
	closed  bool
	conn    net.Conn
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser
	stdout  io.Reader
}

var (
	_ transport.Implementation    = (*cryptoTransport)(nil)
	_ transport.SSHImplementation = (*cryptoTransport)(nil)
)

// errTransportClosed is returned by an Open that lost the race with Close.
var errTransportClosed = errors.New("transport closed")

// Open dials, runs the SSH handshake and authentication under a deadline
// (the earlier of ctx's and now+a.TimeoutSocket), then asks for a PTY and
// a shell as an interactive user would.
func (t *cryptoTransport) Open(a *transport.Args) error {
	deadline := time.Now().Add(a.TimeoutSocket)
	if d, ok := t.ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dctx, cancel := context.WithDeadline(t.ctx, deadline)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(dctx, "tcp", t.addr)
	if err != nil {
		return t.openError("connect", dctx, err)
	}
	if err := t.setConn(conn); err != nil {
		return err
	}
	// The deadline bounds every read and write of the handshake; the
	// AfterFunc covers a ctx cancelled (not timed out) meanwhile.
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(dctx, func() { _ = conn.Close() })
	defer stop()
	c, chans, reqs, err := ssh.NewClientConn(conn, t.addr, t.config)
	if err != nil {
		_ = conn.Close()
		return t.openError("ssh handshake", dctx, err)
	}
	client := ssh.NewClient(c, chans, reqs)
	if err := t.startShell(client, a); err != nil {
		_ = client.Close()
		return t.openError("open shell", dctx, err)
	}
	if !stop() {
		_ = client.Close()
		return t.openError("open shell", dctx, dctx.Err())
	}
	_ = conn.SetDeadline(time.Time{})
	return nil
}

func (t *cryptoTransport) setConn(conn net.Conn) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		_ = conn.Close()
		return errTransportClosed
	}
	t.conn = conn
	return nil
}

// startShell opens the session, its PTY (wide, so IOS does not wrap) and
// the shell. Echo stays on: scrapligo reads the echo of each command to
// know where its output starts.
func (t *cryptoTransport) startShell(client *ssh.Client, a *transport.Args) error {
	session, err := client.NewSession()
	if err != nil {
		return err
	}
	modes := ssh.TerminalModes{ssh.ECHO: 1, ssh.TTY_OP_ISPEED: 115200, ssh.TTY_OP_OSPEED: 115200}
	if err := session.RequestPty("xterm", a.TermHeight, a.TermWidth, modes); err != nil {
		return err
	}
	stdin, err := session.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := session.StdoutPipe()
	if err != nil {
		return err
	}
	if err := session.Shell(); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errTransportClosed
	}
	t.client, t.session, t.stdin, t.stdout = client, session, stdin, stdout
	return nil
}

// openError maps a failure of Open to the collectors sentinels: a missed
// deadline is ErrTimeout, a refused login ErrAuth; host key errors already
// wrap ErrHostKey or ErrHostKeyChange from the callback.
func (t *cryptoTransport) openError(step string, ctx context.Context, err error) error {
	var nerr net.Error
	switch {
	case errors.Is(err, ErrHostKey), errors.Is(err, ErrHostKeyChange):
		return err
	case ctx.Err() != nil && errors.Is(t.ctx.Err(), context.Canceled):
		return fmt.Errorf("%s %s: %w", step, t.addr, context.Canceled)
	case ctx.Err() != nil, errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Errorf("%s %s: %w: no answer before the deadline (%v)", step, t.addr, ErrTimeout, err)
	case strings.Contains(err.Error(), "no common algorithm for host key") && len(t.config.HostKeyAlgorithms) > 0:
		// known_hosts holds keys of other types only: the router's key
		// changed as surely as if it were another key of the same type.
		return fmt.Errorf("%s %s: %w: the router offers none of the key types known_hosts holds for it (%v): %v",
			step, t.addr, ErrHostKeyChange, t.config.HostKeyAlgorithms, err)
	case strings.Contains(err.Error(), "unable to authenticate"):
		return fmt.Errorf("%s %s as %q: %w: %v", step, t.addr, t.config.User, ErrAuth, err)
	}
	return fmt.Errorf("%s %s: %w", step, t.addr, err)
}

// Close tears the connection down without sending anything but SSH's own
// channel and connection close. It is safe to call at any time, from any
// goroutine, any number of times; a concurrent Open then fails.
func (t *cryptoTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	t.meter.close()
	if t.session != nil {
		_ = t.session.Close()
	}
	if t.client != nil {
		_ = t.client.Close()
	}
	if t.conn != nil {
		_ = t.conn.Close()
	}
	return nil
}

// IsAlive reports whether the shell is open and not yet closed.
func (t *cryptoTransport) IsAlive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.session != nil && !t.closed
}

// Read reads up to n bytes of the shell's output, when and as much as the
// session's meter allows.
func (t *cryptoTransport) Read(n int) ([]byte, error) {
	if err := t.meter.wait(); err != nil {
		return nil, err
	}
	t.mu.Lock()
	r := t.stdout
	t.mu.Unlock()
	if r == nil {
		return nil, io.EOF
	}
	return meteredRead(t.meter, r, &t.buf, n)
}

// meteredRead reads up to n bytes from r into *buf (grown once, then
// reused) and returns a copy of those the meter lets through: a byte a
// millisecond then costs a byte, not a fresh n-byte buffer each.
func meteredRead(m *meter, r io.Reader, buf *[]byte, n int) ([]byte, error) {
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	got, err := r.Read((*buf)[:n])
	keep, lerr := m.add(got)
	if keep > 0 {
		// A limit or read error is the next read's.
		return bytes.Clone((*buf)[:keep]), nil
	}
	if lerr != nil {
		return nil, lerr
	}
	return nil, err
}

// Write sends b to the shell.
func (t *cryptoTransport) Write(b []byte) error {
	t.mu.Lock()
	w := t.stdin
	t.mu.Unlock()
	if w == nil {
		return io.ErrClosedPipe
	}
	_, err := w.Write(b)
	return err
}

// GetSSHArgs satisfies transport.SSHImplementation; host keys and keys are
// handled in config, so the scrapligo SSH arguments stay empty.
func (t *cryptoTransport) GetSSHArgs() *transport.SSHArgs {
	return &transport.SSHArgs{StrictKey: true}
}

// newCryptoTransport builds the built-in transport: keys and password as
// auth methods, and the host key policy.
func newCryptoTransport(ctx context.Context, cfg SSHConfig, keys *hostKeys, t target, m *meter) (*cryptoTransport, error) {
	var auth []ssh.AuthMethod
	if cfg.IdentityFile != "" {
		pem, err := os.ReadFile(cfg.IdentityFile)
		if err != nil {
			return nil, fmt.Errorf("identity file: %w", err)
		}
		signer, err := ssh.ParsePrivateKey(pem)
		if err != nil {
			return nil, fmt.Errorf("identity file %s: %w (a key with a passphrase needs ssh-agent through --ssh-config)", cfg.IdentityFile, err)
		}
		auth = append(auth, ssh.PublicKeys(signer))
	}
	if pw := cfg.Password; pw != "" {
		auth = append(auth, ssh.Password(pw), ssh.KeyboardInteractive(
			func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = pw
				}
				return answers, nil
			}))
	}
	conf := &ssh.ClientConfig{User: t.user, Auth: auth, Timeout: cfg.ConnectTimeout}
	switch {
	case cfg.InsecureSkipHostKey:
		conf.HostKeyCallback = skipHostKey
	default:
		conf.HostKeyCallback = keys.check
		conf.HostKeyAlgorithms = keys.algorithms(t.addr())
	}
	return &cryptoTransport{ctx: ctx, addr: t.addr(), config: conf, meter: m}, nil
}

// opensshTransport runs OpenSSH ("ssh -F FILE ...") on a PTY, so that
// ProxyJump bastions, ssh-agent and Match blocks of the user's config
// work; scrapligo then answers the password prompt in the channel. It
// stands in for scrapligo's "system" transport, whose Close sets its file
// to nil under a concurrent Open or Read and never reaps the ssh process.
type opensshTransport struct {
	args  []string
	meter *meter // the session's limits and read gate
	buf   []byte // reused by Read (only scrapligo's read loop calls it)

	mu     sync.Mutex
	closed bool
	cmd    *exec.Cmd
	pty    *os.File
	said   []byte // the last bytes read, for ssh's own error messages
}

// saidMax bounds what opensshTransport keeps of its output.
const saidMax = 4096

var _ transport.InChannelAuthImplementation = (*opensshTransport)(nil)

// newOpenSSHTransport builds the ssh command line. The whole list is ours:
// OpenSSH keeps the first value it reads for an option, so options given
// here win over the config file, and host key policy stays vcdiag's.
func newOpenSSHTransport(cfg SSHConfig, t target, explicitKH bool, m *meter) *opensshTransport {
	secs := strconv.Itoa(max(1, int(cfg.ConnectTimeout.Seconds())))
	args := []string{"-F", cfg.SSHConfigFile, "-p", strconv.Itoa(t.port),
		"-o", "ConnectTimeout=" + secs, "-o", "ServerAliveInterval=" + secs, "-o", "ServerAliveCountMax=2"}
	if t.user != "" {
		args = append(args, "-l", t.user)
	}
	switch {
	case cfg.InsecureSkipHostKey:
		args = append(args, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null")
	case cfg.AcceptNewHostKey:
		args = append(args, "-o", "StrictHostKeyChecking=accept-new")
	default:
		args = append(args, "-o", "StrictHostKeyChecking=yes")
	}
	if explicitKH && !cfg.InsecureSkipHostKey {
		args = append(args, "-o", "UserKnownHostsFile="+cfg.KnownHostsFile)
	}
	if cfg.IdentityFile != "" {
		args = append(args, "-i", cfg.IdentityFile)
	}
	// "--" so that a host from a profile can never be read as an option.
	return &opensshTransport{args: append(args, "--", t.host), meter: m}
}

// Open starts ssh on a PTY of the requested size. Login happens later, in
// the channel (scrapligo's in-channel SSH authentication).
func (t *opensshTransport) Open(a *transport.Args) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errTransportClosed
	}
	cmd := exec.Command("ssh", t.args...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(a.TermHeight), Cols: uint16(a.TermWidth)})
	if err != nil {
		return fmt.Errorf("start ssh: %w", err)
	}
	t.cmd, t.pty = cmd, f
	return nil
}

// Close kills ssh (which sends nothing more to the router), closes the PTY
// and reaps the process. Safe from any goroutine, any number of times.
func (t *opensshTransport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	t.meter.close()
	if t.cmd == nil {
		return nil
	}
	_ = t.cmd.Process.Kill()
	_ = t.pty.Close()
	_ = t.cmd.Wait()
	return nil
}

// IsAlive reports whether ssh runs.
func (t *opensshTransport) IsAlive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cmd != nil && !t.closed
}

func (t *opensshTransport) file() *os.File {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pty
}

// Read reads up to n bytes from the PTY, when and as much as the
// session's meter allows.
func (t *opensshTransport) Read(n int) ([]byte, error) {
	if err := t.meter.wait(); err != nil {
		return nil, err
	}
	f := t.file()
	if f == nil {
		return nil, io.EOF
	}
	b, err := meteredRead(t.meter, f, &t.buf, n)
	if len(b) == 0 {
		return nil, err
	}
	t.mu.Lock()
	t.said = append(t.said, b...)
	if len(t.said) > saidMax {
		t.said = t.said[len(t.said)-saidMax:]
	}
	t.mu.Unlock()
	return b, nil
}

// Said returns the end of what ssh printed. When ssh gives up (host key,
// login, timeout) the channel may report only that the connection closed,
// before it has looked at ssh's last words; these say why.
func (t *opensshTransport) Said() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.ReplaceAll(string(t.said), "\r", "")
}

// Write writes b to the PTY.
func (t *opensshTransport) Write(b []byte) error {
	f := t.file()
	if f == nil {
		return io.ErrClosedPipe
	}
	_, err := f.Write(b)
	return err
}

// GetInChannelAuthType asks scrapligo to answer ssh's password prompt.
func (t *opensshTransport) GetInChannelAuthType() transport.InChannelAuthType {
	return transport.InChannelAuthSSH
}

// GetSSHArgs satisfies transport.SSHImplementation (no key passphrase:
// encrypted keys belong in ssh-agent).
func (t *opensshTransport) GetSSHArgs() *transport.SSHArgs { return &transport.SSHArgs{} }
