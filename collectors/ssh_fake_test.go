package collectors

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/profile"
)

// fakeCPE is a minimal IOS-XE CLI over SSH for the collector's tests: a
// login at ">" or "#", enable with a secret, terminal length/width, a few
// show commands, and commands that misbehave on purpose:
//
//	show slow   never answers (until the connection closes)
//	show drop   closes the connection
//	show long   60 lines, through --More-- unless terminal length 0 took
//
// Anything else is "% Invalid input detected". It logs every line it
// receives except the enable secret. Goroutines never call t.Fatal.
type fakeCPE struct {
	hostname   string
	user, pass string
	secret     string // "" = enable asks no secret
	startPriv  string // ">" or "#"
	ignoreLen  bool   // keep paging whatever terminal length says
	authorized ssh.PublicKey

	signer ssh.Signer
	ln     net.Listener
	wg     sync.WaitGroup

	mu    sync.Mutex
	log   []string
	conns []net.Conn
}

func newSigner(t *testing.T) ssh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newKeyFile writes a new Ed25519 private key in OpenSSH format.
func newKeyFile(t *testing.T) (ssh.Signer, string) {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(key, "test")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

// startFake listens on 127.0.0.1:0; t.Cleanup closes it.
func startFake(t *testing.T, f *fakeCPE) *fakeCPE {
	t.Helper()
	if f.hostname == "" {
		f.hostname = "cpe1"
	}
	if f.user == "" {
		f.user, f.pass = "admin", "login-pw"
	}
	if f.startPriv == "" {
		f.startPriv = ">"
	}
	if f.signer == nil {
		f.signer = newSigner(t)
	}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if c.User() == f.user && string(pw) == f.pass {
				return nil, nil
			}
			return nil, fmt.Errorf("denied")
		},
		PublicKeyCallback: func(c ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			if f.authorized != nil && c.User() == f.user && string(k.Marshal()) == string(f.authorized.Marshal()) {
				return nil, nil
			}
			return nil, fmt.Errorf("denied")
		},
	}
	cfg.AddHostKey(f.signer)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.ln = ln
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.conns = append(f.conns, c)
			f.mu.Unlock()
			f.wg.Add(1)
			go func() { defer f.wg.Done(); f.serve(c, cfg) }()
		}
	}()
	t.Cleanup(f.close)
	return f
}

func (f *fakeCPE) close() {
	f.ln.Close()
	f.mu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *fakeCPE) port() int { return f.ln.Addr().(*net.TCPAddr).Port }

func (f *fakeCPE) cpe() profile.CPE {
	return profile.CPE{Name: "cpe1", Host: "127.0.0.1", Port: f.port(), Platform: "cisco_iosxe", Username: f.user}
}

// Log returns the lines received so far.
func (f *fakeCPE) Log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *fakeCPE) serve(c net.Conn, cfg *ssh.ServerConfig) {
	sc, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		c.Close()
		return
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "no")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			for r := range creqs {
				_ = r.Reply(r.Type == "pty-req" || r.Type == "shell", nil)
			}
		}()
		f.cli(ch, c)
		ch.Close()
		return
	}
}

// cli is the shell: echo what is typed, answer each line.
func (f *fakeCPE) cli(ch ssh.Channel, c net.Conn) {
	priv, length := f.startPriv, 24
	w := func(s string) { _, _ = io.WriteString(ch, s) }
	w("\r\n" + f.hostname + priv)
	readLine := func(echo bool) (string, bool) {
		var line []byte
		b := make([]byte, 1)
		for {
			if _, err := ch.Read(b); err != nil {
				return "", false
			}
			if b[0] == '\r' || b[0] == '\n' {
				w("\r\n")
				return string(line), true
			}
			if echo {
				_, _ = ch.Write(b)
			}
			line = append(line, b[0])
		}
	}
	for {
		line, ok := readLine(true)
		if !ok {
			return
		}
		if strings.TrimSpace(line) == "" {
			w(f.hostname + priv)
			continue
		}
		f.mu.Lock()
		f.log = append(f.log, line)
		f.mu.Unlock()
		switch fs := strings.Fields(line); {
		case line == "enable" && priv == ">" && f.secret != "":
			w("Password: ")
			got, ok := readLine(false)
			if !ok {
				return
			}
			if got == f.secret {
				priv = "#"
			} else {
				w("% Access denied\r\n\r\n")
			}
		case line == "enable":
			priv = "#"
		case len(fs) == 3 && fs[0] == "terminal" && fs[1] == "length":
			if !f.ignoreLen {
				fmt.Sscan(fs[2], &length)
			}
		case len(fs) == 3 && fs[0] == "terminal" && fs[1] == "width":
		case line == "show version":
			w(showVersionOut)
		case line == "show slow":
			buf := make([]byte, 64)
			for { // until the client goes away
				if _, err := ch.Read(buf); err != nil {
					return
				}
			}
		case line == "show drop":
			c.Close()
			return
		case line == "show long":
			for i := 1; i <= 60; i++ {
				w(fmt.Sprintf("line %d\r\n", i))
				if length > 0 && i%(length-1) == 0 {
					w(" --More-- ")
					if _, err := ch.Read(make([]byte, 1)); err != nil {
						return
					}
				}
			}
		default:
			w("                ^\r\n% Invalid input detected at '^' marker.\r\n\r\n")
		}
		w(f.hostname + priv)
	}
}

const showVersionOut = "Cisco IOS XE Software, Version 17.09.04a\r\n" +
	"Cisco IOS Software [Cupertino], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, RELEASE SOFTWARE (fc3)\r\n" +
	"cpe1 uptime is 1 week, 2 days, 3 hours, 4 minutes\r\n"

// wantShowVersion is showVersionOut as Run returns it.
var wantShowVersion = strings.ReplaceAll(showVersionOut, "\r\n", "\n")

// knownHostsFor writes a known_hosts file trusting key for 127.0.0.1:port.
func knownHostsFor(t *testing.T, port int, key ssh.PublicKey) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{fmt.Sprintf("127.0.0.1:%d", port)}, key) + "\n"
	if err := os.WriteFile(p, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testConfig trusts f's host key and logs in with its password.
func testConfig(t *testing.T, f *fakeCPE) SSHConfig {
	return SSHConfig{
		Password:       f.pass,
		EnableSecret:   f.secret,
		KnownHostsFile: knownHostsFor(t, f.port(), f.signer.PublicKey()),
		ConnectTimeout: 5 * time.Second,
		CommandTimeout: 5 * time.Second,
	}
}

// waitGoroutines polls until no more than base goroutines run, and fails
// with their stacks if that takes over 5 s.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines: %d, want <= %d\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(20 * time.Millisecond)
	}
}
