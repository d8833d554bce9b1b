package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// The page is one self-contained file: the stylesheet is inlined and the
// topology is inline SVG, so a report attached to a support case opens
// offline, makes no network request and runs no script. The template and
// stylesheet live in html/ so they can be read (and diffed) as HTML and CSS.
//
//go:embed html/report.html.tmpl html/report.css html/fleet.html.tmpl
var htmlFiles embed.FS

// htmlTemplate is parsed once; html/template escapes every value the report
// carries (device lines are untrusted input) for the context it lands in.
var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"sclass":     func(s checks.Status) string { return "s-" + statusWord(s) },
	"ssym":       statusSymbol,
	"sword":      statusWord,
	"supper":     func(s checks.Status) string { return strings.ToUpper(statusWord(s)) },
	"isPass":     func(s checks.Status) bool { return s == checks.Pass },
	"isSkip":     func(s checks.Status) bool { return s == checks.Skip },
	"skipStatus": func() checks.Status { return checks.Skip },
}).ParseFS(htmlFiles, "html/report.html.tmpl"))

// htmlCSS is our own stylesheet, trusted by construction.
var htmlCSS = func() template.CSS {
	b, err := htmlFiles.ReadFile("html/report.css")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	return template.CSS(b)
}()

// HTML writes r as one self-contained web page for a support case: a
// topology picture of the tunnels coloured by status, the overall verdict,
// the root cause and remediation of every failing tunnel, the ladder of each
// tunnel, the site checks, collection notes and the cited device lines in
// collapsible sections (open when printed). Statuses are always written as a
// symbol and a word as well as a colour.
func HTML(w io.Writer, r *checks.Report, o Options) error { return present(w, r, o, writeHTML) }

