package iosxe

import (
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/parsers"
)

var cmpNet = cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})

// lineAt returns line n (1-based) of s, trimmed.
func lineAt(s string, n int) string {
	ls := parsers.Lines(s)
	if n < 1 || n > len(ls) {
		return ""
	}
	return strings.TrimSpace(ls[n-1])
}

func TestParseRunningConfigVC(t *testing.T) {
	in := readFixture(t, "running_config_vc_cpe.txt")
	rc, err := ParseRunningConfig(in)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Hostname != "cpe1" {
		t.Errorf("Hostname = %q, want cpe1", rc.Hostname)
	}
	tunnels := map[string]parsers.InterfaceConfig{}
	for _, ic := range rc.Interfaces {
		if strings.HasPrefix(ic.Name, "Tunnel") {
			tunnels[ic.Name] = ic
		}
		if got := lineAt(in, ic.Span.Start); got != "interface "+ic.Name {
			t.Errorf("%s: Span.Start line is %q, want the interface line", ic.Name, got)
		}
	}
	if len(tunnels) != 2 {
		t.Fatalf("tunnels = %v, want Tunnel1 and Tunnel2 (Tunnel9 is banner text)", tunnels)
	}
	t1, t2 := tunnels["Tunnel1"], tunnels["Tunnel2"]
	want1 := parsers.InterfaceConfig{
		Name: "Tunnel1", Description: "Virtual Connect DC-A", Address: netip.MustParsePrefix("100.64.1.2/30"),
		IPMTU: 1400, AdjustMSS: 1350, Keepalive: true, KeepaliveSec: 10, KeepalivePeriod: 10 * time.Second, KeepaliveRetries: 3,
		TunnelSource: "GigabitEthernet1", TunnelDestination: netip.MustParseAddr("198.51.100.2"), TunnelMode: "gre ip",
		TunnelVRF: "INET", TunnelProtection: "VC-IPSEC", PMTUD: true, AddressMask: "255.255.255.252",
		Span: parsers.Span{Start: 100, End: 110},
	}
	if d := cmp.Diff(want1, t1, cmpNet); d != "" {
		t.Errorf("Tunnel1 (-want +got):\n%s", d)
	}
	if t2.Keepalive || t2.PMTUD || t2.AdjustMSS != 1360 {
		t.Errorf("Tunnel2 = %+v, want no keepalive, no PMTUD, MSS 1360", t2)
	}

	wantProp := []parsers.IKEv2Proposal{{Name: "VC-IKEV2-PROPOSAL", Encryption: []string{"aes-cbc-256"},
		Integrity: []string{"sha256"}, DHGroups: []int{19, 20}, Span: parsers.Span{Start: 56, End: 59}}}
	if d := cmp.Diff(wantProp, rc.IKEv2Proposals); d != "" {
		t.Errorf("IKEv2Proposals (-want +got):\n%s", d)
	}
	wantKR := []parsers.IKEv2KeyringPeer{
		{Name: "DC-A", Address: netip.MustParsePrefix("198.51.100.1/32"), HasPSK: true},
		{Name: "DC-B", Address: netip.MustParsePrefix("198.51.100.129/32"), HasPSK: true},
	}
	if len(rc.IKEv2Keyrings) != 1 || !cmp.Equal(wantKR, rc.IKEv2Keyrings[0].Peers, cmpNet) {
		t.Errorf("IKEv2Keyrings = %+v, want peers %+v", rc.IKEv2Keyrings, wantKR)
	}
	if len(rc.TransformSets) != 1 || !cmp.Equal(rc.TransformSets[0].Transforms, []string{"esp-gcm-256"}) || rc.TransformSets[0].Mode != "tunnel" {
		t.Errorf("TransformSets = %+v, want VC-TS esp-gcm-256 tunnel", rc.TransformSets)
	}
	ip := rc.IPsecProfiles
	if len(ip) != 1 || ip[0].PFS != "group20" || ip[0].Lifetime != time.Hour || ip[0].IKEv2Profile != "VC-IKEV2-PROFILE" ||
		!cmp.Equal(ip[0].TransformSets, []string{"VC-TS"}) {
		t.Errorf("IPsecProfiles = %+v", ip)
	}
	if p := rc.IKEv2Profiles; len(p) != 1 || p[0].Lifetime != 24*time.Hour || p[0].Keyring != "VC-KEYRING" || p[0].AuthRemote != "pre-share" {
		t.Errorf("IKEv2Profiles = %+v", p)
	}
	checkVCBGP(t, in, rc.BGP)
	if len(rc.PrefixLists) != 2 || rc.PrefixLists[1].Entries[3].GE != 16 || rc.PrefixLists[1].Entries[3].LE != 24 {
		t.Errorf("PrefixLists = %+v", rc.PrefixLists)
	}
	wantRoutes := []parsers.StaticRoute{
		{Prefix: netip.MustParsePrefix("0.0.0.0/0"), Interface: "Null0", Distance: 250, Line: 170},
		{VRF: "INET", Prefix: netip.MustParsePrefix("0.0.0.0/0"), Interface: "GigabitEthernet1",
			NextHop: netip.MustParseAddr("192.0.2.254"), Name: "ISP-DEFAULT", Line: 171},
		{Prefix: netip.MustParsePrefix("10.20.0.0/16"), NextHop: netip.MustParseAddr("10.10.0.254"), Tag: 20, Line: 172},
	}
	if d := cmp.Diff(wantRoutes, rc.StaticRoutes, cmpNet); d != "" {
		t.Errorf("StaticRoutes (-want +got):\n%s", d)
	}
}

