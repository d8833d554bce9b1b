package iosxe

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// addCryptoSeeds seeds f with our fixtures and, when present, every corpus
// output of the given command folders.
func addCryptoSeeds(f *testing.F, dirs ...string) {
	f.Helper()
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "crypto", "*.txt"))
	paths := fixtures
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		for _, d := range dirs {
			m, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
			paths = append(paths, m...)
		}
	}
	for _, p := range paths {
		if strings.Contains(filepath.Base(p), ".expected.") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

// checkDeterministic is the invariant shared by the crypto fuzz targets:
// parsing twice gives the same records (or the same error), and every span
// lies inside the output.
func checkDeterministic[T any](t *testing.T, in string, parse func(string) ([]T, error), span func(T) parsers.Span) {
	a, errA := parse(in)
	b, errB := parse(in)
	if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
		t.Fatalf("errors differ between two parses: %v / %v", errA, errB)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses of the same input differ:\n%+v\n%+v", a, b)
	}
	n := len(parsers.Lines(in))
	for _, r := range a {
		if s := span(r); s.Start < 1 || s.End < s.Start || s.End > n {
			t.Fatalf("span %+v outside 1..%d", s, n)
		}
	}
}

func FuzzParseIKEv2SA(f *testing.F) {
	addCryptoSeeds(f, ikev2CorpusDirs...)
	f.Fuzz(func(t *testing.T, in string) {
		checkDeterministic(t, in, ParseIKEv2SA, func(s parsers.IKEv2SA) parsers.Span { return s.Span })
	})
}

func FuzzParseIPsecSA(f *testing.F) {
	addCryptoSeeds(f, ipsecCorpusDirs...)
	f.Fuzz(func(t *testing.T, in string) {
		checkDeterministic(t, in, ParseIPsecSA, func(s parsers.IPsecFlow) parsers.Span { return s.Span })
		// The IPsec parser numbers lines itself; it must agree with parsers.Lines.
		if got, want := len(scanLines(in)), len(parsers.Lines(in)); got != want {
			t.Fatalf("lineScanner found %d lines, parsers.Lines %d", got, want)
		}
	})
}

func FuzzParseCryptoSession(f *testing.F) {
	addCryptoSeeds(f, sessionCorpusDirs...)
	f.Fuzz(func(t *testing.T, in string) {
		checkDeterministic(t, in, ParseCryptoSession, func(s parsers.CryptoSession) parsers.Span { return s.Span })
	})
}
