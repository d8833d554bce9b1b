package collectors

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hostKeys checks a router's SSH host key against a known_hosts file the
// way OpenSSH does with StrictHostKeyChecking=yes (default) or accept-new.
// One value is shared by every connection of a dialer, so that two CPEs
// accepted at once append to the file one after the other.
type hostKeys struct {
	file      string // known_hosts path, "~" already expanded
	acceptNew bool
	// notices receives what OpenSSH would tell the user on stderr ("Warning:
	// Permanently added ..."): a key trusted on first use must not go
	// unsaid. nil says nothing.
	notices io.Writer

	mu sync.Mutex // serialises reading and appending the file
}

// knownHostsDefault is OpenSSH's user known_hosts file.
func knownHostsDefault() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".ssh", "known_hosts")
	}
	return filepath.Join(home, ".ssh", "known_hosts")
}

// expandHome turns a leading "~/" into the user's home directory, since
// the path may come from a flag the shell did not expand ("--known-hosts=~/x").
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

// load reads the known_hosts file. A missing file is an empty database:
// every host is unknown, which is what OpenSSH says too.
//
// The parsed file is kept (parsedKnownHosts) while its size and
// modification time stay the same: a fleet run dials a thousand CPEs
// against one known_hosts of a thousand lines, and parsing it on every
// dial made the dials quadratic (a third of a fleet run's CPU). Any
// change to the file, an accept-new append included, is read afresh.
func (h *hostKeys) load() (ssh.HostKeyCallback, error) {
	st, err := os.Stat(h.file)
	if errors.Is(err, os.ErrNotExist) {
		return func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }, nil
	}
	if err == nil {
		if cb := parsedKnownHosts.get(h.file, st); cb != nil {
			return cb, nil
		}
	}
	cb, err := knownhosts.New(h.file)
	if errors.Is(err, os.ErrNotExist) {
		return func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read known hosts %s: %w", h.file, err)
	}
	if st != nil {
		// Stat before the parse: a write in between leaves a stale stamp,
		// which only costs one more parse.
		parsedKnownHosts.put(h.file, st, cb)
	}
	return cb, nil
}

// knownHostsCache holds parsed known_hosts files by path, each with the
// size and modification time it was parsed at.
type knownHostsCache struct {
	mu    sync.Mutex
	files map[string]parsedFile
}

type parsedFile struct {
	size int64
	mod  time.Time
	cb   ssh.HostKeyCallback
}

var parsedKnownHosts = &knownHostsCache{files: map[string]parsedFile{}}

func (c *knownHostsCache) get(path string, st os.FileInfo) ssh.HostKeyCallback {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.files[path]; ok && f.size == st.Size() && f.mod.Equal(st.ModTime()) {
		return f.cb
	}
	return nil
}

func (c *knownHostsCache) put(path string, st os.FileInfo, cb ssh.HostKeyCallback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[path] = parsedFile{size: st.Size(), mod: st.ModTime(), cb: cb}
}

// algorithms returns the host key algorithms to ask addr for: those of the
// keys known_hosts holds for it, so that a router offering both an RSA and
// an Ed25519 key presents the one we know rather than looking "changed".
// It returns nil (x/crypto's default order) for an unknown host.
func (h *hostKeys) algorithms(addr string) []string {
	h.mu.Lock()
	cb, err := h.load()
	h.mu.Unlock()
	if err != nil {
		return nil
	}
	// A key no host can have: the answer lists every key known for addr.
	probe, err := ssh.NewPublicKey(ed25519.PublicKey(make([]byte, ed25519.PublicKeySize)))
	if err != nil {
		return nil
	}
	var ke *knownhosts.KeyError
	if !errors.As(cb(addr, fakeAddr(addr), probe), &ke) || len(ke.Want) == 0 {
		return nil
	}
	var algos []string
	seen := map[string]bool{}
	add := func(a ...string) {
		for _, s := range a {
			if !seen[s] {
				seen[s] = true
				algos = append(algos, s)
			}
		}
	}
	for _, k := range ke.Want {
		if k.Key.Type() == ssh.KeyAlgoRSA {
			add(ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA)
			continue
		}
		add(k.Key.Type())
	}
	return algos
}

// fakeAddr is the net.Addr knownhosts wants besides the host name; the
// name is preferred by knownhosts, so the address only has to parse.
type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

// check is the ssh.HostKeyCallback. addr is "host:port" as dialled.
func (h *hostKeys) check(addr string, remote net.Addr, key ssh.PublicKey) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	cb, err := h.load()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrHostKey, err)
	}
	err = cb(addr, remote, key)
	var ke *knownhosts.KeyError
	var re *knownhosts.RevokedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &re):
		return fmt.Errorf("%w: %s presents %s %s, which %s:%d marks as revoked",
			ErrHostKey, knownhosts.Normalize(addr), key.Type(), ssh.FingerprintSHA256(key),
			re.Revoked.Filename, re.Revoked.Line)
	case errors.As(err, &ke) && len(ke.Want) > 0:
		return changedKeyError(addr, key, ke.Want)
	case errors.As(err, &ke):
		if !h.acceptNew {
			return unknownKeyError(addr, key, h.file)
		}
		return h.appendKey(addr, key)
	}
	return fmt.Errorf("%w: %w", ErrHostKey, err)
}

