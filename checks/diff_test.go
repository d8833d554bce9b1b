package checks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// report builds a one-tunnel report from (id, status, observed) triples
// in the routes stage, plus site checks.
func report(status Status, root string, results ...Result) *Report {
	t := TunnelReport{Name: "tunnel1", Status: status, Stages: []StageResult{{Stage: StageRoutes, Checks: results}}}
	if root != "" {
		t.RootCause = &RootCause{Check: root}
	}
	return &Report{Profile: ProfileRef{Name: "acme"}, Status: status, Tunnels: []TunnelReport{t}}
}

func TestDiff(t *testing.T) {
	pass := func(id, obs string) Result { return Result{ID: id, Status: Pass, Observed: obs} }
	with := func(r Result, s Status) Result { r.Status = s; return r }
	tests := []struct {
		name     string
		old, cur *Report
		want     []Change
		wantRC   []RootCauseChange
		wantExit int
	}{
		{
			name:     "identical",
			old:      report(Pass, "", pass("routes.received", "received-routes: 203.0.113.0/25")),
			cur:      report(Pass, "", pass("routes.received", "received-routes: 203.0.113.0/25")),
			wantExit: 0,
		},
		{
			name: "backup /24 lost",
			old:  report(Pass, "", pass("routes.backup-24", "received-routes: 203.0.113.0/24")),
			cur:  report(Fail, "routes.backup-24", with(pass("routes.backup-24", "received-routes: none of them"), Fail)),
			want: []Change{{Tunnel: "tunnel1", Check: "routes.backup-24", Stage: StageRoutes, Kind: Regressed, Old: Pass, New: Fail,
				OldObserved: "received-routes: 203.0.113.0/24", NewObserved: "received-routes: none of them", Lost: []string{"203.0.113.0/24"}}},
			wantRC:   []RootCauseChange{{Tunnel: "tunnel1", Old: "", New: "routes.backup-24"}},
			wantExit: 2,
		},
		{
			name: "route gained, status unchanged",
			old:  report(Pass, "", pass("routes.received", "received-routes: 203.0.113.0/25")),
			cur:  report(Pass, "", pass("routes.received", "received-routes: 203.0.113.0/25, 10.0.0.0/8")),
			want: []Change{{Tunnel: "tunnel1", Check: "routes.received", Stage: StageRoutes, Kind: Changed, Old: Pass, New: Pass,
				OldObserved: "received-routes: 203.0.113.0/25", NewObserved: "received-routes: 203.0.113.0/25, 10.0.0.0/8", Gained: []string{"10.0.0.0/8"}}},
			wantExit: 0,
		},
		{
			name: "counters stopped moving (unknown is warn-level)",
			old:  report(Pass, "", pass("ipsec.counters-rising", "encaps +10")),
			cur:  report(Unknown, "", with(pass("ipsec.counters-rising", "one sample"), Unknown)),
			want: []Change{{Tunnel: "tunnel1", Check: "ipsec.counters-rising", Stage: StageRoutes, Kind: Regressed, Old: Pass, New: Unknown,
				OldObserved: "encaps +10", NewObserved: "one sample", Counters: true}},
			wantExit: 1,
		},
		{
			name: "recovered, observed of a non-route check not compared when status equal",
			old:  report(Warn, "", with(pass("gre.keepalive", "a"), Warn), pass("bgp.stable", "up 1d")),
			cur:  report(Pass, "", pass("gre.keepalive", "b"), pass("bgp.stable", "up 2d")),
			want: []Change{{Tunnel: "tunnel1", Check: "gre.keepalive", Stage: StageRoutes, Kind: Recovered, Old: Warn, New: Pass,
				OldObserved: "a", NewObserved: "b"}},
			wantExit: 0,
		},
		{
			name: "blocked is not a regression",
			old:  report(Pass, "", pass("mtu.pmtud", "")),
			cur:  report(Pass, "", with(pass("mtu.pmtud", ""), Skip)),
			want: []Change{{Tunnel: "tunnel1", Check: "mtu.pmtud", Stage: StageRoutes, Kind: Blocked, Old: Pass, New: Skip}},
		},
		{
			name: "added and removed checks",
			old:  report(Pass, "", pass("a.old", "")),
			cur:  report(Fail, "", with(pass("a.new", ""), Fail)),
			want: []Change{
				{Tunnel: "tunnel1", Check: "a.new", Stage: StageRoutes, Kind: Added, New: Fail},
				{Tunnel: "tunnel1", Check: "a.old", Stage: StageRoutes, Kind: Removed, Old: Pass},
			},
			wantExit: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.cur)
			if diff := cmp.Diff(tt.want, got.Checks, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff().Checks (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRC, got.RootCauses, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff().RootCauses (-want +got):\n%s", diff)
			}
			if code := got.ExitCode(); code != tt.wantExit {
				t.Errorf("Diff().ExitCode() = %d, want %d", code, tt.wantExit)
			}
		})
	}
}

func loadReport(t *testing.T, name string) *Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "reports", name+".json"))
	if err != nil {
		t.Skipf("golden report: %v", err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestDiffGoldenReports compares the healthy golden report with each
// failure scenario's: every root cause appears as a root-cause change and
// as a regressed check, and the reverse direction only recovers.
func TestDiffGoldenReports(t *testing.T) {
	healthy := loadReport(t, "healthy")
	for _, name := range []string{"routes-missing-backup", "ipsec-one-way", "ike-no-response", "gre-no-keepalive-on-cpe"} {
		t.Run(name, func(t *testing.T) {
			bad := loadReport(t, name)
			d := Diff(healthy, bad)
			for _, tr := range bad.Tunnels {
				if tr.RootCause == nil {
					continue
				}
				found := false
				for _, rc := range d.RootCauses {
					found = found || rc.Tunnel == tr.Name && rc.New == tr.RootCause.Check
				}
				if !found {
					t.Errorf("Diff(healthy, %s) misses root cause %s on %s: %+v", name, tr.RootCause.Check, tr.Name, d.RootCauses)
				}
			}
			if d.ExitCode() != bad.ExitCode() {
				t.Errorf("Diff(healthy, %s).ExitCode() = %d, want %d (the report's own, from a clean baseline)", name, d.ExitCode(), bad.ExitCode())
			}
			back := Diff(bad, healthy)
			if back.ExitCode() != 0 || back.Regressions() != 0 {
				t.Errorf("Diff(%s, healthy) has %d regressions, want 0", name, back.Regressions())
			}
		})
	}
}
