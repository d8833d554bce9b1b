package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/capture"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
)

// LoadProfile reads a site profile and checks its CPEs' platforms against
// the ones vcdiag knows (platform/registry).
func LoadProfile(path string) (*profile.Profile, error) {
	return profile.LoadWith(path, ProfileRules())
}

// ProfileRules are the rules from outside the profile package: the
// registry's platforms.
func ProfileRules() profile.Rules { return profile.Rules{Platforms: registry.Names()} }

// Options say what to collect and how to judge it. Exactly one source of
// show output applies: Live (SSH to the CPEs) when Live.Dial is set, else
// Files (saved transcripts); Pcaps and Probes add to either, or stand
// alone.
type Options struct {
	Profile *profile.Profile
	// CPEs limits collection to these CPEs of the profile (nil: all).
	CPEs []string
	// Skip lists check IDs not to run (reported as skip).
	Skip []string
	// Version stamps the report; Now is the report's time (nil: time.Now).
	Version string
	Now     func() time.Time
	// Security says how host keys were trusted when weaker than
	// known_hosts (collectors.SSHConfig.SecurityNotes); the report's
	// header shows it.
	Security []string

	Live  *Live
	Files []collectors.TranscriptFile
	// Pcaps are capture files to read into the evidence, each within
	// CaptureLimits (zero fields: the defaults).
	Pcaps         []string
	CaptureLimits capture.Limits
	// Probes runs the profile's local ICMP probes during the collection
	// (nil: no probes).
	Probes *ProbeOptions
}

