package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 1: the IKEv2 SA to the DI IPsec peer.

func describeSA(sa evidence.IKESA) string {
	return fmt.Sprintf("local %s, remote %s, %s", sa.Local, sa.Remote, sa.StateRaw)
}

func checkIKEv2SAPresent(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := ikeFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	want := "an IKEv2 SA with remote " + t.IPsecPeer.String()
	if sa, ok := bestIKE(v.sas); ok {
		return Result{Status: Pass, Summary: "IKEv2 SA to " + t.IPsecPeer.String() + " exists (" + sa.StateRaw + ")",
			Expected: want, Observed: describeSA(sa), Evidence: citeRef(cpe.Name, sa.Ref, evidence.AttrHead, evidence.AttrAlgorithms, evidence.AttrAge)}
	}
	var others []string
	for _, sa := range v.listing.Items {
		others = append(others, sa.Remote.Addr().String())
	}
	if !v.listing.Proves(t.IPsecPeer.String()) {
		return unknown(v.listing.Out.Command + " shows no IKEv2 SA to " + t.IPsecPeer.String() + ", but it may leave SAs out")
	}
	observed := "no IKEv2 SAs at all"
	if len(others) > 0 {
		observed = "IKE SAs only to " + strings.Join(others, ", ")
	}
	r := Result{Status: Fail, Summary: "no IKEv2 SA to the DI IPsec peer " + t.IPsecPeer.String() + " (output cited: no SA line for it)",
		Expected: want, Observed: observed, Evidence: citeAbsence(cpe.Name, v.listing.Out)}
	if note, c := ikev1Signs(t, cpe); note != "" {
		r.Summary += "; " + note
		r.Hint = "Virtual Connect needs IKEv2: configure IKEv2 (proposal, policy, keyring, profile) for " +
			t.IPsecPeer.String() + " and remove the IKEv1 (ISAKMP) settings for it."
		r.Evidence = append(r.Evidence, c...)
	}
	return r
}

// ikev1Signs reports evidence that the CPE speaks IKEv1 to the peer: an
// IKEv1 SA to it, or IKEv1 policies in a configuration with no IKEv2.
func ikev1Signs(t *profile.Tunnel, cpe *evidence.CPE) (string, []Citation) {
	for _, l := range evidence.Covering(cpe.IKESAs, t.IPsecPeer.String()) {
		for _, sa := range l.Items {
			if sa.Version == 1 && sa.Remote.Addr() == t.IPsecPeer {
				return "the CPE has an IKEv1 (ISAKMP) SA to it instead", citeRef(cpe.Name, sa.Ref, evidence.AttrHead, evidence.AttrState)
			}
		}
	}
	c, _ := configOf(cpe).crypto()
	if c == nil || c.HasIKEv2 || len(c.IKEv1) == 0 {
		return "", nil
	}
	var cs []Citation
	for _, r := range c.IKEv1 {
		cs = append(cs, citeHead(cpe.Name, r)...)
	}
	return "the configuration has IKEv1 (ISAKMP) policies and no IKEv2 profile", cs
}

func checkIKEv2SAReady(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := ikeFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	sa, ok := bestIKE(v.sas)
	if !ok {
		return unknown("no IKEv2 SA to " + t.IPsecPeer.String() + " to check (see ikev2.sa-present)")
	}
	r := Result{Expected: "established", Observed: sa.StateRaw, Evidence: citeRef(cpe.Name, sa.Ref)}
	if sa.StateNote != "" {
		r.Observed += " (" + sa.StateNote + ")"
	}
	up := 0.0
	if sa.Established() {
		up = 1
	}
	r.Values = map[string]float64{ValueIKESAUp: up}
	if sa.AgeKnown && sa.Established() {
		r.Values[ValueIKESAAge] = sa.Age.Seconds()
	}
	if sa.Established() {
		r.Status, r.Summary = Pass, "IKEv2 SA to "+t.IPsecPeer.String()+" is established ("+sa.StateRaw+")"
		r.Evidence = citeRef(cpe.Name, sa.Ref, evidence.AttrState)
		return r
	}
	r.Status = Fail
	r.Summary = "IKEv2 SA to " + t.IPsecPeer.String() + " is " + sa.StateRaw + ", not established: negotiation did not complete"
	return r
}