func checkVCBGP(t *testing.T, in string, bgp *parsers.BGPConfig) {
	t.Helper()
	if bgp == nil || bgp.ASN != 64601 || bgp.RouterID != netip.MustParseAddr("10.255.0.1") || len(bgp.Neighbors) != 2 {
		t.Fatalf("BGP = %+v, want AS 64601, router-id 10.255.0.1, 2 neighbors", bgp)
	}
	if !cmp.Equal(bgp.Networks, []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}, cmpNet) {
		t.Errorf("Networks = %v, want [0.0.0.0/0]", bgp.Networks)
	}
	a, b := bgp.Neighbors[0], bgp.Neighbors[1]
	if a.RemoteAS != 64602 || a.LocalAS != 0 || !a.HasPassword || !a.Activated || a.PrefixListOut != "VC-DEFAULT-ONLY" ||
		a.RouteMapIn != "VC-IN-A" || !a.DefaultOriginate || !a.SoftReconfigInbound || a.Timers != "10 30" {
		t.Errorf("neighbor 100.64.1.1 = %+v", a)
	}
	if b.RemoteAS != 64612 || b.LocalAS != 64611 || !b.LocalASNoPrepend || !b.LocalASReplaceAS || !b.HasPassword {
		t.Errorf("neighbor 100.64.2.1 = %+v, want remote-as 64612, local-as 64611 no-prepend replace-as, password", b)
	}
	for _, nb := range bgp.Neighbors {
		for _, n := range nb.Lines {
			if l := lineAt(in, n); !strings.Contains(l, "neighbor "+nb.Address.String()+" ") {
				t.Errorf("neighbor %v cites line %d %q", nb.Address, n, l)
			}
		}
	}
}

// TestRunningConfigNoSecrets plants every kind of secret in the fixtures and
// checks none reaches the parse.
func TestRunningConfigNoSecrets(t *testing.T) {
	for _, name := range []string{"running_config_vc_cpe.txt", "running_config_cryptomap_gre.txt"} {
		rc, err := ParseRunningConfig(readFixture(t, name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rc)
		for _, bad := range []string{"PLANTED", "$9$"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("ParseRunningConfig(%s) JSON contains secret text %q", name, bad)
			}
		}
	}
}

// TestRunningConfigCryptoMapACL is the crypto-ACL rung's input: "permit
// gre" in one fixture, the broken "permit ip" in the other.
func TestRunningConfigCryptoMapACL(t *testing.T) {
	tests := []struct{ file, proto string }{
		{"running_config_cryptomap_gre.txt", "gre"},
		{"running_config_cryptomap_ip.txt", "ip"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rc, err := ParseRunningConfig(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(rc.CryptoMaps) != 1 || rc.CryptoMaps[0].MatchACL != "VC-CRYPTO-ACL" ||
				rc.CryptoMaps[0].Peers[0] != netip.MustParseAddr("198.51.100.1") {
				t.Fatalf("CryptoMaps = %+v", rc.CryptoMaps)
			}
			want := []parsers.AccessList{
				{Name: "VC-CRYPTO-ACL", Type: "extended", Span: parsers.Span{Start: 50, End: 51}, Entries: []parsers.ACLEntry{{
					Seq: 10, Action: "permit", Protocol: tt.proto, Source: "host 192.0.2.1", Destination: "host 198.51.100.2",
					Text: "10 permit " + tt.proto + " host 192.0.2.1 host 198.51.100.2", Line: 51}}},
				{Name: "101", Type: "extended", Span: parsers.Span{Start: 53, End: 54}, Entries: []parsers.ACLEntry{
					{Action: "permit", Protocol: tt.proto, Source: "host 192.0.2.1", Destination: "host 198.51.100.2",
						Text: "permit " + tt.proto + " host 192.0.2.1 host 198.51.100.2", Line: 53},
					{Action: "deny", Protocol: "ip", Source: "any", Destination: "any", Options: "log", Text: "deny   ip any any log", Line: 54}}},
			}
			if d := cmp.Diff(want, rc.AccessLists); d != "" {
				t.Errorf("AccessLists (-want +got):\n%s", d)
			}
			var gi parsers.InterfaceConfig
			for _, ic := range rc.Interfaces {
				if ic.Name == "GigabitEthernet0/0/0" {
					gi = ic
				}
			}
			if gi.CryptoMap != "VC-MAP" {
				t.Errorf("GigabitEthernet0/0/0 crypto map = %q, want VC-MAP", gi.CryptoMap)
			}
		})
	}
}

