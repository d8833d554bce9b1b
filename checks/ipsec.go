package checks

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 2: the IPsec (child) SAs protecting GRE (show crypto ipsec sa detail).

func ipsecFlows(ev *evidence.CPE) (*evidence.Output, []parsers.IPsecFlow, string) {
	return latest[[]parsers.IPsecFlow](cmdIPsec, ev.Find(parsers.KindIPsecSA, "*"))
}

// flowCite cites a flow's identity lines and, per ESP SA, its spi and
// status lines: what decides presence and state, without 50 lines of
// counters.
func flowCite(cpe string, o *evidence.Output, f parsers.IPsecFlow) []Citation {
	spans := []parsers.Span{headSpan(f.Span, 4)}
	for _, sa := range append(append([]parsers.ESPSA(nil), f.Inbound...), f.Outbound...) {
		spans = append(spans, parsers.Span{Start: sa.Span.Start, End: sa.Span.Start}, parsers.Span{Start: sa.Span.End, End: sa.Span.End})
	}
	return cite(cpe, o, spans...)
}

func espActive(sas []parsers.ESPSA) bool {
	for _, sa := range sas {
		if strings.HasPrefix(strings.ToUpper(sa.Status), "ACTIVE") {
			return true
		}
	}
	return false
}

func checkIPsecSAPresent(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, flows, why := ipsecFlows(ev)
	if why != "" {
		return unknown(why)
	}
	want := "inbound and outbound ESP SAs to " + t.IPsecPeer.String() + ", ACTIVE"
	f, ok := bestFlow(t, flows)
	if !ok {
		return Result{Status: Fail, Summary: "no IPsec flow to the DI IPsec peer " + t.IPsecPeer.String() + " (output header cited)",
			Expected: want, Observed: "no flow with current_peer " + t.IPsecPeer.String(), Evidence: citeAbsence(ev.Name, o)}
	}
	r := Result{Expected: want, Evidence: flowCite(ev.Name, o, f)}
	r.Observed = fmt.Sprintf("%d inbound, %d outbound ESP SAs", len(f.Inbound), len(f.Outbound))
	switch {
	case !f.HasSA():
		r.Status = Fail
		r.Summary = "the IPsec flow to " + t.IPsecPeer.String() + " has no ESP SAs: phase 2 did not complete"
	case !espActive(f.Inbound) || !espActive(f.Outbound):
		r.Status = Fail
		r.Summary = "the ESP SAs to " + t.IPsecPeer.String() + " are not ACTIVE"
		r.Observed += ", status " + f.Inbound[0].Status + "/" + f.Outbound[0].Status
	default:
		r.Status = Pass
		r.Summary = "inbound and outbound ESP SAs to " + t.IPsecPeer.String() + " are ACTIVE"
		r.Observed += ", ACTIVE"
	}
	return r
}

// aclHost reads "host A" or "A 0.0.0.0" as a single address.
func aclHost(s string) (netip.Addr, bool) {
	f := strings.Fields(s)
	switch {
	case len(f) == 2 && f[0] == "host":
		a, err := netip.ParseAddr(f[1])
		return a, err == nil
	case len(f) == 2 && f[1] == "0.0.0.0":
		a, err := netip.ParseAddr(f[0])
		return a, err == nil
	}
	return netip.Addr{}, false
}

func isGRE(proto string) bool { return proto == "gre" || proto == "47" }

// cryptoACL returns the ACL the crypto map entry for the peer matches, if
// the CPE uses a crypto map (a tunnel-protection design has none).
func cryptoACL(t *profile.Tunnel, rc *parsers.RunningConfig) (*parsers.CryptoMapEntry, *parsers.AccessList) {
	for i := range rc.CryptoMaps {
		cm := &rc.CryptoMaps[i]
		if !slices.Contains(cm.Peers, t.IPsecPeer) {
			continue
		}
		for j := range rc.AccessLists {
			if rc.AccessLists[j].Name == cm.MatchACL {
				return cm, &rc.AccessLists[j]
			}
		}
		return cm, nil
	}
	return nil, nil
}

func checkIPsecCryptoACL(t *profile.Tunnel, ev *evidence.CPE) Result {
	want := fmt.Sprintf("permit gre host %s host %s (proxy identities protocol 47)", t.GRESource, t.GREDestination)
	if r, ok := cryptoACLFromConfig(t, ev, want); ok {
		return r
	}
	o, flows, why := ipsecFlows(ev)
	if why != "" {
		return unknown(why)
	}
	f, ok := bestFlow(t, flows)
	if !ok {
		return unknown("no IPsec flow to " + t.IPsecPeer.String() + " and no crypto map for it to read the proxy identities from")
	}
	r := Result{Expected: want, Evidence: cite(ev.Name, o, headSpan(f.Span, 3))}
	r.Observed = fmt.Sprintf("local ident %s/%d, remote ident %s/%d", f.LocalIdent.Prefix, f.LocalIdent.Protocol, f.RemoteIdent.Prefix, f.RemoteIdent.Protocol)
	switch {
	case greIdents(t, f):
		r.Status, r.Summary = Pass, "IPsec protects GRE between the GRE transport IPs"
	case f.LocalIdent.Protocol == 0 || f.RemoteIdent.Protocol == 0:
		r.Status = Fail
		r.Summary = "IPsec proxy identities are for all IP (protocol 0): \"permit ip\" does not work, DI expects GRE only"
	default:
		r.Status = Fail
		r.Summary = "IPsec proxy identities do not match GRE between " + t.GRESource.String() + " and " + t.GREDestination.String()
	}
	return r
}

