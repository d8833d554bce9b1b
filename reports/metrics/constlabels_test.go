package metrics

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vcdiag/vcdiag/checks"
)

// demoReport reads a demo scenario's report (the JSON goldens of the
// reports package) and renames its site.
func demoReport(t *testing.T, scenario, site string) *checks.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "demo", scenario+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep checks.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	rep.Profile.Name = site
	return &rep
}

// labelMap is a series' labels by name (generic so that the test needs
// no import of client_model, which go.mod has as indirect).
func labelMap[L interface {
	GetName() string
	GetValue() string
}](ls []L) map[string]string {
	out := map[string]string{}
	for _, l := range ls {
		out[l.GetName()] = l.GetValue()
	}
	return out
}

// TestExportersMerge is the seam of a watch over many sites in one
// process: one exporter per site, each with its region as a constant
// label, only the first with the build and the runtime collectors, all
// merged with prometheus.Gatherers. The merge must succeed with one family
// per name, every vcdiag series must carry its own site's region, and the
// go_* and process_* series none.
func TestExportersMerge(t *testing.T) {
	sites := []struct {
		site, region, scenario string
		opts                   Options
	}{
		{"acme-east", "us-east", "healthy", Options{Runtime: true, Build: Build{Version: "v1.2.3"}}},
		{"acme-ny", "us-east", "routes-missing-backup", Options{}},
		{"acme-west", "us-west", "ike-no-response", Options{}},
	}
	var gs prometheus.Gatherers
	regionOf := map[string]string{}
	for _, s := range sites {
		o := s.opts
		o.Site, o.ConstLabels = s.site, map[string]string{"region": s.region}
		e, err := New(o)
		if err != nil {
			t.Fatalf("New(%+v): %v", o, err)
		}
		e.Observe(Cycle{Report: demoReport(t, s.scenario, s.site), Started: time.Unix(1e9, 0), Duration: time.Second})
		gs = append(gs, e.Gatherer())
		regionOf[s.site] = s.region
	}
	mfs, err := gs.Gather()
	if err != nil {
		t.Fatalf("Gatherers.Gather: %v", err)
	}
	seen := map[string]bool{}
	sitesOf := map[string]map[string]bool{}
	for _, mf := range mfs {
		name := mf.GetName()
		if seen[name] {
			t.Errorf("family %s appears twice", name)
		}
		seen[name] = true
		vcdiag := strings.HasPrefix(name, "vcdiag_")
		for _, m := range mf.GetMetric() {
			l := labelMap(m.GetLabel())
			switch {
			case !vcdiag:
				if _, ok := l["region"]; ok {
					t.Errorf("%s%v has a region label: only the vcdiag families get the constant labels", name, l)
				}
			case name == "vcdiag_build_info":
				if l["region"] != "us-east" || l["version"] != "v1.2.3" {
					t.Errorf("%s%v, want the first exporter's region and version", name, l)
				}
			default:
				if want := regionOf[l["site"]]; want == "" || l["region"] != want {
					t.Errorf("%s%v: region %q, want %q (site %q)", name, l, l["region"], want, l["site"])
				}
				if sitesOf[name] == nil {
					sitesOf[name] = map[string]bool{}
				}
				sitesOf[name][l["site"]] = true
			}
		}
	}
	for _, name := range []string{"vcdiag_site_status", "vcdiag_tunnel_status", "vcdiag_cycles_total", "vcdiag_failover_ready"} {
		if len(sitesOf[name]) != len(sites) {
			t.Errorf("%s has series of sites %v, want all %d", name, sitesOf[name], len(sites))
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "vcdiag_build_info", "vcdiag_tunnel_root_cause"} {
		if !seen[name] {
			t.Errorf("merged families lack %s", name)
		}
	}
	var causes []string
	for _, mf := range mfs {
		if mf.GetName() == "vcdiag_tunnel_root_cause" {
			for _, m := range mf.GetMetric() {
				l := labelMap(m.GetLabel())
				causes = append(causes, l["region"]+"/"+l["site"]+"/"+l["tunnel"]+"/"+l["stage"]+"/"+l["check"])
			}
		}
	}
	slices.Sort(causes)
	want := []string{"us-east/acme-ny/tunnel2/routes/routes.backup-24", "us-west/acme-west/tunnel1/ikev2/ikev2.sa-ready"}
	if !slices.Equal(causes, want) {
		t.Errorf("merged root causes = %q, want %q", causes, want)
	}
}

// TestConstLabelsInTextfile: the textfile (Registry alone) carries the
// constant labels too, and an exporter without them writes none.
func TestConstLabelsInTextfile(t *testing.T) {
	e := NewExporter(Options{Site: "acme-east", ConstLabels: map[string]string{"region": "us-east"}})
	e.Observe(Cycle{Report: demoReport(t, "healthy", "acme-east"), Started: time.Unix(1e9, 0)})
	var out bytes.Buffer
	if err := e.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if want := `vcdiag_site_status{region="us-east",site="acme-east"} 0`; !strings.Contains(out.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, out.String())
	}
	out.Reset()
	if err := WriteReport(&out, demoReport(t, "healthy", "acme-east"), nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "region=") {
		t.Errorf("WriteReport without constant labels writes a region:\n%s", out.String())
	}
}

func TestOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		labels map[string]string
		want   string // "" valid, else part of the error
	}{
		{nil, ""},
		{map[string]string{"region": "us-east", "env": "prod"}, ""},
		{map[string]string{"site": "x"}, "already"},
		{map[string]string{"check": "x"}, "already"},
		{map[string]string{"version": "x"}, "already"},
		{map[string]string{"__name__": "x"}, "reserved"},
		{map[string]string{"my-region": "x"}, "not a valid label name"},
		{map[string]string{"": "x"}, "not a valid label name"},
	} {
		err := Options{ConstLabels: tc.labels}.Check()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Options{ConstLabels: %v}.Check() = %v, want nil", tc.labels, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Options{ConstLabels: %v}.Check() = %v, want an error with %q", tc.labels, err, tc.want)
		}
		if _, nerr := New(Options{ConstLabels: tc.labels}); (nerr == nil) != (err == nil) {
			t.Errorf("New(ConstLabels %v) = %v, Check = %v: want the same verdict", tc.labels, nerr, err)
		}
	}
}
