package checks

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 7: MTU. GRE adds 24 bytes (28 with a key), ESP more; without a
// lowered MSS and path MTU discovery large packets fragment or black-hole.

// mtuIface is greIface for checks that need the interface's config.
func mtuIface(t *profile.Tunnel, ev *evidence.CPE) (tunnelIface, *Result) {
	ti, res := greIface(t, ev)
	if res != nil {
		return ti, res
	}
	if ti.Cfg == nil {
		_, _, why := runningConfig(ev)
		if why == "" {
			why = ti.Name + " is not in the running-config"
		}
		r := unknown(why)
		return ti, &r
	}
	return ti, nil
}

func checkMTUAdjustMSS(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := mtuIface(t, ev)
	if res != nil {
		return *res
	}
	maxMSS := expectedMSS(t)
	r := Result{Expected: fmt.Sprintf("ip tcp adjust-mss %d or lower", maxMSS)}
	mss := ti.Cfg.AdjustMSS
	switch {
	case mss == 0:
		r.Status, r.Observed = Fail, "no ip tcp adjust-mss"
		r.Summary = "no ip tcp adjust-mss on " + ti.Name + " (interface config cited): TCP sessions will send segments too large for the tunnel"
		r.Evidence = cite(ev.Name, ti.CfgOut, ti.Cfg.Span)
	case mss > maxMSS:
		r.Status, r.Observed = Fail, fmt.Sprintf("ip tcp adjust-mss %d", mss)
		r.Summary = fmt.Sprintf("ip tcp adjust-mss %d on %s is above %d", mss, ti.Name, maxMSS)
		r.Evidence = citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "adjust-mss")...)
	default:
		r.Status, r.Observed = Pass, fmt.Sprintf("ip tcp adjust-mss %d", mss)
		r.Summary = fmt.Sprintf("ip tcp adjust-mss %d on %s", mss, ti.Name)
		r.Evidence = citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "adjust-mss")...)
	}
	if r.Evidence == nil {
		r.Evidence = cite(ev.Name, ti.CfgOut, ti.Cfg.Span)
	}
	return r
}

func checkMTUPMTUD(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := greIface(t, ev)
	if res != nil {
		return *res
	}
	r := Result{Expected: "tunnel path-mtu-discovery"}
	on := false
	if ti.Cfg != nil {
		on = ti.Cfg.PMTUD
		r.Evidence = citeLines(ev.Name, ti.CfgOut, cfgLinesWith(ti, "path-mtu-discovery")...)
		if r.Evidence == nil {
			r.Evidence = cite(ev.Name, ti.CfgOut, ti.Cfg.Span)
		}
	} else if s := ti.Show(); s != nil {
		on = s.Rec.PMTUD
		r.Evidence = withCPE(ev.Name, showLinesWith(ti, "Path MTU Discovery"))
		if r.Evidence == nil {
			r.Evidence = cite(ev.Name, s.Out, s.Rec.Span)
		}
	}
	if on {
		r.Status, r.Observed, r.Summary = Pass, "configured", "tunnel path-mtu-discovery is on for "+ti.Name
		return r
	}
	// The Virtual Connect documentation asks for both adjust-mss and
	// path-mtu-discovery on the customer side, so a missing one fails.
	r.Status, r.Observed = Fail, "not configured"
	r.Summary = "no tunnel path-mtu-discovery on " + ti.Name + ": non-TCP traffic that is too large relies on fragmentation, and if ICMP 'fragmentation needed' is blocked large transfers black-hole (small pings work, big ones hang)"
	return r
}

// espPlaintextMTU is DOMAIN.md's arithmetic: what fits in one ESP packet
// on a path of pathMTU bytes, conservatively rounded.
func espPlaintextMTU(pathMTU int, transforms []string, tunnelMode, natT bool) int {
	gcm := false
	for _, tr := range transforms {
		gcm = gcm || strings.Contains(tr, "gcm") || strings.Contains(tr, "gmac")
	}
	iv, align := 16, 16
	if gcm {
		iv, align = 8, 4
	}
	avail := pathMTU - 8 - iv - 16 // SPI+seq, IV, ICV
	if tunnelMode {
		avail -= 20
	}
	if natT {
		avail -= 8
	}
	return avail/align*align - 2
}

func greOverhead(ti tunnelIface) int {
	key := ti.Cfg != nil && ti.Cfg.TunnelKey
	if s := ti.Show(); s != nil && s.Rec.TunnelKey != "" && s.Rec.TunnelKey != "disabled" {
		key = true
	}
	if key {
		return 28
	}
	return 24
}

func checkMTUIPMTU(t *profile.Tunnel, ev *evidence.CPE) Result {
	ti, res := mtuIface(t, ev)
	if res != nil {
		return *res
	}
	plain, basis := 0, ""
	var c []Citation
	if o, flows, why := ipsecFlows(ev); why == "" {
		if f, ok := bestFlow(t, flows); ok && f.PlaintextMTU > 0 {
			plain, basis = f.PlaintextMTU, "plaintext mtu from show crypto ipsec sa"
			c = citeLines(ev.Name, o, linesWith(o, f.Span, "plaintext mtu")...)
		} else if ok && f.HasSA() {
			path := f.PathMTU
			if path == 0 {
				path = 1500
			}
			sa := f.Outbound[0]
			plain = espPlaintextMTU(path, sa.Transform, !strings.EqualFold(sa.Mode, "transport"), sa.UDPEncap)
			basis = fmt.Sprintf("computed for %s %s mode on a %d path", strings.Join(sa.Transform, " "), strings.ToLower(sa.Mode), path)
		}
	}
	if plain == 0 {
		plain = espPlaintextMTU(1500, []string{"esp-aes-256", "esp-sha256-hmac"}, true, false)
		basis = "computed for the worst case (AES-CBC/SHA-256, tunnel mode, 1500 path): no IPsec SA to read it from"
	}
	maxIP := plain - greOverhead(ti)
	ipmtu, how := ti.Cfg.IPMTU, "ip mtu"
	if ipmtu == 0 {
		transport := 1500
		if s := ti.Show(); s != nil && s.Rec.TunnelTransportMTU > 0 {
			transport = s.Rec.TunnelTransportMTU
		}
		ipmtu, how = transport-greOverhead(ti), "default (no ip mtu)"
	}
	c = append(c, citeLines(ev.Name, ti.CfgOut, append(cfgLinesWith(ti, "ip mtu"), ti.Cfg.Span.Start)...)...)
	r := Result{Expected: fmt.Sprintf("ip mtu %d or lower (%s %d - GRE %d; %s)", maxIP, "plaintext", plain, greOverhead(ti), basis),
		Observed: fmt.Sprintf("%s %d", how, ipmtu), Evidence: c}
	if ipmtu > maxIP {
		r.Status = Warn
		r.Summary = fmt.Sprintf("IP MTU %d on %s is larger than the %d that fits after GRE and ESP: packets will fragment after encryption", ipmtu, ti.Name, maxIP)
		r.Hint = fmt.Sprintf("Set `ip mtu %d` (or lower) on %s so packets fit after GRE and ESP, keeping `ip tcp adjust-mss 1350`.", maxIP, ti.Name)
		return r
	}
	r.Status, r.Summary = Pass, fmt.Sprintf("IP MTU %d on %s fits after GRE and ESP (max %d)", ipmtu, ti.Name, maxIP)
	return r
}
