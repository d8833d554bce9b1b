package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// runningConfig renders "show running-config" of an IOS-XE 17.9 C8000V:
// the VC parts in full, with the secrets a real configuration carries
// (keyring PSKs in clear, BGP passwords type 7, type 9 enable and user
// secrets, an SNMP community).
func (r *renderer) runningConfig() string {
	body := r.configBody()
	return fmt.Sprintf("Building configuration...\n\nCurrent configuration : %d bytes\n%s", len(body), body)
}

func (r *renderer) configBody() string {
	c := r.cpe
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	changed := r.site.Start.Add(-c.Tunnels[0].IKEAge - 1234e9).UTC()
	w("!")
	w("! Last configuration change at %s by netops", changed.Format("15:04:05 UTC Mon Jan 2 2006"))
	w("! NVRAM config last updated at %s by netops", changed.Add(3e9).Format("15:04:05 UTC Mon Jan 2 2006"))
	w("!")
	w("version 17.9")
	w("service timestamps debug datetime msec")
	w("service timestamps log datetime msec")
	w("service password-encryption")
	w("service call-home")
	w("platform qfp utilization monitor load 80")
	w("platform punt-keepalive disable-kernel-core")
	w("platform console virtual")
	w("!")
	w("hostname %s", c.Hostname)
	w("!")
	w("boot-start-marker")
	w("boot-end-marker")
	w("!")
	w("!")
	w("logging buffered 64000 informational")
	w("enable secret 9 %s", EnableSecret9)
	w("!")
	w("no aaa new-model")
	w("!")
	w("ip domain name %s.example", r.site.Name)
	w("!")
	w("login on-success log")
	w("!")
	w("subscriber templating")
	w("!")
	w("multilink bundle-name authenticated")
	w("!")
	w("license udi pid C8000V sn %s", c.Serial)
	w("license boot level network-advantage addon dna-advantage")
	w("memory free low-watermark processor 63709")
	w("diagnostic bootup level minimal")
	w("!")
	w("spanning-tree extend system-id")
	w("!")
	w("username admin privilege 15 secret 9 %s", AdminSecret9)
	w("!")
	w("redundancy")
	w("!")
	r.configCrypto(&b)
	r.configInterfaces(&b)
	r.configBGP(&b)
	r.configTail(&b)
	return b.String()
}

// configCrypto writes the IKEv2 proposal, policy, keyring and profiles,
// the transform set, and the crypto map or IPsec profile.
func (r *renderer) configCrypto(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	c := r.cpe
	cr := c.Tunnels[0].Config.Crypto
	w("crypto ikev2 proposal VC-IKEV2-PROP ")
	w(" encryption %s", cr.Encryption)
	if cr.Integrity != "" {
		w(" integrity %s", cr.Integrity)
	}
	w(" prf %s", cr.PRF)
	groups := make([]string, len(cr.DHGroups))
	for i, g := range cr.DHGroups {
		groups[i] = fmt.Sprint(g)
	}
	w(" group %s", strings.Join(groups, " "))
	w("!")
	w("crypto ikev2 policy VC-IKEV2-POL ")
	w(" proposal VC-IKEV2-PROP")
	w("!")
	w("crypto ikev2 keyring VC-KEYRING")
	for _, t := range c.Tunnels {
		w(" peer DC-%s", t.DC)
		w("  address %s", t.Form.IPsecPeer)
		w("  pre-shared-key %s", t.Config.PSK)
		w(" !")
	}
	w("!")
	w("!")
	for _, t := range c.Tunnels {
		w("crypto ikev2 profile VC-IKEV2-DC%s", t.DC)
		w(" match identity remote address %s 255.255.255.255 ", t.Form.IPsecPeer)
		w(" identity local address %s", t.Form.IPsecLocal)
		w(" authentication remote pre-share")
		w(" authentication local pre-share")
		w(" keyring local VC-KEYRING")
		w(" lifetime %d", int(cr.IKELife.Seconds()))
		w(" dpd 10 3 periodic")
		w("!")
	}
	w("!")
	w("!")
	w("crypto ipsec transform-set VC-TS %s ", cr.Transform)
	w(" mode tunnel")
	w("!")
	for _, t := range c.Tunnels {
		if t.Config.Protection != "profile" {
			continue
		}
		w("crypto ipsec profile VC-IPSEC")
		w(" set transform-set VC-TS ")
		w(" set pfs group%d", cr.PFS)
		w(" set ikev2-profile VC-IKEV2-DC%s", t.DC)
		w("!")
	}
	w("!")
	w("!")
	for i, t := range c.Tunnels {
		if t.Config.Protection != "map" {
			continue
		}
		w("crypto map VC-MAP %d ipsec-isakmp ", 10*(i+1))
		w(" set peer %s", t.Form.IPsecPeer)
		w(" set transform-set VC-TS ")
		w(" set pfs group%d", cr.PFS)
		w(" set ikev2-profile VC-IKEV2-DC%s", t.DC)
		w(" match address VC-DC%s-GRE", t.DC)
	}
	w("!")
	w("!")
	w("!")
}

