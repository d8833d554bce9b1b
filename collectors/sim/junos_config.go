package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// junosVersion renders show version as a vSRX on Junos 21.4 prints it.
func (r *renderer) junosVersion() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hostname: %s\nModel: %s\nJunos: %s\n", r.cpe.Hostname, junosModel, junosRelease)
	for _, p := range []string{"JUNOS OS Kernel 64-bit XEN", "JUNOS OS libs", "JUNOS OS runtime", "JUNOS OS time zone information",
		"JUNOS network stack and utilities", "JUNOS libs", "JUNOS OS libs compat32", "JUNOS OS 32-bit compatibility"} {
		fmt.Fprintf(&b, "%s [%s]\n", p, junosBuild)
	}
	for _, p := range []string{"JUNOS Packet Forwarding Engine Simulation Package", "JUNOS Routing Engine Software", "JUNOS Services IPSec",
		"JUNOS Crypto Software Suite", "JUNOS Online Documentation", "JUNOS Security Intelligence"} {
		fmt.Fprintf(&b, "%s [%s]\n", p, junosRelease)
	}
	return b.String()
}

// junosSecret is a $9$ string as Junos stores a pre-shared key or BGP
// authentication key: derived from the secret, never the secret itself.
func junosSecret(s string) string {
	const alphabet = "QzF3n6/9CAtpu0O1IhclMXNdbs2YgoaGZjHkqPfTmB5EyrevK8LW7Vx4-wi.JU"
	h := hash64(uint32(len(s)), 0, 9)
	for _, ch := range s {
		h = h*31 + uint64(ch)
	}
	var b strings.Builder
	b.WriteString("$9$")
	for i := 0; i < 10+len(s); i++ {
		b.WriteByte(alphabet[h%uint64(len(alphabet))])
		h = h*6364136223846793005 + 1442695040888963407
	}
	return b.String()
}

// junosCipher spells an IOS encryption keyword as a Junos proposal does.
func junosCipher(e string) string {
	bits := e[strings.LastIndexByte(e, '-')+1:]
	if strings.HasPrefix(e, "aes-gcm") {
		return "aes-" + bits + "-gcm"
	}
	return "aes-" + bits + "-cbc"
}

// junosHash spells an IOS hash keyword as a Junos proposal does.
func junosHash(h string) string {
	return "sha-" + strings.TrimPrefix(h, "sha")
}

// junosConfig renders show configuration | display set: the system, the
// interfaces (the st0 and gr- units per tunnel), static routes, BGP with
// its policies, GRE keepalives (protocols oam), the IKE and IPsec VPN
// per DC and the flow TCP-MSS clamp.
func (r *renderer) junosConfig() string {
	c := r.cpe
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("set version %s", junosRelease)
	w("set system host-name %s", c.Hostname)
	w("set system root-authentication encrypted-password \"$6$k3Lq9$yQ0fZr5u0X7mVn2b8sTqJ.\"")
	w("set system login user admin uid 2000")
	w("set system login user admin class super-user")
	w("set system services ssh")
	w("set system syslog file messages any notice")
	w("set system syslog file messages authorization info")
	w("set system ntp server 192.0.2.123")
	w("set interfaces ge-0/0/0 unit 0 family inet address %s", c.Public)
	w("set interfaces ge-0/0/1 unit 0 family inet address %s", c.LAN)
	for _, t := range c.Tunnels {
		r.junosTunnelConfig(w, t)
	}
	if c.Loopback1.IsValid() {
		w("set interfaces lo0 unit 1 family inet address %s", c.Loopback1)
	}
	for _, t := range c.Tunnels {
		w("set interfaces st0 unit %s family inet", junosUnit(t))
	}
	r.junosStaticConfig(w)
	w("set routing-options autonomous-system %d", c.ASN)
	for _, t := range c.Tunnels {
		r.junosBGPConfig(w, t)
	}
	for _, t := range c.Tunnels {
		if t.Config.Keepalive {
			w("set protocols oam gre-tunnel interface %s keepalive-time 10", t.Interface)
			w("set protocols oam gre-tunnel interface %s hold-time 30", t.Interface)
		}
	}
	r.junosPolicyConfig(w)
	r.junosSecurityConfig(w)
	return b.String()
}

