package checks

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"time"
)

// Status is the verdict of one check, one stage, one tunnel or the site.
// The order of the constants is the order of severity used when statuses are
// combined (see Worst), except Skip, which never makes anything worse.
type Status int

const (
	Pass    Status = iota // the rung holds
	Skip                  // not evaluated: a lower rung failed (Result.BlockedBy says which)
	Warn                  // works, but at risk (no keepalive on the CPE, 80 % of the bandwidth budget)
	Unknown               // could not be checked (Result.Summary says why): never a pass
	Fail                  // the rung is broken
)

var statusNames = [...]string{Pass: "pass", Skip: "skip", Warn: "warn", Unknown: "unknown", Fail: "fail"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// MarshalText makes a Status a JSON string ("pass", "fail", ...).
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a Status written by MarshalText.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("unknown status %q", b)
}

// Worst combines statuses: fail beats unknown beats warn beats pass; skip
// counts only when everything is skipped.
func Worst(statuses ...Status) Status {
	worst, seen := Pass, false
	allSkip := len(statuses) > 0
	for _, s := range statuses {
		if s != Skip {
			allSkip = false
		}
		if s == Skip {
			continue
		}
		if !seen || s > worst {
			worst, seen = s, true
		}
	}
	if allSkip {
		return Skip
	}
	return worst
}

// Stage is one rung of the documented troubleshooting ladder.
type Stage string

// The rungs, bottom to top. Ladder (ladder.go) lists them in this order; it is
// the one place the order is defined.
const (
	StageIKEv2  Stage = "ikev2"
	StageIPsec  Stage = "ipsec"
	StageGRE    Stage = "gre"
	StagePing   Stage = "ping"
	StageBGP    Stage = "bgp"
	StageRoutes Stage = "routes"
	StageMTU    Stage = "mtu"
	// StageSite holds the checks that judge the site as a whole
	// (capacity, failover readiness) rather than one tunnel.
	StageSite Stage = "site"
)

// Citation is one piece of evidence behind a verdict: the command that was
// run and the output lines that decided it, verbatim (secrets redacted).
type Citation struct {
	Command string `json:"command"`
	CPE     string `json:"cpe,omitempty"`
	// Source is where the output came from ("case-1234.log:286", the line
	// of the command in a transcript) and At when it was taken, so that two
	// samples of one command can be told apart and found again.
	Source string    `json:"source,omitempty"`
	At     time.Time `json:"at,omitzero"`
	Lines  []string  `json:"lines"`
}

// Result is the outcome of one check for one tunnel (or the site). It is kept
// apart from Check so a check definition is never written to at run time.
type Result struct {
	ID        string     `json:"id"`
	Status    Status     `json:"status"`
	Summary   string     `json:"summary"`
	Expected  string     `json:"expected,omitempty"`
	Observed  string     `json:"observed,omitempty"`
	Evidence  []Citation `json:"evidence"`
	Hint      string     `json:"hint,omitempty"`
	Verify    string     `json:"verify,omitempty"`
	BlockedBy string     `json:"blocked_by,omitempty"` // with Skip: the check ID that blocked this one
	// ExplainedBy is set on a failing symptom (traffic counters, a missing
	// SA) when a proven configuration or state fault on a higher rung
	// explains it: that check is then the tunnel's root cause. On a
	// failing site check (failover not ready because a tunnel is down) it
	// is the root cause of the tunnel that explains it, and the site check
	// is then not a root cause of its own (Report.SiteRootCauses).
	ExplainedBy string `json:"explained_by,omitempty"`
	// Values are the measurements behind the verdict, by name (Value*
	// constants): SA age, packet rates, prefix counts, RTT. Metrics and
	// diff read them; they never parse Summary or Observed.
	Values map[string]float64 `json:"values,omitempty"`
	// Prefixes are the routes a routes.* check observed (received,
	// accepted or advertised), for diff.
	Prefixes []netip.Prefix `json:"prefixes,omitempty"`
	// Cause marks a failure that is a proven configuration or state fault
	// (a shut interface, a wrong endpoint) rather than a symptom: it may
	// take the root cause from a symptom on a lower rung (Check.Explains).
	Cause bool `json:"cause,omitempty"`
	// CollectionFailed is set on an unknown result whose only reason is
	// that its CPE could not be collected (fully or in part): the CPE's
	// name, whose Report.CollectionFailures entry says the cause and the
	// fix once. Such a result carries no hint of its own.
	CollectionFailed string `json:"collection_failed,omitempty"`
}

