package profile

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// base is a minimal valid one-CPE site; the cases below edit one line of it
// with strings.Replace so that each shows exactly the text it is about.
const base = `name: acme-east
di_network: 203.0.113.0/24
ike: {encryption: [aes-gcm-256], prf: [sha512], dh_group: [20], lifetime: 24h}
ipsec: {transform: [esp-gcm-256], pfs: group20, lifetime: 1h}
cpes:
  - {name: cpe1, host: 192.0.2.10}
tunnels:
  - name: tunnel1
    dc: A
    cpe: cpe1
    ipsec_local: 192.0.2.1
    ipsec_peer: 198.51.100.1
    gre_source: 192.0.2.1
    gre_destination: 198.51.100.2
    cpe_tunnel_ip: 100.64.1.2/30
    di_tunnel_ip: 100.64.1.1
    cpe_asn: 64601
    di_asn: 64602
  - name: tunnel2
    dc: B
    cpe: cpe1
    ipsec_local: 192.0.2.1
    ipsec_peer: 198.51.100.65
    gre_source: 192.0.2.1
    gre_destination: 198.51.100.66
    cpe_tunnel_ip: 100.64.2.2/30
    di_tunnel_ip: 100.64.2.1
    cpe_asn: 64611
    di_asn: 64612
`

func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("base profile has no %q", old)
	}
	return strings.Replace(base, old, new, 1)
}

// TestParseAccepts covers the spellings a profile may use for one value
// and what each becomes.
func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		get      func(p *Profile) any
		want     any
	}{
		{"ike encryption from IOS", "encryption: [aes-gcm-256]", "encryption: AES-GCM-256", func(p *Profile) any { return p.IKE.Encryption }, []string{"aes-gcm-256"}},
		{"ike encryption aes-256 is cbc", "encryption: [aes-gcm-256]", "encryption: [aes-256]", func(p *Profile) any { return p.IKE.Encryption }, []string{"aes-cbc-256"}},
		{"prf spelled sha-512", "prf: [sha512]", "prf: [SHA-512]", func(p *Profile) any { return p.IKE.PRF }, []string{"sha512"}},
		{"integrity none for gcm", "prf: [sha512]", "prf: [sha512], integrity: [null]", func(p *Profile) any { return p.IKE.Integrity }, []string{"none"}},
		{"dh group word", "dh_group: [20]", "dh_group: group20", func(p *Profile) any { return p.IKE.DHGroup }, []int{20}},
		{"dh group spaced", "dh_group: [20]", `dh_group: ["group 19", 20]`, func(p *Profile) any { return p.IKE.DHGroup }, []int{19, 20}},
		{"ike lifetime seconds", "lifetime: 24h", "lifetime: 86400", func(p *Profile) any { return p.IKE.Lifetime }, 24 * time.Hour},
		{"transform as IOS prints it", "transform: [esp-gcm-256]", "transform: [esp-gcm 256]", func(p *Profile) any { return p.IPsec.Transform }, []string{"esp-gcm-256"}},
		{"transform IOS-XE 17 order", "transform: [esp-gcm-256]", "transform: [esp-256-aes, esp-sha-hmac]", func(p *Profile) any { return p.IPsec.Transform }, []string{"esp-aes-256", "esp-sha1-hmac"}},
		{"pfs number", "pfs: group20", "pfs: 20", func(p *Profile) any { return p.IPsec.PFS }, 20},
		{"pfs none", "pfs: group20", "pfs: none", func(p *Profile) any { return [2]any{p.IPsec.PFS, p.IPsec.NoPFS} }, [2]any{0, true}},
		{"ipsec lifetime seconds", "lifetime: 1h}", "lifetime: 3600}", func(p *Profile) any { return p.IPsec.Lifetime }, time.Hour},
		{"ipsec mode upper case", "lifetime: 1h}", "lifetime: 1h, mode: Transport}", func(p *Profile) any { return p.IPsec.Mode }, "transport"},
		{"interface short", "    dc: A\n", "    dc: A\n    interface: tu1\n", func(p *Profile) any { return p.Tunnels[0].Interface }, "Tunnel1"},
		{"interface lower", "    dc: A\n", "    dc: A\n    interface: tunnel10\n", func(p *Profile) any { return p.Tunnels[0].Interface }, "Tunnel10"},
		{"dc written DC-B", "    dc: B\n", "    dc: dc-b\n", func(p *Profile) any { return p.Tunnels[1].DC }, DCB},
		{"iaas null", "di_network: 203.0.113.0/24\n", "di_network: 203.0.113.0/24\niaas_network: null\n", func(p *Profile) any { return p.IaaSNetwork.IsValid() }, false},
		{"4-byte private asn", "cpe_asn: 64601", "cpe_asn: 4200000001", func(p *Profile) any { return p.Tunnels[0].CPEASN }, uint32(4200000001)},
		{"quoted asn", "di_asn: 64602", `di_asn: "64602"`, func(p *Profile) any { return p.Tunnels[0].DIASN }, uint32(64602)},
		{"defaults", "name: acme-east", "name: acme-east", func(p *Profile) any {
			return []any{p.BandwidthLimitMbps, p.MSS, p.CPEs[0].Port, p.CPEs[0].Platform}
		}, []any{250, 1350, 22, "cisco_iosxe"}},
		{"null means default", "name: acme-east", "name: acme-east\nmss: ~", func(p *Profile) any { return p.MSS }, 1350},
		{"platform case", "host: 192.0.2.10}", "host: 192.0.2.10, platform: Cisco_IOSXE}", func(p *Profile) any { return p.CPEs[0].Platform }, "cisco_iosxe"},
		{"ipv6 management host", "host: 192.0.2.10}", "host: '2001:db8::10'}", func(p *Profile) any { return p.CPEs[0].Host }, "2001:db8::10"},
		{"slash-31 link", "cpe_tunnel_ip: 100.64.1.2/30\n    di_tunnel_ip: 100.64.1.1", "cpe_tunnel_ip: 100.64.1.0/31\n    di_tunnel_ip: 100.64.1.1",
			func(p *Profile) any { return p.Tunnels[0].CPETunnelIP }, netip.MustParsePrefix("100.64.1.0/31")},
		{"anchors and merge keys", "  - name: tunnel2\n    dc: B\n    cpe: cpe1\n    ipsec_local: 192.0.2.1\n",
			"  - <<: &common {cpe: cpe1, ipsec_local: 192.0.2.1}\n    name: tunnel2\n    dc: B\n",
			func(p *Profile) any { return p.Tunnels[1].CPE + " " + p.Tunnels[1].IPsecLocal.String() }, "cpe1 192.0.2.1"},
		{"probes", "name: acme-east", "name: acme-east\nprobes: [203.0.113.10, 203.0.113.140]", func(p *Profile) any { return p.Probes },
			[]Probe{{Address: netip.MustParseAddr("203.0.113.10"), Kind: ProbeVoice}, {Address: netip.MustParseAddr("203.0.113.140"), Kind: ProbeVoice}}},
		{"probes classified", "name: acme-east", "name: acme-east\nprobes: [198.51.100.1, 198.51.100.66]", func(p *Profile) any { return p.Probes },
			[]Probe{{Address: netip.MustParseAddr("198.51.100.1"), Kind: ProbeUnderlay}, {Address: netip.MustParseAddr("198.51.100.66"), Kind: ProbeUnderlay}}},
		{"probes as objects", "name: acme-east", "name: acme-east\nprobes:\n  - {address: 203.0.113.20, name: cucm-pub}\n  - {address: 192.0.2.200, name: branch, kind: Voice}\n  - 198.51.100.65\n",
			func(p *Profile) any { return p.Probes }, []Probe{
				{Address: netip.MustParseAddr("203.0.113.20"), Name: "cucm-pub", Kind: ProbeVoice},
				{Address: netip.MustParseAddr("192.0.2.200"), Name: "branch", Kind: ProbeVoice},
				{Address: netip.MustParseAddr("198.51.100.65"), Kind: ProbeUnderlay}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := edit(t, tt.old, tt.new)
			p, err := Parse([]byte(in), "site.yaml")
			if err != nil {
				t.Fatalf("Parse(%q) error:\n%v", tt.new, err)
			}
			if diff := cmp.Diff(tt.want, tt.get(p), cmpProfile...); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.new, diff)
			}
		})
	}
}

