package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// seed adds every testdata file and every corpus file of this platform.
func seed(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	root := filepath.Join(repoRoot(f), "..", "shared", "corpus", "juniper_junos")
	m, _ := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	files = append(files, m...)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

func twice[T any](t *testing.T, s string, parse func(string) (T, error)) {
	a, err := parse(s)
	b, err2 := parse(s)
	if (err == nil) != (err2 == nil) || !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses differ")
	}
	if err != nil {
		if _, ok := err.(*parsers.ParseError); !ok {
			t.Fatalf("error %T is not a *parsers.ParseError", err)
		}
	}
}

func FuzzParseIKESAs(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseIKESAs) })
}

func FuzzParseIPsecSAs(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseIPsecSAs)
		twice(t, s, ParseIPsecStats)
	})
}

func FuzzParseBGP(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseBGPSummary)
		twice(t, s, ParseBGPNeighbors)
	})
}

func FuzzParseRoutes(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseRoutes) })
}

func FuzzParseConfig(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, func(s string) (*Config, error) { return ParseConfig(s, "security ike") })
		r := RedactConfig(s)
		if RedactConfig(r) != r {
			t.Fatalf("redaction not idempotent")
		}
	})
}

func FuzzParsePing(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParsePing) })
}

func FuzzParseInterfaces(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseInterfaces) })
}

func FuzzParseLog(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseLog) })
}
