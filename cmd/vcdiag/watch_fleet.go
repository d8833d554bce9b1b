package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

// fleetWatcher watches every site of an inventory (or of its shard) in one
// process: one watcher per site, each on its own schedule, their first
// cycles staggered over the interval so the routers' load and vcdiag's
// sessions are spread rather than all at once; one /metrics with every
// site's series (site, region, cpe and tunnel labels).
type fleetWatcher struct {
	sites    []*fleetSiteWatch
	gatherer prometheus.Gatherers
	// metrics is the process's own exporter: vcdiag_build_info and the
	// go_* and process_* families, once.
	metrics  *metrics.Exporter
	interval time.Duration
	shard    string
	textfile string
	log      *slog.Logger

	textMu sync.Mutex // one textfile write at a time
}

// fleetSiteWatch is one site of a fleet watch.
type fleetSiteWatch struct {
	name, region string
	cpes         int
	w            *watcher
	// offset delays the site's first cycle: its share of the interval.
	offset time.Duration
}

// newFleetWatcher prepares the watch of sites, each with its own
// exporter (its series labelled with its region) and schedule offset.
func newFleetWatcher(sites []fleetWatchSite, o watchOptions, log *slog.Logger) (*fleetWatcher, error) {
	if len(sites) == 0 {
		return nil, fmt.Errorf("no site to watch (an empty shard?)")
	}
	fw := &fleetWatcher{interval: o.interval, log: log,
		metrics: metrics.NewExporter(metrics.Options{Runtime: true, Build: readBuildInfo().metricsBuild()})}
	fw.gatherer = prometheus.Gatherers{fw.metrics.Gatherer()}
	if o.textfile != "" {
		fw.textfile = o.textfile + "/vcdiag.prom"
	}
	for i, s := range sites {
		var labels map[string]string
		if s.region != "" {
			labels = map[string]string{"region": s.region}
		}
		exp, err := metrics.New(metrics.Options{Site: s.name, ConstLabels: labels})
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", s.name, err)
		}
		sw := &fleetSiteWatch{name: s.name, region: s.region,
			offset: time.Duration(int64(o.interval) * int64(i) / int64(len(sites)))}
		sw.w = &watcher{cycle: s.cycle.run, exp: exp, interval: o.interval, timeout: min(o.timeout, o.interval),
			log: log.With("site", s.name), afterCycle: fw.writeTextfile}
		sw.cpes = len(s.cycle.cpes)
		fw.sites = append(fw.sites, sw)
		fw.gatherer = append(fw.gatherer, exp.Registry())
	}
	return fw, nil
}

// fleetWatchSite is a site ready to be watched.
type fleetWatchSite struct {
	name, region string
	cycle        liveCycle
}

// run runs every site's schedule until ctx is done, the first cycles
// spread over one interval.
func (fw *fleetWatcher) run(ctx context.Context) {
	fw.log.Info("watching", "sites", len(fw.sites), "shard", fw.shard, "interval", fw.interval,
		"stagger", (fw.interval / time.Duration(len(fw.sites))).Round(time.Millisecond))
	var wg sync.WaitGroup
	for _, s := range fw.sites {
		wg.Go(func() {
			t := time.NewTimer(s.offset)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			s.w.run(ctx)
		})
	}
	wg.Wait()
}

// writeTextfile writes every site's series to the node_exporter textfile
// after any site's cycle.
func (fw *fleetWatcher) writeTextfile() {
	if fw.textfile == "" {
		return
	}
	fw.textMu.Lock()
	defer fw.textMu.Unlock()
	g := make(prometheus.Gatherers, 0, len(fw.sites))
	for _, s := range fw.sites {
		g = append(g, s.w.exp.Registry())
	}
	if err := prometheus.WriteToTextfile(fw.textfile, g); err != nil {
		fw.log.Error("textfile not written", "path", fw.textfile, "err", err)
	}
}

