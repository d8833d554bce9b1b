package collectors

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func newTestKey(t *testing.T) ssh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestKnownHostsCacheFollowsTheFile: the parsed known_hosts is reused
// only while the file is unchanged; a key replaced in the file (same
// length, same host) is seen at the next check, never the old one.
func TestKnownHostsCacheFollowsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known_hosts")
	addr := "192.0.2.10:22"
	a, b := newTestKey(t), newTestKey(t)
	write := func(k ssh.PublicKey) {
		if err := os.WriteFile(path, []byte(knownhosts.Line([]string{knownhosts.Normalize(addr)}, k)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h := &hostKeys{file: path}
	remote := fakeAddr(addr)
	write(a)
	for range 3 { // parsed once, then from the cache
		if err := h.check(addr, remote, a); err != nil {
			t.Fatalf("known key refused: %v", err)
		}
	}
	write(b) // the router was re-keyed and the file updated
	if err := h.check(addr, remote, a); err == nil {
		t.Fatalf("the old key still accepted after the file changed: %v", err)
	}
	if err := h.check(addr, remote, b); err != nil {
		t.Fatalf("the new key refused: %v", err)
	}
	os.Remove(path)
	if err := h.check(addr, remote, b); err == nil {
		t.Fatal("a key accepted after known_hosts was removed")
	}
}
