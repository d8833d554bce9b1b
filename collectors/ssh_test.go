package collectors

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

func dial(t *testing.T, f *fakeCPE, cfg SSHConfig) Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := SSHDialer(cfg)(ctx, f.cpe())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	return s
}

func TestOpenCommandsAllowed(t *testing.T) {
	for _, c := range append([]string{"enable"}, openCommands...) {
		if err := Allowed(c); err != nil {
			t.Errorf("Allowed(%q) = %v, want nil: vcdiag sends it while opening", c, err)
		}
	}
}

func TestSSHShowVersion(t *testing.T) {
	tests := []struct {
		name    string
		fake    *fakeCPE
		wantLog []string
	}{
		{"user exec with enable secret", &fakeCPE{secret: "en-secret"},
			[]string{"enable", "terminal length 0", "terminal width 512", "show version"}},
		{"user exec, enable without secret", &fakeCPE{},
			[]string{"enable", "terminal length 0", "terminal width 512", "show version"}},
		{"privileged at login", &fakeCPE{startPriv: "#", secret: "en-secret"},
			[]string{"terminal length 0", "terminal width 512", "show version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := startFake(t, tt.fake)
			base := runtime.NumGoroutine()
			s := dial(t, f, testConfig(t, f))
			out, err := s.Run(context.Background(), "show version")
			if err != nil {
				t.Fatalf("Run(show version) error %v", err)
			}
			if diff := cmp.Diff(wantShowVersion, out); diff != "" {
				t.Errorf("Run(show version) output (-want +got):\n%s", diff)
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close() = %v", err)
			}
			waitGoroutines(t, base)
			log := f.Log()
			if diff := cmp.Diff(tt.wantLog, log); diff != "" {
				t.Errorf("commands received (-want +got):\n%s", diff)
			}
			for _, c := range log {
				if err := Allowed(c); err != nil {
					t.Errorf("the router received %q, which Allowed refuses: %v", c, err)
				}
			}
		})
	}
}

func TestSSHRefusedCommandNeverSent(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	s := dial(t, f, testConfig(t, f))
	defer s.Close()
	for _, cmd := range []string{"configure terminal", "reload", "show run | redirect flash:x", "exit"} {
		for _, r := range []Runner{s, Guard(s, IOS)} {
			if _, err := r.Run(context.Background(), cmd); !errors.Is(err, ErrNotAllowed) {
				t.Errorf("Run(%q) = %v, want ErrNotAllowed", cmd, err)
			}
		}
	}
	if _, err := s.Run(context.Background(), "show version"); err != nil {
		t.Fatalf("Run(show version) after refusals: %v", err)
	}
	for _, c := range f.Log() {
		if err := Allowed(c); err != nil {
			t.Errorf("the router received %q: %v", c, err)
		}
	}
}

func TestSSHCloseSendsNothing(t *testing.T) {
	f := startFake(t, &fakeCPE{startPriv: "#"})
	s := dial(t, f, testConfig(t, f))
	before := len(f.Log())
	s.Close()
	time.Sleep(100 * time.Millisecond)
	if got := f.Log()[before:]; len(got) != 0 {
		t.Errorf("Close sent %q, want nothing", got)
	}
	if _, err := s.Run(context.Background(), "show version"); !errors.Is(err, ErrSessionLost) {
		t.Errorf("Run after Close = %v, want ErrSessionLost", err)
	}
}

// hangListener accepts TCP connections and never writes a byte, as a
// port-forward to nowhere or a wedged sshd does.
func hangListener(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln
}

func TestSSHDeadlineDuringHungHandshake(t *testing.T) {
	tests := []struct {
		name    string
		ctx     time.Duration
		connect time.Duration
	}{
		{"ctx deadline", 300 * time.Millisecond, time.Minute},
		{"connect timeout", time.Minute, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln := hangListener(t)
			base := runtime.NumGoroutine()
			cpe := (&fakeCPE{user: "admin", ln: ln}).cpe()
			cfg := SSHConfig{Password: "x", InsecureSkipHostKey: true, ConnectTimeout: tt.connect}
			ctx, cancel := context.WithTimeout(context.Background(), tt.ctx)
			defer cancel()
			start := time.Now()
			s, err := SSHDialer(cfg)(ctx, cpe)
			took := time.Since(start)
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("dial = %v, %v; want ErrTimeout", s, err)
			}
			if took > 2*time.Second {
				t.Errorf("dial returned after %v, want about 300ms", took)
			}
			waitGoroutines(t, base)
		})
	}
}

