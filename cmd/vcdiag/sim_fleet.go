package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors/sim"
)

// defaultFleetDir is where `vcdiag sim --sites` writes its files.
const defaultFleetDir = "vcdiag-fleet"

// simFleetOptions say what fleet to simulate: `vcdiag sim --sites` fills
// them from its flags, `vcdiag demo --sites` from its own.
type simFleetOptions struct {
	sites int
	// mix is a --scenario-mix ("": sim.DefaultMix).
	mix  string
	seed int64
	// platform is every CPE's dialect ("": cisco_iosxe).
	platform string
	latency  sim.Latency
	// faults are device faults every CPE gets (sim.FaultNames).
	faults   []string
	pingWait bool
}

// fleetOptions checks o and turns it into the simulator's options; errors
// are usage errors naming the flag.
func (o simFleetOptions) fleetOptions() (sim.FleetOptions, error) {
	if o.sites < 1 || o.sites > sim.MaxFleetSites {
		return sim.FleetOptions{}, usageError("--sites %d: give 1 to %d", o.sites, sim.MaxFleetSites)
	}
	platform := o.platform
	if platform == "" {
		platform = sim.PlatformIOSXE
	}
	if err := checkSimPlatform(platform); err != nil {
		return sim.FleetOptions{}, err
	}
	mixText := o.mix
	if mixText == "" {
		mixText = sim.DefaultMix
	}
	mix, err := sim.ParseMix(mixText, platform)
	if err != nil {
		return sim.FleetOptions{}, usageError("--scenario-mix %v; 'vcdiag sim --platform %s --list' lists the scenarios", err, platform)
	}
	var faults sim.DeviceFaults
	for _, name := range o.faults {
		if name == "" || name == "none" {
			continue
		}
		f, err := sim.FaultByName(name)
		if err != nil {
			return sim.FleetOptions{}, choiceError("--fault", name, sim.FaultNames(), "vcdiag sim --list")
		}
		faults = faults.Merge(f)
	}
	return sim.FleetOptions{Sites: o.sites, Mix: mix, Seed: o.seed, Platform: platform,
		Server: sim.ServerOptions{Listen: sim.DefaultListen, Faults: faults, PingWait: o.pingWait, Latency: o.latency}}, nil
}

