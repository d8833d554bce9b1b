package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/collectors/sim"
)

// simOptions are the flags of `vcdiag sim`.
type simOptions struct {
	scenario   string
	platform   string
	listen     string
	faults     []string
	profileOut string
	list       bool
	pingWait   bool
	// latency is --latency as typed (parsed into fleet.latency, which
	// a single site uses too).
	latency string
	// fleet and dir are --sites and its flags (sim_fleet.go).
	fleet simFleetOptions
	dir   string
}

func newSimCommand(s streams) *cobra.Command {
	o := &simOptions{}
	cmd := &cobra.Command{
		Use:   "sim --scenario NAME | --sites N",
		Short: "Serve a simulated Virtual Connect site (or a fleet of them) over SSH, to try vcdiag without a router",
		Long: `sim starts one SSH server per CPE of a simulated site, each behaving like an
IOS-XE CLI (login, enable, terminal length, --More--, "% Invalid input"), with
outputs rendered from the scenario's state; counters and SA ages advance in
real time. It prints each CPE's address, credentials and host key fingerprint,
writes a matching site profile and a known_hosts file, and serves until Ctrl-C,
then prints every command it received.

With --sites N it starts N sites in one process instead, one or two CPEs each,
every CPE on a free loopback port. --scenario-mix says how the sites divide
among scenarios, as NAME=WEIGHT,... (relative weights); the default is

  ` + sim.DefaultMix + `

--seed says how they are shuffled. It writes DIR/sites/<site>.yaml, DIR/known_hosts
and, once every CPE listens, DIR/inventory.yaml (--dir, default ./` + defaultFleetDir + `),
then prints the 'vcdiag run --inventory' command to run. Sites are named
site-007-<scenario>, so a report shows what each was given.

--latency delays every command's answer as a real router's CLI does: a fixed
time (100ms) or a random one in a range (50ms-200ms), per command.

The credentials are a fixed demo login (user vcdiag, password vcdiag-sim, the
same enable secret); the servers listen on loopback unless --listen says
otherwise. See docs/simulator.md.`,
		Example: `  vcdiag sim --list                                  # scenarios and device faults
  vcdiag sim --scenario healthy --listen 127.0.0.1:2222
  vcdiag sim --scenario bgp-md5-mismatch --fault slow-device
  vcdiag sim --scenario healthy-two-cpe --listen 127.0.0.1:2222   # edge-a :2222, edge-b :2223
  vcdiag sim --platform linux --scenario bgp-wrong-remote-as      # a strongSwan + FRR CPE (bash prompt)
  vcdiag sim --sites 50                                # 50 sites, the default scenario mix, in ./vcdiag-fleet
  vcdiag sim --sites 500 --scenario-mix healthy=90,ike-no-response=5,bgp-md5-mismatch=5 --latency 50ms-200ms --dir /tmp/fleet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.list {
				if err := checkSimPlatform(o.platform); err != nil {
					return err
				}
				return listSim(s, o.platform)
			}
			if err := checkSimFleetFlags(cmd, o); err != nil {
				return err
			}
			if err := checkSimChoices(o.platform, o.scenario, o.faults, "vcdiag sim --platform "+o.platform+" --list"); err != nil {
				return err
			}
			l, err := sim.ParseLatency(o.latency)
			if err != nil {
				return usageError("--%v", err)
			}
			o.fleet.latency = l
			if cmd.Flags().Changed("sites") {
				if _, err := o.fleet.fleetOptions(); err != nil {
					return err
				}
				return runSimFleet(cmd.Context(), s, o)
			}
			return runSim(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.scenario, "scenario", "healthy", "scenario to simulate (--list shows them)")
	f.StringVar(&o.platform, "platform", sim.PlatformIOSXE, "the simulated CPEs' platform: "+simPlatforms)
	f.StringVar(&o.listen, "listen", sim.DefaultListen, "address of the first CPE's SSH server; further CPEs take the next ports (port 0: free ports)")
	f.StringSliceVar(&o.faults, "fault", nil, "device fault to inject (repeatable; --list shows them)")
	f.StringVar(&o.profileOut, "profile-out", "", "where to write the site profile (default ./vcdiag-sim-<scenario>.yaml)")
	f.BoolVar(&o.list, "list", false, "list the scenarios and device faults, then exit")
	f.BoolVar(&o.pingWait, "ping-wait", false, "make failing pings take as long as on a router (2 s per lost echo)")
	f.StringVar(&o.latency, "latency", "", "delay every command's answer: a fixed time (100ms) or a random one in a range (50ms-200ms)")
	f.IntVar(&o.fleet.sites, "sites", 0, fmt.Sprintf("simulate a fleet of N sites (1 to %d) instead of one, and write an inventory", sim.MaxFleetSites))
	// The default mix is in Long: as a flag default it is one word too
	// long for a man page line.
	f.StringVar(&o.fleet.mix, "scenario-mix", "", "with --sites: how the sites divide among scenarios, NAME=WEIGHT,... (default: the mix above)")
	f.StringVar(&o.dir, "dir", defaultFleetDir, "with --sites: where to write inventory.yaml, sites/ and known_hosts")
	f.Int64Var(&o.fleet.seed, "seed", 1, "with --sites: shuffles which site gets which scenario (same seed, same fleet)")
	_ = cmd.RegisterFlagCompletionFunc("scenario-mix", completeScenarioMix)
	return cmd
}

// simPlatforms names the simulator's dialects for --platform's help.
const simPlatforms = "cisco_iosxe, linux (strongSwan + FRR + iproute2), juniper_junos (SRX), fortinet_fortios (FortiGate) or paloalto_panos"

// listSim lists the scenarios the platform's dialect has (a Linux CPE
// has no form of some IOS faults, and faults of its own), then the device
// faults.
func listSim(s streams, platform string) error {
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tEXPECTED\tDESCRIPTION")
	for _, name := range sim.ScenarioNames(platform) {
		if sc, err := sim.ScenarioFor(name, platform); err == nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.Name, sc.Status, sc.Description)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(s.out)
	tw = tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE FAULT\tDESCRIPTION")
	for _, name := range sim.FaultNames() {
		fmt.Fprintf(tw, "%s\t%s\n", name, sim.FaultDescription(name))
	}
	return tw.Flush()
}

func runSim(ctx context.Context, s streams, o *simOptions) error {
	sc, err := sim.ScenarioFor(o.scenario, o.platform)
	if err != nil {
		return fmt.Errorf("%w; 'vcdiag sim --list' lists the scenarios", err)
	}
	var faults sim.DeviceFaults
	for _, name := range o.faults {
		f, err := sim.FaultByName(name)
		if err != nil {
			return err
		}
		faults = faults.Merge(f)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The scenario starts now, so timestamps and ages read like a live
	// router's.
	site := sc.Build(time.Now().UTC().Truncate(time.Second))
	ss, err := sim.StartSite(ctx, site, sim.ServerOptions{Listen: o.listen, Faults: faults, PingWait: o.pingWait, Latency: o.fleet.latency})
	if err != nil {
		return err
	}
	defer ss.Close()
	profilePath := o.profileOut
	if profilePath == "" {
		profilePath = "vcdiag-sim-" + sc.Name + ".yaml"
	}
	knownHostsPath := strings.TrimSuffix(profilePath, ".yaml") + ".known_hosts"
	if err := writeSimFiles(sc, ss, profilePath, knownHostsPath); err != nil {
		return err
	}
	printSimBanner(s, sc, o.faults, ss, profilePath, knownHostsPath)
	<-ctx.Done()
	if err := ss.Close(); err != nil {
		return err
	}
	fmt.Fprintln(s.out, "\nStopped. Commands received:")
	for _, srv := range ss.Servers {
		if err := sim.WriteLogSummary(s.out, srv.CPE(), srv.Log()); err != nil {
			return err
		}
	}
	return nil
}

// writeSimFiles writes the profile and a known_hosts file holding every
// CPE's host key, so a run can check host keys as it would on site.
func writeSimFiles(sc sim.Scenario, ss *sim.SiteServers, profilePath, knownHostsPath string) error {
	var p strings.Builder
	if err := sim.WriteProfile(&p, sc, ss, sim.DefaultUser); err != nil {
		return err
	}
	if err := os.WriteFile(profilePath, []byte(p.String()), 0o644); err != nil {
		return fmt.Errorf("write profile: %w", err)
	}
	var kh strings.Builder
	for _, srv := range ss.Servers {
		kh.WriteString(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr())}, srv.HostKey()) + "\n")
	}
	if err := os.WriteFile(knownHostsPath, []byte(kh.String()), 0o644); err != nil {
		return fmt.Errorf("write known_hosts: %w", err)
	}
	return nil
}

func printSimBanner(s streams, sc sim.Scenario, faults []string, ss *sim.SiteServers, profilePath, knownHostsPath string) {
	w := s.out
	fmt.Fprintf(w, "Simulated site %s, scenario %s: %s\n", ss.Site.Name, sc.Name, sc.Description)
	if len(faults) > 0 {
		fmt.Fprintf(w, "Device faults: %s\n", strings.Join(faults, ", "))
	}
	if l := ss.Servers[0].Latency(); l != (sim.Latency{}) {
		fmt.Fprintf(w, "Latency per command: %s\n", l)
	}
	for _, srv := range ss.Servers {
		host, port, _ := net.SplitHostPort(srv.Addr())
		fmt.Fprintf(w, "\n%s\n", srv.CPE())
		fmt.Fprintf(w, "  address:   %s\n", srv.Addr())
		fmt.Fprintf(w, "  user:      %s\n", srv.User())
		fmt.Fprintf(w, "  password:  %s (enable secret: the same)\n", srv.Password())
		fmt.Fprintf(w, "  host key:  %s %s\n", srv.HostKey().Type(), srv.HostKeyFingerprint())
		fmt.Fprintf(w, "  try:       ssh -p %s %s@%s\n", port, srv.User(), host)
	}
	pw := ss.Servers[0].Password()
	fmt.Fprintf(w, "\nProfile: %s   Host keys: %s\n", profilePath, knownHostsPath)
	fmt.Fprintf(w, "Next, in another terminal:\n")
	env := fmt.Sprintf("VCDIAG_PASSWORD=%s VCDIAG_ENABLE_SECRET=%s", pw, pw)
	fmt.Fprintf(w, "  %s vcdiag run --profile %s --known-hosts %s\n", env, profilePath, knownHostsPath)
	fmt.Fprintf(w, "or without checking host keys:\n")
	fmt.Fprintf(w, "  %s vcdiag run --profile %s --insecure-skip-host-key\n", env, profilePath)
	fmt.Fprintf(w, "\nServing; press Ctrl-C to stop.\n")
}
