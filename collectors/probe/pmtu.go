package probe

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// PMTUOptions bound a DF sweep. Zero fields take the defaults.
type PMTUOptions struct {
	// Min is a size every IPv4 path carries (576, RFC 791); Max the
	// largest size tried (1500, Ethernet). Both are whole IP packets.
	Min, Max int
	// Timeout is how long one try waits for its reply.
	Timeout time.Duration
	// Privilege is how to send; nil runs Detect.
	Privilege *Privilege
}

func (o PMTUOptions) withDefaults() PMTUOptions {
	if o.Min <= 0 {
		o.Min = 576
	}
	if o.Max <= 0 {
		o.Max = 1500
	}
	if o.Timeout <= 0 {
		o.Timeout = time.Second
	}
	return o
}

// Outcomes of one try.
const (
	outReply  = "reply"
	outSilent = "silent"
	outTooBig = "too big" // the local stack refused it (interface MTU)
)

// tryFunc sends one DF echo of size bytes (whole IP packet) and says what
// happened: outReply, outSilent, outTooBig or "frag needed MTU N" with the
// MTU the router reported (0 when it did not say).
type tryFunc func(ctx context.Context, size int) (outcome string, mtu int, err error)

// PMTU finds the largest DF packet that reaches target and is answered,
// by binary search between opts.Min and opts.Max. Silence at a size is a
// probable limit, not a proof (a reply can be lost): it is tried a second
// time before it counts, because routers in a PMTUD black hole never say
// "fragmentation needed" and the socket would not tell us if they did.
func PMTU(ctx context.Context, target netip.Addr, o PMTUOptions) evidence.PMTUResult {
	o = o.withDefaults()
	priv := Detect()
	if o.Privilege != nil {
		priv = *o.Privilege
	}
	res := evidence.PMTUResult{Addr: target}
	if priv.Mode == NoICMP {
		res.Why = priv.Why
		return res
	}
	if !target.Is4() {
		res.Why = "the DF sweep is IPv4 only"
		return res
	}
	try, closer, err := openDF(target, priv.Mode, o.Timeout)
	if err != nil {
		res.Why = err.Error()
		return res
	}
	defer closer()
	start := time.Now()
	sweep(ctx, try, o, &res)
	res.Duration = time.Since(start)
	return res
}

// sweep is the search, apart from the socket so that tests can drive it
// with a fake path.
func sweep(ctx context.Context, try tryFunc, o PMTUOptions, res *evidence.PMTUResult) {
	// attempt tries a size, once more when it was silent, and records the
	// steps; it reports whether the size got through.
	attempt := func(size int) (ok bool, failed string, mtu int, err error) {
		for n := 0; n < 2; n++ {
			out, m, err := try(ctx, size)
			if err != nil {
				return false, "", 0, err
			}
			res.Steps = append(res.Steps, evidence.PMTUStep{Size: size, Outcome: out})
			switch out {
			case outReply:
				return true, "", 0, nil
			case outSilent:
				continue
			default:
				return false, out, m, nil
			}
		}
		return false, "silent twice", 0, nil
	}
	ok, why, _, err := attempt(o.Min)
	switch {
	case err != nil:
		res.Why = err.Error()
		return
	case !ok:
		res.Why = fmt.Sprintf("no reply to a %d-byte DF echo (%s): the target does not answer ICMP, or the path is down", o.Min, why)
		return
	}
	good, bad, next := o.Min, o.Max+1, o.Max // the common case, a clean path, in one try
	for bad-good > 1 {
		if ctx.Err() != nil {
			res.Why = fmt.Sprintf("stopped at the deadline between %d and %d bytes", good, bad)
			break
		}
		mid := good + (bad-good+1)/2
		if next > good && next < bad {
			mid = next
		}
		next = 0
		ok, why, mtu, err := attempt(mid)
		if err != nil {
			res.Why = err.Error()
			break
		}
		if ok {
			good = mid
			continue
		}
		bad, res.Limit = mid, fmt.Sprintf("%d bytes: %s", mid, why)
		// A router that names its MTU shortens the search: nothing above
		// it passes, and it is the size to try next.
		if mtu > good && mtu < bad {
			bad, next = mtu+1, mtu
		}
	}
	res.Largest = good
}
