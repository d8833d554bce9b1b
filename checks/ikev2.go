package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 1: the IKEv2 SA to the DI IPsec peer (show crypto ikev2 sa detail).

func ikev2SAs(ev *evidence.CPE) (*evidence.Output, []parsers.IKEv2SA, string) {
	return latest[[]parsers.IKEv2SA](cmdIKEv2, ev.Find(parsers.KindIKEv2SA, "*"))
}

func describeSA(sa parsers.IKEv2SA) string {
	return fmt.Sprintf("tunnel-id %d, local %s, remote %s, %s", sa.TunnelID, sa.Local, sa.Remote, sa.Status)
}

// headSpan is the first n lines of a span: the row, algorithms and
// Life/Active lines of a detail SA.
func headSpan(s parsers.Span, n int) parsers.Span {
	if s.End > s.Start+n-1 {
		s.End = s.Start + n - 1
	}
	return s
}

func checkIKEv2SAPresent(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, sas, why := ikev2SAs(ev)
	if why != "" {
		return unknown(why)
	}
	want := "an IKEv2 SA with remote " + t.IPsecPeer.String()
	if sa, ok := bestIKEv2(ikev2For(t, sas)); ok {
		return Result{Status: Pass, Summary: "IKEv2 SA to " + t.IPsecPeer.String() + " exists (" + sa.Status + ")",
			Expected: want, Observed: describeSA(sa), Evidence: cite(ev.Name, o, headSpan(sa.Span, 3))}
	}
	var others []string
	for _, sa := range sas {
		others = append(others, sa.Remote.Addr().String())
	}
	observed := "no IKEv2 SAs at all"
	if len(others) > 0 {
		observed = "IKEv2 SAs only to " + strings.Join(others, ", ")
	}
	r := Result{Status: Fail, Summary: "no IKEv2 SA to the DI IPsec peer " + t.IPsecPeer.String() + " (output cited: no SA line for it)",
		Expected: want, Observed: observed, Evidence: citeAbsence(ev.Name, o)}
	if note, c := ikev1Signs(t, ev); note != "" {
		r.Summary += "; " + note
		r.Hint = "Virtual Connect needs IKEv2: configure an IKEv2 proposal, policy, keyring and profile for " +
			t.IPsecPeer.String() + " and remove the ISAKMP (IKEv1) settings for it."
		r.Evidence = append(r.Evidence, c...)
	}
	return r
}

// ikev1Signs reports evidence that the CPE speaks IKEv1 to the peer: an
// IKEv1 SA in show crypto session, or ISAKMP policy lines in a config with
// no IKEv2 profile.
func ikev1Signs(t *profile.Tunnel, ev *evidence.CPE) (string, []Citation) {
	if so, sess, why := latest[[]parsers.CryptoSession](cmdSession, ev.Find(parsers.KindCryptoSession, "*")); why == "" {
		for _, s := range sess {
			for _, ike := range s.IKESAs {
				if ike.Version == "IKEv1" && (ike.RemoteAddr == t.IPsecPeer || ike.Remote.Addr() == t.IPsecPeer) {
					return "the CPE has an IKEv1 (ISAKMP) SA to it instead", cite(ev.Name, so, s.Span)
				}
			}
		}
	}
	o, rc, why := runningConfig(ev)
	if why != "" || len(rc.IKEv2Profiles) > 0 {
		return "", nil
	}
	var nums []int
	for i, l := range o.Lines {
		if strings.HasPrefix(l, "crypto isakmp policy") || strings.HasPrefix(l, "crypto isakmp profile") {
			nums = append(nums, i+1)
		}
	}
	if len(nums) == 0 {
		return "", nil
	}
	return "the running-config has ISAKMP (IKEv1) policies and no IKEv2 profile", citeLines(ev.Name, o, nums...)
}