// cryptoACLFromConfig judges the crypto map ACL for the peer, when there is
// one. ok is false when the config cannot decide (no config, no crypto map).
func cryptoACLFromConfig(t *profile.Tunnel, ev *evidence.CPE, want string) (Result, bool) {
	o, rc, why := runningConfig(ev)
	if why != "" {
		return Result{}, false
	}
	cm, acl := cryptoACL(t, rc)
	if cm == nil {
		return Result{}, false
	}
	if acl == nil {
		return Result{Status: Fail, Expected: want, Observed: "ACL " + cm.MatchACL + " not configured",
			Summary:  "crypto map " + cm.Name + " " + fmt.Sprint(cm.Seq) + " matches ACL \"" + cm.MatchACL + "\", which does not exist: nothing is encrypted",
			Evidence: cite(ev.Name, o, cm.Span)}, true
	}
	var good, ipAll []parsers.ACLEntry
	for _, e := range acl.Entries {
		if e.Action != "permit" {
			continue
		}
		src, okS := aclHost(e.Source)
		dst, okD := aclHost(e.Destination)
		switch {
		case e.Protocol == "ip":
			ipAll = append(ipAll, e)
		case isGRE(e.Protocol) && okS && okD && src == t.GRESource && dst == t.GREDestination:
			good = append(good, e)
		}
	}
	lines := func(es []parsers.ACLEntry) (nums []int, texts []string) {
		for _, e := range es {
			nums, texts = append(nums, e.Line), append(texts, strings.TrimSpace(e.Text))
		}
		return
	}
	r := Result{Expected: want}
	switch {
	case len(ipAll) > 0:
		nums, texts := lines(ipAll)
		r.Status, r.Observed = Fail, strings.Join(texts, "; ")
		r.Summary = "crypto ACL " + acl.Name + " uses \"permit ip\": permit ip does not work, it must be written for gre"
		r.Evidence = withCitations(cite(ev.Name, o, headSpan(acl.Span, 1)), citeLines(ev.Name, o, nums...))
	case len(good) > 0:
		nums, texts := lines(good)
		r.Status, r.Observed = Pass, strings.Join(texts, "; ")
		r.Summary = "crypto ACL " + acl.Name + " permits GRE between the GRE transport IPs"
		r.Evidence = withCitations(cite(ev.Name, o, headSpan(acl.Span, 1)), citeLines(ev.Name, o, nums...))
	default:
		r.Status, r.Observed = Fail, fmt.Sprintf("%d entries, none permitting gre %s -> %s", len(acl.Entries), t.GRESource, t.GREDestination)
		r.Summary = "crypto ACL " + acl.Name + " does not permit GRE between the GRE transport IPs"
		r.Evidence = cite(ev.Name, o, acl.Span)
	}
	return r, true
}

func describeTransform(f parsers.IPsecFlow) string {
	sa := f.Outbound[0]
	s := strings.Join(sa.Transform, " ") + ", " + strings.ToLower(sa.Mode) + " mode"
	if f.PFS && f.DHGroup > 0 {
		s += fmt.Sprintf(", PFS group %d", f.DHGroup)
	} else {
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
	if e.PFS > 0 {
		parts = append(parts, fmt.Sprintf("PFS group %d", e.PFS))
	}
	return strings.Join(parts, ", ")
}

func checkIPsecTransform(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, flows, why := ipsecFlows(ev)
	if why != "" {
		return unknown(why)
	}
	f, ok := bestFlow(t, flows)
	if !ok || !f.HasSA() {
		return unknown("no ESP SAs to " + t.IPsecPeer.String() + " to read the transform from (see ipsec.sa-present)")
	}
	exp := site(t).IPsec
	sa := f.Outbound[0]
	var bad []string
	for _, tr := range sa.Transform {
		if len(exp.Transform) > 0 && !slices.Contains(exp.Transform, tr) {
			bad = append(bad, "transform "+tr)
		}
	}
	if exp.Mode != "" && !strings.EqualFold(exp.Mode, sa.Mode) {
		bad = append(bad, strings.ToLower(sa.Mode)+" mode")
	}
	if exp.PFS > 0 && (!f.PFS || f.DHGroup != exp.PFS) {
		bad = append(bad, "PFS "+map[bool]string{true: fmt.Sprintf("group %d", f.DHGroup), false: "off"}[f.PFS && f.DHGroup > 0])
	}
	r := Result{Expected: describeIPsecExpect(exp), Observed: describeTransform(f),
		Evidence: cite(ev.Name, o, parsers.Span{Start: sa.Span.Start, End: sa.Span.Start + 2})}
	if r.Expected == "" {
		r.Expected = "no expectation in the profile"
	}
	if len(bad) > 0 {
		r.Status, r.Summary = Fail, "IPsec negotiated "+strings.Join(bad, ", ")+", not what the activation form says"
		return r
	}
	r.Status, r.Summary = Pass, "IPsec uses "+describeTransform(f)
	return r
}

// errorTotal sums a flow's error counters and names the non-zero ones.
func errorTotal(f parsers.IPsecFlow) (uint64, []string) {
	var total uint64
	var names []string
	for k, v := range f.Errors {
		if v > 0 {
			total += v
			names = append(names, fmt.Sprintf("%s %d", k, v))
		}
	}
	sort.Strings(names)
	return total, names
}
