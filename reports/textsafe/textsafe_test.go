package textsafe

import (
	"net/netip"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"esc", "a\x1b[31mred", `a\x1b[31mred`},
		{"nul bel backspace", "n\x00b\x07s\x08", `n\x00b\x07s\x08`},
		{"newline and cr", "ok\r\nFAIL", `ok\r\nFAIL`},
		{"del", "x\x7fy", `x\x7fy`},
		{"raw 0x9b: CSI in an 8-bit stream", "a\x9b31mb", `a\x9b31mb`},
		{"U+009B: CSI as a code point", "a\u009b31mb", `a\u009b31mb`},
		{"U+0085 next line", "a\u0085b", `a\u0085b`},
		{"U+202E right-to-left override", "user\u202eexe.txt", `user\u202eexe.txt`},
		{"isolates", "\u2066x\u2069", `\u2066x\u2069`},
		{"marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"zero width and bom", "a\u200bb\ufeff", `a\u200bb\ufeff`},
		{"line separator", "a\u2028b\u2029", `a\u2028b\u2029`},
		{"tag character", "a\U000E0041", `a\U000e0041`},
		{"noncharacters", "\ufffe\uffff", `\ufffe\uffff`},
		{"truncated sequence", "Z\xc3rich", `Z\xc3rich`},
		{"invalid bytes", "\xff\xfe", `\xff\xfe`},
		{"overlong slash", "\xc0\xaf", `\xc0\xaf`},
		{"encoded surrogate", "\xed\xa0\x80", `\xed\xa0\x80`},
		{"replacement character kept", "a\ufffdb", "a\ufffdb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := String(tc.in)
			if got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !utf8.ValidString(got) || !Safe(got) {
				t.Errorf("String(%q) = %q is not safe itself", tc.in, got)
			}
			if String(got) != got {
				t.Errorf("String is not idempotent on %q", got)
			}
		})
	}
}

// TestStringKeepsOrdinaryText: what routers and people normally write
// comes out byte for byte.
func TestStringKeepsOrdinaryText(t *testing.T) {
	for _, s := range []string{
		"    #pkts encaps: 18233, #pkts encrypt: 18233, #pkts digest: 18233",
		" neighbor 100.64.1.1 password <redacted>",
		"Mar 14 02:05:11.311: %BGP-5-ADJCHANGE: neighbor 100.64.1.1 Up",
		"description Zürich – Genève ✔ 日本 Größe",
		"\tTab\tseparated\t",
		`back\slash \x1b typed as text`,
		"100% %s %d {{.x}} <b>&amp;</b> \"q\" 'q' `tick`",
		"Z\u0075\u0308rich", // combining diaeresis: a mark, not a control
		"a\u00a0b",          // no-break space
	} {
		if got := String(s); got != s {
			t.Errorf("String(%q) = %q, want it unchanged", s, got)
		}
		if !Safe(s) {
			t.Errorf("Safe(%q) = false, want true", s)
		}
	}
}

// TestEscapedClasses pins the classes: every C0 but tab, DEL, every C1,
// the bidi controls, and none of printable ASCII or Latin-1.
func TestEscapedClasses(t *testing.T) {
	for r := rune(0); r < 0x20; r++ {
		if got, want := Escaped(r), r != '\t'; got != want {
			t.Errorf("Escaped(%U) = %v, want %v", r, got, want)
		}
	}
	for r := rune(0x20); r < 0x7F; r++ {
		if Escaped(r) {
			t.Errorf("Escaped(%U) = true, want false (printable ASCII)", r)
		}
	}
	for r := rune(0x7F); r <= 0x9F; r++ {
		if !Escaped(r) {
			t.Errorf("Escaped(%U) = false, want true (DEL or C1)", r)
		}
	}
	for _, r := range []rune{0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C} {
		if !Escaped(r) {
			t.Errorf("Escaped(%U) = false, want true (bidi control)", r)
		}
	}
	for _, r := range []rune{'é', 'ü', 'ß', '✔', '日', 0xFFFD, 0xA0} {
		if Escaped(r) {
			t.Errorf("Escaped(%U) = true, want false", r)
		}
	}
}

// cmpOpts compare the test types, unexported fields included.
var cmpOpts = []cmp.Option{cmp.AllowUnexported(outer{}), cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })}

type inner struct {
	Name  string
	Lines []string
}

type kind string

type outer struct {
	Title   string
	Kind    kind
	At      time.Time
	Prefix  netip.Prefix
	Inner   inner
	Ptr     *inner
	NilPtr  *inner
	List    []inner
	NilList []string
	Empty   []string
	Arr     [2]string
	Map     map[string]float64
	Any     any
	N       int
	hidden  string
}

// TestCopy: every string at any depth is escaped, nil stays nil, other
// values are copied, and the input is left alone.
func TestCopy(t *testing.T) {
	bad := "x\x1b[2J\u202e\x9b"
	want := `x\x1b[2J\u202e\x9b`
	at := time.Date(2025, 3, 14, 2, 7, 31, 0, time.UTC)
	mk := func() outer {
		return outer{
			Title: bad, Kind: kind(bad), At: at, Prefix: netip.MustParsePrefix("203.0.113.0/24"),
			Inner: inner{bad, []string{bad, "ok"}}, Ptr: &inner{Name: bad},
			List: []inner{{Lines: []string{bad}}}, Empty: []string{}, Arr: [2]string{bad, "ok"},
			Map: map[string]float64{bad: 1}, Any: bad, N: 7, hidden: bad,
		}
	}
	in := mk()
	got := Copy(in)
	exp := outer{
		Title: want, Kind: kind(want), At: at, Prefix: netip.MustParsePrefix("203.0.113.0/24"),
		Inner: inner{want, []string{want, "ok"}}, Ptr: &inner{Name: want},
		List: []inner{{Lines: []string{want}}}, Empty: []string{}, Arr: [2]string{want, "ok"},
		Map: map[string]float64{want: 1}, Any: want, N: 7, hidden: bad,
	}
	if diff := cmp.Diff(exp, got, cmpOpts...); diff != "" {
		t.Errorf("Copy (-want +got):\n%s", diff)
	}
	if got.NilList != nil || got.NilPtr != nil || got.Empty == nil {
		t.Errorf("Copy changed nil-ness: NilList %v, NilPtr %v, Empty %v", got.NilList, got.NilPtr, got.Empty)
	}
	if diff := cmp.Diff(mk(), in, cmpOpts...); diff != "" {
		t.Errorf("Copy changed its input (-before +after):\n%s", diff)
	}
	if p := Copy(&in); p == &in || p.Title != want || in.Title != bad {
		t.Errorf("Copy(pointer) must return a new, escaped value and leave the input alone")
	}
	if got := Copy[*outer](nil); got != nil {
		t.Errorf("Copy(nil pointer) = %v, want nil", got)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31m", "\x9b", "\u009b", "\u202e", "\xff", "Zürich", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if !utf8.ValidString(got) {
			t.Fatalf("String(%q) = %q: not valid UTF-8", s, got)
		}
		for _, r := range got {
			if Escaped(r) {
				t.Fatalf("String(%q) = %q keeps %U", s, got, r)
			}
		}
		if String(got) != got {
			t.Fatalf("String not idempotent: %q -> %q -> %q", s, got, String(got))
		}
		if Safe(s) != (got == s) {
			t.Fatalf("Safe(%q) = %v but String changed it: %v", s, Safe(s), got != s)
		}
	})
}
