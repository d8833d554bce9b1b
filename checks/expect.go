package checks

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/profile"
)

// Expectations derived from the profile. The profile package is gaining
// methods for these (DCNetwork, IaaSDCNetwork, Tunnel.ExpectedReceived,
// Tunnel.Peer); the small local versions here keep checks independent of
// when that lands and are trivially replaceable.

// halfOf returns the /25 of a /24 a DC serves: DC-A the lower half, DC-B
// the upper. An invalid or non-/24 network gives the zero Prefix.
func halfOf(n netip.Prefix, dc profile.DC) netip.Prefix {
	if !n.IsValid() || n.Bits() != 24 || !n.Addr().Is4() {
		return netip.Prefix{}
	}
	a := n.Masked().Addr().As4()
	if strings.EqualFold(string(dc), string(profile.DCB)) {
		a[3] = 128
	}
	return netip.PrefixFrom(netip.AddrFrom4(a), 25)
}

// firstHost is the first usable address of a prefix (.1 of a /25 at .0).
func firstHost(p netip.Prefix) netip.Addr {
	if !p.IsValid() {
		return netip.Addr{}
	}
	return p.Masked().Addr().Next()
}

// site returns the tunnel's profile; Run always sets it.
func site(t *profile.Tunnel) *profile.Profile {
	if t.Site != nil {
		return t.Site
	}
	return &profile.Profile{}
}

// dcNetworks returns the tunnel's own DC /25s (DI, then IaaS when ordered).
func dcNetworks(t *profile.Tunnel) []netip.Prefix {
	p := site(t)
	var out []netip.Prefix
	for _, n := range []netip.Prefix{p.DINetwork, p.IaaSNetwork} {
		if h := halfOf(n, t.DC); h.IsValid() {
			out = append(out, h)
		}
	}
	return out
}

// backupNetworks returns the /24s every tunnel must receive (DI, then IaaS).
func backupNetworks(t *profile.Tunnel) []netip.Prefix {
	p := site(t)
	var out []netip.Prefix
	for _, n := range []netip.Prefix{p.DINetwork, p.IaaSNetwork} {
		if n.IsValid() {
			out = append(out, n.Masked())
		}
	}
	return out
}

// peerTunnel returns the site's other tunnel (the one to the other DC), or
// nil.
func peerTunnel(t *profile.Tunnel) *profile.Tunnel {
	p := site(t)
	for i := range p.Tunnels {
		o := &p.Tunnels[i]
		if o.Name != t.Name && o.DC != t.DC {
			return o
		}
	}
	return nil
}

// expectedMSS is the largest acceptable ip tcp adjust-mss.
func expectedMSS(t *profile.Tunnel) int {
	if m := site(t).MSS; m > 0 {
		return m
	}
	return 1350
}

// bandwidthLimit is the site's combined limit in Mbit/s.
func bandwidthLimit(p *profile.Profile) int {
	if p.BandwidthLimitMbps > 0 {
		return p.BandwidthLimitMbps
	}
	return 250
}