func TestParseRunningConfigPartial(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(*parsers.RunningConfig) bool
	}{
		{"interface", "Building configuration...\n\nCurrent configuration : 120 bytes\n!\ninterface Tunnel1\n ip tcp adjust-mss 1350\n tunnel path-mtu-discovery\nend\n",
			func(rc *parsers.RunningConfig) bool {
				return len(rc.Interfaces) == 1 && rc.Interfaces[0].AdjustMSS == 1350 && rc.Interfaces[0].PMTUD && rc.Interfaces[0].Span == parsers.Span{Start: 5, End: 7}
			}},
		{"section bgp peer-group", "router bgp 65001\n neighbor RR peer-group\n neighbor RR remote-as 65001\n neighbor RR password 0 PLANTED\n neighbor 10.0.0.3 peer-group RR\n address-family ipv4\n  neighbor RR route-map IN in\n  neighbor 10.0.0.3 activate\n exit-address-family\n",
			func(rc *parsers.RunningConfig) bool {
				n := rc.BGP.Neighbors
				return len(n) == 1 && n[0].RemoteAS == 65001 && n[0].PeerGroup == "RR" && n[0].HasPassword && n[0].RouteMapIn == "IN" &&
					len(rc.BGP.PeerGroups) == 1 && rc.BGP.PeerGroups[0].Name == "RR"
			}},
		{"vrf neighbor", "router bgp 64601\n no bgp default ipv4-unicast\n neighbor 100.64.9.9 remote-as 1\n address-family ipv4 vrf VC\n  neighbor 100.64.1.1 remote-as 64602\n  neighbor 100.64.1.1 activate\n exit-address-family\n",
			func(rc *parsers.RunningConfig) bool {
				n := rc.BGP.Neighbors
				return len(n) == 2 && !n[0].Activated && n[1].VRF == "VC" && n[1].Activated && n[1].RemoteAS == 64602 && !rc.BGP.DefaultIPv4Unicast
			}},
		{"asdot and default activation", "router bgp 1.10\n neighbor 192.0.2.9 remote-as 64602\n",
			func(rc *parsers.RunningConfig) bool {
				return rc.BGP.ASN == 65546 && rc.BGP.Neighbors[0].Activated
			}},
		{"prefix-list without seq", "ip prefix-list P permit 0.0.0.0/0\nip prefix-list P deny 10.0.0.0/8 le 32\nip prefix-list P description x\n",
			func(rc *parsers.RunningConfig) bool {
				e := rc.PrefixLists[0].Entries
				return len(e) == 2 && e[0].Seq == 5 && e[1].Seq == 10 && e[1].LE == 32 && e[1].Line == 2
			}},
		{"interface names", "interface Tunnel 1\n ip address 100.64.1.2 255.255.255.252\ninterface Virtual-Template1 type tunnel\n tunnel source Gi1\n",
			func(rc *parsers.RunningConfig) bool {
				return len(rc.Interfaces) == 2 && rc.Interfaces[0].Name == "Tunnel1" && rc.Interfaces[1].Name == "Virtual-Template1" &&
					rc.Interfaces[1].TunnelSource == "GigabitEthernet1" && rc.Interfaces[1].TunnelMode == ""
			}},
		{"empty", "", func(rc *parsers.RunningConfig) bool { return rc.BGP == nil && rc.Interfaces == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := ParseRunningConfig(tt.in)
			if err != nil {
				t.Fatalf("ParseRunningConfig(%q): %v", tt.in, err)
			}
			if !tt.check(rc) {
				b, _ := json.Marshal(rc)
				t.Errorf("ParseRunningConfig(%q) = %s", tt.in, b)
			}
		})
	}
}

func TestParseRunningConfigErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"invalid input", "show running-config | sec bgpx\n% Invalid input detected at '^' marker.\n", 2},
		{"bad asn", "router bgp 70000000000\n", 1},
		{"bad remote-as", "router bgp 64601\n neighbor 100.64.1.1 remote-as sixty\n", 2},
		{"bad prefix", "ip prefix-list P seq 5 permit 0.0.0.0/33\n", 1},
		{"bad crypto map seq", "crypto map M ten ipsec-isakmp\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRunningConfig(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line {
				t.Errorf("ParseRunningConfig(%q) error = %v, want a ParseError at line %d", tt.in, err, tt.line)
			}
		})
	}
}
