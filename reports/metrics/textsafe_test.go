package metrics

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// TestLabelValuesAreSafe: the names that become label values (site,
// tunnel, DC, CPE) come from a profile, possibly one read from a bundle.
// A control character, a bidi override or a byte that is not UTF-8 in them
// must neither reach the scraper as it is nor make the client library
// panic; the exposition shows the visible escape and still parses.
func TestLabelValuesAreSafe(t *testing.T) {
	const bad = "x\x1b[2J\x9b\u009b\u202e\xff\ny"
	const shown = `x\x1b[2J\x9b\u009b\u202e\xff\ny`
	rep := &checks.Report{Schema: checks.SchemaV1, Profile: checks.ProfileRef{Name: "site-" + bad}, Status: checks.Fail,
		Tunnels: []checks.TunnelReport{{Name: "tunnel-" + bad, DC: "dc-" + bad, CPE: "cpe-" + bad, Status: checks.Fail,
			Stages: []checks.StageResult{{Stage: checks.StageIKEv2, Status: checks.Fail, Checks: []checks.Result{
				{ID: "ikev2.sa-ready", Status: checks.Fail, Values: map[string]float64{checks.ValueIKESAUp: 0}}}}}}}}
	ev := &evidence.Site{}
	ev.EnsureCPE("cpe-" + bad).Problems = []string{"ssh to cpe: authentication failed"}

	e := NewExporter(Options{Site: "opt-" + bad})
	e.Observe(Cycle{Report: nil, Started: time.Unix(0, 0)})
	e.Observe(Cycle{Report: rep, Evidence: ev, Started: time.Unix(0, 0)})
	var out bytes.Buffer
	if err := e.WriteText(&out); err != nil {
		t.Fatalf("WriteText: %v", err)
	}
	var viaReport bytes.Buffer
	if err := WriteReport(&viaReport, rep, ev); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	for name, b := range map[string][]byte{"exporter": out.Bytes(), "WriteReport": viaReport.Bytes()} {
		if !utf8.Valid(b) {
			t.Errorf("%s: exposition is not valid UTF-8", name)
		}
		for _, r := range string(b) {
			if r != '\n' && textsafe.Escaped(r) {
				t.Errorf("%s: exposition carries a raw %U", name, r)
			}
		}
		p := expfmt.NewTextParser(model.UTF8Validation)
		mfs, err := p.TextToMetricFamilies(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: exposition does not parse: %v\n%s", name, err, b)
		}
		var labels []string
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				for _, l := range m.GetLabel() {
					labels = append(labels, l.GetValue())
				}
			}
		}
		all := strings.Join(labels, "\n")
		for _, want := range []string{"site-" + shown, "tunnel-" + shown, "dc-" + shown, "cpe-" + shown} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: no label value %q", name, want)
			}
		}
	}
	if !strings.Contains(out.String(), `opt-`+strings.ReplaceAll(shown, `\`, `\\`)) {
		t.Errorf("exporter: the site label of Options.Site is not shown escaped:\n%s", out.String())
	}
	if rep.Tunnels[0].Name != "tunnel-"+bad {
		t.Error("Observe changed the report it was given")
	}
}