func (r *renderer) configInterfaces(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	c := r.cpe
	if c.Loopback1.IsValid() {
		w("interface Loopback1")
		w(" description GRE transport")
		w(" ip address %s %s", c.Loopback1.Addr(), mask(c.Loopback1.Bits()))
		w("!")
	}
	for _, t := range c.Tunnels {
		tc := &t.Config
		w("interface %s", t.Interface)
		w(" description Webex DI DC-%s", t.DC)
		w(" ip address %s %s", tc.TunnelIP.Addr(), mask(tc.TunnelIP.Bits()))
		if tc.InboundACL {
			w(" ip access-group VC-DC%s-IN in", t.DC)
		}
		w(" ip mtu %d", tc.IPMTU)
		if tc.MSS > 0 {
			w(" ip tcp adjust-mss %d", tc.MSS)
		}
		if tc.Keepalive {
			w(" keepalive 10 3")
		}
		w(" tunnel source %s", tc.Source)
		w(" tunnel destination %s", tc.GREDestination)
		if tc.TunnelKey > 0 {
			w(" tunnel key %d", tc.TunnelKey)
		}
		if tc.PMTUD {
			w(" tunnel path-mtu-discovery")
		}
		if tc.Protection == "profile" {
			w(" tunnel protection ipsec profile VC-IPSEC")
		}
		w("!")
	}
	hasMap := false
	for _, t := range c.Tunnels {
		hasMap = hasMap || t.Config.Protection == "map"
	}
	phys := []struct {
		name, desc string
		p          netip.Prefix
	}{
		{"GigabitEthernet1", "INTERNET", c.Public},
		{"GigabitEthernet2", "LAN", c.LAN},
		{"GigabitEthernet3", "", netip.Prefix{}},
		{"GigabitEthernet4", "", netip.Prefix{}},
	}
	for i, p := range phys {
		w("interface %s", p.name)
		if p.desc != "" {
			w(" description %s", p.desc)
		}
		if p.p.IsValid() {
			w(" ip address %s %s", p.p.Addr(), mask(p.p.Bits()))
		} else {
			w(" no ip address")
			w(" shutdown")
		}
		w(" negotiation auto")
		if i == 0 && hasMap {
			w(" crypto map VC-MAP")
		}
		w(" no mop enabled")
		w(" no mop sysid")
		w("!")
	}
}

func (r *renderer) configBGP(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	c := r.cpe
	w("router bgp %d", c.ASN)
	w(" bgp log-neighbor-changes")
	for _, t := range c.Tunnels {
		tc := &t.Config
		w(" neighbor %s remote-as %d", tc.Neighbor, tc.RemoteAS)
		if tc.LocalAS != 0 {
			w(" neighbor %s local-as %d no-prepend", tc.Neighbor, tc.LocalAS)
		}
		w(" neighbor %s description Webex DI DC-%s", tc.Neighbor, t.DC)
		if tc.BGPPassword != "" {
			w(" neighbor %s password 7 %s", tc.Neighbor, type7(tc.BGPPassword))
		}
	}
	w(" !")
	w(" address-family ipv4")
	if !c.NoDefaultNetwork {
		w("  network 0.0.0.0")
	}
	for _, p := range c.ExtraNetworks {
		if p.Bits() == classfulBits(p.Addr()) {
			w("  network %s", p.Addr())
		} else {
			w("  network %s mask %s", p.Addr(), mask(p.Bits()))
		}
	}
	for _, t := range c.Tunnels {
		n := t.Config.Neighbor
		w("  neighbor %s activate", n)
		w("  neighbor %s soft-reconfiguration inbound", n)
		w("  neighbor %s prefix-list VC-OUT out", n)
	}
	w(" exit-address-family")
	w("!")
}

