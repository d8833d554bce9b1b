package checks

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 3: the GRE tunnel interface, its state and its configuration.

// greIface locates the tunnel interface for the GRE checks. When it cannot
// be found the other GRE checks are unknown, not failed: only
// gre.interface-found reports the absence.
func greIface(t *profile.Tunnel, cpe *evidence.CPE) (tunnelIface, *Result) {
	ti := findInterface(t, cpe)
	if ti.Why != "" {
		r := unknown("tunnel interface not found: " + ti.Why)
		return ti, &r
	}
	return ti, nil
}

func checkGREInterfaceFound(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti := findInterface(t, cpe)
	want := "a tunnel interface with destination " + t.GREDestination.String()
	if t.Interface != "" {
		want = t.Interface
	}
	if ti.Why != "" && !ti.Missing {
		return unknown(ti.Why)
	}
	if ti.Why != "" {
		r := Result{Status: Fail, Summary: ti.Why, Expected: want, Observed: "not configured", Cause: true}
		switch cfg := configOf(cpe); {
		case ti.Proof != nil:
			r.Summary += " (interface listing cited: no such interface)"
			r.Evidence = citeAbsence(cpe.Name, ti.Proof)
		case cfg.full != nil:
			r.Summary += " (configuration cited: no such interface)"
			r.Evidence = citeAbsence(cpe.Name, cfg.full.Ref.Out)
		}
		return r
	}
	r := Result{Status: Pass, Summary: ti.Name + " (" + ti.How + ")", Expected: want, Observed: ti.Name}
	if ti.Cfg != nil {
		r.Evidence = citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrHead, evidence.AttrEndpoints)
	} else if s := ti.State(); s != nil {
		r.Evidence = citeHead(cpe.Name, s.Ref)
	}
	return r
}

// sourceOf resolves the tunnel source: the state's address, else a
// configured address, else the address of the configured source interface.
// iface is the source interface's name when known.
func sourceOf(ti tunnelIface, cpe *evidence.CPE) (addr netip.Addr, iface, text string) {
	cfg := configOf(cpe)
	if s := ti.State(); s != nil {
		iface = s.TunnelSourceIface
		if s.TunnelSource.IsValid() {
			text = s.TunnelSource.String()
			if iface != "" {
				text += " (" + iface + ")"
			}
			return s.TunnelSource, iface, text
		}
	}
	if ti.Cfg != nil {
		if ti.Cfg.TunnelSource.IsValid() {
			return ti.Cfg.TunnelSource, iface, ti.Cfg.TunnelSource.String()
		}
		if ti.Cfg.TunnelSourceIface != "" {
			iface = ti.Cfg.TunnelSourceIface
		}
	}
	if iface == "" {
		return netip.Addr{}, "", "no tunnel source"
	}
	if ic, _ := cfg.iface(iface); ic != nil && ic.Address.IsValid() {
		return ic.Address.Addr(), iface, ic.Address.Addr().String() + " (" + iface + ")"
	}
	if st := interfaceState(cpe, iface); st != nil && st.Address.IsValid() {
		return st.Address.Addr(), iface, st.Address.Addr().String() + " (" + iface + ")"
	}
	return netip.Addr{}, iface, iface + " (address unknown)"
}

