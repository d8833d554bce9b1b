package metrics

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// Cycle is the outcome of one collection and diagnosis, as `vcdiag watch`
// hands it to Observe.
type Cycle struct {
	// Report is the diagnosis; nil when the cycle could not make one.
	Report *checks.Report
	// Evidence says which CPEs were collected without a problem (nil: no
	// collection counters). The numbers come from the report's results.
	Evidence *evidence.Site
	Started  time.Time
	Duration time.Duration
	// Err is why the cycle failed as a whole (the profile could not be
	// read, the cycle timed out before a report was made).
	Err error
}

// Options configure an Exporter.
type Options struct {
	// Site labels the series until the first report names the profile.
	Site string
	// Runtime adds the Go runtime and process collectors (go_*, process_*),
	// as a long-running exporter should; a one-shot file leaves them out.
	Runtime bool
	// Build labels the vcdiag_build_info series; without a Version there
	// is no such series (tests that render goldens pass none).
	Build Build
	// ConstLabels are added to every vcdiag_* series of this exporter
	// (not to go_* and process_*), e.g. {"region": "us-east"}: with
	// several exporters in one process, one per site, merged with
	// prometheus.Gatherers, they tell the sites' series apart beyond the
	// site label. Give Build and Runtime to one exporter only: the other
	// exporters would repeat its series. Nil adds none.
	ConstLabels map[string]string
}

// reserved are the label names the vcdiag families use themselves: a
// constant label of the same name would make two labels of one name.
var reserved = []string{"site", "tunnel", "dc", "cpe", "stage", "check", "reason", "result",
	"version", "revision", "vcs_time", "modified", "goversion"}

// Check says whether the options can make an exporter: every ConstLabels
// name must be a valid Prometheus label name that no vcdiag family uses
// already (site, tunnel, dc, cpe, stage, check, reason, result and the
// build_info ones) and does not start with "__" (reserved by Prometheus).
func (o Options) Check() error {
	for name := range o.ConstLabels {
		switch {
		case !model.LegacyValidation.IsValidLabelName(name):
			return fmt.Errorf("metrics: constant label %q is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)", name)
		case strings.HasPrefix(name, "__"):
			return fmt.Errorf("metrics: constant label %q: names starting with __ are reserved by Prometheus", name)
		case slices.Contains(reserved, name):
			return fmt.Errorf("metrics: constant label %q is a label of the vcdiag families already", name)
		}
	}
	return nil
}

// Build says which vcdiag made the metrics, as the vcdiag_build_info
// labels carry it (the usual Prometheus *_build_info idiom: a constant 1
// to join on). The values come from the Go build info (cmd/vcdiag), or,
// for a one-shot file, from the report's vcdiag_version alone.
type Build struct {
	Version   string // the version reports carry: a tag, a pseudo-version, "dev"
	Revision  string // the full git commit ("" when unknown)
	Time      string // the commit's time, RFC 3339 ("" when unknown)
	Modified  string // "true" when built with uncommitted changes ("" when unknown)
	GoVersion string
}

// Exporter holds the metrics of the latest cycle and the counters across
// cycles, on its own registry.
type Exporter struct {
	// reg holds the vcdiag families; runtime the go_* and process_* ones,
	// kept apart so a node_exporter textfile (which must not repeat the
	// node_exporter's own go_* series) can leave them out.
	reg     *prometheus.Registry
	runtime *prometheus.Registry

	mu   sync.Mutex
	site string
	snap snapshot

	cycles      *prometheus.CounterVec
	errors      *prometheus.CounterVec
	duration    *prometheus.GaugeVec
	lastSuccess *prometheus.GaugeVec
	lastCycle   *prometheus.GaugeVec
}

// snapshot is what the latest cycle said, turned into values.
type snapshot struct {
	rep  *checks.Report
	meas Measurements
	// up is, per CPE, whether collection went without a problem.
	up map[string]bool
	// budget is the bandwidth budget in bit/s (0: unknown).
	budget float64
}

