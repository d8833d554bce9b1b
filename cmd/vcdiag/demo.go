package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
)

type demoOptions struct {
	scenario string
	platform string
	faults   []string
	list     bool
	live     liveOptions
}

func newDemoCommand(s streams) *cobra.Command {
	o := demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [--scenario NAME]",
		Short: "Run the real live path against a simulated Virtual Connect site",
		Long: `demo starts a simulated site in this process (one or two CPEs - IOS-XE by default, or --platform -
speaking SSH on 127.0.0.1, rendering their outputs from a scenario's state)
and runs exactly what 'vcdiag run' does against it: SSH with host-key
checking, read-only commands, two samples of the counters, the ladder, the
report. No router needed. 'vcdiag demo --list' lists the scenarios.`,
		Example: `  vcdiag demo                                  # the healthy site
  vcdiag demo --scenario routes-missing-backup # DC-B does not send the /24
  vcdiag demo --scenario ipsec-one-way --sample-interval 5s
  vcdiag demo --scenario healthy --fault disconnect-midway
  vcdiag demo --list
  vcdiag demo --platform linux --scenario ike-auth-failure  # a strongSwan + FRR CPE
  vcdiag demo --platform linux --list                       # the scenarios a Linux CPE has
  vcdiag demo --platform juniper_junos --scenario tunnel2-down    # an SRX
  vcdiag demo --platform fortinet_fortios                         # a FortiGate
  vcdiag demo --platform paloalto_panos --scenario bgp-md5-mismatch`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if o.list {
				if err := checkSimPlatform(o.platform); err != nil {
					return err
				}
				return listSim(s, o.platform)
			}
			if err := checkSimChoices(o.platform, o.scenario, o.faults, "vcdiag demo --platform "+o.platform+" --list"); err != nil {
				return err
			}
			if err := o.live.check(c); err != nil {
				return err
			}
			return runDemo(c.Context(), s, o)
		},
	}
	cmd.Flags().StringVar(&o.scenario, "scenario", "healthy", "the scenario to simulate ('vcdiag demo --list')")
	cmd.Flags().StringVar(&o.platform, "platform", sim.PlatformIOSXE, "the simulated CPE's platform: "+simPlatforms)
	cmd.Flags().StringSliceVar(&o.faults, "fault", nil, "device fault to inject as well (repeatable)")
	cmd.Flags().BoolVar(&o.list, "list", false, "list the scenarios and device faults, then exit")
	o.live.addFlags(cmd)
	return cmd
}

func runDemo(ctx context.Context, s streams, o demoOptions) error {
	sc, err := sim.ScenarioFor(o.scenario, o.platform)
	if err != nil {
		return &exitError{code: exitUnknown, err: fmt.Errorf("%w; 'vcdiag demo --list' lists the scenarios", err)}
	}
	var faults sim.DeviceFaults
	for _, name := range o.faults {
		f, err := sim.FaultByName(name)
		if err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		faults = faults.Merge(f)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	site := sc.Build(time.Now().UTC().Truncate(time.Second))
	ss, err := sim.StartSite(ctx, site, sim.ServerOptions{Faults: faults})
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer ss.Close()
	dir, err := os.MkdirTemp("", "vcdiag-demo-")
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer os.RemoveAll(dir)
	profilePath := filepath.Join(dir, "site.yaml")
	knownHosts := filepath.Join(dir, "known_hosts")
	if err := writeSimFiles(sc, ss, profilePath, knownHosts); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	p, err := pipeline.LoadProfile(profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: fmt.Errorf("simulated site profile: %w", err)}
	}
	var addrs []string
	for _, srv := range ss.Servers {
		addrs = append(addrs, srv.CPE()+" at "+srv.Addr())
	}
	fmt.Fprintf(s.err, "vcdiag demo: simulated site %s, scenario %q (%s); CPE %s over SSH\n",
		p.Name, sc.Name, sc.Description, strings.Join(addrs, ", "))
	cfg := collectors.SSHConfig{
		Password:       sim.DefaultPassword,
		EnableSecret:   sim.DefaultPassword,
		KnownHostsFile: knownHosts,
	}
	names, _ := selectCPEs(p, "")
	o.live.after.profilePath = profilePath
	err = collectAndReport(ctx, s, p, names, collectors.SSHDialer(cfg), o.live, nil)
	if sc.Name == "healthy" && len(o.faults) == 0 {
		fmt.Fprintln(s.err, "next: see a failure diagnosed, e.g. vcdiag demo --scenario routes-missing-backup ('vcdiag demo --list' shows all)")
	}
	return err
}
