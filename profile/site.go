package profile

import (
	"fmt"
	"net/netip"
	"strings"
)

// Label returns the DC as the documentation writes it: "DC-A", "DC-B".
func (d DC) Label() string { return "DC-" + string(d) }

// DCNetwork returns the half of the DI /24 that dc serves: the lower /25
// for DC-A, the upper /25 for DC-B. Zero when the profile has no valid
// DI network or dc is neither.
func (p *Profile) DCNetwork(dc DC) netip.Prefix { return half(p.DINetwork, dc) }

// IaaSDCNetwork returns the half of the IaaS /24 that dc serves, split like
// the DI network; zero when no IaaS network was ordered.
func (p *Profile) IaaSDCNetwork(dc DC) netip.Prefix { return half(p.IaaSNetwork, dc) }

// half returns the lower (DC-A) or upper (DC-B) half of IPv4 prefix n.
func half(n netip.Prefix, dc DC) netip.Prefix {
	if !n.IsValid() || !n.Addr().Is4() || n.Bits() >= 32 {
		return netip.Prefix{}
	}
	a := n.Masked().Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	switch dc {
	case DCA:
	case DCB:
		v |= 1 << (31 - n.Bits())
	default:
		return netip.Prefix{}
	}
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), n.Bits()+1)
}

// ExpectedReceived returns the prefixes DI must advertise on t, per the
// routing contract: its DC's /25 and the whole /24 (the backup route that
// carries everything when the other tunnel fails), plus the IaaS /25 and
// /24 when ordered. Nil when t is not linked to a profile.
func (t *Tunnel) ExpectedReceived() []netip.Prefix {
	p := t.Site
	if p == nil {
		return nil
	}
	var out []netip.Prefix
	for _, pf := range []netip.Prefix{
		p.DCNetwork(t.DC), p.DINetwork.Masked(),
		p.IaaSDCNetwork(t.DC), p.IaaSNetwork.Masked(),
	} {
		if pf.IsValid() {
			out = append(out, pf)
		}
	}
	return out
}

// Peer returns the site's other tunnel (the one to the other DC), or nil
// when there is none or t is not linked to a profile.
func (t *Tunnel) Peer() *Tunnel {
	if t.Site == nil {
		return nil
	}
	for i := range t.Site.Tunnels {
		o := &t.Site.Tunnels[i]
		if o != t && o.Name != t.Name {
			return o
		}
	}
	return nil
}

// CPE returns the CPE called name, or nil.
func (p *Profile) CPE(name string) *CPE {
	for i := range p.CPEs {
		if p.CPEs[i].Name == name {
			return &p.CPEs[i]
		}
	}
	return nil
}

// Tunnel returns the tunnel called name, or nil.
func (p *Profile) Tunnel(name string) *Tunnel {
	for i := range p.Tunnels {
		if p.Tunnels[i].Name == name {
			return &p.Tunnels[i]
		}
	}
	return nil
}

// TunnelsOf returns the tunnels CPE cpe terminates, in profile order: both
// on a one-CPE site, one each on a two-CPE site.
func (p *Profile) TunnelsOf(cpe string) []*Tunnel {
	var out []*Tunnel
	for i := range p.Tunnels {
		if p.Tunnels[i].CPE == cpe {
			out = append(out, &p.Tunnels[i])
		}
	}
	return out
}

// Summary describes p on one line for logs, e.g.
//
//	acme-east (US-East) di=203.0.113.0/24 tunnel1=DC-A/cpe1/Tunnel1/AS64601-AS64602 tunnel2=...
//
// It holds no secrets (the profile has none).
func (p *Profile) Summary() string {
	var b strings.Builder
	b.WriteString(p.Name)
	if p.Region != "" {
		fmt.Fprintf(&b, " (%s)", p.Region)
	}
	fmt.Fprintf(&b, " di=%s", p.DINetwork)
	if p.IaaSNetwork.IsValid() {
		fmt.Fprintf(&b, " iaas=%s", p.IaaSNetwork)
	}
	for _, t := range p.Tunnels {
		ifname := t.Interface
		if ifname == "" {
			ifname = "?"
		}
		fmt.Fprintf(&b, " %s=%s/%s/%s/AS%d-AS%d", t.Name, t.DC.Label(), t.CPE, ifname, t.CPEASN, t.DIASN)
	}
	return b.String()
}

// DCNetworks returns the networks t's own DC serves: its half of the DI
// /24, then of the IaaS /24 when ordered. These must be reached through t.
func (t *Tunnel) DCNetworks() []netip.Prefix {
	if t.Site == nil {
		return nil
	}
	var out []netip.Prefix
	for _, n := range []netip.Prefix{t.Site.DCNetwork(t.DC), t.Site.IaaSDCNetwork(t.DC)} {
		if n.IsValid() {
			out = append(out, n)
		}
	}
	return out
}

// BackupNetworks returns the /24s every tunnel must receive (DI, then IaaS
// when ordered): the routes that carry everything when the other tunnel
// fails.
func (t *Tunnel) BackupNetworks() []netip.Prefix {
	if t.Site == nil {
		return nil
	}
	var out []netip.Prefix
	for _, n := range []netip.Prefix{t.Site.DINetwork, t.Site.IaaSNetwork} {
		if n.IsValid() {
			out = append(out, n.Masked())
		}
	}
	return out
}

// OtherDC returns the site's tunnel to the other data center, or nil.
func (t *Tunnel) OtherDC() *Tunnel {
	if t.Site == nil {
		return nil
	}
	for i := range t.Site.Tunnels {
		o := &t.Site.Tunnels[i]
		if o.Name != t.Name && !strings.EqualFold(string(o.DC), string(t.DC)) {
			return o
		}
	}
	return nil
}

// FirstHost is the first usable address of a prefix (.1 of a /25 at .0).
func FirstHost(p netip.Prefix) netip.Addr {
	if !p.IsValid() {
		return netip.Addr{}
	}
	return p.Masked().Addr().Next()
}

// RouteHosts are the first hosts of each DC's /25 (DI, then IaaS), in
// order: the addresses whose route decides which tunnel traffic to a DC
// takes.
func (p *Profile) RouteHosts() []netip.Addr {
	var hosts []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, n := range []netip.Prefix{p.DINetwork, p.IaaSNetwork} {
		if !n.IsValid() {
			continue
		}
		for _, dc := range []DC{DCA, DCB} {
			h := FirstHost(half(n, dc))
			if h.IsValid() && !seen[h] {
				seen[h] = true
				hosts = append(hosts, h)
			}
		}
	}
	return hosts
}
