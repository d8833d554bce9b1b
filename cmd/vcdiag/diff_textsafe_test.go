package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// TestDiffTextIsSafe: `vcdiag diff` prints tunnel names, check summaries
// and observations from two report files, which are untrusted input (a
// hand-made or older report). A control character, a C1 CSI, a bidi
// override or a byte that is not UTF-8 in them must reach the terminal as
// its visible escape, as in every report format (reports/textsafe).
func TestDiffTextIsSafe(t *testing.T) {
	const bad = "\x1b[2J\u009b31m\u202eFAIL\rPASS"
	const shown = `\x1b[2J\u009b31m\u202eFAIL\rPASS`
	load := func(name string) *checks.Report {
		b, err := os.ReadFile(goldenReport(name))
		if err != nil {
			t.Fatal(err)
		}
		var r checks.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		for i := range r.Tunnels {
			if r.Tunnels[i].Name == "tunnel2" {
				r.Tunnels[i].Name = "tunnel2" + bad
			}
		}
		return &r
	}
	old, cur := load("healthy"), load("routes-missing-backup")
	for i := range cur.Tunnels {
		for j := range cur.Tunnels[i].Stages {
			for k := range cur.Tunnels[i].Stages[j].Checks {
				if c := &cur.Tunnels[i].Stages[j].Checks[k]; c.ID == "routes.backup-24" {
					c.Summary, c.Observed = "summary "+bad, "observed "+bad
				}
			}
		}
	}
	tmp := t.TempDir()
	write := func(name string, r *checks.Report) string {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oldPath, newPath := write("old.json", old), write("new.json", cur)

	out, errOut, code := runCLI(t, "", "diff", oldPath, newPath)
	if code != exitFail {
		t.Fatalf("vcdiag diff: exit %d, want %d\n%s%s", code, exitFail, out, errOut)
	}
	assertSafeText(t, "vcdiag diff", out)
	for _, want := range []string{"tunnel2" + shown + " routes.backup-24: pass -> fail: summary " + shown, "now:    observed " + shown} {
		if !strings.Contains(out, want) {
			t.Errorf("vcdiag diff stdout lacks %q:\n%s", want, out)
		}
	}

	// Straight to the writer, with what a JSON file cannot carry (bytes
	// that are not UTF-8) and in the path printed in the heading.
	c := checks.Diff(old, cur)
	c.Notes = append(c.Notes, "note \x9b2J \xff")
	for i := range c.Checks {
		c.Checks[i].Gained = append(c.Checks[i].Gained, "203.0.113.0/24\u202e")
	}
	var b strings.Builder
	if err := writeChangesText(&b, "old\x1b].json", old, cur, c); err != nil {
		t.Fatal(err)
	}
	assertSafeText(t, "writeChangesText", b.String())
	for _, want := range []string{`old\x1b].json`, `note \x9b2J \xff`, `203.0.113.0/24\u202e`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("writeChangesText lacks %q:\n%s", want, b.String())
		}
	}
	if c.Notes[len(c.Notes)-1] != "note \x9b2J \xff" {
		t.Error("writeChangesText changed the changes it was given")
	}
}

// assertSafeText fails on an invalid UTF-8 byte or a rune textsafe
// escapes, other than the newlines that end lines.
func assertSafeText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: output is not valid UTF-8: %q", what, s)
	}
	for _, r := range s {
		if r != '\n' && textsafe.Escaped(r) {
			t.Errorf("%s: output carries a raw %U: %q", what, r, s)
			return
		}
	}
}