// TestParseRejects covers one rule per case, with the exact error.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"di network /23", "203.0.113.0/24", "203.0.112.0/23", "site.yaml:2: di_network: 203.0.112.0/23 is not a /24 (Cisco assigns one /24 per region; DC-A serves its lower /25, DC-B its upper /25)"},
		{"di network ipv6", "203.0.113.0/24", "2001:db8::/24", "site.yaml:2: di_network: 2001:db8::/24 is not an IPv4 prefix (Cisco assigns an IPv4 /24)"},
		{"iaas overlaps di", "di_network: 203.0.113.0/24\n", "di_network: 203.0.113.0/24\niaas_network: 203.0.113.0/24\n", "site.yaml:3: iaas_network: 203.0.113.0/24 overlaps di_network 203.0.113.0/24"},
		{"ike lifetime too long", "lifetime: 24h", "lifetime: 48h", "site.yaml:3: ike.lifetime: 172800 seconds is outside what IOS-XE accepts (120-86400)"},
		{"ike lifetime fraction", "lifetime: 24h", "lifetime: 1000.5s", "site.yaml:3: ike.lifetime: 16m40.5s is not a whole number of seconds"},
		{"pfs group unknown", "pfs: group20", "pfs: 3", "site.yaml:4: ipsec.pfs: 3 is not a DH group IOS-XE supports (1, 2, 5, 14, 15, 16, 19, 20, 21, 24)"},
		{"asn zero", "cpe_asn: 64601", "cpe_asn: 0", "site.yaml:17: tunnels[0].cpe_asn: missing: the customer's private ASN for this tunnel"},
		{"asn too big", "cpe_asn: 64601", "cpe_asn: 4294967296", `site.yaml:17: tunnels[0].cpe_asn: "4294967296" is not an AS number (write it as a plain number, e.g. 64601)`},
		{"asn reserved top", "di_asn: 64602", "di_asn: 65535", "site.yaml:18: tunnels[0].di_asn: 65535 is not a private ASN (64512-65534)"},
		{"cpe tunnel ip /32", "cpe_tunnel_ip: 100.64.1.2/30", "cpe_tunnel_ip: 100.64.1.2/32", "site.yaml:15: tunnels[0].cpe_tunnel_ip: 100.64.1.2/32 is a single address: give the link subnet length from the activation form, e.g. 100.64.1.2/30"},
		{"cpe tunnel ip broadcast", "cpe_tunnel_ip: 100.64.1.2/30", "cpe_tunnel_ip: 100.64.1.3/30", "site.yaml:15: tunnels[0].cpe_tunnel_ip: 100.64.1.3 is the broadcast address of 100.64.1.0/30: write the CPE's own address with the length"},
		{"di tunnel ip same as cpe", "di_tunnel_ip: 100.64.1.1", "di_tunnel_ip: 100.64.1.2", "site.yaml:16: tunnels[0].di_tunnel_ip: 100.64.1.2 is also the CPE tunnel address: want the DI end of the link"},
		{"di tunnel ip subnet address", "di_tunnel_ip: 100.64.1.1", "di_tunnel_ip: 100.64.1.0", "site.yaml:16: tunnels[0].di_tunnel_ip: 100.64.1.0 is the subnet address of 100.64.1.0/30"},
		{"gre ends equal", "gre_destination: 198.51.100.2", "gre_destination: 192.0.2.1", "site.yaml:14: tunnels[0].gre_destination: 192.0.2.1 is also gre_source: the two ends need different addresses"},
		{"mixed ip versions", "ipsec_peer: 198.51.100.1", "ipsec_peer: 2001:db8::1", "site.yaml:12: tunnels[0].ipsec_peer: 2001:db8::1 and ipsec_local 192.0.2.1 are of different IP versions"},
		{"interface not a tunnel", "    dc: A\n", "    dc: A\n    interface: Loopback0\n", `site.yaml:10: tunnels[0].interface: "Loopback0" is not an IOS tunnel interface (write Tunnel1)`},
		{"duplicate key", "    dc: A\n", "    dc: A\n    dc: B\n", "site.yaml:10: tunnels[0].dc: duplicate field (first set on line 9)"},
		{"three tunnels", "    di_asn: 64612\n", "    di_asn: 64612\n  - {name: tunnel3, dc: A, cpe: cpe1, ipsec_local: 192.0.2.1, ipsec_peer: 198.51.100.129, gre_source: 192.0.2.1, gre_destination: 198.51.100.130, cpe_tunnel_ip: 100.64.3.2/30, di_tunnel_ip: 100.64.3.1, cpe_asn: 64621, di_asn: 64622}\n",
			"site.yaml:30: tunnels[2]: a site has two tunnels, one to DC-A and one to DC-B; found 3\nsite.yaml:30: tunnels[2].dc: tunnels[0] also goes to DC-A: one tunnel goes to DC-A and the other to DC-B"},
		{"second document", "name: acme-east\n", "name: acme-east\n---\nname: other\n", "site.yaml:2: a profile file holds one YAML document; found a second one (---)"},
		{"not a mapping", base, "- just\n- a list\n", "site.yaml:1: want a mapping of fields, got a list"},
		{"empty", base, "# nothing but a comment\n", "site.yaml: empty profile"},
		{"empty document", base, "---\n", "site.yaml: empty profile"},
		{"probe outside the site", "name: acme-east\n", "name: acme-east\nprobes: [192.0.2.99]\n", "site.yaml:2: probes[0]: 192.0.2.99 is neither a DI IPsec/GRE peer nor inside di_network or iaas_network: say which it is with {address: 192.0.2.99, kind: voice} or kind: underlay"},
		{"probe kind unknown", "name: acme-east\n", "name: acme-east\nprobes: [{address: 203.0.113.9, kind: rtp}]\n", `site.yaml:2: probes[0].kind: "rtp" is not a probe kind (underlay or voice)`},
		{"probe duplicate", "name: acme-east\n", "name: acme-east\nprobes: [203.0.113.9, 203.0.113.9]\n", "site.yaml:2: probes[1]: 203.0.113.9 is also probes[0]"},
		{"probe without address", "name: acme-east\n", "name: acme-east\nprobes: [{name: x}]\n", "site.yaml:2: probes[0]: missing address"},
		{"bad merge key", "  - name: tunnel2\n", "  - <<: 5\n    name: tunnel2\n", "site.yaml:19: tunnels[1].<<: a merge key needs a mapping or a list of mappings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := edit(t, tt.old, tt.new)
			_, err := Parse([]byte(in), "site.yaml")
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tt.new, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error =\n%s\nwant\n%s", tt.new, got, tt.want)
			}
		})
	}
}
