package checks

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
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
	ipMTU     int    // "ip mtu", or the transport MTU less GRE
	ipMTUHow  string // "ip mtu 1400" or "default (no ip mtu) 1476"
	plain     int    // IPsec plaintext MTU (0 when unknown)
	maxIP     int    // plain less GRE (0 when plain is unknown)
	claim     int    // min(ipMTU, maxIP)
	mss       int    // ip tcp adjust-mss (0 when not set)
	citations []Citation
}

// claimedMTU reads the tunnel's claim from the running-config and the
// IPsec SA (plaintext mtu) when there is one.
func claimedMTU(t *profile.Tunnel, ev *evidence.CPE) (mtuClaim, *Result) {
	ti, res := mtuIface(t, ev)
	if res != nil {
		return mtuClaim{}, res
	}
	c := mtuClaim{ti: ti, mss: ti.Cfg.AdjustMSS}
	c.ipMTU, c.ipMTUHow = ti.Cfg.IPMTU, fmt.Sprintf("ip mtu %d", ti.Cfg.IPMTU)
	if c.ipMTU == 0 {
		transport := 1500
		if s := ti.Show(); s != nil && s.Rec.TunnelTransportMTU > 0 {
			transport = s.Rec.TunnelTransportMTU
		}
		c.ipMTU = transport - greOverhead(ti)
		c.ipMTUHow = fmt.Sprintf("default (no ip mtu) %d", c.ipMTU)
	}
	c.citations = citeLines(ev.Name, ti.CfgOut, append(cfgLinesWith(ti, "ip mtu", "adjust-mss"), ti.Cfg.Span.Start)...)
	c.claim = c.ipMTU
	if o, flows, why := ipsecFlows(ev); why == "" {
		if f, ok := bestFlow(t, flows); ok && f.PlaintextMTU > 0 {
			c.plain = f.PlaintextMTU
			c.maxIP = c.plain - greOverhead(ti)
			c.claim = min(c.claim, c.maxIP)
			c.citations = append(c.citations, citeLines(ev.Name, o, linesWith(o, f.Span, "plaintext mtu")...)...)
		}
	}
	return c, nil
}

// pingSource is what the tunnel's pings are sourced from: the interface,
// or the CPE tunnel address when the interface is not known.
func pingSource(t *profile.Tunnel, iface string) string {
	if iface != "" {
		return iface
	}
	return t.CPETunnelIP.Addr().String()
}

// MTUTarget is one tunnel whose path MTU a collector should measure: DF
// pings to Target sourced from Source, up to Hi bytes.
type MTUTarget struct {
	Tunnel, Target, Source string
	Hi                     int
}

// MTUTargets returns the tunnels of cpe to measure, read from what has been
// collected so far: the size to reach is what the configuration claims
// (1476, the transport less GRE, when the config is not readable). A tunnel
// whose interface is down is left out: no DF ping can cross it, and the
// lower rungs already say why.
func MTUTargets(p *profile.Profile, cpe string, ev *evidence.CPE) []MTUTarget {
	var out []MTUTarget
	for i := range p.Tunnels {
		t := &p.Tunnels[i]
		if t.CPE != cpe {
			continue
		}
		ti := findInterface(t, ev)
		if s := ti.Show(); s != nil && !s.Rec.LineUp() {
			continue
		}
		hi := 1500 - 24
		if c, res := claimedMTU(t, ev); res == nil {
			hi = c.claim
		}
		out = append(out, MTUTarget{Tunnel: t.Name, Target: t.DITunnelIP.String(), Source: pingSource(t, ti.Name), Hi: hi})
	}
	return out
}

// dfProbe is one DF ping to the DI tunnel IP from the tunnel.
type dfProbe struct {
	out  *evidence.Output
	ping *parsers.Ping
}

// dfPings returns the tunnel's DF pings, in collection order: to the DI
// tunnel IP, DF set, from the CPE tunnel address when the output says.
func dfPings(t *profile.Tunnel, ev *evidence.CPE) []dfProbe {
	var out []dfProbe
	for _, o := range evidence.Parsed(ev.Find(parsers.KindPing, t.DITunnelIP.String())) {
		p, ok := parsedAs[*parsers.Ping](o)
		if !ok || p == nil || !p.DF || p.Sent == 0 {
			continue
		}
		if a, err := netip.ParseAddr(p.Source); err == nil && a != t.CPETunnelIP.Addr() {
			continue
		}
		out = append(out, dfProbe{o, p})
	}
	return out
}

