package reports

import (
	"strings"

	"github.com/vcdiag/vcdiag/checks"
)

// This file lays out the per-tunnel parts of the text report: root causes,
// ladders and the result details they share with the site checks.

func tunnelLabel(t checks.TunnelReport) string {
	attrs := make([]string, 0, 3)
	for _, a := range []string{dcLabel(t.DC), t.CPE, t.Interface} {
		if a != "" {
			attrs = append(attrs, a)
		}
	}
	if len(attrs) == 0 {
		return t.Name
	}
	return t.Name + " (" + strings.Join(attrs, ", ") + ")"
}

// findResult finds a check's result in a tunnel's ladder, so the root cause
// section can show the evidence behind the report's own root cause.
func findResult(t checks.TunnelReport, id string) (checks.Result, bool) {
	for _, s := range t.Stages {
		for _, res := range s.Checks {
			if res.ID == id {
				return res, true
			}
		}
	}
	return checks.Result{}, false
}

// rootCauses prints, first, what to fix on each failing tunnel: the check
// the report names as root cause, with expected vs observed, the hint, the
// command that proves the fix and the device lines behind the verdict.
func (p *printer) rootCauses(r *checks.Report) {
	headed := false
	for _, t := range r.Tunnels {
		rc := t.RootCause
		if rc == nil {
			continue
		}
		if !headed {
			p.blank()
			p.line(0, p.pal.heading.Sprint("ROOT CAUSE AND REMEDIATION"))
			headed = true
		}
		res, found := findResult(t, rc.Check)
		st := checks.Fail
		if found {
			st = res.Status
		}
		p.blank()
		p.line(0, tunnelLabel(t), ": ", p.pal.symbol(st), " ", p.pal.id.Sprint(rc.Check), " [", string(rc.Stage), "]")
		p.line(2, rc.Summary)
		hint := rc.Hint
		if hint == "" {
			hint = res.Hint
		}
		p.details(2, res, hint)
	}
	p.siteRootCauses(r, headed)
}

func (p *printer) ladders(r *checks.Report) {
	if len(r.Tunnels) == 0 {
		return
	}
	p.blank()
	p.line(0, p.pal.heading.Sprint("LADDER"))
	for _, t := range r.Tunnels {
		p.blank()
		if cpe, ok := notCollected(t); ok && !p.o.Verbose {
			// One line, not a rung by rung list of the same reason.
			p.line(0, tunnelLabel(t), ": ", p.pal.paint(t.Status, strings.ToUpper(t.Status.String())), ": ", notCollectedLine(cpe))
			continue
		}
		p.line(0, tunnelLabel(t), ": ", p.pal.paint(t.Status, strings.ToUpper(t.Status.String())))
		if len(t.Stages) == 0 {
			p.line(2, "(no checks ran)")
			continue
		}
		rootID := ""
		if t.RootCause != nil {
			rootID = t.RootCause.Check
		}
		for _, s := range t.Stages {
			p.stage(s, rootID)
		}
	}
}

func idWidth(rs []checks.Result) int {
	n := 0
	for _, res := range rs {
		n = max(n, width(res.ID))
	}
	return n
}

// stage prints one rung: its status, then each evaluated check, then the
// skipped checks collapsed to one line (one per check when verbose). A rung
// where everything was skipped is a single line naming what blocked it.
func (p *printer) stage(s checks.StageResult, rootID string) {
	var shown, skipped, uncollected []checks.Result
	for _, res := range s.Checks {
		switch {
		case res.Status == checks.Skip:
			skipped = append(skipped, res)
		case res.CollectionFailed != "" && !p.o.Verbose:
			uncollected = append(uncollected, res)
		default:
			shown = append(shown, res)
		}
	}
	// IDs are aligned per rung, over the lines actually printed, so no
	// line is longer than it needs to be.
	idW := idWidth(shown)
	if p.o.Verbose {
		idW = idWidth(s.Checks)
	}
	word := s.Status.String()
	if s.Status == checks.Skip {
		word = "skipped"
	}
	head := []string{p.pal.symbol(s.Status), " ", string(s.Stage), ": ", p.pal.paint(s.Status, word)}
	if len(uncollected) > 0 {
		defer p.uncollected(uncollected)
	}
	if len(shown) == 0 && len(skipped) > 0 {
		p.line(2, append(head, blockedBy(skipped))...)
		p.skippedEach(skipped, idW)
		return
	}
	p.line(2, head...)
	for _, res := range shown {
		p.check(4, res, idW, res.ID == rootID)
	}
	if len(skipped) == 0 {
		return
	}
	if p.o.Verbose {
		p.skippedEach(skipped, idW)
		return
	}
	ids := make([]string, len(skipped))
	for i, res := range skipped {
		ids[i] = res.ID
	}
	p.line(4, p.pal.symbol(checks.Skip), " ", p.pal.paint(checks.Skip, "skipped"), blockedBy(skipped), ": ", strings.Join(ids, ", "))
}

