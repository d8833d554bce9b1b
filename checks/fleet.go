package checks

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// FleetSchemaV1 is the identifier of the fleet rollup's JSON envelope
// (docs/fleet.md): the reports of many sites, with one line per site.
const FleetSchemaV1 = "vcdiag.fleet/v1"

// Fleet is the diagnosis of many sites at once (`vcdiag run --inventory`):
// every site's report, and what a NOC reads first, each site's status and
// root causes, worst sites first.
type Fleet struct {
	Schema        string    `json:"schema"`
	VcdiagVersion string    `json:"vcdiag_version"`
	GeneratedAt   time.Time `json:"generated_at"`
	// Status is the worst site's.
	Status Status `json:"status"`
	// Counts are the sites per status, and the CPEs collected.
	Counts FleetCounts `json:"counts"`
	Sites  []FleetSite `json:"sites"`
	// Shard is "i/n" when this run covered one shard of the inventory.
	Shard string `json:"shard,omitempty"`
}

// FleetCounts are the sites per status.
type FleetCounts struct {
	Sites   int `json:"sites"`
	CPEs    int `json:"cpes"`
	Pass    int `json:"pass"`
	Warn    int `json:"warn"`
	Fail    int `json:"fail"`
	Unknown int `json:"unknown"`
}

// FleetSite is one site of a fleet run.
type FleetSite struct {
	Name   string `json:"name"`
	Region string `json:"region"`
	// CPEs is how many CPEs the site's profile has.
	CPEs   int    `json:"cpes"`
	Status Status `json:"status"`
	// ExitCode is what `vcdiag run --profile` would have exited with.
	ExitCode int `json:"exit_code"`
	// Causes are the site's root causes, tunnels' first: what to fix.
	Causes []FleetCause `json:"root_causes"`
	// Error is why the site has no report at all (its credentials could
	// not be read, the run was cancelled before it started).
	Error string `json:"error,omitempty"`
	// Files are the site's own report files, by format, relative to the
	// rollup's folder.
	Files map[string]string `json:"files,omitempty"`
	// Duration is how long the site took, collection and diagnosis.
	Duration float64 `json:"duration_seconds"`
	// Report is the site's whole report (nil with Error).
	Report *Report `json:"report,omitempty"`
}

// FleetCause is one root cause of a site, in a line: which tunnel (none
// for a site check or a CPE that could not be collected), which check,
// and what it found.
type FleetCause struct {
	Tunnel  string `json:"tunnel,omitempty"`
	DC      string `json:"dc,omitempty"`
	CPE     string `json:"cpe,omitempty"`
	Stage   Stage  `json:"stage,omitempty"`
	Check   string `json:"check"`
	Status  Status `json:"status"`
	Summary string `json:"summary"`
	Hint    string `json:"hint,omitempty"`
}

// Line is the cause in one line: "tunnel1 (DC-A) ikev2.sa-established:
// no IKEv2 SA ...".
func (c FleetCause) Line() string {
	where := ""
	switch {
	case c.Tunnel != "" && c.DC != "":
		where = fmt.Sprintf("%s (DC-%s) ", c.Tunnel, c.DC)
	case c.Tunnel != "":
		where = c.Tunnel + " "
	case c.CPE != "":
		where = c.CPE + " "
	}
	return where + c.Check + ": " + c.Summary
}

// Headline is the site's cause in one line: the first, and how many more.
func (s FleetSite) Headline() string {
	switch {
	case s.Error != "" && len(s.Causes) == 0:
		return "not diagnosed: " + s.Error
	case len(s.Causes) == 0:
		return ""
	case len(s.Causes) == 1:
		return s.Causes[0].Line()
	}
	return fmt.Sprintf("%s (+%d more)", s.Causes[0].Line(), len(s.Causes)-1)
}

