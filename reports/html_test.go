package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

// hostileReport is the broken report with device text that tries to break
// out of every place device text lands: evidence lines, commands, CPE and
// tunnel names, summaries, notes and the site name.
func hostileReport() *checks.Report {
	r := brokenReport()
	r.Profile.Name = `acme"><script>alert(0)</script>`
	r.Notes = append(r.Notes, `note <script>alert(2)</script> | pipe `+"`tick`")
	t1 := &r.Tunnels[0]
	t1.CPE = `cpe1"><img src=x onerror=alert(3)>`
	res := &t1.Stages[0].Checks[0]
	res.Summary = `no SA <b>bold</b> | a | b ` + "``two ticks``"
	res.Evidence = append(res.Evidence, checks.Citation{
		Command: `show run | include <script>`, CPE: `cpe1`,
		Lines: []string{
			`<script>alert(1)</script>`,
			`"><img src=x onerror=alert(4)>`,
			"```\n# not a heading",
			"esc \x1b[31mred\x1b[0m nul \x00 done",
			`</pre></details></body><style>body{display:none}</style>`,
			`]]><evil/> <![CDATA[`,
		},
	})
	return r
}

// TestHTMLEscapesDeviceText: nothing a device prints may become markup.
func TestHTMLEscapesDeviceText(t *testing.T) {
	out := string(render(t, HTML, hostileReport, Options{}))
	for _, bad := range []string{"<script", "<img", "<b>", "</pre></details>", "<style>body"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML(hostile) contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(4)&gt;", "alert(3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML(hostile) lacks the escaped device text %q", want)
		}
	}
}

// TestHTMLSelfContained: the page loads nothing and runs nothing.
func TestHTMLSelfContained(t *testing.T) {
	inputs := append([]string{}, demoScenarios...)
	for _, name := range inputs {
		t.Run(name, func(t *testing.T) {
			out := render(t, HTML, loadDemo(t, name), Options{})
			checkSelfContained(t, out)
		})
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) { checkSelfContained(t, render(t, HTML, f.r, Options{})) })
	}
}

var externalRef = regexp.MustCompile(`(?i)(https?:|\bsrc=|<link|<script|url\(|@import|<iframe|<object|<embed)`)

func checkSelfContained(t *testing.T, page []byte) {
	t.Helper()
	if m := externalRef.Find(page); m != nil {
		i := bytes.Index(page, m)
		t.Errorf("HTML report refers outside itself: %q in %q", m, page[max(0, i-60):min(len(page), i+60)])
	}
	if !bytes.Contains(page, []byte("Content-Security-Policy")) {
		t.Error("HTML report has no Content-Security-Policy")
	}
}

// TestHTMLLayout checks the parts a reader relies on are there, in order,
// and that statuses are never colour alone.
func TestHTMLLayout(t *testing.T) {
	out := string(render(t, HTML, brokenReport, Options{}))
	order := []string{"<svg", "Overall: FAIL", "Root cause and remediation", "ikev2.sa-ready",
		"Verify with:", "Ladder", "tunnel2 (DC-B, cpe1, Tunnel2)", "Site checks", "Notes", "Evidence", "<details"}
	last := -1
	for _, s := range order {
		i := strings.Index(out[max(last, 0):], s)
		if i < 0 {
			t.Fatalf("HTML(broken) lacks %q after the previous part (order %q)", s, order)
		}
		last += i + 1
	}
	for _, want := range []string{"✘ fail: ikev2.sa-ready", "? unknown: ipsec.counters-rising", // link labels
		`class="link s-fail"`, `class="link s-unknown"`, "@media print", "details::details-content",
		`<span aria-hidden="true">✘</span> fail`, `<span aria-hidden="true">!</span> warn`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML(broken) lacks %q", want)
		}
	}
}

func TestTopology(t *testing.T) {
	tests := []struct {
		name       string
		r          func() *checks.Report
		cpes, dcs  int
		linkLabels []string
	}{
		{"one CPE", brokenReport, 1, 2, []string{"✘ fail: ikev2.sa-ready", "? unknown: ipsec.counters-rising"}},
		{"healthy", healthyReport, 1, 2, []string{"✔ pass", "✔ pass"}},
		{"two CPEs", func() *checks.Report {
			r := healthyReport()
			r.Tunnels[1].CPE = "cpe2"
			r.Tunnels[1].Status = checks.Warn
			r.Tunnels[1].Stages[2].Checks[1].Status = checks.Warn
			return r
		}, 2, 2, []string{"✔ pass", "! warn: gre.keepalive"}},
		{"no tunnels", func() *checks.Report { return &checks.Report{} }, 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := newTopology(tc.r().Tunnels)
			if len(tp.CPEs) != tc.cpes || len(tp.DCs) != tc.dcs {
				t.Errorf("newTopology() has %d CPE and %d DC boxes, want %d and %d", len(tp.CPEs), len(tp.DCs), tc.cpes, tc.dcs)
			}
			var got []string
			for _, l := range tp.Links {
				got = append(got, l.Verdict)
				if l.LabelX <= cpeX+boxW || l.LabelX >= dcX {
					t.Errorf("link %q label at x=%d, outside the space between the boxes", l.Name, l.LabelX)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.linkLabels, "|") {
				t.Errorf("newTopology() link labels = %q, want %q", got, tc.linkLabels)
			}
			for _, b := range append(tp.CPEs, tp.DCs...) {
				if b.Y < topoTop-10 || b.Y+b.H > tp.Height {
					t.Errorf("box %q at y=%d..%d outside the picture (height %d)", b.Name, b.Y, b.Y+b.H, tp.Height)
				}
			}
		})
	}
}
