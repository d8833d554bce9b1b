package sim

import (
	"strconv"
	"strings"
)

// junosDialect is a Juniper vSRX CPE (Junos 21.4): route-based IPsec on
// st0 units carrying GRE (gr-0/0/0 units) between the transport IPs, eBGP
// over the gr- units, behind the operational-mode "user@host> " prompt.
func junosDialect() *dialect {
	return &dialect{
		title:         "Junos",
		serverVersion: junosServerVersion,
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + "> " },
		handle:        (*cli).junosLine,
		render:        (*renderer).junosDispatch,
		convert:       JunosSite,
		noForm:        noJunosForm,
		only:          junosOnly,
		expect:        junosExpect,
	}
}

// junosServerVersion is what Junos 21.4's sshd (OpenSSH 7.5 with
// FreeBSD's patches) announces.
const junosServerVersion = "SSH-2.0-OpenSSH_7.5 FreeBSD-20170903"

// What the Junos CPE runs, for show version.
const (
	junosRelease = "21.4R3-S5.4"
	junosModel   = "vsrx"
	junosBuild   = "20230713.4e6a0a0_builder_stable_12_214"
)

// The SRX's interfaces: ge-0/0/0 faces the internet (the IPsec and GRE
// transport IP), ge-0/0/1 the LAN, lo0 unit 1 holds a separate GRE
// transport IP where the site has one.
const (
	junosPublicIf = "ge-0/0/0.0"
	junosLANIf    = "ge-0/0/1.0"
	junosLoopIf   = "lo0.1"
)

// JunosSite turns a site built for IOS-XE into the same site on Junos
// CPEs: each tunnel is a gr-0/0/0 unit (1 for DC-A, 2 for DC-B) routed
// into the st0 unit of the same number, which the IPsec VPN to that DC is
// bound to. Keepalives stay as configured: Junos sends GRE keepalives of
// its own (protocols oam gre-tunnel). Every value of the activation form
// stays as it was.
func JunosSite(s *Site) *Site {
	s.Platform = PlatformJunos
	for _, c := range s.CPEs {
		for _, t := range c.Tunnels {
			t.Interface = junosGRE(t)
			if strings.HasPrefix(t.Config.Source, "Loopback") {
				t.Config.Source = junosLoopIf
			} else {
				t.Config.Source = junosPublicIf
			}
		}
		for i, st := range c.Statics {
			if n, ok := strings.CutPrefix(st.Interface, "Tunnel"); ok {
				c.Statics[i].Interface = "gr-0/0/0." + n
			}
		}
	}
	return s
}

// junosUnit is the unit number of a tunnel's gr- and st0 interfaces.
func junosUnit(t *Tunnel) string {
	if t.DC == "B" {
		return "2"
	}
	return "1"
}

func junosGRE(t *Tunnel) string { return "gr-0/0/0." + junosUnit(t) }
func junosST(t *Tunnel) string  { return "st0." + junosUnit(t) }

// junosGateway and junosVPN are the IKE gateway and IPsec VPN of a tunnel
// ("gw-dca", "vpn-dca").
func junosGateway(t *Tunnel) string { return "gw-dc" + strings.ToLower(t.DC) }
func junosVPN(t *Tunnel) string     { return "vpn-dc" + strings.ToLower(t.DC) }

// junosIndex is the IPsec tunnel index Junos gives a VPN (131073 for the
// first), stable per unit.
func junosIndex(t *Tunnel) int {
	n, _ := strconv.Atoi(junosUnit(t))
	return 131072 + n
}

// junosOnly are scenarios only the Junos dialect shows.
var junosOnly = []Scenario{
	{Name: "mtu-no-mss-clamp", Description: "no security flow tcp-mss: the SRX clamps the MSS of neither tunnel's GRE traffic",
		Profile: "example", Expect: map[string]string{"tunnel1": "mtu.adjust-mss", "tunnel2": "mtu.adjust-mss"}, Status: "fail",
		Build: acme(func(_ *Site, a, b *Tunnel) { a.Config.MSS, b.Config.MSS = 0, 0 })},
	{Name: "gre-unit-disabled", Description: "gr-0/0/0.1 is disabled (set interfaces gr-0/0/0 unit 1 disable): the unit is down, no ping, BGP to DC-A down",
		Profile: "example", Expect: t1("gre.line-protocol"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.LinkDown = true })},
}

// noJunosForm says why an IOS scenario has no Junos counterpart.
var noJunosForm = map[string]string{
	"mtu-no-mss": "the SRX clamps the MSS of all GRE traffic at once (security flow tcp-mss gre-in/gre-out): one tunnel " +
		"without a clamp has no Junos form; mtu-no-mss-clamp is the Junos fault",
	"mtu-no-pmtud": "a Junos gr- unit has no 'tunnel path-mtu-discovery' switch: the outer header copies the inner DF bit " +
		"(unless clear-dont-fragment-bit is set), so IOS's missing command has no Junos spelling",
}

// junosExpect overrides a scenario's expected root cause where the Junos
// evidence points at a different rung than IOS's.
//
// ipsec-one-way: the SRX prints ESP counters only in `show security ipsec
// statistics`, whose per-tunnel form needs the tunnel's index, which a
// plan made before collection cannot know; the all-tunnel form sums both
// tunnels, so on a two-tunnel SRX ipsec.counters-rising is unknown. The
// first rung the evidence proves is then GRE: DC-A's keepalive replies do
// not come back, and gr-0/0/0.1 is down.
var junosExpect = map[string]map[string]string{
	"ipsec-one-way": t1("gre.line-protocol"),
}
