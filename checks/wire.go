package checks

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// What a packet capture adds to the ladder. A capture cannot replace the
// show output (IKE_AUTH and everything inside ESP are encrypted), but it
// says why an SA is missing when the show output only says "no SA": nobody
// answers, the peer answers NO_PROPOSAL_CHOSEN or INVALID_KE_PAYLOAD, the
// CPE speaks IKEv1, ESP leaves and never returns. Each finding belongs to
// the ladder check it explains and is merged into that check's result
// (mergeWire), so a capture joins the report instead of standing beside it.

// wireFindings judges what the capture shows for one tunnel, keyed by check
// ID. Traffic between other addresses is ignored; a tunnel with no packets
// in the capture gets no finding (the capture point may not see it).
func wireFindings(t *profile.Tunnel, p *evidence.Packets) map[string]Result {
	out := map[string]Result{}
	if p == nil {
		return out
	}
	convs := ikeConversations(p, t.IPsecLocal, t.IPsecPeer)
	for id, r := range ikeFindings(t, p, convs) {
		out[id] = r
	}
	if r, ok := espFinding(t, p); ok {
		out["ipsec.counters-rising"] = r
	}
	if r, ok := greKeepaliveFinding(t, p); ok {
		out["gre.keepalive"] = r
	}
	return out
}

// ikeConversations returns the conversations between the two addresses,
// in either direction.
func ikeConversations(p *evidence.Packets, a, b netip.Addr) []evidence.IKEConversation {
	var out []evidence.IKEConversation
	for _, c := range p.IKE {
		i, r := c.Initiator.Addr(), c.Responder.Addr()
		if i == a && r == b || i == b && r == a {
			out = append(out, c)
		}
	}
	return out
}

// ikeTally condenses the conversations of one tunnel.
type ikeTally struct {
	v1FromCPE             *evidence.IKEConversation
	unanswered            *evidence.IKEConversation // IKE_SA_INIT never answered
	noProposal, invalidKE *evidence.IKEConversation
	authAnswered          *evidence.IKEConversation // IKE_AUTH answered
	requested             int
	offeredGroup          int
	initRequests          uint64
	natt                  bool
	noProposalOffer       []evidence.ProposalSummary
}

func tallyIKE(t *profile.Tunnel, convs []evidence.IKEConversation) ikeTally {
	var k ikeTally
	for i := range convs {
		c := &convs[i]
		if c.Version == 1 {
			if c.Initiator.Addr() == t.IPsecLocal && k.v1FromCPE == nil {
				k.v1FromCPE = c
			}
			continue
		}
		k.natt = k.natt || c.NATT
		for _, e := range c.Exchanges {
			switch e.Type {
			case "IKE_SA_INIT":
				k.initRequests += e.Requests
				if e.Responses == 0 && k.unanswered == nil {
					k.unanswered = c
				}
				switch {
				case hasNotify(e, "NO_PROPOSAL_CHOSEN"):
					k.noProposal, k.noProposalOffer = c, e.Offered
				case e.RequestedGroup > 0:
					k.invalidKE, k.requested, k.offeredGroup = c, e.RequestedGroup, e.KEGroup
				}
			case "IKE_AUTH":
				if e.Responses > 0 {
					k.authAnswered = c
				}
			}
		}
	}
	return k
}

func hasNotify(e evidence.IKEExchange, name string) bool {
	for _, n := range e.Notifies {
		if n == name {
			return true
		}
	}
	return false
}

