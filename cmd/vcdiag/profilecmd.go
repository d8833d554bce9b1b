package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
)

func newProfileCommand(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "Write or check a site profile (the activation form's values)",
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "init",
		Short:   "Print a commented example profile to fill in from the activation form",
		Example: `  vcdiag profile init > acme-east.yaml`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprint(s.out, profile.Example())
			return err
		},
	}, &cobra.Command{
		Use:     "check SITE.yaml",
		Short:   "Validate a profile and print what vcdiag will expect",
		Example: `  vcdiag profile check acme-east.yaml`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			p, err := pipeline.LoadProfile(args[0])
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			_, err = fmt.Fprintf(s.out, "%s: ok\n%s\n", args[0], p.Summary())
			return err
		},
	})
	return cmd
}
