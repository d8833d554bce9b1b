package checks

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 6: the route set. DI sends its DC's /25 and the shared /24 (plus
// IaaS); the CPE sends exactly 0.0.0.0/0; each /25 is reached through its
// own tunnel.

// receivedTable returns what the DI neighbor sent: received-routes when
// soft-reconfiguration inbound keeps them, else the accepted routes.
func receivedTable(t *profile.Tunnel, ev *evidence.CPE) (*evidence.Output, *parsers.BGPTable, string, string) {
	di := t.DITunnelIP.String()
	o, tbl, why := latest[*parsers.BGPTable](cmdNeighborRoutes(t, "received-routes"), ev.FindVariant(parsers.KindBGPRoutes, di, "received-routes"))
	if why == "" && tbl != nil {
		return o, tbl, "received-routes", ""
	}
	o2, tbl2, why2 := latest[*parsers.BGPTable](cmdNeighborRoutes(t, "routes"), ev.FindVariant(parsers.KindBGPRoutes, di, "routes"))
	if why2 == "" && tbl2 != nil {
		return o2, tbl2, "accepted routes (received-routes unavailable: " + why + ")", ""
	}
	return nil, nil, "", why + "; " + why2
}

// findRoutes splits want into the prefixes present in the table (with the
// line numbers that show them) and those missing.
func findRoutes(tbl *parsers.BGPTable, want []netip.Prefix) (nums []int, found, missing []string) {
	for _, p := range want {
		ok := false
		for _, r := range tbl.Routes {
			if r.Network == p {
				ok = true
				for n := r.Span.Start; n <= r.Span.End; n++ {
					nums = append(nums, n)
				}
			}
		}
		if ok {
			found = append(found, p.String())
		} else {
			missing = append(missing, p.String())
		}
	}
	return nums, found, missing
}

func prefixStrings(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}

// checkPresence is routes.received and routes.backup-24: every prefix of
// want must be in what the neighbor sent.
func checkPresence(t *profile.Tunnel, ev *evidence.CPE, want []netip.Prefix, what, failNote string) Result {
	if len(want) == 0 {
		return unknown("the profile has no di_network to derive the expected " + what + " from")
	}
	o, tbl, how, why := receivedTable(t, ev)
	if why != "" {
		return unknown(why)
	}
	nums, found, missing := findRoutes(tbl, want)
	r := Result{Expected: prefixStrings(want), Observed: how + ": " + strings.Join(found, ", ")}
	if len(found) == 0 {
		r.Observed = how + ": none of them"
	}
	if len(missing) == 0 {
		r.Status, r.Summary = Pass, "DI sends "+what+" "+strings.Join(found, ", ")+" on "+t.Name
		r.Evidence = citeLines(ev.Name, o, nums...)
		return r
	}
	r.Status = Fail
	r.Summary = "DI does not send " + strings.Join(missing, ", ") + " on " + t.Name + failNote
	r.Evidence = withCitations(citeAbsence(ev.Name, o), citeLines(ev.Name, o, nums...))
	return r
}

func checkRoutesReceived(t *profile.Tunnel, ev *evidence.CPE) Result {
	return checkPresence(t, ev, dcNetworks(t), "its DC /25", " (listing cited: the prefix is absent)")
}

func checkRoutesBackup24(t *profile.Tunnel, ev *evidence.CPE) Result {
	return checkPresence(t, ev, backupNetworks(t), "the backup /24",
		": failover will not work, because when the other tunnel drops this one has no route to the other DC (listing cited: the prefix is absent)")
}

