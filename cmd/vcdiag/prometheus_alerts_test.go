package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// TestPrometheusAlerts runs the shipped alert rules (docs/deploy/alerts.yml)
// in a real Prometheus, configured from docs/deploy/prometheus.yml, against
// `vcdiag watch --demo --scenario X` for several scenarios at once, and
// reads through Prometheus's HTTP API which alerts fire. promtool's unit
// tests (alerts_test.yml) feed the rules series written by hand; this one
// feeds them what watch really exports, so a metric renamed, a label
// missing or a scenario whose root cause moved shows up as the wrong page.
//
// What is changed for the test, and why:
//   - scrape and evaluation interval 1 s (production: 1 m), and every
//     rule's `for:` 2 s (production: 10 to 15 m): the durations only
//     hold an alert back, they choose nothing, and the test has a budget
//     of a minute or two. 2 s (two evaluations) still proves that each
//     alert is stable, not a one-scrape blip;
//   - plain HTTP to the watches on 127.0.0.1 (production: TLS and basic
//     auth, tested on their own in watch_deploy_test.go and
//     watch_web_test.go), one target per scenario labelled scenario=X;
//   - the node_exporter job is left out.
//
// The watches keep the default 10 s --sample-interval: with one sample
// the counter checks say unknown and healthy would not be healthy. One
// cycle is enough, so --interval is long.
func TestPrometheusAlerts(t *testing.T) {
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("prometheus not installed (Debian package prometheus; .ci/run installs it): " + err.Error())
	}
	if testing.Short() {
		t.Skip("starts Prometheus and four watches for about half a minute")
	}
	// The alerts each scenario must raise and must not, from the domain
	// (docs/watch.md, shared/DOMAIN.md), written before running:
	//   - healthy: nothing.
	//   - routes-missing-backup: tunnel2 is up and carries traffic; DC-B
	//     does not send the /24. A route-set fault naming routes.backup-24,
	//     and failover is not ready (if tunnel1 fails, calls stop). Not a
	//     tunnel down.
	//   - ike-no-response: tunnel1 never gets an IKEv2 SA: down, naming
	//     ikev2.sa-ready; the site runs on tunnel2 alone, so failover is
	//     not ready either.
	//   - mtu-no-mss: tunnel1 is up and routed, its MSS is not adjusted:
	//     an MTU fault naming mtu.adjust-mss, and nothing else.
	const (
		down     = "VirtualConnectTunnelDown"
		routes   = "VirtualConnectRouteSetFault"
		mtu      = "VirtualConnectMTUFault"
		site     = "VirtualConnectSiteFault"
		failover = "VirtualConnectFailoverNotReady"
	)
	all := []string{down, routes, mtu, site, failover, "VirtualConnectCapacityNearBudget", "VirtualConnectCapacityOverBudget",
		"VcdiagCollectionErrors", "VcdiagStale", "VcdiagAbsent"}
	scenarios := []struct {
		name string
		fire []wantAlert
	}{
		{"healthy", nil},
		{"routes-missing-backup", []wantAlert{
			{name: routes, labels: map[string]string{"tunnel": "tunnel2", "dc": "B", "stage": "routes", "check": "routes.backup-24"}},
			{name: failover},
		}},
		{"ike-no-response", []wantAlert{
			{name: down, labels: map[string]string{"tunnel": "tunnel1", "dc": "A", "stage": "ikev2", "check": "ikev2.sa-ready"}},
			{name: failover},
		}},
		{"mtu-no-mss", []wantAlert{
			{name: mtu, labels: map[string]string{"tunnel": "tunnel1", "dc": "A", "stage": "mtu", "check": "mtu.adjust-mss"}},
		}},
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	targets := map[string]string{}
	var watches sync.WaitGroup
	t.Cleanup(func() { cancel(); watches.Wait() })
	for _, sc := range scenarios {
		targets[sc.name] = startDemoWatch(t, ctx, &watches, sc.name)
	}
	prom := startPrometheus(t, bin, targets)
	defer func() {
		if t.Failed() {
			t.Logf("Prometheus log:\n%s", prom.log.String())
		}
	}()

	// Every watch has finished a cycle and been scraped. The bound is
	// generous: under the race detector on a loaded 2-core CI machine a
	// cycle (two samples 10 s apart) can take several times its 12 s.
	const bound = 180 * time.Second
	deadline := time.Now().Add(bound)
	for {
		n, err := prom.countScenarios("vcdiag_site_status")
		if err == nil && n == len(scenarios) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v Prometheus has vcdiag_site_status of %d of %d watches (%v)", bound, n, len(scenarios), err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("all %d watches reported after %v", len(scenarios), time.Since(start).Round(100*time.Millisecond))

	// Every expected alert fires.
	var alerts []promAlert
	for {
		alerts, err = prom.alerts()
		missing := ""
		for _, sc := range scenarios {
			for _, w := range sc.fire {
				if !w.in(alerts, sc.name, "firing") {
					missing = w.String(sc.name)
				}
			}
		}
		if err == nil && missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v %s does not fire (%v); alerts: %s", bound, missing, err, describe(alerts))
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("expected alerts firing after %v", time.Since(start).Round(100*time.Millisecond))

	// Then, a few evaluations later (longer than `for:`, so anything
	// pending would fire), nothing else fires or is pending.
	time.Sleep(4 * time.Second)
	if alerts, err = prom.alerts(); err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios {
		for _, a := range alerts {
			if a.Labels["scenario"] != sc.name {
				continue
			}
			expected := false
			for _, w := range sc.fire {
				expected = expected || w.matches(a, sc.name)
			}
			if !expected {
				t.Errorf("%s: %s is %s, want it not to fire: %v %q", sc.name, a.Labels["alertname"], a.State, a.Labels, a.Annotations["summary"])
			}
		}
		for _, w := range sc.fire {
			if !w.in(alerts, sc.name, "firing") {
				t.Errorf("%s no longer fires", w.String(sc.name))
			}
		}
	}
	for _, a := range alerts {
		if a.Labels["scenario"] == "" {
			t.Errorf("%s is %s with no scenario: %v", a.Labels["alertname"], a.State, a.Labels)
		}
		// The root cause alerts name the check and how to get its fix.
		if c := a.Labels["check"]; c != "" && !strings.Contains(a.Annotations["summary"], "vcdiag explain "+c) {
			t.Errorf("%s summary %q does not say vcdiag explain %s", a.Labels["alertname"], a.Annotations["summary"], c)
		}
	}
	known := map[string]bool{}
	for _, n := range all {
		known[n] = true
	}
	for _, a := range alerts {
		if !known[a.Labels["alertname"]] {
			t.Errorf("alert %s is not one the test knows: add it to the scenarios' expectations", a.Labels["alertname"])
		}
	}
	t.Logf("done after %v", time.Since(start).Round(100*time.Millisecond))
}

// wantAlert is an alert a scenario must raise, with labels it must carry
// (site, job and instance aside).
type wantAlert struct {
	name   string
	labels map[string]string
}

func (w wantAlert) String(scenario string) string {
	return fmt.Sprintf("%s{scenario=%q %v}", w.name, scenario, w.labels)
}

func (w wantAlert) matches(a promAlert, scenario string) bool {
	if a.Labels["alertname"] != w.name || a.Labels["scenario"] != scenario {
		return false
	}
	for k, v := range w.labels {
		if a.Labels[k] != v {
			return false
		}
	}
	return true
}

func (w wantAlert) in(alerts []promAlert, scenario, state string) bool {
	for _, a := range alerts {
		if a.State == state && w.matches(a, scenario) {
			return true
		}
	}
	return false
}

type promAlert struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	State       string            `json:"state"`
}

func describe(alerts []promAlert) string {
	var b strings.Builder
	for _, a := range alerts {
		fmt.Fprintf(&b, "\n  %s %s %v", a.State, a.Labels["alertname"], a.Labels)
	}
	return b.String()
}

// startDemoWatch runs `vcdiag watch --demo --scenario NAME` in this
// process until ctx ends, and returns the address it serves on (read from
// its "serving" log line, as an operator would).
func startDemoWatch(t *testing.T, ctx context.Context, wg *sync.WaitGroup, scenario string) string {
	t.Helper()
	pr, pw := io.Pipe()
	root := newRootCommand(strings.NewReader(""), io.Discard, pw)
	root.SetArgs([]string{"watch", "--demo", "--scenario", scenario, "--interval", "5m",
		"--web.listen-address", "127.0.0.1:0"})
	var log lockedLog
	addrc := make(chan string, 1)
	wg.Add(2)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			_, _ = log.Write([]byte(line + "\n"))
			if strings.Contains(line, "msg=serving ") {
				if _, a, ok := strings.Cut(line, " addr="); ok {
					a, _, _ = strings.Cut(a, " ")
					select {
					case addrc <- a:
					default:
					}
				}
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	done := make(chan error, 1)
	go func() {
		defer wg.Done()
		err := root.ExecuteContext(ctx)
		pw.Close()
		done <- err
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("watch --scenario %s log:\n%s", scenario, log.String())
		}
	})
	select {
	case a := <-addrc:
		return a
	case err := <-done:
		t.Fatalf("watch --scenario %s ended before serving: %v", scenario, err)
	case <-time.After(30 * time.Second):
		t.Fatalf("watch --scenario %s did not serve within 30 s", scenario)
	}
	return ""
}

