package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

type diffOptions struct {
	format string
	output string
}

// diffFormats are the formats diff writes.
var diffFormats = []string{"json", "text"}

func newDiffCommand(s streams) *cobra.Command {
	o := diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Say what changed between two JSON reports, or two fleet runs",
		Long: `diff compares two JSON reports of the same site (vcdiag ... --format json):
checks that went bad (pass to warn, unknown or fail) or recovered, root causes
that changed per tunnel, routes gained or lost (the prefixes a routes.* check
observed), counters that stopped moving (*.counters-rising regressed), and
checks now skipped because a lower rung fails.

Given two fleet rollups (fleet.json of run --inventory), it compares them site
by site: each site's changes as above, sites new to the run or gone from it.

Exit codes: 0 nothing got worse, 1 the worst regression ends in warn or
unknown, 2 a check regressed to fail, 3 a report could not be read.`,
		Example: `  vcdiag diff yesterday.json today.json
  vcdiag diff --format json before-change.json after-change.json
  vcdiag diff -o changes.json before-change.json after-change.json   # JSON, from the extension
  vcdiag diff monday/fleet.json tuesday/fleet.json                   # two fleet runs`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkFormat(c, "diff", &o.format, o.output, diffFormats); err != nil {
				return err
			}
			return runDiff(s, o, args[0], args[1])
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text, json (when not given, -o's extension decides)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the changes to `FILE` instead of standard output; .json or .txt set the format")
	return cmd
}

func runDiff(s streams, o diffOptions, oldPath, newPath string) error {
	if o.format != "text" && o.format != "json" {
		return &exitError{code: exitUnknown, err: fmt.Errorf("unknown diff format %q (valid: json, text)", o.format)}
	}
	// Each file is read once: a fleet rollup can be tens of megabytes.
	oldData, err := os.ReadFile(oldPath)
	if err != nil {
		return &exitError{code: exitUnknown, err: fmt.Errorf("report %s: %w", oldPath, err)}
	}
	newData, err := os.ReadFile(newPath)
	if err != nil {
		return &exitError{code: exitUnknown, err: fmt.Errorf("report %s: %w", newPath, err)}
	}
	switch oldFleet, newFleet := schemaOf(oldData) == checks.FleetSchemaV1, schemaOf(newData) == checks.FleetSchemaV1; {
	case oldFleet && newFleet:
		return runFleetDiff(s, o, oldPath, newPath, oldData, newData)
	case oldFleet != newFleet:
		return &exitError{code: exitUnknown, err: fmt.Errorf("%s and %s: one is a fleet rollup (fleet.json), the other one site's report: compare like with like", oldPath, newPath)}
	}
	old, err := parseReport(oldPath, oldData)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	cur, err := parseReport(newPath, newData)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	c := checks.Diff(old, cur)
	w, closeFn, err := writeTo(s, o.output)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.format == "json" {
		err = writeChangesJSON(w, oldPath, newPath, old, cur, c)
	} else {
		err = writeChangesText(w, oldPath, old, cur, c)
	}
	if cerr := closeFn(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	return &exitError{code: c.ExitCode()}
}

// readReportFile reads a JSON report and checks its schema.
func readReportFile(path string) (*checks.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	return parseReport(path, data)
}

// parseReport reads a JSON report read from path and checks its schema.
func parseReport(path string, data []byte) (*checks.Report, error) {
	var r checks.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("report %s: not a JSON report (write one with --format json): %w", path, err)
	}
	if r.Schema != checks.SchemaV1 {
		return nil, fmt.Errorf("report %s: schema %q, want %q", path, r.Schema, checks.SchemaV1)
	}
	if err := statusesPresent(data); err != nil {
		return nil, fmt.Errorf("report %s: %w", path, err)
	}
	return &r, nil
}

// statusesPresent holds that the report states every status diff compares:
// a missing one would decode as the zero Status, pass, and a damaged or
// hand-edited baseline would read as healthy.
func statusesPresent(data []byte) error {
	type result struct {
		ID     string          `json:"id"`
		Status json.RawMessage `json:"status"`
	}
	var probe struct {
		Status  json.RawMessage `json:"status"`
		Tunnels []struct {
			Name   string          `json:"name"`
			Status json.RawMessage `json:"status"`
			Stages []struct {
				Stage  string          `json:"stage"`
				Status json.RawMessage `json:"status"`
				Checks []result        `json:"checks"`
			} `json:"stages"`
		} `json:"tunnels"`
		SiteChecks []result `json:"site_checks"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return err
	}
	if probe.Status == nil {
		return errors.New("no overall status: not a complete vcdiag report")
	}
	for _, t := range probe.Tunnels {
		if t.Status == nil {
			return fmt.Errorf("tunnel %q has no status", t.Name)
		}
		for _, st := range t.Stages {
			if st.Status == nil {
				return fmt.Errorf("tunnel %q rung %q has no status", t.Name, st.Stage)
			}
			for _, c := range st.Checks {
				if c.Status == nil {
					return fmt.Errorf("tunnel %q check %q has no status", t.Name, c.ID)
				}
			}
		}
	}
	for _, c := range probe.SiteChecks {
		if c.Status == nil {
			return fmt.Errorf("site check %q has no status", c.ID)
		}
	}
	return nil
}

// printBaselineDiff prints what changed since the --baseline report and
// returns the diff's exit code. With the text format the diff follows the
// report where it went (stdout or -o); other formats keep their document
// clean and the diff goes to stderr, as text.
func printBaselineDiff(s streams, ro reportOptions, baseline string, rep *checks.Report) (int, error) {
	old, err := readReportFile(baseline)
	if err != nil {
		return exitUnknown, err
	}
	c := checks.Diff(old, rep)
	w := s.err
	if ro.format == "text" {
		w = s.out
		if ro.output != "" && ro.output != "-" {
			f, err := os.OpenFile(ro.output, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return exitUnknown, err
			}
			defer f.Close()
			w = f
		}
		fmt.Fprintln(w)
	}
	if err := writeChangesText(w, baseline, old, rep, c); err != nil {
		return exitUnknown, err
	}
	return c.ExitCode(), nil
}

// diffJSON is the `vcdiag diff --format json` document.
type diffJSON struct {
	Schema      string         `json:"schema"`
	Old         diffSide       `json:"old"`
	New         diffSide       `json:"new"`
	Regressions int            `json:"regressions"`
	ExitCode    int            `json:"exit_code"`
	Changes     checks.Changes `json:"changes"`
}

type diffSide struct {
	File        string        `json:"file"`
	GeneratedAt time.Time     `json:"generated_at"`
	Status      checks.Status `json:"status"`
}

func writeChangesJSON(w io.Writer, oldPath, newPath string, old, cur *checks.Report, c checks.Changes) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(diffJSON{
		Schema:      "vcdiag.diff/v1",
		Old:         diffSide{oldPath, old.GeneratedAt, old.Status},
		New:         diffSide{newPath, cur.GeneratedAt, cur.Status},
		Regressions: c.Regressions(),
		ExitCode:    c.ExitCode(),
		Changes:     c,
	})
}

// writeChangesText writes the diff for people: root causes first, then
// regressions, recoveries, route changes, and one line per tunnel for the
// checks a lower failure now blocks.
//
// What it prints comes from two report files, which are untrusted (a
// hand-made or older report may carry a terminal escape): every string
// passes through textsafe first, as in every report format.
func writeChangesText(w io.Writer, oldPath string, old, cur *checks.Report, c checks.Changes) error {
	oldPath, c = textsafe.String(oldPath), textsafe.Copy(c)
	var b strings.Builder
	fmt.Fprintf(&b, "CHANGES SINCE %s (%s): overall %s -> %s\n", oldPath, old.GeneratedAt.UTC().Format(time.RFC3339), c.OldStatus, c.NewStatus)
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	for _, rc := range c.RootCauses {
		fmt.Fprintf(&b, "  root cause %s: %s -> %s\n", rc.Tunnel, orNone(rc.Old), orNone(rc.New))
	}
	groups := []struct {
		kind  checks.ChangeKind
		title string
	}{
		{checks.Regressed, "went bad"}, {checks.Recovered, "recovered"}, {checks.Changed, "routes changed"},
		{checks.Added, "only in the new report"}, {checks.Removed, "only in the old report"},
	}
	for _, g := range groups {
		writeGroup(&b, g.title, g.kind, c.Checks)
	}
	writeBlocked(&b, c.Checks)
	switch code := c.ExitCode(); {
	case len(c.Checks) == 0 && len(c.RootCauses) == 0:
		b.WriteString("  no change\n")
	case code == 0:
		b.WriteString("  nothing got worse\n")
	default:
		fmt.Fprintf(&b, "  %d check(s) got worse (exit %d)\n", c.Regressions(), code)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeGroup(b *strings.Builder, title string, kind checks.ChangeKind, all []checks.Change) {
	first := true
	for _, ch := range all {
		if ch.Kind != kind {
			continue
		}
		if first {
			fmt.Fprintf(b, "  %s:\n", title)
			first = false
		}
		what := ch.Check
		if what == "" {
			what = "(whole tunnel)"
		}
		fmt.Fprintf(b, "    %s %s", ch.Tunnel, what)
		switch kind {
		case checks.Added:
			fmt.Fprintf(b, ": %s", ch.New)
		case checks.Removed:
			fmt.Fprintf(b, ": was %s", ch.Old)
		default:
			fmt.Fprintf(b, ": %s -> %s", ch.Old, ch.New)
		}
		if ch.Counters {
			b.WriteString(" (counters stopped moving)")
		}
		if ch.Summary != "" && kind == checks.Regressed {
			fmt.Fprintf(b, ": %s", ch.Summary)
		}
		b.WriteString("\n")
		if ch.OldObserved != "" || ch.NewObserved != "" {
			fmt.Fprintf(b, "      before: %s\n      now:    %s\n", orNone(ch.OldObserved), orNone(ch.NewObserved))
		}
		if len(ch.Gained) > 0 {
			fmt.Fprintf(b, "      routes gained: %s\n", strings.Join(ch.Gained, ", "))
		}
		if len(ch.Lost) > 0 {
			fmt.Fprintf(b, "      routes lost:   %s\n", strings.Join(ch.Lost, ", "))
		}
	}
}

// writeBlocked says, per tunnel, which checks are now skipped (or judged
// again) without listing each as a change of its own.
func writeBlocked(b *strings.Builder, all []checks.Change) {
	for _, kind := range []checks.ChangeKind{checks.Blocked, checks.Unblocked} {
		var order []string
		ids := map[string][]string{}
		for _, ch := range all {
			if ch.Kind != kind {
				continue
			}
			if ids[ch.Tunnel] == nil {
				order = append(order, ch.Tunnel)
			}
			ids[ch.Tunnel] = append(ids[ch.Tunnel], ch.Check)
		}
		verb := "now skipped (blocked by a lower rung)"
		if kind == checks.Unblocked {
			verb = "judged again (no longer blocked)"
		}
		for _, t := range order {
			fmt.Fprintf(b, "  %s: %d check(s) %s: %s\n", t, len(ids[t]), verb, strings.Join(ids[t], ", "))
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
