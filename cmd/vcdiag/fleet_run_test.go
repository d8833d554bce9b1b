package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/schema"
)

// startCLI runs `vcdiag args...` in-process until the test ends (its
// context is then cancelled and it must stop within 30 s), returning its
// stdout, its stderr and what Execute returned, when it has.
func startCLI(t *testing.T, args ...string) (out, errOut *bytes.Buffer, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	root := newRootCommand(strings.NewReader(""), out, errOut)
	root.SetArgs(args)
	ended := make(chan error, 1)
	go func() { ended <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ended:
		case <-time.After(30 * time.Second):
			t.Errorf("vcdiag %s did not stop within 30 s of its context", args[0])
		}
	})
	return out, errOut, ended
}

// startSimFleetCLI runs `vcdiag sim --sites ...` in-process until the
// test ends and returns the inventory once every CPE listens.
func startSimFleetCLI(t *testing.T, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	out, errOut, done := startCLI(t, append([]string{"sim", "--dir", dir}, args...)...)
	inventory := filepath.Join(dir, sim.FleetInventoryFile)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(inventory); err == nil {
			return inventory
		}
		select {
		case err := <-done:
			t.Fatalf("vcdiag sim --sites ended: %v\n%s\n%s", err, out.String(), errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("vcdiag sim --sites wrote no inventory within 60 s")
		}
	}
}

// scenarioOfSite reads the scenario from a simulated site's name
// ("site-07-ike-no-response").
func scenarioOfSite(t *testing.T, name string) sim.Scenario {
	t.Helper()
	parts := strings.SplitN(name, "-", 3)
	if len(parts) != 3 {
		t.Fatalf("site %q: not a simulated site's name", name)
	}
	sc, ok := sim.ScenarioByName(parts[2])
	if !ok {
		t.Fatalf("site %q: no scenario %q", name, parts[2])
	}
	return sc
}

// TestRunInventoryOverSSH is issue 14's acceptance test: 50 simulated
// sites with a scenario mix, one and two CPEs, collected by
// `run --inventory` over real SSH under a session limit below the CPE
// count. Every site's root causes must be its scenario's (the
// expectations in collectors/sim/scenarios.go, written from the domain),
// and the rollup must put the worst sites first.
func TestRunInventoryOverSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("collects 50 simulated sites over SSH (about 30 s)")
	}
	inventory := startSimFleetCLI(t, "--sites", "50", "--seed", "7", "--scenario-mix",
		"healthy=50,healthy-two-cpe=10,ike-no-response=8,ipsec-one-way=8,bgp-md5-mismatch=8,routes-missing-backup=8,gre-no-keepalive-on-cpe=8,mtu-no-mss=8")
	t.Setenv("VCDIAG_PASSWORD", sim.DefaultPassword)
	t.Setenv("VCDIAG_ENABLE_SECRET", sim.DefaultPassword)
	outDir := filepath.Join(t.TempDir(), "out")
	stdout, stderr, code := runCLI(t, "", "run", "--inventory", inventory, "--output-dir", outDir,
		"--parallel", "32", "--timeout", "90s")
	if code != exitFail {
		t.Fatalf("exit %d, want %d (the worst site fails)\nstdout:\n%s\nstderr:\n%s", code, exitFail, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(outDir, "fleet.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.ValidateFleet(b); err != nil {
		t.Errorf("fleet.json: %v", err)
	}
	var f checks.Fleet
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Schema != checks.FleetSchemaV1 || len(f.Sites) != 50 {
		t.Fatalf("fleet.json: schema %q, %d sites; want %s, 50", f.Schema, len(f.Sites), checks.FleetSchemaV1)
	}
	seen := map[string]bool{}
	for _, site := range f.Sites {
		sc := scenarioOfSite(t, site.Name)
		seen[sc.Name] = true
		if site.Report == nil {
			t.Errorf("%s: no report: %s", site.Name, site.Error)
			continue
		}
		if got := site.Status.String(); got != sc.Status {
			t.Errorf("%s: status %s, want %s (%s)", site.Name, got, sc.Status, site.Headline())
		}
		for _, tun := range site.Report.Tunnels {
			got := ""
			if tun.RootCause != nil {
				got = tun.RootCause.Check
			}
			if want := sc.Expect[tun.Name]; got != want {
				t.Errorf("%s %s: root cause %q, want %q", site.Name, tun.Name, got, want)
			}
		}
		for _, kind := range []string{"json", "html", "text"} {
			if _, err := os.Stat(filepath.Join(outDir, site.Files[kind])); site.Files[kind] == "" || err != nil {
				t.Errorf("%s: no %s report in the output folder (%q: %v)", site.Name, kind, site.Files[kind], err)
			}
		}
	}
	for _, want := range []string{"healthy", "healthy-two-cpe", "ike-no-response", "routes-missing-backup", "gre-no-keepalive-on-cpe"} {
		if !seen[want] {
			t.Errorf("the mix gave no %s site", want)
		}
	}
	// Worst first: fail, unknown, warn, pass; by name within a status.
	rank := map[string]int{"fail": 0, "unknown": 1, "warn": 2, "pass": 3}
	sorted := slices.IsSortedFunc(f.Sites, func(a, b checks.FleetSite) int {
		if ra, rb := rank[a.Status.String()], rank[b.Status.String()]; ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Name, b.Name)
	})
	if !sorted {
		t.Errorf("fleet.json's sites are not worst first")
	}
	// The text rollup on stdout lists the sites in the same order, each
	// failing one with its root cause in its line.
	var order []string
	for _, l := range strings.Split(stdout, "\n") {
		if fields := strings.Fields(l); len(fields) >= 2 && strings.HasPrefix(fields[1], "site-") {
			order = append(order, fields[1])
			sc := scenarioOfSite(t, fields[1])
			for _, want := range sc.Expect {
				if want != "" && !strings.Contains(l, want) {
					t.Errorf("rollup line does not name the root cause %s:\n%s", want, l)
				}
			}
		}
	}
	var want []string
	for _, s := range f.Sites {
		want = append(want, s.Name)
	}
	if !slices.Equal(order, want) {
		t.Errorf("text rollup order\n%v\nwant fleet.json's\n%v", order, want)
	}
	for _, name := range []string{"index.html", "fleet.junit.xml", "fleet.txt"} {
		if _, err := os.Stat(filepath.Join(outDir, name)); err != nil {
			t.Error(err)
		}
	}
	if t.Failed() {
		t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

// TestDemoSitesJSON: demo --sites runs a simulated fleet in-process and
// prints the vcdiag.fleet/v1 envelope, exiting with the worst site's code.
func TestDemoSitesJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("collects 6 simulated sites over SSH (about 11 s)")
	}
	stdout, stderr, code := runCLI(t, "", "demo", "--sites", "6", "--scenario-mix", "healthy=50,ike-no-response=50", "--format", "json")
	if code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, stderr)
	}
	if err := schema.ValidateFleet([]byte(stdout)); err != nil {
		t.Errorf("demo --sites --format json: %v", err)
	}
	var f checks.Fleet
	if err := json.Unmarshal([]byte(stdout), &f); err != nil {
		t.Fatalf("stdout is not the fleet envelope: %v\n%s", err, stdout)
	}
	if f.Schema != checks.FleetSchemaV1 || len(f.Sites) != 6 || f.Counts.Fail != 3 || f.Counts.Pass != 3 {
		t.Fatalf("envelope: schema %s, %d sites, counts %+v", f.Schema, len(f.Sites), f.Counts)
	}
	for i, s := range f.Sites {
		want := "fail"
		if i >= 3 {
			want = "pass"
		}
		if s.Status.String() != want || s.Report == nil {
			t.Errorf("site %d %s: %s, want %s with its report", i, s.Name, s.Status, want)
		}
	}
}

