package metrics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
)

// TestRootCauseSeries: each tunnel's root cause is one series naming its
// rung and check, a tunnel without one has none, and a site root cause
// (over capacity with both tunnels up) is its own family.
func TestRootCauseSeries(t *testing.T) {
	rep := &checks.Report{Schema: checks.SchemaV1, Profile: checks.ProfileRef{Name: "acme-east"}, Status: checks.Fail,
		Tunnels: []checks.TunnelReport{
			{Name: "tunnel1", DC: "A", CPE: "cpe1", Status: checks.Pass},
			{Name: "tunnel2", DC: "B", CPE: "cpe1", Status: checks.Fail,
				RootCause: &checks.RootCause{Check: "mtu.adjust-mss", Stage: checks.StageMTU, Summary: "no adjust-mss", Hint: "add it"}},
			{Name: "tunnel3", DC: "B", CPE: "cpe2", Status: checks.Unknown},
		},
		SiteRootCauses: []checks.RootCause{{Check: "site.capacity", Stage: checks.StageSite, Summary: "over the budget"}},
	}
	e := NewExporter(Options{})
	e.Observe(Cycle{Report: rep, Started: time.Unix(0, 0)})
	var out bytes.Buffer
	if err := e.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "vcdiag_tunnel_root_cause") || strings.HasPrefix(l, "vcdiag_site_root_cause") {
			got = append(got, l)
		}
	}
	want := []string{
		`vcdiag_site_root_cause{check="site.capacity",site="acme-east"} 1`,
		`vcdiag_tunnel_root_cause{check="mtu.adjust-mss",cpe="cpe1",dc="B",site="acme-east",stage="mtu",tunnel="tunnel2"} 1`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("root cause series =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The next report has no fault: the series go with it.
	rep = &checks.Report{Schema: checks.SchemaV1, Profile: checks.ProfileRef{Name: "acme-east"}, Status: checks.Pass,
		Tunnels: []checks.TunnelReport{{Name: "tunnel1", DC: "A", CPE: "cpe1", Status: checks.Pass}}}
	e.Observe(Cycle{Report: rep, Started: time.Unix(60, 0)})
	out.Reset()
	if err := e.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "root_cause{") {
		t.Errorf("a report without root causes still has root cause series:\n%s", out.String())
	}
}
