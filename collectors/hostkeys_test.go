package collectors

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func tcpAddr(port int) net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port} }

func readKnownHosts(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

func TestHostKeyUnknown(t *testing.T) {
	key := newSigner(t).PublicKey()
	other := newSigner(t).PublicKey()
	tests := []struct {
		name     string
		existing string // known_hosts content; "-" = no file
		addr     string
		wantScan string
	}{
		{"no known_hosts file", "-", "127.0.0.1:2222", "ssh-keyscan -p 2222 127.0.0.1"},
		{"other hosts only", knownhosts.Line([]string{"10.9.9.9"}, other) + "\n", "127.0.0.1:22", "ssh-keyscan 127.0.0.1 >>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "known_hosts")
			if tt.existing != "-" {
				if err := os.WriteFile(file, []byte(tt.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			h := &hostKeys{file: file}
			err := h.check(tt.addr, tcpAddr(2222), key)
			if !errors.Is(err, ErrHostKey) {
				t.Fatalf("check(%s) = %v, want ErrHostKey", tt.addr, err)
			}
			for _, want := range []string{ssh.FingerprintSHA256(key), "--accept-new-host-key", tt.wantScan, file} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("check(%s) error %q does not say %q", tt.addr, err, want)
				}
			}
			if got := readKnownHosts(t, file); got != strings.TrimPrefix(tt.existing, "-") {
				t.Errorf("known_hosts changed to %q without --accept-new-host-key", got)
			}
		})
	}
}

func TestHostKeyAcceptNew(t *testing.T) {
	key := newSigner(t).PublicKey()
	tests := []struct {
		addr, wantHost string
	}{
		{"127.0.0.1:2222", "[127.0.0.1]:2222"},
		{"127.0.0.1:22", "127.0.0.1"},
		{"cpe1.example.net:22", "cpe1.example.net"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			// A hand-edited file without a final newline, in a directory
			// that does not exist yet for the first case.
			file := filepath.Join(t.TempDir(), "ssh", "known_hosts")
			h := &hostKeys{file: file, acceptNew: true}
			if err := h.check(tt.addr, tcpAddr(22), key); err != nil {
				t.Fatalf("check(%s) with accept-new = %v, want nil", tt.addr, err)
			}
			want := tt.wantHost + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))) + "\n"
			if diff := cmp.Diff(want, readKnownHosts(t, file)); diff != "" {
				t.Errorf("known_hosts after accept-new (-want +got):\n%s", diff)
			}
			strict := &hostKeys{file: file}
			if err := strict.check(tt.addr, tcpAddr(22), key); err != nil {
				t.Errorf("check(%s) after recording = %v, want nil", tt.addr, err)
			}
		})
	}
}

func TestHostKeyAcceptNewKeepsLastLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "known_hosts")
	old := knownhosts.Line([]string{"10.9.9.9"}, newSigner(t).PublicKey())
	if err := os.WriteFile(file, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	key := newSigner(t).PublicKey()
	if err := (&hostKeys{file: file, acceptNew: true}).check("127.0.0.1:22", tcpAddr(22), key); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(readKnownHosts(t, file)), "\n")
	if len(lines) != 2 || lines[0] != old {
		t.Errorf("known_hosts = %q, want the old line kept whole and one new line", lines)
	}
}

func TestHostKeyChanged(t *testing.T) {
	known := newSigner(t).PublicKey()
	now := newSigner(t).PublicKey()
	for _, accept := range []bool{false, true} {
		t.Run(fmt.Sprintf("accept-new=%v", accept), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "known_hosts")
			content := "# router\n" + knownhosts.Line([]string{"[127.0.0.1]:2222"}, known) + "\n"
			if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			h := &hostKeys{file: file, acceptNew: accept}
			err := h.check("127.0.0.1:2222", tcpAddr(2222), now)
			if !errors.Is(err, ErrHostKeyChange) {
				t.Fatalf("check = %v, want ErrHostKeyChange", err)
			}
			for _, want := range []string{file + ":2", ssh.FingerprintSHA256(known), ssh.FingerprintSHA256(now), "ssh-keygen -R"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if got := readKnownHosts(t, file); got != content {
				t.Errorf("known_hosts changed to %q on a changed key", got)
			}
		})
	}
}

func TestHostKeyAlgorithms(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := ssh.NewPublicKey(&rk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(file, []byte(knownhosts.Line([]string{"[127.0.0.1]:2222"}, rsaKey)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := &hostKeys{file: file}
	want := []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	if diff := cmp.Diff(want, h.algorithms("127.0.0.1:2222")); diff != "" {
		t.Errorf("algorithms(known RSA host) (-want +got):\n%s", diff)
	}
	if got := h.algorithms("127.0.0.1:22"); got != nil {
		t.Errorf("algorithms(unknown host) = %v, want nil", got)
	}
}

// TestSSHHostKeyModes runs the four policies end to end against a router.
func TestSSHHostKeyModes(t *testing.T) {
	f := startFake(t, &fakeCPE{startPriv: "#"})
	dialWith := func(cfg SSHConfig) error {
		cfg.Password = f.pass
		s, err := SSHDialer(cfg)(context.Background(), f.cpe())
		if err == nil {
			s.Close()
		}
		return err
	}
	missing := filepath.Join(t.TempDir(), "known_hosts")
	if err := dialWith(SSHConfig{KnownHostsFile: missing}); !errors.Is(err, ErrHostKey) {
		t.Errorf("unknown host, strict: %v, want ErrHostKey", err)
	}
	if err := dialWith(SSHConfig{KnownHostsFile: missing, InsecureSkipHostKey: true}); err != nil {
		t.Errorf("unknown host, --insecure-skip-host-key: %v, want nil", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--insecure-skip-host-key wrote %s", missing)
	}
	if err := dialWith(SSHConfig{KnownHostsFile: missing, AcceptNewHostKey: true}); err != nil {
		t.Errorf("unknown host, --accept-new-host-key: %v, want nil", err)
	}
	if err := dialWith(SSHConfig{KnownHostsFile: missing}); err != nil {
		t.Errorf("recorded host, strict: %v, want nil", err)
	}
	changed := knownHostsFor(t, f.port(), newSigner(t).PublicKey())
	for _, accept := range []bool{false, true} {
		if err := dialWith(SSHConfig{KnownHostsFile: changed, AcceptNewHostKey: accept}); !errors.Is(err, ErrHostKeyChange) {
			t.Errorf("changed key, accept-new=%v: %v, want ErrHostKeyChange", accept, err)
		}
	}
	for _, c := range f.Log() {
		if err := Allowed(c); err != nil {
			t.Errorf("the router received %q: %v", c, err)
		}
	}
}

// TestSSHHostKeyOtherType: known_hosts knows the router by an RSA key, the
// router now has only Ed25519. That is a changed key, not an unknown one.
func TestSSHHostKeyOtherType(t *testing.T) {
	f := startFake(t, &fakeCPE{startPriv: "#"})
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	old, err := ssh.NewPublicKey(&rk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, accept := range []bool{false, true} {
		cfg := SSHConfig{Password: f.pass, KnownHostsFile: knownHostsFor(t, f.port(), old), AcceptNewHostKey: accept}
		if _, err := SSHDialer(cfg)(context.Background(), f.cpe()); !errors.Is(err, ErrHostKeyChange) {
			t.Errorf("dial, accept-new=%v = %v, want ErrHostKeyChange", accept, err)
		}
	}
}
