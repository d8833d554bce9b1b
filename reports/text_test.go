package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

func TestTextGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			checkGolden(t, f.name+".txt", render(t, Text, f.r, Options{}))
		})
	}
	t.Run("broken verbose", func(t *testing.T) {
		checkGolden(t, "broken.verbose.txt", render(t, Text, brokenReport, Options{Verbose: true}))
	})
	// Colour is forced on per color object, whatever fatih/color's global
	// NoColor says for the test process (never a terminal here).
	t.Run("broken color", func(t *testing.T) {
		checkGolden(t, "broken.color.txt", render(t, Text, brokenReport, Options{Color: true}))
	})
}

// TestTextNoColorHasNoEscapes: with Color off nothing may carry ANSI codes,
// even in a process where fatih/color's global would allow them.
func TestTextNoColorHasNoEscapes(t *testing.T) {
	for _, f := range fixtures {
		for _, verbose := range []bool{false, true} {
			out := render(t, Text, f.r, Options{Verbose: verbose})
			if strings.Contains(string(out), "\x1b[") {
				t.Errorf("Text(%s, verbose=%v) without colour contains an escape sequence", f.name, verbose)
			}
		}
	}
	if out := render(t, Text, brokenReport, Options{Color: true}); !strings.Contains(string(out), "\x1b[") {
		t.Errorf("Text(broken) with colour contains no escape sequence")
	}
}

// TestTextRootCauseFirst: the remediation is printed before the ladder and
// the ladder before the summary, as the engineer reads top to bottom.
func TestTextRootCauseFirst(t *testing.T) {
	out := string(render(t, Text, brokenReport, Options{}))
	order := []string{"overall: FAIL", "ROOT CAUSE AND REMEDIATION", "verify with: show crypto ikev2 sa",
		"LADDER", "- ipsec: skipped (blocked by ikev2.sa-ready)", "SITE CHECKS", "NOTES", "SUMMARY"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i < 0 {
			t.Fatalf("Text(broken) lacks %q:\n%s", s, out)
		}
		if i < last {
			t.Errorf("Text(broken): %q appears before the part preceding it in %q", s, order)
		}
		last = i
	}
	if n := strings.Count(out, "skipped (blocked by ikev2.sa-ready)"); n != 7 {
		// 6 fully skipped rungs + the collapsed line inside ikev2.
		t.Errorf("Text(broken) has %d collapsed skip lines, want 7:\n%s", n, out)
	}
}

// verbatimReport carries device text that a careless renderer would
// reinterpret: format verbs, template syntax, HTML, tabs, trailing spaces,
// leading spaces, non-ASCII and an empty line.
func verbatimReport() *checks.Report {
	r := brokenReport()
	lines := []string{
		"%BGP-3-NOTIFICATION: sent to neighbor 100.64.1.1 active 2/2 (peer in wrong AS) 2 bytes FC02",
		"100% %s %d %!v %%",
		"{{.Secret}} ${HOME} $(id)",
		"<b>bold</b> & \"quoted\" 'single'",
		"\tTab\tseparated\t",
		"trailing spaces   ",
		"      leading spaces",
		"",
		"Beschreibung: Größe ✔ ✘ 日本",
		`back\slash \n not a newline`,
	}
	bgp := &r.Tunnels[1].Stages[4].Checks[2]
	bgp.Status = checks.Warn
	bgp.Summary = "summary with %v and {{x}}"
	bgp.Expected = "expected 100%"
	bgp.Observed = "observed <none>"
	bgp.Hint = "hint: run `show ip bgp neighbors 100.64.1.5 | include %TCP`"
	bgp.Verify = "show logging | include %BGP"
	bgp.Evidence = []checks.Citation{{Command: "show logging | include %BGP", CPE: "cpe-%d", Lines: lines}}
	r.Notes = append(r.Notes, "note with %s and \\ and <html>")
	return r
}

func TestTextVerbatim(t *testing.T) {
	r := verbatimReport()
	bgp := r.Tunnels[1].Stages[4].Checks[2]
	for _, o := range []Options{{}, {Verbose: true}, {Color: true}, {Color: true, Verbose: true}} {
		out := string(render(t, Text, verbatimReport, o))
		for _, l := range bgp.Evidence[0].Lines {
			if want := "| " + l + "\n"; !strings.Contains(out, want) {
				t.Errorf("Text(%+v) lacks evidence line %q verbatim", o, want)
			}
		}
		for _, s := range []string{bgp.Summary, bgp.Expected, bgp.Observed, bgp.Hint, bgp.Verify,
			"cpe-%d# show logging | include %BGP", r.Notes[len(r.Notes)-1], r.Tunnels[0].RootCause.Summary} {
			if !strings.Contains(out, s) {
				t.Errorf("Text(%+v) lacks %q verbatim", o, s)
			}
		}
		if strings.Contains(out, "%!") && !strings.Contains(out, "%!v %%") {
			t.Errorf("Text(%+v) shows a fmt error verb: text was used as a format", o)
		}
	}
}

// TestTextDoesNotMutate: renderers never change the report they present.
func TestTextDoesNotMutate(t *testing.T) {
	r := brokenReport()
	render(t, Text, func() *checks.Report { return r }, Options{Verbose: true, Color: true})
	out := render(t, JSON, func() *checks.Report { return r }, Options{})
	want := render(t, JSON, brokenReport, Options{})
	if string(out) != string(want) {
		t.Errorf("Text changed its input report")
	}
}

// TestConcurrentRenders: colour is set per color object, never through
// fatih/color's global NoColor, so renders with and without colour can run
// at the same time (run with -race) and each gets what it asked for.
func TestConcurrentRenders(t *testing.T) {
	want := map[bool]string{
		false: string(render(t, Text, brokenReport, Options{})),
		true:  string(render(t, Text, brokenReport, Options{Color: true})),
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		color := i%2 == 0
		go func() {
			var b strings.Builder
			err := Text(&b, brokenReport(), Options{Color: color})
			if err == nil && b.String() != want[color] {
				err = fmt.Errorf("Text(color=%v) output differs under concurrency", color)
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