// unknownKeyError names the fingerprint to compare with the router's own
// ("show ip ssh" / "show crypto key mypubkey") and both ways to trust it.
func unknownKeyError(addr string, key ssh.PublicKey, file string) error {
	host, port, _ := net.SplitHostPort(addr)
	scan := "ssh-keyscan " + host
	if port != "" && port != "22" {
		scan = "ssh-keyscan -p " + port + " " + host
	}
	return fmt.Errorf("%w: %s is not in %s; it presents %s %s: "+
		"compare that fingerprint with the router's, then rerun with --accept-new-host-key "+
		"or add it with `%s >> %s`",
		ErrHostKey, knownhosts.Normalize(addr), file, key.Type(), ssh.FingerprintSHA256(key), scan, file)
}

// changedKeyError is always fatal, whatever the flags: a changed key is
// either a re-keyed router or someone in the middle, and only a person can
// tell which.
func changedKeyError(addr string, key ssh.PublicKey, want []knownhosts.KnownKey) error {
	var lines []string
	for _, w := range want {
		lines = append(lines, fmt.Sprintf("%s:%d (%s %s)", w.Filename, w.Line, w.Key.Type(), ssh.FingerprintSHA256(w.Key)))
	}
	name := knownhosts.Normalize(addr)
	return fmt.Errorf("%w: %s now presents %s %s, but known_hosts holds %s: "+
		"someone may be intercepting the connection, or the router was re-keyed; "+
		"check with the router's owner before removing the old line (ssh-keygen -R '%s')",
		ErrHostKeyChange, name, key.Type(), ssh.FingerprintSHA256(key), strings.Join(lines, ", "), name)
}

// appendKey records an unknown host's key like OpenSSH's accept-new: one
// plain line, "[host]:port" when the port is not 22, so the user can read
// what was accepted. The file and its directory are created when missing.
func (h *hostKeys) appendKey(addr string, key ssh.PublicKey) error {
	if err := os.MkdirAll(filepath.Dir(h.file), 0o700); err != nil {
		return fmt.Errorf("%w: record the key of %s: %w", ErrHostKey, addr, err)
	}
	f, err := os.OpenFile(h.file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("%w: record the key of %s: %w", ErrHostKey, addr, err)
	}
	line := knownhosts.Line([]string{knownhosts.Normalize(addr)}, key) + "\n"
	if st, err := f.Stat(); err == nil && st.Size() > 0 && !endsWithNewline(h.file) {
		line = "\n" + line
	}
	_, werr := f.WriteString(line)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("%w: record the key of %s: %w", ErrHostKey, addr, werr)
	}
	if h.notices != nil {
		fmt.Fprintln(h.notices, permanentlyAdded(addr, key))
	}
	return nil
}

// permanentlyAdded is OpenSSH's own notice for a key accepted with
// StrictHostKeyChecking=accept-new, word for word, so that people and
// scripts that know ssh recognise it: "Warning: Permanently added
// '192.0.2.10' (ED25519) to the list of known hosts." The host is
// written as in known_hosts ("[host]:port" off port 22).
func permanentlyAdded(addr string, key ssh.PublicKey) string {
	return fmt.Sprintf("Warning: Permanently added '%s' (%s) to the list of known hosts.",
		knownhosts.Normalize(addr), keyTypeName(key.Type()))
}

// keyTypeName is the short key type OpenSSH prints (sshkey_type()):
// "ED25519", "RSA", "ECDSA", "ED25519-SK", ...
func keyTypeName(algo string) string {
	switch {
	case algo == ssh.KeyAlgoED25519:
		return "ED25519"
	case algo == ssh.KeyAlgoRSA:
		return "RSA"
	case algo == "ssh-dss":
		return "DSA"
	case algo == ssh.KeyAlgoSKED25519:
		return "ED25519-SK"
	case algo == ssh.KeyAlgoSKECDSA256:
		return "ECDSA-SK"
	case strings.HasPrefix(algo, "ecdsa-sha2-"):
		return "ECDSA"
	}
	return strings.ToUpper(algo)
}

// endsWithNewline reports whether the file's last byte is a newline, so an
// appended line never joins a hand-edited last line.
func endsWithNewline(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return true
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, st.Size()-1); err != nil {
		return true
	}
	return b[0] == '\n'
}

// skipHostKey accepts any key. It exists only behind the explicit
// --insecure-skip-host-key, which the report prints (SecurityNotes).
func skipHostKey(string, net.Addr, ssh.PublicKey) error { return nil }
