package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 2: the IPsec (child) SAs protecting GRE.

func espActive(sas []evidence.ESPSA) bool {
	for _, sa := range sas {
		if sa.Active {
			return true
		}
	}
	return false
}

// childCite cites a child SA's identity lines and, per ESP SA, its SPI and
// status lines: what decides presence and state, without 50 lines of
// counters.
func childCite(cpe string, c evidence.ChildSA) []Citation {
	return citeRef(cpe, c.Ref, evidence.AttrHead, evidence.AttrSAs)
}

func checkIPsecSAPresent(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := childFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	want := "inbound and outbound ESP SAs to " + t.IPsecPeer.String() + ", active"
	c, ok := bestChild(t, v.listing.Items)
	if !ok {
		if !v.listing.Proves(t.IPsecPeer.String()) {
			return unknown(v.listing.Out.Command + " shows no IPsec SA to " + t.IPsecPeer.String() + ", but it may leave SAs out")
		}
		return Result{Status: Fail, Summary: "no IPsec SA to the DI IPsec peer " + t.IPsecPeer.String() + " (output header cited)",
			Expected: want, Observed: "no child SA with peer " + t.IPsecPeer.String(), Evidence: citeAbsence(cpe.Name, v.listing.Out)}
	}
	r := Result{Expected: want, Evidence: childCite(cpe.Name, c)}
	r.Observed = fmt.Sprintf("%d inbound, %d outbound ESP SAs", len(c.Inbound), len(c.Outbound))
	switch {
	case !c.HasSA():
		r.Status = Fail
		r.Summary = "the IPsec SA to " + t.IPsecPeer.String() + " has no ESP SAs: phase 2 did not complete"
	case !espActive(c.Inbound) || !espActive(c.Outbound):
		r.Status = Fail
		r.Summary = "the ESP SAs to " + t.IPsecPeer.String() + " are not active"
		r.Observed += ", status " + c.Inbound[0].StateRaw + "/" + c.Outbound[0].StateRaw
	default:
		r.Status = Pass
		r.Summary = "inbound and outbound ESP SAs to " + t.IPsecPeer.String() + " are active"
		r.Observed += ", active"
	}
	return r
}

func checkIPsecCryptoACL(t *profile.Tunnel, cpe *evidence.CPE) Result {
	want := fmt.Sprintf("GRE (protocol 47) between %s and %s as hosts", t.GRESource, t.GREDestination)
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixCryptoSelectorGRE, Address: t.GRESource, Address2: t.GREDestination})
	hint := withFix("Write the crypto selector (ACL) for GRE only, between the GRE transport IPs as hosts; \"any IP\" does not work.", fix)
	if r, ok := selectorFromConfig(t, cpe, want); ok {
		if r.Status == Fail {
			r.Hint = hint
		}
		return r
	}
	v := childFor(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	c, ok := bestChild(t, v.listing.Items)
	if !ok {
		return unknown("no IPsec SA to " + t.IPsecPeer.String() + " and no crypto selector for it to read the traffic selectors from")
	}
	if !c.Local.Prefix.IsValid() || !c.Remote.Prefix.IsValid() {
		// A selector without an address was not printed (a brief SA
		// listing): "any" is 0.0.0.0/0, never nothing.
		return unknown(v.listing.Out.Command + " does not show the traffic selectors of the IPsec SA to " + t.IPsecPeer.String() + ", and no crypto selector for it was collected")
	}
	r := Result{Expected: want, Evidence: citeRef(cpe.Name, c.Ref, evidence.AttrSelectors)}
	r.Observed = fmt.Sprintf("local selector %s/%d, remote selector %s/%d", c.Local.Prefix, c.Local.Protocol, c.Remote.Prefix, c.Remote.Protocol)
	switch {
	case greSelectors(t, c):
		r.Status, r.Summary = Pass, "IPsec protects GRE between the GRE transport IPs"
	case c.Local.Protocol == 0 || c.Remote.Protocol == 0:
		r.Status, r.Hint = Fail, hint
		r.Summary = "IPsec traffic selectors are for all IP (protocol 0): a selector for all IP traffic does not work, DI expects GRE only"
	default:
		r.Status, r.Hint = Fail, hint
		r.Summary = "IPsec traffic selectors do not match GRE between " + t.GRESource.String() + " and " + t.GREDestination.String()
	}
	return r
}