// NewFleetSite summarises one site's report. err, when the site has no
// report, says why; the site is then unknown.
func NewFleetSite(name, region string, r *Report, err error) FleetSite {
	// Causes is never null in JSON: a script reads "no cause" as [].
	s := FleetSite{Name: name, Region: region, Report: r, Causes: []FleetCause{}}
	if r == nil {
		s.Status, s.ExitCode = Unknown, Unknown.ExitCode()
		if err != nil {
			s.Error = err.Error()
		} else {
			s.Error = "no report"
		}
		return s
	}
	if r.Profile.Region != "" {
		s.Region = r.Profile.Region
	}
	s.Status, s.ExitCode = r.Status, r.ExitCode()
	if c := SiteCauses(r); len(c) > 0 {
		s.Causes = c
	}
	s.CPEs = len(r.cpes())
	return s
}

// SiteCauses lists what a site's report blames, most telling first: the
// CPEs that could not be collected, each tunnel's root cause, the site's
// own root causes; for a site with none of those but a warning or an
// unknown, the first such checks, so every site below pass says why in
// the rollup.
func SiteCauses(r *Report) []FleetCause {
	var out []FleetCause
	for _, f := range r.CollectionFailures {
		out = append(out, FleetCause{CPE: f.CPE, Check: "collection." + f.Kind, Status: Unknown, Summary: f.Summary, Hint: f.Fix})
	}
	for _, t := range r.Tunnels {
		if t.RootCause == nil {
			continue
		}
		out = append(out, FleetCause{Tunnel: t.Name, DC: t.DC, CPE: t.CPE, Stage: t.RootCause.Stage,
			Check: t.RootCause.Check, Status: Fail, Summary: t.RootCause.Summary, Hint: t.RootCause.Hint})
	}
	for _, c := range r.SiteRootCauses {
		out = append(out, FleetCause{Stage: StageSite, Check: c.Check, Status: Fail, Summary: c.Summary, Hint: c.Hint})
	}
	if len(out) > 0 || r.Status == Pass {
		return out
	}
	// No root cause: the checks that make the site warn or unknown,
	// those not already explained by a collection failure.
	for _, want := range []Status{Fail, Unknown, Warn} {
		for _, t := range r.Tunnels {
			for _, st := range t.Stages {
				for _, c := range st.Checks {
					if c.Status == want && c.CollectionFailed == "" {
						out = append(out, FleetCause{Tunnel: t.Name, DC: t.DC, CPE: t.CPE, Stage: st.Stage,
							Check: c.ID, Status: c.Status, Summary: c.Summary, Hint: c.Hint})
					}
				}
			}
		}
		for _, c := range r.SiteChecks {
			if c.Status == want && c.CollectionFailed == "" {
				out = append(out, FleetCause{Stage: StageSite, Check: c.ID, Status: c.Status, Summary: c.Summary, Hint: c.Hint})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// NewFleet makes the rollup of sites: worst first (fail, unknown, warn,
// pass), then by name, with the counts and the worst status.
func NewFleet(version string, at time.Time, sites []FleetSite) *Fleet {
	f := &Fleet{Schema: FleetSchemaV1, VcdiagVersion: version, GeneratedAt: at, Sites: sites}
	slices.SortStableFunc(f.Sites, func(a, b FleetSite) int {
		if c := cmp.Compare(fleetRank(b.Status), fleetRank(a.Status)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	var statuses []Status
	f.Counts.Sites = len(sites)
	for _, s := range f.Sites {
		statuses = append(statuses, s.Status)
		switch s.Status {
		case Pass, Skip:
			f.Counts.Pass++
		case Warn:
			f.Counts.Warn++
		case Fail:
			f.Counts.Fail++
		default:
			f.Counts.Unknown++
		}
		f.Counts.CPEs += s.CPEs
	}
	f.Status = Worst(statuses...)
	if len(sites) == 0 {
		f.Status = Unknown
	}
	return f
}

// fleetRank orders sites by how much a NOC should care, as Worst does.
func fleetRank(s Status) int {
	if s == Skip {
		return int(Pass)
	}
	return int(s)
}

// cpes are the CPEs a report's tunnels name.
func (r *Report) cpes() []string {
	var out []string
	for _, t := range r.Tunnels {
		if t.CPE != "" && !slices.Contains(out, t.CPE) {
			out = append(out, t.CPE)
		}
	}
	return out
}

// ExitCode is the worst site's exit code, in the same convention as one
// report's: 0 pass, 1 warn, 2 fail, 3 unknown.
func (f *Fleet) ExitCode() int { return f.Status.ExitCode() }
