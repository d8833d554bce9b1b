package checks

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 5: the eBGP session to the DI tunnel IP: its configuration and its
// state.

// bgpConfigured returns the configured neighbor for the DI tunnel IP. proven
// says whether a configuration that would show it was read (so nil means
// "not configured").
func bgpConfigured(t *profile.Tunnel, cpe *evidence.CPE) (b *evidence.BGPConfig, n *evidence.BGPNeighborConfig, proven bool, why string) {
	cfg := configOf(cpe)
	b, proven = cfg.bgp()
	if b != nil {
		n = b.Neighbor(t.DITunnelIP)
	}
	if !cfg.ok() {
		why = cfg.why
	} else if b == nil && !proven {
		why = "the configuration collected is partial and shows no BGP"
	}
	return b, n, proven, why
}

func checkBGPNeighborConfigured(t *profile.Tunnel, cpe *evidence.CPE) Result {
	b, n, proven, why := bgpConfigured(t, cpe)
	want := "neighbor " + t.DITunnelIP.String() + " in the BGP configuration"
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPNeighbor, Neighbor: t.DITunnelIP, N: int(t.DIASN)})
	if n != nil {
		return Result{Status: Pass, Summary: "BGP neighbor " + t.DITunnelIP.String() + " is configured", Expected: want,
			Observed: fmt.Sprintf("neighbor %s remote AS %d", n.Address, n.RemoteAS),
			Evidence: withCitations(citeHead(cpe.Name, b.Ref), citeRef(cpe.Name, n.Ref, evidence.AttrHead))}
	}
	// Without a configuration that would list it, the session listing
	// shows a configured neighbor as well.
	v := neighborOf(t, cpe)
	if v.n != nil && !proven {
		return Result{Status: Pass, Summary: "BGP neighbor " + t.DITunnelIP.String() + " is configured (the session listing shows it)",
			Expected: want, Observed: fmt.Sprintf("neighbor %s remote AS %d, %s", v.n.Address, v.n.RemoteAS, v.n.StateRaw),
			Evidence: citeHead(cpe.Name, v.n.Ref)}
	}
	hint := withFix("Configure the BGP neighbor as the DI tunnel IP, with the DI ASN as its remote AS; not the transport IPs.", fix)
	if !proven {
		// Without the configuration, a complete session listing (a BGP
		// summary lists every configured neighbor, up or not) proves the
		// neighbor is not configured, as it proves it is.
		if v.found && v.n == nil && v.l.Proves(t.DITunnelIP.String()) {
			var listed []string
			for _, x := range v.l.Items {
				listed = append(listed, x.Address.String())
			}
			return neighborMissing(t, want, hint, listed, citeAbsence(cpe.Name, v.l.Out),
				"BGP has no neighbor "+t.DITunnelIP.String()+" (the DI tunnel IP; "+v.l.Out.Command+" lists every configured neighbor)")
		}
		return unknown(why)
	}
	if b == nil {
		cfg := configOf(cpe)
		return Result{Status: Fail, Summary: "no BGP in the configuration (configuration cited: no BGP process)", Expected: want,
			Observed: "no BGP process", Evidence: citeAbsence(cpe.Name, cfg.full.Ref.Out), Hint: hint}
	}
	var listed []string
	cs := citeHead(cpe.Name, b.Ref)
	for _, x := range b.Neighbors {
		listed = append(listed, x.Address.String())
		cs = append(cs, citeHead(cpe.Name, x.Ref)...)
	}
	return neighborMissing(t, want, hint, listed, cs, "BGP has no neighbor "+t.DITunnelIP.String()+" (the DI tunnel IP)")
}

// neighborMissing is bgp.neighbor-configured's failure from a listing
// (the configuration, or a complete session listing) that proves the DI
// tunnel IP is no neighbor: it names the neighbors there are, and a
// transport IP among them.
func neighborMissing(t *profile.Tunnel, want, hint string, others []string, cs []Citation, summary string) Result {
	r := Result{Status: Fail, Expected: want, Evidence: cs, Hint: hint, Summary: summary, Observed: "neighbors: " + strings.Join(others, ", ")}
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

func checkBGPRemoteAS(t *profile.Tunnel, cpe *evidence.CPE) Result {
	want := fmt.Sprint(t.DIASN)
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPRemoteAS, Neighbor: t.DITunnelIP, N: int(t.DIASN)})
	judge := func(as uint32, cs []Citation, how string) Result {
		r := Result{Expected: want, Observed: fmt.Sprint(as), Evidence: cs}
		if as == t.DIASN {
			r.Status, r.Summary = Pass, how+" is the DI ASN "+want
		} else {
			r.Status, r.Summary = Fail, fmt.Sprintf("%s %d is not the DI ASN %d", how, as, t.DIASN)
			r.Hint = withFix("Set the neighbor's remote AS to the DI ASN of the activation form.", fix)
		}
		return r
	}
	_, n, _, why := bgpConfigured(t, cpe)
	if n != nil && n.RemoteAS != 0 {
		return judge(n.RemoteAS, citeRef(cpe.Name, n.Ref, evidence.AttrRemoteAS), "remote AS")
	}
	if v := neighborOf(t, cpe); v.n != nil && v.n.RemoteAS != 0 {
		return judge(v.n.RemoteAS, citeRef(cpe.Name, v.n.Ref, evidence.AttrRemoteAS, evidence.AttrHead), "remote AS")
	}
	if why != "" {
		return unknown(why)
	}
	return unknown("neighbor " + t.DITunnelIP.String() + " is not configured (see bgp.neighbor-configured)")
}

