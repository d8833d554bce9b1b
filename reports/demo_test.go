package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

// demoScenarios are reports the demo wrote (cmd/vcdiag keeps them under
// testdata/reports, regenerated with its own -update flag). Rendering them
// tests the new formats on real ladders: every check ID, real evidence, and
// root causes at different rungs. They are read, not built, so the goldens
// here move only when those reports do.
var demoScenarios = []string{"healthy", "healthy-two-cpe", "routes-missing-backup", "ike-no-response"}

// loadDemo reads ../testdata/reports/<name>.json into a checks.Report.
func loadDemo(t *testing.T, name string) func() *checks.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "reports", name+".json"))
	if err != nil {
		t.Fatalf("read demo report: %v", err)
	}
	var r checks.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("decode demo report %s: %v", name, err)
	}
	return func() *checks.Report { c := r; return &c }
}

// TestNewFormatsGolden renders every fixture and demo scenario in the
// HTML, Markdown and JUnit formats and compares with testdata/.
func TestNewFormatsGolden(t *testing.T) {
	formats := []struct {
		fn  Renderer
		ext string
	}{{HTML, "html"}, {Markdown, "md"}, {JUnit, "junit.xml"}}
	type input struct {
		golden string
		r      func() *checks.Report
	}
	var inputs []input
	for _, f := range fixtures {
		inputs = append(inputs, input{f.name, f.r})
	}
	for _, name := range demoScenarios {
		inputs = append(inputs, input{"demo-" + name, loadDemo(t, name)})
	}
	for _, in := range inputs {
		for _, f := range formats {
			t.Run(in.golden+"."+f.ext, func(t *testing.T) {
				checkGolden(t, in.golden+"."+f.ext, render(t, f.fn, in.r, Options{}))
			})
		}
	}
}
