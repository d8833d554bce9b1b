package frr

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// seed adds every testdata file and every corpus file of the given
// folders.
func seed(f *testing.F, dirs ...string) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join("..", "..", "..", "..", "shared", "corpus", "frr", d)); err == nil {
			m, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "corpus", "frr", d, "*.txt"))
			files = append(files, m...)
		}
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

func checkSpan(t *testing.T, sp parsers.Span, nlines int) {
	t.Helper()
	if sp.Start < 1 || sp.End < sp.Start || sp.End > nlines+1 {
		t.Fatalf("bad span %+v for %d lines", sp, nlines)
	}
}

func fuzzTwice[T any](t *testing.T, s string, parse func(string) (T, error)) (T, bool) {
	a, err := parse(s)
	b, err2 := parse(s)
	if (err == nil) != (err2 == nil) || !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses differ")
	}
	return a, err == nil
}

func nlines(s string) int { return len(newLineIndex(s)) }

func FuzzParseSummary(f *testing.F) {
	seed(f, "show_bgp_summary", "show_ip_bgp_summary", "show_bgp_summary_json", "show_bgp_vrf_all_ipv4_summary_json")
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (*Summary, error){ParseSummary, ParseSummaryJSON} {
			if r, ok := fuzzTwice(t, s, parse); ok {
				for _, p := range r.Peers() {
					checkSpan(t, p.Span, nlines(s))
				}
			}
		}
	})
}

func FuzzParseRoutes(f *testing.F) {
	seed(f, "show_bgp_ipv4_unicast_neighbors_X_received-routes", "show_bgp_ipv4_unicast_neighbors_X_routes_json",
		"show_bgp_ipv4_unicast_neighbors_X_received-routes_json", "show_bgp_ipv4_unicast_neighbors_X_advertised-routes")
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (*RouteList, error){ParseRoutes, ParseRoutesJSON} {
			if r, ok := fuzzTwice(t, s, parse); ok {
				for _, p := range r.Paths {
					checkSpan(t, p.Span, nlines(s))
				}
			}
		}
	})
}

func FuzzParseNeighbors(f *testing.F) {
	seed(f, "show_ip_bgp_neighbors_X")
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := fuzzTwice(t, s, ParseNeighbors); ok {
			for _, n := range r.Neighbors {
				checkSpan(t, n.Span, nlines(s))
			}
		}
	})
}

func FuzzParseRoute(f *testing.F) {
	seed(f, "show_ip_route_X")
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (*RouteLookup, error){ParseRoute, ParseRouteJSON} {
			if r, ok := fuzzTwice(t, s, parse); ok {
				for _, e := range r.Entries {
					checkSpan(t, e.Span, nlines(s))
				}
			}
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	seed(f, "show_running-config")
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := fuzzTwice(t, s, ParseConfig); ok {
			for _, rt := range r.Routers {
				checkSpan(t, rt.Span, nlines(s))
			}
		}
		fuzzTwice(t, s, ParseVersion)
		once := RedactConfig(s)
		if RedactConfig(once) != once {
			t.Fatalf("RedactConfig not idempotent")
		}
		if nlines(once) != nlines(s) {
			t.Fatalf("RedactConfig changed the line count")
		}
	})
}
