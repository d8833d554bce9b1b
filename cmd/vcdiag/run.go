package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/fleet"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports/textsafe"
)

// liveOptions are the collection flags `run` and `demo` share.
type liveOptions struct {
	sampleInterval time.Duration
	timeout        time.Duration
	saveTranscript string
	mtuSweep       bool
	captureIface   string
	writePcap      string
	report         reportOptions
	probe          probeOptions // --probes, --probe-count, --probe-interval, --pmtu (probe.go)
	after          afterOptions // --bundle, --baseline (bundle.go)
}

func (o *liveOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&o.sampleInterval, "sample-interval", 10*time.Second,
		"time between the two samples of counter commands, at least 10s (one GRE keepalive period; shorter is raised); 0 takes one sample (counter checks then say unknown)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 2*time.Minute, "deadline for the whole run, connection and every command included")
	cmd.Flags().StringVar(&o.saveTranscript, "save-transcript", "", "keep each CPE's session (secrets redacted) in DIR, readable by 'vcdiag analyze'")
	cmd.Flags().BoolVar(&o.mtuSweep, "mtu-sweep", true,
		"measure each tunnel's path MTU with DF pings from the CPE (at most 12 per tunnel, 30 s deadline each); false reports mtu.path as skipped")
	o.report.addFlags(cmd)
	o.probe.addFlags(cmd)
	o.after.addFlags(cmd)
}

// check refuses, before any connection, live flags that cannot work:
// the report's format and --skip IDs, zero deadlines, --write-pcap
// without --capture.
func (o *liveOptions) check(cmd *cobra.Command) error {
	if err := o.report.check(cmd); err != nil {
		return err
	}
	if err := positiveDurations(cmd, "timeout", "connect-timeout", "command-timeout", "probe-interval"); err != nil {
		return err
	}
	if o.writePcap != "" && o.captureIface == "" {
		return usageError("--write-pcap needs --capture IFACE")
	}
	return o.probe.check()
}

// addCaptureFlags adds the live-capture flags (run only: the demo's
// simulated site has no packets to capture).
func (o *liveOptions) addCaptureFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.captureIface, "capture", "", "capture IKE/NAT-T/ESP/GRE on IFACE during the collection and add it to the evidence (needs root or CAP_NET_RAW)")
	cmd.Flags().StringVar(&o.writePcap, "write-pcap", "", "with --capture: keep what was captured in FILE (pcap)")
}

type runOptions struct {
	fleet       fleetRunOptions // --inventory and its flags (fleet_run.go)
	profilePath string
	cpe         string
	ssh         collectors.SSHConfig
	live        liveOptions
}

