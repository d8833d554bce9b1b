// Package corpustest holds the test helpers of the platforms' parser
// packages: finding ../shared/corpus from the repository root, reading
// fixtures, fuzz seeds, and comparing records with netip values in them.
package corpustest

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vcdiag/vcdiag/parsers"
)

// Root returns the repository root, skipping the test when there is none.
func Root(t testing.TB) string {
	t.Helper()
	dir, ok := findRoot()
	if !ok {
		t.Skip("repository root not found")
	}
	return dir
}

// findRoot returns the nearest folder up from the test's holding go.mod.
func findRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Corpus returns ../shared/corpus/<parts...> next to the repository root,
// skipping the test when it is absent (the corpus is not part of the
// repository).
func Corpus(t testing.TB, parts ...string) string {
	t.Helper()
	d := filepath.Join(append([]string{Root(t), "..", "shared", "corpus"}, parts...)...)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not present at %s", d)
	}
	return d
}

// CorpusDir is Corpus of a Linux (strongSwan, iproute2) command's folder.
func CorpusDir(t testing.TB, cmd string) string {
	t.Helper()
	return Corpus(t, "linux_strongswan", cmd)
}

// CorpusFiles lists the raw outputs (not expected parses) of a corpus folder.
func CorpusFiles(t testing.TB, cmd string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(CorpusDir(t, cmd), "*.txt"))
	var out []string
	for _, p := range m {
		if !strings.Contains(filepath.Base(p), ".expected.") {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Skipf("no corpus files for %s", cmd)
	}
	return out
}

func ReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func Fixture(t testing.TB, name string) string {
	t.Helper()
	return ReadFile(t, filepath.Join("testdata", name))
}

// WantParseError fails unless err is a *parsers.ParseError.
func WantParseError(t testing.TB, err error) *parsers.ParseError {
	t.Helper()
	var pe *parsers.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v (%T), want *parsers.ParseError", err, err)
	}
	return pe
}

// SeedsFrom returns every fixture under testdata/<sub> and, when present,
// every corpus output of cmd.
func SeedsFrom(f *testing.F, sub, cmd string) []string {
	var paths []string
	m, _ := filepath.Glob(filepath.Join("testdata", sub, "*.txt"))
	paths = append(paths, m...)
	if root, ok := findRoot(); ok {
		c, _ := filepath.Glob(filepath.Join(root, "..", "shared", "corpus", "linux_strongswan", cmd, "*.txt"))
		paths = append(paths, c...)
	}
	var out []string
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

func CheckSpan(t testing.TB, s parsers.Span, n int) {
	t.Helper()
	if s.Start < 1 || s.End < s.Start || s.End > n {
		t.Fatalf("span %+v outside 1..%d", s, n)
	}
}

// Diff is cmp.Diff treating the netip types as comparable values.
func Diff(want, got any) string {
	return cmp.Diff(want, got, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}, netip.AddrPort{}))
}
