package fortios

import (
	"errors"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

func TestAllowed(t *testing.T) {
	tests := []struct {
		cmd string
		ok  bool
	}{
		{"get system status", true},
		{"get sys status", true},
		{"get system interface", true},
		{"get system interface | grep vc-dca", true},
		{"get sys int | grep -i -A 3 vc-dca", true},
		{"get router info bgp summary", true},
		{"get rou inf bgp sum", true},
		{"get router info bgp neighbors 100.64.1.1", true},
		{"get router info bgp neighbors 100.64.1.1 received-routes", true},
		{"get router info bgp neighbors 100.64.1.1 routes", true},
		{"get router info bgp neighbors 100.64.1.1 adv", true},
		{"get router info routing-table details 203.0.113.1", true},
		{"get router info routing-table details 203.0.113.0/24", true},
		{"get router info routing-table all", true},
		{"show system gre-tunnel", true},
		{"show full-configuration system gre-tunnel vc-dca", true},
		{"diagnose vpn ike gateway list", true},
		{"diag vpn ike gateway list name vc-dca", true},
		{"diagnose vpn tunnel list", true},
		{"diag vpn tun list name vc-dca", true},
		{"execute ping 100.64.1.1", true},
		{"exec ping 100.64.1.1", true},
		{"execute ping-options source 100.64.1.2", true},
		{"execute ping-options df-bit yes", true},
		{"execute ping-options data-size 1372", true},
		{"execute ping-options repeat-count 5", true},
		{"execute ping-options timeout 2", true},

		{"", false},
		{"config system console", false},
		{"set output standard", false},
		{"unset output", false},
		{"end", false},
		{"next", false},
		{"execute reboot", false},
		{"execute factoryreset", false},
		{"execute ping-options reset", false},
		{"execute ping-options repeat-count 100000", false},
		{"execute ping-options data-size -1", false},
		{"execute ping www.example.com", false},
		{"execute p 100.64.1.1", false},
		{"execute traceroute 100.64.1.1", false},
		{"diagnose vpn tunnel flush", false},
		{"diagnose vpn tunnel reset vc-dca", false},
		{"diagnose vpn tunnel up vc-dca", false},
		{"diagnose vpn tunnel down vc-dca", false},
		{"diagnose vpn ike gateway clear", false},
		{"diagnose debug enable", false},
		{"diagnose sys kill 11 1234", false},
		{"diagnose vpn tunnel list | grep x | grep y", false},
		{"get system status | tail", false},
		{"get system interface | grep 'a b'", false},
		{"get system status; execute reboot", false},
		{"get system status\nexecute reboot", false},
		{"fnsysctl ifconfig", false},
		{"diagnose netlink interface list", true},
		{"diag netlink interface list vc-dca", true},
		{"diag netl int list vc-dca | grep stat", true},
		{"diagnose netlink interface clear vc-dca", false},
		{"diagnose netlink interface list vc-dca extra", false},
		{"get router info bgp neighbors bad", false},
		{"diagnose vpn tunnel list name \"x\"", false},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			err := allowed(tt.cmd)
			if tt.ok && err != nil {
				t.Errorf("allowed(%q) = %v, want nil", tt.cmd, err)
			}
			if !tt.ok && !errors.Is(err, platform.ErrNotAllowed) {
				t.Errorf("allowed(%q) = %v, want ErrNotAllowed", tt.cmd, err)
			}
		})
	}
}

func testProfile(t *testing.T) *profile.Profile {
	t.Helper()
	p, err := profile.Parse([]byte(fortiSite), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// plannedAndProbes are every command vcdiag may send: the plan and the
// lines of a DF probe.
func plannedAndProbes(t *testing.T) []string {
	t.Helper()
	p := testProfile(t)
	var cmds []string
	for _, pc := range (Platform{}).Plan(p, "cpe1") {
		cmds = append(cmds, pc.Command)
	}
	df := Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Size: 1400,
		Address: p.Tunnels[0].DITunnelIP, Source: "100.64.1.2"})
	return append(cmds, strings.Split(df, "\n")...)
}

// TestPlanIsAllowedIdentifiedCanonical: every command vcdiag sends is
// allowed, recognised, and is its own canonical form.
func TestPlanIsAllowedIdentifiedCanonical(t *testing.T) {
	cmds := plannedAndProbes(t)
	if len(cmds) < 15 {
		t.Fatalf("plan has %d commands: %q", len(cmds), cmds)
	}
	for _, c := range cmds {
		if err := allowed(c); err != nil {
			t.Errorf("planned %q is refused: %v", c, err)
		}
		id, ok := Platform{}.Identify(c)
		if !ok {
			t.Errorf("planned %q is not identified", c)
			continue
		}
		if id.Text != c {
			t.Errorf("Identify(%q).Text = %q, want the command itself", c, id.Text)
		}
		if id.Kind != KindPingOptions && len(id.Families) == 0 {
			t.Errorf("Identify(%q) fills no family", c)
		}
	}
}

