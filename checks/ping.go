package checks

import (
	"fmt"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 4: ping from the CPE tunnel IP to the DI tunnel IP. Transport IP to
// transport IP pings fail by design (the crypto ACL passes only GRE), so
// only this ping is meaningful.

func checkPingTunnelIP(t *profile.Tunnel, ev *evidence.CPE) Result {
	o, p, why := latest[*parsers.Ping](cmdPing(t), withoutDFPings(ev.Find(parsers.KindPing, t.DITunnelIP.String())))
	if why != "" {
		return unknown(why + " (note: a ping between the transport IPs fails by design; only tunnel IP to tunnel IP counts)")
	}
	if p == nil {
		return unknown(cmdPing(t) + " gave no usable output")
	}
	r := Result{Expected: "100% success (5/5)", Observed: fmt.Sprintf("%d%% (%d/%d) %s", p.Percent, p.Received, p.Sent, p.Marks),
		Evidence: cite(ev.Name, o, p.Span)}
	if len(r.Evidence) == 0 {
		r.Evidence = citeAbsence(ev.Name, o)
	}
	switch {
	case p.Sent > 0 && p.Percent == 100:
		r.Status, r.Summary = Pass, "ping "+t.DITunnelIP.String()+" through the tunnel succeeds"
	case p.Received > 0:
		r.Status, r.Summary = Warn, fmt.Sprintf("ping %s through the tunnel loses packets (%d%%)", t.DITunnelIP, p.Percent)
	default:
		r.Status, r.Summary = Fail, "ping "+t.DITunnelIP.String()+" through the tunnel fails"
	}
	return r
}
