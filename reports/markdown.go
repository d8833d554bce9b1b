package reports

import (
	"io"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// Markdown writes r to paste into a support case or ticket (GitHub-flavoured
// Markdown, which most trackers read): the verdict and a tunnel table first,
// then the root cause and remediation of each failing tunnel with its
// evidence in fenced code blocks, then one table per tunnel ladder, the
// other findings with their evidence, site checks and notes.
//
// Device text is escaped for where it lands: in running text and table
// cells, Markdown punctuation is backslash-escaped (so a '|' cannot split a
// cell nor a '<' open a tag); in code spans and fenced blocks it is verbatim,
// with a fence longer than any backtick run in it.
func Markdown(w io.Writer, r *checks.Report, o Options) error { return present(w, r, o, writeMarkdown) }

func writeMarkdown(w io.Writer, r *checks.Report, _ Options) error {
	m := &mdWriter{w: w}
	m.header(r)
	m.rootCauses(r)
	m.ladders(r)
	m.findings(r)
	m.siteChecks(r)
	m.notes(r)
	return m.err
}

// mdWriter writes lines and keeps the first write error.
type mdWriter struct {
	w   io.Writer
	err error
}

func (m *mdWriter) line(parts ...string) {
	if m.err != nil {
		return
	}
	_, m.err = io.WriteString(m.w, strings.Join(parts, "")+"\n")
}

// mdBadge is a status as a symbol and a word, bold when it needs action.
func mdBadge(s checks.Status) string {
	b := statusSymbol(s) + " " + statusWord(s)
	if s == checks.Fail || s == checks.Unknown || s == checks.Warn {
		return "**" + b + "**"
	}
	return b
}

func (m *mdWriter) header(r *checks.Report) {
	site := r.Profile.Name
	if r.Profile.Region != "" {
		site += " (" + r.Profile.Region + ")"
	}
	code := r.ExitCode()
	m.line("# vcdiag report: ", mdText(site))
	m.line()
	m.line("**Overall: ", statusSymbol(r.Status), " ", strings.ToUpper(statusWord(r.Status)), "** (exit ", strconv.Itoa(code), ": ",
		exitMeaning(code), "). Generated ", formatTime(r.GeneratedAt), " by vcdiag ", mdText(orDash(r.VcdiagVersion)), ".")
	for _, sec := range r.Security {
		m.line()
		m.line("**Insecure:** ", mdText(sec))
	}
	m.collectionFailures(r)
	m.line()
	m.line(mdCounts(r))
	if len(r.Tunnels) == 0 {
		return
	}
	m.line()
	m.line("| Tunnel | DC | CPE | Interface | Status | Root cause |")
	m.line("|---|---|---|---|---|---|")
	for _, t := range r.Tunnels {
		rc := ""
		if t.RootCause != nil {
			rc = mdCode(t.RootCause.Check, true) + " [" + mdText(string(t.RootCause.Stage)) + "]"
		} else if cpe, ok := notCollected(t); ok {
			rc = "not collected from " + mdCell(cpe)
		}
		m.line("| ", mdCell(t.Name), " | ", mdCell(dcLabel(t.DC)), " | ", mdCell(t.CPE), " | ", mdCell(t.Interface), " | ", mdBadge(t.Status), " | ", rc, " |")
	}
	for _, rc := range r.SiteRootCauses {
		m.line("| site |  |  |  | ", mdBadge(checks.Fail), " | ", mdCode(rc.Check, true), " [", mdText(string(rc.Stage)), "] |")
	}
}

// collectionFailures writes, under the verdict, each CPE that could not be
// collected: the cause, the fix, the error once and what it left unknown.
func (m *mdWriter) collectionFailures(r *checks.Report) {
	for _, f := range r.CollectionFailures {
		what := "was not collected"
		if !f.Nothing() {
			what = "was collected only in part"
		}
		m.line()
		m.line("**", statusSymbol(checks.Fail), " ", mdText(f.CPE+hostSuffix(f.Host)), " ", what, ":** ", mdText(f.Summary))
		m.line()
		m.line("- **Fix:** ", mdText(f.Fix))
		if f.Detail != "" {
			m.line("- **Error:** ", mdCode(f.Detail, false))
		}
		if len(f.Missing) > 0 {
			m.line("- **Missing:** ", mdText(strings.Join(f.Missing, ", ")))
		}
		if g := groupedChecks(f); g != "" {
			m.line("- **Unknown:** ", mdText(g))
		}
	}
}

// mdCounts is the one-line tally of results per status.
func mdCounts(r *checks.Report) string {
	parts := []string{}
	total := 0
	for _, c := range countStatuses(r) {
		parts = append(parts, strconv.Itoa(c.N)+" "+statusWord(c.Status))
		total += c.N
	}
	return strconv.Itoa(total) + " checks: " + strings.Join(parts, ", ") + "."
}

func (m *mdWriter) rootCauses(r *checks.Report) {
	headed := false
	for _, t := range r.Tunnels {
		rc := t.RootCause
		if rc == nil {
			continue
		}
		if !headed {
			m.line()
			m.line("## Root cause and remediation")
			headed = true
		}
		res, found := findResult(t, rc.Check)
		st := checks.Fail
		if found {
			st = res.Status
		}
		hint := rc.Hint
		if hint == "" {
			hint = res.Hint
		}
		m.line()
		m.line("### ", mdText(tunnelLabel(t)), ": ", mdBadge(st), " ", mdCode(rc.Check, false), " [", mdText(string(rc.Stage)), "]")
		m.line()
		m.line(mdText(rc.Summary))
		m.details(res, hint)
	}
	for _, rc := range r.SiteRootCauses {
		if !headed {
			m.line()
			m.line("## Root cause and remediation")
			headed = true
		}
		res, _ := siteResult(r, rc.Check)
		m.line()
		m.line("### site: ", mdBadge(checks.Fail), " ", mdCode(rc.Check, false), " [", mdText(string(rc.Stage)), "]")
		m.line()
		m.line(mdText(rc.Summary))
		m.details(res, rc.Hint)
	}
}

// details writes a result's fields as a list, then its evidence.
func (m *mdWriter) details(res checks.Result, hint string) {
	items := []struct{ label, v string }{{"Expected", res.Expected}, {"Observed", res.Observed}, {"Fix", hint}}
	first := true
	for _, it := range items {
		if it.v == "" {
			continue
		}
		if first {
			m.line()
			first = false
		}
		m.line("- **", it.label, ":** ", mdText(it.v))
	}
	if res.Verify != "" {
		if first {
			m.line()
		}
		m.line("- **Verify with:** ", mdCode(res.Verify, false))
	}
	for _, c := range res.Evidence {
		m.line()
		origin := strings.TrimSpace(citationOrigin(c))
		if origin != "" {
			origin = " (" + mdText(strings.Trim(origin, "[]")) + ")"
		}
		m.line("Evidence: ", mdCode(c.CPE+"# "+c.Command, false), origin)
		m.line()
		m.fenced(c.Lines)
	}
}

// fenced writes lines verbatim in a code block whose fence is longer than
// any run of backticks in them, so device output cannot close it early.
func (m *mdWriter) fenced(lines []string) {
	fence := strings.Repeat("`", max(3, longestRun(strings.Join(lines, "\n"), '`')+1))
	m.line(fence, "text")
	if len(lines) == 0 {
		m.line("(no lines cited)")
	}
	for _, l := range lines {
		m.line(strings.ReplaceAll(l, "\r", ""))
	}
	m.line(fence)
}

func (m *mdWriter) notes(r *checks.Report) {
	if len(r.Notes) == 0 {
		return
	}
	m.line()
	m.line("## Notes")
	m.line()
	for _, n := range r.Notes {
		m.line("- ", mdText(n))
	}
}