func checkBGPLocalAS(t *profile.Tunnel, cpe *evidence.CPE) Result {
	want := fmt.Sprint(t.CPEASN)
	judge := func(local uint32, how string, routerAS uint32, cs []Citation) Result {
		r := Result{Expected: want, Observed: fmt.Sprintf("%d (%s)", local, how), Evidence: cs}
		if local == t.CPEASN {
			r.Status, r.Summary = Pass, "local AS is the customer ASN "+want
			return r
		}
		r.Status, r.Summary = Fail, fmt.Sprintf("local AS %d (%s) is not the customer ASN %d", local, how, t.CPEASN)
		r.Hint = withFix("Use the customer ASN of the activation form: as the BGP process's AS or, when one CPE needs a different ASN per tunnel, as the neighbor's local AS.",
			cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPLocalAS, Neighbor: t.DITunnelIP, N: int(t.CPEASN), N2: int(routerAS)}))
		return r
	}
	b, n, _, why := bgpConfigured(t, cpe)
	if n != nil {
		if n.LocalAS != 0 {
			return judge(n.LocalAS, "neighbor local AS", b.LocalAS, citeRef(cpe.Name, n.Ref, evidence.AttrLocalAS))
		}
		return judge(b.LocalAS, "BGP process AS", b.LocalAS, citeRef(cpe.Name, b.Ref, evidence.AttrLocalAS))
	}
	if v := neighborOf(t, cpe); v.n != nil && v.n.LocalAS != 0 {
		return judge(v.n.LocalAS, "session local AS", v.n.LocalAS, citeRef(cpe.Name, v.n.Ref, evidence.AttrLocalAS, evidence.AttrHead))
	}
	if why != "" {
		return unknown(why)
	}
	return unknown("neighbor " + t.DITunnelIP.String() + " is not configured (see bgp.neighbor-configured)")
}

// authProof returns the evidence that the session to the DI tunnel IP
// fails TCP MD5 authentication: log messages about segments from it, or a
// reset reason naming MD5.
func authProof(t *profile.Tunnel, cpe *evidence.CPE, v neighborView) (kind evidence.LogKind, detail string, cs []Citation) {
	events := logsAbout(cpe, t.DITunnelIP, evidence.LogBGPAuthInvalid, evidence.LogBGPAuthMissing, evidence.LogBGPAuthUnwanted)
	for _, e := range events {
		cs = append(cs, citeHead(cpe.Name, e.Ref)...)
		kind, detail = e.Kind, e.Detail
	}
	if len(cs) > 3 {
		cs = append(cs[:1], cs[len(cs)-2:]...) // the first and the last two
	}
	cs = mergeCitations(cs)
	if v.n != nil && kind == "" {
		s := strings.ToLower(v.n.LastReset + " " + v.n.NotificationSent + " " + v.n.NotificationReceived)
		if strings.Contains(s, "md5") || strings.Contains(s, "auth") {
			kind, detail = evidence.LogBGPAuthInvalid, v.n.LastReset
			cs = citeRef(cpe.Name, v.n.Ref, evidence.AttrReason)
		}
	}
	return kind, detail, cs
}

func checkBGPPassword(t *profile.Tunnel, cpe *evidence.CPE) Result {
	_, n, _, _ := bgpConfigured(t, cpe)
	v := neighborOf(t, cpe)
	has := "unknown"
	var cs []Citation
	if n != nil {
		has = "not configured"
		if n.PasswordSet {
			has = "configured (value not shown)"
		}
		cs = citeRef(cpe.Name, n.Ref, evidence.AttrPassword)
		if cs == nil {
			cs = citeHead(cpe.Name, n.Ref)
		}
	}
	r := Result{Expected: "the password of the activation form on both sides (or none on either)", Observed: "password " + has}
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixBGPPassword, Neighbor: t.DITunnelIP})
	if kind, detail, proof := authProof(t, cpe, v); kind != "" {
		r.Status, r.Evidence = Fail, withCitations(proof, cs)
		r.Observed += "; " + detail
		switch kind {
		case evidence.LogBGPAuthMissing:
			r.Summary = "TCP MD5 authentication fails for " + t.DITunnelIP.String() + ": its segments carry no MD5 digest while the CPE expects one (the password is set on the CPE only)"
		case evidence.LogBGPAuthUnwanted:
			r.Summary = "TCP MD5 authentication fails for " + t.DITunnelIP.String() + ": its segments carry an MD5 digest the CPE does not expect (the password is set on DI only)"
		default:
			r.Summary = "TCP MD5 authentication fails for " + t.DITunnelIP.String() + ": the digest does not match (the BGP passwords differ)"
		}
		r.Hint = withFix("Set the BGP password exactly as shown in Control Hub, on the neighbor, or remove it on both sides.", fix)
		return r
	}
	if v.n != nil && v.n.Established() {
		r.Status, r.Evidence = Pass, withCitations(cs, citeRef(cpe.Name, v.n.Ref, evidence.AttrState))
		r.Summary = "the BGP session to " + t.DITunnelIP.String() + " is established, so the passwords agree (password " + has + ")"
		return r
	}
	why := "no MD5 authentication failure is in the evidence, and the session is not established to prove the passwords agree"
	if len(cpe.Logs) == 0 {
		if show := cpe.Words().Show(evidence.Query{Family: evidence.FamilyLog}); show != "" {
			why += " (no log was collected: " + show + " shows TCP MD5 failures)"
		} else {
			why += " (no log was collected: this platform's log is not read)"
		}
	}
	return unknown(why)
}
