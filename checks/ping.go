package checks

import (
	"fmt"
	"net/netip"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 4: ping from the CPE tunnel IP to the DI tunnel IP. Transport IP to
// transport IP pings fail by design (the crypto selector passes only GRE),
// so only this ping is meaningful.

// tunnelPings returns the pings whose output says they went to the DI
// tunnel IP from this tunnel (its interface or the CPE tunnel address),
// oldest first. A ping to another address, or from elsewhere, answers
// another question and does not count. df selects the DF-bit probes of the
// MTU sweep (true) or the plain pings (false).
func tunnelPings(t *profile.Tunnel, cpe *evidence.CPE, iface string, df bool) []evidence.Ping {
	var out []evidence.Ping
	for _, l := range cpe.Pings {
		for _, p := range l.Items {
			if p.Target != t.DITunnelIP || p.DF != df || !fromTunnel(t, iface, p.Source) {
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// fromTunnel reports whether a printed ping source is this tunnel: its
// interface, or the CPE tunnel address. An output that does not print
// the source is taken as asked.
func fromTunnel(t *profile.Tunnel, iface, source string) bool {
	if source == "" {
		return true
	}
	if a, err := netip.ParseAddr(source); err == nil {
		return a == t.CPETunnelIP.Addr()
	}
	return iface == "" || evidence.SameInterface(source, iface) || evidence.SameInterface(source, t.Interface)
}

// pingSource is what a tunnel's pings are sourced from: the interface, or
// the CPE tunnel address when the interface is not known.
func pingSource(t *profile.Tunnel, iface string) string {
	if iface != "" {
		return iface
	}
	return t.CPETunnelIP.Addr().String()
}

func checkPingTunnelIP(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti := findInterface(t, cpe)
	pings := tunnelPings(t, cpe, ti.Name, false)
	if len(pings) == 0 {
		why := cpe.Why(evidence.FamilyPing, evidence.Query{Address: t.DITunnelIP, Source: pingSource(t, ti.Name)})
		if other := otherPings(t, cpe); other != "" {
			why += "; " + other
		}
		return unknown(why + " (note: a ping between the transport IPs fails by design; only tunnel IP to tunnel IP counts)")
	}
	p := pings[len(pings)-1]
	r := Result{Expected: "100% success (5/5)", Observed: fmt.Sprintf("%d%% (%d/%d) %s", p.Percent(), p.Received, p.Sent, p.Marks),
		Evidence: citeRef(cpe.Name, p.Ref, evidence.AttrHead)}
	r.Values = map[string]float64{}
	if p.Sent > 0 {
		r.Values[ValuePingLoss] = float64(p.Sent-p.Received) / float64(p.Sent)
	}
	if p.HasRTT {
		r.Values[ValuePingRTT] = p.RTTAvg.Seconds()
	}
	switch {
	case p.Sent > 0 && p.Received == p.Sent:
		r.Status, r.Summary = Pass, "ping "+t.DITunnelIP.String()+" through the tunnel succeeds"
	case p.Received > 0:
		r.Status, r.Summary = Warn, fmt.Sprintf("ping %s through the tunnel loses packets (%d%%)", t.DITunnelIP, p.Percent())
	default:
		r.Status, r.Summary = Fail, "ping "+t.DITunnelIP.String()+" through the tunnel fails"
	}
	return r
}

// otherPings names pings that were collected but answer another question
// (another target or source), so the reason says why they do not count.
func otherPings(t *profile.Tunnel, cpe *evidence.CPE) string {
	for _, l := range cpe.Pings {
		for _, p := range l.Items {
			if p.DF {
				continue
			}
			src := p.Source
			if src == "" {
				src = "the default source"
			}
			return fmt.Sprintf("the ping collected (%s) went to %s from %s, not to %s from the tunnel", l.Out.Command, p.Target, src, t.DITunnelIP)
		}
	}
	return ""
}
