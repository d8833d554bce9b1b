package evidence

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/parsers"
)

func TestAddNumbersSamples(t *testing.T) {
	var c CPE
	for _, cmd := range []string{"show crypto ikev2 sa detail", "show version", "show crypto ikev2 sa detail"} {
		c.Add(&Output{Command: cmd, Kind: parsers.KindIKEv2SA})
	}
	var got []int
	for _, o := range c.Outputs {
		got = append(got, o.Sample)
	}
	if want := []int{1, 1, 2}; !cmp.Equal(got, want) {
		t.Errorf("samples = %v, want %v", got, want)
	}
}

func TestFindMatchesArgumentsCaseInsensitively(t *testing.T) {
	var c CPE
	c.Add(&Output{Command: "show interfaces Tunnel1", Kind: parsers.KindInterfaces, Arg: "Tunnel1"})
	c.Add(&Output{Command: "show interfaces Tunnel2", Kind: parsers.KindInterfaces, Arg: "Tunnel2"})
	c.Add(&Output{Command: "show interfaces", Kind: parsers.KindInterfaces})
	tests := []struct {
		arg  string
		want int
	}{{"tunnel1", 1}, {"Tunnel2", 1}, {"", 1}, {"*", 3}, {"Tunnel3", 0}}
	for _, tt := range tests {
		if got := len(c.Find(parsers.KindInterfaces, tt.arg)); got != tt.want {
			t.Errorf("Find(interfaces, %q) found %d outputs, want %d", tt.arg, got, tt.want)
		}
	}
	var nilCPE *CPE
	if got := nilCPE.Find(parsers.KindInterfaces, "*"); got != nil {
		t.Errorf("nil CPE Find = %v, want nil", got)
	}
}

func TestLatestPrefersParsedOutputs(t *testing.T) {
	good := &Output{Command: "a"}
	bad := &Output{Command: "a", Err: ErrCommandFailed}
	if got := Latest([]*Output{good, bad}); got != good {
		t.Errorf("Latest(good, failed) = %v, want the parsed one", got)
	}
	if got := Latest([]*Output{bad}); got != bad {
		t.Errorf("Latest(failed) = %v, want the failed one (its Err says why)", got)
	}
	if got := Latest(nil); got != nil {
		t.Errorf("Latest(nil) = %v, want nil", got)
	}
	if got := Parsed([]*Output{bad, good}); len(got) != 1 || got[0] != good {
		t.Errorf("Parsed = %v, want [good]", got)
	}
}

func TestExcerpt(t *testing.T) {
	o := &Output{Lines: []string{"one", "two", "three"}}
	tests := []struct {
		span parsers.Span
		want []string
	}{
		{parsers.Span{Start: 2, End: 3}, []string{"two", "three"}},
		{parsers.Span{Start: 3, End: 9}, []string{"three"}},
		{parsers.Span{Start: 2}, []string{"two"}},
		{parsers.Span{Start: 4, End: 5}, nil},
		{parsers.Span{}, nil},
	}
	for _, tt := range tests {
		if got := o.Excerpt(tt.span); !cmp.Equal(got, tt.want) {
			t.Errorf("Excerpt(%+v) = %q, want %q", tt.span, got, tt.want)
		}
	}
}

func TestSiteCPEs(t *testing.T) {
	var s Site
	s.EnsureCPE("cpe2")
	a := s.EnsureCPE("cpe1")
	if s.EnsureCPE("cpe1") != a {
		t.Error("EnsureCPE made a second cpe1")
	}
	if got, want := s.Names(), []string{"cpe1", "cpe2"}; !cmp.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if s.CPE("nope") != nil {
		t.Error("CPE(nope) != nil")
	}
}
