package checks

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// Rung 3: the GRE tunnel interface (show interfaces TunnelN, running-config).

// greIface locates the tunnel interface for the GRE checks. When it cannot
// be found the other GRE checks are unknown, not failed: only
// gre.interface-found reports the absence.
func greIface(t *profile.Tunnel, ev *evidence.CPE) (tunnelIface, *Result) {
	ti := findInterface(t, ev)
	if ti.Why != "" {
		r := unknown("tunnel interface not found: " + ti.Why)
		return ti, &r
	}
	return ti, nil
}

func checkGREInterfaceFound(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti := findInterface(t, ev)
	want := "a tunnel interface with destination " + t.GREDestination.String()
	if t.Interface != "" {
		want = parsers.InterfaceName(t.Interface)
	}
	if ti.Why != "" && !ti.Missing {
		return unknown(ti.Why)
	}
	if ti.Why != "" {
		r := Result{Status: Fail, Summary: ti.Why, Expected: want, Observed: "not configured"}
		if o, _, why := runningConfig(ev); why == "" {
			r.Summary += " (running-config cited: no such interface)"
			r.Evidence = citeAbsence(ev.Name, o)
		} else if len(ev.Find(parsers.KindInterfaces, "*")) > 0 {
			r.Evidence = citeAbsence(ev.Name, evidence.Latest(ev.Find(parsers.KindInterfaces, "*")))
		}
		return r
	}
	r := Result{Status: Pass, Summary: ti.Name + " (" + ti.How + ")", Expected: want, Observed: ti.Name}
	if ti.Cfg != nil {
		r.Evidence = cite(ev.Name, ti.CfgOut, headSpan(ti.Cfg.Span, 1))
		r.Evidence = append(r.Evidence, citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "tunnel destination")...)...)
	} else if s := ti.Show(); s != nil {
		r.Evidence = cite(ev.Name, s.Out, headSpan(s.Rec.Span, 1))
	}
	return r
}

// cfgLinesWith returns the lines of the interface's config section holding
// any of the substrings.
func cfgLinesWith(ti tunnelIface, subs ...string) []int {
	if ti.Cfg == nil {
		return nil
	}
	return linesWith(ti.CfgOut, ti.Cfg.Span, subs...)
}

// showLinesWith is cfgLinesWith for the newest show interfaces record.
func showLinesWith(ti tunnelIface, subs ...string) []Citation {
	s := ti.Show()
	if s == nil {
		return nil
	}
	return citeLines("", s.Out, linesWith(s.Out, s.Rec.Span, subs...)...)
}

// withCPE fills in the CPE name of citations built without it.
func withCPE(cpe string, cs []Citation) []Citation {
	for i := range cs {
		cs[i].CPE = cpe
	}
	return cs
}

func checkGRELineProtocol(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	s := ti.Show()
	if s == nil {
		return unknown(whyUnusable(cmdInterfaces(t), evidence.Latest(ev.Find(parsers.KindInterfaces, "*"))))
	}
	rec := s.Rec
	r := Result{Expected: "up/up", Observed: rec.Status + "/" + rec.Protocol,
		Evidence: withCPE(ev.Name, showLinesWith(ti, " is ", "linestate evaluation"))}
	if r.Evidence == nil {
		r.Evidence = cite(ev.Name, s.Out, headSpan(rec.Span, 1))
	}
	switch {
	case rec.LineUp():
		r.Status, r.Summary = Pass, ti.Name+" is up, line protocol is up"
	case strings.Contains(rec.Status, "administratively"):
		r.Status, r.Summary = Fail, ti.Name+" is administratively down (shutdown)"
		r.Hint = "Enable the interface: `interface " + ti.Name + "` / `no shutdown`."
	default:
		r.Status, r.Summary = Fail, ti.Name+" line protocol is down"
		if rec.LinestateEvaluation != "" {
			r.Summary += " (linestate evaluation: " + rec.LinestateEvaluation + ")"
		}
	}
	return r
}

