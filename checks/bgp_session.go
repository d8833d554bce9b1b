package checks

import (
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// bgpDiagnosis turns a reset reason, a notification or the log into the
// likely cause of a session that is not established.
func bgpDiagnosis(t *profile.Tunnel, cpe *evidence.CPE, n *evidence.BGPNeighbor) (cause, hint string, cs []Citation) {
	var s string
	if n != nil {
		s = strings.ToLower(n.LastReset + " " + n.NotificationSent + " " + n.NotificationReceived)
	}
	for _, e := range logsAbout(cpe, t.DITunnelIP, evidence.LogBGPNotification) {
		s += " " + strings.ToLower(e.Detail+" "+e.Text)
		cs = citeHead(cpe.Name, e.Ref)
	}
	switch {
	case strings.Contains(s, "2/2") || strings.Contains(s, "wrong as") || strings.Contains(s, "bad peer as"):
		return "NOTIFICATION 2/2 bad peer AS: the AS numbers do not match",
			"Set the remote AS to the DI ASN and the local AS to the customer ASN from the activation form.", cs
	case strings.Contains(s, "4/0") || strings.Contains(s, "hold time"):
		return "NOTIFICATION 4/0 hold timer expired: keepalives were lost, often because large BGP updates fragment and are dropped (MTU)",
			"Check the MTU rung: lower the tunnel's TCP MSS to 1350 or less, turn on path MTU discovery on the tunnel, and make sure ICMP 'fragmentation needed' is not blocked.", cs
	case strings.Contains(s, "md5") || strings.Contains(s, "auth"):
		return "MD5 authentication failure: the BGP password is set on one side only or differs",
			"Set the BGP password exactly as shown in Control Hub, or remove it on both sides.", cs
	}
	return "", "", nil
}

func checkBGPEstablished(t *profile.Tunnel, cpe *evidence.CPE) Result {
	want := "Established"
	v := neighborOf(t, cpe)
	if !v.found {
		return unknown(v.why)
	}
	if v.n == nil {
		if !v.l.Proves(t.DITunnelIP.String()) {
			return unknown(v.l.Out.Command + " does not list neighbor " + t.DITunnelIP.String() + ", but it may leave neighbors out")
		}
		return Result{Status: Fail, Summary: v.l.Out.Command + " has no neighbor " + t.DITunnelIP.String() + " (output cited)",
			Expected: want, Observed: "no such neighbor", Evidence: citeAbsence(cpe.Name, v.l.Out)}
	}
	n := v.n
	r := Result{Expected: want, Observed: n.StateRaw, Evidence: citeRef(cpe.Name, n.Ref, evidence.AttrHead, evidence.AttrState, evidence.AttrReason)}
	r.Values = map[string]float64{ValueBGPEstablished: 0}
	if n.Established() {
		r.Values[ValueBGPEstablished] = 1
		if n.PrefixesReceived >= 0 {
			r.Values[ValuePrefixesReceived] = float64(n.PrefixesReceived)
		}
		if n.PrefixesSent >= 0 {
			r.Values[ValuePrefixesSent] = float64(n.PrefixesSent)
		}
		r.Status, r.Summary = Pass, "BGP session to "+t.DITunnelIP.String()+" is Established"
		return r
	}
	r.Status = Fail
	r.Summary = "BGP session to " + t.DITunnelIP.String() + " is " + n.StateRaw + ", not Established"
	if n.LastReset != "" {
		r.Observed += "; last reset " + n.LastReset
	}
	if cause, hint, cs := bgpDiagnosis(t, cpe, n); cause != "" {
		r.Summary += ": " + cause
		r.Hint = hint
		r.Evidence = append(r.Evidence, cs...)
	} else if v.l.Rank < 2 {
		r.Summary += " (" + cpe.Words().Show(evidence.Query{Family: evidence.FamilyBGPNeighbor, Neighbor: t.DITunnelIP}) + " gives the reset reason)"
	}
	return r
}

func checkBGPStable(t *profile.Tunnel, cpe *evidence.CPE) Result {
	v := neighborOf(t, cpe)
	if !v.found || v.n == nil {
		if v.why != "" {
			return unknown(v.why)
		}
		return unknown("BGP session to " + t.DITunnelIP.String() + " not shown (see bgp.established)")
	}
	n := v.n
	if !n.Established() {
		return unknown("BGP session is not Established (see bgp.established)")
	}
	if !n.UpKnown {
		return unknown("BGP up time " + quote(n.UpRaw) + " could not be read")
	}
	r := Result{Expected: "up for more than 2 minutes", Observed: "up for " + n.UpRaw,
		Evidence: citeRef(cpe.Name, n.Ref, evidence.AttrHead, evidence.AttrState, evidence.AttrAge),
		Values:   map[string]float64{ValueBGPUp: n.Up.Seconds()}}
	if n.ConnectionsDropped > 0 {
		r.Observed += ", " + itoa(n.ConnectionsDropped) + " earlier drops"
	}
	if n.Up < 2*time.Minute {
		r.Status, r.Summary = Warn, "BGP session to "+t.DITunnelIP.String()+" came up only "+n.UpRaw+" ago: possibly flapping"
		return r
	}
	r.Status, r.Summary = Pass, "BGP session to "+t.DITunnelIP.String()+" has been up for "+n.UpRaw
	return r
}

func quote(s string) string { return "\"" + s + "\"" }