func writeHTML(w io.Writer, r *checks.Report, _ Options) error {
	if err := htmlTemplate.Execute(w, newHTMLView(r)); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// statusWord and statusSymbol name a status for people; a status value the
// checks package does not define reads as unknown rather than as a pass.
func statusWord(s checks.Status) string {
	if _, ok := symbols[s]; !ok {
		return checks.Unknown.String()
	}
	return s.String()
}

func statusSymbol(s checks.Status) string {
	if sym, ok := symbols[s]; ok {
		return sym
	}
	return symbols[checks.Unknown]
}

// htmlView is what the template shows, laid out in the order it shows it.
// Building it only regroups the report (skipped checks per rung, evidence
// anchors); every status comes from the report as is.
type htmlView struct {
	CSS         template.CSS
	Site        string
	Generated   string
	Version     string
	Status      checks.Status
	ExitCode    int
	ExitMeaning string
	Counts      []statusCount
	Topology    topology
	RootCauses  []rootCauseView
	// Failures are the CPEs that could not be collected and SiteCauses
	// the failing site checks that are causes of their own: the banner
	// names both, with their fix.
	Failures   []checks.CollectionFailure
	SiteCauses []rootCauseView
	Security   []string
	Tunnels    []tunnelView
	SiteChecks []checkView
	Notes      []string
	Evidence   []evidenceGroup
}

type statusCount struct {
	Status checks.Status
	N      int
}

type rootCauseView struct {
	Tunnel string
	Check  checkView
	RC     checks.RootCause
	Hint   string
}

type tunnelView struct {
	Label  string
	Status checks.Status
	Stages []stageView
}

type stageView struct {
	Stage     checks.Stage
	Status    checks.Status
	Checks    []checkView
	Skipped   []string // IDs of skipped checks, shown on one line
	BlockedBy string
}

type checkView struct {
	checks.Result
	IsRoot bool
	Anchor string // id of the check's evidence in the evidence section
	Cites  []citeView
}

type citeView struct {
	checks.Citation
	When string
	Text string // the cited lines, one per line, verbatim
}

// evidenceGroup is the evidence of one tunnel (or the site checks).
type evidenceGroup struct {
	Label  string
	Checks []checkView
}

func newHTMLView(r *checks.Report) htmlView {
	site := r.Profile.Name
	if r.Profile.Region != "" {
		site += " (" + r.Profile.Region + ")"
	}
	code := r.ExitCode()
	v := htmlView{
		CSS: htmlCSS, Site: site, Generated: formatTime(r.GeneratedAt), Version: orDash(r.VcdiagVersion),
		Status: r.Status, ExitCode: code, ExitMeaning: exitMeaning(code),
		Counts: countStatuses(r), Topology: newTopology(r.Tunnels), Notes: r.Notes,
		Failures: r.CollectionFailures, Security: r.Security,
	}
	for ti, t := range r.Tunnels {
		tv, ev := newTunnelView(ti, t)
		v.Tunnels = append(v.Tunnels, tv)
		if len(ev.Checks) > 0 {
			v.Evidence = append(v.Evidence, ev)
		}
		if rc := t.RootCause; rc != nil {
			v.RootCauses = append(v.RootCauses, newRootCauseView(ti, t, *rc))
		}
	}
	site2 := evidenceGroup{Label: "site checks"}
	for ci, res := range r.SiteChecks {
		root := isSiteRoot(r, res.ID)
		cv := newCheckView("ev-site-"+strconv.Itoa(ci), res, root)
		if root {
			sv := newSiteCauseView(cv)
			v.RootCauses = append(v.RootCauses, sv)
			v.SiteCauses = append(v.SiteCauses, sv)
		}
		v.SiteChecks = append(v.SiteChecks, cv)
		if len(cv.Cites) > 0 {
			site2.Checks = append(site2.Checks, cv)
		}
	}
	if len(site2.Checks) > 0 {
		v.Evidence = append(v.Evidence, site2)
	}
	return v
}

// countStatuses counts the results the report carries, per status, in the
// order the text summary uses.
func countStatuses(r *checks.Report) []statusCount {
	n := map[checks.Status]int{}
	for _, t := range r.Tunnels {
		for _, s := range t.Stages {
			for _, res := range s.Checks {
				n[res.Status]++
			}
		}
	}
	for _, res := range r.SiteChecks {
		n[res.Status]++
	}
	order := []checks.Status{checks.Pass, checks.Warn, checks.Unknown, checks.Fail, checks.Skip}
	out := make([]statusCount, 0, len(order))
	for _, st := range order {
		out = append(out, statusCount{st, n[st]})
	}
	return out
}

func newTunnelView(ti int, t checks.TunnelReport) (tunnelView, evidenceGroup) {
	rootID := ""
	if t.RootCause != nil {
		rootID = t.RootCause.Check
	}
	tv := tunnelView{Label: tunnelLabel(t), Status: t.Status}
	ev := evidenceGroup{Label: tunnelLabel(t)}
	ci := 0
	for _, s := range t.Stages {
		sv := stageView{Stage: s.Stage, Status: s.Status}
		var skipped []checks.Result
		for _, res := range s.Checks {
			ci++
			if res.Status == checks.Skip {
				sv.Skipped = append(sv.Skipped, res.ID)
				skipped = append(skipped, res)
				continue
			}
			cv := newCheckView(checkAnchor(ti, ci), res, res.ID == rootID)
			sv.Checks = append(sv.Checks, cv)
			if len(cv.Cites) > 0 {
				ev.Checks = append(ev.Checks, cv)
			}
		}
		sv.BlockedBy = strings.TrimSuffix(strings.TrimPrefix(blockedBy(skipped), " ("), ")")
		tv.Stages = append(tv.Stages, sv)
	}
	return tv, ev
}

func checkAnchor(ti, ci int) string {
	return "ev-t" + strconv.Itoa(ti+1) + "-" + strconv.Itoa(ci)
}

func newCheckView(anchor string, res checks.Result, isRoot bool) checkView {
	cv := checkView{Result: res, IsRoot: isRoot, Anchor: anchor}
	for _, c := range res.Evidence {
		when := ""
		if !c.At.IsZero() {
			when = c.At.UTC().Format("2006-01-02 15:04:05 UTC")
		}
		cv.Cites = append(cv.Cites, citeView{Citation: c, When: when, Text: strings.Join(c.Lines, "\n")})
	}
	return cv
}

// newSiteCauseView is a failing site check shown as a root cause; its
// evidence anchor is its own.
func newSiteCauseView(cv checkView) rootCauseView {
	if len(cv.Cites) == 0 {
		cv.Anchor = ""
	}
	return rootCauseView{Tunnel: "site", Check: cv, Hint: cv.Hint,
		RC: checks.RootCause{Check: cv.ID, Stage: checks.StageSite, Summary: cv.Summary, Hint: cv.Hint}}
}

// newRootCauseView pairs the report's root cause with the result it names,
// so the remediation can show the evidence behind it. The ladder position
// of that result gives the anchor of its evidence.
func newRootCauseView(ti int, t checks.TunnelReport, rc checks.RootCause) rootCauseView {
	res, ci := checks.Result{ID: rc.Check, Status: checks.Fail, Summary: rc.Summary}, 0
	n := 0
	for _, s := range t.Stages {
		for _, r := range s.Checks {
			n++
			if r.ID == rc.Check && ci == 0 {
				res, ci = r, n
			}
		}
	}
	hint := rc.Hint
	if hint == "" {
		hint = res.Hint
	}
	cv := newCheckView("", res, true)
	if ci > 0 && len(cv.Cites) > 0 {
		cv.Anchor = checkAnchor(ti, ci)
	}
	return rootCauseView{Tunnel: tunnelLabel(t), Check: cv, RC: rc, Hint: hint}
}
