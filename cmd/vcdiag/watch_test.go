package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

func TestNextDelay(t *testing.T) {
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{
		{0, 5 * time.Minute},
		{1, 18750 * time.Millisecond},
		{2, 37500 * time.Millisecond},
		{4, 150 * time.Second},
		{5, 5 * time.Minute},
		{50, 5 * time.Minute},
	} {
		if got := nextDelay(5*time.Minute, tc.failures); got != tc.want {
			t.Errorf("nextDelay(5m, %d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

// testCycle is an in-process cycle of the healthy site, or of a router
// refusing the login.
func testCycle(t *testing.T, auth bool) liveCycle {
	t.Helper()
	p, err := profile.Load(filepath.Join("..", "..", "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := sim.ScenarioByName("healthy")
	v := &soakVariant{name: "healthy", site: sc.Build(sim.ScenarioStart)}
	clock := &vclock{t: sim.ScenarioStart}
	return liveCycle{profile: p, cpes: []string{"cpe1"}, sampleInterval: 10 * time.Second, clock: clock.Now, sleep: clock.Sleep,
		skip: []string{"mtu.path"},
		dial: func(context.Context, profile.CPE) (collectors.Session, error) {
			if auth {
				return nil, collectors.ErrAuth
			}
			return &inProcess{v: v, cpe: "cpe1", clock: clock}, nil
		}}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestWatchEndpoints serves a watcher whose first cycle is held back, so
// /healthz and /report can be seen before and after it.
func TestWatchEndpoints(t *testing.T) {
	lc := testCycle(t, false)
	release := make(chan struct{})
	addrc := make(chan string, 1)
	dir := t.TempDir()
	w := &watcher{
		cycle:    func(ctx context.Context) metrics.Cycle { <-release; return lc.run(ctx) },
		exp:      metrics.NewExporter(metrics.Options{Site: "acme-east", Runtime: true}),
		interval: time.Hour, timeout: time.Minute, textfile: filepath.Join(dir, "vcdiag.prom"),
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), ready: func(a string) { addrc <- a },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.serveAndRun(ctx, "127.0.0.1:0") }()
	base := "http://" + <-addrc
	if code, body := get(t, base+"/healthz"); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz before the first cycle = %d %q, want 503", code, body)
	}
	if code, _ := get(t, base+"/report.json"); code != http.StatusServiceUnavailable {
		t.Errorf("/report.json before the first cycle = %d, want 503", code)
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, base+"/healthz")
		if code == http.StatusOK {
			if !strings.Contains(body, "site status pass") {
				t.Errorf("/healthz = %q, want the site status", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz still %d %q", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	for path, want := range map[string]string{
		"/metrics":     `vcdiag_tunnel_status{cpe="cpe1",dc="A",site="acme-east",tunnel="tunnel1"} 0`,
		"/report.json": `"schema": "vcdiag.report/v1"`,
		"/report":      "tunnel1",
		"/":            "/metrics",
	} {
		if code, body := get(t, base+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s = %d, want 200 with %q; got %.300q", path, code, want, body)
		}
	}
	if code, body := get(t, base+"/metrics"); !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "process_") {
		t.Errorf("/metrics (%d) lacks the Go and process collectors", code)
	}
	b, err := os.ReadFile(w.textfile)
	if err != nil || !strings.Contains(string(b), "vcdiag_site_status") || strings.Contains(string(b), "go_goroutines") {
		t.Errorf("textfile %s: %v; want vcdiag families without go_*: %.300q", w.textfile, err, b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serveAndRun after cancel: %v", err)
	}
}

// TestWatchOutageBacksOffWithoutLeaks runs a router that refuses the login
// for a while: cycles come sooner than the interval, every one counts an
// auth error, and no goroutine is left behind.
func TestWatchOutageBacksOffWithoutLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	lc := testCycle(t, true)
	exp := metrics.NewExporter(metrics.Options{})
	n := 0
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{
		cycle: func(ctx context.Context) metrics.Cycle {
			if n++; n > 6 {
				cancel()
			}
			return lc.run(ctx)
		},
		exp: exp, interval: 400 * time.Millisecond, timeout: time.Second,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	start := time.Now()
	if err := w.serveAndRun(ctx, ""); err != nil {
		t.Fatal(err)
	}
	// 25+50+100+200+400+400 ms of backoff, not 6 intervals (2.4 s).
	if el := time.Since(start); el > 5*400*time.Millisecond {
		t.Errorf("6 failing cycles took %v: no backoff", el)
	}
	if w.failures < 6 {
		t.Errorf("failures = %d, want at least 6", w.failures)
	}
	var b strings.Builder
	if err := exp.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `vcdiag_collection_errors_total{cpe="cpe1",reason="auth",site="acme-east"} 7`) {
		t.Errorf("metrics lack 7 auth errors:\n%s", b.String())
	}
	if after := settledGoroutines(before); after > before {
		t.Errorf("goroutines: %d before, %d after", before, after)
	}
}

func TestRunWatchNeedsSomewhereToExport(t *testing.T) {
	err := runWatch(context.Background(), streams{out: io.Discard, err: io.Discard}, watchOptions{interval: time.Minute, demo: true})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitUnknown || !strings.Contains(err.Error(), "--web.listen-address or --textfile") {
		t.Errorf("runWatch without --web.listen-address or --textfile = %v, want exit 3 naming the flags", err)
	}
}
