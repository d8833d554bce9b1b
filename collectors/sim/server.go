package sim

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// Demo credentials of the simulated routers. They protect nothing (the
// server listens on loopback and serves made-up state) and are printed by
// `vcdiag sim`; docs/simulator.md lists them.
const (
	DefaultUser     = "vcdiag"
	DefaultPassword = "vcdiag-sim"
	DefaultListen   = "127.0.0.1:0"
	// serverVersion is what IOS-XE's SSH server announces.
	serverVersion = "SSH-2.0-Cisco-1.25"
	// handshakeTimeout bounds a client that connects and then says
	// nothing, so its goroutine does not wait forever.
	handshakeTimeout = 30 * time.Second
)

// errAuth is what every failed authentication returns; the client only
// learns that it failed.
var errAuth = errors.New("authentication failed")

// ServerOptions configure a Server. The zero value serves a well-behaved
// router on a free loopback port with the demo credentials.
type ServerOptions struct {
	// Listen is the TCP address (default "127.0.0.1:0": a free port).
	Listen string
	// User and Password are the login (defaults DefaultUser and
	// DefaultPassword); EnableSecret is the enable secret (default
	// Password).
	User, Password, EnableSecret string
	// AuthorizedKeys may also log in as User (for --identity-file tests).
	AuthorizedKeys []ssh.PublicKey
	// HostKey is the server's key; nil generates an Ed25519 key at
	// NewServer, as a router does at "crypto key generate".
	HostKey ssh.Signer
	Faults  DeviceFaults
	// Clock is the wall clock (default time.Now); tests inject a fixed one
	// so that outputs equal Site.Render at a known time.
	Clock func() time.Time
	// Start is the scenario time at Server.Start (default Site.Start):
	// renderings use Start + the Clock time elapsed since then, so
	// counters and SA ages advance in real time.
	Start time.Time
	// PingWait makes a failing ping take as long as on a router (its 2 s
	// timeout per lost echo) instead of answering at once.
	PingWait bool
	// Latency delays the answer to every command line by a random time
	// in [Min, Max], as a real router's exec does (zero: none).
	Latency Latency
}

// Server serves one CPE of a Site over SSH with an IOS-XE-like CLI, and
// logs every command it receives.
type Server struct {
	site   *Site
	cpe    string
	opts   ServerOptions
	signer ssh.Signer
	cfg    *ssh.ServerConfig
	log    commandLog

	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	closed bool
	t0     time.Time
	stop   func() bool // stops the Start context's watcher

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewServer prepares a server for the router named cpe of site; Start
// makes it listen.
func NewServer(site *Site, cpe string, opts ServerOptions) (*Server, error) {
	if site == nil || site.CPE(cpe) == nil {
		return nil, fmt.Errorf("sim server for %s: %w", cpe, ErrUnknownCPE)
	}
	if opts.Listen == "" {
		opts.Listen = DefaultListen
	}
	if opts.User == "" {
		opts.User = DefaultUser
	}
	if opts.Password == "" {
		opts.Password = DefaultPassword
	}
	if opts.EnableSecret == "" {
		opts.EnableSecret = opts.Password
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Start.IsZero() {
		opts.Start = site.Start
	}
	if err := opts.Latency.check(); err != nil {
		return nil, fmt.Errorf("sim server for %s: %w", cpe, err)
	}
	signer := opts.HostKey
	if signer == nil {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("sim server for %s: host key: %w", cpe, err)
		}
		if signer, err = ssh.NewSignerFromKey(key); err != nil {
			return nil, fmt.Errorf("sim server for %s: host key: %w", cpe, err)
		}
	}
	s := &Server{site: site, cpe: cpe, opts: opts, signer: signer, conns: map[net.Conn]struct{}{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	version := serverVersion
	if d := dialectOf(site.Platform); d != nil {
		version = d.serverVersion
	}
	s.cfg = &ssh.ServerConfig{
		ServerVersion:               version,
		PasswordCallback:            s.password,
		KeyboardInteractiveCallback: s.keyboardInteractive,
		PublicKeyCallback:           s.publicKey,
	}
	s.cfg.AddHostKey(signer)
	return s, nil
}

func (s *Server) checkPassword(user string, pw []byte) bool {
	okUser := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.User)) == 1
	okPW := subtle.ConstantTimeCompare(pw, []byte(s.opts.Password)) == 1
	return okUser && okPW && !s.opts.Faults.AuthFailure
}

func (s *Server) password(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
	if !s.checkPassword(c.User(), pw) {
		return nil, errAuth
	}
	return nil, nil
}

// keyboardInteractive asks for the password the way IOS does.
func (s *Server) keyboardInteractive(c ssh.ConnMetadata, chal ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
	answers, err := chal("", "", []string{"Password: "}, []bool{false})
	if err != nil {
		return nil, err
	}
	if len(answers) != 1 || !s.checkPassword(c.User(), []byte(answers[0])) {
		return nil, errAuth
	}
	return nil, nil
}

func (s *Server) publicKey(c ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	if s.opts.Faults.AuthFailure || c.User() != s.opts.User {
		return nil, errAuth
	}
	for _, k := range s.opts.AuthorizedKeys {
		if bytes.Equal(k.Marshal(), key.Marshal()) {
			return nil, nil
		}
	}
	return nil, errAuth
}

// Start listens and serves in background goroutines until Close or until
// ctx is done.
func (s *Server) Start(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("sim server for %s: %w", s.cpe, err)
	}
	s.mu.Lock()
	if s.closed || s.ln != nil {
		s.mu.Unlock()
		ln.Close()
		return fmt.Errorf("sim server for %s: already started or closed", s.cpe)
	}
	s.ln = ln
	s.t0 = s.opts.Clock()
	s.stop = context.AfterFunc(ctx, func() { s.Close() })
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln)
	return nil
}

