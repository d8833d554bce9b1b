package collectors

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// sshConfigFile writes an OpenSSH client config for the tests of the
// system transport: no agent, no user files, password login.
func sshConfigFile(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no OpenSSH client on PATH")
	}
	p := filepath.Join(t.TempDir(), "ssh_config")
	conf := "Host *\n  IdentityAgent none\n  PubkeyAuthentication no\n  PreferredAuthentications password,keyboard-interactive\n  LogLevel ERROR\n"
	if err := os.WriteFile(p, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSSHConfigTransport logs in through OpenSSH ("--ssh-config"), the path
// that makes ProxyJump bastions work, and checks the same open sequence.
func TestSSHConfigTransport(t *testing.T) {
	f := startFake(t, &fakeCPE{secret: "en-secret"})
	cfg := testConfig(t, f)
	cfg.SSHConfigFile = sshConfigFile(t)
	s := dial(t, f, cfg)
	out, err := s.Run(context.Background(), "show version")
	if err != nil || out != wantShowVersion {
		t.Errorf("Run(show version) over OpenSSH = %q, %v, want %q", out, err, wantShowVersion)
	}
	s.Close()
	want := fmt.Sprint([]string{"enable", "terminal length 0", "terminal width 512", "show version"})
	if got := fmt.Sprint(f.Log()); got != want {
		t.Errorf("commands received %s, want %s", got, want)
	}
}

func TestSSHConfigTransportErrors(t *testing.T) {
	f := startFake(t, &fakeCPE{})
	tests := []struct {
		name string
		edit func(*SSHConfig)
		want error
	}{
		{"wrong password", func(c *SSHConfig) { c.Password = "wrong" }, ErrAuth},
		{"unknown host key", func(c *SSHConfig) { c.KnownHostsFile = filepath.Join(t.TempDir(), "none") }, ErrHostKey},
		{"changed host key", func(c *SSHConfig) { c.KnownHostsFile = knownHostsFor(t, f.port(), newSigner(t).PublicKey()) }, ErrHostKeyChange},
		{"changed host key, accept-new", func(c *SSHConfig) {
			c.AcceptNewHostKey = true
			c.KnownHostsFile = knownHostsFor(t, f.port(), newSigner(t).PublicKey())
		}, ErrHostKeyChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, f)
			cfg.SSHConfigFile = sshConfigFile(t)
			tt.edit(&cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := SSHDialer(cfg)(ctx, f.cpe())
			if !errors.Is(err, tt.want) {
				t.Errorf("dial over OpenSSH = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSSHConfigTransportDeadline: OpenSSH against a port that never speaks
// SSH still returns at the deadline, with nothing left running.
func TestSSHConfigTransportDeadline(t *testing.T) {
	ln := hangListener(t)
	conf := sshConfigFile(t)
	base := runtime.NumGoroutine()
	cpe := (&fakeCPE{user: "admin", ln: ln}).cpe()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := SSHDialer(SSHConfig{Password: "x", InsecureSkipHostKey: true, SSHConfigFile: conf})(ctx, cpe)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("dial = %v, want ErrTimeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("dial returned after %v, want about 500ms", took)
	}
	waitGoroutines(t, base)
}