func (fw *fleetWatcher) handler() http.Handler {
	queued := inFlightLimit(maxInFlight)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", queued(promhttp.HandlerFor(fw.gatherer, promhttp.HandlerOpts{})))
	mux.Handle("GET /report", queued(http.HandlerFunc(fw.serveRollup)))
	mux.Handle("GET /report.json", queued(http.HandlerFunc(fw.serveRollup)))
	mux.Handle("GET /report/{site}", queued(http.HandlerFunc(fw.serveSite)))
	mux.HandleFunc("GET /healthz", fw.serveHealth)
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<!doctype html><title>vcdiag watch</title><h1>vcdiag watch: fleet</h1>
<ul><li><a href="metrics">/metrics</a><li><a href="report">/report</a> (every site, worst first)<li><a href="report.json">/report.json</a><li><a href="healthz">/healthz</a></ul>`)
	})
	return mux
}

// rollup is the fleet as the latest cycle of each site left it; a site
// without a report yet is unknown, saying so.
func (fw *fleetWatcher) rollup() *checks.Fleet {
	var sites []checks.FleetSite
	for _, s := range fw.sites {
		s.w.mu.Lock()
		rep, lastErr, cycles := s.w.latest, s.w.lastErr, s.w.cycles
		s.w.mu.Unlock()
		var err error
		switch {
		case rep != nil:
		case lastErr != nil:
			err = lastErr
		case cycles == 0:
			err = fmt.Errorf("first cycle not run yet (staggered over --interval)")
		}
		site := checks.NewFleetSite(s.name, s.region, rep, err)
		site.CPEs = s.cpes
		if rep != nil {
			site.Files = map[string]string{"html": "report/" + url.PathEscape(s.name)}
		}
		sites = append(sites, site)
	}
	f := checks.NewFleet(vcdiagVersion(), time.Now(), sites)
	f.Shard = fw.shard
	return f
}

// serveRollup serves the fleet: the HTML index on /report (each site
// linking its own report), the vcdiag.fleet/v1 envelope on /report.json.
func (fw *fleetWatcher) serveRollup(rw http.ResponseWriter, r *http.Request) {
	format, ctype := "json", "application/json"
	if r.URL.Path == "/report" {
		format, ctype = "html", "text/html; charset=utf-8"
	}
	render, err := reports.LookupFleet(format)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := render(&b, fw.rollup(), reports.Options{}); err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = rw.Write(b.Bytes())
}

// serveSite serves one site's latest report, as a one-site watch does.
func (fw *fleetWatcher) serveSite(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("site")
	for _, s := range fw.sites {
		if s.name == name {
			s.w.serveLatest(rw, true)
			return
		}
	}
	http.NotFound(rw, r)
}

// serveHealth is 200 once every site has had a cycle and none is stale;
// 503 with how many are not, else.
func (fw *fleetWatcher) serveHealth(rw http.ResponseWriter, _ *http.Request) {
	waiting, stale := 0, 0
	for _, s := range fw.sites {
		s.w.mu.Lock()
		cycles, end := s.w.cycles, s.w.lastEnd
		s.w.mu.Unlock()
		switch {
		case cycles == 0:
			waiting++
		case time.Since(end) > 3*fw.interval:
			stale++
		}
	}
	switch {
	case waiting > 0:
		http.Error(rw, fmt.Sprintf("starting: %d of %d sites have not completed a cycle (first cycles are spread over %s)",
			waiting, len(fw.sites), fw.interval), http.StatusServiceUnavailable)
	case stale > 0:
		http.Error(rw, fmt.Sprintf("stale: %d of %d sites have had no cycle for three intervals", stale, len(fw.sites)), http.StatusServiceUnavailable)
	default:
		fmt.Fprintf(rw, "ok: %d sites\n", len(fw.sites))
	}
}

// inventoryWatch prepares `watch --inventory`: the inventory's sites (its
// shard's), each with its own SSH dialer.
func inventoryWatch(s streams, o watchOptions, log *slog.Logger) (*fleetWatcher, error) {
	inv, err := loadInventory(o.inventory)
	if err != nil {
		return nil, err
	}
	sites, shard, err := shardSites(inv.Sites, o.shard)
	if err != nil {
		return nil, err
	}
	if err := loginSecrets(&o.ssh, s, needsBasePassword(inv, o.ssh)); err != nil {
		return nil, err
	}
	dial := fleetDialer(o.ssh)
	var ws []fleetWatchSite
	for _, site := range sites {
		d, _, err := dial(site)
		if err != nil {
			return nil, fmt.Errorf("site %s: %w", site.Name(), err)
		}
		var cpes []string
		for _, c := range site.Profile.CPEs {
			cpes = append(cpes, c.Name)
		}
		ws = append(ws, fleetWatchSite{name: site.Name(), region: site.Profile.Region, cycle: liveCycle{
			profile: site.Profile, cpes: cpes, dial: d, sampleInterval: o.sampleInterval, skip: o.skip, mtuSweep: o.mtuSweep}})
	}
	fw, err := newFleetWatcher(ws, o, log)
	if err != nil {
		return nil, err
	}
	fw.shard = shard
	return fw, nil
}
