// Package corpustest holds the test helpers of the Linux parser packages:
// finding ../shared/corpus from the repository root, reading fixtures,
// fuzz seeds, and comparing records with netip values in them.
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

// CorpusDir returns ../shared/corpus/linux_strongswan/<cmd> next to the
// repository root, skipping the test when the corpus is absent (it is not
// part of the repository).
func CorpusDir(t testing.TB, cmd string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "corpus", "linux_strongswan", cmd)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus not present at %s", d)
	}
	return d
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
	if dir, err := os.Getwd(); err == nil {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				c, _ := filepath.Glob(filepath.Join(d, "..", "shared", "corpus", "linux_strongswan", cmd, "*.txt"))
				paths = append(paths, c...)
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
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
