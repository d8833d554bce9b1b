package evidence

import (
	"net/netip"
	"time"
)

// ProbeKind says what a local probe target is, which decides how silence is
// read: an underlay target (a DI IPsec or GRE peer) may filter ICMP, so no
// reply there is unknown; a voice target (an address inside the DI or IaaS
// /24, reached through the tunnels) is the path calls take, so no reply is
// a fault.
type ProbeKind string

// The probe kinds.
const (
	ProbeUnderlay ProbeKind = "underlay"
	ProbeVoice    ProbeKind = "voice"
)

// Probes is what local ICMP probes from the machine vcdiag runs on showed
// (built by collectors/probe; checks read it without knowing how).
type Probes struct {
	// Method is how the probes were sent: "unprivileged ICMP (ping socket)"
	// or "raw ICMP socket"; empty when they could not be sent at all.
	Method string
	// Started is when probing began; Duration the wall time all probes
	// took together (they run concurrently), shown in the report.
	Started  time.Time
	Duration time.Duration
	// Count and Interval are the echo requests sent per target and the
	// time between them; Timeout is how long a reply may take before the
	// request counts as lost.
	Count    int
	Interval time.Duration
	Timeout  time.Duration
	Results  []ProbeResult
	// PMTU holds the local DF sweeps (--pmtu), one per target swept.
	PMTU []PMTUResult
	// Notes are problems not tied to one target.
	Notes []string
}

// ProbeResult is one target's echo statistics. RTTs are in sequence order,
// replies only, so consecutive entries are consecutive received packets.
type ProbeResult struct {
	Addr netip.Addr
	Name string
	Kind ProbeKind
	// Sent and Received count echo requests and in-time replies (a reply
	// later than Probes.Timeout counts as lost, as a late voice packet is).
	Sent, Received int
	RTTs           []time.Duration
	// Min, Avg, Max and Jitter are computed from RTTs by the collector
	// (Jitter: mean absolute difference of consecutive RTTs).
	Min, Avg, Max, Jitter time.Duration
	Duration              time.Duration
	// Unavailable is why the probe could not run (no ICMP privilege, with
	// the fix); Sent is then 0 and the target is unknown, never failed.
	Unavailable string
	// Err is an error that ended the probe early (no route to host).
	Err string
}

// Loss is the lost fraction of requests in percent (0 when none was sent).
func (r *ProbeResult) Loss() float64 {
	if r.Sent == 0 {
		return 0
	}
	return float64(r.Sent-r.Received) / float64(r.Sent) * 100
}

// PMTUStep is one size tried by a DF sweep.
type PMTUStep struct {
	// Size is the whole IP packet in bytes (ICMP payload + 28).
	Size int
	// Outcome is "reply", "silent" (no reply within the timeout),
	// "too big" (the local stack refused it: larger than the interface
	// MTU) or "frag needed MTU N" (a router said so).
	Outcome string
}

// PMTUResult is the largest DF packet that reached a target and replied.
type PMTUResult struct {
	Addr netip.Addr
	// Largest is the largest IP packet size that got a reply; 0 when
	// none did (Why says why).
	Largest int
	// Limit is the smallest size that failed and how ("silent twice",
	// "frag needed MTU 1400"), empty when the upper bound passed.
	Limit    string
	Steps    []PMTUStep
	Duration time.Duration
	Why      string
}