// junosTunnelConfig is a tunnel's gr- unit.
func (r *renderer) junosTunnelConfig(w func(string, ...any), t *Tunnel) {
	c := t.Config
	u := "set interfaces gr-0/0/0 unit " + junosUnit(t)
	w("%s tunnel source %s", u, junosGRESource(r.cpe, t))
	w("%s tunnel destination %s", u, c.GREDestination)
	if c.TunnelKey != 0 {
		w("%s tunnel key %d", u, c.TunnelKey)
	}
	if c.LinkDown {
		w("%s disable", u)
	}
	if c.IPMTU > 0 {
		w("%s family inet mtu %d", u, c.IPMTU)
	}
	if c.InboundACL {
		w("%s family inet filter input VC-TUNNEL-IN", u)
	}
	w("%s family inet address %s", u, c.TunnelIP)
}

// junosGRESource is the address a gr- unit is sourced from.
func junosGRESource(cpe *CPE, t *Tunnel) netip.Addr {
	if t.Config.Source == junosLoopIf && cpe.Loopback1.IsValid() {
		return cpe.Loopback1.Addr()
	}
	return t.Form.GRESource
}

// junosStaticConfig is the default route, the /32 routes that send GRE to
// each DC into its st0 unit, the customer's extra networks (discard, so
// that they are in the table) and the scenario's static routes.
func (r *renderer) junosStaticConfig(w func(string, ...any)) {
	c := r.cpe
	const s = "set routing-options static route "
	w(s+"0.0.0.0/0 next-hop %s", c.Gateway)
	for _, t := range c.Tunnels {
		w(s+"%s next-hop %s", netip.PrefixFrom(t.Form.GREDestination, 32), junosST(t))
	}
	for _, p := range c.ExtraNetworks {
		w(s+"%s discard", p)
	}
	for _, st := range c.Statics {
		w(s+"%s next-hop %s", st.Prefix, st.Interface)
	}
}

// junosBGPGroup is the BGP group of a tunnel ("DI-DCA").
func junosBGPGroup(t *Tunnel) string { return "DI-DC" + t.DC }

func (r *renderer) junosBGPConfig(w func(string, ...any), t *Tunnel) {
	c := t.Config
	g := "set protocols bgp group " + junosBGPGroup(t)
	w("%s type external", g)
	w("%s import VC-IN", g)
	w("%s export VC-OUT", g)
	n := g + " neighbor " + c.Neighbor.String()
	w("%s peer-as %d", n, c.RemoteAS)
	if c.LocalAS != 0 {
		w("%s local-as %d private no-prepend-global-as", n, c.LocalAS)
	}
	if c.BGPPassword != "" {
		w("%s authentication-key \"%s\" ## SECRET-DATA", n, junosSecret(c.BGPPassword))
	}
}

// junosPolicyConfig is VC-OUT (export: the default, plus the extra
// networks where the scenario lets them out) and VC-IN (import: the DI
// networks), and the tunnel filter of tunnel-ping-fail.
func (r *renderer) junosPolicyConfig(w func(string, ...any)) {
	c := r.cpe
	const out = "set policy-options policy-statement VC-OUT "
	if !c.NoDefaultNetwork {
		w(out + "term default from protocol static")
		w(out + "term default from route-filter 0.0.0.0/0 exact")
		w(out + "term default then accept")
	}
	if c.ExtraPermit {
		for _, p := range c.ExtraNetworks {
			w(out+"term extra from route-filter %s exact", p)
		}
		w(out + "term extra then accept")
	}
	w(out + "term rest then reject")
	const in = "set policy-options policy-statement VC-IN "
	w(in+"term webex from route-filter %s orlonger", DINetwork)
	if r.site.IaaS.IsValid() {
		w(in+"term webex from route-filter %s orlonger", r.site.IaaS)
	}
	w(in + "term webex then accept")
	w(in + "term rest then reject")
	for _, t := range c.Tunnels {
		if t.Config.InboundACL {
			const f = "set firewall family inet filter VC-TUNNEL-IN "
			w(f+"term bgp from source-address %s/32", t.Form.DITunnelIP)
			w(f + "term bgp from protocol tcp")
			w(f + "term bgp from port bgp")
			w(f + "term bgp then accept")
			w(f+"term webex from source-address %s", DINetwork)
			w(f + "term webex then accept")
			w(f + "term rest then discard")
			break
		}
	}
}

