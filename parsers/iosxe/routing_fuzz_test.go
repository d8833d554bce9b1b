package iosxe

import (
	"os"
	"path/filepath"
	"testing"

	"reflect"
)

// seedRouting adds every routing fixture and the corpus outputs of dirs.
func seedRouting(f *testing.F, dirs ...string) {
	paths, _ := filepath.Glob("testdata/routing/*.txt")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	if _, err := os.Stat(corpusRoot); err != nil {
		return
	}
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		for _, d := range dirs {
			ps, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
			for _, p := range ps {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(string(b))
				}
			}
		}
	}
}

// fuzzTwice checks the invariants of every parser: no panic, and parsing
// the same input twice gives the same result.
func fuzzTwice[T any](f *testing.F, parse func(string) (T, error), dirs ...string) {
	seedRouting(f, dirs...)
	f.Fuzz(func(t *testing.T, in string) {
		a, errA := parse(in)
		b, errB := parse(in)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("parse twice: errors %v, %v", errA, errB)
		}
		// reflect, not go-cmp: netip values have unexported fields, and
		// DeepEqual compares them as the == the package documents.
		if errA == nil && !reflect.DeepEqual(a, b) {
			t.Fatalf("parse twice differs:\n%+v\n%+v", a, b)
		}
	})
}

func FuzzParseBGPSummary(f *testing.F) {
	fuzzTwice(f, ParseBGPSummary, routingCorpus[0].dirs...)
}

func FuzzParseBGPNeighbors(f *testing.F) {
	fuzzTwice(f, ParseBGPNeighbors, routingCorpus[1].dirs...)
}

func FuzzParseBGPTable(f *testing.F) {
	fuzzTwice(f, ParseBGPTable, routingCorpus[2].dirs...)
}

func FuzzParseRouteLookup(f *testing.F) {
	fuzzTwice(f, ParseRouteLookup, routingCorpus[3].dirs...)
}

func FuzzParseRouteTable(f *testing.F) {
	fuzzTwice(f, ParseRouteTable, routingCorpus[4].dirs...)
}
