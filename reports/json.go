package reports

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/vcdiag/vcdiag/checks"
)

// JSON writes r as the indented "vcdiag.report/v1" document
// (docs/report-schema.md; JSON Schema in schema/report.v1.json, which
// cmd/vcdiag's tests hold every golden and demo report to). The shape is
// checks.Report's own JSON encoding; this renderer only indents it, ends
// it with a newline, and writes every list the schema documents as an
// array ([] rather than null), so consumers can iterate without null
// checks. Like every format, its
// strings carry visible escapes for control characters and bytes that are
// not UTF-8 (reports/textsafe), so the document is always valid UTF-8 and
// a value printed by a consumer cannot drive a terminal.
func JSON(w io.Writer, r *checks.Report, o Options) error { return present(w, r, o, writeJSON) }

func writeJSON(w io.Writer, r *checks.Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(withEmptyLists(r)); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// withEmptyLists returns a copy of r whose nil lists are empty lists. It
// copies rather than mutating: renderers never change the report they are
// given. checks.Report.MarshalJSON already does this for the top level;
// the nested lists (stages, checks, evidence, lines) are done here.
func withEmptyLists(r *checks.Report) *checks.Report {
	c := *r
	c.Tunnels = make([]checks.TunnelReport, len(r.Tunnels))
	for i, t := range r.Tunnels {
		t.Stages = make([]checks.StageResult, len(r.Tunnels[i].Stages))
		for j, s := range r.Tunnels[i].Stages {
			s.Checks = resultsWithEmptyLists(s.Checks)
			t.Stages[j] = s
		}
		c.Tunnels[i] = t
	}
	c.SiteChecks = resultsWithEmptyLists(r.SiteChecks)
	return &c
}

func resultsWithEmptyLists(rs []checks.Result) []checks.Result {
	out := make([]checks.Result, len(rs))
	for i, res := range rs {
		ev := make([]checks.Citation, len(res.Evidence))
		for j, c := range res.Evidence {
			if c.Lines == nil {
				c.Lines = []string{}
			}
			ev[j] = c
		}
		res.Evidence = ev
		out[i] = res
	}
	return out
}
