package profile

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// tunnels checks the two tunnels: each one on its own, then the rules that
// relate them (one per DC, distinct names, peers and link subnets).
func (v *validator) tunnels(p *Profile) {
	switch n := len(p.Tunnels); {
	case n == 0:
		v.errorf("tunnels", "missing: the two tunnels of the site, one to DC-A and one to DC-B")
	case n == 1:
		v.errorf("tunnels", "found 1 tunnel; a site has two, one to DC-A and one to DC-B")
	case n > 2:
		v.errorf("tunnels[2]", "a site has two tunnels, one to DC-A and one to DC-B; found %d", n)
	}
	for i := range p.Tunnels {
		v.tunnel(p, fmt.Sprintf("tunnels[%d]", i), &p.Tunnels[i])
	}
	for i := range p.Tunnels {
		for j := range i {
			v.tunnelPair(fmt.Sprintf("tunnels[%d]", i), &p.Tunnels[i], fmt.Sprintf("tunnels[%d]", j), &p.Tunnels[j])
		}
	}
}

var tunnelIfRE = regexp.MustCompile(`^Tunnel[0-9]+$`)

// otherIfRE is an interface name on a platform other than IOS.
var otherIfRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,63}$`)

// platformKnown reports whether the rules accept the platform (an unknown
// one is reported on its own, and its tunnels are read the IOS way).
func (v *validator) platformKnown(platform string) bool {
	return len(v.rules.Platforms) == 0 || slices.Contains(v.rules.Platforms, platform)
}

// isIOS reports whether a CPE platform names its interfaces the IOS way:
// cisco_iosxe, or none (the default platform).
func isIOS(platform string) bool {
	return platform == "" || strings.EqualFold(platform, "cisco_iosxe")
}

func (v *validator) tunnel(p *Profile, path string, t *Tunnel) {
	at := func(f string) string { return path + "." + f }
	if t.Name == "" {
		v.errorf(at("name"), "missing: a name for the tunnel, e.g. tunnel1")
	}
	if t.DC != DCA && t.DC != DCB {
		if t.DC == "" {
			v.errorf(at("dc"), "missing: the DC this tunnel goes to, A or B")
		} else {
			v.errorf(at("dc"), "%q is not a DC (A or B)", t.DC)
		}
	}
	switch {
	case t.CPE == "":
		v.errorf(at("cpe"), "missing: the name of the CPE (under cpes) that terminates this tunnel")
	case p.CPE(t.CPE) == nil && len(p.CPEs) > 0 && p.CPE("") == nil:
		// (A CPE without a name is reported on its own; it may be this one.)
		v.errorf(at("cpe"), "%q is not the name of a CPE under cpes", t.CPE)
	}
	if raw := t.Interface; raw != "" {
		if c := p.CPE(t.CPE); c != nil && !isIOS(c.Platform) && v.platformKnown(c.Platform) {
			// Another platform's interface names are its own ("gre1" on
			// Linux): kept as written, and only checked to be one word.
			if !otherIfRE.MatchString(raw) {
				v.errorf(at("interface"), "%q is not an interface name (one word, at most 64 characters)", raw)
			}
		} else {
			t.Interface = parsers.InterfaceName(raw)
			if !tunnelIfRE.MatchString(t.Interface) {
				v.errorf(at("interface"), "%q is not an IOS tunnel interface (write Tunnel1)", raw)
			}
		}
	}
	v.transport(at("ipsec_local"), t.IPsecLocal, "the customer's public IPsec address", at("ipsec_peer"), t.IPsecPeer, "the DI IPsec peer address")
	v.transport(at("gre_source"), t.GRESource, "the customer's GRE transport address", at("gre_destination"), t.GREDestination, "the DI GRE transport address")
	v.tunnelIPs(path, t)
	v.asn(at("cpe_asn"), t.CPEASN, "the customer's private ASN for this tunnel")
	v.asn(at("di_asn"), t.DIASN, "the DI private ASN for this tunnel")
	if t.CPEASN != 0 && t.CPEASN == t.DIASN {
		v.errorf(at("di_asn"), "%d is also cpe_asn: the session is eBGP, the two sides need different ASNs", t.DIASN)
	}
}

// transport checks a local/remote address pair (IPsec or GRE endpoints).
func (v *validator) transport(lpath string, local netip.Addr, ldesc, rpath string, remote netip.Addr, rdesc string) {
	if !local.IsValid() {
		v.errorf(lpath, "missing: %s", ldesc)
	}
	if !remote.IsValid() {
		v.errorf(rpath, "missing: %s", rdesc)
	}
	if !local.IsValid() || !remote.IsValid() {
		return
	}
	switch {
	case local == remote:
		v.errorf(rpath, "%s is also %s: the two ends need different addresses", remote, lastField(lpath))
	case local.Is4() != remote.Is4():
		v.errorf(rpath, "%s and %s %s are of different IP versions", remote, lastField(lpath), local)
	}
}

// tunnelIPs checks the link subnet inside the GRE tunnel: the CPE address
// with its length from the activation form, and the DI address in it.
func (v *validator) tunnelIPs(path string, t *Tunnel) {
	cp, dp := path+".cpe_tunnel_ip", path+".di_tunnel_ip"
	pfx, di := t.CPETunnelIP, t.DITunnelIP
	if !pfx.IsValid() {
		v.errorf(cp, "missing: the CPE tunnel interface address with its length, e.g. 100.64.1.2/30")
	}
	if !di.IsValid() {
		v.errorf(dp, "missing: the DI tunnel interface address (the BGP neighbor), e.g. 100.64.1.1")
	}
	if !pfx.IsValid() {
		return
	}
	bits, width := pfx.Bits(), pfx.Addr().BitLen()
	if bits >= width {
		v.errorf(cp, "%s is a single address: give the link subnet length from the activation form, e.g. %s/30", pfx, pfx.Addr())
		return
	}
	if bad := reserved(pfx, pfx.Addr()); bad != "" {
		v.errorf(cp, "%s is the %s address of %s: write the CPE's own address with the length", pfx.Addr(), bad, pfx.Masked())
	}
	if !di.IsValid() {
		return
	}
	switch {
	case !pfx.Contains(di):
		v.errorf(dp, "%s is not in the tunnel subnet %s of cpe_tunnel_ip", di, pfx.Masked())
	case di == pfx.Addr():
		v.errorf(dp, "%s is also the CPE tunnel address: want the DI end of the link", di)
	case reserved(pfx, di) != "":
		v.errorf(dp, "%s is the %s address of %s", di, reserved(pfx, di), pfx.Masked())
	}
}

// reserved names what a is in subnet p when it cannot be an interface
// address: "subnet" or "broadcast" (IPv4 subnets longer than /31 only).
func reserved(p netip.Prefix, a netip.Addr) string {
	if !a.Is4() || p.Bits() > 30 {
		return ""
	}
	if a == p.Masked().Addr() {
		return "subnet"
	}
	b := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	n := (uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])) | host
	if a == netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}) {
		return "broadcast"
	}
	return ""
}

// IsPrivateASN reports whether asn is in a private range: 64512-65534 (the
// range the activation form uses) or the 4-byte 4200000000-4294967294.
func IsPrivateASN(asn uint32) bool {
	return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294)
}

func (v *validator) asn(path string, asn uint32, desc string) {
	switch {
	case asn == 0:
		v.errorf(path, "missing: %s", desc)
	case !IsPrivateASN(asn):
		v.errorf(path, "%d is not a private ASN (64512-65534)", asn)
	}
}

// tunnelPair checks tunnel a (at apath) against an earlier tunnel b: the
// two go to different DCs, so names, DI addresses and link subnets differ.
// Copying tunnel 1's row into tunnel 2 is the usual way these go wrong.
func (v *validator) tunnelPair(apath string, a *Tunnel, bpath string, b *Tunnel) {
	if a.Name != "" && a.Name == b.Name {
		v.errorf(apath+".name", "%q is already the name of %s", a.Name, bpath)
	}
	if a.DC != "" && a.DC == b.DC {
		v.errorf(apath+".dc", "%s also goes to DC-%s: one tunnel goes to DC-A and the other to DC-B", bpath, a.DC)
	}
	same := func(f string, x, y netip.Addr) {
		if x.IsValid() && x == y {
			v.errorf(apath+"."+f, "%s is also %s.%s: each DC has its own", x, bpath, f)
		}
	}
	same("ipsec_peer", a.IPsecPeer, b.IPsecPeer)
	same("gre_destination", a.GREDestination, b.GREDestination)
	if a.CPETunnelIP.IsValid() && b.CPETunnelIP.IsValid() && a.CPETunnelIP.Overlaps(b.CPETunnelIP) {
		v.errorf(apath+".cpe_tunnel_ip", "%s overlaps %s.cpe_tunnel_ip %s: each tunnel has its own link subnet",
			a.CPETunnelIP, bpath, b.CPETunnelIP)
	}
	if a.CPE == b.CPE && a.Interface != "" && a.Interface == b.Interface {
		v.errorf(apath+".interface", "%s is also %s.interface on CPE %q", a.Interface, bpath, a.CPE)
	}
}

func lastField(path string) string {
	if i := len(parent(path)); i > 0 {
		return path[i+1:]
	}
	return path
}
