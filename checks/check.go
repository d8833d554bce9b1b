package checks

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Check is one rung-level test of one tunnel. A Check is a value: its Run
// reads the tunnel's expected values and the evidence of its CPE and returns
// a Result; it never writes to the Check.
type Check struct {
	// ID is stable and dotted ("ikev2.sa-ready"): it is used in JSON,
	// docs, --skip and `vcdiag explain`.
	ID    string
	Stage Stage
	Title string
	Run   func(t *profile.Tunnel, ev *evidence.CPE) Result
	// Hint is the remediation, in plain words, used when Run gives none.
	Hint string
	// Verify is the command that proves the fix. Placeholders {interface},
	// {ipsec_peer}, {gre_destination}, {di_tunnel_ip} and {dc_host} are
	// filled in per tunnel by Run.
	Verify string
	// Doc says what is checked, why, and the common causes of failure.
	Doc string
}

// SiteCheck judges the site as a whole. It runs after every tunnel's
// ladder and may read the tunnels' results.
type SiteCheck struct {
	ID, Title, Hint, Verify, Doc string
	Run                          func(p *profile.Profile, ev *evidence.Site, tunnels []TunnelReport) Result
}

// CheckInfo describes a tunnel or site check for `vcdiag explain`.
type CheckInfo struct {
	ID     string `json:"id"`
	Stage  Stage  `json:"stage"`
	Title  string `json:"title"`
	Doc    string `json:"doc"`
	Hint   string `json:"hint"`
	Verify string `json:"verify"`
}

// All returns every check in ladder order, then the site checks.
func All() []CheckInfo {
	var out []CheckInfo
	for _, c := range Ladder() {
		out = append(out, CheckInfo{ID: c.ID, Stage: c.Stage, Title: c.Title, Doc: c.Doc, Hint: c.Hint, Verify: c.Verify})
	}
	for _, c := range SiteChecks() {
		out = append(out, CheckInfo{ID: c.ID, Stage: StageSite, Title: c.Title, Doc: c.Doc, Hint: c.Hint, Verify: c.Verify})
	}
	return out
}

// Lookup returns the description of the check with the given ID.
func Lookup(id string) (CheckInfo, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return CheckInfo{}, false
}

// Stages returns the rungs of a tunnel's ladder, bottom to top.
func Stages() []Stage {
	return []Stage{StageIKEv2, StageIPsec, StageGRE, StagePing, StageBGP, StageRoutes, StageMTU}
}

// unknown is the result of a check that could not decide; why names the
// missing or unreadable evidence.
func unknown(why string) Result { return Result{Status: Unknown, Summary: why} }

// onlyOneSample is the reason a delta check cannot decide from one sample.
func onlyOneSample(cmd string) Result {
	return unknown("only one sample of " + cmd + "; take two samples --sample-interval apart")
}
