package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

type watchOptions struct {
	profilePath    string
	cpe            string
	ssh            collectors.SSHConfig
	interval       time.Duration
	timeout        time.Duration
	sampleInterval time.Duration
	listen         string
	textfile       string
	skip           []string
	mtuSweep       bool
	demo           bool
	scenario       string
	faults         []string
}

func newWatchCommand(s streams) *cobra.Command {
	o := watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch --profile SITE.yaml [--interval 5m] [--listen :9469] [--textfile DIR]",
		Short: "Walk the ladder on a schedule and export Prometheus metrics",
		Long: `watch runs what 'vcdiag run' does every --interval (the first run at once)
and keeps the latest diagnosis: Prometheus metrics on /metrics, the report on
/report (HTML when available, else text) and /report.json, and /healthz
(200 once a cycle has completed, with its age). With --textfile DIR it also
writes DIR/vcdiag.prom for node_exporter's textfile collector; --textfile
without --listen does not serve HTTP at all.

A cycle that cannot reach a CPE is retried sooner, backing off exponentially
up to --interval. SIGINT or SIGTERM stops it cleanly. docs/watch.md lists the
metrics and alert rules.`,
		Example: `  VCDIAG_PASSWORD=... vcdiag watch --profile acme.yaml --interval 5m --listen :9469
  vcdiag watch --profile acme.yaml --textfile /var/lib/node_exporter/textfile_collector
  vcdiag watch --demo --scenario routes-missing-backup --interval 30s   # try it on the simulated site`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if !c.Flags().Changed("listen") && o.textfile != "" {
				o.listen = ""
			}
			return runWatch(c.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML) (required unless --demo)")
	f.StringVar(&o.cpe, "cpe", "", "collect only this CPE of the profile")
	f.StringVarP(&o.ssh.IdentityFile, "identity-file", "i", "", "SSH private key instead of a password (VCDIAG_PASSWORD)")
	f.StringVar(&o.ssh.KnownHostsFile, "known-hosts", "", "known_hosts file to check host keys against (default ~/.ssh/known_hosts)")
	f.StringVar(&o.ssh.SSHConfigFile, "ssh-config", "", "use OpenSSH with this ssh_config (ProxyJump, bastions)")
	f.DurationVar(&o.ssh.ConnectTimeout, "connect-timeout", 15*time.Second, "deadline for connecting and logging in to one CPE")
	f.DurationVar(&o.ssh.CommandTimeout, "command-timeout", 30*time.Second, "deadline for one command")
	f.DurationVar(&o.interval, "interval", 5*time.Minute, "time between the starts of two cycles")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "deadline of one cycle (at most --interval)")
	f.DurationVar(&o.sampleInterval, "sample-interval", 10*time.Second, "time between the two samples of counter commands within a cycle, at least 10s (shorter is raised)")
	f.StringVar(&o.listen, "listen", ":9469", "serve /metrics, /report, /report.json and /healthz on this address")
	f.StringVar(&o.textfile, "textfile", "", "after every cycle write DIR/vcdiag.prom (atomically) for node_exporter")
	f.StringSliceVar(&o.skip, "skip", nil, "check IDs not to run")
	f.BoolVar(&o.mtuSweep, "mtu-sweep", true, "measure each tunnel's path MTU with DF pings every cycle, as run does; false reports mtu.path as skipped")
	f.BoolVar(&o.demo, "demo", false, "watch an in-process simulated site instead of a profile (see 'vcdiag demo')")
	f.StringVar(&o.scenario, "scenario", "healthy", "with --demo: the scenario to simulate")
	f.StringSliceVar(&o.faults, "fault", nil, "with --demo: device fault to inject (repeatable)")
	return cmd
}

func runWatch(ctx context.Context, s streams, o watchOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.interval <= 0 {
		return &exitError{code: exitUnknown, err: fmt.Errorf("--interval must be positive")}
	}
	if o.listen == "" && o.textfile == "" {
		return &exitError{code: exitUnknown, err: fmt.Errorf("nothing to export to: give --listen or --textfile")}
	}
	log := slog.New(slog.NewTextHandler(s.err, nil))
	var (
		lc  liveCycle
		err error
	)
	if o.demo {
		var closeSite func()
		lc, closeSite, err = demoCycle(ctx, s, o)
		if closeSite != nil {
			defer closeSite()
		}
	} else {
		lc, err = profileCycle(s, o)
	}
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	w := &watcher{
		cycle:    lc.run,
		exp:      metrics.NewExporter(metrics.Options{Site: lc.profile.Name, Runtime: true}),
		interval: o.interval,
		timeout:  min(o.timeout, o.interval),
		log:      log,
	}
	if o.textfile != "" {
		w.textfile = filepath.Join(o.textfile, "vcdiag.prom")
	}
	if err := w.serveAndRun(ctx, o.listen); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	return nil
}