func checkIKEv2SAReady(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, sas, why := ikev2SAs(ev)
	if why != "" {
		return unknown(why)
	}
	sa, ok := bestIKEv2(ikev2For(t, sas))
	if !ok {
		return unknown("no IKEv2 SA to " + t.IPsecPeer.String() + " to check (see ikev2.sa-present)")
	}
	r := Result{Expected: "READY", Observed: sa.Status, Evidence: cite(ev.Name, o, sa.Span)}
	if sa.Description != "" {
		r.Observed += " (" + sa.Description + ")"
	}
	if sa.Ready() {
		r.Status, r.Summary = Pass, "IKEv2 SA to "+t.IPsecPeer.String()+" is READY"
		r.Evidence = cite(ev.Name, o, headSpan(sa.Span, 1))
		return r
	}
	r.Status = Fail
	r.Summary = "IKEv2 SA to " + t.IPsecPeer.String() + " is " + sa.Status + ", not READY: negotiation did not complete"
	return r
}

// saIdentity is what changes when an SA is re-created.
func saIdentity(sa parsers.IKEv2SA) string {
	if sa.LocalSPI != "" || sa.RemoteSPI != "" {
		return sa.LocalSPI + "/" + sa.RemoteSPI
	}
	return fmt.Sprintf("%d/%d", sa.TunnelID, sa.SessionID)
}

func checkIKEv2NotBouncing(t *profile.Tunnel, ev *evidence.CPE) Result {
	outs, why := usable[[]parsers.IKEv2SA](cmdIKEv2, ev.Find(parsers.KindIKEv2SA, "*"))
	if why != "" {
		return unknown(why)
	}
	if len(outs) < 2 {
		return onlyOneSample(cmdIKEv2)
	}
	first, last := outs[0], outs[len(outs)-1]
	s1, _ := parsedAs[[]parsers.IKEv2SA](first)
	s2, _ := parsedAs[[]parsers.IKEv2SA](last)
	a, okA := bestIKEv2(ikev2For(t, s1))
	b, okB := bestIKEv2(ikev2For(t, s2))
	switch {
	case !okA && !okB:
		return unknown("no IKEv2 SA to " + t.IPsecPeer.String() + " in either sample (see ikev2.sa-present)")
	case !okB:
		return Result{Status: Fail, Summary: "the IKEv2 SA to " + t.IPsecPeer.String() + " disappeared between samples",
			Expected: "the same SA in both samples", Observed: "sample 1: " + a.Status + "; sample 2: none",
			Evidence: withCitations(cite(ev.Name, first, headSpan(a.Span, 3)), citeAbsence(ev.Name, last))}
	case !okA:
		return Result{Status: Fail, Summary: "the IKEv2 SA to " + t.IPsecPeer.String() + " appeared between samples: it is being re-negotiated",
			Expected: "the same SA in both samples", Observed: "sample 1: none; sample 2: " + b.Status,
			Evidence: withCitations(citeAbsence(ev.Name, first), cite(ev.Name, last, headSpan(b.Span, 3)))}
	case !b.Ready():
		return unknown("the IKEv2 SA to " + t.IPsecPeer.String() + " is " + b.Status + ", not READY (see ikev2.sa-ready)")
	case a.ActiveTime == 0 && b.ActiveTime == 0:
		return unknown("active time is not printed; collect " + cmdIKEv2)
	}
	ev2 := withCitations(cite(ev.Name, first, headSpan(a.Span, 3)), cite(ev.Name, last, headSpan(b.Span, 3)))
	obs := fmt.Sprintf("active time %s -> %s", a.ActiveTime, b.ActiveTime)
	if dt := sampleGap(first, last); dt > 0 {
		obs += fmt.Sprintf(" in %s", dt)
	}
	r := Result{Expected: "the same SA, active time growing with the sampling interval", Observed: obs, Evidence: ev2}
	switch {
	case saIdentity(a) != saIdentity(b) || b.ActiveTime < a.ActiveTime:
		r.Status = Fail
		r.Summary = "the IKEv2 SA to " + t.IPsecPeer.String() + " was re-created between samples (bouncing; a scheduled rekey does this only once per lifetime)"
		r.Observed += ", SPIs " + saIdentity(a) + " -> " + saIdentity(b)
	case b.ActiveTime < time.Minute:
		r.Status = Warn
		r.Summary = fmt.Sprintf("the IKEv2 SA to %s is up only %s: too new to call stable", t.IPsecPeer, b.ActiveTime)
	default:
		r.Status = Pass
		r.Summary = "the IKEv2 SA to " + t.IPsecPeer.String() + " is stable: same SA, active time growing"
	}
	return r
}

