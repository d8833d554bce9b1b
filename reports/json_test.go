package reports

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/checks"
)

func TestJSONGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			checkGolden(t, f.name+".json", render(t, JSON, f.r, Options{}))
		})
	}
}

// TestJSONRoundTrip: what the JSON renderer writes reads back into the same
// checks.Report, so nothing is lost or reworded. Nil and empty lists are
// equal here because the renderer writes [] for both.
func TestJSONRoundTrip(t *testing.T) {
	all := append(fixtures, struct {
		name string
		r    func() *checks.Report
	}{"verbatim", verbatimReport})
	for _, f := range all {
		t.Run(f.name, func(t *testing.T) {
			out := render(t, JSON, f.r, Options{Verbose: true, Color: true})
			var got checks.Report
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("json.Unmarshal(JSON(%s)) = %v", f.name, err)
			}
			if diff := cmp.Diff(f.r(), &got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("JSON(%s) round trip (-want +got):\n%s", f.name, diff)
			}
		})
	}
}

// TestJSONDoesNotMutate: renderers never change the report they present.
func TestJSONDoesNotMutate(t *testing.T) {
	r := brokenReport()
	var buf bytes.Buffer
	if err := JSON(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(brokenReport(), r); diff != "" {
		t.Errorf("JSON changed its input (-before +after):\n%s", diff)
	}
}

// TestJSONShape checks the key sets of docs/report-schema.md on a report
// whose skipped checks carry nil evidence: every documented list must be a
// JSON array, never null, and no undocumented key may appear.
func TestJSONShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(render(t, JSON, brokenReport, Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "report", doc, "schema vcdiag_version generated_at profile status tunnels site_checks notes", "")
	if doc["schema"] != "vcdiag.report/v1" {
		t.Errorf("schema = %v, want vcdiag.report/v1", doc["schema"])
	}
	wantKeys(t, "profile", doc["profile"].(map[string]any), "name region", "")
	for _, tv := range arr(t, "tunnels", doc["tunnels"]) {
		tun := tv.(map[string]any)
		wantKeys(t, "tunnel", tun, "name dc cpe status root_cause stages", "interface")
		if rc, ok := tun["root_cause"].(map[string]any); ok {
			wantKeys(t, "root_cause", rc, "check stage summary hint", "")
		} else if tun["root_cause"] != nil {
			t.Errorf("root_cause = %v, want null or an object", tun["root_cause"])
		}
		for _, sv := range arr(t, "stages", tun["stages"]) {
			st := sv.(map[string]any)
			wantKeys(t, "stage", st, "stage status checks", "")
			for _, cv := range arr(t, "checks", st["checks"]) {
				checkShape(t, cv.(map[string]any))
			}
		}
	}
	for _, cv := range arr(t, "site_checks", doc["site_checks"]) {
		checkShape(t, cv.(map[string]any))
	}
}

func checkShape(t *testing.T, c map[string]any) {
	t.Helper()
	wantKeys(t, "check "+c["id"].(string), c, "id status summary evidence", "expected observed hint verify blocked_by")
	for _, ev := range arr(t, "evidence", c["evidence"]) {
		e := ev.(map[string]any)
		wantKeys(t, "evidence", e, "command lines", "cpe")
		arr(t, "lines", e["lines"])
	}
}

// wantKeys fails unless obj has every required key and nothing outside
// required+optional (space-separated lists).
func wantKeys(t *testing.T, what string, obj map[string]any, required, optional string) {
	t.Helper()
	allowed := map[string]bool{}
	for _, k := range strings.Fields(required + " " + optional) {
		allowed[k] = true
	}
	for _, k := range strings.Fields(required) {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s: missing key %q", what, k)
		}
	}
	var extra []string
	for k := range obj {
		if !allowed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("%s: undocumented keys %v", what, extra)
	}
}

func arr(t *testing.T, what string, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Errorf("%s = %#v, want a JSON array", what, v)
	}
	return a
}