// profileCycle prepares the live cycle of a profile over SSH.
func profileCycle(s streams, o watchOptions) (liveCycle, error) {
	if o.profilePath == "" {
		return liveCycle{}, fmt.Errorf("--profile is required (or --demo)")
	}
	p, err := pipeline.LoadProfile(o.profilePath)
	if err != nil {
		return liveCycle{}, err
	}
	names, err := selectCPEs(p, o.cpe)
	if err != nil {
		return liveCycle{}, err
	}
	if o.ssh.IdentityFile == "" && o.ssh.Password == "" {
		if o.ssh.Password, err = collectors.PasswordFromEnvOrPrompt(os.Stdin, s.err); err != nil {
			return liveCycle{}, err
		}
	}
	if o.ssh.EnableSecret == "" {
		o.ssh.EnableSecret = collectors.EnableSecretFromEnv(o.ssh.Password)
	}
	return liveCycle{profile: p, cpes: names, dial: collectors.SSHDialer(o.ssh),
		sampleInterval: o.sampleInterval, skip: o.skip, mtuSweep: o.mtuSweep}, nil
}

// demoCycle starts the simulated site (kept up until the returned close)
// and prepares the live cycle against it, as 'vcdiag demo' does.
func demoCycle(ctx context.Context, s streams, o watchOptions) (liveCycle, func(), error) {
	sc, ok := sim.ScenarioByName(o.scenario)
	if !ok {
		return liveCycle{}, nil, fmt.Errorf("no scenario %q; 'vcdiag demo --list' lists them", o.scenario)
	}
	var faults sim.DeviceFaults
	for _, name := range o.faults {
		f, err := sim.FaultByName(name)
		if err != nil {
			return liveCycle{}, nil, err
		}
		faults = faults.Merge(f)
	}
	ss, err := sim.StartSite(ctx, sc.Build(time.Now().UTC().Truncate(time.Second)), sim.ServerOptions{Faults: faults})
	if err != nil {
		return liveCycle{}, nil, err
	}
	dir, err := os.MkdirTemp("", "vcdiag-watch-demo-")
	if err != nil {
		ss.Close()
		return liveCycle{}, nil, err
	}
	closeSite := func() { ss.Close(); os.RemoveAll(dir) }
	profilePath, knownHosts := filepath.Join(dir, "site.yaml"), filepath.Join(dir, "known_hosts")
	if err := writeSimFiles(sc, ss, profilePath, knownHosts); err != nil {
		return liveCycle{}, closeSite, err
	}
	p, err := pipeline.LoadProfile(profilePath)
	if err != nil {
		return liveCycle{}, closeSite, fmt.Errorf("simulated site profile: %w", err)
	}
	fmt.Fprintf(s.err, "vcdiag watch: simulated site %s, scenario %q\n", p.Name, sc.Name)
	names, _ := selectCPEs(p, "")
	cfg := collectors.SSHConfig{Password: sim.DefaultPassword, EnableSecret: sim.DefaultPassword,
		KnownHostsFile: knownHosts, ConnectTimeout: o.ssh.ConnectTimeout, CommandTimeout: o.ssh.CommandTimeout}
	return liveCycle{profile: p, cpes: names, dial: collectors.SSHDialer(cfg),
		sampleInterval: o.sampleInterval, skip: o.skip, mtuSweep: o.mtuSweep}, closeSite, nil
}

// liveCycle is one collection and diagnosis of a profile: what `run` does,
// minus the rendering.
type liveCycle struct {
	profile        *profile.Profile
	cpes           []string
	dial           collectors.Dialer
	sampleInterval time.Duration
	skip           []string
	mtuSweep       bool
	// clock and sleep replace the real ones in tests (collectors.LiveOptions).
	clock func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func (l liveCycle) run(ctx context.Context) metrics.Cycle {
	started := time.Now()
	po := pipelineOptions(l.profile, l.skip, time.Now)
	po.CPEs = l.cpes
	po.Live = &pipeline.Live{Dial: l.dial, SampleInterval: l.sampleInterval, MTUSweep: l.mtuSweep, Clock: l.clock, Sleep: l.sleep}
	c := metrics.Cycle{Started: started}
	out, err := pipeline.Run(ctx, po)
	if err != nil {
		c.Err, c.Duration = err, time.Since(started)
		return c
	}
	c.Evidence, c.Report = out.Evidence, out.Report
	c.Duration = time.Since(started)
	return c
}