// NewExporter returns an exporter with every vcdiag family registered on a
// fresh registry. It panics when o.Check fails, as
// prometheus.MustRegister does; options read from input (an inventory's
// labels) go through New instead.
func NewExporter(o Options) *Exporter {
	e, err := New(o)
	if err != nil {
		panic(err)
	}
	return e
}

// New returns an exporter with every vcdiag family registered on a fresh
// registry, or why the options cannot make one (Options.Check).
func New(o Options) (*Exporter, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	e := &Exporter{reg: prometheus.NewRegistry(), runtime: prometheus.NewRegistry(), site: textsafe.String(o.Site)}
	// The constant labels are added as the families are collected, so
	// Registry (a textfile) and Gatherer show them alike; the runtime
	// registry is not wrapped: go_* and process_* describe the process,
	// which every site of it shares.
	var reg prometheus.Registerer = e.reg
	if len(o.ConstLabels) > 0 {
		labels := prometheus.Labels{}
		for name, v := range o.ConstLabels {
			labels[name] = textsafe.String(v)
		}
		reg = prometheus.WrapRegistererWith(labels, e.reg)
	}
	site := []string{"site"}
	e.cycles = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vcdiag_cycles_total",
		Help: "Collection and diagnosis cycles run, by result: ok (every CPE collected), collection_error (some evidence missing), failed (no report)."},
		[]string{"site", "result"})
	e.errors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vcdiag_collection_errors_total",
		Help: "Collection problems, by CPE and reason (auth, host_key, timeout, connect, session_lost, command_rejected, parse, cycle, other)."},
		[]string{"site", "cpe", "reason"})
	e.duration = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "vcdiag_run_duration_seconds",
		Help: "How long the latest cycle took, collection and diagnosis included."}, site)
	e.lastSuccess = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "vcdiag_last_success_timestamp_seconds",
		Help: "Unix time the latest cycle that collected every CPE without a problem ended."}, site)
	e.lastCycle = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "vcdiag_last_cycle_timestamp_seconds",
		Help: "Unix time the latest cycle ended, whatever its result."}, site)
	reg.MustRegister(e.cycles, e.errors, e.duration, e.lastSuccess, e.lastCycle, verdicts{e})
	if b := o.Build; b.Version != "" {
		// Label values pass through textsafe like every other: a version
		// read from a bundle's report is untrusted text. An unknown value
		// is left out, not written as "" (to Prometheus the same thing).
		labels := prometheus.Labels{}
		for name, v := range map[string]string{"version": b.Version, "revision": b.Revision,
			"vcs_time": b.Time, "modified": b.Modified, "goversion": b.GoVersion} {
			if v != "" {
				labels[name] = textsafe.String(v)
			}
		}
		info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "vcdiag_build_info",
			Help:        "Always 1; the labels say which vcdiag build wrote these metrics (version, git revision and its time, modified: built with uncommitted changes).",
			ConstLabels: labels})
		info.Set(1)
		reg.MustRegister(info)
	}
	if o.Runtime {
		e.runtime.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return e, nil
}

// Registry holds the vcdiag_* families only (what a textfile gets).
func (e *Exporter) Registry() *prometheus.Registry { return e.reg }

// Gatherer gathers every family, runtime ones included, for
// promhttp.HandlerFor.
func (e *Exporter) Gatherer() prometheus.Gatherer { return prometheus.Gatherers{e.reg, e.runtime} }

