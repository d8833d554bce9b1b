package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
)

// Flags are checked before anything is collected, connected to or written:
// a typo in --format must not cost a 10 s SSH session to find out. Two
// layers do it:
//
//   - guardFlags wraps every single-value flag of every command, so that a
//     repeated flag (--profile a --profile b) and a duration without a unit
//     (--sample-interval 10) fail while the command line is parsed;
//   - each command's RunE calls its options' check methods (this file)
//     first, for what depends on other flags or on vcdiag's own lists:
//     formats, check IDs, platforms, scenarios, faults.
//
// Both fail with the exit code of any other bad input (exitUnknown, 3).

// usageError is a command line vcdiag cannot act on.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUnknown, err: fmt.Errorf(format, args...)}
}

// guardFlags wraps the values of cmd's flags and of every subcommand's.
// Repeatable flags (slices, arrays) and booleans are left alone: giving
// --pcap twice is the point, and --verbose twice is harmless.
func guardFlags(cmd *cobra.Command) {
	guard := func(f *pflag.Flag) {
		t := f.Value.Type()
		if _, done := f.Value.(*onceValue); done || t == "bool" ||
			strings.HasSuffix(t, "Slice") || strings.HasSuffix(t, "Array") {
			return
		}
		f.Value = &onceValue{Value: f.Value}
	}
	cmd.Flags().VisitAll(guard)
	cmd.PersistentFlags().VisitAll(guard)
	for _, c := range cmd.Commands() {
		guardFlags(c)
	}
}

// onceValue refuses a second value for a single-value flag (pflag would
// silently keep the last one, so `--profile a --profile b` ran against b)
// and says how to write a duration that lacks its unit.
type onceValue struct {
	pflag.Value
	set   bool
	first string
}

func (v *onceValue) Set(s string) error {
	if v.set {
		return fmt.Errorf("given twice (%q, then %q): give it once", v.first, s)
	}
	if err := v.Value.Set(s); err != nil {
		if v.Value.Type() == "duration" {
			return durationError(s, err)
		}
		return err
	}
	if v.Value.Type() == "duration" {
		if d, err := time.ParseDuration(v.Value.String()); err == nil && d < 0 {
			return fmt.Errorf("%q is negative: give a duration of 0 or more", s)
		}
	}
	v.set, v.first = true, s
	return nil
}

// durationError explains a duration that time.ParseDuration refused; a
// plain number is the usual mistake, and its fix is one letter.
func durationError(s string, err error) error {
	if _, nerr := strconv.ParseFloat(strings.TrimSpace(s), 64); nerr == nil {
		n := strings.TrimSpace(s)
		return fmt.Errorf("%q has no unit: write %ss for seconds (or %sm, %sms)", s, n, n, n)
	}
	return fmt.Errorf("%q is not a duration (e.g. 10s, 2m, 500ms): %w", s, err)
}

// positiveDurations refuses zero for the flags of cmd that are deadlines
// or periods: a zero deadline fails every command at once, which reads as
// a broken router rather than a flag.
func positiveDurations(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		f := cmd.Flags().Lookup(n)
		if f == nil {
			continue
		}
		if d, err := time.ParseDuration(f.Value.String()); err == nil && d <= 0 {
			return usageError("--%s %s: must be more than 0 (e.g. --%s %s)", n, f.Value.String(), n, f.DefValue)
		}
	}
	return nil
}

// formatByExt maps what a file name ends in to the report format it holds.
// A name without one of these (report, report.out) says nothing, and the
// format stays the default.
var formatByExt = map[string]string{
	".html":     "html",
	".htm":      "html",
	".json":     "json",
	".md":       "markdown",
	".markdown": "markdown",
	".xml":      "junit",
	".junit":    "junit",
	".txt":      "text",
	".text":     "text",
	".prom":     "prometheus",
}

// formatAliases are other names of one format (reports.Formats lists both).
var formatAliases = map[string]string{"md": "markdown"}

func canonicalFormat(f string) string {
	if c, ok := formatAliases[f]; ok {
		return c
	}
	return f
}

// checkFormat settles the report format before anything runs: the one
// --format names, else the one -o's extension implies, else text. A
// --format that contradicts the extension is refused rather than writing
// JSON into report.html. valid is the list the command accepts, what
// names what it writes ("report", "diff").
func checkFormat(cmd *cobra.Command, what string, format *string, output string, valid []string) error {
	given := cmd.Flags().Changed("format")
	if given && !slices.Contains(valid, *format) {
		msg := fmt.Sprintf("--format %s: unknown %s format (valid: %s)", *format, what, strings.Join(valid, ", "))
		if s := suggest(*format, valid); s != "" {
			msg += "; " + s
		}
		return usageError("%s", msg)
	}
	if output == "" || output == "-" {
		return nil
	}
	implied, ok := formatByExt[strings.ToLower(filepath.Ext(output))]
	if !ok || !slices.Contains(valid, implied) {
		return nil
	}
	switch {
	case !given:
		*format = implied
	case canonicalFormat(*format) != implied:
		return usageError("-o %s holds %s but --format is %s: drop --format, or name the file for %s",
			output, implied, *format, *format)
	}
	return nil
}

