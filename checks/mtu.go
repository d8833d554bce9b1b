package checks

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Rung 7: MTU. GRE adds 24 bytes (28 with a key), ESP more; without a
// lowered MSS and path MTU discovery large packets fragment or black-hole.

// mtuIface is greIface for checks that need the interface's configuration.
func mtuIface(t *profile.Tunnel, cpe *evidence.CPE) (tunnelIface, *Result) {
	ti, res := greIface(t, cpe)
	if res != nil {
		return ti, res
	}
	if ti.Cfg == nil {
		cfg := configOf(cpe)
		why := cfg.why
		if cfg.ok() {
			why = ti.Name + " is not in the configuration collected"
		}
		r := unknown(why)
		return ti, &r
	}
	return ti, nil
}

// expectedMSS is the largest acceptable TCP MSS on the tunnel.
func expectedMSS(t *profile.Tunnel) int {
	if m := t.Site.MSS; m > 0 {
		return m
	}
	return profile.DefaultMSS
}

func checkMTUAdjustMSS(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := mtuIface(t, cpe)
	if res != nil {
		return *res
	}
	maxMSS := expectedMSS(t)
	mss := ti.Cfg.AdjustMSS
	r := Result{Expected: fmt.Sprintf("TCP MSS adjusted to %d or lower", maxMSS), Values: map[string]float64{ValueMSS: float64(mss)}}
	fix := cpe.Words().Fix(evidence.Fix{Key: evidence.FixAdjustMSS, Interface: ti.Name, N: maxMSS})
	r.Evidence = citeAttr(cpe.Name, ti.Cfg.Ref, evidence.AttrMSS)
	if r.Evidence == nil {
		r.Evidence = citeRef(cpe.Name, ti.Cfg.Ref)
	}
	switch {
	case mss == 0 && ti.Cfg.MSSUnknown:
		r.Status, r.Observed = Unknown, "not shown"
		r.Summary = "the outputs read do not show a TCP MSS adjustment for " + ti.Name + " (this platform does not show it with the interface: it is set elsewhere, or not at all)"
		r.Hint = withFix(fmt.Sprintf("Check that TCP MSS is clamped to %d or lower on traffic through the tunnel.", maxMSS), fix)
	case mss == 0:
		r.Status, r.Observed = Fail, "no MSS adjustment"
		r.Summary = "no TCP MSS adjustment on " + ti.Name + " (interface configuration cited): TCP sessions will send segments too large for the tunnel"
		r.Hint = withFix(fmt.Sprintf("Adjust the TCP MSS on the tunnel to %d or lower.", maxMSS), fix)
	case mss > maxMSS:
		r.Observed = fmt.Sprintf("MSS adjusted to %d", mss)
		// Measurements outrank settings: DF pings that carry a full-size
		// segment (MSS + 40 bytes of headers) through the tunnel prove the
		// setting harmless on this path.
		if p, ok := largestDFPass(t, cpe, ti.Name); ok && p.Size >= mss+40 {
			r.Status = Warn
			r.Summary = fmt.Sprintf("TCP MSS %d on %s is above the activation form's %d, but a DF ping of %d bytes crosses the tunnel, so full-size segments fit on this path today",
				mss, ti.Name, maxMSS, p.Size)
			r.Evidence = append(r.Evidence, citeRef(cpe.Name, p.Ref, evidence.AttrHead)...)
			r.Hint = withFix(fmt.Sprintf("Lower the TCP MSS to %d as the activation form says, to keep the margin for paths with a smaller MTU.", maxMSS), fix)
			return r
		}
		r.Status = Fail
		r.Summary = fmt.Sprintf("TCP MSS %d on %s is above %d", mss, ti.Name, maxMSS)
		r.Hint = withFix(fmt.Sprintf("Adjust the TCP MSS on the tunnel to %d or lower.", maxMSS), fix)
	default:
		r.Status, r.Observed = Pass, fmt.Sprintf("MSS adjusted to %d", mss)
		r.Summary = fmt.Sprintf("TCP MSS adjusted to %d on %s", mss, ti.Name)
	}
	return r
}

// largestDFPass is the largest DF ping through the tunnel that got an
// answer.
func largestDFPass(t *profile.Tunnel, cpe *evidence.CPE, iface string) (evidence.Ping, bool) {
	var best evidence.Ping
	ok := false
	for _, p := range tunnelPings(t, cpe, iface, true) {
		if p.Received > 0 && (!ok || p.Size > best.Size) {
			best, ok = p, true
		}
	}
	return best, ok
}

