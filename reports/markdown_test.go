package reports

import (
	"strings"
	"testing"
)

func TestMDText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 198.51.100.1/32", "plain 198.51.100.1/32"},
		{"a | b", `a \| b`},
		{"`tick` and *star* _u_", "\\`tick\\` and \\*star\\* \\_u\\_"},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"[link](http://x)", `\[link\](http://x)`},
		{"# heading", `\# heading`},
		{"- item", `\- item`},
		{"1. first", `1\. first`},
		{"12) twelve", `12\) twelve`},
		{"1.5 ms", "1.5 ms"},
		{"203.0.113.0/24 on tunnel1", "203.0.113.0/24 on tunnel1"},
		{"7.", `7\.`},
		{"two\nlines\r\nhere", "two lines here"},
		{`back\slash &lt;`, `back\\slash \&lt;`},
		{"", ""},
	}
	for _, tc := range tests {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMDCode(t *testing.T) {
	tests := []struct {
		in      string
		inTable bool
		want    string
	}{
		{"show ip bgp", false, "`show ip bgp`"},
		{"show run | include bgp", false, "`show run | include bgp`"},
		{"show run | include bgp", true, "`show run \\| include bgp`"},
		{"a `b` c", false, "``a `b` c``"},
		{"a ``b`` c", false, "```a ``b`` c```"},
		{"`edge`", false, "`` `edge` ``"},
		{"", false, ""},
	}
	for _, tc := range tests {
		if got := mdCode(tc.in, tc.inTable); got != tc.want {
			t.Errorf("mdCode(%q, %v) = %q, want %q", tc.in, tc.inTable, got, tc.want)
		}
	}
}

// TestMarkdownHostile: device text cannot break a table row, close a code
// fence or smuggle HTML into the ticket.
func TestMarkdownHostile(t *testing.T) {
	out := string(render(t, Markdown, hostileReport, Options{}))
	prose := stripCodeSpans(outsideFences(out))
	for _, bad := range []string{"<script", "<img", "<b>", "<"} {
		if i := strings.Index(strings.ReplaceAll(prose, `\<`, ""), bad); i >= 0 {
			t.Errorf("Markdown(hostile) carries an unescaped %q outside code:\n%s", bad, prose)
		}
	}
	// The evidence with a ``` line must sit in a longer fence, verbatim
	// (the newline inside that device line is shown as \n: a cited line
	// stays one line).
	if !strings.Contains(out, "````text\n<script>alert(1)</script>\n") || !strings.Contains(out, "\n```\\n# not a heading\n") {
		t.Errorf("Markdown(hostile) evidence is not fenced verbatim with a longer fence:\n%s", out)
	}
	// Every table row keeps its column count: escaped pipes don't count.
	for _, l := range strings.Split(outsideFences(out), "\n") {
		if !strings.HasPrefix(l, "|") {
			continue
		}
		cells := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|")
		if cells != 7 && cells != 5 && cells != 4 {
			t.Errorf("table row has %d unescaped pipes: %q", cells, l)
		}
	}
}

// outsideFences drops fenced code blocks, where anything goes verbatim.
func outsideFences(md string) string {
	var b strings.Builder
	fence := ""
	for _, l := range strings.Split(md, "\n") {
		switch {
		case fence == "" && strings.HasPrefix(l, "```"):
			fence = strings.TrimSuffix(l, "text")
		case fence != "" && l == fence:
			fence = ""
		case fence == "":
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// TestMarkdownRootCauseFirst: what to fix comes before the ladder.
func TestMarkdownRootCauseFirst(t *testing.T) {
	out := string(render(t, Markdown, brokenReport, Options{}))
	order := []string{"**Overall: ✘ FAIL**", "| tunnel1 | DC-A |", "## Root cause and remediation", "- **Verify with:** `show crypto ikev2 sa`",
		"```text", "## Ladder", "## Other findings", "`gre.keepalive`", "## Site checks", "## Notes"}
	last := 0
	for _, s := range order {
		i := strings.Index(out[last:], s)
		if i < 0 {
			t.Fatalf("Markdown(broken) lacks %q after the previous part (order %q):\n%s", s, order, out)
		}
		last += i
	}
}

// stripCodeSpans drops inline code spans (a run of n backticks up to the
// next run of exactly n), where text is shown verbatim and cannot be markup.
func stripCodeSpans(md string) string {
	var b strings.Builder
	run := func(i int) int {
		n := 0
		for i+n < len(md) && md[i+n] == '`' {
			n++
		}
		return n
	}
	for i := 0; i < len(md); {
		if md[i] == '\\' && i+1 < len(md) {
			b.WriteString(md[i : i+2])
			i += 2
			continue
		}
		if md[i] != '`' {
			b.WriteByte(md[i])
			i++
			continue
		}
		n := run(i)
		j := i + n
		for j < len(md) && !(md[j] == '`' && run(j) == n) {
			if md[j] == '`' {
				j += run(j)
				continue
			}
			j++
		}
		b.WriteString("CODE")
		i = min(len(md), j+n)
	}
	return b.String()
}
