package checks

import (
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// TestCollectionFailureGroupsChecks: a CPE from which nothing was
// collected is one cause; every check it leaves unknown is grouped under
// it, with the failure's summary and no hint of its own, and the failure
// lists them. The caller's failure is not written to.
func TestCollectionFailureGroupsChecks(t *testing.T) {
	f := healthy(t)
	in := []CollectionFailure{{CPE: "cpe1", Kind: FailureAuth, Summary: `the login as "netops" was refused`, Fix: "set VCDIAG_PASSWORD"}}
	rep := Run(f.p, &evidence.Site{CPEs: map[string]*evidence.CPE{"cpe1": {Name: "cpe1"}}},
		RunOptions{Collection: in, Skip: []string{"mtu.path"}})
	if in[0].Checks != nil {
		t.Errorf("Run wrote to the caller's failure: %v", in[0].Checks)
	}
	if len(rep.CollectionFailures) != 1 {
		t.Fatalf("collection failures %+v, want one", rep.CollectionFailures)
	}
	n := 0
	for _, tr := range rep.Tunnels {
		for _, s := range tr.Stages {
			for _, r := range s.Checks {
				if r.Status == Skip {
					continue
				}
				n++
				if r.Status != Unknown || r.CollectionFailed != "cpe1" || r.Hint != "" || !strings.Contains(r.Summary, "was refused") {
					t.Errorf("%s %s: %s %q collection_failed %q hint %q", tr.Name, r.ID, r.Status, r.Summary, r.CollectionFailed, r.Hint)
				}
			}
		}
	}
	got := rep.CollectionFailures[0].Checks
	if len(got) < n || !strings.HasPrefix(got[0], "tunnel1/") {
		t.Errorf("the failure lists %d checks (%v), want the %d tunnel checks and the site checks", len(got), got, n)
	}
	if r := find(t, rep, "", "site.capacity"); r.CollectionFailed != "cpe1" {
		t.Errorf("site.capacity: %s %q, want grouped under cpe1", r.Status, r.Summary)
	}
}

// TestSiteRootCause: over capacity with both tunnels up, site.capacity is a
// root cause of the report; without a failure there is none.
func TestSiteRootCause(t *testing.T) {
	f := healthy(t)
	if rep := run(f); len(rep.SiteRootCauses) != 0 {
		t.Errorf("healthy site has site root causes %+v", rep.SiteRootCauses)
	}
	for _, k := range []string{"if:Tunnel1#2", "if:Tunnel2#2"} {
		f.out[k].Parsed.([]parsers.Interface)[0].OutputRateBps = 130_000_000
	}
	rep := run(f)
	if len(rep.SiteRootCauses) != 1 || rep.SiteRootCauses[0].Check != "site.capacity" || rep.SiteRootCauses[0].Stage != StageSite ||
		rep.SiteRootCauses[0].Hint == "" {
		t.Errorf("site root causes %+v, want site.capacity with its hint", rep.SiteRootCauses)
	}
}
