package checks

import (
	"fmt"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 7, measured: the other MTU checks read what the configuration
// claims; mtu.path reads what DF-bit pings through the tunnel show the path
// carries. A path smaller than the claim either reports it ("M": ICMP
// fragmentation needed reaches the CPE, PMTUD can adapt, at a cost) or
// silently drops the packets ("."): a PMTUD black hole, where small pings
// and TCP handshakes work while calls and transfers hang.

// mtuClaim is the largest packet the configuration says the tunnel
// carries: the tunnel's IP MTU, capped by the IPsec plaintext MTU less GRE.
type mtuClaim struct {
	ti        tunnelIface
	ipMTU     int    // the tunnel's IP MTU, or the transport MTU less GRE
	ipMTUHow  string // "IP MTU 1400" or "default (no IP MTU set) 1476"
	plain     int    // IPsec plaintext MTU (0 when unknown)
	maxIP     int    // plain less GRE (0 when plain is unknown)
	claim     int    // min(ipMTU, maxIP)
	mss       int    // the TCP MSS adjustment (0 when not set)
	citations []Citation
}

// claimedMTU reads the tunnel's claim from its configuration and the
// IPsec SA (plaintext mtu) when there is one.
func claimedMTU(t *profile.Tunnel, cpe *evidence.CPE) (mtuClaim, *Result) {
	ti, res := mtuIface(t, cpe)
	if res != nil {
		return mtuClaim{}, res
	}
	c := mtuClaim{ti: ti, mss: ti.Cfg.AdjustMSS}
	c.ipMTU, c.ipMTUHow = ti.Cfg.IPMTU, fmt.Sprintf("IP MTU %d", ti.Cfg.IPMTU)
	if c.ipMTU == 0 && ti.Cfg.IPMTUUnknown {
		r := unknown("the IP MTU of " + ti.Name + " is not shown by what was collected")
		return mtuClaim{}, &r
	}
	if c.ipMTU == 0 {
		transport := 1500
		if s := ti.State(); s != nil && s.TransportMTU > 0 {
			transport = s.TransportMTU
		}
		c.ipMTU = transport - greOverhead(ti)
		c.ipMTUHow = fmt.Sprintf("default (no IP MTU set) %d", c.ipMTU)
	}
	c.citations = citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrHead, evidence.AttrMTU, evidence.AttrMSS)
	c.claim = c.ipMTU
	if v := childFor(t, cpe); v.found {
		if ch, ok := bestChild(t, v.listing.Items); ok && ch.PlaintextMTU > 0 {
			c.plain = ch.PlaintextMTU
			c.maxIP = c.plain - greOverhead(ti)
			c.claim = min(c.claim, c.maxIP)
			c.citations = append(c.citations, citeAttr(cpe.Name, ch.Ref, evidence.AttrMTU)...)
		}
	}
	return c, nil
}

// MTUTargets returns the tunnels of cpe to measure, read from what has been
// collected so far: the size to reach is what the configuration claims
// (1476, the transport less GRE, when the config is not readable). A tunnel
// whose interface is down is left out: no DF ping can cross it, and the
// lower rungs already say why.
func MTUTargets(p *profile.Profile, cpe string, ev *evidence.CPE) []evidence.MTUTarget {
	var out []evidence.MTUTarget
	for i := range p.Tunnels {
		t := &p.Tunnels[i]
		if t.CPE != cpe {
			continue
		}
		if t.Site == nil {
			t.Site = p
		}
		ti := findInterface(t, ev)
		if s := ti.State(); s != nil && !(s.Up && s.LineUp) {
			continue
		}
		hi := 1500 - 24
		if c, res := claimedMTU(t, ev); res == nil {
			hi = c.claim
		}
		out = append(out, evidence.MTUTarget{Tunnel: t.Name, Target: t.DITunnelIP.String(), Source: pingSource(t, ti.Name),
			SourceAddr: t.CPETunnelIP.Addr().String(), Hi: hi})
	}
	return out
}

// dfProbe is one DF ping to the DI tunnel IP from the tunnel.
type dfProbe struct {
	ping evidence.Ping
}

// dfPings returns the tunnel's DF pings with an answer count, in
// collection order.
func dfPings(t *profile.Tunnel, cpe *evidence.CPE, iface string) []dfProbe {
	var out []dfProbe
	for _, p := range tunnelPings(t, cpe, iface, true) {
		if p.Sent > 0 {
			out = append(out, dfProbe{p})
		}
	}
	return out
}

// sweepFacts is what the DF pings show.
type sweepFacts struct {
	largest, failed *dfProbe // largest size answered; smallest larger size not answered
	smallestFailed  *dfProbe // smallest size not answered at all (when nothing passed)
	took            time.Duration
	n               int
}

