package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// watcher runs cycles on a schedule and keeps what the latest one said.
//
// Collection and serving share nothing that can block: the cycle loop runs
// on its own goroutine and hands its results over under mu, which is held
// only to copy a pointer or a time, never while rendering or writing to a
// client. Reports are rendered once per format in reports, under that
// cache's own lock, which the loop never takes. The connection limit keeps
// the file descriptors the cycles need for their SSH sessions out of the
// clients' reach.
type watcher struct {
	cycle    func(ctx context.Context) metrics.Cycle
	exp      *metrics.Exporter
	interval time.Duration
	// timeout bounds one cycle, so a hung device can never stop the
	// schedule.
	timeout  time.Duration
	textfile string // "" or the path of the node_exporter textfile
	log      *slog.Logger
	// web is how HTTP is served: the TLS and basic-auth file and the
	// connection limit; limits the timeouts (zero: defaultHTTPLimits).
	web    webOptions
	limits httpLimits
	// ready, when set, is told the HTTP address once it listens (tests).
	ready func(addr string)
	// afterCycle, when set, is called after each cycle is recorded (a
	// fleet writes its textfile then).
	afterCycle func()

	mu       sync.Mutex
	latest   *checks.Report
	lastEnd  time.Time
	lastErr  error
	failures int // consecutive cycles that were not ok
	cycles   int

	reports reportCache
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

// serveAndRun serves HTTP on the listen addresses (none, or only "": no
// HTTP) and runs cycles until ctx is done, then shuts the server down. A
// server that stops on its own stops the cycles too and is the error, so
// a supervisor restarts watch rather than leaving it blind.
func (w *watcher) serveAndRun(ctx context.Context, listen ...string) error {
	return serveWatch(ctx, w, watchServing{web: w.web, limits: w.limits, log: w.log, ready: w.ready}, listen...)
}

// watchTarget is what a watch serves and runs: one site's watcher, or a
// fleet's (watch_fleet.go).
type watchTarget interface {
	handler() http.Handler
	run(ctx context.Context)
}

// watchServing is how a watch serves HTTP.
type watchServing struct {
	web    webOptions
	limits httpLimits
	log    *slog.Logger
	ready  func(addr string)
}

// serveWatch serves t's handler on the listen addresses and runs t until
// ctx is done (see serveAndRun).
func serveWatch(ctx context.Context, t watchTarget, ws watchServing, listen ...string) error {
	w := struct {
		watchServing
		handler func() http.Handler
		run     func(context.Context)
	}{ws, t.handler, t.run}
	var addrs []string
	for _, a := range listen {
		if a != "" {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) == 0 {
		w.run(ctx)
		return nil
	}
	limits := w.limits.orDefault()
	lim := newConnLimiter(max(w.web.maxConns, 1), limits.newGrace, w.log)
	var err error
	if lim.tls, err = w.web.tls(); err != nil {
		return err
	}
	srv := newHTTPServer(w.handler(), limits, lim)
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close() // already closed by Shutdown unless serving failed first
		}
	}()
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			return fmt.Errorf("--web.listen-address %s: %w", a, err)
		}
		lns = append(lns, limitListener{Listener: ln, lim: lim})
	}
	flags := &web.FlagConfig{WebListenAddresses: &addrs, WebSystemdSocket: new(bool), WebConfigFile: &w.web.configFile}
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	served := make(chan error, 1)
	go func() {
		err := web.ServeMultiple(lns, srv, flags, w.log)
		if !errors.Is(err, http.ErrServerClosed) {
			w.log.Error("HTTP server stopped: stopping the cycles", "err", err)
			stopRun()
		}
		served <- err
	}()
	bound := make([]string, len(lns))
	for i, ln := range lns {
		bound[i] = ln.Addr().String()
	}
	w.log.Info("serving", "addr", strings.Join(bound, " "), "paths", "/metrics /report /report.json /healthz",
		"max_connections", lim.max, "web_config", w.web.configFile)
	if w.ready != nil {
		w.ready(bound[0])
	}
	w.run(runCtx)
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("serving HTTP: %w", serr))
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
	if w.afterCycle != nil {
		w.afterCycle()
	}
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

// maxInFlight bounds the scrapes and report requests handled at once:
// however many clients ask, serving takes a few goroutines' share of the
// CPU and the cycles keep theirs. /healthz does not wait behind them.
const maxInFlight = 4

