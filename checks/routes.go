package checks

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 6: the route set. DI sends its DC's /25 and the shared /24 (plus
// IaaS); the CPE must keep them (an inbound filter that drops the /24 breaks
// failover as surely as DI not sending it); the CPE sends exactly
// 0.0.0.0/0; each /25 is reached through its own tunnel.

// routeListing returns the winning listing of a route family for the DI
// neighbor.
func routeListing(ls []evidence.Listing[evidence.BGPRoute], t *profile.Tunnel) (evidence.Listing[evidence.BGPRoute], bool) {
	var keyed []evidence.Listing[evidence.BGPRoute]
	for _, l := range ls {
		if l.Scope.Key != "" && l.Scope.Covers(t.DITunnelIP.String()) {
			keyed = append(keyed, l)
		}
	}
	return evidence.Best(keyed)
}

// routeLines returns the routes of l for p, and whether there are any.
func routesFor(l evidence.Listing[evidence.BGPRoute], p netip.Prefix) []evidence.BGPRoute {
	var out []evidence.BGPRoute
	for _, r := range l.Items {
		if r.Prefix == p {
			out = append(out, r)
		}
	}
	return out
}

func citeRoutes(cpe string, rs []evidence.BGPRoute) []Citation {
	var out []Citation
	for _, r := range rs {
		out = append(out, citeRef(cpe, r.Ref, evidence.AttrHead)...)
	}
	return mergeCitations(out)
}

// mergeCitations joins consecutive citations of one output into one.
func mergeCitations(cs []Citation) []Citation {
	var out []Citation
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1].Command == c.Command && out[n-1].Source == c.Source && out[n-1].At.Equal(c.At) {
			out[n-1].Lines = append(out[n-1].Lines, c.Lines...)
			continue
		}
		out = append(out, c)
	}
	return out
}

// checkKept is routes.received and routes.backup-24: every prefix of want
// must be among the routes the CPE kept from the DI neighbor. When it is
// not, the received listing (before inbound policy) says whether DI did
// not send it or the CPE dropped it.
func checkKept(t *profile.Tunnel, cpe *evidence.CPE, want []netip.Prefix, what, failNote string) Result {
	if len(want) == 0 {
		return unknown("the profile has no di_network to derive the expected " + what + " from")
	}
	accepted, okA := routeListing(cpe.RoutesAccepted, t)
	received, okR := routeListing(cpe.RoutesReceived, t)
	_, n, cfgProven, _ := bgpConfigured(t, cpe)
	unfiltered := n != nil && cfgProven && len(n.InboundPolicy) == 0
	if !okA && okR && unfiltered {
		// Without an inbound policy the CPE keeps what DI sends.
		accepted, okA = received, true
	}
	r := Result{Expected: prefixStrings(want)}
	var found, missing []netip.Prefix
	var cs []Citation
	for _, p := range want {
		if !okA {
			break
		}
		if rs := routesFor(accepted, p); len(rs) > 0 {
			found = append(found, p)
			cs = append(cs, citeRoutes(cpe.Name, rs)...)
		} else {
			missing = append(missing, p)
		}
	}
	if !okA {
		why := cpe.Why(evidence.FamilyRoutesAccepted, evidence.Query{Neighbor: t.DITunnelIP})
		if okR {
			var sent []string
			for _, p := range want {
				if len(routesFor(received, p)) == 0 {
					if !received.Proves(t.DITunnelIP.String()) {
						return unknown(received.Out.Command + " lists no " + p.String() + ", but it is partial: it may leave routes out")
					}
					return routeNotSent(t, cpe, received, p, what, failNote)
				}
				sent = append(sent, p.String())
			}
			why = "DI sends " + strings.Join(sent, ", ") + ", but what the CPE kept after its inbound policy was not collected: " + why
		}
		return unknown(why)
	}
	r.Prefixes = evidence.Prefixes(accepted.Items)
	r.Values = map[string]float64{ValuePrefixesKept: float64(len(r.Prefixes))}
	how := "kept from DI"
	if accepted.Out == received.Out && received.Out != nil {
		how = "sent by DI (no inbound policy)"
	}
	r.Observed = how + ": " + prefixStrings(found)
	if len(found) == 0 {
		r.Observed = how + ": none of " + prefixStrings(want)
		if len(want) == 1 {
			r.Observed = how + ": no " + prefixStrings(want) // not "none of" one prefix
		}
	}
	if len(missing) == 0 {
		r.Status, r.Summary = Pass, "the CPE has "+what+" "+prefixStrings(found)+" from DI on "+t.Name
		r.Evidence = mergeCitations(cs)
		return r
	}
	if !accepted.Proves(t.DITunnelIP.String()) {
		// A listing cut short (a log that ends mid-table) or one that
		// does not claim completeness proves no absence.
		return unknown(accepted.Out.Command + " lists no " + prefixStrings(missing) + ", but it is partial: it may leave routes out")
	}
	r.Status = Fail
	r.Evidence = withCitations(citeAbsence(cpe.Name, accepted.Out), mergeCitations(cs))
	// Did DI send what the CPE lacks?
	if okR && received.Out != accepted.Out {
		var sent []netip.Prefix
		for _, p := range missing {
			if rs := routesFor(received, p); len(rs) > 0 {
				sent = append(sent, p)
				r.Evidence = append(r.Evidence, citeRoutes(cpe.Name, rs)...)
			}
		}
		if len(sent) > 0 {
			policy := "its inbound policy"
			if n != nil && len(n.InboundPolicy) > 0 {
				policy = "its inbound policy (" + strings.Join(n.InboundPolicy, ", ") + ")"
				r.Evidence = append(r.Evidence, citeRef(cpe.Name, n.Ref, evidence.AttrPolicy)...)
			}
			r.Summary = "DI sends " + prefixStrings(sent) + " on " + t.Name + " but the CPE drops it: " + policy + " filters it out" + failNote
			r.Hint = withFix("Let the inbound policy of the DI neighbor accept "+prefixStrings(sent)+" as well as the /25.",
				cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPAcceptPrefixes, Neighbor: t.DITunnelIP, Prefixes: sent, Values: policyNames(n)}))
			return r
		}
		r.Evidence = append(r.Evidence, citeAbsence(cpe.Name, received.Out)...)
	}
	if !okR && accepted.Out != received.Out {
		// Only what the CPE kept was seen: whether DI sent it or the
		// CPE's inbound policy dropped it, the outputs do not say.
		r.Summary = "the CPE has no " + prefixStrings(missing) + " from DI on " + t.Name + failNote +
			" (listing cited: the prefix is absent; what DI sent before the CPE's inbound policy was not collected)"
		return r
	}
	r.Summary = "DI does not send " + prefixStrings(missing) + " on " + t.Name + failNote + " (listing cited: the prefix is absent)"
	return r
}

