package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/registry"
)

func newExplainCommand(s streams) *cobra.Command {
	platformName := ""
	cmd := &cobra.Command{
		Use:   "explain [CHECK-ID | RUNG | PLATFORM]",
		Short: "Explain a check, a rung of the ladder or a platform: what is looked at, why, and the fix",
		Long: `explain describes what vcdiag judges, from the same text the reports use.

  CHECK-ID   one check: what it looks at, common causes, what to do, how to verify
  RUNG       every check of one rung, in ladder order: ` + strings.Join(explainStages(), ", ") + `
             (site: the checks of the whole site)
  PLATFORM   what vcdiag runs on a CPE of that platform: ` + strings.Join(registry.Names(), ", ") + `

Without an argument it lists every check in ladder order. Verify commands are
spelled for --platform (IOS-XE by default). An unknown name is answered with
the closest ones.`,
		Example: `  vcdiag explain                   # list every check in ladder order
  vcdiag explain ipsec.counters-rising
  vcdiag explain routes.backup-24
  vcdiag explain bgp               # the BGP rung's checks, with their docs
  vcdiag explain bgp --platform linux
  vcdiag explain juniper_junos     # what vcdiag runs and judges on an SRX`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			plat, err := registry.Lookup(platformName)
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			if len(args) == 0 {
				return listChecks(s)
			}
			return explain(s, args[0], plat.Dialect())
		},
	}
	cmd.Flags().StringVar(&platformName, "platform", registry.Default, "spell the verify commands for this platform: "+strings.Join(registry.Names(), ", "))
	return cmd
}

func listChecks(s streams) error {
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tSTAGE\tTITLE")
	for _, c := range checks.All(nil) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Stage, c.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(s.out, "\n'vcdiag explain RUNG' explains a rung's checks (%s); 'vcdiag explain PLATFORM' a platform (%s).\n",
		strings.Join(explainStages(), ", "), strings.Join(registry.Names(), ", "))
	return err
}

// explainStages are the rung names explain accepts: the ladder's stages
// bottom to top, then the site.
func explainStages() []string {
	var out []string
	for _, st := range checks.Stages() {
		out = append(out, string(st))
	}
	return append(out, string(checks.StageSite))
}

// explain answers for a check ID, a rung or a platform, in that order (no
// check ID is a rung's or a platform's name).
func explain(s streams, arg string, d evidence.Dialect) error {
	if c, ok := checks.Lookup(arg, d); ok {
		return explainCheck(s, c)
	}
	lower := strings.ToLower(arg)
	for _, st := range explainStages() {
		if lower == st {
			return explainStage(s, checks.Stage(st), d)
		}
	}
	for _, name := range registry.Names() {
		if lower == name {
			return explainPlatform(s, name)
		}
	}
	msg := fmt.Sprintf("no check, rung or platform %q; 'vcdiag explain' lists them all", arg)
	if near := explainSuggestions(lower); len(near) > 0 {
		msg += "; did you mean: " + strings.Join(near, ", ")
	}
	return &exitError{code: exitUnknown, err: fmt.Errorf("%s", msg)}
}

func explainCheck(s streams, c checks.CheckInfo) error {
	fmt.Fprintf(s.out, "%s  (stage %s)\n%s\n\n", c.ID, c.Stage, c.Title)
	fmt.Fprintf(s.out, "%s\n\n", strings.TrimSpace(c.Doc))
	fmt.Fprintf(s.out, "What to do:\n  %s\n\n", c.Hint)
	_, err := fmt.Fprintf(s.out, "Verify with:\n  %s\n", c.Verify)
	return err
}

// explainStage explains every check of one rung, in ladder order, each as
// `explain CHECK-ID` would.
func explainStage(s streams, st checks.Stage, d evidence.Dialect) error {
	var of []checks.CheckInfo
	for _, c := range checks.All(d) {
		if c.Stage == st {
			of = append(of, c)
		}
	}
	fmt.Fprintf(s.out, "Rung %s: %d checks, in the order they run", st, len(of))
	if st != checks.StageSite {
		fmt.Fprint(s.out, " (a failure blocks the rungs above it)")
	}
	fmt.Fprint(s.out, "\n\n")
	for i, c := range of {
		if i > 0 {
			fmt.Fprintln(s.out)
		}
		if err := explainCheck(s, c); err != nil {
			return err
		}
	}
	return nil
}

