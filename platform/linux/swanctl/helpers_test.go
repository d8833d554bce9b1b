package swanctl

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

// corpusDir returns ../shared/corpus/linux_strongswan/<cmd> next to the
// repository root, skipping the test when the corpus is absent (it is not
// part of the repository).
func corpusDir(t testing.TB, cmd string) string {
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

// corpusFiles lists the raw outputs (not expected parses) of a corpus folder.
func corpusFiles(t testing.TB, cmd string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(corpusDir(t, cmd), "*.txt"))
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

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	return readFile(t, filepath.Join("testdata", name))
}

// wantParseError fails unless err is a *parsers.ParseError.
func wantParseError(t *testing.T, err error) *parsers.ParseError {
	t.Helper()
	var pe *parsers.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v (%T), want *parsers.ParseError", err, err)
	}
	return pe
}

// seedsFrom returns every fixture under testdata/<sub> and, when present,
// every corpus output of cmd.
func seedsFrom(f *testing.F, sub, cmd string) []string {
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

func checkSpan(t *testing.T, s parsers.Span, n int) {
	t.Helper()
	if s.Start < 1 || s.End < s.Start || s.End > n {
		t.Fatalf("span %+v outside 1..%d", s, n)
	}
}

// diff is cmp.Diff treating the netip types as comparable values.
func diff(want, got any) string {
	return cmp.Diff(want, got, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{}, netip.AddrPort{}))
}