func checkGREEndpoints(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	src, _, srcText := sourceOf(ti, cpe)
	dst := netip.Addr{}
	var c []Citation
	if s := ti.State(); s != nil {
		dst = s.TunnelDestination
		c = citeAttr(cpe.Name, s.Ref, evidence.AttrEndpoints)
	}
	if ti.Cfg != nil {
		if !dst.IsValid() {
			dst = ti.Cfg.TunnelDestination
		}
		c = append(c, citeAttr(cpe.Name, ti.Cfg.Ref, evidence.AttrEndpoints)...)
	}
	if len(c) == 0 && ti.State() != nil {
		c = citeRef(cpe.Name, ti.State().Ref)
	}
	r := Result{Expected: "source " + t.GRESource.String() + ", destination " + t.GREDestination.String(),
		Observed: "source " + srcText + ", destination " + dst.String(), Evidence: c}
	if !src.IsValid() && !dst.IsValid() {
		return unknown("the tunnel source and destination of " + ti.Name + " could not be read (" + srcText + ")")
	}
	var bad []string
	var fixes []string
	words := cpe.Words()
	if src.IsValid() && src != t.GRESource {
		bad = append(bad, "source "+src.String()+" is not the customer GRE transport IP "+t.GRESource.String())
		fixes = append(fixes, words.Fix(evidence.Fix{Key: evidence.FixTunnelSource, Interface: ti.Name, Address: t.GRESource}))
	}
	if dst != t.GREDestination {
		bad = append(bad, "destination "+dst.String()+" is not the DI GRE transport IP "+t.GREDestination.String())
		fixes = append(fixes, words.Fix(evidence.Fix{Key: evidence.FixTunnelDestination, Interface: ti.Name, Address: t.GREDestination}))
	}
	if len(bad) > 0 {
		r.Status, r.Summary, r.Cause = Fail, strings.Join(bad, "; "), true
		r.Hint = withFix("Set the tunnel source to the customer GRE transport IP (or the interface holding it) and the destination to the DI GRE transport IP from the activation form.",
			strings.TrimSpace(strings.Join(fixes, " ")))
		return r
	}
	if !src.IsValid() {
		return unknown("the destination is right, but the tunnel source address of " + ti.Name + " could not be resolved (" + srcText + ")")
	}
	r.Status, r.Summary = Pass, "tunnel source and destination are the assigned GRE transport IPs"
	return r
}

// checkGRESourceUp: a tunnel is only as up as the interface it is sourced
// from. A shut or down source is the cause, even though what shows first is
// the IKE, IPsec and GRE traffic that stopped because of it.
func checkGRESourceUp(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	_, srcIface, srcText := sourceOf(ti, cpe)
	r := Result{Expected: "the tunnel source " + srcText + " up"}
	fail := func(summary string, cs ...[]Citation) Result {
		r.Status, r.Summary, r.Cause = Fail, summary, true
		r.Evidence = withCitations(cs...)
		if srcIface != "" {
			r.Hint = withFix("Bring the tunnel's source interface up (it carries the customer GRE and IPsec transport IP), then check the WAN link.",
				cpe.Words().Fix(evidence.Fix{Key: evidence.FixNoShutdown, Interface: srcIface}))
		}
		return r
	}
	st := ti.State()
	if st != nil && st.DownReason == evidence.ReasonSourceDown {
		r.Observed = st.DownReasonRaw
		return fail(ti.Name+" is down because its source is down ("+st.DownReasonRaw+")",
			citeRef(cpe.Name, st.Ref, evidence.AttrState, evidence.AttrReason, evidence.AttrEndpoints))
	}
	if st != nil && st.IsTunnel && st.TunnelSourceRaw != "" && !st.TunnelSource.IsValid() {
		r.Observed = "source " + st.TunnelSourceRaw
		return fail(ti.Name+"'s source has no usable address (source "+st.TunnelSourceRaw+")",
			citeRef(cpe.Name, st.Ref, evidence.AttrEndpoints))
	}
	if srcIface != "" {
		if ss := interfaceState(cpe, srcIface); ss != nil {
			r.Observed = srcIface + " " + ss.StateRaw
			switch {
			case ss.AdminDown:
				return fail("the tunnel source "+srcIface+" is administratively down (shutdown)", citeRef(cpe.Name, ss.Ref, evidence.AttrState))
			case !ss.Up || !ss.LineUp:
				return fail("the tunnel source "+srcIface+" is down ("+ss.StateRaw+")", citeRef(cpe.Name, ss.Ref, evidence.AttrState))
			}
			r.Status, r.Summary = Pass, "the tunnel source "+srcIface+" is up"
			r.Evidence = citeRef(cpe.Name, ss.Ref, evidence.AttrState)
			return r
		}
		if ic, _ := configOf(cpe).iface(srcIface); ic != nil && ic.Shutdown {
			r.Observed = srcIface + " shutdown"
			return fail("the tunnel source "+srcIface+" is shut down in the configuration", citeRef(cpe.Name, ic.Ref, evidence.AttrHead, evidence.AttrShutdown))
		}
	}
	if st != nil && st.LineUp {
		r.Status, r.Observed = Pass, ti.Name+" "+st.StateRaw
		r.Summary = "the line protocol of " + ti.Name + " is up, so its source interface is usable"
		r.Evidence = citeRef(cpe.Name, st.Ref, evidence.AttrState, evidence.AttrEndpoints)
		return r
	}
	if srcIface != "" {
		return unknown("the state of the tunnel source " + srcIface + " was not collected: " +
			cpe.Why(evidence.FamilyInterface, evidence.Query{Interface: srcIface}))
	}
	return unknown("the tunnel source of " + ti.Name + " is an address (" + srcText + ") whose interface state was not collected")
}