// ikeFindings turns the tally into findings for the IKEv2 rung.
func ikeFindings(t *profile.Tunnel, p *evidence.Packets, convs []evidence.IKEConversation) map[string]Result {
	out := map[string]Result{}
	if len(convs) == 0 {
		return out
	}
	k := tallyIKE(t, convs)
	espBack := espPackets(p, t.IPsecPeer, t.IPsecLocal) > 0
	espOut := espPackets(p, t.IPsecLocal, t.IPsecPeer) > 0
	cite := func(c *evidence.IKEConversation) []Citation { return wireCitation(p, c.Lines) }
	switch {
	case k.v1FromCPE != nil:
		out["ikev2.sa-present"] = Result{Status: Fail, Evidence: cite(k.v1FromCPE),
			Summary:  "the CPE speaks IKEv1 (ISAKMP) to " + t.IPsecPeer.String() + ": Virtual Connect needs IKEv2",
			Expected: "IKEv2 (version 2.0 header)", Observed: "ISAKMP version 1.0 from the CPE",
			Hint: "Configure IKEv2 (an IKEv2 proposal, policy and profile, used by the IPsec protection of the tunnel) instead of IKEv1."}
	case k.noProposal != nil:
		out["ikev2.proposal"] = Result{Status: Fail, Evidence: cite(k.noProposal),
			Summary:  "on the wire, " + t.IPsecPeer.String() + " answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN: no offered IKE proposal matches DI's",
			Expected: expectedIKE(t), Observed: "offered " + describeOffers(k.noProposalOffer),
			Hint: "Make the IKEv2 proposal offer exactly the encryption, PRF/integrity and DH group of the activation form."}
	case k.invalidKE != nil:
		r := Result{Status: Fail, Evidence: cite(k.invalidKE),
			Summary: fmt.Sprintf("on the wire, %s answers INVALID_KE_PAYLOAD: it wants DH group %d, the CPE sent a KE for group %d",
				t.IPsecPeer, k.requested, k.offeredGroup),
			Expected: fmt.Sprintf("KE for DH group %d", k.requested), Observed: fmt.Sprintf("KE for DH group %d", k.offeredGroup),
			Hint: fmt.Sprintf("Put DH group %d first in the IKEv2 proposal (or only it), as the activation form says.", k.requested)}
		if k.authAnswered != nil {
			// The retry with the right group went on to IKE_AUTH: it works,
			// at the cost of a round trip on every negotiation.
			r.Status = Warn
			r.Summary += "; the retry with that group succeeded"
		}
		out["ikev2.proposal"] = r
	case k.unanswered != nil && k.authAnswered == nil && !espBack:
		c := k.unanswered
		out["ikev2.sa-present"] = Result{Status: Fail, Evidence: cite(c),
			Summary: fmt.Sprintf("on the wire, the CPE sent IKE_SA_INIT %d times to %s and never got an answer: UDP 500 blocked or the DI IPsec IP unreachable",
				k.initRequests, c.Responder),
			Expected: "an IKE_SA_INIT response", Observed: fmt.Sprintf("%d requests, no response", k.initRequests),
			Hint: "Check that UDP 500 and 4500 pass both ways between the CPE's public IP and the DI IPsec IP (firewalls, ACLs on the internet edge), and that the peer address is right."}
	case k.authAnswered != nil && !espOut && !espBack && k.invalidKE == nil:
		out["ikev2.sa-ready"] = Result{Status: Fail, Evidence: cite(k.authAnswered),
			Summary: "on the wire, IKE_AUTH was answered but no ESP followed: likely an authentication failure (pre-shared key or identity), " +
				"or a refused CHILD_SA (ESP proposal, traffic selectors); both answers are encrypted, so the capture cannot tell which",
			Expected: "ESP after IKE_AUTH", Observed: "IKE_AUTH answered, no ESP",
			Hint: "Read the CPE's IKEv2 SA state (not established: authentication; established without an IPsec SA: the CHILD_SA) or its IKEv2 debug output, and compare the PSK, identities and ESP transform with the activation form."}
	case k.authAnswered != nil && (espOut || espBack):
		out["ikev2.sa-present"] = Result{Status: Pass, Evidence: cite(k.authAnswered),
			Summary: "on the wire, IKEv2 completed with " + t.IPsecPeer.String() + " and ESP flows"}
	}
	if k.natt {
		c := &convs[0]
		out["ikev2.local-address"] = Result{Status: Warn, Evidence: cite(c),
			Summary:  "on the wire, IKE moved to UDP 4500: a NAT sits between the CPE and DI",
			Expected: "no NAT between the customer IPsec IP and DI", Observed: "NAT-T (UDP 4500)",
			Hint: "Use a public IP on the CPE for the IPsec peer address, or make sure UDP 4500 is allowed and the NAT mapping is static."}
	}
	return out
}

// espPackets counts ESP packets from src to dst.
func espPackets(p *evidence.Packets, src, dst netip.Addr) uint64 {
	var n uint64
	for _, f := range p.ESP {
		if f.Src == src && f.Dst == dst {
			n += f.Packets
		}
	}
	return n
}