func checkMTUPMTUD(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := greIface(t, cpe)
	if res != nil {
		return *res
	}
	r := Result{Expected: "path MTU discovery on the tunnel"}
	var on bool
	switch s := ti.State(); {
	case ti.Cfg != nil && !ti.Cfg.PMTUDUnknown:
		on = ti.Cfg.PMTUD
		r.Evidence = citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrPMTUD)
	case s != nil && s.PMTUDKnown:
		on = s.PMTUD
		r.Evidence = citeRef(cpe.Name, s.Ref, evidence.AttrPMTUD)
	default:
		return unknown("neither the configuration nor the state of " + ti.Name + " that would show path MTU discovery was collected")
	}
	if on {
		r.Status, r.Observed, r.Summary = Pass, "on", "path MTU discovery is on for "+ti.Name
		return r
	}
	// The Virtual Connect documentation asks for both the MSS adjustment
	// and path MTU discovery on the customer side, so a missing one fails.
	r.Status, r.Observed = Fail, "off"
	r.Summary = "no path MTU discovery on " + ti.Name + ": non-TCP traffic that is too large relies on fragmentation, and if ICMP 'fragmentation needed' is blocked large transfers black-hole (small pings work, big ones hang)"
	r.Hint = withFix("Turn on path MTU discovery on the tunnel and allow ICMP 'fragmentation needed' on the path.",
		cpe.Words().Fix(evidence.Fix{Key: evidence.FixPMTUD, Interface: ti.Name}))
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
	if s := ti.State(); s != nil && s.TunnelKey {
		key = true
	}
	if key {
		return 28
	}
	return 24
}

// plaintextMTU is what fits after ESP for the tunnel: the SA's own figure,
// else computed from its transform, else the worst case.
func plaintextMTU(t *profile.Tunnel, cpe *evidence.CPE) (int, string, []Citation) {
	if v := childFor(t, cpe); v.found {
		if c, ok := bestChild(t, v.listing.Items); ok && c.PlaintextMTU > 0 {
			return c.PlaintextMTU, "the IPsec SA's plaintext MTU", citeAttr(cpe.Name, c.Ref, evidence.AttrMTU)
		} else if ok && c.HasSA() {
			path := c.PathMTU
			if path == 0 {
				path = 1500
			}
			sa := c.Outbound[0]
			return espPlaintextMTU(path, sa.Transform, sa.Mode != "transport", sa.UDPEncap),
				fmt.Sprintf("computed for %s %s mode on a %d path", strings.Join(sa.Transform, " "), sa.Mode, path), nil
		}
	}
	return espPlaintextMTU(1500, []string{"esp-aes-256", "esp-sha256-hmac"}, true, false),
		"computed for the worst case (AES-CBC/SHA-256, tunnel mode, 1500 path): no IPsec SA to read it from", nil
}

func checkMTUIPMTU(t *profile.Tunnel, cpe *evidence.CPE) Result {
	ti, res := mtuIface(t, cpe)
	if res != nil {
		return *res
	}
	plain, basis, c := plaintextMTU(t, cpe)
	maxIP := plain - greOverhead(ti)
	ipmtu, how := ti.Cfg.IPMTU, "IP MTU"
	if ipmtu == 0 && ti.Cfg.IPMTUUnknown {
		return unknown("the IP MTU of " + ti.Name + " is not shown by what was collected")
	}
	if ipmtu == 0 {
		transport := 1500
		if s := ti.State(); s != nil && s.TransportMTU > 0 {
			transport = s.TransportMTU
		}
		ipmtu, how = transport-greOverhead(ti), "default (no IP MTU set)"
	}
	c = append(c, citeRef(cpe.Name, ti.Cfg.Ref, evidence.AttrHead, evidence.AttrMTU)...)
	r := Result{Expected: fmt.Sprintf("IP MTU %d or lower (plaintext %d - GRE %d; %s)", maxIP, plain, greOverhead(ti), basis),
		Observed: fmt.Sprintf("%s %d", how, ipmtu), Evidence: c, Values: map[string]float64{ValueIPMTU: float64(ipmtu)}}
	if ipmtu > maxIP {
		r.Status = Warn
		r.Summary = fmt.Sprintf("IP MTU %d on %s is larger than the %d that fits after GRE and ESP: packets will fragment after encryption", ipmtu, ti.Name, maxIP)
		r.Hint = withFix(fmt.Sprintf("Set the tunnel's IP MTU to %d (or lower) so packets fit after GRE and ESP, keeping the TCP MSS at 1350.", maxIP),
			cpe.Words().Fix(evidence.Fix{Key: evidence.FixIPMTU, Interface: ti.Name, N: maxIP}))
		return r
	}
	r.Status, r.Summary = Pass, fmt.Sprintf("IP MTU %d on %s fits after GRE and ESP (max %d)", ipmtu, ti.Name, maxIP)
	return r
}