func (r *renderer) configTail(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	c := r.cpe
	w("ip forward-protocol nd")
	w("no ip http server")
	w("no ip http secure-server")
	for _, s := range r.statics() {
		w("ip route %s %s %s", s.p.Addr(), mask(s.p.Bits()), s.via)
	}
	w("ip ssh version 2")
	w("!")
	for _, t := range c.Tunnels {
		tc := &t.Config
		if tc.Protection == "map" {
			w("ip access-list extended VC-DC%s-GRE", t.DC)
			w(" 10 permit %s host %s host %s", tc.ACLProtocol, t.Form.GRESource, t.Form.GREDestination)
		}
		if tc.InboundACL {
			w("ip access-list extended VC-DC%s-IN", t.DC)
			w(" 10 permit tcp host %s host %s eq bgp", t.Form.DITunnelIP, tc.TunnelIP.Addr())
			w(" 20 permit tcp host %s eq bgp host %s", t.Form.DITunnelIP, tc.TunnelIP.Addr())
			w(" 30 permit ip %s %s any", DINetwork.Addr(), wildcard(DINetwork.Bits()))
			w(" 40 deny   ip any any log")
		}
	}
	w("!")
	w("!")
	w("ip prefix-list VC-OUT seq 5 permit 0.0.0.0/0")
	if c.ExtraPermit {
		for i, p := range c.ExtraNetworks {
			w("ip prefix-list VC-OUT seq %d permit %s", 10*(i+1), p)
		}
	}
	w("!")
	w("!")
	w("snmp-server community %s RO", SNMPCommunity)
	w("!")
	w("control-plane")
	w("!")
	w("!")
	w("line con 0")
	w(" stopbits 1")
	w("line aux 0")
	w("line vty 0 4")
	w(" login local")
	w(" transport input ssh")
	w("!")
	w("ntp server 192.0.2.123")
	w("!")
	w("!")
	w("!")
	w("!")
	w("!")
	w("end")
	w("")
}

// staticRoute is one "ip route" line: its prefix and what follows the mask.
type staticRoute struct {
	p   netip.Prefix
	via string
}

// statics lists the CPE's static routes in running-config order.
func (r *renderer) statics() []staticRoute {
	c := r.cpe
	out := []staticRoute{{netip.MustParsePrefix("0.0.0.0/0"), c.Gateway.String()}}
	for _, p := range c.ExtraNetworks {
		out = append(out, staticRoute{p, "Null0"})
	}
	if c.PinTransport {
		for _, t := range c.Tunnels {
			for _, a := range []netip.Addr{t.Form.IPsecPeer, t.Form.GREDestination} {
				s := staticRoute{netip.PrefixFrom(a, 32), c.Gateway.String()}
				if len(out) == 0 || out[len(out)-1] != s {
					out = append(out, s)
				}
			}
		}
	}
	for _, s := range c.Statics {
		out = append(out, staticRoute{s.Prefix, s.Interface})
	}
	return out
}

// classfulBits is the classful mask length of an IPv4 address.
func classfulBits(a netip.Addr) int {
	switch b := a.As4()[0]; {
	case b < 128:
		return 8
	case b < 192:
		return 16
	}
	return 24
}

// type7 encodes a password the way "service password-encryption" does
// (Vigenère with Cisco's fixed key), with a fixed salt so output is stable.
func type7(pw string) string {
	const key = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
	const salt = 8
	var b strings.Builder
	fmt.Fprintf(&b, "%02d", salt)
	for i := 0; i < len(pw); i++ {
		fmt.Fprintf(&b, "%02X", pw[i]^key[(salt+i)%len(key)])
	}
	return b.String()
}