// espFinding judges ESP in both directions between the IPsec peers.
func espFinding(t *profile.Tunnel, p *evidence.Packets) (Result, bool) {
	var lines []string
	for _, f := range p.ESP {
		if f.Src == t.IPsecLocal && f.Dst == t.IPsecPeer || f.Src == t.IPsecPeer && f.Dst == t.IPsecLocal {
			lines = append(lines, fmt.Sprintf("ESP spi 0x%08x %s > %s: %d packets, seq %d-%d, %d missing",
				f.SPI, f.Src, f.Dst, f.Packets, f.FirstSeq, f.LastSeq, f.Gaps))
		}
	}
	out, back := espPackets(p, t.IPsecLocal, t.IPsecPeer), espPackets(p, t.IPsecPeer, t.IPsecLocal)
	if out == 0 && back == 0 {
		return Result{}, false
	}
	r := Result{Expected: "ESP both ways", Observed: fmt.Sprintf("%d packets out, %d back", out, back),
		Evidence: wireCitation(p, lines)}
	switch {
	case out > 0 && back > 0:
		r.Status, r.Summary = Pass, "on the wire, ESP flows both ways"
	case out > 0:
		r.Status, r.Summary = Fail, "on the wire, ESP leaves the CPE for "+t.IPsecPeer.String()+" and none comes back (one-way)"
		r.Hint = "Check that ESP (IP 50) or UDP 4500 from the DI IPsec IP is allowed inbound in front of the CPE, then ask Cisco TAC whether DI receives the CPE's ESP."
	default:
		r.Status, r.Summary = Fail, "on the wire, ESP arrives from "+t.IPsecPeer.String()+" and the CPE sends none (one-way)"
		r.Hint = "Check that traffic to DI is routed into the tunnel and that its IPsec protection (crypto selector, or protection bound to the tunnel interface) covers GRE."
	}
	return r, true
}

// greKeepaliveFinding judges Cisco GRE keepalives, visible only where the
// capture sees cleartext GRE (inside the tunnel, or between a GRE router
// and a separate IPsec router).
func greKeepaliveFinding(t *profile.Tunnel, p *evidence.Packets) (Result, bool) {
	for _, g := range p.GRE {
		var sent, back uint64
		switch {
		case g.A == t.GRESource && g.B == t.GREDestination:
			sent, back = g.SentByA, g.ReflectedToA
		case g.B == t.GRESource && g.A == t.GREDestination:
			sent, back = g.SentByB, g.ReflectedToB
		default:
			continue
		}
		if sent == 0 {
			return Result{}, false
		}
		r := Result{Expected: "the CPE's keepalives reflected", Observed: fmt.Sprintf("%d sent, %d reflected", sent, back),
			Evidence: wireCitation(p, g.Lines)}
		if back == 0 {
			r.Status = Fail
			r.Summary = "on the wire, the CPE sends GRE keepalives to " + t.GREDestination.String() + " and none is reflected back"
			r.Hint = "The keepalive replies do not come back: check the tunnel destination, and that nothing drops GRE between the CPE and the DI GRE transport IP."
		} else {
			r.Status, r.Summary = Pass, "on the wire, the CPE's GRE keepalives are reflected"
		}
		return r, true
	}
	return Result{}, false
}

// wireCitation cites packet summaries from the capture.
func wireCitation(p *evidence.Packets, lines []string) []Citation {
	if len(lines) == 0 {
		return nil
	}
	return []Citation{{Command: "capture " + strings.Join(p.Sources, ", "), Lines: lines}}
}

func expectedIKE(t *profile.Tunnel) string {
	if t.Site == nil {
		return "a proposal DI accepts"
	}
	e := t.Site.IKE
	parts := []string{}
	if len(e.Encryption) > 0 {
		parts = append(parts, strings.Join(e.Encryption, "|"))
	}
	if len(e.PRF) > 0 {
		parts = append(parts, "prf "+strings.Join(e.PRF, "|"))
	}
	for _, g := range e.DHGroup {
		parts = append(parts, fmt.Sprintf("group %d", g))
	}
	if len(parts) == 0 {
		return "a proposal DI accepts"
	}
	return strings.Join(parts, ", ")
}

func describeOffers(ps []evidence.ProposalSummary) string {
	var out []string
	for _, p := range ps {
		var s []string
		s = append(s, p.Encryption...)
		s = append(s, p.PRF...)
		s = append(s, p.Integrity...)
		for _, g := range p.DHGroups {
			s = append(s, fmt.Sprintf("group %d", g))
		}
		out = append(out, strings.Join(s, " "))
	}
	if len(out) == 0 {
		return "(not readable)"
	}
	return strings.Join(out, "; ")
}

// mergeWire folds a capture finding into the show-based result of the same
// check. Show output is the primary evidence; the capture fills in where it
// could not decide and explains a failure it already found.
func mergeWire(show, wire Result) Result {
	switch {
	case show.Status == Unknown:
		// The show output could not decide: the capture does (why the
		// show output could not is in the report's notes).
		return wire
	case wire.Status == Pass:
		show.Evidence = append(show.Evidence, wire.Evidence...)
		return show
	case show.Status == Fail:
		show.Summary += "; " + wire.Summary
		show.Evidence = append(show.Evidence, wire.Evidence...)
		return show
	default:
		// The show output passes but the capture shows failures (another
		// attempt, another moment): worth a look, not a failure.
		show.Status = Warn
		show.Summary += "; but " + wire.Summary
		show.Evidence = append(show.Evidence, wire.Evidence...)
		return show
	}
}
