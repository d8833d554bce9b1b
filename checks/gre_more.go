package checks

import (
	"fmt"
	"net/netip"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

func checkGRETunnelIP(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	var have netip.Prefix
	var c []Citation
	if s := ti.Show(); s != nil && s.Rec.Address.IsValid() {
		have = s.Rec.Address
		c = withCPE(ev.Name, showLinesWith(ti, "Internet address"))
	} else if ti.Cfg != nil && ti.Cfg.Address.IsValid() {
		have = ti.Cfg.Address
		c = citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "ip address")...)
	}
	r := Result{Expected: t.CPETunnelIP.String(), Observed: have.String(), Evidence: c}
	switch {
	case !have.IsValid():
		r.Status, r.Observed = Fail, "no IP address"
		r.Summary = ti.Name + " has no IP address; the activation form assigns " + t.CPETunnelIP.String()
		if ti.Cfg != nil {
			r.Evidence = cite(ev.Name, ti.CfgOut, ti.Cfg.Span)
		} else {
			r.Evidence = cite(ev.Name, ti.Show().Out, headSpan(ti.Show().Rec.Span, 4))
		}
	case have != t.CPETunnelIP:
		r.Status = Fail
		r.Summary = ti.Name + " has " + have.String() + ", the activation form assigns " + t.CPETunnelIP.String()
	default:
		r.Status, r.Summary = Pass, ti.Name+" has the assigned tunnel IP "+have.String()
	}
	if r.Evidence == nil && ti.Show() != nil {
		r.Evidence = cite(ev.Name, ti.Show().Out, headSpan(ti.Show().Rec.Span, 4))
	}
	return r
}

func checkGREVRF(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	o, rc, why := runningConfig(ev)
	if why != "" || ti.Cfg == nil {
		if why == "" {
			why = ti.Name + " is not in the running-config"
		}
		return unknown(why)
	}
	tvrf := ti.Cfg.TunnelVRF
	src, _ := sourceAddr(ti, rc)
	srcName := ti.Cfg.TunnelSource
	if s := ti.Show(); s != nil && s.Rec.TunnelSourceIface != "" {
		srcName = s.Rec.TunnelSourceIface
	}
	var srcCfg = -1
	for i, ic := range rc.Interfaces {
		if sameIface(ic.Name, srcName) || (src.IsValid() && ic.Address.IsValid() && ic.Address.Addr() == src) {
			srcCfg = i
			break
		}
	}
	c := citeLines(ev.Name, o, append(cfgLinesWith(ti, "tunnel vrf", "tunnel source"), ti.Cfg.Span.Start)...)
	if srcCfg < 0 {
		if tvrf == "" {
			return Result{Status: Pass, Summary: "no tunnel vrf on " + ti.Name + " (the check does not apply)",
				Expected: "tunnel vrf = source interface vrf", Observed: "no tunnel vrf", Evidence: c}
		}
		return unknown("tunnel vrf " + tvrf + " is set but the source interface is not in the running-config")
	}
	sc := rc.Interfaces[srcCfg]
	c = append(c, citeLines(ev.Name, o, append(linesWith(o, sc.Span, "vrf forwarding"), sc.Span.Start)...)...)
	r := Result{Expected: "tunnel vrf = vrf of " + sc.Name, Evidence: c,
		Observed: fmt.Sprintf("tunnel vrf %q, %s vrf %q", tvrf, sc.Name, sc.VRF)}
	switch {
	case tvrf == sc.VRF && tvrf == "":
		r.Status, r.Summary = Pass, "no VRF on the tunnel or its source interface (the check does not apply)"
	case tvrf == sc.VRF:
		r.Status, r.Summary = Pass, "tunnel vrf "+tvrf+" matches the source interface "+sc.Name
	default:
		r.Status = Fail
		r.Summary = fmt.Sprintf("tunnel vrf %q on %s does not match the vrf %q of its source interface %s", tvrf, ti.Name, sc.VRF, sc.Name)
	}
	return r
}

func checkGRECountersRising(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	if len(ti.Shows) == 0 {
		return unknown(cmdInterfaces(t) + " was not collected or has no record for " + ti.Name)
	}
	if len(ti.Shows) < 2 {
		return onlyOneSample(cmdInterfaces(t))
	}
	a, b := ti.Shows[0], ti.Shows[len(ti.Shows)-1]
	if b.Rec.InputPackets < a.Rec.InputPackets || b.Rec.OutputPackets < a.Rec.OutputPackets {
		return unknown("interface counters of " + ti.Name + " went down between samples (cleared); take two new samples")
	}
	din, dout := b.Rec.InputPackets-a.Rec.InputPackets, b.Rec.OutputPackets-a.Rec.OutputPackets
	if din == 0 || dout == 0 {
		if res := tooShortToJudge(a.Out, b.Out, "a tunnel packet counter"); res != nil {
			return *res
		}
	}
	pick := func(s ifaceSample) []Citation {
		return citeLines(ev.Name, s.Out, linesWith(s.Out, s.Rec.Span, "packets input", "packets output")...)
	}
	r := Result{Expected: "input and output packets both rising",
		Observed: fmt.Sprintf("input +%d, output +%d%s", din, dout, interval(a.Out, b.Out)),
		Evidence: withCitations(pick(a), pick(b))}
	if r.Evidence == nil {
		r.Evidence = withCitations(cite(ev.Name, a.Out, headSpan(a.Rec.Span, 1)), cite(ev.Name, b.Out, headSpan(b.Rec.Span, 1)))
	}
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
