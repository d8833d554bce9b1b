package swanctl

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
		corpustest.WantParseError(t, errA)
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

func FuzzParseListSAs(f *testing.F) {
	for _, s := range corpustest.SeedsFrom(f, "list-sas", "swanctl_--list-sas") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParseListSAs, func(r *SAs) []parsers.Span {
			var out []parsers.Span
			for _, ike := range r.IKE {
				out = append(out, ike.Span)
				for _, c := range ike.Children {
					out = append(out, c.Span)
					if c.Span.Start < ike.Span.Start || c.Span.End > ike.Span.End {
						t.Fatalf("child span %+v outside IKE span %+v", c.Span, ike.Span)
					}
				}
			}
			return out
		})
	})
}

func FuzzParseListConns(f *testing.F) {
	for _, s := range corpustest.SeedsFrom(f, "list-conns", "swanctl_--list-conns") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParseListConns, func(r *Conns) []parsers.Span {
			var out []parsers.Span
			for _, c := range r.Conns {
				out = append(out, c.Span)
				for _, ch := range c.Children {
					out = append(out, ch.Span)
				}
				for _, a := range append(append([]Auth{}, c.LocalAuth...), c.RemoteAuth...) {
					out = append(out, a.Span)
				}
			}
			return out
		})
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range corpustest.SeedsFrom(f, "version", "swanctl_--version") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkTwice(t, in, ParseVersion, func(v *Version) []parsers.Span { return []parsers.Span{v.Span} })
	})
}
