package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
)

type demoOptions struct {
	// sites, mix, seed and outputDir make a fleet demo (demo --sites).
	sites     int
	mix       string
	seed      int64
	outputDir string
	scenario  string
	platform  string
	faults    []string
	list      bool
	live      liveOptions
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
report. No router needed. 'vcdiag demo --list' lists the scenarios.

With --sites N it starts N simulated sites instead (one or two CPEs each,
divided among scenarios by --scenario-mix) and runs what
'vcdiag run --inventory' does against them: the rollup, worst sites first, in
any rollup format (--format json prints the vcdiag.fleet/v1 envelope), each
site's reports too with --output-dir, and the worst site's exit code.`,
		Example: `  vcdiag demo                                  # the healthy site
  vcdiag demo --scenario routes-missing-backup # DC-B does not send the /24
  vcdiag demo --scenario ipsec-one-way --sample-interval 5s
  vcdiag demo --scenario healthy --fault disconnect-midway
  vcdiag demo --list
  vcdiag demo --platform linux --scenario ike-auth-failure  # a strongSwan + FRR CPE
  vcdiag demo --platform linux --list                       # the scenarios a Linux CPE has
  vcdiag demo --platform juniper_junos --scenario tunnel2-down    # an SRX
  vcdiag demo --platform fortinet_fortios                         # a FortiGate
  vcdiag demo --platform paloalto_panos --scenario bgp-md5-mismatch
  vcdiag demo --sites 50                                          # a fleet: the rollup, worst sites first
  vcdiag demo --sites 50 --scenario-mix healthy=90,ike-no-response=5,routes-missing-backup=5 --format json`,
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
			if c.Flags().Changed("sites") {
				if err := o.checkFleet(c); err != nil {
					return err
				}
				return runDemoFleet(c.Context(), s, o)
			}
			for _, n := range []string{"scenario-mix", "seed", "output-dir"} {
				if c.Flags().Changed(n) {
					return usageError("--%s needs --sites", n)
				}
			}
			return runDemo(c.Context(), s, o)
		},
	}
	cmd.Flags().StringVar(&o.scenario, "scenario", "healthy", "the scenario to simulate ('vcdiag demo --list')")
	cmd.Flags().StringVar(&o.platform, "platform", sim.PlatformIOSXE, "the simulated CPE's platform: "+simPlatforms)
	cmd.Flags().StringSliceVar(&o.faults, "fault", nil, "device fault to inject as well (repeatable)")
	cmd.Flags().BoolVar(&o.list, "list", false, "list the scenarios and device faults, then exit")
	cmd.Flags().IntVar(&o.sites, "sites", 0, "simulate a fleet of `N` sites and print its rollup (as run --inventory)")
	cmd.Flags().StringVar(&o.mix, "scenario-mix", "", "with --sites: how the sites divide among scenarios, NAME=WEIGHT,... (default: mostly healthy, a few of each common fault; 'vcdiag sim --help' shows it)")
	cmd.Flags().Int64Var(&o.seed, "seed", 1, "with --sites: which site gets which scenario (the same seed, the same fleet)")
	cmd.Flags().StringVar(&o.outputDir, "output-dir", "", "with --sites: also write each site's reports and the rollup's files into `DIR`")
	o.live.addFlags(cmd)
	return cmd
}

// checkFleet refuses one-site flags with --sites, and formats the rollup
// has not.
func (o *demoOptions) checkFleet(c *cobra.Command) error {
	if c.Flags().Changed("scenario") {
		return usageError("--scenario picks one site's scenario: with --sites use --scenario-mix")
	}
	if c.Flags().Changed("scenario-mix") && strings.TrimSpace(o.mix) == "" {
		return usageError("--scenario-mix is empty: give NAME=WEIGHT,... or leave it out for the default mix")
	}
	for _, n := range []string{"bundle", "baseline", "save-transcript", "probes", "pmtu"} {
		if c.Flags().Changed(n) {
			return usageError("--%s works on one site: leave out --sites", n)
		}
	}
	if !slices.Contains(fleetFormats, o.live.report.format) {
		// From --format, or from -o's extension (.md, .prom).
		return usageError("format %s: the rollup's formats are %s", o.live.report.format, strings.Join(fleetFormats, ", "))
	}
	return nil
}

// runDemoFleet is demo --sites: a simulated fleet in this process, and
// the fleet run against it.
func runDemoFleet(ctx context.Context, s streams, o demoOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dir, err := os.MkdirTemp("", "vcdiag-demo-fleet-")
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer os.RemoveAll(dir)
	f, inventory, err := startSimFleet(ctx, simFleetOptions{sites: o.sites, mix: o.mix, seed: o.seed, platform: o.platform, faults: o.faults}, dir)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return &exitError{code: exitUnknown, err: err}
	}
	defer f.Close()
	inv, err := loadInventory(inventory)
	if err != nil {
		return &exitError{code: exitUnknown, err: fmt.Errorf("simulated fleet inventory: %w", err)}
	}
	for i := range inv.Sites {
		// The simulator's inventory names the variables a NOC would set;
		// the demo knows the simulator's password itself.
		inv.Sites[i].Credentials.PasswordEnv, inv.Sites[i].Credentials.EnableSecretEnv = "", ""
	}
	mix := o.mix
	if mix == "" {
		mix = sim.DefaultMix
	}
	fmt.Fprintf(s.err, "vcdiag demo: %d simulated sites, %d CPEs over SSH on loopback (scenario mix %s)\n", len(inv.Sites), f.CPEs(), mix)
	base := collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword}
	out, err := collectFleet(ctx, s, inv.Sites, fleetDialer(base), o.live, 0, o.outputDir)
	if err != nil {
		return err
	}
	return writeFleet(s, out, o.outputDir, o.live.report)
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