func checkGRELineProtocol(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	s := ti.State()
	if s == nil {
		return unknown(cpe.Why(evidence.FamilyInterface, evidence.Query{Interface: ti.Name}))
	}
	r := Result{Expected: "interface up, protocol up", Observed: s.StateRaw, Evidence: citeRef(cpe.Name, s.Ref, evidence.AttrState, evidence.AttrReason)}
	if s.HasRates {
		r.Values = map[string]float64{ValueTunnelLoad: float64(max(s.InRate, s.OutRate))}
	}
	switch {
	case s.Up && s.LineUp:
		r.Status, r.Summary = Pass, ti.Name+" is up and its line protocol is up"
	case s.AdminDown:
		r.Status, r.Summary, r.Cause = Fail, ti.Name+" is administratively down (shutdown)", true
		r.Hint = withFix("Enable the tunnel interface.", cpe.Words().Fix(evidence.Fix{Key: evidence.FixNoShutdown, Interface: ti.Name}))
	default:
		r.Status, r.Summary = Fail, ti.Name+" line protocol is down"
		if s.DownReasonRaw != "" {
			r.Summary += " (" + s.DownReasonRaw + ")"
		}
	}
	return r
}

func checkGREKeepalive(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	r := Result{Expected: "keepalive on (DI sends keepalives by default)"}
	var k evidence.Keepalive
	if s := ti.State(); s != nil && (s.Keepalive.Known || s.Keepalive.NotApplicable != "") {
		k = s.Keepalive
		r.Evidence = citeAttr(cpe.Name, s.Ref, evidence.AttrKeepalive)
	} else if ti.Cfg != nil {
		k = ti.Cfg.Keepalive
		r.Evidence = citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrKeepalive)
	}
	if k.NotApplicable != "" && !k.Known {
		// The platform has no such setting: a check that does not apply
		// says so, and is no pass.
		r.Status, r.Summary = Skip, k.NotApplicable
		return r
	}
	if !k.Known {
		return unknown("neither the interface state nor its configuration shows the keepalive setting of " + ti.Name)
	}
	if k.On {
		how := "keepalive on"
		if k.Period > 0 {
			how = "keepalive " + humanDuration(k.Period)
		}
		if k.Retries > 0 {
			how += ", retries " + itoa(k.Retries)
		}
		r.Status, r.Summary, r.Observed = Pass, "GRE keepalives are on ("+how+")", how
		return r
	}
	r.Status, r.Observed = Warn, "keepalive off"
	r.Summary = "GRE keepalives are off on " + ti.Name + ": DI enables keepalives by default; if the CPE cannot send them, tell Cisco to disable theirs"
	r.Hint = withFix("Enable keepalives on the tunnel (every 10 s, 3 retries); if the CPE cannot send GRE keepalives, tell Cisco so they disable theirs.",
		cpe.Words().Fix(evidence.Fix{Key: evidence.FixKeepalive, Interface: ti.Name}))
	return r
}