// explainPlatform says what vcdiag runs on a CPE of the platform (its own
// plan, as `vcdiag run` would send it) and how it is judged.
func explainPlatform(s streams, name string) error {
	plat, plan, err := platformPlan(name)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	fmt.Fprintf(s.out, "Platform %s\n\n", name)
	sess := plat.Session()
	fmt.Fprintln(s.out, "vcdiag logs in over SSH.")
	if sess.Enable != "" {
		fmt.Fprintf(s.out, "An unprivileged login runs %q first.\n", sess.Enable)
	}
	if len(sess.Setup) > 0 {
		fmt.Fprintf(s.out, "It sets the session up with %s.\n", strings.Join(quoteAll(sess.Setup), ", "))
	}
	fmt.Fprint(s.out, "Then it runs only these read-only commands (for one tunnel of 'vcdiag profile init';\na site runs them per tunnel):\n\n")
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  COMMAND\tFOR\tSAMPLES")
	for _, pl := range plan {
		c, _ := plat.Identify(pl.Command)
		fams := make([]string, 0, len(c.Families))
		for _, f := range c.Families {
			fams = append(fams, string(f))
		}
		if len(fams) == 0 {
			fams = append(fams, string(pl.Family))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\n", pl.Command, strings.Join(fams, ", "), max(pl.Samples, 1))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "\nCommands with 2 samples are run twice, --sample-interval apart (counters must move).\n"+
		"What the outputs say becomes platform-neutral facts, judged by the same ladder as on\n"+
		"every platform ('vcdiag explain' lists its checks); hints and verify commands are\n"+
		"spelled in the platform's words:\n\n"+
		"  vcdiag explain bgp --platform %s\n"+
		"  vcdiag parse --list --platform %s    # every form it reads\n"+
		"  vcdiag demo --platform %s            # a diagnosis without a router\n\n", name, name, name)
	doc := "README.md"
	if page := platformDocPage(name); page != "" {
		doc = page
	}
	_, err = fmt.Fprintf(s.out, "Rights the SSH user needs, what is judged and what cannot be: %s\n", doc)
	return err
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, x := range ss {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// platformDocPage is the platform's page under docs/platforms/ (named as
// the platform package: juniper_junos -> junos.md), "" when it has none
// (IOS-XE, described by the README).
func platformDocPage(name string) string {
	if name == registry.Default {
		return ""
	}
	return filepath.ToSlash(filepath.Join("docs", "platforms", name[strings.LastIndex(name, "_")+1:]+".md"))
}

// explainSuggestions are the names closest to an unknown argument: those
// that contain it, else those within a few edits (a typo), nearest first,
// else the rung its prefix names.
func explainSuggestions(arg string) []string {
	var names []string
	for _, c := range checks.All(nil) {
		names = append(names, c.ID)
	}
	names = append(names, explainStages()...)
	names = append(names, registry.Names()...)
	var near []string
	for _, n := range names {
		if strings.Contains(n, arg) {
			near = append(near, n)
		}
	}
	if len(near) > 0 {
		return near
	}
	type scored struct {
		name string
		d    int
	}
	var best []scored
	for _, n := range names {
		d := editDistance(arg, n) // flagcheck.go's, as --skip's did-you-mean uses
		// The ID's last part alone counts too: "backup24" is near
		// "routes.backup-24".
		if i := strings.LastIndex(n, "."); i >= 0 {
			d = min(d, editDistance(arg, n[i+1:]))
		}
		if d <= max(2, len(arg)/3) {
			best = append(best, scored{n, d})
		}
	}
	sort.SliceStable(best, func(i, j int) bool { return best[i].d < best[j].d })
	for i, b := range best {
		if i == 3 {
			break
		}
		near = append(near, b.name)
	}
	if len(near) == 0 {
		// "bgp.nonsense": at least the rung it names.
		for _, st := range explainStages() {
			if strings.HasPrefix(arg, st+".") {
				near = append(near, st)
			}
		}
	}
	return near
}
