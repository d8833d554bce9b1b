package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/exporter-toolkit/web"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/fleet"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/metrics"
)

type watchOptions struct {
	inventory      string // --inventory: every site of a fleet (watch_fleet.go)
	shard          string // --shard i/n: this replica's share of the inventory
	profilePath    string
	cpe            string
	ssh            collectors.SSHConfig
	interval       time.Duration
	timeout        time.Duration
	sampleInterval time.Duration
	web            webOptions
	listenAlias    string // --listen, the deprecated name of --web.listen-address
	textfile       string
	skip           []string
	mtuSweep       bool
	demo           bool
	scenario       string
	faults         []string
	verbose        bool // the global -v: debug logs
}

// webOptions are the Prometheus exporter flags: where and how watch serves
// HTTP.
type webOptions struct {
	listen     []string // --web.listen-address; none: no HTTP
	configFile string   // --web.config.file: TLS and basic auth (exporter-toolkit)
	maxConns   int      // --web.max-connections
}

const (
	// defaultListen is loopback: /report shows the customer's addressing
	// and topology, so serving it to a network is a choice made with a
	// --web.config.file (docs/watch.md).
	defaultListen = "127.0.0.1:9469"
	// defaultMaxConnections is far more than the scrapers and browsers of
	// one watch need, and far below any descriptor limit.
	defaultMaxConnections = 64
)

func newWatchCommand(s streams) *cobra.Command {
	o := watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch --profile SITE.yaml [--interval 5m] [--web.listen-address 127.0.0.1:9469] [--web.config.file web.yml] [--textfile DIR]",
		Short: "Walk the ladder on a schedule and export Prometheus metrics",
		Long: `watch runs what 'vcdiag run' does every --interval (the first run at once)
and keeps the latest diagnosis: Prometheus metrics on /metrics, the report on
/report (HTML when available, else text) and /report.json, and /healthz
(200 once a cycle has completed, with its age). With --textfile DIR it also
writes DIR/vcdiag.prom for node_exporter's textfile collector; --textfile
without --web.listen-address does not serve HTTP at all.

It serves on 127.0.0.1:9469 unless told otherwise. The report quotes the
site's configuration (secrets redacted, addressing and topology kept): to
serve it to a network, secure it as any Prometheus exporter with
--web.config.file (TLS, basic auth; the exporter-toolkit format).

A cycle that cannot reach a CPE is retried sooner, backing off exponentially
up to --interval. SIGINT or SIGTERM stops it cleanly. docs/watch.md lists the
metrics and alert rules.

With --inventory it watches every site of a fleet in one process: each site
on its own schedule, the first cycles spread evenly over --interval so the
sessions and the routers' load are too; /metrics carries every site's series
(site, region, cpe, tunnel labels), /report the sites worst first. --shard i/n
keeps this replica's share, so n replicas cover a fleet (docs/fleet.md).`,
		Example: `  VCDIAG_PASSWORD=... vcdiag watch --profile acme.yaml --interval 5m
  vcdiag watch --profile acme.yaml --web.listen-address :9469 --web.config.file /etc/vcdiag/web-config.yml
  vcdiag watch --profile acme.yaml --textfile /var/lib/node_exporter/textfile_collector
  vcdiag watch --demo --scenario routes-missing-backup --interval 30s   # try it on the simulated site
  vcdiag watch --inventory fleet.yaml --interval 5m                      # every site of a fleet
  vcdiag watch --inventory fleet.yaml --shard 1/3                        # replica 1 of 3 (docs/deploy/k8s-statefulset.yaml)`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := o.resolveListen(c.Flags()); err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			if err := o.check(c); err != nil {
				return err
			}
			return runWatch(c.Context(), s, o)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

// check refuses, before any cycle, flags that cannot work: unknown
// --skip IDs, zero periods, demo flags without --demo, an unknown
// scenario or fault. It also reads the global --verbose.
func (o *watchOptions) check(cmd *cobra.Command) error {
	o.verbose, _ = cmd.Flags().GetBool("verbose")
	if err := checkSkip(&o.skip); err != nil {
		return err
	}
	if err := positiveDurations(cmd, "interval", "timeout", "connect-timeout", "command-timeout"); err != nil {
		return err
	}
	if o.inventory != "" {
		switch {
		case o.profilePath != "":
			return usageError("--profile and --inventory: give one (the inventory lists the profiles)")
		case o.demo:
			return usageError("--demo watches one simulated site: for a simulated fleet, start 'vcdiag sim --sites N' and watch its --inventory")
		case o.cpe != "":
			return usageError("--cpe works on one site: use --profile")
		}
		for _, n := range []string{"scenario", "fault"} {
			if cmd.Flags().Changed(n) {
				return usageError("--%s needs --demo (it picks what --demo simulates)", n)
			}
		}
		if o.shard != "" {
			if _, err := fleet.ParseShard(o.shard); err != nil {
				return usageError("--shard %s: %v", o.shard, err)
			}
		}
		return nil
	}
	if cmd.Flags().Changed("shard") {
		return usageError("--shard needs --inventory")
	}
	if o.demo {
		if o.profilePath != "" {
			return usageError("--demo watches a simulated site: leave out --profile %s", o.profilePath)
		}
		return checkSimChoices(sim.PlatformIOSXE, o.scenario, o.faults, "vcdiag demo --list")
	}
	for _, n := range []string{"scenario", "fault"} {
		if cmd.Flags().Changed(n) {
			return usageError("--%s needs --demo (it picks what --demo simulates)", n)
		}
	}
	if o.profilePath == "" {
		return usageError("--profile is required (or --inventory, or --demo)")
	}
	return nil
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
	if len(o.web.listen) == 0 && o.textfile == "" {
		return &exitError{code: exitUnknown, err: fmt.Errorf("nothing to export to: give --web.listen-address or --textfile")}
	}
	var hopts *slog.HandlerOptions
	if o.verbose {
		hopts = &slog.HandlerOptions{Level: slog.LevelDebug}
	}
	log := slog.New(slog.NewTextHandler(s.err, hopts))
	if err := o.web.check(log); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.inventory != "" {
		fw, err := inventoryWatch(s, o, log)
		if err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		if err := serveWatch(ctx, fw, watchServing{web: o.web, log: log}, o.web.listen...); err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		return nil
	}
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
		exp:      metrics.NewExporter(metrics.Options{Site: lc.profile.Name, Runtime: true, Build: readBuildInfo().metricsBuild()}),
		interval: o.interval,
		timeout:  min(o.timeout, o.interval),
		log:      log,
		web:      o.web,
	}
	if o.textfile != "" {
		w.textfile = filepath.Join(o.textfile, "vcdiag.prom")
	}
	if err := w.serveAndRun(ctx, o.web.listen...); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	return nil
}