// selectorFromConfig judges the configured crypto selector for the peer,
// when there is one. ok is false when the configuration cannot decide (no
// configuration, or a tunnel-protection design with no selector).
func selectorFromConfig(t *profile.Tunnel, cpe *evidence.CPE, want string) (Result, bool) {
	c, _ := configOf(cpe).crypto()
	if c == nil {
		return Result{}, false
	}
	var sel *evidence.CryptoSelector
	for i := range c.Selectors {
		if c.Selectors[i].Peer == t.IPsecPeer {
			sel = &c.Selectors[i]
			break
		}
	}
	if sel == nil {
		return Result{}, false
	}
	if !sel.Defined {
		return Result{Status: Fail, Expected: want, Observed: "selector " + sel.Name + " not configured",
			Summary:  "the crypto policy for " + t.IPsecPeer.String() + " matches \"" + sel.Name + "\", which does not exist: nothing is encrypted",
			Evidence: citeRef(cpe.Name, sel.Ref, evidence.AttrHead, evidence.AttrSelectors)}, true
	}
	var good, ipAll []evidence.SelectorRule
	for _, e := range sel.Rules {
		if !e.Permit {
			continue
		}
		switch {
		case e.Protocol == 0:
			ipAll = append(ipAll, e)
		case e.Protocol == 47 && e.Source.Bits() == 32 && e.Destination.Bits() == 32 &&
			e.Source.Addr() == t.GRESource && e.Destination.Addr() == t.GREDestination:
			good = append(good, e)
		}
	}
	lines := func(es []evidence.SelectorRule) (nums []int, texts []string) {
		for _, e := range es {
			nums, texts = append(nums, e.Line), append(texts, e.Text)
		}
		return
	}
	head := citeRef(cpe.Name, sel.Ref, evidence.AttrHead, evidence.AttrSelectors)
	r := Result{Expected: want}
	switch {
	case len(ipAll) > 0:
		nums, texts := lines(ipAll)
		r.Status, r.Observed = Fail, strings.Join(texts, "; ")
		r.Summary = "crypto selector " + sel.Name + " permits all IP: that does not work, it must be written for GRE"
		r.Evidence = withCitations(head, citeLines(cpe.Name, sel.Ref.Out, nums...))
	case len(good) > 0:
		nums, texts := lines(good)
		r.Status, r.Observed = Pass, strings.Join(texts, "; ")
		r.Summary = "crypto selector " + sel.Name + " permits GRE between the GRE transport IPs"
		r.Evidence = withCitations(head, citeLines(cpe.Name, sel.Ref.Out, nums...))
	default:
		nums, _ := lines(sel.Rules)
		r.Status, r.Observed = Fail, fmt.Sprintf("%d entries, none permitting GRE %s -> %s", len(sel.Rules), t.GRESource, t.GREDestination)
		r.Summary = "crypto selector " + sel.Name + " does not permit GRE between the GRE transport IPs"
		r.Evidence = withCitations(head, citeLines(cpe.Name, sel.Ref.Out, nums...))
	}
	return r, true
}

func describeChild(c evidence.ChildSA) string {
	sa := c.Outbound[0]
	s := strings.Join(sa.Transform, " ") + ", " + sa.Mode + " mode"
	switch {
	case c.PFS && c.PFSGroup > 0:
		s += fmt.Sprintf(", PFS group %d", c.PFSGroup)
	case c.PFSUnknown:
		// the listing does not show PFS: say nothing rather than "no PFS"
	default:
		s += ", no PFS"
	}
	return s
}

