package sim

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/pipeline"
)

func TestMixCounts(t *testing.T) {
	mix := func(weights ...int) Mix {
		m := make(Mix, len(weights))
		for i, w := range weights {
			m[i] = MixEntry{Scenario: string(rune('a' + i)), Weight: w}
		}
		return m
	}
	tests := []struct {
		name  string
		mix   Mix
		sites int
		want  []int
	}{
		{"90/5/5 of 50", mix(90, 5, 5), 50, []int{45, 3, 2}},
		{"90/5/5 of 100", mix(90, 5, 5), 100, []int{90, 5, 5}},
		{"one site", mix(90, 5, 5), 1, []int{1, 0, 0}},
		{"thirds of 10", mix(1, 1, 1), 10, []int{4, 3, 3}},
		{"largest remainder wins", mix(1, 2), 2, []int{1, 1}},
		{"default of 50", mustMix(t, DefaultMix), 50, []int{35, 5, 2, 2, 2, 2, 2}},
		{"default of 10", mustMix(t, DefaultMix), 10, []int{7, 1, 1, 1, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.mix.Counts(tt.sites); !slices.Equal(got, tt.want) {
				t.Errorf("%s.Counts(%d) = %v, want %v", tt.mix, tt.sites, got, tt.want)
			}
		})
	}
	m := mix(7, 3, 11, 1, 5)
	for n := 1; n <= 300; n++ {
		sum := 0
		for _, c := range m.Counts(n) {
			sum += c
		}
		if sum != n {
			t.Fatalf("%s.Counts(%d) adds up to %d", m, n, sum)
		}
	}
}

func mustMix(t *testing.T, s string) Mix {
	t.Helper()
	m, err := ParseMix(s, "")
	if err != nil {
		t.Fatalf("ParseMix(%q) = %v", s, err)
	}
	return m
}

func TestParseMix(t *testing.T) {
	got, err := ParseMix(" healthy=90, ike-no-response=5 ,tunnel2-down=5", PlatformIOSXE)
	want := Mix{{"healthy", 90}, {"ike-no-response", 5}, {"tunnel2-down", 5}}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("ParseMix = %v, %v, want %v", got, err, want)
	}
	if s := got.String(); s != "healthy=90,ike-no-response=5,tunnel2-down=5" {
		t.Errorf("Mix.String() = %q", s)
	}
	for _, p := range Platforms {
		if _, err := ParseMix(DefaultMix, p); err != nil {
			t.Errorf("ParseMix(DefaultMix, %s) = %v", p, err)
		}
	}
}

func TestParseMixErrors(t *testing.T) {
	tests := []struct {
		name, in, platform string
		want               []string // all in the error
	}{
		{"empty", "", "", []string{"empty", "NAME=WEIGHT"}},
		{"empty entry", "healthy=1,,tunnel2-down=1", "", []string{"entry 2 is empty"}},
		{"no weight", "healthy", "", []string{`"healthy": not NAME=WEIGHT`}},
		{"no name", "=5", "", []string{`"=5": not NAME=WEIGHT`}},
		{"weight not a number", "healthy=lots", "", []string{`"healthy=lots"`, `weight "lots"`}},
		{"zero weight", "healthy=0", "", []string{`weight "0"`}},
		{"negative weight", "healthy=-3", "", []string{`weight "-3"`}},
		{"fraction", "healthy=0.5", "", []string{`weight "0.5"`}},
		{"huge weight", "healthy=99999999999", "", []string{"from 1 to 1000000"}},
		{"unknown scenario", "healthy=1,ike-on-fire=2", "", []string{`"ike-on-fire=2"`, "known: healthy, healthy-two-cpe"}},
		{"no form on the platform", "mtu-no-mss=1", PlatformLinux, []string{"has no Linux form", "known: "}},
		{"twice", "healthy=1,healthy=2", "", []string{"given twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMix(tt.in, tt.platform)
			if err == nil {
				t.Fatalf("ParseMix(%q, %q) = %v, want an error", tt.in, tt.platform, m)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseMix(%q, %q) error %q lacks %q", tt.in, tt.platform, err, w)
				}
			}
		})
	}
}