func checkIKEv2NotBouncing(t *profile.Tunnel, cpe *evidence.CPE) Result {
	key := t.IPsecPeer.String()
	samples := evidence.Samples(evidence.Covering(cpe.IKESAs, key))
	if len(samples) == 0 {
		return unknown(cpe.Why(evidence.FamilyIKE, evidence.Query{Peer: t.IPsecPeer}))
	}
	if len(samples) < 2 {
		return onlyOneSample(samples[0].Out.Command)
	}
	first, last := samples[0], samples[len(samples)-1]
	a, okA := bestIKE(ikeSAsTo(first.Items, t.IPsecPeer))
	b, okB := bestIKE(ikeSAsTo(last.Items, t.IPsecPeer))
	head := func(sa evidence.IKESA) []Citation {
		return citeRef(cpe.Name, sa.Ref, evidence.AttrHead, evidence.AttrAge)
	}
	switch {
	case !okA && !okB:
		return unknown("no IKEv2 SA to " + key + " in either sample (see ikev2.sa-present)")
	case !okB:
		return Result{Status: Fail, Summary: "the IKEv2 SA to " + key + " disappeared between samples",
			Expected: "the same SA in both samples", Observed: "sample 1: " + a.StateRaw + "; sample 2: none",
			Evidence: withCitations(head(a), citeAbsence(cpe.Name, last.Out))}
	case !okA:
		return Result{Status: Fail, Summary: "the IKEv2 SA to " + key + " appeared between samples: it is being re-negotiated",
			Expected: "the same SA in both samples", Observed: "sample 1: none; sample 2: " + b.StateRaw,
			Evidence: withCitations(citeAbsence(cpe.Name, first.Out), head(b))}
	case !b.Established():
		return unknown("the IKEv2 SA to " + key + " is " + b.StateRaw + ", not established (see ikev2.sa-ready)")
	case !a.AgeKnown || !b.AgeKnown:
		return unknown("the SA's active time is not shown; collect the detail form: " + cpe.Words().Show(evidence.Query{Family: evidence.FamilyIKE, Peer: t.IPsecPeer}))
	}
	gap := sampleGap(first.Out, last.Out)
	obs := fmt.Sprintf("active time %s -> %s", a.Age, b.Age)
	if gap > 0 {
		obs += fmt.Sprintf(" in %s", gap)
	}
	r := Result{Expected: "the same SA, active time growing with the sampling interval", Observed: obs,
		Evidence: withCitations(head(a), head(b)), Values: map[string]float64{ValueIKESAAge: b.Age.Seconds()}}
	switch {
	case a.ID != b.ID && rekeyed(a, b, last.Items, gap):
		r.Status = Pass
		r.Summary = "the IKEv2 SA to " + key + " was rekeyed between samples, as scheduled at the end of its lifetime"
		r.Observed += ", SPIs " + a.ID + " -> " + b.ID
	case a.ID != b.ID || b.Age < a.Age:
		r.Status = Fail
		r.Summary = "the IKEv2 SA to " + key + " was re-created between samples (bouncing; a scheduled rekey does this only once per lifetime)"
		r.Observed += ", SPIs " + a.ID + " -> " + b.ID
	case b.Age < time.Minute:
		r.Status = Warn
		r.Summary = fmt.Sprintf("the IKEv2 SA to %s is up only %s: too new to call stable", key, b.Age)
	default:
		r.Status = Pass
		r.Summary = "the IKEv2 SA to " + key + " is stable: same SA, active time growing"
	}
	return r
}

// rekeyed tells a scheduled rekey from a bounce: the old SA is still
// listed as being deleted beside the new one, or it had reached the end of
// its lifetime by the second sample.
func rekeyed(old, cur evidence.IKESA, later []evidence.IKESA, gap time.Duration) bool {
	for _, sa := range later {
		if sa.ID == old.ID && sa.State == evidence.IKEDeleting {
			return true
		}
	}
	return old.Lifetime > 0 && gap > 0 && old.Age+gap >= old.Lifetime*9/10 && cur.Age <= gap
}