// uncollected lists on one line the checks of a rung that a failed
// collection left unknown, grouped by CPE: their cause is said once, above.
func (p *printer) uncollected(rs []checks.Result) {
	byCPE := map[string][]string{}
	var order []string
	for _, res := range rs {
		if byCPE[res.CollectionFailed] == nil {
			order = append(order, res.CollectionFailed)
		}
		byCPE[res.CollectionFailed] = append(byCPE[res.CollectionFailed], res.ID)
	}
	for _, cpe := range order {
		p.line(4, p.pal.symbol(checks.Unknown), " ", notCollectedLine(cpe), ": ", strings.Join(byCPE[cpe], ", "))
	}
}

// skippedEach lists skipped checks one per line, in verbose mode only.
func (p *printer) skippedEach(rs []checks.Result, idW int) {
	if !p.o.Verbose {
		return
	}
	for _, res := range rs {
		p.line(4, p.pal.symbol(checks.Skip), " ", pad(res.ID, idW), "  ", res.Summary, blockedBy([]checks.Result{res}))
	}
}

// blockedBy names the checks that blocked rs, in order, without repeats.
func blockedBy(rs []checks.Result) string {
	var ids []string
	seen := map[string]bool{}
	for _, res := range rs {
		if res.BlockedBy != "" && !seen[res.BlockedBy] {
			seen[res.BlockedBy] = true
			ids = append(ids, res.BlockedBy)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " (blocked by " + strings.Join(ids, ", ") + ")"
}

// check prints one result line and, for anything but a pass (or always when
// verbose), its details. The root cause was shown in full above, so its
// ladder line only points there.
func (p *printer) check(indent int, res checks.Result, idW int, isRoot bool) {
	if isRoot {
		p.line(indent, p.pal.symbol(res.Status), " ", p.pal.id.Sprint(res.ID), pad("", idW-width(res.ID)), "  ", res.Summary, "  (root cause, details above)")
		return
	}
	p.line(indent, p.pal.symbol(res.Status), " ", pad(res.ID, idW), "  ", res.Summary)
	if res.Status != checks.Pass || p.o.Verbose {
		p.details(indent+4, res, res.Hint)
	}
}

func (p *printer) siteChecks(r *checks.Report) {
	if len(r.SiteChecks) == 0 {
		return
	}
	p.blank()
	p.line(0, p.pal.heading.Sprint("SITE CHECKS"))
	idW := idWidth(r.SiteChecks)
	for _, res := range r.SiteChecks {
		switch {
		case res.Status == checks.Skip:
			p.line(2, p.pal.symbol(res.Status), " ", pad(res.ID, idW), "  ", res.Summary, blockedBy([]checks.Result{res}))
			continue
		case res.CollectionFailed != "" && !p.o.Verbose:
			p.line(2, p.pal.symbol(res.Status), " ", pad(res.ID, idW), "  ", notCollectedLine(res.CollectionFailed))
			continue
		}
		p.check(2, res, idW, isSiteRoot(r, res.ID))
	}
}

// details prints the fields a result carries, skipping empty ones, then its
// evidence: each citation headed by the CPE prompt and command, each device
// line verbatim behind a "| " gutter so leading spaces stay visible.
func (p *printer) details(indent int, res checks.Result, hint string) {
	field := func(label, v string) {
		if v != "" {
			p.line(indent, pad(label+":", 13), v)
		}
	}
	field("expected", res.Expected)
	field("observed", res.Observed)
	field("hint", hint)
	field("verify with", res.Verify)
	if len(res.Evidence) == 0 {
		return
	}
	p.line(indent, "evidence:")
	for _, c := range res.Evidence {
		p.line(indent+2, c.CPE, "# ", c.Command, citationOrigin(c))
		if len(c.Lines) == 0 {
			p.line(indent+4, "(no lines cited)")
		}
		for _, l := range c.Lines {
			p.line(indent+4, "| ", l)
		}
	}
}

// citationOrigin says where cited lines came from and when, so two samples
// of one command read apart: "   [case.log:286, 10:21:04 UTC]".
func citationOrigin(c checks.Citation) string {
	var parts []string
	if c.Source != "" {
		parts = append(parts, c.Source)
	}
	if !c.At.IsZero() {
		parts = append(parts, c.At.UTC().Format("15:04:05 UTC"))
	}
	if len(parts) == 0 {
		return ""
	}
	return "   [" + strings.Join(parts, ", ") + "]"
}
