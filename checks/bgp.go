package checks

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 5: the eBGP session to the DI tunnel IP (running-config router bgp,
// show ip bgp summary, show ip bgp neighbors X).

// bgpConfig returns the router bgp neighbor for the DI tunnel IP, or an
// unknown result when the config is unreadable, or nil/nil when it is not
// configured.
func bgpConfig(t *profile.Tunnel, ev *evidence.CPE) (*evidence.Output, *parsers.RunningConfig, *parsers.BGPNeighborConfig, *Result) {
	o, rc, why := runningConfig(ev)
	if why != "" {
		r := unknown(why)
		return nil, nil, nil, &r
	}
	return o, rc, bgpNeighborConfig(t, rc), nil
}

func checkBGPNeighborConfigured(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, rc, n, res := bgpConfig(t, ev)
	if res != nil {
		return *res
	}
	want := "neighbor " + t.DITunnelIP.String() + " under router bgp"
	if n != nil {
		return Result{Status: Pass, Summary: "BGP neighbor " + t.DITunnelIP.String() + " is configured", Expected: want,
			Observed: fmt.Sprintf("neighbor %s remote-as %d", n.Address, n.RemoteAS),
			Evidence: citeLines(ev.Name, o, append(n.Lines, rc.BGP.Span.Start)...)}
	}
	if rc.BGP == nil {
		return Result{Status: Fail, Summary: "no router bgp in the running-config (output header cited)", Expected: want,
			Observed: "no router bgp", Evidence: citeAbsence(ev.Name, o)}
	}
	var others []string
	nums := []int{rc.BGP.Span.Start}
	for _, x := range rc.BGP.Neighbors {
		others = append(others, x.Address.String())
		if len(x.Lines) > 0 {
			nums = append(nums, x.Lines[0])
		}
	}
	r := Result{Status: Fail, Expected: want, Evidence: citeLines(ev.Name, o, nums...),
		Summary: "router bgp has no neighbor " + t.DITunnelIP.String() + " (the DI tunnel IP)"}
	r.Observed = "neighbors: " + strings.Join(others, ", ")
	if len(others) == 0 {
		r.Observed = "no neighbors"
	}
	for _, a := range others {
		if a == t.GREDestination.String() || a == t.IPsecPeer.String() {
			r.Summary += "; " + a + " is a transport IP: the neighbor must be the DI tunnel IP"
		}
	}
	return r
}

// neighborRecord returns the show ip bgp neighbors block for the DI tunnel IP.
func neighborRecord(t *profile.Tunnel, ev *evidence.CPE) (*evidence.Output, *parsers.BGPNeighbor, string) {
	o, ns, why := latest[[]parsers.BGPNeighbor](cmdNeighbor(t), ev.Find(parsers.KindBGPNeighbors, t.DITunnelIP.String()))
	if why != "" {
		// A full "show ip bgp neighbors" also holds the block.
		if o2, ns2, why2 := latest[[]parsers.BGPNeighbor](cmdNeighbor(t), ev.Find(parsers.KindBGPNeighbors, "")); why2 == "" {
			o, ns, why = o2, ns2, ""
		}
	}
	if why != "" {
		return nil, nil, why
	}
	for i := range ns {
		if ns[i].Address == t.DITunnelIP {
			return o, &ns[i], ""
		}
	}
	return o, nil, cmdNeighbor(t) + " shows no neighbor " + t.DITunnelIP.String()
}

func checkBGPRemoteAS(t *profile.Tunnel, ev *evidence.CPE) Result {
	want := fmt.Sprint(t.DIASN)
	o, _, n, res := bgpConfig(t, ev)
	if res == nil && n != nil {
		r := Result{Expected: want, Observed: fmt.Sprint(n.RemoteAS),
			Evidence: citeLines(ev.Name, o, linesContaining(o, n.Lines, "remote-as")...)}
		if n.RemoteAS == t.DIASN {
			r.Status, r.Summary = Pass, "remote-as is the DI ASN "+want
		} else {
			r.Status, r.Summary = Fail, fmt.Sprintf("remote-as %d is not the DI ASN %d", n.RemoteAS, t.DIASN)
		}
		return r
	}
	if no, nr, why := neighborRecord(t, ev); why == "" {
		r := Result{Expected: want, Observed: fmt.Sprint(nr.RemoteAS), Evidence: cite(ev.Name, no, headSpan(nr.Span, 1))}
		if nr.RemoteAS == t.DIASN {
			r.Status, r.Summary = Pass, "remote AS is the DI ASN "+want
		} else {
			r.Status, r.Summary = Fail, fmt.Sprintf("remote AS %d is not the DI ASN %d", nr.RemoteAS, t.DIASN)
		}
		return r
	}
	if res != nil {
		return *res
	}
	return unknown("neighbor " + t.DITunnelIP.String() + " is not configured (see bgp.neighbor-configured)")
}

// linesContaining keeps the config lines (by number) holding sub; all of
// them when none does.
func linesContaining(o *evidence.Output, nums []int, sub string) []int {
	var out []int
	for _, n := range nums {
		if n >= 1 && n <= len(o.Lines) && strings.Contains(o.Lines[n-1], sub) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nums
	}
	return out
}

func checkBGPLocalAS(t *profile.Tunnel, ev *evidence.CPE) Result {
	want := fmt.Sprint(t.CPEASN)
	o, rc, n, res := bgpConfig(t, ev)
	if res == nil && n != nil {
		local, how := rc.BGP.ASN, "router bgp"
		nums := []int{rc.BGP.Span.Start}
		if n.LocalAS != 0 {
			local, how = n.LocalAS, "neighbor local-as"
			nums = linesContaining(o, n.Lines, "local-as")
		}
		r := Result{Expected: want, Observed: fmt.Sprintf("%d (%s)", local, how), Evidence: citeLines(ev.Name, o, nums...)}
		if local == t.CPEASN {
			r.Status, r.Summary = Pass, "local AS is the customer ASN "+want
		} else {
			r.Status, r.Summary = Fail, fmt.Sprintf("local AS %d (%s) is not the customer ASN %d", local, how, t.CPEASN)
			r.Hint = fmt.Sprintf("Use the ASN the activation form assigns: `router bgp %d`, or when one CPE needs a different ASN per tunnel, `neighbor %s local-as %d no-prepend replace-as`.", t.CPEASN, t.DITunnelIP, t.CPEASN)
		}
		return r
	}
	if no, nr, why := neighborRecord(t, ev); why == "" && nr.LocalAS != 0 {
		r := Result{Expected: want, Observed: fmt.Sprint(nr.LocalAS), Evidence: cite(ev.Name, no, headSpan(nr.Span, 1))}
		if nr.LocalAS == t.CPEASN {
			r.Status, r.Summary = Pass, "local AS is the customer ASN "+want
		} else {
			r.Status, r.Summary = Fail, fmt.Sprintf("local AS %d is not the customer ASN %d", nr.LocalAS, t.CPEASN)
		}
		return r
	}
	if res != nil {
		return *res
	}
	return unknown("neighbor " + t.DITunnelIP.String() + " is not configured (see bgp.neighbor-configured)")
}

// authTrouble reports whether a reset reason or notification points at the
// MD5 password.
func authTrouble(n *parsers.BGPNeighbor) bool {
	if n == nil {
		return false
	}
	s := strings.ToLower(n.LastReset + " " + n.LastNotificationSent + " " + n.LastNotificationReceived)
	return strings.Contains(s, "md5") || strings.Contains(s, "auth")
}

func checkBGPPassword(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, _, n, res := bgpConfig(t, ev)
	if res != nil {
		return *res
	}
	if n == nil {
		return unknown("neighbor " + t.DITunnelIP.String() + " is not configured (see bgp.neighbor-configured)")
	}
	has := "not configured"
	if n.HasPassword {
		has = "configured (value not shown)"
	}
	r := Result{Status: Pass, Expected: "as agreed in the activation form", Observed: "password " + has,
		Summary:  "BGP password for " + t.DITunnelIP.String() + " is " + has,
		Evidence: citeLines(ev.Name, o, n.Lines...)}
	if no, nr, why := neighborRecord(t, ev); why == "" && nr.State != "Established" && authTrouble(nr) {
		r.Status = Warn
		r.Summary += "; the session is down with an MD5/authentication reason: the password is one-sided or different"
		r.Evidence = append(r.Evidence, citeLines(ev.Name, no, linesWith(no, nr.Span, "Last reset", "MD5", "otification")...)...)
	}
	return r
}