func TestSSHCancelDuringHandshake(t *testing.T) {
	ln := hangListener(t)
	base := runtime.NumGoroutine()
	cpe := (&fakeCPE{user: "admin", ln: ln}).cpe()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := SSHDialer(SSHConfig{Password: "x", InsecureSkipHostKey: true})(ctx, cpe)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("dial = %v, want context.Canceled", err)
	}
	waitGoroutines(t, base)
}

func TestSSHAuthFailure(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	base := runtime.NumGoroutine()
	cfg := testConfig(t, f)
	cfg.Password = "wrong"
	_, err := SSHDialer(cfg)(context.Background(), f.cpe())
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("dial with a wrong password = %v, want ErrAuth", err)
	}
	for _, want := range []string{`"admin"`, "cpe1", "VCDIAG_PASSWORD"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q shows the password", err)
	}
	waitGoroutines(t, base)
}

func TestSSHEnableSecretRefused(t *testing.T) {
	f := startFake(t, &fakeCPE{secret: "en-secret"})
	cfg := testConfig(t, f)
	cfg.EnableSecret = "wrong-secret"
	_, err := SSHDialer(cfg)(context.Background(), f.cpe())
	if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "VCDIAG_ENABLE_SECRET") {
		t.Fatalf("dial with a wrong enable secret = %v, want ErrAuth naming VCDIAG_ENABLE_SECRET", err)
	}
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("error %q shows the secret", err)
	}
}

func TestSSHIdentityFile(t *testing.T) {
	key, path := newKeyFile(t)
	f := startFake(t, &fakeCPE{startPriv: "#", authorized: key.PublicKey()})
	cfg := testConfig(t, f)
	cfg.Password = ""
	cfg.IdentityFile = path
	s := dial(t, f, cfg)
	defer s.Close()
	if _, err := s.Run(context.Background(), "show version"); err != nil {
		t.Fatal(err)
	}
}

func TestSSHRejectedCommand(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	s := dial(t, f, testConfig(t, f))
	defer s.Close()
	out, err := s.Run(context.Background(), "show bogus")
	if !errors.Is(err, evidence.ErrCommandFailed) {
		t.Fatalf("Run(show bogus) error = %v, want evidence.ErrCommandFailed", err)
	}
	if !strings.Contains(out, "% Invalid input detected at '^' marker.") {
		t.Errorf("Run(show bogus) output = %q, want the router's answer", out)
	}
	if !strings.Contains(err.Error(), `run "show bogus" on cpe1`) {
		t.Errorf("error %q does not name the command and host", err)
	}
	if _, err := s.Run(context.Background(), "show version"); err != nil {
		t.Errorf("Run(show version) after a rejected command = %v, want the session still usable", err)
	}
}

func TestSSHSessionLost(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	base := runtime.NumGoroutine()
	s := dial(t, f, testConfig(t, f))
	_, err := s.Run(context.Background(), "show drop")
	if !errors.Is(err, ErrSessionLost) {
		t.Fatalf("Run(show drop) = %v, want ErrSessionLost", err)
	}
	if _, err := s.Run(context.Background(), "show version"); !errors.Is(err, ErrSessionLost) {
		t.Errorf("Run after the loss = %v, want ErrSessionLost", err)
	}
	s.Close()
	waitGoroutines(t, base)
}

func TestSSHCommandTimeouts(t *testing.T) {
	tests := []struct {
		name      string
		cmdTimout time.Duration
		ctx       time.Duration
	}{
		{"command timeout", 300 * time.Millisecond, time.Minute},
		{"ctx deadline", time.Minute, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := startFake(t, &fakeCPE{})
			base := runtime.NumGoroutine()
			cfg := testConfig(t, f)
			cfg.CommandTimeout = tt.cmdTimout
			s := dial(t, f, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), tt.ctx)
			defer cancel()
			start := time.Now()
			_, err := s.Run(ctx, "show slow")
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("Run(show slow) = %v, want ErrTimeout", err)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Run(show slow) returned after %v, want about 300ms", took)
			}
			if _, err := s.Run(context.Background(), "show version"); !errors.Is(err, ErrSessionLost) {
				t.Errorf("Run after a timeout = %v, want ErrSessionLost (the router may still be printing)", err)
			}
			s.Close()
			waitGoroutines(t, base)
		})
	}
}