// Observe records one cycle: the verdict families then show its report,
// and the counters and timestamps move on.
//
// Label values come from the report's names (site, tunnel, DC, CPE), which
// come from a profile, possibly one read from a bundle: they pass through
// textsafe first, so a control character never reaches a scraper's
// terminal and a byte that is not UTF-8 never makes the client library
// panic (it refuses such label values).
func (e *Exporter) Observe(c Cycle) {
	c.Report = textsafe.Copy(c.Report)
	end := c.Started.Add(c.Duration)
	e.mu.Lock()
	if c.Report != nil && c.Report.Profile.Name != "" {
		e.site = c.Report.Profile.Name
	}
	site := e.site
	if c.Report != nil {
		e.snap = newSnapshot(c)
	}
	e.mu.Unlock()

	e.duration.WithLabelValues(site).Set(c.Duration.Seconds())
	e.lastCycle.WithLabelValues(site).Set(unix(end))
	result := "ok"
	if c.Err != nil || c.Report == nil {
		result = "failed"
		e.errors.WithLabelValues(site, "", "cycle").Inc()
	}
	for _, p := range problems(c.Evidence) {
		e.errors.WithLabelValues(site, p.cpe, p.reason).Inc()
		if result == "ok" {
			result = "collection_error"
		}
	}
	if result == "ok" {
		e.lastSuccess.WithLabelValues(site).Set(unix(end))
	}
	e.cycles.WithLabelValues(site, result).Inc()
}

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

func newSnapshot(c Cycle) snapshot {
	s := snapshot{rep: c.Report, meas: fromReport(c.Report), up: map[string]bool{}, budget: budgetFromReport(c.Report)}
	if c.Evidence != nil {
		for _, name := range c.Evidence.Names() {
			s.up[textsafe.String(name)] = len(c.Evidence.CPE(name).Problems) == 0
		}
	}
	return s
}

// problem is one collection problem of a cycle.
type problem struct{ cpe, reason string }

// problems lists the collection problems in the evidence: each CPE's
// session problems, and outputs the device rejected or that did not parse.
// Commands that were not sent because the session was already lost are
// not counted again.
func problems(ev *evidence.Site) []problem {
	if ev == nil {
		return nil
	}
	var out []problem
	for _, name := range ev.Names() {
		cpe := ev.CPE(name)
		for _, p := range cpe.Problems {
			out = append(out, problem{textsafe.String(name), reason(p)})
		}
		for _, o := range cpe.Outputs {
			var pe *parsers.ParseError
			switch {
			case o.Err == nil:
			case errors.As(o.Err, &pe):
				out = append(out, problem{textsafe.String(name), "parse"})
			case errors.Is(o.Err, evidence.ErrCommandFailed) && o.Text != "":
				out = append(out, problem{textsafe.String(name), "command_rejected"})
			}
		}
	}
	return out
}

// reason classifies a collection problem by the words the collectors use
// (their sentinel errors' texts), most specific first.
func reason(p string) string {
	switch {
	case strings.Contains(p, "host key"):
		return "host_key"
	case strings.Contains(p, "authentication failed"):
		return "auth"
	case strings.Contains(p, "timed out"):
		return "timeout"
	case strings.HasPrefix(p, "could not open a session"):
		return "connect"
	case strings.Contains(p, " lost at "):
		return "session_lost"
	}
	return "other"
}

// WriteText writes every family in the Prometheus text exposition format.
func (e *Exporter) WriteText(w io.Writer) error {
	mfs, err := e.reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// WriteTextfile writes every family to path for node_exporter's textfile
// collector, through a temporary file renamed into place so the collector
// never reads half a file.
func (e *Exporter) WriteTextfile(path string) error {
	return prometheus.WriteToTextfile(path, e.reg)
}

// WriteReport writes the metrics of one report (and, when given, the
// collection problems of its evidence) in the text exposition format:
// `vcdiag run --format prometheus`.
func WriteReport(w io.Writer, rep *checks.Report, ev *evidence.Site) error {
	if rep == nil {
		return errors.New("metrics: nil report")
	}
	// The report's own version, not this binary's: the file then says who
	// made the verdicts, and goldens do not change with the toolchain.
	e := NewExporter(Options{Build: Build{Version: rep.VcdiagVersion}})
	e.Observe(Cycle{Report: rep, Evidence: ev, Started: rep.GeneratedAt})
	return e.WriteText(w)
}