// routeNotSent is the verdict when the received listing lacks a prefix and
// nothing says what was kept: DI did not send it.
func routeNotSent(t *profile.Tunnel, cpe *evidence.CPE, received evidence.Listing[evidence.BGPRoute], p netip.Prefix, what, failNote string) Result {
	return Result{Status: Fail, Expected: p.String(), Observed: "sent by DI: " + prefixStrings(evidence.Prefixes(received.Items)),
		Summary:  "DI does not send " + p.String() + " on " + t.Name + failNote + " (listing cited: the prefix is absent)",
		Evidence: citeAbsence(cpe.Name, received.Out), Prefixes: evidence.Prefixes(received.Items)}
}

func policyNames(n *evidence.BGPNeighborConfig) []string {
	if n == nil {
		return nil
	}
	return n.InboundPolicy
}

func prefixStrings(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}

func checkRoutesReceived(t *profile.Tunnel, cpe *evidence.CPE) Result {
	return checkKept(t, cpe, t.DCNetworks(), "its DC /25", "")
}

func checkRoutesBackup24(t *profile.Tunnel, cpe *evidence.CPE) Result {
	return checkKept(t, cpe, t.BackupNetworks(), "the backup /24",
		": failover will not work, because when the other tunnel drops this one has no route to the other DC")
}

var defaultRoute = netip.MustParsePrefix("0.0.0.0/0")

func checkRoutesAdvertisedDefaultOnly(t *profile.Tunnel, cpe *evidence.CPE) Result {
	l, ok := routeListing(cpe.RoutesAdvertised, t)
	if !ok {
		return unknown(cpe.Why(evidence.FamilyRoutesAdvertised, evidence.Query{Neighbor: t.DITunnelIP}))
	}
	var extra []netip.Prefix
	hasDefault := false
	for _, r := range l.Items {
		if r.Prefix == defaultRoute {
			hasDefault = true
		} else if !slices.Contains(extra, r.Prefix) {
			extra = append(extra, r.Prefix)
		}
	}
	all := evidence.Prefixes(l.Items)
	r := Result{Expected: "exactly 0.0.0.0/0", Observed: "advertised: none", Prefixes: all,
		Values: map[string]float64{ValuePrefixesAdvertised: float64(len(all))}}
	if len(all) > 0 {
		r.Observed = "advertised: " + prefixStrings(all)
	}
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPDefaultOnly, Neighbor: t.DITunnelIP})
	hint := withFix("Advertise only the default route to DI (originate 0.0.0.0/0 to the neighbor and filter everything else outbound).", fix)
	switch {
	case len(extra) > 0:
		r.Status, r.Hint = Fail, hint
		r.Summary = "the CPE advertises " + prefixStrings(extra) + " to DI: DI accepts only the default route"
		r.Evidence = citeRoutes(cpe.Name, l.Items)
	case !hasDefault:
		if !l.Proves(t.DITunnelIP.String()) {
			return unknown(l.Out.Command + " shows no default route, but it may leave routes out")
		}
		r.Status, r.Hint = Fail, hint
		r.Summary = "the CPE does not advertise 0.0.0.0/0 to DI on " + t.Name + " (listing cited)"
		r.Evidence = citeAbsence(cpe.Name, l.Out)
	default:
		r.Status, r.Summary = Pass, "the CPE advertises exactly 0.0.0.0/0 on "+t.Name
		for _, x := range l.Items {
			if x.Originated {
				r.Summary += " (originated by default origination for the neighbor)"
			}
		}
		r.Evidence = citeRoutes(cpe.Name, l.Items)
	}
	return r
}