// withoutDFPings drops the DF pings (the MTU sweep's probes, which fail by
// design above the path MTU) from outs, so the tunnel-IP ping check reads
// only plain pings.
func withoutDFPings(outs []*evidence.Output) []*evidence.Output {
	var keep []*evidence.Output
	for _, o := range outs {
		if p, ok := parsedAs[*parsers.Ping](o); ok && p != nil && p.DF {
			continue
		}
		keep = append(keep, o)
	}
	return keep
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
	if first.out.At.IsZero() || last.out.At.IsZero() {
		return 0
	}
	lastRun := time.Duration(last.ping.Timeouts) * last.ping.Timeout
	lastRun += time.Duration(last.ping.Received) * last.ping.RTTAvg
	return last.out.At.Sub(first.out.At) + lastRun
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

func checkMTUPath(t *profile.Tunnel, ev *evidence.CPE) Result {
	c, res := claimedMTU(t, ev)
	if res != nil {
		return *res
	}
	verify := cmdDFPing(t, pingSource(t, c.ti.Name), c.claim)
	probes := dfPings(t, ev)
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
			r.Evidence = append(r.Evidence, cite(ev.Name, p.out, p.ping.Span)...)
		}
	}
	r.Evidence = append(r.Evidence, c.citations...)
	switch {
	case f.largest != nil && f.largest.ping.Size >= c.claim:
		return mtuPathPass(r, c, f)
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
	return mtuPathFail(t, r, c, f)
}

// mtuPathPass: the path carries the claim; the MSS must still fit what was
// measured.
func mtuPathPass(r Result, c mtuClaim, f sweepFacts) Result {
	got := f.largest.ping.Size
	r.Status = Pass
	r.Observed = fmt.Sprintf("a DF ping of %d bytes passes (%s)", got, f.describe())
	if f.failed != nil {
		r.Observed += fmt.Sprintf("; %d bytes does not (%s)", f.failed.ping.Size, f.failed.ping.Marks)
	}
	r.Summary = fmt.Sprintf("the path through %s carries %d-byte packets without fragmenting, as the configuration claims (%d)", c.ti.Name, got, c.claim)
	if c.mss > 0 && c.mss > got-40 {
		r.Status = Warn
		r.Summary = fmt.Sprintf("ip tcp adjust-mss %d on %s is above the measured %d - 40 = %d: full-size TCP segments will not fit", c.mss, c.ti.Name, got, got-40)
		r.Hint = fmt.Sprintf("Set `ip tcp adjust-mss %d` (or lower) on %s.", got-40, c.ti.Name)
	}
	return r
}

// mtuPathFail: the path is smaller than the claim. "M" replies mean ICMP
// fragmentation needed comes back (PMTUD can adapt); silence means it does
// not (a black hole).
func mtuPathFail(t *profile.Tunnel, r Result, c mtuClaim, f sweepFacts) Result {
	failed := f.failed
	blackHole := failed.ping.FragNeeded == 0
	got, measured := 0, "no DF ping got a reply"
	if f.largest != nil {
		got = f.largest.ping.Size
		measured = fmt.Sprintf("%d bytes", got)
	}
	r.Status = Fail
	r.Observed = fmt.Sprintf("largest DF ping that passes: %s; %d bytes gets %q (%s)", measured, failed.ping.Size, failed.ping.Marks, f.describe())
	what := "fragmentation needed is reported (\"M\"): PMTUD can adapt, but each too-large packet is first dropped"
	if blackHole {
		what = "no reply at all (\".\"): a PMTUD black hole, ICMP fragmentation needed is filtered on the path; small packets and TCP handshakes work while calls and transfers hang"
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
		r.Summary += fmt.Sprintf("; ip tcp adjust-mss %d is above %d - 40 = %d", c.mss, fix, fix-40)
	}
	hint := fmt.Sprintf("Set `ip mtu %d` and `ip tcp adjust-mss %d` (or lower) on %s so packets fit the path", fix, fix-40, c.ti.Name)
	if got == 0 {
		hint = fmt.Sprintf("Find the size that passes (`ping %s size N df-bit source %s repeat 2` with smaller N), then set `ip mtu` to it and `ip tcp adjust-mss` 40 below on %s", t.DITunnelIP, pingSource(t, c.ti.Name), c.ti.Name)
	}
	if blackHole {
		hint += ", and allow ICMP type 3 code 4 (fragmentation needed) back to the CPE on the underlay path so PMTUD works"
	} else {
		hint += "; PMTUD already sees the smaller path (ICMP type 3 code 4 arrives), keep it allowed"
	}
	r.Hint = hint + "."
	return r
}
