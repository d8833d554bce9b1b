package main

import (
	"context"
	"crypto/ed25519"
	crand "crypto/rand"
	"errors"
	"fmt"
	"github.com/vcdiag/vcdiag/platform/iosxe"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// vclock is a virtual clock shared by the collector and the simulated
// routers: the 10 s between the two counter samples passes at once, so
// every cycle has two samples (and healthy tunnels pass) at no cost.
type vclock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(50 * time.Millisecond)
	return c.t
}

func (c *vclock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// soakVariant is one state the watched site can be in for a cycle.
type soakVariant struct {
	name     string
	scenario string
	faults   sim.DeviceFaults
	weight   int
	site     *sim.Site
	servers  *sim.SiteServers
}

// inProcess answers from the simulator's renderer without SSH, with the
// variant's device faults acted out the way a Dialer reports them.
type inProcess struct {
	v     *soakVariant
	cpe   string
	clock *vclock
	n     int
}

func (s *inProcess) Run(ctx context.Context, cmd string) (string, error) {
	if err := (iosxe.Platform{}).Allowed(cmd); err != nil {
		return "", err
	}
	s.n++
	if k := s.v.faults.DisconnectAfter; k > 0 && s.n > k {
		return "", fmt.Errorf("run %q on %s: %w", cmd, s.cpe, collectors.ErrSessionLost)
	}
	out, err := s.v.site.Render(s.cpe, cmd, s.clock.Now())
	if errors.Is(err, sim.ErrInvalidInput) {
		return sim.InvalidInputText, fmt.Errorf("run %q: rejected", cmd)
	}
	return out, err
}

func (s *inProcess) Close() error { return nil }

// soakSite starts one simulated site per variant (a shared host key, the
// shared virtual clock) and returns the known_hosts file trusting them.
func soakSite(t *testing.T, variants []*soakVariant, clock *vclock) string {
	t.Helper()
	key := hostKey(t)
	var kh strings.Builder
	for _, v := range variants {
		sc, ok := sim.ScenarioByName(v.scenario)
		if !ok {
			t.Fatalf("no scenario %q", v.scenario)
		}
		v.site = sc.Build(sim.ScenarioStart)
		ss, err := sim.StartSite(context.Background(), v.site, sim.ServerOptions{
			Faults: v.faults, HostKey: key, Clock: clock.Now, Start: sim.ScenarioStart})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ss.Close() })
		v.servers = ss
		for _, srv := range ss.Servers {
			kh.WriteString(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey()) + "\n")
		}
	}
	path := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(path, []byte(kh.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// soakStats are the numbers docs/watch.md quotes.
type soakStats struct {
	cycles, sshCycles, faults, recoveries int
	goroutines                            []int
	heapMiB                               []float64
}

// TestWatchSoak runs the watch loop for 2,000 cycles 10 ms apart against
// the simulator, switching the site at random (fixed seed) between healthy
// and four faults: SSH authentication failure, a session dropped midway,
// routes-missing-backup and tunnel2-down. Every 20th cycle goes over real
// SSH to the simulated routers, the others in process (2,000 SSH
// handshakes would not fit the CI budget on two cores). After every cycle
// the metrics must show the fault, or the recovery; goroutines and heap
// are sampled every 200 cycles and must not grow.
func TestWatchSoak(t *testing.T) {
	const (
		cycles   = 2000
		sshEvery = 20
		sample   = 200
	)
	clock := &vclock{t: sim.ScenarioStart}
	variants := []*soakVariant{
		{name: "healthy", scenario: "healthy", weight: 8},
		{name: "ssh-auth-failure", scenario: "healthy", faults: sim.DeviceFaults{AuthFailure: true}, weight: 2},
		{name: "disconnect-midway", scenario: "healthy", faults: sim.DeviceFaults{DisconnectAfter: sim.DefaultDisconnectAfter}, weight: 2},
		{name: "routes-missing-backup", scenario: "routes-missing-backup", weight: 2},
		{name: "tunnel2-down", scenario: "tunnel2-down", weight: 2},
	}
	knownHosts := soakSite(t, variants, clock)
	p, err := profile.Load(filepath.Join("..", "..", "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sshDial := collectors.SSHDialer(collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword,
		KnownHostsFile: knownHosts, ConnectTimeout: 5 * time.Second, CommandTimeout: 5 * time.Second})

	rng := rand.New(rand.NewPCG(2026, 6))
	var (
		mu      sync.Mutex
		current *soakVariant
		useSSH  bool
	)
	dial := func(ctx context.Context, c profile.CPE) (collectors.Session, error) {
		mu.Lock()
		v, overSSH := current, useSSH
		mu.Unlock()
		if overSSH {
			host, port, _ := net.SplitHostPort(v.servers.Server(c.Name).Addr())
			c.Host = host
			c.Port, _ = strconv.Atoi(port)
			c.Username = sim.DefaultUser
			return sshDial(ctx, c)
		}
		if v.faults.AuthFailure {
			return nil, fmt.Errorf("ssh %s: %w", c.Host, collectors.ErrAuth)
		}
		return &inProcess{v: v, cpe: c.Name, clock: clock}, nil
	}
	// mtu.path needs a DF ping sweep per tunnel per cycle; the soak is
	// about the loop, not that rung, so it is skipped as --mtu-sweep=false does.
	lc := liveCycle{profile: p, cpes: []string{"cpe1"}, dial: dial, sampleInterval: 10 * time.Second, skip: []string{"mtu.path"},
		clock: clock.Now, sleep: clock.Sleep}
	exp := metrics.NewExporter(metrics.Options{Site: p.Name, Runtime: true})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		st       soakStats
		prev     *soakVariant
		before   map[string]float64
		addr     string
		started  = time.Now()
		baseline int
	)
	cycle := func(cctx context.Context) metrics.Cycle {
		n := st.cycles
		if prev != nil {
			after := gather(t, exp)
			checkVariant(t, n, prev, before, after)
			if prev.name == "healthy" && n >= 2 && st.faults > 0 {
				st.recoveries += recovered(before)
			}
			before = after
		}
		if n%sample == 0 && n > 0 {
			if addr != "" {
				scrape(t, addr)
			}
			g, h := settledGoroutines(baseline), heapMiB()
			st.goroutines, st.heapMiB = append(st.goroutines, g), append(st.heapMiB, h)
		}
		if n == cycles {
			cancel()
			return metrics.Cycle{Err: context.Canceled}
		}
		v := pick(rng, variants)
		mu.Lock()
		current, useSSH = v, n%sshEvery == sshEvery-1
		if useSSH {
			st.sshCycles++
		}
		mu.Unlock()
		if v.name != "healthy" {
			st.faults++
		}
		prev = v
		st.cycles++
		c := lc.run(cctx)
		if os.Getenv("SOAK_DEBUG") != "" && c.Report != nil {
			t.Logf("notes %q", c.Report.Notes)
			for _, tr := range c.Report.Tunnels {
				for _, sr := range tr.Stages {
					for _, r := range sr.Checks {
						if r.Status != 0 {
							t.Logf("%s %s %s %s", v.name, tr.Name, r.ID, r.Summary)
						}
					}
				}
			}
		}
		return c
	}
	baseline = runtime.NumGoroutine()
	w := &watcher{cycle: cycle, exp: exp, interval: 10 * time.Millisecond, timeout: 10 * time.Second,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), ready: func(a string) { addr = a }}
	if err := w.serveAndRun(ctx, "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(started)
	end := settledGoroutines(baseline)
	t.Logf("soak: %d cycles (%d over SSH, %d with a fault, %d recoveries seen) in %s; goroutines at start %d, per 200 cycles %v, at end %d; heap in use MiB per 200 cycles %.1f",
		st.cycles, st.sshCycles, st.faults, st.recoveries, elapsed.Round(time.Second), baseline, st.goroutines, end, st.heapMiB)
	if st.cycles != cycles {
		t.Errorf("ran %d cycles, want %d", st.cycles, cycles)
	}
	if end > baseline+2 {
		t.Errorf("goroutines: %d at the end, %d at the start", end, baseline)
	}
	// The first sample is taken once caches are warm; later ones must not
	// climb above it by more than a little noise.
	for i, g := range st.goroutines {
		if g > st.goroutines[0]+5 {
			t.Errorf("goroutines after %d cycles: %d, after %d: %d (growing)", (i+1)*sample, g, sample, st.goroutines[0])
		}
	}
	for i, h := range st.heapMiB {
		if h > st.heapMiB[0]*1.5+8 {
			t.Errorf("heap in use after %d cycles: %.1f MiB, after %d: %.1f MiB (growing)", (i+1)*sample, h, sample, st.heapMiB[0])
		}
	}
	if st.recoveries == 0 {
		t.Error("no recovery from a fault was seen")
	}
}

// hostKey is one Ed25519 host key for every variant's routers.
func hostKey(t *testing.T) ssh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func pick(rng *rand.Rand, vs []*soakVariant) *soakVariant {
	total := 0
	for _, v := range vs {
		total += v.weight
	}
	n := rng.IntN(total)
	for _, v := range vs {
		if n < v.weight {
			return v
		}
		n -= v.weight
	}
	return vs[0]
}

func settledGoroutines(baseline int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > baseline; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

func heapMiB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

func scrape(t *testing.T, addr string) {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get("http://" + addr + "/metrics")
	if err != nil {
		t.Errorf("scrape: %v", err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "vcdiag_cycles_total") || !strings.Contains(string(b), "go_goroutines") {
		t.Errorf("scrape: status %d, body %.200q", resp.StatusCode, b)
	}
}

// gather reads every series of the exporter into name{label=value,...}
// keys (labels in name order, as the registry sorts them).
func gather(t *testing.T, exp *metrics.Exporter) map[string]float64 {
	t.Helper()
	mfs, err := exp.Registry().Gather()
	if err != nil {
		t.Errorf("gather: %v", err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				if l.GetValue() != "" {
					ls = append(ls, l.GetName()+"="+l.GetValue())
				}
			}
			key := mf.GetName() + "{" + strings.Join(ls, ",") + "}"
			switch {
			case m.GetGauge() != nil:
				out[key] = m.GetGauge().GetValue()
			case m.GetCounter() != nil:
				out[key] = m.GetCounter().GetValue()
			}
		}
	}
	return out
}

const (
	soakT1    = "{cpe=cpe1,dc=A,site=acme-east,tunnel=tunnel1}"
	soakT2    = "{cpe=cpe1,dc=B,site=acme-east,tunnel=tunnel2}"
	soakSiteL = "{site=acme-east}"
)

// checkVariant says whether the metrics after a cycle show what the
// variant the site was in must show.
func checkVariant(t *testing.T, n int, v *soakVariant, before, after map[string]float64) {
	t.Helper()
	want := func(key string, val float64) {
		t.Helper()
		got, ok := after[key]
		if !ok || got != val {
			t.Errorf("cycle %d (%s): %s = %v (present %v), want %v", n, v.name, key, got, ok, val)
		}
	}
	errs := func(reason string) float64 {
		key := "vcdiag_collection_errors_total{cpe=cpe1,reason=" + reason + ",site=acme-east}"
		return after[key] - before[key]
	}
	upKey := "vcdiag_collection_up{cpe=cpe1,site=acme-east}"
	switch v.name {
	case "healthy":
		want("vcdiag_site_status"+soakSiteL, metrics.CodePass)
		want("vcdiag_tunnel_status"+soakT1, metrics.CodePass)
		want("vcdiag_tunnel_status"+soakT2, metrics.CodePass)
		want("vcdiag_failover_ready"+soakSiteL, 1)
		want(upKey, 1)
	case "ssh-auth-failure":
		if errs("auth") != 1 {
			t.Errorf("cycle %d (%s): collection errors with reason auth rose by %v, want 1", n, v.name, errs("auth"))
		}
		want("vcdiag_tunnel_status"+soakT1, metrics.CodeUnknown)
		want("vcdiag_tunnel_status"+soakT2, metrics.CodeUnknown)
		want(upKey, 0)
	case "disconnect-midway":
		if errs("session_lost") != 1 {
			t.Errorf("cycle %d (%s): collection errors with reason session_lost rose by %v, want 1", n, v.name, errs("session_lost"))
		}
		want("vcdiag_site_status"+soakSiteL, metrics.CodeUnknown)
		want(upKey, 0)
	case "routes-missing-backup":
		want("vcdiag_tunnel_status"+soakT1, metrics.CodePass)
		want("vcdiag_tunnel_status"+soakT2, metrics.CodeFail)
		want("vcdiag_check_status{check=routes.backup-24,cpe=cpe1,dc=B,site=acme-east,stage=routes,tunnel=tunnel2}", metrics.CodeFail)
		want("vcdiag_failover_ready"+soakSiteL, 0)
	case "tunnel2-down":
		want("vcdiag_tunnel_status"+soakT1, metrics.CodePass)
		want("vcdiag_tunnel_status"+soakT2, metrics.CodeFail)
		want("vcdiag_ike_sa_up"+soakT2, 0)
		want("vcdiag_ike_sa_up"+soakT1, 1)
	}
	if t.Failed() {
		t.FailNow()
	}
}

// recovered is 1 when the metrics before a healthy cycle showed a fault.
func recovered(before map[string]float64) int {
	if before["vcdiag_site_status"+soakSiteL] != metrics.CodePass || before["vcdiag_collection_up{cpe=cpe1,site=acme-east}"] != 1 {
		return 1
	}
	return 0
}