// skipIDs are the IDs --skip accepts: every rung's check and the site
// checks.
func skipIDs() []string {
	var ids []string
	for _, c := range checks.Ladder() {
		ids = append(ids, c.ID)
	}
	for _, c := range checks.SiteChecks() {
		ids = append(ids, c.ID)
	}
	return ids
}

// checkSkip refuses a --skip ID that names no check (a typo would
// otherwise run the check the user meant to leave out) and expands
// FAMILY.* into that family's checks.
func checkSkip(skip *[]string) error {
	ids := skipIDs()
	var out []string
	for _, s := range *skip {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case slices.Contains(ids, s):
			out = append(out, s)
			continue
		}
		if fam, ok := strings.CutSuffix(s, ".*"); ok {
			if members := family(ids, fam); len(members) > 0 {
				out = append(out, members...)
				continue
			}
		}
		msg := fmt.Sprintf("--skip %s: no such check ('vcdiag explain' lists them)", s)
		// A typo of one ID names it; a wrong name in a known family
		// lists the family, whose members are what the user can mean.
		fam, _, _ := strings.Cut(s, ".")
		if sg := suggest(s, ids); sg != "" {
			msg += "; " + sg
		} else if members := family(ids, fam); len(members) > 0 {
			msg += fmt.Sprintf("; did you mean one of %s, or %s.* for all of them?", strings.Join(members, ", "), fam)
		}
		return usageError("%s", msg)
	}
	*skip = out
	return nil
}

// family returns the IDs that start with fam and a dot.
func family(ids []string, fam string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, fam+".") {
			out = append(out, id)
		}
	}
	return out
}

// checkSimChoices checks what the simulator is asked to play before it
// starts: the platform, the scenario in that platform's dialect, and the
// device faults. list is the command that lists them.
func checkSimChoices(platform, scenario string, faults []string, list string) error {
	if err := checkSimPlatform(platform); err != nil {
		return err
	}
	if names := sim.ScenarioNames(platform); !slices.Contains(names, scenario) {
		if _, err := sim.ScenarioFor(scenario, platform); err != nil && anyPlatformHas(scenario) {
			// A scenario of another platform: say why it has no form here.
			return usageError("--scenario %s: %v; '%s' lists the %s scenarios", scenario, err, list, platform)
		}
		return choiceError("--scenario", scenario, names, list)
	}
	for _, f := range faults {
		if f == "" || f == "none" {
			continue
		}
		if !slices.Contains(sim.FaultNames(), f) {
			return choiceError("--fault", f, sim.FaultNames(), list)
		}
	}
	return nil
}

// checkSimPlatform refuses a platform the simulator has no dialect for.
func checkSimPlatform(platform string) error {
	if !slices.Contains(sim.Platforms, platform) {
		return choiceError("--platform", platform, sim.Platforms, "")
	}
	return nil
}

// anyPlatformHas says whether some simulated platform has the scenario.
func anyPlatformHas(scenario string) bool {
	for _, p := range sim.Platforms {
		if slices.Contains(sim.ScenarioNames(p), scenario) {
			return true
		}
	}
	return false
}

// choiceError refuses a value that is not one of valid, with the closest
// ones and where to see them all.
func choiceError(flag, got string, valid []string, list string) error {
	msg := fmt.Sprintf("%s %s: unknown", flag, got)
	if sg := suggest(got, valid); sg != "" {
		msg += "; " + sg
	}
	if list != "" && len(valid) > 8 {
		msg += fmt.Sprintf("; '%s' lists them all", list)
	} else {
		msg += " (valid: " + strings.Join(valid, ", ") + ")"
	}
	return usageError("%s", msg)
}

// suggest returns "did you mean X?" for the candidates closest to got by
// edit distance, or "" when none is close enough to be a typo of it.
func suggest(got string, candidates []string) string {
	best, bestD := []string(nil), -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(got), strings.ToLower(c))
		if d > max(2, len(c)/3) {
			continue
		}
		switch {
		case bestD < 0 || d < bestD:
			best, bestD = []string{c}, d
		case d == bestD:
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		return ""
	}
	return "did you mean " + strings.Join(best, " or ") + "?"
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