// TestPlanPingOrder: each ping follows its options, the source first.
func TestPlanPingOrder(t *testing.T) {
	var cmds []string
	for _, pc := range (Platform{}).Plan(testProfile(t), "cpe1") {
		cmds = append(cmds, pc.Command)
	}
	joined := strings.Join(cmds, "\n")
	for _, want := range []string{
		"execute ping-options source 100.64.1.2\nexecute ping-options df-bit no\nexecute ping-options data-size 56\nexecute ping-options repeat-count 5\nexecute ping 100.64.1.1",
		"execute ping-options source 100.64.2.2\nexecute ping-options df-bit no\nexecute ping-options data-size 56\nexecute ping-options repeat-count 5\nexecute ping 100.64.2.1",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("plan lacks\n%s\nin\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "\n\n") || strings.HasPrefix(joined, "\n") {
		t.Errorf("plan has an empty command:\n%s", joined)
	}
}

func TestShowEveryFamily(t *testing.T) {
	p := testProfile(t)
	n := p.Tunnels[0].DITunnelIP
	for _, f := range []evidence.Family{evidence.FamilyIKE, evidence.FamilyChildSA, evidence.FamilyInterface,
		evidence.FamilyConfig, evidence.FamilyBGPNeighbor, evidence.FamilyRoutesReceived, evidence.FamilyRoutesAccepted,
		evidence.FamilyRoutesAdvertised, evidence.FamilyRouteLookup, evidence.FamilyPing, evidence.FamilyVersion} {
		s := Dialect{}.Show(evidence.Query{Family: f, Neighbor: n, Address: n, Source: "100.64.1.2"})
		for _, line := range strings.Split(s, "\n") {
			if err := allowed(line); err != nil {
				t.Errorf("Show(%s) line %q is refused: %v", f, line, err)
			}
		}
	}
	if s := (Dialect{}).Show(evidence.Query{Family: evidence.FamilyLog}); s != "" {
		t.Errorf("Show(log) = %q, want none", s)
	}
}

// TestIdentifyAbbreviated: typed forms become the planned form.
func TestIdentifyAbbreviated(t *testing.T) {
	tests := []struct{ line, text, kind, arg string }{
		{"get rou inf bgp sum", "get router info bgp summary", KindBGPSummary, ""},
		{"GET ROUTER INFO BGP NEIGHBORS 100.64.1.1 REC", "get router info bgp neighbors 100.64.1.1 received-routes", KindBGPRoutes, "100.64.1.1"},
		{"diag vpn tun list", "diagnose vpn tunnel list", KindTunnels, ""},
		{"exec ping 100.64.1.1", "execute ping 100.64.1.1", KindPing, "100.64.1.1"},
		{"get sys int | grep  vc", "get system interface | grep vc", KindInterfaces, ""},
	}
	for _, tt := range tests {
		c, ok := Platform{}.Identify(tt.line)
		if !ok || c.Text != tt.text || c.Kind != tt.kind || c.Arg != tt.arg {
			t.Errorf("Identify(%q) = %+v, %v; want %q %s %q", tt.line, c, ok, tt.text, tt.kind, tt.arg)
		}
	}
}

const fortiSite = `
name: lab
di_network: 203.0.113.0/24
cpes:
  - name: cpe1
    host: 127.0.0.1
    platform: fortinet_fortios
tunnels:
  - name: tunnel1
    dc: A
    cpe: cpe1
    interface: vc-dca
    ipsec_local: 198.51.100.1
    ipsec_peer: 198.51.100.2
    gre_source: 198.51.100.1
    gre_destination: 198.51.100.2
    cpe_tunnel_ip: 100.64.1.2/30
    di_tunnel_ip: 100.64.1.1
    cpe_asn: 65001
    di_asn: 64512
  - name: tunnel2
    dc: B
    cpe: cpe1
    interface: vc-dcb
    ipsec_local: 198.51.100.5
    ipsec_peer: 198.51.100.6
    gre_source: 198.51.100.5
    gre_destination: 198.51.100.6
    cpe_tunnel_ip: 100.64.2.2/30
    di_tunnel_ip: 100.64.2.1
    cpe_asn: 65001
    di_asn: 64513
`
