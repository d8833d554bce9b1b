package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// schemaOf is a JSON document's "schema" field ("" when it has none or is
// not JSON).
func schemaOf(data []byte) string {
	var probe struct {
		Schema string `json:"schema"`
	}
	_ = json.Unmarshal(data, &probe)
	return probe.Schema
}

// parseFleet reads a fleet rollup (fleet.json) read from path and checks
// each site's report as parseReport does one report.
func parseFleet(path string, data []byte) (*checks.Fleet, error) {
	var f checks.Fleet
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("fleet %s: not a fleet rollup (fleet.json of run --inventory): %w", path, err)
	}
	if f.Schema != checks.FleetSchemaV1 {
		return nil, fmt.Errorf("fleet %s: schema %q, want %q", path, f.Schema, checks.FleetSchemaV1)
	}
	var raw struct {
		Sites []struct {
			Name   string          `json:"name"`
			Report json.RawMessage `json:"report"`
		} `json:"sites"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("fleet %s: %w", path, err)
	}
	for _, s := range raw.Sites {
		if len(s.Report) == 0 || string(s.Report) == "null" {
			continue
		}
		if err := statusesPresent(s.Report); err != nil {
			return nil, fmt.Errorf("fleet %s: site %q: %w", path, s.Name, err)
		}
	}
	return &f, nil
}

// fleetSiteDiff is what changed at one site between two fleet runs.
type fleetSiteDiff struct {
	Name      string          `json:"name"`
	OldStatus *checks.Status  `json:"old_status"` // nil: not in the old run
	NewStatus *checks.Status  `json:"new_status"` // nil: not in the new run
	ExitCode  int             `json:"exit_code"`
	Changes   *checks.Changes `json:"changes,omitempty"` // both runs have its report
	old, cur  *checks.Report
}

// diffFleets compares two fleet runs site by site (by name): each site
// both have a report of is diffed as two reports are; a site that appears
// is judged by its status, one that disappears is said, never counted as
// a regression (an inventory change is not a fault).
func diffFleets(old, cur *checks.Fleet) ([]fleetSiteDiff, int) {
	byName := func(f *checks.Fleet) map[string]checks.FleetSite {
		m := map[string]checks.FleetSite{}
		for _, s := range f.Sites {
			m[s.Name] = s
		}
		return m
	}
	om, nm := byName(old), byName(cur)
	var names []string
	for n := range om {
		names = append(names, n)
	}
	for n := range nm {
		if _, ok := om[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var out []fleetSiteDiff
	worst := 0
	for _, n := range names {
		o, inOld := om[n]
		c, inNew := nm[n]
		d := fleetSiteDiff{Name: n}
		if inOld {
			st := o.Status
			d.OldStatus, d.old = &st, o.Report
		}
		if inNew {
			st := c.Status
			d.NewStatus, d.cur = &st, c.Report
		}
		switch {
		case d.old != nil && d.cur != nil:
			ch := checks.Diff(d.old, d.cur)
			d.Changes, d.ExitCode = &ch, ch.ExitCode()
		case inNew && !inOld:
			d.ExitCode = regressionCode(c.Status) // new to the run: as bad as it is
		case inNew && checks.Worst(o.Status, c.Status) != o.Status:
			d.ExitCode = regressionCode(c.Status) // diagnosed in one run only, and worse now
		}
		worst = max(worst, d.ExitCode)
		out = append(out, d)
	}
	return out, worst
}

// regressionCode is the diff's exit code for a site that went to s: 2
// fail, 1 warn or unknown, 0 otherwise (as checks.Changes.ExitCode).
func regressionCode(s checks.Status) int {
	switch s {
	case checks.Fail:
		return 2
	case checks.Warn, checks.Unknown:
		return 1
	}
	return 0
}

// runFleetDiff is `vcdiag diff` on two fleet.json files.
func runFleetDiff(s streams, o diffOptions, oldPath, newPath string, oldData, newData []byte) error {
	old, err := parseFleet(oldPath, oldData)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	cur, err := parseFleet(newPath, newData)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	sites, code := diffFleets(old, cur)
	w, closeFn, err := writeTo(s, o.output)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Schema   string          `json:"schema"`
			Old      diffSide        `json:"old"`
			New      diffSide        `json:"new"`
			ExitCode int             `json:"exit_code"`
			Sites    []fleetSiteDiff `json:"sites"`
		}{"vcdiag.fleet-diff/v1", diffSide{oldPath, old.GeneratedAt, old.Status}, diffSide{newPath, cur.GeneratedAt, cur.Status}, code, sites})
	} else {
		err = writeFleetChangesText(w, oldPath, old, cur, sites, code)
	}
	if cerr := closeFn(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	return &exitError{code: code}
}

// writeFleetChangesText lists the sites that changed, in name order, each
// as `vcdiag diff` prints one site, then how many did not.
func writeFleetChangesText(w io.Writer, oldPath string, old, cur *checks.Fleet, sites []fleetSiteDiff, code int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "FLEET CHANGES SINCE %s (%s): worst site %s -> %s, %d -> %d sites\n", textsafe.String(oldPath),
		old.GeneratedAt.UTC().Format(time.RFC3339), old.Status, cur.Status, len(old.Sites), len(cur.Sites))
	unchanged := 0
	for _, d := range sites {
		name := textsafe.String(d.Name)
		switch {
		case d.OldStatus == nil:
			fmt.Fprintf(&b, "\nSITE %s: new in this run, %s\n", name, *d.NewStatus)
		case d.NewStatus == nil:
			fmt.Fprintf(&b, "\nSITE %s: no longer in the run (was %s)\n", name, *d.OldStatus)
		case d.Changes != nil && (len(d.Changes.Checks) > 0 || len(d.Changes.RootCauses) > 0):
			fmt.Fprintf(&b, "\nSITE %s:\n", name)
			var sb strings.Builder
			if err := writeChangesText(&sb, oldPath, d.old, d.cur, *d.Changes); err != nil {
				return err
			}
			for _, l := range strings.Split(strings.TrimRight(sb.String(), "\n"), "\n")[1:] {
				b.WriteString(l + "\n")
			}
		case d.Changes == nil && *d.OldStatus != *d.NewStatus:
			fmt.Fprintf(&b, "\nSITE %s: %s -> %s\n", name, *d.OldStatus, *d.NewStatus)
		default:
			unchanged++
		}
	}
	fmt.Fprintf(&b, "\n%d site(s) unchanged", unchanged)
	if code == 0 {
		b.WriteString("; nothing got worse\n")
	} else {
		fmt.Fprintf(&b, "; exit %d: something got worse\n", code)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
