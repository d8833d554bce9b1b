package sim

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// fixedClock makes every rendering happen at the scenario's start, so
// outputs over SSH can be compared with Site.Render.
func fixedClock() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }

func startServer(t *testing.T, site *Site, cpe string, opts ServerOptions) *Server {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = fixedClock
	}
	srv, err := NewServer(site, cpe, opts)
	if err != nil {
		t.Fatalf("NewServer(%s) = %v", cpe, err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatalf("Start() = %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func clientConfig(srv *Server, user string, auth ...ssh.AuthMethod) *ssh.ClientConfig {
	if len(auth) == 0 {
		auth = []ssh.AuthMethod{ssh.Password(DefaultPassword)}
	}
	return &ssh.ClientConfig{User: user, Auth: auth, HostKeyCallback: ssh.FixedHostKey(srv.HostKey()),
		Timeout: 5 * time.Second}
}

// term is a client shell session whose output is collected in the
// background.
type term struct {
	t      *testing.T
	client *ssh.Client
	sess   *ssh.Session
	in     io.WriteCloser

	mu   sync.Mutex
	buf  bytes.Buffer
	eof  bool
	done chan struct{}
}

type termWriter struct{ tm *term }

func (w termWriter) Write(p []byte) (int, error) {
	w.tm.mu.Lock()
	defer w.tm.mu.Unlock()
	return w.tm.buf.Write(p)
}

// openTerm logs in and starts a shell with a pty, as scrapligo does.
func openTerm(t *testing.T, srv *Server) *term {
	t.Helper()
	client, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
	if err != nil {
		t.Fatalf("ssh.Dial(%s) = %v", srv.Addr(), err)
	}
	tm := &term{t: t, client: client, done: make(chan struct{})}
	t.Cleanup(tm.close)
	if tm.sess, err = client.NewSession(); err != nil {
		t.Fatalf("NewSession() = %v", err)
	}
	out, err := tm.sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if tm.in, err = tm.sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := tm.sess.RequestPty("xterm", 24, 80, ssh.TerminalModes{ssh.ECHO: 1}); err != nil {
		t.Fatalf("RequestPty() = %v", err)
	}
	if err := tm.sess.Shell(); err != nil {
		t.Fatalf("Shell() = %v", err)
	}
	go func() {
		defer close(tm.done)
		_, _ = io.Copy(termWriter{tm}, out)
		tm.mu.Lock()
		tm.eof = true
		tm.mu.Unlock()
	}()
	return tm
}

func (tm *term) close() {
	tm.client.Close()
	<-tm.done
}

func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, s); err != nil {
		tm.t.Fatalf("write %q: %v", s, err)
	}
}

// until waits for the collected output to contain want and returns (and
// consumes) everything up to and including it.
func (tm *term) until(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		tm.mu.Lock()
		s := tm.buf.String()
		eof := tm.eof
		if i := strings.Index(s, want); i >= 0 {
			tm.buf.Next(i + len(want))
			tm.mu.Unlock()
			return s[:i+len(want)]
		}
		tm.mu.Unlock()
		if eof || time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %q (eof %v), got %q", want, eof, s)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitEOF waits for the server to end the session.
func (tm *term) waitEOF() string {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(5 * time.Second):
		tm.t.Fatal("session not closed by the server")
	}
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.buf.String()
}

// run sends a command and returns what came back before the next
// prompt, without the echo, with LF line ends.
func (tm *term) run(cmd, prompt string) string {
	tm.t.Helper()
	tm.send(cmd + "\r")
	got := tm.until("\r\n" + prompt)
	got = strings.TrimSuffix(got, prompt)
	echo := cmd + "\r\n"
	if !strings.HasPrefix(got, echo) {
		tm.t.Fatalf("%q: no echo, got %q", cmd, got)
	}
	return strings.ReplaceAll(strings.TrimPrefix(got, echo), "\r\n", "\n")
}

// login opens a shell and reaches privileged exec with paging off.
func login(t *testing.T, srv *Server) *term {
	t.Helper()
	tm := openTerm(t, srv)
	host := srv.CPE()
	tm.until("\r\n" + host + ">")
	tm.send("enable\r")
	tm.until("enable\r\nPassword: ")
	tm.send(DefaultPassword + "\r")
	tm.until("\r\n" + host + "#")
	if out := tm.run("terminal length 0", host+"#"); out != "" {
		t.Fatalf("terminal length 0: got %q", out)
	}
	return tm
}

// noLeak waits for the goroutine count to come back to base.
func noLeak(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines: %d, want <= %d\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// typeAll logs in, requests a PTY and a shell, types input in one go and
// returns the server's SSH version and everything the session printed
// until it ended (input must end the session).
func typeAll(t *testing.T, srv *Server, input string) (version, text string) {
	t.Helper()
	cc, err := ssh.Dial("tcp", srv.Addr(), clientConfig(srv, DefaultUser))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	sess, err := cc.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 40, 200, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { io.WriteString(in, input) }()
	b, _ := io.ReadAll(out)
	return string(cc.ServerVersion()), string(b)
}
