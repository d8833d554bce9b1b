package checks

import (
	"fmt"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// childSamples returns the tunnel's child SA in the first and last samples
// of the winning listing of child SAs.
func childSamples(t *profile.Tunnel, cpe *evidence.CPE) (a, b evidence.ChildSA, oa, ob *evidence.Output, res *Result) {
	samples := evidence.Samples(evidence.Covering(cpe.ChildSAs, t.IPsecPeer.String()))
	if len(samples) == 0 {
		r := unknown(cpe.Why(evidence.FamilyChildSA, evidence.Query{Peer: t.IPsecPeer}))
		return a, b, nil, nil, &r
	}
	if len(samples) < 2 {
		r := onlyOneSample(samples[0].Out.Command)
		return a, b, nil, nil, &r
	}
	first, last := samples[0], samples[len(samples)-1]
	oa, ob = first.Out, last.Out
	var okA, okB bool
	a, okA = bestChild(t, first.Items)
	b, okB = bestChild(t, last.Items)
	if !okA || !okB {
		r := unknown("no IPsec SA to " + t.IPsecPeer.String() + " in both samples (see ipsec.sa-present)")
		return a, b, oa, ob, &r
	}
	if !a.HasCounters || !b.HasCounters {
		r := unknown(oa.Command + " gives no packet counters")
		return a, b, oa, ob, &r
	}
	return a, b, oa, ob, nil
}

// minCounterWindow: see evidence.MinCounterWindow. Transcripts can still
// hold samples closer than that.
const minCounterWindow = evidence.MinCounterWindow

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

func checkIPsecCountersRising(t *profile.Tunnel, cpe *evidence.CPE) Result {
	a, b, oa, ob, res := childSamples(t, cpe)
	if res != nil {
		return *res
	}
	if b.Encaps < a.Encaps || b.Decaps < a.Decaps {
		return unknown("IPsec counters went down between samples (cleared, or the SA was re-created); take two new samples")
	}
	de, dd := b.Encaps-a.Encaps, b.Decaps-a.Decaps
	if de == 0 || dd == 0 {
		if res := tooShortToJudge(oa, ob, "an IPsec packet counter"); res != nil {
			return *res
		}
	}
	r := Result{Expected: "encaps and decaps both rising",
		Observed: fmt.Sprintf("encaps +%d, decaps +%d%s", de, dd, interval(oa, ob)),
		Evidence: withCitations(citeRef(cpe.Name, a.Ref, evidence.AttrCounters), citeRef(cpe.Name, b.Ref, evidence.AttrCounters)),
		Values:   map[string]float64{ValueEncapsDelta: float64(de), ValueDecapsDelta: float64(dd)}}
	if gap := sampleGap(oa, ob).Seconds(); gap > 0 {
		r.Values[ValueEncapsRate], r.Values[ValueDecapsRate] = float64(de)/gap, float64(dd)/gap
	}
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
		r.Summary = "one-way: the CPE decrypts but sends nothing into the tunnel (routing to the tunnel, or the crypto selector not matching GRE)"
		r.Hint = "DI's traffic arrives but the CPE sends nothing back: check that GRE to " + t.GREDestination.String() +
			" is sent into the IPsec protection (a crypto selector, or protection bound to the tunnel interface) and that the tunnel interface is up."
	default:
		r.Status = Fail
		r.Summary = "no traffic through IPsec: encaps and decaps both flat (GRE keepalives and BGP alone should make both rise)"
		r.Hint = "Nothing is sent into the tunnel: enable GRE keepalives on the tunnel interface and check that BGP to " +
			t.DITunnelIP.String() + " is configured, so traffic triggers and uses the tunnel."
	}
	return r
}

func checkIPsecErrors(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := childFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	c, ok := bestChild(t, v.listing.Items)
	if !ok {
		return unknown("no IPsec SA to " + t.IPsecPeer.String() + " (see ipsec.sa-present)")
	}
	if !c.HasCounters || c.ErrorsUnknown {
		return unknown(v.listing.Out.Command + " gives no error counters")
	}
	total := c.ErrorTotal()
	if total == 0 {
		cs := citeAttr(cpe.Name, c.Ref, evidence.AttrErrors)
		if cs == nil {
			cs = citeRef(cpe.Name, c.Ref, evidence.AttrHead)
		}
		return Result{Status: Pass, Summary: "no IPsec error counters", Expected: "error counters zero or not rising",
			Observed: "all zero", Evidence: cs, Values: map[string]float64{ValueIPsecErrors: 0}}
	}
	a, b, oa, ob, res := childSamples(t, cpe)
	if res != nil {
		r := *res
		r.Summary = fmt.Sprintf("IPsec error counters are non-zero (%v) and whether they are rising is unknown: %s", errorNames(c), r.Summary)
		return r
	}
	ta, tb := a.ErrorTotal(), b.ErrorTotal()
	r := Result{Expected: "error counters zero or not rising",
		Observed: fmt.Sprintf("errors %d -> %d%s (%v)", ta, tb, interval(oa, ob), errorNames(b)),
		Evidence: withCitations(citeRef(cpe.Name, a.Ref, evidence.AttrErrors), citeRef(cpe.Name, b.Ref, evidence.AttrErrors)),
		Values:   map[string]float64{ValueIPsecErrors: float64(tb)}}
	if tb > ta {
		r.Status, r.Summary = Warn, "IPsec error counters are rising"
	} else {
		r.Status, r.Summary = Pass, "IPsec error counters are non-zero but not rising (old errors)"
	}
	return r
}