func describeIPsecExpect(e profile.IPsecExpect) string {
	var parts []string
	if len(e.Transform) > 0 {
		parts = append(parts, strings.Join(e.Transform, " "))
	}
	if e.Mode != "" {
		parts = append(parts, e.Mode+" mode")
	}
	switch {
	case e.PFS > 0:
		parts = append(parts, fmt.Sprintf("PFS group %d", e.PFS))
	case e.NoPFS:
		parts = append(parts, "no PFS")
	}
	if e.Lifetime > 0 {
		parts = append(parts, "lifetime "+humanDuration(e.Lifetime))
	}
	return strings.Join(parts, ", ")
}

// policyFor returns the configured IPsec policy protecting the tunnel: the
// one naming its interface, else the one for its peer.
func policyFor(t *profile.Tunnel, cpe *evidence.CPE, iface string) *evidence.IPsecPolicy {
	c, _ := configOf(cpe).crypto()
	if c == nil {
		return nil
	}
	for i := range c.IPsec {
		for _, n := range c.IPsec[i].Interfaces {
			if iface != "" && evidence.SameInterface(n, iface) {
				return &c.IPsec[i]
			}
		}
	}
	for i := range c.IPsec {
		if slices.Contains(c.IPsec[i].Peers, t.IPsecPeer) {
			return &c.IPsec[i]
		}
	}
	return nil
}

// policyMismatches compares a configured policy with the form. A PFS group
// other than the form's does not stop the tunnel from coming up (IKEv2's
// first child SA is built without a PFS exchange) but fails the first
// rekey.
func policyMismatches(p *evidence.IPsecPolicy, e profile.IPsecExpect) []string {
	var bad []string
	if len(e.Transform) > 0 && len(p.Transforms) > 0 {
		ok := false
		for _, set := range p.Transforms {
			if len(set) > 0 && !slices.ContainsFunc(set, func(tr string) bool { return !slices.Contains(e.Transform, tr) }) {
				ok = true
			}
		}
		if !ok {
			var sets []string
			for _, set := range p.Transforms {
				sets = append(sets, strings.Join(set, " "))
			}
			bad = append(bad, "transforms "+strings.Join(sets, "; "))
		}
	}
	if e.Mode != "" && p.Mode != "" && !strings.EqualFold(e.Mode, p.Mode) {
		bad = append(bad, p.Mode+" mode")
	}
	switch {
	case e.PFS > 0 && p.PFSGroup != e.PFS && p.PFSGroup == 0:
		bad = append(bad, "no PFS (the form says group "+fmt.Sprint(e.PFS)+")")
	case e.PFS > 0 && p.PFSGroup != e.PFS:
		bad = append(bad, fmt.Sprintf("PFS group %d (the form says %d)", p.PFSGroup, e.PFS))
	case e.NoPFS && p.PFSGroup != 0:
		bad = append(bad, fmt.Sprintf("PFS group %d (the form says no PFS)", p.PFSGroup))
	}
	if e.Lifetime > 0 && p.Lifetime > 0 && e.Lifetime != p.Lifetime {
		bad = append(bad, "lifetime "+humanDuration(p.Lifetime))
	}
	return bad
}