// TestFleetScenariosBySeed: the same seed gives the same order, another
// seed another one, with the same counts.
func TestFleetScenariosBySeed(t *testing.T) {
	names := func(seed int64) []string {
		scs, err := fleetScenarios(FleetOptions{Sites: 40, Mix: mustMix(t, DefaultMix), Seed: seed, Platform: PlatformIOSXE})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(scs))
		for i, sc := range scs {
			out[i] = sc.Name
		}
		return out
	}
	a, b, c := names(1), names(1), names(2)
	if !slices.Equal(a, b) {
		t.Errorf("seed 1 twice gives two orders:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 1 and 2 give the same order %v", a)
	}
	slices.Sort(a)
	slices.Sort(c)
	if !slices.Equal(a, c) {
		t.Errorf("seeds change the counts:\n%v\n%v", a, c)
	}
}

func TestStartFleet(t *testing.T) {
	base := runtime.NumGoroutine()
	mix := mustMix(t, "healthy=60,healthy-two-cpe=20,ike-no-response=10,bgp-md5-mismatch=10")
	f, err := StartFleet(context.Background(), ScenarioStart, FleetOptions{Sites: 30, Mix: mix, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.Sites) != 30 {
		t.Fatalf("%d sites, want 30", len(f.Sites))
	}
	wantCounts := []ScenarioCount{{"healthy", 18, 18}, {"healthy-two-cpe", 6, 12}, {"ike-no-response", 3, 3}, {"bgp-md5-mismatch", 3, 3}}
	if diff := cmp.Diff(wantCounts, f.Counts()); diff != "" {
		t.Errorf("Counts() differ (-want +got):\n%s", diff)
	}
	if f.CPEs() != 36 {
		t.Errorf("CPEs() = %d, want 36", f.CPEs())
	}
	nameRE := regexp.MustCompile(`^site-\d{3}-[a-z0-9-]+$`)
	names, addrs := map[string]bool{}, map[string]bool{}
	for i, s := range f.Sites {
		if !nameRE.MatchString(s.Name) || !strings.HasSuffix(s.Name, "-"+s.Scenario.Name) || names[s.Name] {
			t.Errorf("site %d is named %q (scenario %s)", i, s.Name, s.Scenario.Name)
		}
		names[s.Name] = true
		if s.Region != FleetRegions[i%len(FleetRegions)] || s.Servers.Site.Region != s.Region || s.Servers.Site.Name != s.Name {
			t.Errorf("site %s: region %q, site %q/%q", s.Name, s.Region, s.Servers.Site.Name, s.Servers.Site.Region)
		}
		for _, srv := range s.Servers.Servers {
			if !strings.HasPrefix(srv.Addr(), "127.0.0.1:") || addrs[srv.Addr()] {
				t.Errorf("site %s CPE %s listens on %q", s.Name, srv.CPE(), srv.Addr())
			}
			addrs[srv.Addr()] = true
		}
	}
	if f.Sites[0].Name != "site-001-"+f.Sites[0].Scenario.Name {
		t.Errorf("first site is %q", f.Sites[0].Name)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	noLeak(t, base)
	if err := f.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
}

func TestStartFleetErrors(t *testing.T) {
	tests := []struct {
		name string
		o    FleetOptions
		want string
	}{
		{"no sites", FleetOptions{}, "give 1 to"},
		{"too many", FleetOptions{Sites: MaxFleetSites + 1}, "give 1 to"},
		{"a port", FleetOptions{Sites: 2, Server: ServerOptions{Listen: "127.0.0.1:2222"}}, "the port must be 0"},
		{"unknown platform", FleetOptions{Sites: 2, Platform: "vyos"}, "no simulated platform"},
		{"bad latency", FleetOptions{Sites: 2, Server: ServerOptions{Latency: Latency{Min: -1}}}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := runtime.NumGoroutine()
			f, err := StartFleet(context.Background(), ScenarioStart, tt.o)
			if err == nil {
				f.Close()
				t.Fatalf("StartFleet(%+v) started", tt.o)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("StartFleet(%+v) = %v, want %q", tt.o, err, tt.want)
			}
			noLeak(t, base)
		})
	}
}

// TestFleetWriteFiles writes a fleet's files, loads every site profile
// the inventory lists as vcdiag does, and logs in to a CPE with the
// written known_hosts.
func TestFleetWriteFiles(t *testing.T) {
	mix := mustMix(t, "healthy=2,healthy-two-cpe=1,routes-missing-backup=1")
	f, err := StartFleet(context.Background(), ScenarioStart, FleetOptions{Sites: 12, Mix: mix, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	stale := filepath.Join(dir, "sites", "site-999-healthy.yaml")
	other := filepath.Join(dir, "sites", "mine.yaml")
	for _, p := range []string{stale, other} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := f.WriteFiles(dir)
	if err != nil {
		t.Fatalf("WriteFiles = %v", err)
	}
	if inv != filepath.Join(dir, "inventory.yaml") {
		t.Errorf("WriteFiles = %q", inv)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale profile %s kept (%v)", stale, err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file vcdiag did not write was removed: %v", err)
	}
	text, err := os.ReadFile(inv)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ndefaults:\n  credentials:\n    password_env: VCDIAG_PASSWORD\n    enable_secret_env: VCDIAG_ENABLE_SECRET\n    known_hosts: known_hosts\nsites:\n",
		"scenario mix healthy=2,healthy-two-cpe=1,routes-missing-backup=1"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("inventory.yaml lacks %q:\n%s", want, text)
		}
	}
	entries := regexp.MustCompile(`(?m)^  - profile: (sites/\S+\.yaml)  # scenario: (\S+)$`).FindAllStringSubmatch(string(text), -1)
	if len(entries) != len(f.Sites) {
		t.Fatalf("inventory.yaml lists %d sites, want %d:\n%s", len(entries), len(f.Sites), text)
	}
	for i, e := range entries {
		s := f.Sites[i]
		if e[2] != s.Scenario.Name {
			t.Errorf("entry %d: scenario %s, want %s", i, e[2], s.Scenario.Name)
		}
		p, err := pipeline.LoadProfile(filepath.Join(dir, e[1]))
		if err != nil {
			t.Errorf("site %s: %v", s.Name, err)
			continue
		}
		if p.Name != s.Name || p.Region != s.Region || len(p.CPEs) != len(s.Servers.Servers) {
			t.Errorf("profile %s: name %q region %q, %d CPEs; want %q %q %d", e[1], p.Name, p.Region, len(p.CPEs), s.Name, s.Region, len(s.Servers.Servers))
		}
		for j, c := range p.CPEs {
			if srv := s.Servers.Servers[j]; c.Port == 0 || !strings.HasSuffix(srv.Addr(), ":"+strconv.Itoa(c.Port)) {
				t.Errorf("profile %s CPE %s port %d, server %s", e[1], c.Name, c.Port, srv.Addr())
			}
		}
	}
	hk, err := knownhosts.New(filepath.Join(dir, "known_hosts"))
	if err != nil {
		t.Fatal(err)
	}
	last := f.Servers()[f.CPEs()-1]
	client, err := ssh.Dial("tcp", last.Addr(), &ssh.ClientConfig{User: DefaultUser,
		Auth: []ssh.AuthMethod{ssh.Password(DefaultPassword)}, HostKeyCallback: hk, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("ssh to the last CPE with the written known_hosts: %v", err)
	}
	client.Close()
}

// BenchmarkStartFleet starts and closes 500 two-CPE sites: 1,000 SSH
// servers, each with its own host key and port.
func BenchmarkStartFleet(b *testing.B) {
	mix := Mix{{Scenario: "healthy-two-cpe", Weight: 1}}
	var starting time.Duration
	for b.Loop() {
		t0 := time.Now()
		f, err := StartFleet(context.Background(), ScenarioStart, FleetOptions{Sites: 500, Mix: mix, Seed: 1})
		starting += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		if f.CPEs() != 1000 {
			b.Fatalf("%d CPEs", f.CPEs())
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(starting.Milliseconds())/float64(b.N), "start-ms/op")
}
