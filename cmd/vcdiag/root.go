package main

import (
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build info is used.
var version = ""

func vcdiagVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

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
	)
	return root
}