func checkIPsecTransform(t *profile.Tunnel, cpe *evidence.CPE) Result {
	exp := t.Site.IPsec
	want := describeIPsecExpect(exp)
	if want == "" {
		want = "no expectation in the profile"
	}
	ti := findInterface(t, cpe)
	pol := policyFor(t, cpe, ti.Name)
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixIPsecTransform, Values: exp.Transform, N: exp.PFS, Mode: exp.Mode})
	hint := withFix("Set the IPsec transforms, mode, PFS group and lifetime to the activation form's values.", fix)
	var bad []string
	r := Result{Expected: want}
	v := childFor(t, cpe)
	c, okSA := evidence.ChildSA{}, false
	if v.found {
		c, okSA = bestChild(t, v.listing.Items)
		okSA = okSA && c.HasSA() && len(c.Outbound[0].Transform) > 0
	}
	if okSA {
		sa := c.Outbound[0]
		for _, tr := range sa.Transform {
			if len(exp.Transform) > 0 && !slices.Contains(exp.Transform, tr) {
				bad = append(bad, "negotiated transform "+tr)
			}
		}
		if exp.Mode != "" && !strings.EqualFold(exp.Mode, sa.Mode) {
			bad = append(bad, "negotiated "+sa.Mode+" mode")
		}
		// A child SA without PFS may be the first one, built inside the IKE
		// negotiation where no PFS exchange takes place; a PFS group other
		// than the form's is a mismatch.
		if c.PFS && c.PFSGroup > 0 && exp.PFS > 0 && c.PFSGroup != exp.PFS {
			bad = append(bad, fmt.Sprintf("negotiated PFS group %d", c.PFSGroup))
		}
		r.Observed = describeChild(c)
		r.Evidence = citeRef(cpe.Name, c.Outbound[0].Ref, evidence.AttrTransform)
		if c.PFS {
			r.Evidence = append(r.Evidence, citeAttr(cpe.Name, c.Ref, evidence.AttrPFS)...)
		}
	}
	if pol != nil {
		bad = append(bad, policyMismatches(pol, exp)...)
		r.Evidence = append(r.Evidence, citeRef(cpe.Name, pol.Ref, evidence.AttrHead, evidence.AttrTransform, evidence.AttrPFS, evidence.AttrLifetime)...)
		if r.Observed != "" {
			r.Observed += "; "
		}
		r.Observed += describePolicy(pol)
	}
	switch {
	case len(bad) > 0:
		r.Status, r.Hint = Fail, hint
		r.Summary = "IPsec uses " + strings.Join(bad, ", ") + ", not what the activation form says"
		if slices.ContainsFunc(bad, func(s string) bool { return strings.Contains(s, "PFS") }) {
			r.Summary += "; a PFS mismatch lets the tunnel come up but fails the first rekey of the IPsec SA"
		}
	case !okSA && pol == nil:
		why := "no ESP SAs to " + t.IPsecPeer.String() + " to read the transform from (see ipsec.sa-present)"
		if !v.found {
			why = v.why
		}
		return unknown(why + ", and no IPsec policy for the tunnel in the configuration")
	case exp.PFS > 0 && pol == nil && !(c.PFS && c.PFSGroup == exp.PFS):
		why := configOf(cpe).why
		if why == "" {
			why = "no IPsec policy for the tunnel in the configuration collected"
		}
		return unknown("the SA shows no PFS (normal for the first child SA) and the configuration that would say which PFS group is set was not read: " + why)
	default:
		r.Status, r.Summary = Pass, "IPsec uses "+r.Observed
	}
	return r
}

func describePolicy(p *evidence.IPsecPolicy) string {
	var sets []string
	for _, s := range p.Transforms {
		sets = append(sets, strings.Join(s, " "))
	}
	s := "configured " + p.Name + ": " + strings.Join(sets, "; ")
	if p.Mode != "" {
		s += ", " + p.Mode + " mode"
	}
	if p.PFSGroup > 0 {
		s += fmt.Sprintf(", PFS group %d", p.PFSGroup)
	} else {
		s += ", no PFS"
	}
	if p.Lifetime > 0 {
		s += ", lifetime " + humanDuration(p.Lifetime)
	}
	return s
}

// errorTotal names a child SA's non-zero error counters.
func errorNames(c evidence.ChildSA) []string {
	var names []string
	for k, v := range c.Errors {
		if v > 0 {
			names = append(names, fmt.Sprintf("%s %d", k, v))
		}
	}
	sort.Strings(names)
	return names
}
