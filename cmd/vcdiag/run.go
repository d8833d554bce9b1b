package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/capture"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/parsers/iosxe"
	"github.com/vcdiag/vcdiag/reports"
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
		"time between the two samples of counter commands; 0 takes one sample (counter checks then say unknown)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 2*time.Minute, "deadline for the whole run, connection and every command included")
	cmd.Flags().StringVar(&o.saveTranscript, "save-transcript", "", "keep each CPE's session (secrets redacted) in DIR, readable by 'vcdiag analyze'")
	cmd.Flags().BoolVar(&o.mtuSweep, "mtu-sweep", true,
		"measure each tunnel's path MTU with DF pings from the CPE (at most 12 per tunnel, 30 s deadline each); false reports mtu.path as skipped")
	o.report.addFlags(cmd)
	o.probe.addFlags(cmd)
	o.after.addFlags(cmd)
}

// addCaptureFlags adds the live-capture flags (run only: the demo's
// simulated site has no packets to capture).
func (o *liveOptions) addCaptureFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.captureIface, "capture", "", "capture IKE/NAT-T/ESP/GRE on IFACE during the collection and add it to the evidence (needs root or CAP_NET_RAW)")
	cmd.Flags().StringVar(&o.writePcap, "write-pcap", "", "with --capture: keep what was captured in FILE (pcap)")
}

type runOptions struct {
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
(default: the login password). Host keys are checked against ~/.ssh/known_hosts.`,
		Example: `  VCDIAG_PASSWORD=... vcdiag run --profile acme.yaml
  vcdiag run --profile acme.yaml --cpe cpe2 --identity-file ~/.ssh/id_ed25519
  vcdiag run --profile acme.yaml --accept-new-host-key --save-transcript ./case-1234
  vcdiag run --profile acme.yaml --ssh-config ~/.ssh/config   # ProxyJump bastions
  vcdiag run --profile acme.yaml --format json -o report.json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runRun(c.Context(), s, o)
		},
	}
	cmd.Flags().StringVarP(&o.profilePath, "profile", "p", "", "site profile (YAML; see 'vcdiag profile init') (required)")
	cmd.Flags().StringVar(&o.cpe, "cpe", "", "collect only this CPE of the profile (the other CPE's tunnel is then unknown)")
	cmd.Flags().StringVarP(&o.ssh.IdentityFile, "identity-file", "i", "", "SSH private key instead of a password")
	cmd.Flags().StringVar(&o.ssh.KnownHostsFile, "known-hosts", "", "known_hosts file to check host keys against (default ~/.ssh/known_hosts)")
	cmd.Flags().BoolVar(&o.ssh.AcceptNewHostKey, "accept-new-host-key", false, "record the host key of a CPE seen for the first time (a changed key is still refused)")
	cmd.Flags().BoolVar(&o.ssh.InsecureSkipHostKey, "insecure-skip-host-key", false, "do not verify host keys at all (said in the report)")
	cmd.Flags().StringVar(&o.ssh.SSHConfigFile, "ssh-config", "", "use OpenSSH with this ssh_config (ProxyJump, bastions)")
	cmd.Flags().DurationVar(&o.ssh.ConnectTimeout, "connect-timeout", 15*time.Second, "deadline for connecting and logging in to one CPE")
	cmd.Flags().DurationVar(&o.ssh.CommandTimeout, "command-timeout", 30*time.Second, "deadline for one command")
	o.live.addFlags(cmd)
	o.live.addCaptureFlags(cmd)
	_ = cmd.MarkFlagRequired("profile")
	return cmd
}