// TestDiffFleets: diff on two fleet.json files says, per site, what went
// bad, which sites are new or gone, and exits as one diff would.
func TestDiffFleets(t *testing.T) {
	read := func(name string) *checks.Report {
		b, err := os.ReadFile(filepath.Join(repoRoot, "reports", "testdata", "demo", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var r checks.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	write := func(reps map[string]string) string {
		var sites []checks.FleetSite
		for name, scenario := range reps {
			sites = append(sites, checks.NewFleetSite(name, "", read(scenario), nil))
		}
		b, err := json.Marshal(checks.NewFleet("test", at, sites))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "fleet.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := write(map[string]string{"acme": "healthy", "globex": "healthy", "initech": "ike-no-response"})
	after := write(map[string]string{"acme": "healthy", "globex": "routes-missing-backup", "umbrella": "healthy"})
	stdout, stderr, code := runCLI(t, "", "diff", before, after)
	if code != exitFail {
		t.Fatalf("exit %d, want %d (globex regressed to fail)\n%s\n%s", code, exitFail, stdout, stderr)
	}
	for _, want := range []string{"SITE globex:", "root cause tunnel2: none -> routes.backup-24", "SITE initech: no longer in the run (was fail)",
		"SITE umbrella: new in this run, pass", "1 site(s) unchanged"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff does not say %q:\n%s", want, stdout)
		}
	}
	if _, _, code := runCLI(t, "", "diff", after, after); code != exitOK {
		t.Errorf("a fleet against itself: exit %d, want 0", code)
	}
	single := filepath.Join(repoRoot, "reports", "testdata", "demo", "healthy.json")
	if _, stderr, code := runCLI(t, "", "diff", single, after); code != exitUnknown || !strings.Contains(stderr, "compare like with like") {
		t.Errorf("a report against a fleet: exit %d, %s", code, stderr)
	}
}

// TestFleetFlagErrors: flags that cannot work together are refused before
// anything is collected, saying what to do instead.
func TestFleetFlagErrors(t *testing.T) {
	inv := filepath.Join(t.TempDir(), "fleet.yaml")
	example, err := filepath.Abs(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inv, []byte("sites:\n  - "+example+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "give --profile SITE.yaml, or --inventory"},
		{[]string{"run", "--inventory", inv, "--profile", "x.yaml"}, "give one"},
		{[]string{"run", "--inventory", inv, "--cpe", "cpe1"}, "--cpe works on one site"},
		{[]string{"run", "--inventory", inv, "-o", "rollup.md"}, "the rollup's formats are html, json, junit, text"},
		{[]string{"run", "--inventory", inv, "--parallel", "0"}, "--parallel 0: must be at least 1"},
		{[]string{"run", "--inventory", inv, "--shard", "2/2"}, "--shard 2/2"},
		{[]string{"run", "--profile", "x.yaml", "--output-dir", "out"}, "--output-dir needs --inventory"},
		{[]string{"demo", "--sites", "3", "--scenario", "healthy"}, "with --sites use --scenario-mix"},
		{[]string{"demo", "--scenario-mix", "healthy=1"}, "--scenario-mix needs --sites"},
		{[]string{"watch", "--inventory", inv, "--demo"}, "vcdiag sim --sites"},
		{[]string{"watch", "--profile", "x.yaml", "--shard", "0/2"}, "--shard needs --inventory"},
		{[]string{"profile", "check", "--inventory", filepath.Join(t.TempDir(), "missing.yaml")}, "load inventory"},
	} {
		_, stderr, code := runCLI(t, "", tc.args...)
		if code != exitUnknown || !strings.Contains(stderr, tc.want) {
			t.Errorf("vcdiag %s: exit %d, stderr %q; want exit 3 saying %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}
