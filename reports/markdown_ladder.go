package reports

import (
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// This file lays out the ladder and site tables of the Markdown report and
// holds the escaping helpers for device text.

// ladders writes one table per tunnel: a row per evaluated check, and one
// row per rung for its skipped checks. The rung's name and status head its
// first row only, so the table reads rung by rung.
func (m *mdWriter) ladders(r *checks.Report) {
	if len(r.Tunnels) == 0 {
		return
	}
	m.line()
	m.line("## Ladder")
	for _, t := range r.Tunnels {
		m.line()
		m.line("### ", mdText(tunnelLabel(t)), ": ", mdBadge(t.Status))
		m.line()
		if len(t.Stages) == 0 {
			m.line("(no checks ran)")
			continue
		}
		if cpe, ok := notCollected(t); ok {
			m.line(mdText(notCollectedLine(cpe)))
			continue
		}
		rootID := ""
		if t.RootCause != nil {
			rootID = t.RootCause.Check
		}
		m.line("| Rung | Status | Check | Result |")
		m.line("|---|---|---|---|")
		for _, s := range t.Stages {
			m.stageRows(s, rootID)
		}
	}
}

func (m *mdWriter) stageRows(s checks.StageResult, rootID string) {
	rung := "**" + mdCell(string(s.Stage)) + "** (" + statusWord(s.Status) + ")"
	if allPass(s.Checks) {
		// A rung that holds is one row: the ticket reader needs to see
		// that it was checked, not each check's wording.
		ids := make([]string, len(s.Checks))
		for i, res := range s.Checks {
			ids[i] = mdCode(res.ID, true)
		}
		m.line("| ", rung, " | ", mdBadge(checks.Pass), " | ", strings.Join(ids, ", "), " | all pass |")
		return
	}
	var skipped []checks.Result
	for _, res := range s.Checks {
		if res.Status == checks.Skip {
			skipped = append(skipped, res)
			continue
		}
		summary := mdCell(res.Summary)
		if res.CollectionFailed != "" {
			summary = mdCell(notCollectedLine(res.CollectionFailed))
		}
		if res.ID == rootID {
			summary += " **(root cause)**"
		}
		m.line("| ", rung, " | ", mdBadge(res.Status), " | ", mdCode(res.ID, true), " | ", summary, " |")
		rung = ""
	}
	if len(skipped) == 0 {
		return
	}
	ids := make([]string, len(skipped))
	for i, res := range skipped {
		ids[i] = mdCode(res.ID, true)
	}
	m.line("| ", rung, " | ", mdBadge(checks.Skip), " | ", strings.Join(ids, ", "), " | skipped", mdCell(blockedBy(skipped)), " |")
}

func allPass(rs []checks.Result) bool {
	for _, res := range rs {
		if res.Status != checks.Pass {
			return false
		}
	}
	return len(rs) > 0
}

// findings details every warn, unknown and fail result that is not a root
// cause (those were shown first), with its evidence.
func (m *mdWriter) findings(r *checks.Report) {
	headed := false
	for _, t := range r.Tunnels {
		rootID := ""
		if t.RootCause != nil {
			rootID = t.RootCause.Check
		}
		for _, s := range t.Stages {
			for _, res := range s.Checks {
				// A check left unknown by a failed collection is one
				// cause, said once under the verdict.
				if res.Status == checks.Pass || res.Status == checks.Skip || res.ID == rootID || res.CollectionFailed != "" {
					continue
				}
				if !headed {
					m.line()
					m.line("## Other findings")
					headed = true
				}
				m.line()
				m.line("### ", mdText(t.Name), ": ", mdBadge(res.Status), " ", mdCode(res.ID, false), " [", mdText(string(s.Stage)), "]")
				m.line()
				m.line(mdText(res.Summary))
				m.details(res, res.Hint)
			}
		}
	}
}

// siteChecks writes the site table, then the details of what is not a pass.
func (m *mdWriter) siteChecks(r *checks.Report) {
	if len(r.SiteChecks) == 0 {
		return
	}
	m.line()
	m.line("## Site checks")
	m.line()
	m.line("| Status | Check | Result |")
	m.line("|---|---|---|")
	for _, res := range r.SiteChecks {
		m.line("| ", mdBadge(res.Status), " | ", mdCode(res.ID, true), " | ", mdCell(res.Summary+blockedBy([]checks.Result{res})), " |")
	}
	for _, res := range r.SiteChecks {
		if res.Status == checks.Pass || res.Status == checks.Skip || res.CollectionFailed != "" || isSiteRoot(r, res.ID) {
			continue
		}
		m.line()
		m.line("### site: ", mdBadge(res.Status), " ", mdCode(res.ID, false))
		m.line()
		m.line(mdText(res.Summary))
		m.details(res, res.Hint)
	}
}

// mdEscaper backslash-escapes the punctuation that could start emphasis,
// code, links, HTML or a table cell. '&' is escaped so device text like
// "&lt;" stays as typed instead of becoming an entity.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`, `&`, `\&`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdText escapes device or report text for running text and table cells.
// A leading '#', '-', '+', '=' or "1. " would start a heading or list when
// the text begins a line, so it is escaped too.
func mdText(s string) string {
	s = mdEscaper.Replace(s)
	if s == "" {
		return s
	}
	if strings.ContainsRune("#-+=", rune(s[0])) {
		return `\` + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	// An ordered-list marker is digits, '.' or ')', then a space or the end.
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdCell is mdText for a table cell (the '|' is already escaped).
func mdCell(s string) string { return mdText(s) }

// mdCode writes s as a code span: delimited by more backticks than s
// contains in a row, padded when s starts or ends with one. In a table
// cell a '|' must be escaped even inside code (GFM).
func mdCode(s string, inTable bool) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return ticks + s + ticks
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
