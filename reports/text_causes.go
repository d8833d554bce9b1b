package reports

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// This file lays out the causes that are not one tunnel's rung: a CPE that
// could not be collected, and a failing site check. Both come first: a
// report that cannot judge a tunnel must say why before anything else, and
// a site over capacity is the thing to act on even when every tunnel passes.

// security prints how weakly the CPEs were trusted, under the verdict.
func (p *printer) security(r *checks.Report) {
	for _, s := range r.Security {
		p.line(0, p.pal.status[checks.Warn].Sprint("insecure: "), s)
	}
}

// collectionFailures prints, right after the verdict, each CPE that could
// not be collected: its cause, its fix, the error once, what is missing
// and how many checks it left unknown.
func (p *printer) collectionFailures(r *checks.Report) {
	for i, f := range r.CollectionFailures {
		if i > 0 {
			p.blank()
		}
		what := "was not collected"
		if !f.Nothing() {
			what = "was collected only in part"
		}
		p.line(0, p.pal.symbol(checks.Fail), " ", p.pal.id.Sprint(f.CPE), hostSuffix(f.Host), " ", what, ": ", f.Summary)
		field := func(label, v string) {
			if v != "" {
				p.line(2, pad(label+":", 9), v)
			}
		}
		field("fix", f.Fix)
		field("error", f.Detail)
		if len(f.Missing) > 0 {
			field("missing", strings.Join(f.Missing, ", "))
		}
		field("unknown", groupedChecks(f))
	}
}

func hostSuffix(host string) string {
	if host == "" {
		return ""
	}
	return " (" + host + ")"
}

// groupedChecks says which checks a failure left unknown, by tunnel:
// "33 checks of tunnel1, 33 of tunnel2; site.capacity".
func groupedChecks(f checks.CollectionFailure) string {
	if len(f.Checks) == 0 {
		return ""
	}
	var order []string
	count := map[string]int{}
	var site []string
	for _, c := range f.Checks {
		tunnel, _, ok := strings.Cut(c, "/")
		if !ok {
			site = append(site, c)
			continue
		}
		if count[tunnel] == 0 {
			order = append(order, tunnel)
		}
		count[tunnel]++
	}
	var parts []string
	for i, t := range order {
		n := strconv.Itoa(count[t])
		switch {
		case i == 0 && count[t] == 1:
			n += " check"
		case i == 0:
			n += " checks"
		}
		parts = append(parts, n+" of "+t)
	}
	s := strings.Join(parts, ", ")
	if len(site) > 0 {
		if s != "" {
			s += "; "
		}
		s += strings.Join(site, ", ")
	}
	return s + " (grouped here, no verdict without the outputs)"
}

// notCollected reports whether every check a tunnel evaluated is unknown
// only because its CPE was not collected, and names that CPE.
func notCollected(t checks.TunnelReport) (string, bool) {
	cpe, n := "", 0
	for _, s := range t.Stages {
		for _, res := range s.Checks {
			if res.Status == checks.Skip {
				continue
			}
			if res.CollectionFailed == "" {
				return "", false
			}
			cpe = res.CollectionFailed
			n++
		}
	}
	return cpe, n > 0
}

// notCollectedLine is what a check grouped under a collection failure says
// in the ladder: where its cause is, not the cause again.
func notCollectedLine(cpe string) string {
	return "not collected from " + cpe + " (cause above)"
}

// siteRootCauses prints the failing site checks that are causes of their
// own, after the tunnels' root causes, in the same form.
func (p *printer) siteRootCauses(r *checks.Report, headed bool) {
	for _, rc := range r.SiteRootCauses {
		if !headed {
			p.blank()
			p.line(0, p.pal.heading.Sprint("ROOT CAUSE AND REMEDIATION"))
			headed = true
		}
		res, found := siteResult(r, rc.Check)
		st := checks.Fail
		if found {
			st = res.Status
		}
		p.blank()
		p.line(0, "site: ", p.pal.symbol(st), " ", p.pal.id.Sprint(rc.Check), " [", string(rc.Stage), "]")
		p.line(2, rc.Summary)
		hint := rc.Hint
		if hint == "" {
			hint = res.Hint
		}
		p.details(2, res, hint)
	}
}

// siteHeader is the header's line for the site when a site check is a
// root cause, beside the tunnels' lines; colsW is the width of their
// name, DC, CPE and interface columns.
func (p *printer) siteHeader(r *checks.Report, colsW int) {
	if len(r.SiteRootCauses) == 0 {
		return
	}
	ids := make([]string, len(r.SiteRootCauses))
	for i, rc := range r.SiteRootCauses {
		ids[i] = rc.Check
	}
	p.line(2, p.pal.symbol(checks.Fail), " ", pad("site", colsW), p.pal.paint(checks.Fail, checks.Fail.String()),
		"  root cause: ", strings.Join(ids, ", "))
}

func siteResult(r *checks.Report, id string) (checks.Result, bool) {
	for _, res := range r.SiteChecks {
		if res.ID == id {
			return res, true
		}
	}
	return checks.Result{}, false
}

func isSiteRoot(r *checks.Report, id string) bool {
	for _, rc := range r.SiteRootCauses {
		if rc.Check == id {
			return true
		}
	}
	return false
}