// Addr is the address the server listens on ("127.0.0.1:PORT"), or ""
// before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// HostKey is the server's public host key.
func (s *Server) HostKey() ssh.PublicKey { return s.signer.PublicKey() }

// HostKeyFingerprint is the host key's fingerprint as OpenSSH prints it
// ("SHA256:" and unpadded base64).
func (s *Server) HostKeyFingerprint() string { return ssh.FingerprintSHA256(s.signer.PublicKey()) }

// CPE is the hostname of the router served.
func (s *Server) CPE() string { return s.cpe }

// User and Password are the login the server accepts.
func (s *Server) User() string     { return s.opts.User }
func (s *Server) Password() string { return s.opts.Password }

// Latency is the server's per-command delay.
func (s *Server) Latency() Latency { return s.opts.Latency }

// Log returns a copy of every command received so far, in order.
func (s *Server) Log() []LoggedCommand { return s.log.snapshot() }

// now is the scenario time: Start plus the time since Server.Start.
func (s *Server) now() time.Time {
	s.mu.Lock()
	t0 := s.t0
	s.mu.Unlock()
	return s.opts.Start.Add(s.opts.Clock().Sub(t0))
}

// Close stops listening, drops every connection and returns once every
// goroutine of the server has ended. It may be called more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.wg.Wait()
		return nil
	}
	s.closed = true
	var err error
	if s.ln != nil {
		err = s.ln.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	if s.stop != nil {
		s.stop()
	}
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		s.conns[nc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serveConn(nc)
			nc.Close()
			s.mu.Lock()
			delete(s.conns, nc)
			s.mu.Unlock()
		}()
	}
}

// serveConn runs one TCP connection: the SSH handshake, then its session
// channels.
func (s *Server) serveConn(nc net.Conn) {
	if s.opts.Faults.HangAfterConnect {
		// Read and drop whatever the client sends, say nothing, until
		// the client gives up or the server closes.
		_, _ = io.Copy(io.Discard, nc)
		return
	}
	_ = nc.SetDeadline(time.Now().Add(handshakeTimeout))
	sc, chans, reqs, err := ssh.NewServerConn(nc, s.cfg)
	if err != nil {
		return
	}
	_ = nc.SetDeadline(time.Time{})
	done := make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ssh.DiscardRequests(reqs)
	}()
	for nch := range chans {
		if nch.ChannelType() != "session" {
			_ = nch.Reject(ssh.UnknownChannelType, "only session channels")
			continue
		}
		ch, creqs, err := nch.Accept()
		if err != nil {
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveSession(sc, ch, creqs, done)
		}()
	}
	// chans is closed: the connection is gone. Wake any waiting CLI.
	close(done)
}
