package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// JUnit writes r as JUnit XML for CI pipelines that run vcdiag after a
// change window: one <testsuite> per tunnel plus one for the site checks,
// one <testcase> per check, named by check ID, with classname
// "<tunnel>.<stage>" (the rung, prefixed by the tunnel so CI tools that group
// by class keep the two tunnels apart).
//
// Statuses map as follows, so no pipeline can read "could not check" as a
// pass:
//
//	pass    -> a passing testcase
//	warn    -> a passing testcase whose <system-out> starts "WARN:" (it works, at risk)
//	fail    -> <failure message=summary type="fail"> with expected, observed, fix and evidence
//	unknown -> <error message=summary type="unknown">: the check could not run,
//	           which CI tools count as a broken test, never as a pass
//	skip    -> <skipped message="blocked by ...">
func JUnit(w io.Writer, r *checks.Report, o Options) error { return present(w, r, o, writeJUnit) }

func writeJUnit(w io.Writer, r *checks.Report, _ Options) error {
	doc := junitSuites{Name: "vcdiag " + r.Profile.Name}
	stamp := ""
	if !r.GeneratedAt.IsZero() {
		// The Ant schema's timestamp has no zone; it is UTC here.
		stamp = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, t := range r.Tunnels {
		s := junitSuite{Name: tunnelLabel(t), Hostname: t.CPE, Timestamp: stamp, Properties: []junitProperty{
			{"tunnel", t.Name}, {"dc", dcLabel(t.DC)}, {"cpe", t.CPE}, {"interface", t.Interface}, {"status", t.Status.String()},
		}}
		if t.RootCause != nil {
			s.Properties = append(s.Properties, junitProperty{"root_cause", t.RootCause.Check})
		}
		for _, st := range t.Stages {
			for _, res := range st.Checks {
				s.add(newTestcase(t.Name+"."+string(st.Stage), res))
			}
		}
		doc.add(s)
	}
	if len(r.SiteChecks) > 0 {
		s := junitSuite{Name: "site", Timestamp: stamp}
		for _, res := range r.SiteChecks {
			s.add(newTestcase(string(checks.StageSite), res))
		}
		doc.add(s)
	}
	doc.Properties = []junitProperty{{"profile", r.Profile.Name}, {"region", r.Profile.Region},
		{"status", r.Status.String()}, {"exit_code", strconv.Itoa(r.ExitCode())}, {"vcdiag_version", r.VcdiagVersion}}
	for _, n := range r.Notes {
		doc.Properties = append(doc.Properties, junitProperty{"note", n})
	}
	if err := encodeJUnit(w, doc); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	return nil
}

// encodeJUnit writes the XML header, the indented document and a final
// newline.
func encodeJUnit(w io.Writer, doc junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// The JUnit XML elements vcdiag writes: the common subset that Jenkins,
// GitLab, GitHub test-report actions and Azure DevOps all read.
type junitSuites struct {
	XMLName    xml.Name        `xml:"testsuites"`
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Suites     []junitSuite    `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Hostname   string          `xml:"hostname,attr,omitempty"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junitText is element text kept as CDATA so multi-line evidence stays
// readable in the file (chardata would write every newline as "&#xA;").
type junitText struct {
	Text string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

func (d *junitSuites) add(s junitSuite) {
	d.Suites = append(d.Suites, s)
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Errors += s.Errors
	d.Skipped += s.Skipped
}

func (s *junitSuite) add(c junitCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	switch {
	case c.Failure != nil:
		s.Failures++
	case c.Error != nil:
		s.Errors++
	case c.Skipped != nil:
		s.Skipped++
	}
}

// newTestcase maps one result; the mapping is documented on JUnit.
func newTestcase(class string, res checks.Result) junitCase {
	c := junitCase{Name: res.ID, Classname: class}
	switch res.Status {
	case checks.Pass:
	case checks.Warn:
		c.SystemOut = &junitText{xmlText("WARN: " + res.Summary + "\n" + junitBody(res))}
	case checks.Fail:
		c.Failure = &junitProblem{Message: res.Summary, Type: "fail", Body: xmlText(junitBody(res))}
	case checks.Skip:
		msg := "not evaluated"
		if res.BlockedBy != "" {
			msg = "blocked by " + res.BlockedBy
		}
		c.Skipped = &junitSkipped{Message: msg}
	default: // Unknown, and any status this version does not know
		c.Error = &junitProblem{Message: res.Summary, Type: statusWord(res.Status), Body: xmlText(junitBody(res))}
	}
	return c
}

// junitBody is the plain-text detail of a result: fields, then each cited
// command with its lines verbatim (encoding/xml escapes them).
func junitBody(res checks.Result) string {
	var b strings.Builder
	for _, f := range []struct{ label, v string }{
		{"expected", res.Expected}, {"observed", res.Observed}, {"fix", res.Hint}, {"verify with", res.Verify},
	} {
		if f.v != "" {
			b.WriteString(f.label + ": " + f.v + "\n")
		}
	}
	for _, c := range res.Evidence {
		b.WriteString("\n" + c.CPE + "# " + c.Command + citationOrigin(c) + "\n")
		for _, l := range c.Lines {
			b.WriteString("  | " + l + "\n")
		}
	}
	return b.String()
}

// xmlText replaces what XML 1.0 cannot carry (control characters other than
// tab and newline, lone surrogates, U+FFFE/U+FFFF) with U+FFFD. encoding/xml
// does this for attributes and chardata but not for CDATA. Device text has
// already been escaped by present (safe.go), so this is a backstop that
// keeps the document well-formed whatever a body is built from.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}
