package checks

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

func itoa(n int) string { return strconv.Itoa(n) }

func checkGRETunnelIP(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	var have netip.Prefix
	var c []Citation
	maskKnown := true
	if s := ti.State(); s != nil && s.Address.IsValid() {
		have, maskKnown = s.Address, !s.MaskUnknown
		c = citeAttr(cpe.Name, s.Ref, evidence.AttrAddress)
		if c == nil {
			c = citeHead(cpe.Name, s.Ref)
		}
	}
	if ti.Cfg != nil && ti.Cfg.Address.IsValid() && (!have.IsValid() || !maskKnown && ti.Cfg.Address.Addr() == have.Addr()) {
		have, maskKnown = ti.Cfg.Address, true
		c = append(c, citeAttr(cpe.Name, ti.Cfg.Ref, evidence.AttrAddress)...)
	}
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixTunnelAddress, Interface: ti.Name, Prefix: t.CPETunnelIP})
	r := Result{Expected: t.CPETunnelIP.String(), Observed: have.String(), Evidence: c}
	switch {
	case !have.IsValid():
		if (ti.Cfg == nil || ti.Cfg.AddressUnknown) && (ti.State() == nil || ti.State().MaskUnknown) {
			return unknown("the address of " + ti.Name + " is not shown by what was collected")
		}
		r.Status, r.Observed = Fail, "no IP address"
		r.Summary = ti.Name + " has no IP address; the activation form assigns " + t.CPETunnelIP.String()
		if ti.Cfg != nil {
			r.Evidence = citeRef(cpe.Name, ti.Cfg.Ref)
		} else {
			r.Evidence = citeRef(cpe.Name, ti.State().Ref, evidence.AttrHead, evidence.AttrState, evidence.AttrAddress)
		}
	case have.Addr() != t.CPETunnelIP.Addr() || maskKnown && have.Bits() != t.CPETunnelIP.Bits():
		r.Status = Fail
		r.Summary = ti.Name + " has " + have.String() + ", the activation form assigns " + t.CPETunnelIP.String()
	case !maskKnown:
		return unknown(ti.Name + " has the assigned address " + have.Addr().String() + ", but its mask was not collected")
	default:
		r.Status, r.Summary = Pass, ti.Name+" has the assigned tunnel IP "+have.String()
	}
	if r.Status == Fail {
		r.Hint = withFix("Set the tunnel interface address and mask exactly as the activation form assigns.", fix)
	}
	if r.Evidence == nil && ti.State() != nil {
		r.Evidence = citeHead(cpe.Name, ti.State().Ref)
	}
	return r
}

func checkGREVRF(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	cfg := configOf(cpe)
	if ti.Cfg == nil {
		why := cfg.why
		if cfg.ok() {
			why = ti.Name + " is not in the configuration collected"
		}
		return unknown(why)
	}
	tvrf := ti.Cfg.TunnelVRF
	_, srcIface, _ := sourceOf(ti, cpe)
	var sc *evidence.InterfaceConfig
	if srcIface != "" {
		sc, _ = cfg.iface(srcIface)
	}
	if sc == nil && ti.Cfg.TunnelSource.IsValid() {
		for _, ic := range cfg.interfaces() {
			if ic.Address.IsValid() && ic.Address.Addr() == ti.Cfg.TunnelSource {
				sc = &ic
				break
			}
		}
	}
	c := citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrHead, evidence.AttrVRF, evidence.AttrEndpoints)
	if sc == nil {
		if tvrf == "" {
			return Result{Status: Pass, Summary: "no tunnel VRF on " + ti.Name + " (the check does not apply)",
				Expected: "tunnel VRF = source interface VRF", Observed: "no tunnel VRF", Evidence: c}
		}
		return unknown("tunnel VRF " + tvrf + " is set but the source interface is not in the configuration collected")
	}
	c = append(c, citeRef(cpe.Name, sc.Ref, evidence.AttrHead, evidence.AttrVRF)...)
	r := Result{Expected: "tunnel VRF = VRF of " + sc.Name, Evidence: c,
		Observed: fmt.Sprintf("tunnel VRF %q, %s VRF %q", tvrf, sc.Name, sc.VRF)}
	switch {
	case tvrf == sc.VRF && tvrf == "":
		r.Status, r.Summary = Pass, "no VRF on the tunnel or its source interface (the check does not apply)"
	case tvrf == sc.VRF:
		r.Status, r.Summary = Pass, "tunnel VRF "+tvrf+" matches the source interface "+sc.Name
	default:
		r.Status, r.Cause = Fail, true
		r.Summary = fmt.Sprintf("tunnel VRF %q on %s does not match the VRF %q of its source interface %s", tvrf, ti.Name, sc.VRF, sc.Name)
		r.Hint = withFix("Make the tunnel's transport VRF the VRF of the interface that holds the GRE transport IP, or remove it when the transport is in the global table.",
			cpe.Words().Fix(evidence.Fix{Key: evidence.FixTunnelVRF, Interface: ti.Name, VRF: sc.VRF}))
	}
	return r
}

func checkGRECountersRising(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	var states []evidence.Interface
	for _, s := range ti.States {
		if s.HasCounters {
			states = append(states, s)
		}
	}
	if len(states) == 0 {
		return unknown(cpe.Why(evidence.FamilyInterface, evidence.Query{Interface: ti.Name}) + " (no packet counters for " + ti.Name + ")")
	}
	if len(states) < 2 {
		return onlyOneSample(states[0].Ref.Out.Command)
	}
	a, b := states[0], states[len(states)-1]
	if b.InPackets < a.InPackets || b.OutPackets < a.OutPackets {
		return unknown("interface counters of " + ti.Name + " went down between samples (cleared); take two new samples")
	}
	din, dout := b.InPackets-a.InPackets, b.OutPackets-a.OutPackets
	if din == 0 || dout == 0 {
		if res := tooShortToJudge(a.Ref.Out, b.Ref.Out, "a tunnel packet counter"); res != nil {
			return *res
		}
	}
	r := Result{Expected: "input and output packets both rising",
		Observed: fmt.Sprintf("input +%d, output +%d%s", din, dout, interval(a.Ref.Out, b.Ref.Out)),
		Evidence: withCitations(citeRef(cpe.Name, a.Ref, evidence.AttrCounters), citeRef(cpe.Name, b.Ref, evidence.AttrCounters)),
		Values:   map[string]float64{ValueGREInDelta: float64(din), ValueGREOutDelta: float64(dout)}}
	switch {
	case din > 0 && dout > 0:
		r.Status, r.Summary = Pass, "GRE traffic both ways on "+ti.Name
	case dout > 0:
		r.Status, r.Summary = Fail, "GRE is sent on "+ti.Name+" but nothing comes back"
	case din > 0:
		r.Status, r.Summary = Fail, "GRE arrives on "+ti.Name+" but nothing is sent"
	default:
		r.Status, r.Summary = Fail, "no GRE traffic on "+ti.Name+" (keepalives alone should move both counters)"
	}
	return r
}