// TestSSHPager: a router that keeps paging although "terminal length 0"
// was sent is paged through with a space at each --More--; the whole
// output comes back without pager debris, and the router received no
// command beyond the allowlisted ones.
func TestSSHPager(t *testing.T) {
	f := startFake(t, &fakeCPE{ignoreLen: true})
	s := dial(t, f, testConfig(t, f))
	defer s.Close()
	start := time.Now()
	out, err := s.Run(context.Background(), "show long")
	if err != nil {
		t.Fatalf("Run(show long) = %v, want the whole output", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Run(show long) took %v: the pager should be answered at once", took)
	}
	var want strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	if out != want.String() {
		t.Errorf("Run(show long) = %q, want lines 1 to 60 and nothing else", out)
	}
	if _, err := s.Run(context.Background(), "show version"); err != nil {
		t.Errorf("the session is unusable after paging: %v", err)
	}
	for _, c := range f.Log() {
		if err := Allowed(c); err != nil {
			t.Errorf("the router received %q: %v", c, err)
		}
	}
}

func TestSSHLongOutput(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	s := dial(t, f, testConfig(t, f))
	defer s.Close()
	out, err := s.Run(context.Background(), "show long")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 60 || lines[0] != "line 1" || lines[59] != "line 60" {
		t.Errorf("Run(show long) = %d lines (%q ... %q), want line 1 .. line 60", len(lines), lines[0], lines[len(lines)-1])
	}
}

func TestSecurityNotes(t *testing.T) {
	tests := []struct {
		cfg  SSHConfig
		want []string
	}{
		{SSHConfig{}, nil},
		{SSHConfig{InsecureSkipHostKey: true}, []string{"host key not verified (--insecure-skip-host-key)"}},
		{SSHConfig{AcceptNewHostKey: true}, []string{"host keys of new CPEs trusted on first use (--accept-new-host-key)"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.cfg.SecurityNotes()); diff != "" {
			t.Errorf("%+v.SecurityNotes() (-want +got):\n%s", tt.cfg, diff)
		}
	}
}

func TestSSHSaid(t *testing.T) {
	base := errors.New("errConnectionError")
	tests := []struct {
		said string
		want error // nil: only base
	}{
		{"admin@10.0.0.1's password: \nPermission denied, please try again.\n", ErrAuth},
		{"No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.\n", ErrHostKey},
		{"@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n", ErrHostKeyChange},
		{"ssh: connect to host 10.0.0.1 port 22: Connection timed out\n", ErrTimeout},
		{"banner\ncpe1>", nil},
	}
	for _, tt := range tests {
		err := sshSaid(base, tt.said)
		if !errors.Is(err, base) {
			t.Errorf("sshSaid(%q) = %v, want it to keep the cause", tt.said, err)
		}
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("sshSaid(%q) = %v, want %v", tt.said, err, tt.want)
		}
		if tt.want == nil && err != base {
			t.Errorf("sshSaid(%q) = %v, want the cause unchanged", tt.said, err)
		}
	}
}

func TestNewTarget(t *testing.T) {
	tests := []struct {
		name    string
		cfg     SSHConfig
		cpe     profile.CPE
		want    target
		wantErr bool
	}{
		{"defaults", SSHConfig{}, profile.CPE{Name: "cpe1", Host: "10.0.0.1", Username: "ops"},
			target{name: "cpe1", host: "10.0.0.1", user: "ops", port: 22}, false},
		{"override user", SSHConfig{UsernameOverride: "me"}, profile.CPE{Name: "cpe1", Host: "10.0.0.1", Port: 2222, Username: "ops"},
			target{name: "cpe1", host: "10.0.0.1", user: "me", port: 2222}, false},
		{"no user", SSHConfig{}, profile.CPE{Name: "cpe1", Host: "10.0.0.1"}, target{}, true},
		{"no user, OpenSSH config may say", SSHConfig{SSHConfigFile: "x"}, profile.CPE{Host: "cpe1.lab"},
			target{name: "cpe1.lab:22", host: "cpe1.lab", port: 22}, false},
		{"no host", SSHConfig{}, profile.CPE{Name: "cpe1", Username: "ops"}, target{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newTarget(tt.cfg, tt.cpe)
			if (err != nil) != tt.wantErr {
				t.Fatalf("newTarget(%+v) error %v, want error %v", tt.cpe, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("newTarget(%+v) = %+v, want %+v", tt.cpe, got, tt.want)
			}
		})
	}
}
