package collectors

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/profile"
)

// hostileCPE is an SSH server on 127.0.0.1 that logs in like an IOS-XE
// router (straight to "#", terminal settings accepted, show version
// answered) and then misbehaves on purpose: before its first prompt
// (banner), or when it receives trigger (act). Either runs until the
// client goes away, so that only vcdiag's own limits and deadlines end it.
// Goroutines never call t.Fatal.
type hostileCPE struct {
	hostname string
	// banner, when set, runs before the first prompt.
	banner hostileAct
	// trigger is the command that sets act off ("show *": every show
	// command); the prompt follows when act returns nil. Other commands
	// get a short answer and the prompt.
	trigger string
	act     hostileAct
	// render, when set, answers the other show commands (the
	// simulator's renderer: a healthy router but for the trigger).
	render func(cmd string) (string, error)

	signer ssh.Signer
	ln     net.Listener
	wg     sync.WaitGroup
	sent   atomic.Int64 // bytes written by banner and act

	mu    sync.Mutex
	conns []net.Conn
	log   []string
}

// hostileAct writes to the client (w) and reads its keystrokes (r); the
// endless ones return only when the connection fails.
type hostileAct func(w io.Writer, r io.Reader) error

// floodLines writes output lines as fast as the client takes them.
func floodLines(w io.Writer, _ io.Reader) error {
	var buf bytes.Buffer
	for i := 0; buf.Len() < 32<<10; i++ {
		fmt.Fprintf(&buf, " neighbor 100.64.%d.%d remote-as 64602 ! an output that never ends\r\n", i/250%250, i%250)
	}
	for {
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
}

// floodNoNewline writes 4 KiB chunks that never end a line.
func floodNoNewline(w io.Writer, _ io.Reader) error {
	chunk := bytes.Repeat([]byte("A"), 4<<10)
	for {
		if _, err := w.Write(chunk); err != nil {
			return err
		}
	}
}

// endlessPager shows a page of pageBytes, then " --More-- ", waits for a
// key, and does it again, forever.
func endlessPager(pageBytes int) hostileAct {
	return func(w io.Writer, r io.Reader) error {
		var page bytes.Buffer
		for i := 0; page.Len() < pageBytes; i++ {
			fmt.Fprintf(&page, "interface Tunnel%d\r\n", i)
		}
		key := make([]byte, 1)
		for {
			if _, err := w.Write(page.Bytes()); err != nil {
				return err
			}
			if _, err := io.WriteString(w, " --More-- "); err != nil {
				return err
			}
			if _, err := r.Read(key); err != nil {
				return err
			}
			if _, err := io.WriteString(w, "\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b"); err != nil {
				return err
			}
		}
	}
}

// drip writes one byte every interval.
func drip(every time.Duration) hostileAct {
	return func(w io.Writer, _ io.Reader) error {
		for {
			if _, err := io.WriteString(w, "."); err != nil {
				return err
			}
			time.Sleep(every)
		}
	}
}

// countingWriter counts what an act writes.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// startHostile listens on 127.0.0.1:0; t.Cleanup closes it.
func startHostile(t testing.TB, h *hostileCPE) *hostileCPE {
	t.Helper()
	if h.hostname == "" {
		h.hostname = "cpe1"
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if h.signer, err = ssh.NewSignerFromKey(key); err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if c.User() == "admin" && string(pw) == "login-pw" {
				return nil, nil
			}
			return nil, fmt.Errorf("denied")
		},
	}
	cfg.AddHostKey(h.signer)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.ln = ln
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.mu.Lock()
			h.conns = append(h.conns, c)
			h.mu.Unlock()
			h.wg.Add(1)
			go func() { defer h.wg.Done(); h.serve(c, cfg) }()
		}
	}()
	t.Cleanup(h.close)
	return h
}

func (h *hostileCPE) close() {
	h.ln.Close()
	h.mu.Lock()
	for _, c := range h.conns {
		c.Close()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

func (h *hostileCPE) port() int { return h.ln.Addr().(*net.TCPAddr).Port }

func (h *hostileCPE) cpe() profile.CPE {
	return profile.CPE{Name: "cpe1", Host: "127.0.0.1", Port: h.port(), Platform: "cisco_iosxe", Username: "admin"}
}

// config trusts h's host key and logs in with its password, with the
// given deadlines and the default limits.
func (h *hostileCPE) config(t testing.TB, connect, command time.Duration) SSHConfig {
	t.Helper()
	kh := filepath.Join(t.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{fmt.Sprintf("127.0.0.1:%d", h.port())}, h.signer.PublicKey()) + "\n"
	if err := os.WriteFile(kh, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	return SSHConfig{
		Password:       "login-pw",
		KnownHostsFile: kh,
		ConnectTimeout: connect,
		CommandTimeout: command,
	}
}

// Log returns the command lines received so far.
func (h *hostileCPE) Log() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.log...)
}

func (h *hostileCPE) serve(c net.Conn, cfg *ssh.ServerConfig) {
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
		h.cli(ch)
		ch.Close()
		return
	}
}

// cli echoes what is typed and answers each line at "#".
func (h *hostileCPE) cli(ch ssh.Channel) {
	w := func(s string) { _, _ = io.WriteString(ch, s) }
	out := countingWriter{ch, &h.sent}
	if h.banner != nil {
		_ = h.banner(out, ch)
		return
	}
	prompt := h.hostname + "#"
	w("\r\n" + prompt)
	b := make([]byte, 1)
	var line []byte
	for {
		if _, err := ch.Read(b); err != nil {
			return
		}
		if b[0] != '\r' && b[0] != '\n' {
			_, _ = ch.Write(b)
			line = append(line, b[0])
			continue
		}
		w("\r\n")
		cmd := strings.TrimSpace(string(line))
		line = line[:0]
		if cmd != "" {
			h.mu.Lock()
			h.log = append(h.log, cmd)
			h.mu.Unlock()
		}
		switch {
		case cmd == "":
		case cmd == h.trigger || h.trigger == "show *" && strings.HasPrefix(cmd, "show "):
			if err := h.act(out, ch); err != nil {
				return
			}
		case strings.HasPrefix(cmd, "terminal "):
		case h.render != nil:
			out, err := h.render(cmd)
			if err != nil {
				out = "% Invalid input detected at '^' marker.\n\n"
			}
			w(strings.ReplaceAll(out, "\n", "\r\n"))
		case cmd == "show version":
			w(showVersionOut)
		default:
			w("                ^\r\n% Invalid input detected at '^' marker.\r\n\r\n")
		}
		w(prompt)
	}
}

// heapWatch records the peak of the heap over a baseline while a test
// runs. It samples runtime/metrics' /memory/classes/heap/objects:bytes
// (every live object plus the dead ones not yet swept: the heap the
// process actually holds, garbage included, so a buffer that grows by
// doubling is counted with its discarded copies) every 2 ms. The
// baseline is read after a forced GC, so what earlier tests left behind
// does not count. A bound on this peak is robust: it is what the heap
// reached, not an estimate from one GC cycle, and a sample every 2 ms
// cannot miss a peak, since garbage stays counted until the next GC.
type heapWatch struct {
	base uint64
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

const heapObjects = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func watchHeap() *heapWatch {
	runtime.GC()
	w := &heapWatch{base: heapNow(), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if n := heapNow(); n > w.peak.Load() {
				w.peak.Store(n)
			}
			select {
			case <-w.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// Stop ends the sampling and returns the peak over the baseline.
func (w *heapWatch) Stop() uint64 {
	close(w.stop)
	<-w.done
	if p := w.peak.Load(); p > w.base {
		return p - w.base
	}
	return 0
}
