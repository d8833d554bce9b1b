package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
)

// parsedSuites reads JUnit XML back the way a CI tool would.
type parsedSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Tests int    `xml:"tests,attr"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, b []byte) parsedSuites {
	t.Helper()
	var p parsedSuites
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("JUnit output does not parse as XML: %v\n%s", err, b)
	}
	return p
}

// TestJUnitParsesBack: every fixture and demo report gives XML that parses,
// with one testcase per result and counts that add up.
func TestJUnitParsesBack(t *testing.T) {
	reports := map[string]func() *checks.Report{"hostile": hostileReport}
	for _, f := range fixtures {
		reports[f.name] = f.r
	}
	for _, name := range demoScenarios {
		reports["demo-"+name] = loadDemo(t, name)
	}
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			p := parseJUnit(t, render(t, JUnit, r, Options{}))
			want := map[checks.Status]int{}
			results := 0
			for _, tr := range r().Tunnels {
				for _, s := range tr.Stages {
					for _, res := range s.Checks {
						want[res.Status]++
						results++
					}
				}
			}
			for _, res := range r().SiteChecks {
				want[res.Status]++
				results++
			}
			got := parsedSuites{Tests: p.Tests, Failures: p.Failures, Errors: p.Errors, Skipped: p.Skipped}
			wantCounts := parsedSuites{Tests: results, Failures: want[checks.Fail], Errors: want[checks.Unknown], Skipped: want[checks.Skip]}
			if diff := cmp.Diff(wantCounts, got); diff != "" {
				t.Errorf("JUnit(%s) counts (-want +got):\n%s", name, diff)
			}
			cases := 0
			for _, s := range p.Suites {
				cases += len(s.Cases)
			}
			if cases != results {
				t.Errorf("JUnit(%s) has %d testcases, want one per result (%d)", name, cases, results)
			}
		})
	}
}

// TestJUnitStatusMapping pins how each status reaches CI: unknown must be an
// error (never a pass), warn a pass with a note.
func TestJUnitStatusMapping(t *testing.T) {
	p := parseJUnit(t, render(t, JUnit, brokenReport, Options{}))
	find := func(suite, id string) (string, string) {
		for _, s := range p.Suites {
			if !strings.HasPrefix(s.Name, suite) {
				continue
			}
			for _, c := range s.Cases {
				if c.Name != id {
					continue
				}
				switch {
				case c.Failure != nil:
					return "failure", c.Classname + ": " + c.Failure.Message
				case c.Error != nil:
					return "error", c.Classname + ": " + c.Error.Type + ": " + c.Error.Message
				case c.Skipped != nil:
					return "skipped", c.Classname + ": " + c.Skipped.Message
				case c.SystemOut != "":
					return "pass+out", c.Classname + ": " + strings.SplitN(c.SystemOut, "\n", 2)[0]
				}
				return "pass", c.Classname
			}
		}
		return "missing", ""
	}
	tests := []struct{ suite, id, kind, detail string }{
		{"tunnel1", "ikev2.sa-ready", "failure", "tunnel1.ikev2: no READY IKEv2 SA to 198.51.100.1 (status DELETE)"},
		{"tunnel1", "ipsec.sa-present", "skipped", "tunnel1.ipsec: blocked by ikev2.sa-ready"},
		{"tunnel1", "ikev2.proposal", "pass", "tunnel1.ikev2"},
		{"tunnel2", "ipsec.counters-rising", "error", "tunnel2.ipsec: unknown: only one sample of show crypto ipsec sa: cannot tell whether counters rise"},
		{"tunnel2", "gre.keepalive", "pass+out", "tunnel2.gre: WARN: no GRE keepalive on Tunnel2: a dead path is noticed only when BGP's hold timer expires"},
		{"site", "site.failover-ready", "failure", "site: backup 203.0.113.0/24 is learned on tunnel2 only"},
		{"site", "site.capacity", "pass+out", "site: WARN: combined load 212 Mbps is 85% of the 250 Mbps site limit"},
	}
	for _, tc := range tests {
		t.Run(tc.suite+"/"+tc.id, func(t *testing.T) {
			kind, detail := find(tc.suite, tc.id)
			if kind != tc.kind || detail != tc.detail {
				t.Errorf("JUnit testcase %s/%s = %s %q, want %s %q", tc.suite, tc.id, kind, detail, tc.kind, tc.detail)
			}
		})
	}
}

// TestJUnitHostile: device text cannot break the XML; evidence arrives
// verbatim except for control characters, which every format shows as a
// visible escape (reports/textsafe).
func TestJUnitHostile(t *testing.T) {
	out := render(t, JUnit, hostileReport, Options{})
	p := parseJUnit(t, out)
	var body string
	for _, c := range p.Suites[0].Cases {
		if c.Name == "ikev2.sa-ready" && c.Failure != nil {
			body = c.Failure.Body
		}
	}
	for _, want := range []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(4)>`, "</pre></details></body>", "]]><evil/> <![CDATA[", `esc \x1b[31mred`} {
		if !strings.Contains(body, want) {
			t.Errorf("JUnit(hostile) failure body lacks %q:\n%s", want, body)
		}
	}
	if bytes.ContainsAny(out, "\x00\x1b") {
		t.Error("JUnit(hostile) output carries control characters XML 1.0 forbids")
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttab\nnewline", "plain\ttab\nnewline"},
		{"nul\x00 esc\x1b bell\x07", "nul\uFFFD esc\uFFFD bell\uFFFD"},
		{"bad utf8 \xff end", "bad utf8 \uFFFD end"},
		{"\uFFFE", "\uFFFD"},
		{"]]> stays", "]]> stays"},
	}
	for _, tc := range tests {
		if got := xmlText(tc.in); got != tc.want {
			t.Errorf("xmlText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
