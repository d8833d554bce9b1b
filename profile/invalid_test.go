package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// invalidCases maps each profile under testdata/profiles/invalid to the
// exact errors Parse must report: all of them, in file order, each with
// its line and field path.
var invalidCases = []struct {
	file string
	want []string
}{
	{"private-asn.yaml", []string{
		"private-asn.yaml:18: tunnels[0].di_asn: 64601 is also cpe_asn: the session is eBGP, the two sides need different ASNs",
		"private-asn.yaml:31: tunnels[1].di_asn: 70000 is not a private ASN (64512-65534)",
	}},
	{"networks.yaml", []string{
		"networks.yaml:3: di_network: 203.0.113.5/24 is a host address, not a network: the network is 203.0.113.0/24",
		"networks.yaml:4: iaas_network: 198.51.100.0/25 is not a /24 (Cisco assigns one /24 per region; DC-A serves its lower /25, DC-B its upper /25)",
		"networks.yaml:5: bandwidth_limit_mbps: 0: want a positive number of Mbps (the service allows 250 for both tunnels together)",
		"networks.yaml:6: mss: 1500 is outside the range of ip tcp adjust-mss (500-1460); the service asks for 1350 or lower",
	}},
	{"unknown-fields.yaml", []string{
		"unknown-fields.yaml:4: bandwith_limit_mbps: unknown field (did you mean bandwidth_limit_mbps?)",
		"unknown-fields.yaml:8: cpes[0].password: secrets do not belong in the profile: vcdiag reads the login password from VCDIAG_PASSWORD or a prompt, and never needs the pre-shared key or the BGP password",
		"unknown-fields.yaml:11: tunnels[1].di_asn: missing: the DI private ASN for this tunnel",
		"unknown-fields.yaml:21: tunnels[1].di_asm: unknown field (did you mean di_asn?)",
		"unknown-fields.yaml:22: tunnels[1].psk: secrets do not belong in the profile: vcdiag reads the login password from VCDIAG_PASSWORD or a prompt, and never needs the pre-shared key or the BGP password",
		"unknown-fields.yaml:23: tunnels[1].colour: unknown field (known here: cpe, cpe_asn, cpe_tunnel_ip, dc, di_asn, di_tunnel_ip, gre_destination, gre_source, interface, ipsec_local, ipsec_peer, name)",
	}},
	{"one-tunnel.yaml", []string{
		`one-tunnel.yaml:6: cpes[1]: CPE "cpe2" terminates no tunnel: remove it, or set a tunnel's cpe to it`,
		"one-tunnel.yaml:7: tunnels: found 1 tunnel; a site has two, one to DC-A and one to DC-B",
	}},
	{"copied-tunnel.yaml", []string{
		`copied-tunnel.yaml:8: tunnels[1].name: "tunnel1" is already the name of tunnels[0]`,
		"copied-tunnel.yaml:8: tunnels[1].dc: tunnels[0] also goes to DC-A: one tunnel goes to DC-A and the other to DC-B",
		`copied-tunnel.yaml:8: tunnels[1].interface: Tunnel1 is also tunnels[0].interface on CPE "cpe1"`,
		"copied-tunnel.yaml:8: tunnels[1].ipsec_peer: 198.51.100.1 is also tunnels[0].ipsec_peer: each DC has its own",
		"copied-tunnel.yaml:8: tunnels[1].cpe_tunnel_ip: 100.64.1.6/29 overlaps tunnels[0].cpe_tunnel_ip 100.64.1.2/30: each tunnel has its own link subnet",
	}},
	{"tunnel-ips.yaml", []string{
		"tunnel-ips.yaml:11: tunnels[0].ipsec_peer: 192.0.2.1 is also ipsec_local: the two ends need different addresses",
		"tunnel-ips.yaml:14: tunnels[0].cpe_tunnel_ip: 100.64.1.2 has no prefix length; write it as address/length",
		"tunnel-ips.yaml:25: tunnels[1].cpe_tunnel_ip: 100.64.2.0 is the subnet address of 100.64.2.0/30: write the CPE's own address with the length",
		"tunnel-ips.yaml:26: tunnels[1].di_tunnel_ip: 100.64.3.1 is not in the tunnel subnet 100.64.2.0/30 of cpe_tunnel_ip",
	}},
	{"missing.yaml", []string{
		"missing.yaml: name: missing: a short name for the site, e.g. acme-east",
		"missing.yaml: di_network: missing: the /24 Cisco assigned to the region, e.g. 203.0.113.0/24",
		"missing.yaml:4: cpes[0].name: missing: the CPE's name, used by tunnels[].cpe and in reports",
		"missing.yaml:6: tunnels[0].ipsec_peer: missing: the DI IPsec peer address",
		"missing.yaml:6: tunnels[0].gre_destination: missing: the DI GRE transport address",
		"missing.yaml:15: tunnels[1].cpe_asn: missing: the customer's private ASN for this tunnel",
		"missing.yaml:16: tunnels[1].dc: missing: the DC this tunnel goes to, A or B",
	}},
	{"crypto.yaml", []string{
		`crypto.yaml:5: ike.encryption[0]: "aes-gmc-256" is not an IKEv2 encryption IOS-XE knows (e.g. aes-gcm-256, aes-gcm-128, aes-cbc-256)`,
		`crypto.yaml:6: ike.prf[1]: "none" is not an IKEv2 PRF IOS-XE knows (e.g. sha512, sha384, sha256)`,
		"crypto.yaml:7: ike.dh_group[1]: 99 is not a DH group IOS-XE supports (1, 2, 5, 14, 15, 16, 19, 20, 21, 24)",
		`crypto.yaml:7: ike.dh_group[2]: "group2x" is not a DH group (write 20 or group20)`,
		`crypto.yaml:8: ike.lifetime: "1day" is not a duration (write 24h, 3600s or a number of seconds)`,
		`crypto.yaml:10: ipsec.transform[1]: "esp-foo" is not an IPsec transform IOS-XE knows (e.g. esp-gcm, esp-gcm-128, esp-gcm-192)`,
		`crypto.yaml:11: ipsec.pfs: "group7x" is not a PFS group (write group20, 20 or none)`,
		"crypto.yaml:12: ipsec.lifetime: 30 seconds is outside what IOS-XE accepts (120-2592000)",
		`crypto.yaml:13: ipsec.mode: "tunel" is not an IPsec mode (tunnel or transport)`,
	}},
	{"cpes.yaml", []string{
		`cpes.yaml:5: cpes[0].host: "192.0.2.10:2222" holds a port; put it in port`,
		`cpes.yaml:5: cpes[0].platform: "junos" is not a supported platform (supported: cisco_iosxe)`,
		`cpes.yaml:6: cpes[1].name: "cpe1" is already the name of cpes[0]`,
		`cpes.yaml:6: cpes[1].host: "netops@cpe2.example.net" holds a user name; put it in username`,
		"cpes.yaml:6: cpes[1].port: 70000 is not a TCP port (1-65535)",
		`cpes.yaml:8: tunnels[0].interface: "Gi0/0/1" is not an IOS tunnel interface (write Tunnel1)`,
		`cpes.yaml:9: tunnels[1].dc: "C" is not a DC (A or B)`,
		`cpes.yaml:9: tunnels[1].cpe: "cpe3" is not the name of a CPE under cpes`,
	}},
	{"types.yaml", []string{
		"types.yaml:2: name: want a single value, got a list",
		`types.yaml:4: mss: "big" is not a whole number`,
		"types.yaml:6: cpes: want a list, got a mapping",
		`types.yaml:9: tunnels[0]: want a mapping of fields, got "just-a-name"`,
		"types.yaml:10: tunnels[1].cpe: missing: the name of the CPE (under cpes) that terminates this tunnel",
		`types.yaml:12: tunnels[1].ipsec_local: "192.0.2.300" is not an IP address`,
		"types.yaml:13: tunnels[1].ipsec_peer: 198.51.100.65/32 is a prefix; want an address without /length",
		`types.yaml:18: tunnels[1].cpe_asn: "AS64611" is not an AS number (write it as a plain number, e.g. 64601)`,
		"types.yaml:20: probes[0]: 192.0.2.99 is neither a DI IPsec/GRE peer nor inside di_network or iaas_network: say which it is with {address: 192.0.2.99, kind: voice} or kind: underlay",
		`types.yaml:20: probes[1]: "not-an-ip" is not an IP address`,
	}},
	{"syntax.yaml", []string{
		"syntax.yaml:3: YAML syntax: did not find expected '-' indicator",
	}},
}

func TestParseInvalid(t *testing.T) {
	for _, tt := range invalidCases {
		t.Run(strings.TrimSuffix(tt.file, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(profiles, "invalid", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseWith(data, tt.file, Rules{Platforms: []string{"cisco_iosxe"}})
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want errors", tt.file, p.Summary())
			}
			if p != nil {
				t.Errorf("Parse(%q) returned a profile along with errors", tt.file)
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) errors mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

// TestInvalidProfilesCovered keeps the table and the folder in step: an
// invalid profile without expected errors would test nothing.
func TestInvalidProfilesCovered(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(profiles, "invalid", "*.yaml"))
	covered := map[string]bool{}
	for _, tt := range invalidCases {
		covered[tt.file] = true
	}
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("%s has no case in invalidCases", f)
		}
	}
	if len(files) != len(invalidCases) {
		t.Errorf("%d invalid profiles on disk, %d cases", len(files), len(invalidCases))
	}
}