// inFlightLimit returns a wrapper that lets at most n of the wrapped
// handlers run at once; the others wait their turn or for their client to
// go away.
func inFlightLimit(n int) func(http.Handler) http.Handler {
	sem := make(chan struct{}, n)
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				h.ServeHTTP(rw, r)
			case <-r.Context().Done():
			}
		})
	}
}

func (w *watcher) handler() http.Handler {
	queued := inFlightLimit(maxInFlight)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", queued(promhttp.HandlerFor(w.exp.Gatherer(), promhttp.HandlerOpts{})))
	mux.Handle("GET /report", queued(http.HandlerFunc(w.serveReport)))
	mux.Handle("GET /report.json", queued(http.HandlerFunc(w.serveReport)))
	mux.HandleFunc("GET /healthz", w.serveHealth)
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<!doctype html><title>vcdiag watch</title><h1>vcdiag watch</h1>
<ul><li><a href="metrics">/metrics</a><li><a href="report">/report</a><li><a href="report.json">/report.json</a><li><a href="healthz">/healthz</a></ul>`)
	})
	return mux
}

// serveReport serves the latest report: JSON on /report.json; on /report
// HTML when an html renderer is registered, else text. The report quotes
// the customer's configuration (redacted, but with its addresses and
// topology), so no cache may keep it.
func (w *watcher) serveReport(rw http.ResponseWriter, r *http.Request) {
	w.serveLatest(rw, r.URL.Path == "/report")
}

// serveLatest serves the latest report for a person (page: HTML, or text
// without an html renderer) or a program (JSON).
func (w *watcher) serveLatest(rw http.ResponseWriter, page bool) {
	w.mu.Lock()
	rep := w.latest
	w.mu.Unlock()
	if rep == nil {
		http.Error(rw, "no report yet: the first cycle has not completed", http.StatusServiceUnavailable)
		return
	}
	format, ctype := "json", "application/json"
	if page {
		format, ctype = "text", "text/plain; charset=utf-8"
		if _, err := reports.Lookup("html"); err == nil {
			format, ctype = "html", "text/html; charset=utf-8"
		}
	}
	body, err := w.reports.get(rep, format)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = rw.Write(body)
}

// reportCache renders the latest report once per format: a client costs
// a copy, not a render, and the cycle loop never waits for it.
type reportCache struct {
	mu     sync.Mutex
	rep    *checks.Report
	bodies map[string][]byte
}

func (c *reportCache) get(rep *checks.Report, format string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rep != rep {
		c.rep, c.bodies = rep, map[string][]byte{}
	}
	if b, ok := c.bodies[format]; ok {
		return b, nil
	}
	render, err := reports.Lookup(format)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := render(&b, rep, reports.Options{}); err != nil {
		return nil, err
	}
	c.bodies[format] = b.Bytes()
	return b.Bytes(), nil
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

// httpLimits bound what one client can hold of the HTTP server.
type httpLimits struct {
	// readHeader bounds the TLS handshake and the request header (a
	// slowloris client dripping its header is cut off), read the whole
	// request, write the handler and the response (a client that does not
	// read), idle a keep-alive connection between requests.
	readHeader, read, write, idle time.Duration
	// newGrace is how long a connection may stay silent after it was
	// accepted before a newcomer may take its place at the limit.
	newGrace       time.Duration
	maxHeaderBytes int
}

// defaultHTTPLimits are generous for a scraper or a browser on any link:
// a request header is one packet, a scrape or a report a few hundred KiB.
var defaultHTTPLimits = httpLimits{readHeader: 5 * time.Second, read: 10 * time.Second, write: 30 * time.Second,
	idle: 90 * time.Second, newGrace: time.Second, maxHeaderBytes: 32 << 10}

func (l httpLimits) orDefault() httpLimits {
	if l == (httpLimits{}) {
		return defaultHTTPLimits
	}
	return l
}

func newHTTPServer(h http.Handler, l httpLimits, lim *connLimiter) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
		ConnState:         lim.track,
		// With TLS and HTTP/2, streams would multiply the handlers one
		// connection can run; a scraper needs one at a time.
		HTTP2: &http.HTTP2Config{MaxConcurrentStreams: 16},
	}
}