func checkGREKeepalive(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	r := Result{Expected: "keepalive set (DI sends keepalives by default)"}
	set, how := false, ""
	if s := ti.Show(); s != nil {
		set = s.Rec.KeepaliveSet
		how = fmt.Sprintf("keepalive %s, retries %d", s.Rec.KeepalivePeriod, s.Rec.KeepaliveRetries)
		r.Evidence = withCPE(ev.Name, showLinesWith(ti, "Keepalive"))
	} else {
		set = ti.Cfg.Keepalive
		how = fmt.Sprintf("keepalive %s %d", ti.Cfg.KeepalivePeriod, ti.Cfg.KeepaliveRetries)
		r.Evidence = citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "keepalive")...)
		if r.Evidence == nil {
			r.Evidence = cite(ev.Name, ti.CfgOut, ti.Cfg.Span)
		}
	}
	if set {
		r.Status, r.Summary, r.Observed = Pass, "GRE keepalives are on ("+how+")", how
		return r
	}
	r.Status, r.Observed = Warn, "keepalive not set"
	r.Summary = "GRE keepalives are off on " + ti.Name + ": DI enables keepalives by default; if the CPE cannot send them, tell Cisco to disable theirs"
	return r
}

// sourceAddr resolves the tunnel source: the show interfaces address, else
// a configured address, else the address of the configured source
// interface in the running-config.
func sourceAddr(ti tunnelIface, rc *parsers.RunningConfig) (netip.Addr, string) {
	if s := ti.Show(); s != nil && s.Rec.TunnelSource.IsValid() {
		if s.Rec.TunnelSourceIface != "" {
			return s.Rec.TunnelSource, s.Rec.TunnelSource.String() + " (" + s.Rec.TunnelSourceIface + ")"
		}
		return s.Rec.TunnelSource, s.Rec.TunnelSource.String()
	}
	if ti.Cfg == nil || ti.Cfg.TunnelSource == "" {
		return netip.Addr{}, "no tunnel source"
	}
	if a, err := netip.ParseAddr(ti.Cfg.TunnelSource); err == nil {
		return a, a.String()
	}
	if rc != nil {
		for _, ic := range rc.Interfaces {
			if sameIface(ic.Name, ti.Cfg.TunnelSource) && ic.Address.IsValid() {
				return ic.Address.Addr(), ic.Address.Addr().String() + " (" + ic.Name + ")"
			}
		}
	}
	return netip.Addr{}, ti.Cfg.TunnelSource + " (address unknown)"
}

func checkGREEndpoints(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	_, rc, _ := runningConfig(ev)
	src, srcText := sourceAddr(ti, rc)
	dst := netip.Addr{}
	var c []Citation
	if s := ti.Show(); s != nil {
		dst = s.Rec.TunnelDestination
		c = withCPE(ev.Name, showLinesWith(ti, "Tunnel source"))
	}
	if ti.Cfg != nil {
		if !dst.IsValid() {
			dst = ti.Cfg.TunnelDestination
		}
		c = append(c, citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "tunnel source", "tunnel destination")...)...)
	}
	if len(c) == 0 && ti.Show() != nil {
		c = cite(ev.Name, ti.Show().Out, ti.Show().Rec.Span)
	}
	r := Result{Expected: "source " + t.GRESource.String() + ", destination " + t.GREDestination.String(),
		Observed: "source " + srcText + ", destination " + dst.String(), Evidence: c}
	var bad []string
	if !src.IsValid() {
		return unknown("the tunnel source address of " + ti.Name + " could not be resolved (" + srcText + ")")
	}
	if src != t.GRESource {
		bad = append(bad, "source "+src.String()+" is not the customer GRE transport IP "+t.GRESource.String())
	}
	if dst != t.GREDestination {
		bad = append(bad, "destination "+dst.String()+" is not the DI GRE transport IP "+t.GREDestination.String())
	}
	if len(bad) > 0 {
		r.Status, r.Summary = Fail, strings.Join(bad, "; ")
		return r
	}
	r.Status, r.Summary = Pass, "tunnel source and destination are the assigned GRE transport IPs"
	return r
}