func newRunCommand(s streams) *cobra.Command {
	o := runOptions{}
	cmd := &cobra.Command{
		Use:   "run --profile SITE.yaml",
		Short: "Connect to the CPE(s) over SSH and walk the ladder live",
		Long: `run connects to every CPE of the profile over SSH (both at once), sends only
read-only show and ping commands, samples the counters twice --sample-interval
apart, and prints the diagnosis.

The SSH password comes from VCDIAG_PASSWORD, or a prompt when run on a
terminal, or use --identity-file; the enable secret from VCDIAG_ENABLE_SECRET
(default: the login password). Host keys are checked against ~/.ssh/known_hosts.

With --inventory it runs every site of a fleet at once (at most --parallel
sessions open), writes each site's reports and the rollup (index.html,
fleet.json, fleet.junit.xml, fleet.txt) into --output-dir, prints the rollup,
worst sites first, and exits with the worst site's code. docs/fleet.md.`,
		Example: `  VCDIAG_PASSWORD=... vcdiag run --profile acme.yaml
  vcdiag run --inventory fleet.yaml --output-dir /var/lib/vcdiag/$(date +%F)   # every site (docs/fleet.md)
  vcdiag run --profile acme.yaml --cpe cpe2 --identity-file ~/.ssh/id_ed25519
  vcdiag run --profile acme.yaml --accept-new-host-key --save-transcript ./case-1234
  vcdiag run --profile acme.yaml --ssh-config ~/.ssh/config   # ProxyJump bastions
  vcdiag run --profile acme.yaml --format json -o report.json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := o.live.check(c); err != nil {
				return err
			}
			if err := o.checkSource(c); err != nil {
				return err
			}
			if o.fleet.inventory != "" {
				return runInventory(c.Context(), s, o)
			}
			return runRun(c.Context(), s, o)
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML; see 'vcdiag profile init'); this or --inventory")
	cmd.Flags().StringVar(&o.fleet.inventory, "inventory", "", "run every site of an inventory (`FILE` listing profiles, or a DIR of profiles; docs/fleet.md)")
	cmd.Flags().StringVar(&o.fleet.outputDir, "output-dir", "", "with --inventory: write each site's reports and the rollup into `DIR` (default ./vcdiag-fleet-DATE-TIME)")
	cmd.Flags().IntVar(&o.fleet.parallel, "parallel", 0, "with --inventory: most CPE sessions open at once (default 256 per core)")
	cmd.Flags().StringVar(&o.fleet.shard, "shard", "", "with --inventory: only this replica's share of the sites, `i/n` (0 <= i < n)")
	cmd.Flags().StringVar(&o.cpe, "cpe", "", "collect only the profile's CPE `NAME` (the other CPE's tunnel is then unknown)")
	cmd.Flags().StringVarP(&o.ssh.IdentityFile, "identity-file", "i", "", "SSH private key instead of a password")
	cmd.Flags().StringVar(&o.ssh.KnownHostsFile, "known-hosts", "", "known_hosts file to check host keys against (default ~/.ssh/known_hosts)")
	cmd.Flags().BoolVar(&o.ssh.AcceptNewHostKey, "accept-new-host-key", false, "record the host key of a CPE seen for the first time (a changed key is still refused)")
	cmd.Flags().BoolVar(&o.ssh.InsecureSkipHostKey, "insecure-skip-host-key", false, "do not verify host keys at all (said in the report)")
	cmd.Flags().StringVar(&o.ssh.SSHConfigFile, "ssh-config", "", "use OpenSSH with this ssh_config (ProxyJump, bastions)")
	cmd.Flags().DurationVar(&o.ssh.ConnectTimeout, "connect-timeout", 15*time.Second, "deadline for connecting and logging in to one CPE")
	cmd.Flags().DurationVar(&o.ssh.CommandTimeout, "command-timeout", 30*time.Second, "deadline for one command")
	addSessionLimitFlags(cmd.Flags(), &o.ssh.Limits)
	o.live.addFlags(cmd)
	o.live.addCaptureFlags(cmd)
	return cmd
}

// checkSource refuses a run without a profile or inventory, with both,
// and fleet flags without --inventory or one-site flags with it.
func (o *runOptions) checkSource(cmd *cobra.Command) error {
	switch {
	case o.profilePath == "" && o.fleet.inventory == "":
		return usageError("give --profile SITE.yaml, or --inventory FLEET.yaml for many sites")
	case o.profilePath != "" && o.fleet.inventory != "":
		return usageError("--profile and --inventory: give one (the inventory lists the profiles)")
	}
	if o.fleet.inventory == "" {
		for _, n := range []string{"output-dir", "parallel", "shard"} {
			if cmd.Flags().Changed(n) {
				return usageError("--%s needs --inventory", n)
			}
		}
		return nil
	}
	for _, n := range []string{"cpe", "capture", "write-pcap", "bundle", "baseline", "save-transcript", "probes", "pmtu"} {
		if cmd.Flags().Changed(n) {
			return usageError("--%s works on one site: use --profile (with --inventory each site's reports go to --output-dir)", n)
		}
	}
	if o.fleet.shard != "" {
		if _, err := fleet.ParseShard(o.fleet.shard); err != nil {
			return usageError("--shard %s: %v", o.fleet.shard, err)
		}
	}
	if o.fleet.parallel < 0 || (cmd.Flags().Changed("parallel") && o.fleet.parallel == 0) {
		return usageError("--parallel %d: must be at least 1", o.fleet.parallel)
	}
	if !slices.Contains(fleetFormats, o.live.report.format) {
		// From --format, or from -o's extension (.md, .prom).
		return usageError("format %s: the rollup's formats are %s (each site's own reports go to --output-dir as text, JSON and HTML)",
			o.live.report.format, strings.Join(fleetFormats, ", "))
	}
	return nil
}

func runRun(ctx context.Context, s streams, o runOptions) error {
	p, err := pipeline.LoadProfile(o.profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	names, err := selectCPEs(p, o.cpe)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if err := loginSecrets(&o.ssh, s, o.ssh.IdentityFile == "" && o.ssh.Password == ""); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	o.live.after.profilePath = o.profilePath
	// Host-key manners as OpenSSH's: a key trusted on first use is said
	// on stderr, and so is a run that trusts any key (the report says it
	// too, but its reader may not be the one who ran it).
	s.err = sharedStderr(s.err) // a notice during the login goes above the progress line
	o.ssh.Notices = s.err
	if o.ssh.InsecureSkipHostKey {
		fmt.Fprintln(s.err, "vcdiag: warning: --insecure-skip-host-key: host keys are not verified; anyone on the path can pose as a CPE and receive the login")
	}
	return collectAndReport(ctx, s, p, names, collectors.SSHDialer(o.ssh), o.live, o.ssh.SecurityNotes())
}

func selectCPEs(p *profile.Profile, only string) ([]string, error) {
	if only != "" {
		if p.CPE(only) == nil {
			return nil, fmt.Errorf("--cpe %q: the profile has no such CPE", only)
		}
		return []string{only}, nil
	}
	var names []string
	for _, c := range p.CPEs {
		names = append(names, c.Name)
	}
	return names, nil
}

// collectAndReport is the live path `run` and `demo` share: the pipeline
// over the dialer, then rendering, and the verdict as the exit code.
func collectAndReport(ctx context.Context, s streams, p *profile.Profile, cpes []string,
	dial collectors.Dialer, o liveOptions, notes []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	started := time.Now()
	if err := o.after.check(); err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	live := &pipeline.Live{
		Dial:           dial,
		SampleInterval: o.sampleInterval,
		MTUSweep:       o.mtuSweep,
	}
	// On a terminal: a countdown over the sample wait, and the verdicts the
	// first sample decides printed before it (progress.go).
	s.err = sharedStderr(s.err)
	view := newProgressView(s.err, cpes)
	defer view.Close()
	view.attach(live)
	if o.saveTranscript != "" {
		live.Transcripts = collectors.TranscriptDir(o.saveTranscript, started,
			fmt.Sprintf("vcdiag %s run, profile %s, started %s", vcdiagVersion(), p.Name, started.UTC().Format(time.RFC3339)))
	}
	saved, err := o.after.recordTranscripts(live, o.saveTranscript, p, started)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer saved.cleanup()
	if o.captureIface != "" {
		live.Capture = &pipeline.CaptureOptions{Iface: o.captureIface, Timeout: o.timeout}
		if o.writePcap != "" {
			f, err := os.Create(o.writePcap)
			if err != nil {
				return &exitError{code: exitUnknown, err: err}
			}
			defer f.Close()
			live.Capture.Write = f
		}
	} else if o.writePcap != "" {
		return &exitError{code: exitUnknown, err: fmt.Errorf("--write-pcap needs --capture IFACE")}
	}
	po := pipelineOptions(p, o.report.skip, time.Now)
	po.Security = notes // the report's header says how host keys were trusted
	po.CPEs, po.Live = cpes, live
	if o.probe.enabled {
		po.Probes = o.probe.options()
	}
	out, err := pipeline.Run(ctx, po)
	view.Close() // the status line goes before anything else is written
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	rep, ev := out.Report, out.Evidence
	if ev.Packets != nil {
		for _, n := range ev.Packets.Notes {
			if strings.HasPrefix(n, "capture: ") {
				fmt.Fprintf(s.err, "vcdiag: %s\n", textsafe.String(n))
			}
		}
	}
	rep.Notes = append(rep.Notes, notes...)
	if o.saveTranscript != "" {
		fmt.Fprintf(s.err, "transcripts saved in %s (read them with: vcdiag analyze --profile %s %s/*.log)\n",
			o.saveTranscript, "SITE.yaml", o.saveTranscript)
	}
	// One line per CPE that could not be collected (cause and fix), then
	// the time taken: the same first words as the report.
	for _, l := range out.StderrLines() {
		fmt.Fprintln(s.err, textsafe.String(l))
	}
	o.report.evidence = ev
	return o.after.finish(s, o.report, saved.inputs(started, o.writePcap, ev.Packets), rep)
}

// pipelineOptions are the options every command passes the pipeline.
func pipelineOptions(p *profile.Profile, skip []string, now func() time.Time) pipeline.Options {
	return pipeline.Options{Profile: p, Skip: skip, Version: vcdiagVersion(), Now: now}
}

// addSessionLimitFlags adds the flags that bound what one SSH session may
// make vcdiag hold (collectors.Limits); `run` has them, and `watch` can
// add them the same way to its SSHConfig.
func addSessionLimitFlags(f *pflag.FlagSet, l *collectors.Limits) {
	*l = l.WithDefaults()
	f.Var(&sizeFlag{&l.MaxOutputBytes}, "max-output-bytes",
		"most a CPE may send in answer to one command; at the limit vcdiag closes the session, keeps what it has, and the checks that needed the rest say unknown")
	f.Var(&sizeFlag{&l.MaxLineBytes}, "max-line-bytes", "longest line of output a CPE may send")
	f.Var(&sizeFlag{&l.MaxSessionBytes}, "max-session-bytes", "most a CPE may send over one session, login and every command together")
	f.Var(&sizeFlag{&l.MaxLoginBytes}, "max-login-bytes", "most a CPE may send before its first prompt (banners)")
	f.Var(&countFlag{&l.MaxPages}, "max-pages", "most --More-- pages of one output (a CPE that pages although terminal length 0 was sent)")
}

// sizeFlag is a byte count given as a number with an optional binary
// unit: 16MiB, 64KiB, 1GiB, or plain bytes (K, M, G mean the same units).
type sizeFlag struct{ v *int64 }

var sizeUnits = []struct {
	suffix string
	shift  uint
}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"G", 30}, {"M", 20}, {"K", 10}, {"B", 0}}

func (f *sizeFlag) String() string {
	if f.v == nil {
		return ""
	}
	n := *f.v
	for _, u := range sizeUnits[:3] {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (f *sizeFlag) Set(s string) error {
	num, shift := strings.TrimSpace(s), uint(0)
	for _, u := range sizeUnits {
		if cut, ok := strings.CutSuffix(num, u.suffix); ok {
			num, shift = strings.TrimSpace(cut), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 || n > (1<<62)>>shift {
		return fmt.Errorf("%q is not a size: give a positive number of bytes, with KiB, MiB or GiB if you like", s)
	}
	*f.v = n << shift
	return nil
}

func (*sizeFlag) Type() string { return "size" }

// countFlag is a positive count.
type countFlag struct{ v *int }

func (f *countFlag) String() string {
	if f.v == nil {
		return ""
	}
	return strconv.Itoa(*f.v)
}

func (f *countFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return fmt.Errorf("%q is not a positive count", s)
	}
	*f.v = n
	return nil
}

func (*countFlag) Type() string { return "int" }