// sampleGap is the time between two samples, or 0 when either has no clock.
func sampleGap(a, b *evidence.Output) time.Duration {
	if a.At.IsZero() || b.At.IsZero() {
		return 0
	}
	return b.At.Sub(a.At)
}

func describeNegotiated(sa parsers.IKEv2SA) string {
	s := fmt.Sprintf("encryption %s, prf %s, integrity %s, DH group %d", sa.Encryption, sa.PRF, orNone(sa.Integrity), sa.DHGroup)
	if sa.Lifetime > 0 {
		s += ", lifetime " + humanDuration(sa.Lifetime)
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func describeIKEExpect(e profile.IKEExpect) string {
	var parts []string
	add := func(name string, v []string) {
		if len(v) > 0 {
			parts = append(parts, name+" "+strings.Join(v, "|"))
		}
	}
	add("encryption", e.Encryption)
	add("prf", e.PRF)
	add("integrity", e.Integrity)
	var dh []string
	for _, g := range e.DHGroup {
		dh = append(dh, fmt.Sprint(g))
	}
	add("DH group", dh)
	if e.Lifetime > 0 {
		parts = append(parts, "lifetime "+humanDuration(e.Lifetime))
	}
	return strings.Join(parts, ", ")
}

// ikeMismatches compares negotiated algorithms with the expectations.
func ikeMismatches(sa parsers.IKEv2SA, e profile.IKEExpect) []string {
	var bad []string
	if len(e.Encryption) > 0 && !slices.Contains(e.Encryption, sa.Encryption) {
		bad = append(bad, "encryption "+sa.Encryption)
	}
	if len(e.PRF) > 0 && !slices.Contains(e.PRF, sa.PRF) {
		bad = append(bad, "prf "+sa.PRF)
	}
	if len(e.Integrity) > 0 && !slices.Contains(e.Integrity, orNone(sa.Integrity)) {
		bad = append(bad, "integrity "+orNone(sa.Integrity))
	}
	if len(e.DHGroup) > 0 && !slices.Contains(e.DHGroup, sa.DHGroup) {
		bad = append(bad, fmt.Sprintf("DH group %d", sa.DHGroup))
	}
	if strings.Contains(sa.Encryption, "gcm") && orNone(sa.Integrity) != "none" {
		bad = append(bad, "integrity "+sa.Integrity+" with GCM (must be none/NULL)")
	}
	return bad
}

func checkIKEv2Proposal(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, sas, why := ikev2SAs(ev)
	if why != "" {
		return unknown(why)
	}
	exp := site(t).IKE
	want := describeIKEExpect(exp)
	sa, ok := bestIKEv2(ikev2For(t, sas))
	if !ok || !sa.Ready() || sa.Encryption == "" {
		return ikeProposalFromConfig(t, ev, exp)
	}
	r := Result{Expected: want, Observed: describeNegotiated(sa), Evidence: cite(ev.Name, o, headSpan(sa.Span, 3))}
	if want == "" {
		r.Expected = "no expectation in the profile"
	}
	if bad := ikeMismatches(sa, exp); len(bad) > 0 {
		r.Status = Fail
		r.Summary = "IKEv2 negotiated " + strings.Join(bad, ", ") + ", not what the activation form says"
		return r
	}
	if exp.Lifetime > 0 && sa.Lifetime > 0 && exp.Lifetime != sa.Lifetime {
		r.Status = Warn
		r.Summary = fmt.Sprintf("IKEv2 lifetime is %s, the activation form says %s", humanDuration(sa.Lifetime), humanDuration(exp.Lifetime))
		return r
	}
	r.Status = Pass
	r.Summary = "IKEv2 negotiated " + describeNegotiated(sa)
	if want == "" {
		r.Summary += " (the profile sets no IKE expectations)"
	}
	return r
}

// ikeProposalFromConfig judges the configured proposals when there is no
// READY SA to read the negotiated ones from. It can fail (nothing offered
// matches) but never pass: offering is not negotiating.
func ikeProposalFromConfig(t *profile.Tunnel, ev *evidence.CPE, exp profile.IKEExpect) Result {
	noSA := "no READY IKEv2 SA to " + t.IPsecPeer.String() + " to read the negotiated proposal from"
	if describeIKEExpect(exp) == "" {
		return unknown(noSA)
	}
	o, rc, why := runningConfig(ev)
	if why != "" {
		return unknown(noSA + "; " + why)
	}
	var spans []parsers.Span
	for _, p := range rc.IKEv2Proposals {
		spans = append(spans, p.Span)
		if proposalOffers(p, exp) {
			return unknown(noSA + "; proposal " + p.Name + " in the running-config offers the expected algorithms")
		}
	}
	r := Result{Status: Fail, Expected: describeIKEExpect(exp)}
	if len(spans) == 0 {
		r.Summary = "no IKEv2 proposal in the running-config (IOS then offers its default proposal only): " + noSA
		r.Observed = "no crypto ikev2 proposal"
		r.Evidence = citeAbsence(ev.Name, o)
		return r
	}
	r.Summary = "no IKEv2 proposal in the running-config offers what the activation form says"
	r.Observed = fmt.Sprintf("%d proposal(s), none matching", len(spans))
	r.Evidence = cite(ev.Name, o, spans...)
	return r
}

func proposalOffers(p parsers.IKEv2Proposal, e profile.IKEExpect) bool {
	any := func(have, want []string) bool {
		if len(want) == 0 {
			return true
		}
		for _, h := range have {
			if slices.Contains(want, h) {
				return true
			}
		}
		return false
	}
	dh := len(e.DHGroup) == 0
	for _, g := range p.DHGroups {
		dh = dh || slices.Contains(e.DHGroup, g)
	}
	return any(p.Encryption, e.Encryption) && any(p.PRF, e.PRF) && dh
}

func checkIKEv2LocalAddress(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, sas, why := ikev2SAs(ev)
	if why != "" {
		return unknown(why)
	}
	sa, ok := bestIKEv2(ikev2For(t, sas))
	if !ok {
		return unknown("no IKEv2 SA to " + t.IPsecPeer.String() + " to check (see ikev2.sa-present)")
	}
	r := Result{Expected: "local " + t.IPsecLocal.String() + ", no NAT", Observed: "local " + sa.Local.String(),
		Evidence: cite(ev.Name, o, sa.Span)}
	switch {
	case sa.NATDetected:
		r.Status = Warn
		r.Observed += ", NAT-T detected " + sa.NATSide
		r.Summary = "NAT detected between the CPE and DI: IKE and ESP run over UDP 4500; the activation form's customer IPsec IP must be the translated address"
		r.Hint = "Make sure the NAT device forwards UDP 500 and 4500 to the CPE and that the public address is the one given in the activation form, or give the CPE a public address."
	case sa.Local.Addr() != t.IPsecLocal:
		r.Status = Fail
		r.Summary = "the IKEv2 SA is built from " + sa.Local.Addr().String() + ", the activation form says " + t.IPsecLocal.String()
	default:
		r.Status = Pass
		r.Summary = "the IKEv2 SA is built from the customer IPsec IP " + t.IPsecLocal.String()
		r.Evidence = cite(ev.Name, o, headSpan(sa.Span, 1))
	}
	return r
}

// humanDuration prints a lifetime the way the activation form and IOS
// configurations think of it: "24h", "1h30m", "90s", not "24h0m0s".
func humanDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
