package main

import (
	"io"

	"github.com/spf13/cobra"
)

// streams are the standard streams a command reads and writes; tests pass
// buffers.
type streams struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

func newRootCommand(in io.Reader, out, errOut io.Writer) *cobra.Command {
	s := streams{in: in, out: out, err: errOut}
	root := &cobra.Command{
		Use:   "vcdiag",
		Short: "Diagnose Webex Calling Dedicated Instance Virtual Connect tunnels",
		Long: `vcdiag walks the Virtual Connect troubleshooting ladder for each tunnel
(IKEv2 SA -> IPsec SA -> GRE -> tunnel ping -> BGP -> routes -> MTU), names the
first failing rung with the device lines that prove it, and says what to do next.

Exit codes: 0 all pass, 1 warning, 2 failure, 3 unknown or could not run.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       vcdiagVersion(),
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	// The list of subcommands, in the order --help shows them.
	root.AddCommand(
		newRunCommand(s),
		newDemoCommand(s),
		newAnalyzeCommand(s),
		newPcapCommand(s),
		newProbeCommand(s),
		newDiffCommand(s),
		newParseCommand(s),
		newExplainCommand(s),
		newProfileCommand(s),
		newSimCommand(s),
		newWatchCommand(s),
		newVersionCommand(s),
		newManCommand(s), // hidden: writes the man pages ('make man')
	)
	// --version is long only, so that -v means --verbose in every
	// command; cobra adds its own version flag only when none exists.
	root.Flags().Bool("version", false, "print the vcdiag version and exit (as 'vcdiag version')")
	// -v/--verbose is accepted by every command. Those with more to say
	// define their own (same name and shorthand, their own help), which
	// takes precedence over this one.
	root.PersistentFlags().BoolP("verbose", "v", false, "say more: the evidence of passing checks in reports, debug logs in watch")
	guardFlags(root)
	registerCompletions(root) // values for every enumerable flag (completion.go)
	return root
}
