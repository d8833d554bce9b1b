package checks

import (
	"net/netip"
	"sort"
	"strings"
)

// ChangeKind says how one check differs between two reports.
type ChangeKind string

// The kinds of change Diff reports.
const (
	// Regressed: the status got worse (pass -> warn, unknown or fail; warn
	// -> fail; ...). Skip is neither better nor worse: see Blocked.
	Regressed ChangeKind = "regressed"
	// Recovered: the status got better.
	Recovered ChangeKind = "recovered"
	// Blocked: the check was judged before and is now skipped, because a
	// lower rung fails (the lower rung's own change explains it).
	Blocked ChangeKind = "blocked"
	// Unblocked: the check was skipped before and is judged again.
	Unblocked ChangeKind = "unblocked"
	// Changed: same status, but what was observed differs (only reported
	// for routes.* checks, where the observation is the route set).
	Changed ChangeKind = "changed"
	// Added and Removed: the check (or tunnel) is only in one report,
	// because the profile, --skip or the vcdiag version differ.
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
)

// Change is one check that differs between two reports.
type Change struct {
	// Tunnel is the tunnel name, or "site" for a site check.
	Tunnel string     `json:"tunnel"`
	Check  string     `json:"check"`
	Stage  Stage      `json:"stage"`
	Kind   ChangeKind `json:"kind"`
	Old    Status     `json:"old"`
	New    Status     `json:"new"`
	// OldObserved and NewObserved are the observations before and after,
	// set when they differ.
	OldObserved string `json:"old_observed,omitempty"`
	NewObserved string `json:"new_observed,omitempty"`
	// Summary is the check's summary in the new report (the old one for
	// Removed).
	Summary string `json:"summary,omitempty"`
	// Counters marks a *.counters-rising check that regressed: the
	// counters stopped moving (or can no longer be sampled).
	Counters bool `json:"counters,omitempty"`
	// Gained and Lost are the prefixes a routes.* check observed only
	// after, or only before (Result.Prefixes).
	Gained []string `json:"gained,omitempty"`
	Lost   []string `json:"lost,omitempty"`
}

// RootCauseChange is a tunnel whose root cause differs.
type RootCauseChange struct {
	Tunnel string `json:"tunnel"`
	Old    string `json:"old"` // "" when the tunnel had none (it passed)
	New    string `json:"new"`
}

// Changes is what differs between two reports of the same site.
type Changes struct {
	OldStatus  Status            `json:"old_status"`
	NewStatus  Status            `json:"new_status"`
	RootCauses []RootCauseChange `json:"root_causes"`
	Checks     []Change          `json:"checks"`
	// Notes say what makes the comparison less than exact (different
	// profiles).
	Notes []string `json:"notes,omitempty"`
}

// severity orders statuses for Diff: skip counts as pass (the blocking
// rung carries the regression), unknown sits between warn and fail.
func severity(s Status) int {
	switch s {
	case Warn:
		return 1
	case Unknown:
		return 2
	case Fail:
		return 3
	}
	return 0
}

// Diff compares two reports check by check, tunnel by tunnel (matched by
// name) and site check by site check. It is pure: the reports are not
// modified. Changes are in the new report's ladder order, removed checks
// last.
func Diff(old, cur *Report) Changes {
	c := Changes{OldStatus: old.Status, NewStatus: cur.Status, RootCauses: []RootCauseChange{}, Checks: []Change{}}
	if old.Profile != cur.Profile {
		c.Notes = append(c.Notes, "the reports are for different profiles ("+old.Profile.Name+", "+cur.Profile.Name+")")
	}
	oldTunnels := map[string]*TunnelReport{}
	for i := range old.Tunnels {
		oldTunnels[old.Tunnels[i].Name] = &old.Tunnels[i]
	}
	seen := map[string]bool{}
	for i := range cur.Tunnels {
		t := &cur.Tunnels[i]
		seen[t.Name] = true
		ot := oldTunnels[t.Name]
		if ot == nil {
			c.Checks = append(c.Checks, Change{Tunnel: t.Name, Kind: Added, New: t.Status})
			continue
		}
		if a, b := rootCheck(ot), rootCheck(t); a != b {
			c.RootCauses = append(c.RootCauses, RootCauseChange{Tunnel: t.Name, Old: a, New: b})
		}
		c.Checks = append(c.Checks, diffResults(t.Name, tunnelResults(ot), tunnelResults(t))...)
	}
	for _, t := range old.Tunnels {
		if !seen[t.Name] {
			c.Checks = append(c.Checks, Change{Tunnel: t.Name, Kind: Removed, Old: t.Status})
		}
	}
	c.Checks = append(c.Checks, diffResults("site", siteResults(old), siteResults(cur))...)
	return c
}

