package iproute

import (
	"reflect"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

// checkTwice is the shared fuzz invariant: no panic, the same result from
// two parses, errors are *parsers.ParseError, spans inside the output.
func checkTwice[T any](t *testing.T, in string, parse func(string) (T, error), spans func(T) []parsers.Span) {
	a, errA := parse(in)
	b, errB := parse(in)
	if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
		t.Fatalf("errors differ: %v / %v", errA, errB)
	}
	if errA != nil {
		if pe := corpustest.WantParseError(t, errA); pe.Line < 0 || pe.Line > len(parsers.Lines(in))+1 {
			t.Fatalf("error line %d outside the output", pe.Line)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses differ:\n%+v\n%+v", a, b)
	}
	n := len(parsers.Lines(in))
	for _, s := range spans(a) {
		corpustest.CheckSpan(t, s, n)
	}
}

func addSeeds(f *testing.F, sub string, cmds ...string) {
	for _, c := range cmds {
		for _, s := range corpustest.SeedsFrom(f, sub, c) {
			f.Add(s)
		}
	}
}

func FuzzParseLinks(f *testing.F) {
	addSeeds(f, "link", "ip_-d_link_show", "ip_-s_link_show", "ip_-j_-s_link_show", "ip_link_show", "ip_address_show")
	for _, s := range []string{"link/pretty.json", "link/empty.json"} {
		f.Add(corpustest.Fixture(f, s))
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParseLinks, func(ls *Links) []parsers.Span {
			var out []parsers.Span
			for _, l := range ls.Links {
				out = append(out, l.Span)
			}
			return out
		})
	})
}

func FuzzParsePing(f *testing.F) {
	addSeeds(f, "ping", "ping", "ping_-M_do_-s_1372", "ping_-M_do_-s_1400")
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParsePing, func(p *Ping) []parsers.Span {
			out := []parsers.Span{p.Span}
			for _, pr := range p.Problems {
				out = append(out, parsers.Span{Start: pr.Line, End: pr.Line})
			}
			return out
		})
	})
}

func FuzzParseRouteGet(f *testing.F) {
	addSeeds(f, "route", "ip_route_get_X")
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParseRouteGet, func(r *Route) []parsers.Span { return []parsers.Span{r.Span} })
	})
}