func (o *watchOptions) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML); required, except with --inventory or --demo")
	f.StringVar(&o.inventory, "inventory", "", "watch every site of an inventory `FILE` (or a DIR of profiles), their first cycles spread over --interval (docs/fleet.md)")
	f.StringVar(&o.shard, "shard", "", "with --inventory: watch only this replica's share of the sites, `i/n` (a stable hash of the site name; a StatefulSet's ordinal)")
	f.StringVar(&o.cpe, "cpe", "", "collect only the profile's CPE `NAME`")
	f.StringVarP(&o.ssh.IdentityFile, "identity-file", "i", "", "SSH private key instead of a password (VCDIAG_PASSWORD)")
	f.StringVar(&o.ssh.KnownHostsFile, "known-hosts", "", "known_hosts file to check host keys against (default ~/.ssh/known_hosts)")
	f.StringVar(&o.ssh.SSHConfigFile, "ssh-config", "", "use OpenSSH with this ssh_config (ProxyJump, bastions)")
	f.DurationVar(&o.ssh.ConnectTimeout, "connect-timeout", 15*time.Second, "deadline for connecting and logging in to one CPE")
	f.DurationVar(&o.ssh.CommandTimeout, "command-timeout", 30*time.Second, "deadline for one command")
	addSessionLimitFlags(f, &o.ssh.Limits)
	f.DurationVar(&o.interval, "interval", 5*time.Minute, "time between the starts of two cycles")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "deadline of one cycle (at most --interval)")
	f.DurationVar(&o.sampleInterval, "sample-interval", 10*time.Second, "time between the two samples of counter commands within a cycle, at least 10s (shorter is raised)")
	f.StringSliceVar(&o.web.listen, "web.listen-address", []string{defaultListen},
		"serve /metrics, /report, /report.json and /healthz on this address (repeatable; \":9469\" is every interface: secure it with --web.config.file)")
	f.StringVar(&o.listenAlias, "listen", "", "deprecated name of --web.listen-address")
	_ = f.MarkDeprecated("listen", "use --web.listen-address")
	f.StringVar(&o.web.configFile, "web.config.file", "", "TLS and basic-auth configuration of the HTTP server (Prometheus exporter-toolkit web config file)")
	f.IntVar(&o.web.maxConns, "web.max-connections", defaultMaxConnections,
		"most HTTP connections held at once; at the limit a new one replaces the longest idle, or is refused with 503")
	f.StringVar(&o.textfile, "textfile", "", "after every cycle write DIR/vcdiag.prom (atomically) for node_exporter")
	f.StringSliceVar(&o.skip, "skip", nil, "check IDs not to run")
	f.BoolVar(&o.mtuSweep, "mtu-sweep", true, "measure each tunnel's path MTU with DF pings every cycle, as run does; false reports mtu.path as skipped")
	f.BoolVar(&o.demo, "demo", false, "watch an in-process simulated site instead of a profile (see 'vcdiag demo')")
	f.StringVar(&o.scenario, "scenario", "healthy", "with --demo: the scenario to simulate")
	f.StringSliceVar(&o.faults, "fault", nil, "with --demo: device fault to inject (repeatable)")
}