func readSweep(probes []dfProbe) sweepFacts {
	f := sweepFacts{n: len(probes)}
	for i := range probes {
		p := &probes[i]
		if p.ping.Received > 0 && (f.largest == nil || p.ping.Size > f.largest.ping.Size) {
			f.largest = p
		}
	}
	for i := range probes {
		p := &probes[i]
		if p.ping.Received > 0 {
			continue
		}
		if f.smallestFailed == nil || p.ping.Size < f.smallestFailed.ping.Size {
			f.smallestFailed = p
		}
		if f.largest != nil && p.ping.Size > f.largest.ping.Size && (f.failed == nil || p.ping.Size < f.failed.ping.Size) {
			f.failed = p
		}
	}
	if f.largest == nil {
		f.failed = f.smallestFailed
	}
	f.took = sweepDuration(probes)
	return f
}

// sweepDuration is from the first probe's start to the last one's end, the
// last one's run time estimated as IOS spends it: its timeouts plus the
// round trips. Zero when the outputs have no time.
func sweepDuration(probes []dfProbe) time.Duration {
	first, last := probes[0], probes[len(probes)-1]
	fo, lo := first.ping.Ref.Out, last.ping.Ref.Out
	if fo == nil || lo == nil || fo.At.IsZero() || lo.At.IsZero() {
		return 0
	}
	lastRun := time.Duration(last.ping.Timeouts) * last.ping.Timeout
	lastRun += time.Duration(last.ping.Received) * last.ping.RTTAvg
	return lo.At.Sub(fo.At) + lastRun
}

func (f sweepFacts) describe() string {
	s := fmt.Sprintf("%d DF ping", f.n)
	if f.n != 1 {
		s += "s"
	}
	switch {
	case f.took >= time.Second:
		s += fmt.Sprintf(" in %s", f.took.Round(100*time.Millisecond))
	case f.took > 0:
		s += fmt.Sprintf(" in %s", f.took.Round(time.Millisecond))
	}
	return s
}

func checkMTUPath(t *profile.Tunnel, cpe *evidence.CPE) Result {
	c, res := claimedMTU(t, cpe)
	if res != nil {
		return *res
	}
	verify := cpe.Words().Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: t.DITunnelIP,
		Source: pingSource(t, c.ti.Name), Size: c.claim})
	probes := dfPings(t, cpe, c.ti.Name)
	if len(probes) == 0 {
		r := unknown("no DF ping through " + c.ti.Name + " to " + t.DITunnelIP.String() +
			" was collected, so the path MTU was not measured: run `" + verify + "` (vcdiag run does, unless --mtu-sweep=false)")
		r.Verify = verify
		return r
	}
	f := readSweep(probes)
	expected := fmt.Sprintf("DF pings of %d bytes cross the tunnel (%s", c.claim, c.ipMTUHow)
	if c.plain > 0 {
		expected += fmt.Sprintf("; plaintext mtu %d - GRE %d = %d", c.plain, greOverhead(c.ti), c.maxIP)
	}
	expected += ")"
	r := Result{Expected: expected, Verify: verify}
	for _, p := range []*dfProbe{f.largest, f.failed} {
		if p != nil {
			r.Evidence = append(r.Evidence, citeRef(cpe.Name, p.ping.Ref, evidence.AttrHead)...)
		}
	}
	r.Evidence = append(r.Evidence, c.citations...)
	switch {
	case f.largest != nil && f.largest.ping.Size >= c.claim:
		return mtuPathPass(cpe, r, c, f)
	case f.failed == nil || f.failed.ping.Size > c.claim:
		// Every size tried up to the largest passed, and none at the
		// claim was tried: the measurement stops short of the question.
		// Either every size tried passed and none reached the claim, or
		// only sizes above the claim were tried: the measurement does not
		// answer the question.
		r.Status = Unknown
		if f.largest != nil {
			r.Observed = fmt.Sprintf("largest DF ping that passes: %d bytes; none of %d bytes or more was collected (%s)", f.largest.ping.Size, c.claim, f.describe())
			r.Summary = fmt.Sprintf("the DF pings through %s stop at %d bytes, below the %d the configuration claims: run `%s`", c.ti.Name, f.largest.ping.Size, c.claim, verify)
		} else {
			r.Observed = fmt.Sprintf("only DF pings above %d bytes were collected, none answered (%s)", c.claim, f.describe())
			r.Summary = fmt.Sprintf("no DF ping through %s at or below the %d bytes the configuration claims was collected: run `%s`", c.ti.Name, c.claim, verify)
		}
		return r
	}
	return mtuPathFail(t, cpe, r, c, f)
}