func describeNegotiated(sa evidence.IKESA) string {
	// A PRF or DH group the output does not print is left out, not
	// shown as "prf " or "DH group 0".
	s := "encryption " + sa.Encryption
	if sa.PRF != "" {
		s += ", prf " + sa.PRF
	}
	s += ", integrity " + orNone(sa.Integrity)
	if sa.DHGroup != 0 {
		s += fmt.Sprintf(", DH group %d", sa.DHGroup)
	}
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
func ikeMismatches(sa evidence.IKESA, e profile.IKEExpect) []string {
	var bad []string
	if len(e.Encryption) > 0 && !slices.Contains(e.Encryption, sa.Encryption) {
		bad = append(bad, "encryption "+sa.Encryption)
	}
	if len(e.PRF) > 0 && sa.PRF != "" && !slices.Contains(e.PRF, sa.PRF) {
		bad = append(bad, "prf "+sa.PRF)
	}
	if len(e.Integrity) > 0 && !slices.Contains(e.Integrity, orNone(sa.Integrity)) {
		bad = append(bad, "integrity "+orNone(sa.Integrity))
	}
	if len(e.DHGroup) > 0 && sa.DHGroup != 0 && !slices.Contains(e.DHGroup, sa.DHGroup) {
		bad = append(bad, fmt.Sprintf("DH group %d", sa.DHGroup))
	}
	if strings.Contains(sa.Encryption, "gcm") && orNone(sa.Integrity) != "none" {
		bad = append(bad, "integrity "+sa.Integrity+" with GCM (must be none/NULL)")
	}
	return bad
}

// ikeUnshown names the expected algorithms the SA does not print (a PRF
// of "", a DH group of 0): they are not compared, and not mistaken for a
// mismatch.
func ikeUnshown(sa evidence.IKESA, e profile.IKEExpect) string {
	var v []string
	if len(e.PRF) > 0 && sa.PRF == "" {
		v = append(v, "PRF")
	}
	if len(e.DHGroup) > 0 && sa.DHGroup == 0 {
		v = append(v, "DH group")
	}
	return strings.Join(v, " or ")
}

// ikeProposalFix spells the proposal the activation form asks for.
func ikeProposalFix(cpe *evidence.CPE, e profile.IKEExpect) string {
	var v []string
	for _, x := range e.Encryption[:min(1, len(e.Encryption))] {
		v = append(v, "encryption="+x)
	}
	for _, x := range e.PRF[:min(1, len(e.PRF))] {
		v = append(v, "prf="+x)
	}
	for _, x := range e.Integrity[:min(1, len(e.Integrity))] {
		v = append(v, "integrity="+x)
	}
	for _, g := range e.DHGroup[:min(1, len(e.DHGroup))] {
		v = append(v, fmt.Sprintf("group=%d", g))
	}
	return cpe.Words().Fix(evidence.Fix{Key: evidence.FixIKEProposal, Values: v})
}

func checkIKEv2Proposal(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := ikeFor(t, cpe)
	exp := t.Site.IKE
	want := describeIKEExpect(exp)
	sa, ok := bestIKE(v.sas)
	if !v.found || !ok || !sa.Established() || sa.Encryption == "" {
		return ikeProposalFromConfig(t, cpe, exp, v)
	}
	r := Result{Expected: want, Observed: describeNegotiated(sa), Evidence: citeRef(cpe.Name, sa.Ref, evidence.AttrHead, evidence.AttrAlgorithms, evidence.AttrAge)}
	if want == "" {
		r.Expected = "no expectation in the profile"
	}
	if bad := ikeMismatches(sa, exp); len(bad) > 0 {
		r.Status = Fail
		r.Summary = "IKEv2 negotiated " + strings.Join(bad, ", ") + ", not what the activation form says"
		r.Hint = withFix("Configure the IKEv2 proposal with exactly the encryption, PRF/integrity and DH group of the activation form (with AES-GCM the integrity is NULL).", ikeProposalFix(cpe, exp))
		return r
	}
	if exp.Lifetime > 0 && sa.Lifetime > 0 && exp.Lifetime != sa.Lifetime {
		r.Status = Warn
		r.Summary = fmt.Sprintf("IKEv2 lifetime is %s, the activation form says %s", humanDuration(sa.Lifetime), humanDuration(exp.Lifetime))
		return r
	}
	r.Status = Pass
	r.Summary = "IKEv2 negotiated " + describeNegotiated(sa)
	if unshown := ikeUnshown(sa, exp); unshown != "" {
		// A platform that prints less (FortiOS: the cipher alone) is
		// judged on what it prints; the summary says what it did not.
		r.Summary += " (the SA does not show its " + unshown + ")"
	}
	if want == "" {
		r.Summary += " (the profile sets no IKE expectations)"
	}
	return r
}

// ikeProposalFromConfig judges the configured proposals when there is no
// established SA to read the negotiated ones from. It can fail (nothing
// offered matches) but never pass: offering is not negotiating.
func ikeProposalFromConfig(t *profile.Tunnel, cpe *evidence.CPE, exp profile.IKEExpect, v ikeView) Result {
	noSA := "no established IKEv2 SA to " + t.IPsecPeer.String() + " to read the negotiated proposal from"
	if !v.found {
		noSA += " (" + v.why + ")"
	}
	if describeIKEExpect(exp) == "" {
		return unknown(noSA)
	}
	c, full := configOf(cpe).crypto()
	if c == nil {
		return unknown(noSA + "; " + configOf(cpe).why)
	}
	var cs []Citation
	for _, p := range c.IKEProposals {
		cs = append(cs, citeRef(cpe.Name, p.Ref)...)
		if proposalOffers(p, exp) {
			return unknown(noSA + "; proposal " + p.Name + " in the configuration offers the expected algorithms")
		}
	}
	hint := withFix("Configure the IKEv2 proposal with exactly the encryption, PRF/integrity and DH group of the activation form (with AES-GCM the integrity is NULL), and attach it to the IKEv2 policy.", ikeProposalFix(cpe, exp))
	r := Result{Status: Fail, Expected: describeIKEExpect(exp), Hint: hint}
	if len(c.IKEProposals) == 0 {
		if !full {
			return unknown(noSA + "; the configuration read is partial and shows no IKEv2 proposal")
		}
		r.Summary = "no IKEv2 proposal in the configuration (the CPE then offers only its built-in default): " + noSA
		r.Observed = "no IKEv2 proposal configured"
		r.Evidence = citeAbsence(cpe.Name, c.Ref.Out)
		return r
	}
	r.Summary = "no IKEv2 proposal in the configuration offers what the activation form says"
	r.Observed = fmt.Sprintf("%d proposal(s), none matching", len(c.IKEProposals))
	r.Evidence = cs
	return r
}

func proposalOffers(p evidence.IKEProposal, e profile.IKEExpect) bool {
	// A list the configuration does not show (a Junos GCM proposal has no
	// PRF statement) cannot prove the proposal wrong: it may offer it.
	any := func(have, want []string) bool {
		if len(want) == 0 || len(have) == 0 {
			return true
		}
		for _, h := range have {
			if slices.Contains(want, h) {
				return true
			}
		}
		return false
	}
	dh := len(e.DHGroup) == 0 || len(p.DHGroups) == 0
	for _, g := range p.DHGroups {
		dh = dh || slices.Contains(e.DHGroup, g)
	}
	return any(p.Encryption, e.Encryption) && any(p.PRF, e.PRF) && dh
}

func checkIKEv2LocalAddress(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := ikeFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	sa, ok := bestIKE(v.sas)
	if !ok {
		return unknown("no IKEv2 SA to " + t.IPsecPeer.String() + " to check (see ikev2.sa-present)")
	}
	r := Result{Expected: "local " + t.IPsecLocal.String() + ", no NAT", Observed: "local " + sa.Local.String(),
		Evidence: citeRef(cpe.Name, sa.Ref, evidence.AttrHead, evidence.AttrEndpoints)}
	switch {
	case !sa.Local.IsValid():
		return unknown(v.listing.Out.Command + " gives no local address for the SA")
	case sa.NATT:
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
		r.Evidence = citeHead(cpe.Name, sa.Ref)
	}
	return r
}

// humanDuration prints a lifetime the way the activation form and
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

// withFix appends the platform's configuration for a fix to a hint.
func withFix(hint, fix string) string {
	if fix == "" {
		return hint
	}
	return hint + " " + fix
}