func checkRoutesAdvertisedDefaultOnly(t *profile.Tunnel, ev *evidence.CPE) Result {
	cmd := cmdNeighborRoutes(t, "advertised-routes")
	o, tbl, why := latest[*parsers.BGPTable](cmd, ev.FindVariant(parsers.KindBGPRoutes, t.DITunnelIP.String(), "advertised-routes"))
	if why != "" {
		return unknown(why)
	}
	if tbl == nil {
		return unknown(cmd + " gave no usable output")
	}
	def := netip.MustParsePrefix("0.0.0.0/0")
	var extra []string
	var nums []int
	hasDefault := false
	for _, r := range tbl.Routes {
		for n := r.Span.Start; n <= r.Span.End; n++ {
			nums = append(nums, n)
		}
		if r.Network == def {
			hasDefault = true
		} else {
			extra = append(extra, r.Network.String())
		}
	}
	r := Result{Expected: "exactly 0.0.0.0/0", Observed: "advertised: none"}
	if len(tbl.Routes) > 0 {
		var all []string
		for _, x := range tbl.Routes {
			all = append(all, x.Network.String())
		}
		r.Observed = "advertised: " + strings.Join(dedupe(all), ", ")
	}
	switch {
	case len(extra) > 0:
		r.Status = Fail
		r.Summary = "the CPE advertises " + strings.Join(dedupe(extra), ", ") + " to DI: DI accepts only the default route"
		r.Evidence = citeLines(ev.Name, o, nums...)
	case !hasDefault:
		r.Status = Fail
		r.Summary = "the CPE does not advertise 0.0.0.0/0 to DI on " + t.Name + " (listing cited)"
		r.Evidence = citeAbsence(ev.Name, o)
	default:
		r.Status, r.Summary = Pass, "the CPE advertises exactly 0.0.0.0/0 on "+t.Name
		r.Evidence = citeLines(ev.Name, o, nums...)
	}
	return r
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func checkRoutesBestPath(t *profile.Tunnel, ev *evidence.CPE) Result {
	nets := dcNetworks(t)
	if len(nets) == 0 {
		return unknown("the profile has no di_network to derive this DC's /25 from")
	}
	host := firstHost(nets[0])
	o, lk, why := latest[*parsers.RouteLookup](cmdRoute(host), ev.Find(parsers.KindRouteLookup, host.String()))
	if why != "" {
		return unknown(why)
	}
	ti := findInterface(t, ev)
	want := "via " + t.DITunnelIP.String()
	if ti.Name != "" {
		want += " (" + ti.Name + ")"
	}
	r := Result{Expected: want}
	if lk == nil || !lk.Found || lk.Route == nil {
		r.Status, r.Observed = Fail, "not in the routing table"
		r.Summary = "no route to " + host.String() + " (" + nets[0].String() + "): the DC's /25 is not installed"
		r.Evidence = citeAbsence(ev.Name, o)
		return r
	}
	rt := lk.Route
	r.Evidence = cite(ev.Name, o, rt.Span)
	var hops, bad []string
	var other *profile.Tunnel
	for _, nh := range rt.NextHops {
		h := nh.Address.String()
		if nh.Interface != "" {
			h += " (" + nh.Interface + ")"
		}
		hops = append(hops, h)
		mine := nh.Address == t.DITunnelIP || (ti.Name != "" && nh.Interface != "" && sameIface(nh.Interface, ti.Name))
		if !mine {
			bad = append(bad, h)
			if pt := peerTunnel(t); pt != nil && nh.Address == pt.DITunnelIP {
				other = pt
			}
		}
	}
	r.Observed = rt.Prefix.String() + " via " + strings.Join(hops, ", ")
	switch {
	case len(hops) == 0:
		r.Status, r.Summary = Fail, "the route to "+host.String()+" has no next hop"
	case other != nil:
		r.Status = Fail
		r.Summary = "traffic to DC-" + string(t.DC) + " (" + nets[0].String() + ") leaves through " + other.Name +
			" to the other DC while " + t.Name + " is up: asymmetric, it hairpins through DI's WAN and stateful firewalls can drop it"
	case len(bad) > 0:
		r.Status = Fail
		r.Summary = "traffic to DC-" + string(t.DC) + " (" + nets[0].String() + ") goes via " + strings.Join(bad, ", ") + ", not through " + t.Name
	default:
		r.Status, r.Summary = Pass, "traffic to DC-"+string(t.DC)+" ("+nets[0].String()+") goes through "+t.Name
	}
	return r
}