// resolveListen settles the listen addresses from the flags: the
// deprecated --listen (kept so that deployed units keep working) stands
// for --web.listen-address (pflag prints the deprecation), and --textfile
// alone serves no HTTP.
func (o *watchOptions) resolveListen(f *pflag.FlagSet) error {
	set, alias := f.Changed("web.listen-address"), f.Changed("listen")
	switch {
	case set && alias:
		return fmt.Errorf("--listen is the deprecated name of --web.listen-address: give one of them")
	case alias:
		o.web.listen = []string{o.listenAlias}
	case !set && o.textfile != "":
		o.web.listen = nil
	}
	var addrs []string
	for _, a := range o.web.listen {
		if a = strings.TrimSpace(a); a != "" {
			addrs = append(addrs, a)
		}
	}
	o.web.listen = addrs
	return nil
}

// check refuses web options that cannot work before any cycle runs, and
// warns when the report is served to a network in the clear.
func (w webOptions) check(log *slog.Logger) error {
	if w.maxConns < 1 {
		return fmt.Errorf("--web.max-connections %d: must be at least 1", w.maxConns)
	}
	if w.configFile == "" {
		for _, a := range w.listen {
			if !loopback(a) {
				log.Warn("serving the report without TLS or authentication beyond loopback; "+
					"it shows the site's addressing and topology: give --web.config.file (docs/watch.md)", "addr", a)
			}
		}
		return nil
	}
	if len(w.listen) == 0 {
		return fmt.Errorf("--web.config.file %s: nothing is served: give --web.listen-address", w.configFile)
	}
	if err := web.Validate(w.configFile); err != nil {
		return fmt.Errorf("--web.config.file %s: %w", w.configFile, err)
	}
	return nil
}

// tls says whether the web config file turns TLS on (exporter-toolkit
// reads it again for itself; this only decides how to refuse a connection
// over the limit).
func (w webOptions) tls() (bool, error) {
	if w.configFile == "" {
		return false, nil
	}
	b, err := os.ReadFile(w.configFile)
	if err != nil {
		return false, fmt.Errorf("--web.config.file: %w", err)
	}
	var c web.Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return false, fmt.Errorf("--web.config.file %s: %w", w.configFile, err)
	}
	return c.TLSConfig.IsEnabled(), nil
}

// loopback says whether a listen address accepts connections from this
// host only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
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
		KnownHostsFile: knownHosts, ConnectTimeout: o.ssh.ConnectTimeout, CommandTimeout: o.ssh.CommandTimeout, Limits: o.ssh.Limits}
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