// mtuPathPass: the path carries the claim; the MSS must still fit what was
// measured.
func mtuPathPass(cpe *evidence.CPE, r Result, c mtuClaim, f sweepFacts) Result {
	got := f.largest.ping.Size
	r.Values = map[string]float64{ValueLargestDF: float64(got), ValueClaimedMTU: float64(c.claim)}
	r.Status = Pass
	r.Observed = fmt.Sprintf("a DF ping of %d bytes passes (%s)", got, f.describe())
	if f.failed != nil {
		r.Observed += fmt.Sprintf("; %d bytes does not (%s)", f.failed.ping.Size, f.failed.ping.Marks)
	}
	r.Summary = fmt.Sprintf("the path through %s carries %d-byte packets without fragmenting, as the configuration claims (%d)", c.ti.Name, got, c.claim)
	if c.mss > 0 && c.mss > got-40 {
		r.Status = Warn
		r.Summary = fmt.Sprintf("TCP MSS %d on %s is above the measured %d - 40 = %d: full-size TCP segments will not fit", c.mss, c.ti.Name, got, got-40)
		r.Hint = withFix(fmt.Sprintf("Adjust the TCP MSS on %s to %d or lower.", c.ti.Name, got-40),
			cpe.Words().Fix(evidence.Fix{Key: evidence.FixAdjustMSS, Interface: c.ti.Name, N: got - 40}))
	}
	return r
}

// mtuPathFail: the path is smaller than the claim. Fragmentation-needed
// replies mean ICMP comes back (PMTUD can adapt); silence means it does
// not (a black hole).
func mtuPathFail(t *profile.Tunnel, cpe *evidence.CPE, r Result, c mtuClaim, f sweepFacts) Result {
	failed := f.failed
	blackHole := failed.ping.FragNeeded == 0
	got, measured := 0, "no DF ping got a reply"
	if f.largest != nil {
		got = f.largest.ping.Size
		measured = fmt.Sprintf("%d bytes", got)
	}
	r.Status = Fail
	r.Values = map[string]float64{ValueLargestDF: float64(got), ValueClaimedMTU: float64(c.claim)}
	r.Observed = fmt.Sprintf("largest DF ping that passes: %s; %d bytes gets %q (%s)", measured, failed.ping.Size, failed.ping.Marks, f.describe())
	what := "fragmentation needed is reported: PMTUD can adapt, but each too-large packet is first dropped"
	if blackHole {
		what = "no reply at all: a PMTUD black hole, ICMP fragmentation needed is filtered on the path; small packets and TCP handshakes work while calls and transfers hang"
	}
	if got > 0 {
		r.Summary = fmt.Sprintf("the path through %s carries only %d-byte packets, below the %d the configuration claims; %d bytes gets %s",
			c.ti.Name, got, c.claim, failed.ping.Size, what)
	} else {
		r.Summary = fmt.Sprintf("no DF ping through %s gets a reply, even %d bytes (the configuration claims %d); %s", c.ti.Name, failed.ping.Size, c.claim, what)
	}
	fix := got
	if fix == 0 {
		fix = failed.ping.Size - 1
	}
	if c.mss > fix-40 {
		r.Summary += fmt.Sprintf("; the TCP MSS %d is above %d - 40 = %d", c.mss, fix, fix-40)
	}
	words := cpe.Words()
	hint := withFix(fmt.Sprintf("Set the IP MTU of %s to %d and its TCP MSS to %d (or lower) so packets fit the path", c.ti.Name, fix, fix-40),
		words.Fix(evidence.Fix{Key: evidence.FixIPMTU, Interface: c.ti.Name, N: fix})+" "+
			words.Fix(evidence.Fix{Key: evidence.FixAdjustMSS, Interface: c.ti.Name, N: fix - 40}))
	if got == 0 {
		hint = withFix("Find the size that passes with DF pings of smaller sizes,",
			words.Fix(evidence.Fix{Key: evidence.FixDFPing, Address: t.DITunnelIP, Interface: pingSource(t, c.ti.Name), N: c.claim / 2}))
		hint += fmt.Sprintf(", then set the IP MTU of %s to it and the TCP MSS 40 below", c.ti.Name)
	}
	if blackHole {
		hint += ", and allow ICMP type 3 code 4 (fragmentation needed) back to the CPE on the underlay path so PMTUD works"
	} else {
		hint += "; PMTUD already sees the smaller path (ICMP type 3 code 4 arrives), keep it allowed"
	}
	r.Hint = hint + "."
	return r
}
