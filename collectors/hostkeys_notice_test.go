package collectors

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestSSHAcceptNewSaysPermanentlyAdded: what a user sees with
// --accept-new-host-key. The first login to an unknown CPE prints
// OpenSSH's notice once, word for word; the next login (the key is now
// known) and a strict or insecure login print nothing.
func TestSSHAcceptNewSaysPermanentlyAdded(t *testing.T) {
	f := startFake(t, &fakeCPE{startPriv: "#"})
	file := filepath.Join(t.TempDir(), "known_hosts")
	dial := func(cfg SSHConfig) (string, error) {
		t.Helper()
		var notices bytes.Buffer
		cfg.Password, cfg.KnownHostsFile, cfg.Notices = f.pass, file, &notices
		s, err := SSHDialer(cfg)(context.Background(), f.cpe())
		if err == nil {
			s.Close()
		}
		return notices.String(), err
	}
	if got, err := dial(SSHConfig{InsecureSkipHostKey: true}); err != nil || got != "" {
		t.Errorf("--insecure-skip-host-key: notices %q, err %v; want nothing (no key is recorded)", got, err)
	}
	got, err := dial(SSHConfig{AcceptNewHostKey: true})
	if err != nil {
		t.Fatalf("first login with --accept-new-host-key: %v", err)
	}
	want := fmt.Sprintf("Warning: Permanently added '[127.0.0.1]:%d' (ED25519) to the list of known hosts.\n", f.port())
	if got != want {
		t.Errorf("first login with --accept-new-host-key said %q, want %q", got, want)
	}
	for _, accept := range []bool{true, false} {
		if got, err := dial(SSHConfig{AcceptNewHostKey: accept}); err != nil || got != "" {
			t.Errorf("second login (accept-new=%v): notices %q, err %v; want nothing: the key is known", accept, got, err)
		}
	}
}

// TestPermanentlyAddedKeyTypes: the key type is named as OpenSSH names it.
func TestPermanentlyAddedKeyTypes(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub := func(k any) ssh.PublicKey {
		t.Helper()
		p, err := ssh.NewPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		addr string
		key  ssh.PublicKey
		want string
	}{
		{"ed25519 on port 22", "192.0.2.10:22", newSigner(t).PublicKey(), "Warning: Permanently added '192.0.2.10' (ED25519) to the list of known hosts."},
		{"rsa", "cpe1.example.net:22", pub(&rk.PublicKey), "Warning: Permanently added 'cpe1.example.net' (RSA) to the list of known hosts."},
		{"ecdsa on another port", "192.0.2.10:2222", pub(&ek.PublicKey), "Warning: Permanently added '[192.0.2.10]:2222' (ECDSA) to the list of known hosts."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := permanentlyAdded(tt.addr, tt.key); got != tt.want {
				t.Errorf("permanentlyAdded(%s, %s) = %q, want %q", tt.addr, tt.key.Type(), got, tt.want)
			}
		})
	}
}
