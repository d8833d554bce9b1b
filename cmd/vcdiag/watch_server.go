package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// watcher runs cycles on a schedule and keeps what the latest one said.
type watcher struct {
	cycle    func(ctx context.Context) metrics.Cycle
	exp      *metrics.Exporter
	interval time.Duration
	// timeout bounds one cycle, so a hung device can never stop the
	// schedule.
	timeout  time.Duration
	textfile string // "" or the path of the node_exporter textfile
	log      *slog.Logger
	// ready, when set, is told the HTTP address once it listens (tests).
	ready func(addr string)

	mu       sync.Mutex
	latest   *checks.Report
	lastEnd  time.Time
	lastErr  error
	failures int // consecutive cycles that were not ok
	cycles   int
}

// retryDivisor sets the first retry after a failed cycle to interval/16;
// each further failure doubles the wait, up to the interval: a 5 m watch
// retries after 19 s, 38 s, 75 s, 150 s, then every 5 m.
const retryDivisor = 16

// nextDelay is the wait before the next cycle after `failures` consecutive
// failed ones.
func nextDelay(interval time.Duration, failures int) time.Duration {
	if failures == 0 {
		return interval
	}
	d := max(interval/retryDivisor, time.Millisecond)
	for i := 1; i < failures && d < interval; i++ {
		d *= 2
	}
	return min(d, interval)
}

// serveAndRun serves HTTP on listen (unless "") and runs cycles until ctx
// is done, then shuts the server down.
func (w *watcher) serveAndRun(ctx context.Context, listen string) error {
	if listen == "" {
		w.run(ctx)
		return nil
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: w.handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	w.log.Info("serving", "addr", ln.Addr().String(), "paths", "/metrics /report /report.json /healthz")
	if w.ready != nil {
		w.ready(ln.Addr().String())
	}
	w.run(ctx)
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// run runs a cycle at once, then one every interval (sooner after a
// failure), until ctx is done.
func (w *watcher) run(ctx context.Context) {
	for ctx.Err() == nil {
		start := time.Now()
		failures := w.runOnce(ctx)
		// The interval runs from start to start, so a slow cycle does not
		// push the schedule back.
		t := time.NewTimer(max(0, nextDelay(w.interval, failures)-time.Since(start)))
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
	}
	w.log.Info("stopped")
}

// runOnce runs one cycle under its deadline, records it and returns the
// number of consecutive failed cycles.
func (w *watcher) runOnce(ctx context.Context) int {
	cctx, cancel := context.WithTimeout(ctx, w.timeout)
	c := w.cycle(cctx)
	cancel()
	if ctx.Err() != nil && c.Report == nil {
		return 0 // shutting down: not a failure worth recording
	}
	w.exp.Observe(c)
	ok := c.Err == nil && c.Report != nil && !collectionProblems(c)
	w.mu.Lock()
	w.cycles++
	if c.Report != nil {
		w.latest = c.Report
	}
	w.lastEnd, w.lastErr = c.Started.Add(c.Duration), c.Err
	if ok {
		w.failures = 0
	} else {
		w.failures++
	}
	failures := w.failures
	w.mu.Unlock()
	if w.textfile != "" {
		if err := w.exp.WriteTextfile(w.textfile); err != nil {
			w.log.Error("textfile not written", "path", w.textfile, "err", err)
		}
	}
	switch {
	case c.Report == nil:
		w.log.Warn("cycle failed", "err", c.Err, "duration", c.Duration, "retry_in", nextDelay(w.interval, failures))
	case !ok:
		w.log.Warn("cycle incomplete", "status", c.Report.Status, "duration", c.Duration,
			"notes", len(c.Report.Notes), "retry_in", nextDelay(w.interval, failures))
	default:
		w.log.Info("cycle", "status", c.Report.Status, "duration", c.Duration)
	}
	return failures
}

func collectionProblems(c metrics.Cycle) bool {
	if c.Evidence == nil {
		return false
	}
	for _, name := range c.Evidence.Names() {
		if len(c.Evidence.CPE(name).Problems) > 0 {
			return true
		}
	}
	return false
}

func (w *watcher) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(w.exp.Gatherer(), promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /report", w.serveReport)
	mux.HandleFunc("GET /report.json", w.serveReport)
	mux.HandleFunc("GET /healthz", w.serveHealth)
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<!doctype html><title>vcdiag watch</title><h1>vcdiag watch</h1>
<ul><li><a href="metrics">/metrics</a><li><a href="report">/report</a><li><a href="report.json">/report.json</a><li><a href="healthz">/healthz</a></ul>`)
	})
	return mux
}

// serveReport renders the latest report: JSON on /report.json; on /report
// HTML when an html renderer is registered, else text.
func (w *watcher) serveReport(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	rep := w.latest
	w.mu.Unlock()
	if rep == nil {
		http.Error(rw, "no report yet: the first cycle has not completed", http.StatusServiceUnavailable)
		return
	}
	format, ctype := "json", "application/json"
	if r.URL.Path == "/report" {
		format, ctype = "text", "text/plain; charset=utf-8"
		if _, err := reports.Lookup("html"); err == nil {
			format, ctype = "html", "text/html; charset=utf-8"
		}
	}
	render, err := reports.Lookup(format)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := render(&b, rep, reports.Options{}); err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	_, _ = rw.Write(b.Bytes())
}

// serveHealth is 200 once a cycle has completed with a report and the
// latest cycle ended within three intervals; else 503 with the reason.
func (w *watcher) serveHealth(rw http.ResponseWriter, _ *http.Request) {
	w.mu.Lock()
	rep, end, lastErr, cycles := w.latest, w.lastEnd, w.lastErr, w.cycles
	w.mu.Unlock()
	age := time.Since(end).Round(time.Second)
	switch {
	case rep == nil && cycles == 0:
		http.Error(rw, "starting: the first cycle has not completed", http.StatusServiceUnavailable)
	case lastErr != nil && rep == nil:
		http.Error(rw, fmt.Sprintf("no cycle has completed; last error %s ago: %v", age, lastErr), http.StatusServiceUnavailable)
	case time.Since(end) > 3*w.interval:
		http.Error(rw, fmt.Sprintf("stale: the last cycle ended %s ago (interval %s)", age, w.interval), http.StatusServiceUnavailable)
	default:
		fmt.Fprintf(rw, "ok: last cycle ended %s ago, site status %s\n", age, rep.Status)
	}
}