// staged is a result with the rung it belongs to.
type staged struct {
	stage Stage
	r     *Result
}

func tunnelResults(t *TunnelReport) []staged {
	var out []staged
	for i := range t.Stages {
		for j := range t.Stages[i].Checks {
			out = append(out, staged{t.Stages[i].Stage, &t.Stages[i].Checks[j]})
		}
	}
	return out
}

func siteResults(r *Report) []staged {
	var out []staged
	for i := range r.SiteChecks {
		out = append(out, staged{StageSite, &r.SiteChecks[i]})
	}
	return out
}

func rootCheck(t *TunnelReport) string {
	if t.RootCause == nil {
		return ""
	}
	return t.RootCause.Check
}

func diffResults(tunnel string, old, cur []staged) []Change {
	byID := map[string]*Result{}
	for _, s := range old {
		byID[s.r.ID] = s.r
	}
	var out []Change
	for _, s := range cur {
		o := byID[s.r.ID]
		delete(byID, s.r.ID)
		if o == nil {
			out = append(out, Change{Tunnel: tunnel, Check: s.r.ID, Stage: s.stage, Kind: Added, New: s.r.Status, Summary: s.r.Summary})
			continue
		}
		if ch, ok := compare(tunnel, s.stage, o, s.r); ok {
			out = append(out, ch)
		}
	}
	for _, s := range old {
		if byID[s.r.ID] != nil {
			out = append(out, Change{Tunnel: tunnel, Check: s.r.ID, Stage: s.stage, Kind: Removed, Old: s.r.Status, Summary: s.r.Summary})
		}
	}
	return out
}

// compare returns the change between two results of one check, if any.
func compare(tunnel string, stage Stage, o, n *Result) (Change, bool) {
	ch := Change{Tunnel: tunnel, Check: n.ID, Stage: stage, Old: o.Status, New: n.Status, Summary: n.Summary}
	route := strings.HasPrefix(n.ID, "routes.")
	if o.Observed != n.Observed && (route || o.Status != n.Status) {
		ch.OldObserved, ch.NewObserved = o.Observed, n.Observed
	}
	if route {
		ch.Gained, ch.Lost = prefixDelta(o, n)
	}
	switch so, sn := severity(o.Status), severity(n.Status); {
	case sn > so:
		ch.Kind = Regressed
		ch.Counters = strings.HasSuffix(n.ID, ".counters-rising")
	case sn < so:
		ch.Kind = Recovered
	case o.Status != Skip && n.Status == Skip:
		ch.Kind = Blocked
	case o.Status == Skip && n.Status != Skip:
		ch.Kind = Unblocked
	case route && o.Observed != n.Observed:
		ch.Kind = Changed
	default:
		return Change{}, false
	}
	return ch, true
}

// prefixDelta returns the prefixes only cur has (gained) and only old has
// (lost): the checks' typed route lists, or, for reports written before
// results carried them, the prefixes named in the observation.
func prefixDelta(old, cur *Result) (gained, lost []string) {
	a, b := prefixSet(old), prefixSet(cur)
	for p := range b {
		if !a[p] {
			gained = append(gained, p)
		}
	}
	for p := range a {
		if !b[p] {
			lost = append(lost, p)
		}
	}
	sort.Strings(gained)
	sort.Strings(lost)
	return gained, lost
}

func prefixSet(r *Result) map[string]bool {
	if r.Prefixes != nil || r.Values != nil {
		out := map[string]bool{}
		for _, p := range r.Prefixes {
			out[p.String()] = true
		}
		return out
	}
	return prefixesIn(r.Observed)
}

func prefixesIn(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '(' || r == ')' }) {
		if p, err := netip.ParsePrefix(w); err == nil {
			out[p.String()] = true
		}
	}
	return out
}

// ExitCode is the diff's verdict in the monitoring-plugin convention: 0
// when nothing got worse, 1 when the worst regression ends in warn or
// unknown, 2 when a check regressed to fail. (3, unreadable input, is the
// caller's.)
func (c Changes) ExitCode() int {
	code := 0
	for _, ch := range c.Checks {
		if ch.Kind != Regressed {
			continue
		}
		if ch.New == Fail {
			return 2
		}
		code = 1
	}
	return code
}

// Regressions counts the checks that got worse.
func (c Changes) Regressions() int {
	n := 0
	for _, ch := range c.Checks {
		if ch.Kind == Regressed {
			n++
		}
	}
	return n
}
