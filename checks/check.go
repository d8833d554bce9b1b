package checks

import (
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Check is one rung-level test of one tunnel. A Check is a value: its Run
// reads the tunnel's expected values and the facts of its CPE and returns a
// Result; it never writes to the Check.
type Check struct {
	// ID is stable and dotted ("ikev2.sa-ready"): it is used in JSON,
	// docs, --skip and `vcdiag explain`.
	ID    string
	Stage Stage
	Title string
	Run   func(t *profile.Tunnel, cpe *evidence.CPE) Result
	// Hint is the remediation, in plain words, used when Run gives none.
	Hint string
	// Verify names the facts whose output proves the fix; the CPE's
	// platform spells the command (evidence.Dialect).
	Verify verify
	// Doc says what is checked, why, and the common causes of failure.
	Doc string
	// Explains lists the checks on lower rungs whose failure this check's
	// proven cause can produce (a shut GRE source leaves no IKE SA and no
	// ESP traffic). When this check fails with a proven cause and the
	// tunnel's first failure is one of them, this check is the root cause.
	Explains []string
}

// verify is which facts prove a check's fix, about which of the tunnel's
// values.
type verify struct {
	Family evidence.Family
	// About is what narrows the query: "peer" (the DI IPsec peer),
	// "neighbor" (the DI tunnel IP), "interface", "dc-host" (the first
	// host of the tunnel's DC /25), "ping", "df-ping" or "" (the whole
	// listing).
	About string
}

// query fills a verify in for one tunnel whose interface is iface.
func (v verify) query(t *profile.Tunnel, iface string) evidence.Query {
	q := evidence.Query{Family: v.Family}
	switch v.About {
	case "peer":
		q.Peer = t.IPsecPeer
	case "neighbor":
		q.Neighbor = t.DITunnelIP
	case "interface":
		q.Interface = iface
		if q.Interface == "" {
			q.Interface = "TunnelN"
		}
	case "dc-host":
		if nets := t.DCNetworks(); len(nets) > 0 {
			q.Address = profile.FirstHost(nets[0])
		}
	case "ping", "df-ping":
		q.Address, q.Source = t.DITunnelIP, pingSource(t, iface)
		if v.About == "df-ping" {
			q.DF, q.Size = true, 1400
		}
	}
	return q
}

// SiteCheck judges the site as a whole. It runs after every tunnel's
// ladder and may read the tunnels' results.
type SiteCheck struct {
	ID, Title, Hint, Doc string
	// Verify is what to look at after the fix, in plain words (a site
	// check reads several outputs, or none of the device's).
	Verify string
	Run    func(p *profile.Profile, ev *evidence.Site, tunnels []TunnelReport) Result
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

// All returns every check in ladder order, then the site checks. Verify
// commands are spelled by d for an example tunnel (d nil: described in
// words).
func All(d evidence.Dialect) []CheckInfo {
	if d == nil {
		d = evidence.GenericDialect{}
	}
	ex := exampleTunnel()
	var out []CheckInfo
	for _, c := range Ladder() {
		out = append(out, CheckInfo{ID: c.ID, Stage: c.Stage, Title: c.Title, Doc: c.Doc, Hint: c.Hint,
			Verify: d.Show(c.Verify.query(ex, ex.Interface))})
	}
	for _, c := range SiteChecks() {
		out = append(out, CheckInfo{ID: c.ID, Stage: StageSite, Title: c.Title, Doc: c.Doc, Hint: c.Hint, Verify: c.Verify})
	}
	return out
}

// exampleTunnel is the first tunnel of the example profile, for spelling
// verify commands in `vcdiag explain`.
func exampleTunnel() *profile.Tunnel {
	p, err := profile.Parse([]byte(profile.Example()), "example.yaml")
	if err != nil || len(p.Tunnels) == 0 {
		return &profile.Tunnel{}
	}
	return &p.Tunnels[0]
}

// Lookup returns the description of the check with the given ID.
func Lookup(id string, d evidence.Dialect) (CheckInfo, bool) {
	for _, c := range All(d) {
		if c.ID == id {
			return c, true
		}
	}
	return CheckInfo{}, false
}

// Stages returns the rungs of a tunnel's ladder, bottom to top. It is the
// one stage order: Ladder's checks must each name one of these (a test
// holds it), and reports, metrics and diff read the order from here.
func Stages() []Stage {
	return []Stage{StageIKEv2, StageIPsec, StageGRE, StagePing, StageBGP, StageRoutes, StageMTU}
}

// unknown is the result of a check that could not decide; why names the
// missing or unreadable evidence.
func unknown(why string) Result { return Result{Status: Unknown, Summary: why} }

// onlyOneSample is the reason a delta check cannot decide from one sample.
func onlyOneSample(what string) Result {
	return unknown("only one sample of " + what + "; take two samples --sample-interval apart")
}
