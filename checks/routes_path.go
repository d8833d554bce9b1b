package checks

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// lookupAnswer is what the routing (or forwarding) table says about the
// traffic to one DC /25: the entry used, from which listing.
type lookupAnswer struct {
	listing evidence.Listing[evidence.RouteEntry]
	entry   *evidence.RouteEntry
	// exact is set when the listing asked for the /25 itself (a mask or
	// prefix form): the entry, or its absence, is the /25's.
	exact bool
}

// routeToDC finds the answer for host (the first host of the /25 dc) in
// vrf: a lookup of an address inside the /25 (longest match), a lookup of
// the /25 itself (exact), or a complete table (longest match). The most
// specific and latest wins. ok is false when nothing collected answers.
func routeToDC(cpe *evidence.CPE, dc netip.Prefix, host netip.Addr, vrf string) (lookupAnswer, bool, string) {
	var best lookupAnswer
	found := false
	wrongVRF := ""
	consider := func(a lookupAnswer) {
		if !found || a.listing.Rank > best.listing.Rank || a.listing.Rank == best.listing.Rank &&
			(a.listing.Scope.Key != "" || best.listing.Scope.Key == "") {
			best, found = a, true
		}
	}
	for _, l := range cpe.RouteLookups {
		if !strings.EqualFold(l.Scope.VRF, vrf) {
			if l.Scope.Query.IsValid() && dc.Overlaps(l.Scope.Query) || !l.Scope.Query.IsValid() {
				wrongVRF = l.Out.Command
			}
			continue
		}
		q := l.Scope.Query
		switch {
		case q.IsValid() && q.Bits() == q.Addr().BitLen() && dc.Contains(q.Addr()):
			a := lookupAnswer{listing: l}
			if len(l.Items) > 0 {
				a.entry = &l.Items[0]
			}
			consider(a)
		case q.IsValid() && q == dc:
			a := lookupAnswer{listing: l, exact: true}
			for i := range l.Items {
				if l.Items[i].Prefix == dc {
					a.entry = &l.Items[i]
				}
			}
			consider(a)
		case !q.IsValid() && l.Scope.Key == "" && !l.Scope.Partial:
			a := lookupAnswer{listing: l}
			if e, ok := evidence.LongestMatch(l.Items, host); ok {
				a.entry = &e
			}
			consider(a)
		}
	}
	why := ""
	if !found && wrongVRF != "" {
		why = "the route lookup collected (" + wrongVRF + ") is in another routing table than the tunnel"
		if vrf != "" {
			why += " (vrf " + vrf + ")"
		}
	}
	return best, found, why
}

// tunnelVRF is the VRF the tunnel interface forwards in ("" global).
func tunnelVRF(ti tunnelIface) string {
	if ti.Cfg != nil {
		return ti.Cfg.VRF
	}
	return ""
}

func checkRoutesBestPath(t *profile.Tunnel, cpe *evidence.CPE) Result {
	nets := t.DCNetworks()
	if len(nets) == 0 {
		return unknown("the profile has no di_network to derive this DC's /25 from")
	}
	host := profile.FirstHost(nets[0])
	ti := findInterface(t, cpe)
	a, ok, why := routeToDC(cpe, nets[0], host, tunnelVRF(ti))
	if !ok {
		if why == "" {
			why = cpe.Why(evidence.FamilyRouteLookup, evidence.Query{Address: host, VRF: tunnelVRF(ti)})
		}
		return unknown(why)
	}
	want := "via " + t.DITunnelIP.String()
	if ti.Name != "" {
		want += " (" + ti.Name + ")"
	}
	r := Result{Expected: want}
	if a.entry == nil {
		if a.listing.Scope.Partial {
			return unknown(a.listing.Out.Command + " shows no route to " + nets[0].String() + ", but it may leave routes out")
		}
		r.Status, r.Observed = Fail, "not in the routing table"
		r.Summary = "no route to " + host.String() + " (" + nets[0].String() + "): the DC's /25 is not installed"
		if a.exact {
			r.Summary = "no route for " + nets[0].String() + ": the DC's /25 is not installed"
		}
		r.Evidence = citeAbsence(cpe.Name, a.listing.Out)
		return r
	}
	e := a.entry
	r.Evidence = citeRef(cpe.Name, e.Ref)
	var hops, bad []string
	var other *profile.Tunnel
	otherTI := tunnelIface{}
	if pt := t.OtherDC(); pt != nil {
		other = pt
		if pt.CPE == t.CPE {
			otherTI = findInterface(pt, cpe)
		}
	}
	toOther := false
	for _, nh := range e.NextHops {
		// A next hop without an address is an interface route: name the
		// interface, never the zero address ("invalid IP").
		h := nh.Address.String()
		switch {
		case !nh.Address.IsValid() && nh.Interface != "":
			h = nh.Interface + " (directly connected)"
		case !nh.Address.IsValid():
			h = "a directly connected route"
		case nh.Interface != "":
			h += " (" + nh.Interface + ")"
		}
		hops = append(hops, h)
		mine := nh.Address == t.DITunnelIP || ti.Name != "" && evidence.SameInterface(nh.Interface, ti.Name)
		if !mine {
			bad = append(bad, h)
			if other != nil && (nh.Address == other.DITunnelIP || otherTI.Name != "" && evidence.SameInterface(nh.Interface, otherTI.Name)) {
				toOther = true
			}
		}
	}
	r.Observed = e.Prefix.String() + " via " + strings.Join(hops, ", ")
	if e.Protocol != "" {
		r.Observed += " (" + e.Protocol + ")"
	}
	dcName := "DC-" + string(t.DC)
	switch {
	case len(hops) == 0:
		r.Status, r.Summary = Fail, "the route to "+host.String()+" has no next hop"
	case toOther:
		r.Status = Fail
		r.Summary = "traffic to " + dcName + " (" + nets[0].String() + ") leaves through " + other.Name +
			" to the other DC while " + t.Name + " is up: asymmetric, it hairpins through DI's WAN and stateful firewalls can drop it"
	case len(bad) > 0:
		r.Status = Fail
		r.Summary = "traffic to " + dcName + " (" + nets[0].String() + ") goes via " + strings.Join(bad, ", ") + ", not through " + t.Name
	default:
		r.Status, r.Summary = Pass, "traffic to "+dcName+" ("+nets[0].String()+") goes through "+t.Name
	}
	return r
}
