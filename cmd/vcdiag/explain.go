package main

import (
	"fmt"
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
		Use:   "explain [CHECK-ID]",
		Short: "Explain a check: what it looks at, why, common causes and the fix",
		Example: `  vcdiag explain                   # list every check in ladder order
  vcdiag explain ipsec.counters-rising
  vcdiag explain routes.backup-24`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			plat, err := registry.Lookup(platformName)
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			if len(args) == 0 {
				return listChecks(s)
			}
			return explainCheck(s, args[0], plat.Dialect())
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
	return tw.Flush()
}

func explainCheck(s streams, id string, d evidence.Dialect) error {
	c, ok := checks.Lookup(id, d)
	if !ok {
		var near []string
		for _, c := range checks.All(d) {
			if strings.Contains(c.ID, id) || strings.HasPrefix(id, string(c.Stage)) {
				near = append(near, c.ID)
			}
		}
		msg := fmt.Sprintf("no check %q; 'vcdiag explain' lists them all", id)
		if len(near) > 0 {
			msg += "; did you mean: " + strings.Join(near, ", ")
		}
		return &exitError{code: exitUnknown, err: fmt.Errorf("%s", msg)}
	}
	fmt.Fprintf(s.out, "%s  (stage %s)\n%s\n\n", c.ID, c.Stage, c.Title)
	fmt.Fprintf(s.out, "%s\n\n", strings.TrimSpace(c.Doc))
	fmt.Fprintf(s.out, "What to do:\n  %s\n\n", c.Hint)
	_, err := fmt.Fprintf(s.out, "Verify with:\n  %s\n", c.Verify)
	return err
}