// StageResult is the outcome of one rung for one tunnel.
type StageResult struct {
	Stage  Stage    `json:"stage"`
	Status Status   `json:"status"`
	Checks []Result `json:"checks"`
}

// RootCause names the first failing check of the lowest failing rung (or,
// in Report.SiteRootCauses, a failing site check).
type RootCause struct {
	Check   string `json:"check"`
	Stage   Stage  `json:"stage"`
	Summary string `json:"summary"`
	Hint    string `json:"hint"`
}

// TunnelReport is the ladder walked for one tunnel.
type TunnelReport struct {
	Name      string        `json:"name"`
	DC        string        `json:"dc"`
	CPE       string        `json:"cpe"`
	Interface string        `json:"interface,omitempty"`
	Status    Status        `json:"status"`
	RootCause *RootCause    `json:"root_cause"`
	Stages    []StageResult `json:"stages"`
}

// ProfileRef identifies the site profile a report was made against.
type ProfileRef struct {
	Name   string `json:"name"`
	Region string `json:"region"`
}

// SchemaV1 is the JSON report schema identifier (docs/report-schema.md).
const SchemaV1 = "vcdiag.report/v1"

// Report is the whole diagnosis of one site. Renderers in reports/ turn it
// into text, JSON and other formats; they never compute verdicts.
type Report struct {
	Schema        string         `json:"schema"`
	VcdiagVersion string         `json:"vcdiag_version"`
	GeneratedAt   time.Time      `json:"generated_at"`
	Profile       ProfileRef     `json:"profile"`
	Status        Status         `json:"status"`
	Tunnels       []TunnelReport `json:"tunnels"`
	SiteChecks    []Result       `json:"site_checks"`
	// CollectionFailures are the CPEs that could not be collected, or only
	// in part, each with its cause and fix: a report opens with them.
	CollectionFailures []CollectionFailure `json:"collection_failures,omitempty"`
	// SiteRootCauses are the failing site checks that no tunnel's root
	// cause explains (over capacity with both tunnels up): causes of their
	// own, shown with the tunnels' root causes.
	SiteRootCauses []RootCause `json:"site_root_causes,omitempty"`
	// Security says how the CPEs were trusted when that is weaker than
	// known_hosts ("host key not verified (--insecure-skip-host-key)"),
	// for the report's header.
	Security []string `json:"security,omitempty"`
	// Notes are collection problems worth reading before the verdicts
	// (a transcript that could not be read, a command that failed).
	Notes []string `json:"notes,omitempty"`
}

// ExitCode maps the overall status to the monitoring-plugin convention:
// 0 all pass, 1 worst is warn, 2 any fail, 3 unknown.
func (r *Report) ExitCode() int { return r.Status.ExitCode() }

// ExitCode is the monitoring-plugin code of a status: 0 pass (or all
// skipped), 1 warn, 2 fail, 3 unknown.
func (s Status) ExitCode() int {
	switch s {
	case Pass, Skip:
		return 0
	case Warn:
		return 1
	case Fail:
		return 2
	default:
		return 3
	}
}

var _ json.Marshaler = Report{}

// MarshalJSON guarantees empty lists are written as [] rather than null at
// every level, so consumers of the schema never have to special-case them.
// It copies; the report itself is not modified.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	c := plain(r)
	c.Tunnels = nonNil(c.Tunnels)
	c.SiteChecks = fillResults(c.SiteChecks)
	tunnels := make([]TunnelReport, len(c.Tunnels))
	for i, t := range c.Tunnels {
		t.Stages = nonNil(t.Stages)
		stages := make([]StageResult, len(t.Stages))
		for j, st := range t.Stages {
			st.Checks = fillResults(st.Checks)
			stages[j] = st
		}
		t.Stages = stages
		tunnels[i] = t
	}
	c.Tunnels = tunnels
	if c.CollectionFailures != nil {
		fs := make([]CollectionFailure, len(c.CollectionFailures))
		for i, f := range c.CollectionFailures {
			f.Checks = nonNil(f.Checks)
			fs[i] = f
		}
		c.CollectionFailures = fs
	}
	return json.Marshal(c)
}

func fillResults(in []Result) []Result {
	out := make([]Result, len(in))
	for i, r := range in {
		r.Evidence = nonNil(r.Evidence)
		cites := make([]Citation, len(r.Evidence))
		for j, c := range r.Evidence {
			c.Lines = nonNil(c.Lines)
			cites[j] = c
		}
		r.Evidence = cites
		out[i] = r
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
