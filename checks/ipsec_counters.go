package checks

import (
	"fmt"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// flowSamples returns the tunnel's flow in the first and last usable
// samples of show crypto ipsec sa.
func flowSamples(t *profile.Tunnel, ev *evidence.CPE) (a, b parsers.IPsecFlow, oa, ob *evidence.Output, res *Result) {
	outs, why := usable[[]parsers.IPsecFlow](cmdIPsec, ev.Find(parsers.KindIPsecSA, "*"))
	if why != "" {
		r := unknown(why)
		return a, b, nil, nil, &r
	}
	if len(outs) < 2 {
		r := onlyOneSample(cmdIPsec)
		return a, b, nil, nil, &r
	}
	oa, ob = outs[0], outs[len(outs)-1]
	fa, _ := parsedAs[[]parsers.IPsecFlow](oa)
	fb, _ := parsedAs[[]parsers.IPsecFlow](ob)
	var okA, okB bool
	a, okA = bestFlow(t, fa)
	b, okB = bestFlow(t, fb)
	if !okA || !okB {
		r := unknown("no IPsec flow to " + t.IPsecPeer.String() + " in both samples (see ipsec.sa-present)")
		return a, b, oa, ob, &r
	}
	return a, b, oa, ob, nil
}

// minCounterWindow is the shortest time between two samples over which
// flat counters mean something: GRE keepalives (DI's default period is
// 10 s) are the only traffic a tunnel is sure to carry, so two samples
// closer than that can both fall between keepalives on a healthy but idle
// tunnel.
const minCounterWindow = 10 * time.Second

// tooShortToJudge returns an unknown result when the samples are known to
// be closer than minCounterWindow and a counter did not move: the absence of
// traffic is then not evidence of a fault.
func tooShortToJudge(oa, ob *evidence.Output, what string) *Result {
	gap := sampleGap(oa, ob)
	if gap <= 0 || gap >= minCounterWindow {
		return nil
	}
	r := unknown(fmt.Sprintf("%s did not move in the %s between samples, shorter than the %s GRE keepalive period: "+
		"an idle but healthy tunnel can look like that; take samples at least %s apart (--sample-interval)",
		what, gap.Round(100*time.Millisecond), minCounterWindow, minCounterWindow))
	return &r
}

func interval(oa, ob *evidence.Output) string {
	if d := sampleGap(oa, ob); d > 0 {
		return " in " + d.String()
	}
	return " between samples"
}

func checkIPsecCountersRising(t *profile.Tunnel, ev *evidence.CPE) Result {
	a, b, oa, ob, res := flowSamples(t, ev)
	if res != nil {
		return *res
	}
	if b.PktsEncaps < a.PktsEncaps || b.PktsDecaps < a.PktsDecaps {
		return unknown("IPsec counters went down between samples (cleared, or the SA was re-created); take two new samples")
	}
	de, dd := b.PktsEncaps-a.PktsEncaps, b.PktsDecaps-a.PktsDecaps
	if de == 0 || dd == 0 {
		if res := tooShortToJudge(oa, ob, "an IPsec packet counter"); res != nil {
			return *res
		}
	}
	r := Result{Expected: "encaps and decaps both rising",
		Observed: fmt.Sprintf("encaps +%d, decaps +%d%s", de, dd, interval(oa, ob)),
		Evidence: withCitations(
			citeLines(ev.Name, oa, linesWith(oa, a.Span, "#pkts encaps", "#pkts decaps")...),
			citeLines(ev.Name, ob, linesWith(ob, b.Span, "#pkts encaps", "#pkts decaps")...))}
	switch {
	case de > 0 && dd > 0:
		r.Status, r.Summary = Pass, "ESP flows both ways: encaps and decaps both rising"
	case de > 0:
		r.Status = Fail
		r.Summary = "one-way: the CPE encrypts but receives nothing back (DI is not returning ESP, or something on the path drops it)"
		r.Hint = "The CPE sends ESP but none comes back: check that UDP 4500/ESP (IP protocol 50) from " + t.IPsecPeer.String() +
			" is allowed inbound by any firewall in front of the CPE, then ask Cisco TAC whether DI receives and answers it."
	case dd > 0:
		r.Status = Fail
		r.Summary = "one-way: the CPE decrypts but sends nothing into the tunnel (routing to the tunnel, or the crypto ACL not matching GRE)"
		r.Hint = "DI's traffic arrives but the CPE sends nothing back: check that GRE to " + t.GREDestination.String() +
			" leaves through the crypto map / tunnel protection and that the tunnel interface is up."
	default:
		r.Status = Fail
		r.Summary = "no traffic through IPsec: encaps and decaps both flat (GRE keepalives and BGP alone should make both rise)"
		r.Hint = "Nothing is sent into the tunnel: enable GRE keepalives on the tunnel interface and check that BGP to " +
			t.DITunnelIP.String() + " is configured, so traffic triggers and uses the tunnel."
	}
	return r
}

func checkIPsecErrors(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, flows, why := ipsecFlows(ev)
	if why != "" {
		return unknown(why)
	}
	f, ok := bestFlow(t, flows)
	if !ok {
		return unknown("no IPsec flow to " + t.IPsecPeer.String() + " (see ipsec.sa-present)")
	}
	total, names := errorTotal(f)
	errLines := linesWith(o, f.Span, "#pkts no sa", "encaps failed", "invalid prot", "invalid identity", "replay", "internal err")
	if total == 0 {
		c := citeLines(ev.Name, o, errLines...)
		if c == nil {
			c = cite(ev.Name, o, headSpan(f.Span, 4))
		}
		return Result{Status: Pass, Summary: "no IPsec error counters", Expected: "error counters zero or not rising",
			Observed: "all zero", Evidence: c}
	}
	a, b, oa, ob, res := flowSamples(t, ev)
	if res != nil {
		r := *res
		r.Summary = fmt.Sprintf("IPsec error counters are non-zero (%v) and whether they are rising is unknown: %s", names, r.Summary)
		return r
	}
	ta, _ := errorTotal(a)
	tb, namesB := errorTotal(b)
	r := Result{Expected: "error counters zero or not rising",
		Observed: fmt.Sprintf("errors %d -> %d%s (%v)", ta, tb, interval(oa, ob), namesB),
		Evidence: withCitations(citeLines(ev.Name, oa, linesWith(oa, a.Span, "#pkts no sa", "failed", "invalid", "err")...),
			citeLines(ev.Name, ob, linesWith(ob, b.Span, "#pkts no sa", "failed", "invalid", "err")...))}
	if tb > ta {
		r.Status, r.Summary = Warn, "IPsec error counters are rising"
	} else {
		r.Status, r.Summary = Pass, "IPsec error counters are non-zero but not rising (old errors)"
	}
	return r
}