func runRun(ctx context.Context, s streams, o runOptions) error {
	p, err := profile.Load(o.profilePath)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	names, err := selectCPEs(p, o.cpe)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if o.ssh.IdentityFile == "" && o.ssh.Password == "" {
		pw, err := collectors.PasswordFromEnvOrPrompt(os.Stdin, s.err)
		if err != nil {
			return &exitError{code: exitUnknown, err: err}
		}
		o.ssh.Password = pw
	}
	if o.ssh.EnableSecret == "" {
		o.ssh.EnableSecret = collectors.EnableSecretFromEnv(o.ssh.Password)
	}
	o.live.after.profilePath = o.profilePath
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

// collectAndReport is the live path `run` and `demo` share: collect over
// the dialer, walk the ladder, render, and turn the verdict into the exit
// code.
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
	lo := collectors.LiveOptions{
		Dial: dial,
		Plan: func(cpe string) []collectors.PlannedCommand {
			var plan []collectors.PlannedCommand
			for _, c := range checks.Commands(p, cpe) {
				plan = append(plan, collectors.PlannedCommand{Command: c.Command, Samples: c.Samples})
			}
			return plan
		},
		SampleInterval: o.sampleInterval,
		Progress:       progressPrinter(s),
	}
	skip := o.report.skip
	if o.mtuSweep {
		lo.MTUTargets = mtuTargets(p)
	} else {
		// Not measured on request: skipped, not unknown.
		skip = append(slices.Clone(skip), "mtu.path")
	}
	if o.saveTranscript != "" {
		lo.Transcripts = collectors.TranscriptDir(o.saveTranscript, started,
			fmt.Sprintf("vcdiag %s run, profile %s, started %s", vcdiagVersion(), p.Name, started.UTC().Format(time.RFC3339)))
	}
	saved, err := o.after.recordTranscripts(&lo, o.saveTranscript, p, started)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	defer saved.cleanup()
	stopCapture, err := startCapture(ctx, s, o)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	stopProbes := startProbes(ctx, p, o.probe) // concurrently with the SSH collection
	ev, err := collectors.Collect(ctx, p, cpes, lo)
	if err != nil {
		return &exitError{code: exitUnknown, err: err}
	}
	if stopProbes != nil {
		ev.Probes = stopProbes()
		ev.Notes = append(ev.Notes, probeNotes(ev.Probes)...)
	}
	if stopCapture != nil {
		ev.Packets = stopCapture()
		if ev.Packets != nil {
			ev.Notes = append(ev.Notes, ev.Packets.Notes...)
		}
	}
	rep := checks.Run(p, ev, checks.RunOptions{Version: vcdiagVersion(), Now: time.Now(), Skip: skip})
	rep.Notes = append(rep.Notes, notes...)
	if o.saveTranscript != "" {
		fmt.Fprintf(s.err, "transcripts saved in %s (read them with: vcdiag analyze --profile %s %s/*.log)\n",
			o.saveTranscript, "SITE.yaml", o.saveTranscript)
	}
	fmt.Fprintf(s.err, "collected in %s\n", time.Since(started).Round(100*time.Millisecond))
	o.report.profile, o.report.evidence = p, ev
	return o.after.finish(s, o.report, saved.inputs(started, o.writePcap, ev.Packets), rep)
}

// mtuTargets tells the live collector which tunnels' path MTU to measure
// and up to which size: what checks.MTUTargets reads from the evidence
// collected before the sweep.
func mtuTargets(p *profile.Profile) func(cpe string, ev *evidence.CPE) []collectors.MTUTarget {
	return func(cpe string, ev *evidence.CPE) []collectors.MTUTarget {
		var out []collectors.MTUTarget
		for _, t := range checks.MTUTargets(p, cpe, ev) {
			out = append(out, collectors.MTUTarget{Target: t.Target, Source: t.Source, Hi: t.Hi})
		}
		return out
	}
}

// progressPrinter returns a Progress callback printing one line per CPE
// step on stderr, tagged with the rung the command serves, when stderr is
// a terminal; otherwise nothing, so cron mail stays clean.
func progressPrinter(s streams) func(cpe, what string) {
	if !reports.IsTerminal(s.err) {
		return nil
	}
	var mu sync.Mutex
	return func(cpe, what string) {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := iosxe.Identify(what); ok {
			fmt.Fprintf(s.err, "%s [%s] %s\n", cpe, rungOf(c), what)
			return
		}
		fmt.Fprintf(s.err, "%s: %s\n", cpe, what)
	}
}

// rungOf names the ladder rung a command mainly serves.
func rungOf(c iosxe.Command) string {
	switch c.Kind {
	case parsers.KindIKEv2SA:
		return "ikev2"
	case parsers.KindIPsecSA, parsers.KindCryptoSession:
		return "ipsec"
	case parsers.KindInterfaces:
		return "gre"
	case parsers.KindPing:
		return "ping"
	case parsers.KindBGPSummary, parsers.KindBGPNeighbors:
		return "bgp"
	case parsers.KindBGPRoutes, parsers.KindRouteLookup, parsers.KindRouteTable:
		return "routes"
	}
	return "config"
}

// startCapture starts the --capture packet capture for the collection and
// returns the function that stops it and hands over what it saw, or nil
// without --capture. A capture that fails (no privilege, no interface)
// is a note in the report, not the end of the run.
func startCapture(ctx context.Context, s streams, o liveOptions) (func() *evidence.Packets, error) {
	if o.captureIface == "" {
		if o.writePcap != "" {
			return nil, fmt.Errorf("--write-pcap needs --capture IFACE")
		}
		return nil, nil
	}
	var w *os.File
	if o.writePcap != "" {
		f, err := os.Create(o.writePcap)
		if err != nil {
			return nil, err
		}
		w = f
	}
	cctx, cancel := context.WithCancel(ctx)
	type result struct {
		p   *evidence.Packets
		err error
	}
	done := make(chan result, 1)
	go func() {
		var out io.Writer
		if w != nil {
			out = w
		}
		p, err := capture.Live(cctx, o.captureIface, o.timeout, out)
		done <- result{p, err}
	}()
	return func() *evidence.Packets {
		cancel()
		r := <-done
		if w != nil {
			w.Close()
		}
		if r.err != nil {
			fmt.Fprintf(s.err, "vcdiag: %v\n", r.err)
			if r.p == nil {
				r.p = &evidence.Packets{}
			}
			r.p.Notes = append(r.p.Notes, "capture: "+r.err.Error())
		}
		return r.p
	}, nil
}
