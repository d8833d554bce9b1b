package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/probe"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/pipeline"
)

// probeOptions are the local-probe flags `run`, `demo` and `probe` share.
type probeOptions struct {
	enabled  bool
	count    int
	interval time.Duration
	pmtu     bool
}

func (o *probeOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.enabled, "probes", true, "ping the profile's probes: addresses from this machine during the run (site.voice); false skips them")
	cmd.Flags().IntVar(&o.count, "probe-count", probe.DefaultCount, "echo requests per probe target")
	cmd.Flags().DurationVar(&o.interval, "probe-interval", probe.DefaultInterval, "time between echo requests to one target")
	cmd.Flags().BoolVar(&o.pmtu, "pmtu", false, "also sweep the largest DF packet to each voice probe target (local path MTU)")
}

// check refuses probe settings that would send nothing or flood.
func (o probeOptions) check() error {
	if o.count < 1 {
		return usageError("--probe-count %d: must be at least 1", o.count)
	}
	return nil
}

func (o probeOptions) options() *pipeline.ProbeOptions {
	return &pipeline.ProbeOptions{Count: o.count, Interval: o.interval, PMTU: o.pmtu}
}

type probeCmdOptions struct {
	profilePath string
	timeout     time.Duration
	probe       probeOptions
}

func newProbeCommand(s streams) *cobra.Command {
	o := probeCmdOptions{}
	cmd := &cobra.Command{
		Use:   "probe --profile SITE.yaml [--pmtu]",
		Short: "Ping the profile's probe targets from this machine and judge the path for voice",
		Long: `probe sends ICMP echo requests from this machine to the profile's probes:
addresses (DI peers outside the tunnels, and addresses inside the DI /24
through them), measures loss, round-trip times and jitter, estimates the MOS
(ITU-T G.107 E-model) and prints the site.voice verdict. With --pmtu it also
finds the largest DF packet that reaches each voice target.

It needs ICMP: ping sockets (net.ipv4.ping_group_range) or raw sockets (root
or CAP_NET_RAW); without either the targets are unknown and the fix is printed.`,
		Example: `  vcdiag probe --profile acme.yaml
  vcdiag probe --profile acme.yaml --probe-count 100 --probe-interval 20ms --pmtu`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := positiveDurations(c, "timeout", "probe-interval"); err != nil {
				return err
			}
			if err := o.probe.check(); err != nil {
				return err
			}
			return runProbeCmd(c.Context(), s, o)
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML) with a probes: list (required)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 2*time.Minute, "deadline for all probes together")
	o.probe.addFlags(cmd)
	_ = cmd.MarkFlagRequired("profile")
	return cmd
}

func runProbeCmd(ctx context.Context, s streams, o probeCmdOptions) error {
	p, err := pipeline.LoadProfile(o.profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if len(p.Probes) == 0 {
		return &exitError{code: exitUnknown, err: fmt.Errorf("%s has no probes: list (see docs/probes.md)", o.profilePath)}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	pr := pipeline.RunProbes(ctx, p, *o.probe.options())
	var r checks.Result
	for _, sc := range checks.SiteChecks() {
		if sc.ID == "site.voice" {
			r = sc.Run(p, &evidence.Site{Probes: pr}, nil)
		}
	}
	for i := range pr.Results {
		fmt.Fprintln(s.out, checks.ProbeLine(&pr.Results[i]))
	}
	for _, n := range pipeline.ProbeNotes(pr) {
		fmt.Fprintln(s.out, n)
	}
	fmt.Fprintf(s.out, "site.voice: %s: %s\n", r.Status, r.Summary)
	if r.Status != checks.Pass && r.Hint != "" {
		fmt.Fprintln(s.out, "hint: "+strings.TrimSpace(r.Hint))
	}
	rep := checks.Report{Status: r.Status}
	if code := rep.ExitCode(); code != 0 {
		return &exitError{code: code}
	}
	return nil
}