// promServer is a Prometheus server of the test.
type promServer struct {
	base string
	log  *lockedLog
}

// lockedLog is a log written by one goroutine and read by the test.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startPrometheus writes the test's configuration and rules (see
// TestPrometheusAlerts) and runs Prometheus on them until the test ends.
func startPrometheus(t *testing.T, bin string, targets map[string]string) *promServer {
	t.Helper()
	dir := t.TempDir()
	rules := testRules(t)
	if err := os.WriteFile(filepath.Join(dir, "alerts.yml"), rules, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), testPrometheusConfig(t, targets), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	p := &promServer{base: "http://" + addr, log: &lockedLog{}}
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+addr)
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(p.base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("prometheus exited: %v\n%s", err, p.log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready within 30 s: %v\n%s", err, p.log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port free a moment ago
// (Prometheus takes no listener; the window for another process to take
// the port is the few milliseconds until it starts).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// testRules is docs/deploy/alerts.yml with every `for:` at 2 s.
func testRules(t *testing.T) []byte {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(readDeploy(t, "alerts.yml"), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	groups, _ := doc["groups"].([]any)
	for _, g := range groups {
		rules, _ := g.(map[string]any)["rules"].([]any)
		for _, r := range rules {
			if rule := r.(map[string]any); rule["for"] != nil {
				rule["for"] = "2s"
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("alerts.yml: no rule with for: (has its layout changed?)")
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testPrometheusConfig is docs/deploy/prometheus.yml with 1 s intervals,
// its vcdiag job alone, over plain HTTP, scraping targets (by scenario).
func testPrometheusConfig(t *testing.T, targets map[string]string) []byte {
	t.Helper()
	var cfg map[string]any
	if err := yaml.Unmarshal(readDeploy(t, "prometheus.yml"), &cfg); err != nil {
		t.Fatal(err)
	}
	cfg["global"] = map[string]any{"scrape_interval": "1s", "evaluation_interval": "1s"}
	cfg["rule_files"] = []any{"alerts.yml"}
	var job map[string]any
	jobs, _ := cfg["scrape_configs"].([]any)
	for _, j := range jobs {
		if m, _ := j.(map[string]any); m["job_name"] == "vcdiag" {
			job = m
		}
	}
	if job == nil {
		t.Fatal("prometheus.yml has no vcdiag job")
	}
	for _, k := range []string{"scheme", "tls_config", "basic_auth"} {
		delete(job, k)
	}
	job["scrape_interval"], job["scrape_timeout"] = "1s", "1s"
	var static []any
	for name, addr := range targets {
		static = append(static, map[string]any{"targets": []any{addr}, "labels": map[string]any{"scenario": name}})
	}
	job["static_configs"] = static
	cfg["scrape_configs"] = []any{job}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// apiGet reads one answer of the Prometheus HTTP API into data.
func (p *promServer) apiGet(path string, q url.Values, data any) error {
	u := p.base + path
	if q != nil {
		u += "?" + q.Encode()
	}
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if body.Status != "success" {
		return fmt.Errorf("GET %s: %s %s", path, body.Status, body.Error)
	}
	return json.Unmarshal(body.Data, data)
}

// alerts are the pending and firing alerts.
func (p *promServer) alerts() ([]promAlert, error) {
	var data struct {
		Alerts []promAlert `json:"alerts"`
	}
	err := p.apiGet("/api/v1/alerts", nil, &data)
	return data.Alerts, err
}

// countScenarios is how many scenarios have a series of metric now.
func (p *promServer) countScenarios(metric string) (int, error) {
	var data struct {
		Result []json.RawMessage `json:"result"`
	}
	err := p.apiGet("/api/v1/query", url.Values{"query": {"count by (scenario) (" + metric + ")"}}, &data)
	return len(data.Result), err
}
