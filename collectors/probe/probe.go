package probe

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"sync"
	"time"

	probing "github.com/prometheus-community/pro-bing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Target is one address to probe.
type Target struct {
	Addr netip.Addr
	Name string
	Kind evidence.ProbeKind
}

// Targets returns the profile's probes: as targets (validation has already
// filled in each kind).
func Targets(p *profile.Profile) []Target {
	var out []Target
	for _, pr := range p.Probes {
		out = append(out, Target{Addr: pr.Address, Name: pr.Name, Kind: evidence.ProbeKind(pr.Kind)})
	}
	return out
}

// Options bound a probe run. Zero fields take the defaults below.
type Options struct {
	// Count echo requests per target, Interval apart.
	Count    int
	Interval time.Duration
	// Timeout is how long a reply may take: a later one counts as lost,
	// as a voice packet that late would be.
	Timeout time.Duration
	// Size is the ICMP payload in bytes (default 172: a G.711 20 ms RTP
	// packet is 200 bytes of IP, 172 of payload after IP and ICMP headers).
	Size int
	// Privilege is how to send; nil runs Detect.
	Privilege *Privilege
}

// Defaults for Options.
const (
	DefaultCount    = 20
	DefaultInterval = 200 * time.Millisecond
	DefaultTimeout  = time.Second
	DefaultSize     = 172
)

func (o Options) withDefaults() Options {
	if o.Count <= 0 {
		o.Count = DefaultCount
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Size <= 0 {
		o.Size = DefaultSize
	}
	return o
}

// Deadline is the longest one target's probe can take: the requests, then
// the reply timeout for the last one.
func (o Options) Deadline() time.Duration {
	o = o.withDefaults()
	return time.Duration(o.Count-1)*o.Interval + o.Timeout
}

// Run probes every target concurrently and returns what came back. It
// never fails: a target that could not be probed carries the reason.
// Each target stops at Options.Deadline, and everything at ctx's deadline.
func Run(ctx context.Context, targets []Target, o Options) *evidence.Probes {
	o = o.withDefaults()
	priv := Detect()
	if o.Privilege != nil {
		priv = *o.Privilege
	}
	out := &evidence.Probes{Started: time.Now(), Count: o.Count, Interval: o.Interval, Timeout: o.Timeout,
		Results: make([]evidence.ProbeResult, len(targets))}
	if priv.Mode != NoICMP {
		out.Method = priv.Mode.String()
	}
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out.Results[i] = probeOne(ctx, t, o, priv)
		}()
	}
	wg.Wait()
	out.Duration = time.Since(out.Started)
	return out
}

// reply is one echo reply: its sequence number and round-trip time.
type reply struct {
	seq int
	rtt time.Duration
}

func probeOne(ctx context.Context, t Target, o Options, priv Privilege) evidence.ProbeResult {
	r := evidence.ProbeResult{Addr: t.Addr, Name: t.Name, Kind: t.Kind}
	if priv.Mode == NoICMP {
		r.Unavailable = priv.Why
		return r
	}
	start := time.Now()
	p := probing.New(t.Addr.String())
	p.SetIPAddr(&net.IPAddr{IP: t.Addr.AsSlice()})
	p.SetPrivileged(priv.Mode == Raw)
	p.SetLogger(probing.NoopLogger{})
	p.Count, p.Interval, p.Size = o.Count, o.Interval, o.Size
	// pro-bing's Timeout bounds the whole run; replies still missing then
	// are lost.
	p.Timeout = o.Deadline()
	var mu sync.Mutex
	var replies []reply
	p.OnRecv = func(pkt *probing.Packet) {
		mu.Lock()
		replies = append(replies, reply{pkt.Seq, pkt.Rtt})
		mu.Unlock()
	}
	// The context is a second bound: pro-bing's timer runs only once the
	// socket is open.
	cctx, cancel := context.WithTimeout(ctx, o.Deadline()+time.Second)
	defer cancel()
	err := p.RunWithContext(cctx)
	r.Duration = time.Since(start)
	r.Sent = p.Statistics().PacketsSent
	if err != nil && r.Sent == 0 {
		r.Err = err.Error()
		return r
	}
	if err != nil && ctx.Err() != nil {
		r.Err = fmt.Sprintf("stopped after %s: %v", r.Duration.Round(time.Millisecond), ctx.Err())
	}
	mu.Lock()
	defer mu.Unlock()
	fill(&r, replies, o.Timeout)
	return r
}

// fill computes the statistics from the replies, in sequence order,
// counting a reply later than timeout as lost.
func fill(r *evidence.ProbeResult, replies []reply, timeout time.Duration) {
	sort.Slice(replies, func(i, j int) bool { return replies[i].seq < replies[j].seq })
	var sum time.Duration
	for _, x := range replies {
		if x.rtt > timeout {
			continue
		}
		if len(r.RTTs) == 0 || x.rtt < r.Min {
			r.Min = x.rtt
		}
		r.Max = max(r.Max, x.rtt)
		sum += x.rtt
		r.RTTs = append(r.RTTs, x.rtt)
	}
	r.Received = len(r.RTTs)
	if r.Received > 0 {
		r.Avg = sum / time.Duration(r.Received)
	}
	r.Jitter = checks.Jitter(r.RTTs)
}
