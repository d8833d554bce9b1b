package iosxe

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// seedDevice adds every device fixture whose name starts with prefix and
// every corpus output in the given command folders (when the corpus is
// present) to the fuzz corpus.
func seedDevice(f *testing.F, prefix string, corpusDirs ...string) {
	f.Helper()
	files, _ := filepath.Glob(filepath.Join(deviceDir, prefix+"*.txt"))
	for _, d := range corpusDirs {
		for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
			m, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
			for _, p := range m {
				if !strings.Contains(p, ".expected.") {
					files = append(files, p)
				}
			}
		}
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

// fuzzInvariants: parsing twice gives the same result and error, and every
// cited line exists in the input.
func fuzzInvariants[T any](t *testing.T, parse func(string) (T, error), in string, spans func(T) []parsers.Span) {
	a, errA := parse(in)
	b, errB := parse(in)
	if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
		t.Fatalf("parse twice: errors %v and %v", errA, errB)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("parse twice: results differ:\n%+v\n%+v", a, b)
	}
	if errA != nil {
		return
	}
	n := len(parsers.Lines(in))
	for _, s := range spans(a) {
		if s.Start < 0 || s.End > n || s.Start > s.End {
			t.Fatalf("span %+v outside the %d input lines", s, n)
		}
	}
}

func FuzzParseInterfaces(f *testing.F) {
	seedDevice(f, "show_interfaces", "show_interfaces")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseInterfaces, in, func(ifs []parsers.Interface) []parsers.Span {
			var s []parsers.Span
			for _, it := range ifs {
				s = append(s, it.Span)
			}
			return s
		})
	})
}

func FuzzParseRunningConfig(f *testing.F) {
	seedDevice(f, "running_config", "show_running-config", "show_running-config_interface", "show_running-config_section_bgp")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseRunningConfig, in, func(rc *parsers.RunningConfig) []parsers.Span {
			var s []parsers.Span
			for _, ic := range rc.Interfaces {
				s = append(s, ic.Span)
			}
			for _, a := range rc.AccessLists {
				s = append(s, a.Span)
				for _, e := range a.Entries {
					s = append(s, parsers.Span{Start: e.Line, End: e.Line})
				}
			}
			if rc.BGP != nil {
				s = append(s, rc.BGP.Span)
				for _, nb := range rc.BGP.Neighbors {
					for _, l := range nb.Lines {
						s = append(s, parsers.Span{Start: l, End: l})
					}
				}
			}
			for _, r := range rc.StaticRoutes {
				s = append(s, parsers.Span{Start: r.Line, End: r.Line})
			}
			return s
		})
	})
}

func FuzzParsePing(f *testing.F) {
	seedDevice(f, "ping", "ping")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParsePing, in, func(p *parsers.Ping) []parsers.Span { return []parsers.Span{p.Span} })
	})
}

func FuzzParseVersion(f *testing.F) {
	seedDevice(f, "show_version", "show_version")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzInvariants(t, ParseVersion, in, func(v *parsers.Version) []parsers.Span { return []parsers.Span{v.Span} })
	})
}
