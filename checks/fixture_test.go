package checks

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

// The fixture is a healthy one-CPE site written in IOS-XE format, with the
// parsed records a parser would produce (spans found by text). Scenarios
// mutate the parsed records.

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func mustAddr(s string) netip.Addr         { return netip.MustParseAddr(s) }
func mustPfx(s string) netip.Prefix        { return netip.MustParsePrefix(s) }
func ap(s string, port int) netip.AddrPort { return netip.AddrPortFrom(mustAddr(s), uint16(port)) }

func testProfile() *profile.Profile {
	p := &profile.Profile{
		Name: "acme-east", Region: "US-East", DINetwork: mustPfx("203.0.113.0/24"), BandwidthLimitMbps: 250, MSS: 1350,
		IKE:   profile.IKEExpect{Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"}, DHGroup: []int{20}},
		IPsec: profile.IPsecExpect{Transform: []string{"esp-gcm-256"}, PFS: 20},
		CPEs:  []profile.CPE{{Name: "cpe1", Host: "192.0.2.10", Platform: "cisco_iosxe"}},
		Tunnels: []profile.Tunnel{
			{Name: "tunnel1", DC: profile.DCA, CPE: "cpe1", Interface: "Tunnel1", IPsecLocal: mustAddr("192.0.2.1"),
				IPsecPeer: mustAddr("198.51.100.1"), GRESource: mustAddr("192.0.2.1"), GREDestination: mustAddr("198.51.100.2"),
				CPETunnelIP: mustPfx("100.64.1.2/30"), DITunnelIP: mustAddr("100.64.1.1"), CPEASN: 64601, DIASN: 64602},
			{Name: "tunnel2", DC: profile.DCB, CPE: "cpe1", Interface: "Tunnel2", IPsecLocal: mustAddr("192.0.2.1"),
				IPsecPeer: mustAddr("198.51.100.129"), GRESource: mustAddr("192.0.2.1"), GREDestination: mustAddr("198.51.100.130"),
				CPETunnelIP: mustPfx("100.64.2.2/30"), DITunnelIP: mustAddr("100.64.2.1"), CPEASN: 64601, DIASN: 64612},
		},
	}
	for i := range p.Tunnels {
		p.Tunnels[i].Site = p
	}
	return p
}

// lineOf is the 1-based number of the first line at or after from holding sub.
func lineOf(t testing.TB, lines []string, from int, sub string) int {
	t.Helper()
	for i := max(from, 1); i <= len(lines); i++ {
		if strings.Contains(lines[i-1], sub) {
			return i
		}
	}
	t.Fatalf("fixture: no line with %q after %d", sub, from)
	return 0
}

func spanOf(t testing.TB, lines []string, from int, first, last string) parsers.Span {
	t.Helper()
	s := lineOf(t, lines, from, first)
	return parsers.Span{Start: s, End: lineOf(t, lines, s, last)}
}

func output(cmd string, kind parsers.Kind, arg, variant, text string, at time.Time) *evidence.Output {
	return &evidence.Output{Command: cmd, Kind: kind, Arg: arg, Variant: variant, Text: text, Lines: parsers.Lines(text), At: at}
}

type fixture struct {
	p   *profile.Profile
	cpe *evidence.CPE
	// by name: "run", "ikev2#1", "ipsec#2", "if:Tunnel1#1", "ping:100.64.1.1",
	// "sum", "nbr:100.64.1.1", "rcv:100.64.1.1", "adv:100.64.1.1", "route:203.0.113.1"
	out map[string]*evidence.Output
}

func (f *fixture) add(name string, o *evidence.Output, parsed any) {
	o.Parsed = parsed
	f.out[name] = o
	f.cpe.Add(o)
}

func (f *fixture) site() *evidence.Site {
	readFacts(f.cpe)
	return &evidence.Site{CPEs: map[string]*evidence.CPE{"cpe1": f.cpe}}
}

func healthy(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{p: testProfile(), cpe: &evidence.CPE{Name: "cpe1", Host: "192.0.2.10"}, out: map[string]*evidence.Output{}}
	addRunningConfig(t, f)
	for s := 1; s <= 2; s++ {
		addIKEv2(t, f, s)
		addIPsec(t, f, s)
	}
	addSession(t, f)
	for i := range f.p.Tunnels {
		for s := 1; s <= 2; s++ {
			addInterface(t, f, &f.p.Tunnels[i], s)
		}
	}
	for i := range f.p.Tunnels {
		addDFPing(t, f, &f.p.Tunnels[i], 1400, "!!") // the MTU sweep, before the plain ping
		addPing(t, f, &f.p.Tunnels[i])
	}
	addBGPSummary(t, f)
	for i := range f.p.Tunnels {
		addBGPNeighbor(t, f, &f.p.Tunnels[i])
		addRoutes(t, f, &f.p.Tunnels[i])
	}
	addRouteLookup(t, f, "203.0.113.1", "203.0.113.0/25", "100.64.1.1", "Tunnel1")
	addRouteLookup(t, f, "203.0.113.129", "203.0.113.128/25", "100.64.2.1", "Tunnel2")
	return f
}

func tunnelIfText(n int, t *profile.Tunnel) string {
	return fmt.Sprintf(`interface Tunnel%d
 description VC DC-%s
 ip address %s 255.255.255.252
 ip mtu 1400
 ip tcp adjust-mss 1350
 keepalive 10 3
 tunnel source GigabitEthernet1
 tunnel destination %s
 tunnel path-mtu-discovery
 tunnel protection ipsec profile VC-%s
!
`, n, t.DC, t.CPETunnelIP.Addr(), t.GREDestination, t.DC)
}

func addRunningConfig(t testing.TB, f *fixture) {
	t.Helper()
	t1, t2 := &f.p.Tunnels[0], &f.p.Tunnels[1]
	text := `Building configuration...

Current configuration : 4210 bytes
!
version 17.9
hostname cpe1
!
crypto ikev2 proposal VC-PROP
 encryption aes-gcm-256
 prf sha512
 group 20
!
crypto ikev2 keyring VC-KEYS
 peer DC-A
  address 198.51.100.1
  pre-shared-key 6 PLANTEDPSKSECRET
 !
!
crypto ikev2 profile VC-A
 match identity remote address 198.51.100.1 255.255.255.255
 authentication remote pre-share
 authentication local pre-share
 keyring local VC-KEYS
!
crypto ipsec transform-set VC-TS esp-gcm 256
 mode tunnel
!
crypto ipsec profile VC-A
 set transform-set VC-TS
 set pfs group20
 set ikev2-profile VC-A
!
` + tunnelIfText(1, t1) + tunnelIfText(2, t2) + `interface GigabitEthernet1
 ip address 192.0.2.1 255.255.255.0
 negotiation auto
!
router bgp 64601
 bgp log-neighbor-changes
 neighbor 100.64.1.1 remote-as 64602
 neighbor 100.64.1.1 password 7 0822455D0A16PLANTED
 neighbor 100.64.2.1 remote-as 64612
 !
 address-family ipv4
  neighbor 100.64.1.1 activate
  neighbor 100.64.1.1 default-originate
  neighbor 100.64.1.1 soft-reconfiguration inbound
  neighbor 100.64.2.1 activate
  neighbor 100.64.2.1 default-originate
  neighbor 100.64.2.1 soft-reconfiguration inbound
 exit-address-family
!
end
`
	o := output(cmdRunning, parsers.KindRunningConfig, "", "", text, t0)
	L := o.Lines
	ifc := func(n int, tt *profile.Tunnel) parsers.InterfaceConfig {
		s := spanOf(t, L, 1, fmt.Sprintf("interface Tunnel%d", n), "tunnel protection")
		return parsers.InterfaceConfig{Name: fmt.Sprintf("Tunnel%d", n), Address: tt.CPETunnelIP, IPMTU: 1400, AdjustMSS: 1350,
			Keepalive: true, KeepalivePeriod: 10 * time.Second, KeepaliveRetries: 3, TunnelSource: "GigabitEthernet1",
			TunnelDestination: tt.GREDestination, PMTUD: true, TunnelProtection: "VC-" + string(tt.DC), Span: s}
	}
	nbrLines := func(addr string) []int {
		var nums []int
		for i, l := range L {
			if strings.Contains(l, "neighbor "+addr+" ") {
				nums = append(nums, i+1)
			}
		}
		return nums
	}
	rc := &parsers.RunningConfig{
		Hostname: "cpe1",
		Interfaces: []parsers.InterfaceConfig{ifc(1, t1), ifc(2, t2),
			{Name: "GigabitEthernet1", Address: mustPfx("192.0.2.1/24"), Span: spanOf(t, L, 1, "interface GigabitEthernet1", "negotiation")}},
		IKEv2Proposals: []parsers.IKEv2Proposal{{Name: "VC-PROP", Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"},
			DHGroups: []int{20}, Span: spanOf(t, L, 1, "crypto ikev2 proposal", "group 20")}},
		IKEv2Profiles: []parsers.IKEv2Profile{{Name: "VC-A", Span: spanOf(t, L, 1, "crypto ikev2 profile", "keyring local")}},
		BGP: &parsers.BGPConfig{ASN: 64601, Span: spanOf(t, L, 1, "router bgp", "exit-address-family"), Neighbors: []parsers.BGPNeighborConfig{
			{Address: t1.DITunnelIP, RemoteAS: 64602, HasPassword: true, Activated: true, DefaultOriginate: true, SoftReconfigInbound: true, Lines: nbrLines("100.64.1.1")},
			{Address: t2.DITunnelIP, RemoteAS: 64612, Activated: true, DefaultOriginate: true, SoftReconfigInbound: true, Lines: nbrLines("100.64.2.1")},
		}},
	}
	f.add("run", o, rc)
}
