package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/textsafe"
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
		Use:   "check SITE.yaml | --inventory FLEET.yaml|DIR",
		Short: "Validate a profile, or every profile of an inventory, and print what vcdiag will expect",
		Long: `check loads a profile as every command does and prints what vcdiag will
expect of the site; with --inventory it checks the whole inventory (its
fields, the credentials' sources, every profile it names or holds inline,
site names used twice) and prints one line per site. Every problem is
reported at once, at its file and line.`,
		Example: `  vcdiag profile check acme-east.yaml
  vcdiag profile check --inventory fleet.yaml
  vcdiag profile check --inventory sites/        # a directory of profiles`,
		Args: func(c *cobra.Command, args []string) error {
			if inv, _ := c.Flags().GetString("inventory"); inv != "" {
				return cobra.NoArgs(c, args)
			}
			return cobra.ExactArgs(1)(c, args)
		},
		RunE: func(c *cobra.Command, args []string) error {
			if inv, _ := c.Flags().GetString("inventory"); inv != "" {
				return checkInventory(s, inv)
			}
			p, err := pipeline.LoadProfile(args[0])
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			_, err = fmt.Fprintf(s.out, "%s: ok\n%s\n", args[0], p.Summary())
			return err
		},
	})
	for _, c := range cmd.Commands() {
		if c.Name() == "check" {
			c.Flags().String("inventory", "", "check every site of an inventory `FILE` (or a DIR of profiles) instead")
		}
	}
	return cmd
}

// checkInventory validates an inventory and lists its sites: name,
// region, CPEs and where their credentials come from (names and paths,
// never a secret).
func checkInventory(s streams, path string) error {
	inv, err := loadInventory(path)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	cpes := 0
	for _, site := range inv.Sites {
		cpes += len(site.Profile.CPEs)
	}
	fmt.Fprintf(s.out, "%s: ok, %d sites, %d CPEs\n", path, len(inv.Sites), cpes)
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tREGION\tCPES\tCREDENTIALS\tPROFILE")
	for _, site := range inv.Sites {
		var names []string
		for _, c := range site.Profile.CPEs {
			names = append(names, c.Name)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", textsafe.String(site.Name()), textsafe.String(site.Profile.Region),
			textsafe.String(strings.Join(names, ",")), credentialsSource(site.Credentials), textsafe.String(site.Source))
	}
	return tw.Flush()
}

// credentialsSource says where a site's login comes from.
func credentialsSource(c profile.Credentials) string {
	var parts []string
	switch {
	case c.IdentityFile != "":
		parts = append(parts, "key "+c.IdentityFile)
	case c.PasswordEnv != "":
		parts = append(parts, "$"+c.PasswordEnv)
	default:
		parts = append(parts, "command line")
	}
	if c.SSHConfig != "" {
		parts = append(parts, "ssh_config "+c.SSHConfig)
	}
	if c.KnownHosts != "" {
		parts = append(parts, "known_hosts "+c.KnownHosts)
	}
	return textsafe.String(strings.Join(parts, ", "))
}