// Live is a collection over SSH.
type Live struct {
	Dial           collectors.Dialer
	SampleInterval time.Duration
	// MTUSweep measures each tunnel's path MTU with DF pings; false
	// reports mtu.path as skipped (not measured on request).
	MTUSweep         bool
	MTUSweepDeadline time.Duration
	Progress         func(cpe, what string)
	// Early, when set, receives each CPE's ladder as judged on its first
	// sample, while the counters' second sample is awaited (see Early).
	// It is called from the CPEs' collection goroutines, once per CPE,
	// and only when there is a wait.
	Early       func(Early)
	Transcripts collectors.TranscriptSink
	// Capture, when set, captures IKE/ESP/GRE on an interface during the
	// collection.
	Capture *CaptureOptions
	// Clock and Sleep replace the real ones in tests.
	Clock func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// CaptureOptions is a live packet capture.
type CaptureOptions struct {
	Iface string
	// Timeout bounds the capture (the collection ends it sooner).
	Timeout time.Duration
	// Write, when set, receives what was captured as a pcap file.
	Write io.Writer
}

// Outcome is what a run produced.
type Outcome struct {
	Report   *checks.Report
	Evidence *evidence.Site
	Started  time.Time
	Duration time.Duration
}

// Run collects, reads and judges. It fails only when nothing can be
// collected at all (a profile without the CPEs asked for, an unreadable
// transcript file, a capture that cannot start); a CPE that cannot be
// reached or an output that cannot be read is in the report instead.
func Run(ctx context.Context, o Options) (*Outcome, error) {
	if o.Profile == nil {
		return nil, errors.New("no profile")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	started := time.Now()
	if o.Live != nil && o.Live.Clock != nil {
		started = o.Live.Clock()
	}
	skip := slices.Clone(o.Skip)
	var stopProbes func() *evidence.Probes
	if o.Probes != nil {
		stopProbes = startProbes(ctx, o.Profile, *o.Probes)
	}
	var failed []checks.CollectionFailure
	site, err := collect(ctx, o, &skip, &failed)
	if err != nil {
		if stopProbes != nil {
			stopProbes()
		}
		return nil, err
	}
	if stopProbes != nil {
		site.Probes = stopProbes()
		site.Notes = append(site.Notes, probeNotes(site.Probes)...)
	}
	rep := checks.Run(o.Profile, site, checks.RunOptions{Version: o.Version, Now: now(), Skip: skip,
		Collection: failed, Security: o.Security})
	readableNotes(rep)
	return &Outcome{Report: rep, Evidence: site, Started: started, Duration: time.Since(started)}, nil
}

// collect gathers the show output (live or from files) and the packets.
func collect(ctx context.Context, o Options, skip *[]string, failed *[]checks.CollectionFailure) (*evidence.Site, error) {
	cpes := o.CPEs
	if cpes == nil {
		for _, c := range o.Profile.CPEs {
			cpes = append(cpes, c.Name)
		}
	}
	var site *evidence.Site
	var err error
	switch {
	case o.Live != nil:
		site, err = collectLive(ctx, o.Profile, cpes, o.Live, skip, failed)
	case len(o.Files) > 0:
		site, err = collectors.FromTranscripts(o.Profile, o.Files)
	default:
		site = &evidence.Site{}
		for _, c := range o.Profile.CPEs {
			site.EnsureCPE(c.Name).Problems = []string{"only a packet capture was given: the show-output checks need 'vcdiag analyze' or 'vcdiag run'"}
		}
	}
	if err != nil {
		return nil, err
	}
	if len(o.Pcaps) > 0 {
		pk, err := capture.ReadFiles(o.Pcaps, capture.Options{Labels: AddressLabels(o.Profile), Limits: o.CaptureLimits})
		if pk == nil {
			return nil, err
		}
		if err != nil {
			// The packets read before the damage are kept.
			pk.Notes = append(pk.Notes, err.Error())
		}
		site.Packets = mergePackets(site.Packets, pk)
		site.Notes = append(site.Notes, pk.Notes...)
	}
	return site, nil
}

func mergePackets(a, b *evidence.Packets) *evidence.Packets {
	if a == nil {
		return b
	}
	// A live capture and files in one run: keep the live one and note
	// the files (the aggregates are per capture).
	a.Notes = append(a.Notes, fmt.Sprintf("capture files %v were read separately and are not merged with the live capture", b.Sources))
	return a
}

// collectLive runs the platforms' plans over SSH, with the MTU sweep and a
// live capture alongside. The CPEs that could not be collected, or only in
// part, are added to failed (collection.go).
func collectLive(ctx context.Context, p *profile.Profile, cpes []string, l *Live, skip *[]string, failed *[]checks.CollectionFailure) (*evidence.Site, error) {
	w := newWatcher()
	lo := collectors.LiveOptions{
		Dial:             w.dial(l.Dial),
		SampleInterval:   l.SampleInterval,
		Progress:         l.Progress,
		Transcripts:      l.Transcripts,
		Clock:            l.Clock,
		Sleep:            l.Sleep,
		MTUSweepDeadline: l.MTUSweepDeadline,
	}
	if l.Early != nil {
		lo.FirstSample = func(cpe string, ev *evidence.CPE, wait time.Duration) {
			l.Early(judgeEarly(p, cpe, ev, wait, *skip))
		}
	}
	if l.MTUSweep {
		lo.MTUTargets = func(cpe string, ev *evidence.CPE) []evidence.MTUTarget { return checks.MTUTargets(p, cpe, ev) }
	} else {
		*skip = append(*skip, "mtu.path") // not measured on request: skipped, not unknown
	}
	var stopCapture func() *evidence.Packets
	if l.Capture != nil && l.Capture.Iface != "" {
		stopCapture = startCapture(ctx, *l.Capture)
	}
	site, err := collectors.Collect(ctx, p, cpes, lo)
	if site != nil {
		*failed = w.failures(p, site, cpes)
	}
	if stopCapture != nil {
		pk := stopCapture()
		if site != nil && pk != nil {
			site.Packets = pk
			site.Notes = append(site.Notes, pk.Notes...)
		}
	}
	return site, err
}

// startCapture starts a live capture and returns the function that stops
// it and hands over what it saw. A capture that fails (no privilege, no
// interface) becomes a note, not the end of the run.
func startCapture(ctx context.Context, c CaptureOptions) func() *evidence.Packets {
	cctx, cancel := context.WithCancel(ctx)
	type result struct {
		p   *evidence.Packets
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := capture.Live(cctx, c.Iface, c.Timeout, c.Write)
		done <- result{p, err}
	}()
	return func() *evidence.Packets {
		cancel()
		r := <-done
		if r.err != nil {
			if r.p == nil {
				r.p = &evidence.Packets{}
			}
			r.p.Notes = append(r.p.Notes, "capture: "+r.err.Error())
		}
		return r.p
	}
}

// AddressLabels names the profile's addresses in packet summaries, so a
// line reads "192.0.2.1(cpe1) > 198.51.100.1(tunnel1 DI IPsec)".
func AddressLabels(p *profile.Profile) map[netip.Addr]string {
	if p == nil {
		return nil
	}
	l := map[netip.Addr]string{}
	for _, t := range p.Tunnels {
		l[t.IPsecLocal] = t.CPE
		l[t.GRESource] = t.CPE
		l[t.IPsecPeer] = t.Name + " DI IPsec"
		if t.GREDestination != t.IPsecPeer {
			l[t.GREDestination] = t.Name + " DI GRE"
		}
	}
	return l
}