// startSimFleet starts the fleet o describes on free loopback ports and
// writes dir/sites/*.yaml, dir/known_hosts and, last, dir/inventory.yaml,
// whose path it returns: once that file exists every CPE listens. The
// fleet serves until ctx is done or it is closed; on error nothing is
// left running.
func startSimFleet(ctx context.Context, o simFleetOptions, dir string) (*sim.Fleet, string, error) {
	fo, err := o.fleetOptions()
	if err != nil {
		return nil, "", err
	}
	// An inventory left by an earlier run would say "ready" before this
	// fleet listens.
	if err := os.Remove(filepath.Join(dir, sim.FleetInventoryFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	// The scenarios start now, so timestamps and ages read like a live
	// router's.
	f, err := sim.StartFleet(ctx, time.Now().UTC().Truncate(time.Second), fo)
	if err != nil {
		return nil, "", err
	}
	inventory, err := f.WriteFiles(dir)
	if err != nil {
		return nil, "", errors.Join(err, f.Close())
	}
	return f, inventory, nil
}

// checkSimFleetFlags refuses flags that belong to one mode of `vcdiag
// sim` when given in the other: a single site (--scenario, --listen,
// --profile-out) or a fleet (--sites, --scenario-mix, --dir, --seed).
func checkSimFleetFlags(cmd *cobra.Command, o *simOptions) error {
	changed := cmd.Flags().Changed
	if !changed("sites") {
		for _, n := range []string{"scenario-mix", "dir", "seed"} {
			if changed(n) {
				return usageError("--%s needs --sites N (it shapes a simulated fleet)", n)
			}
		}
		return nil
	}
	if o.fleet.sites < 1 || o.fleet.sites > sim.MaxFleetSites {
		return usageError("--sites %d: give 1 to %d", o.fleet.sites, sim.MaxFleetSites)
	}
	if changed("scenario-mix") && strings.TrimSpace(o.fleet.mix) == "" {
		// "" means the default to startSimFleet's callers, not on the
		// command line.
		return usageError("--scenario-mix is empty: give NAME=WEIGHT,... (default %s)", sim.DefaultMix)
	}
	if changed("scenario") {
		return usageError("--scenario picks one site's scenario; with --sites use --scenario-mix (e.g. --scenario-mix %s=1)", o.scenario)
	}
	if changed("listen") {
		return usageError("--listen sets one site's ports; with --sites every CPE takes a free loopback port: drop --listen")
	}
	if changed("profile-out") {
		return usageError("--profile-out names one site's profile; with --sites the profiles go under --dir (default %s)", defaultFleetDir)
	}
	return nil
}

// runSimFleet is `vcdiag sim --sites N`: start, write the files, say what
// to run next, serve until Ctrl-C or SIGTERM.
func runSimFleet(ctx context.Context, s streams, o *simOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	fo := o.fleet
	fo.platform, fo.faults, fo.pingWait = o.platform, o.faults, o.pingWait
	t0 := time.Now()
	f, inventory, err := startSimFleet(ctx, fo, o.dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := printFleetBanner(s, f, o.dir, inventory, time.Since(t0)); err != nil {
		return err
	}
	<-ctx.Done()
	if err := f.Close(); err != nil {
		return err
	}
	n, busy := 0, 0
	for _, srv := range f.Servers() {
		if l := len(srv.Log()); l > 0 {
			n += l
			busy++
		}
	}
	fmt.Fprintf(s.out, "\nStopped. %d command(s) received by %d of %d CPEs.\n", n, busy, f.CPEs())
	return nil
}

func printFleetBanner(s streams, f *sim.Fleet, dir, inventory string, took time.Duration) error {
	w := s.out
	o := f.Options
	fmt.Fprintf(w, "Simulated fleet: %d sites, %d CPEs (platform %s, seed %d), started in %s\n",
		len(f.Sites), f.CPEs(), o.Platform, o.Seed, took.Round(time.Millisecond))
	if o.Server.Latency != (sim.Latency{}) {
		fmt.Fprintf(w, "Latency per command: %s\n", o.Server.Latency)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SCENARIO\tSITES\tCPES\tEXPECTED")
	for _, c := range f.Counts() {
		expected := ""
		if sc, err := sim.ScenarioFor(c.Scenario, o.Platform); err == nil {
			expected = sc.Status
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", c.Scenario, c.Sites, c.CPEs, expected)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFiles: %s (the sites), %s (one profile per site), %s\n", inventory,
		filepath.Join(dir, sim.FleetSitesDir)+string(filepath.Separator), filepath.Join(dir, sim.FleetKnownHostsFile))
	pw := sim.DefaultPassword
	fmt.Fprintf(w, "Next, in another terminal:\n")
	fmt.Fprintf(w, "  VCDIAG_PASSWORD=%s VCDIAG_ENABLE_SECRET=%s vcdiag run --inventory %s --output-dir %s\n",
		pw, pw, shellWord(inventory), shellWord(filepath.Join(dir, "out")))
	fmt.Fprintf(w, "\nServing; press Ctrl-C to stop.\n")
	return nil
}

// shellWord quotes a path for a POSIX shell when it needs it.
func shellWord(p string) string {
	if p != "" && strings.IndexFunc(p, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:,=@", r))
	}) < 0 {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// completeScenarioMix completes the entry being typed in
// "healthy=70,ike-no<TAB>": the scenarios of the --platform given, each
// followed by "=".
func completeScenarioMix(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	plat := flagValue(c, "platform")
	done := ""
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done = toComplete[:i+1]
	}
	var out []cobra.Completion
	for _, name := range sim.ScenarioNames(plat) {
		if v := done + name + "="; strings.HasPrefix(v, toComplete) {
			out = append(out, v)
		}
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}