// junosSecurityConfig is the IKE and IPsec configuration: one proposal
// pair and one gateway and VPN per tunnel, the flow MSS clamp and the
// zones.
func (r *renderer) junosSecurityConfig(w func(string, ...any)) {
	c := r.cpe
	for _, t := range c.Tunnels {
		cr := t.Config.Crypto
		u := strings.ToLower(t.DC)
		p := "set security ike proposal ike-prop-dc" + u + " "
		w(p + "authentication-method pre-shared-keys")
		if len(cr.DHGroups) > 0 {
			w(p+"dh-group group%d", cr.DHGroups[0])
		}
		if cr.Integrity != "" {
			w(p+"authentication-algorithm %s", junosHash(cr.Integrity))
		}
		w(p+"encryption-algorithm %s", junosCipher(cr.Encryption))
		w(p+"lifetime-seconds %d", int(cr.IKELife/time.Second))
		pol := "set security ike policy ike-pol-dc" + u + " "
		w(pol+"proposals ike-prop-dc%s", u)
		w(pol+"pre-shared-key ascii-text \"%s\" ## SECRET-DATA", junosSecret(t.Config.PSK))
		g := "set security ike gateway " + junosGateway(t) + " "
		w(g+"ike-policy ike-pol-dc%s", u)
		w(g+"address %s", t.Form.IPsecPeer)
		w(g+"local-identity inet %s", t.Form.IPsecLocal)
		w(g + "external-interface ge-0/0/0.0")
		w(g+"local-address %s", t.Form.IPsecLocal)
		w(g + "version v2-only")
		ip := "set security ipsec proposal esp-prop-dc" + u + " "
		w(ip + "protocol esp")
		if !isGCM(cr) {
			w(ip + "authentication-algorithm hmac-sha-256-128")
		}
		w(ip+"encryption-algorithm %s", junosESPCipher(cr))
		w(ip+"lifetime-seconds %d", int(cr.IPsecLife/time.Second))
		ipol := "set security ipsec policy esp-pol-dc" + u + " "
		if cr.PFS > 0 {
			w(ipol+"perfect-forward-secrecy keys group%d", cr.PFS)
		}
		w(ipol+"proposals esp-prop-dc%s", u)
		v := "set security ipsec vpn " + junosVPN(t) + " "
		w(v+"bind-interface %s", junosST(t))
		w(v+"ike gateway %s", junosGateway(t))
		w(v+"ike proxy-identity local %s/32", junosGRESource(c, t))
		w(v+"ike proxy-identity remote %s/32", t.Form.GREDestination)
		if t.Config.ACLProtocol == "gre" {
			// Without it the proxy-identity is all IP: IOS's "permit ip".
			w(v + "ike proxy-identity service junos-gre")
		}
		w(v+"ike ipsec-policy esp-pol-dc%s", u)
		w(v + "establish-tunnels immediately")
	}
	// The SRX clamps the MSS of all GRE traffic at once: one setting for
	// every tunnel, there when every tunnel has one.
	if mss := junosMSS(c); mss > 0 {
		w("set security flow tcp-mss gre-in mss %d", mss)
		w("set security flow tcp-mss gre-out mss %d", mss)
	}
	w("set security zones security-zone untrust host-inbound-traffic system-services ike")
	w("set security zones security-zone untrust interfaces ge-0/0/0.0")
	w("set security zones security-zone vpn host-inbound-traffic system-services ping")
	w("set security zones security-zone vpn host-inbound-traffic protocols bgp")
	for _, t := range c.Tunnels {
		w("set security zones security-zone vpn interfaces %s", junosST(t))
		w("set security zones security-zone vpn interfaces %s", t.Interface)
	}
	w("set security zones security-zone trust interfaces ge-0/0/1.0")
}

// junosESPCipher is the ESP encryption keyword of a transform-set body
// ("esp-gcm 256" -> aes-256-gcm).
func junosESPCipher(cr Crypto) string {
	f := strings.Fields(cr.Transform)
	bits := "256"
	for i, x := range f {
		if (x == "esp-gcm" || x == "esp-aes") && i+1 < len(f) {
			if _, err := strconv.Atoi(f[i+1]); err == nil {
				bits = f[i+1]
			}
		}
	}
	if isGCM(cr) {
		return "aes-" + bits + "-gcm"
	}
	return "aes-" + bits + "-cbc"
}

// junosMSS is the flow MSS clamp of a CPE: the largest of its tunnels'
// MSS, 0 when some tunnel has none.
func junosMSS(c *CPE) int {
	mss := 0
	for _, t := range c.Tunnels {
		if t.Config.MSS == 0 {
			return 0
		}
		mss = max(mss, t.Config.MSS)
	}
	return mss
}
