package panos

import (
	"errors"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

func TestAllowed(t *testing.T) {
	ok := []string{
		"show vpn ike-sa",
		"show vpn ike-sa gateway GW-DCA",
		"show vpn ipsec-sa",
		"show vpn ipsec-sa tunnel TUN-DCA",
		"show vpn flow",
		"show vpn flow tunnel-id 5",
		"show vpn tunnel",
		"show routing protocol bgp peer",
		"show routing protocol bgp summary",
		"show routing route",
		"show routing route virtual-router default",
		"show interface tunnel.1",
		"show interface all",
		"show system info",
		"show vpn flow | match tunnel.1",
		"show routing route | except discard | match 203.0.113",
		"ping source 100.64.1.2 host 100.64.1.1 count 5",
		"ping source 100.64.1.2 host 100.64.1.1 count 2 do-not-fragment yes size 1372",
		"ping host 203.0.113.1 count 3",
		"set cli pager off",
	}
	for _, c := range ok {
		if err := allowed(c); err != nil {
			t.Errorf("allowed(%q) = %v, want nil", c, err)
		}
	}
	refused := map[string]string{
		"":                                                  "empty",
		"configure":                                         "configuration mode",
		"request restart system":                            "request",
		"clear vpn ike-sa gateway GW-DCA":                   "clear",
		"debug ike global on debug":                         "debug",
		"commit":                                            "commit",
		"delete config saved x":                             "delete",
		"test vpn ike-sa gateway GW-DCA":                    "test",
		"set cli config-output-format set":                  "set cli pager off",
		"set system setting target-vsys vsys1":              "set cli pager off",
		"show config running":                               "not a show command",
		"show vpn ike-sa gateway":                           "not a show command",
		"show vpn flow tunnel-id x":                         "not a show command",
		"show vpn flow | save x":                            "filters",
		"show vpn flow | match":                             "filters",
		"show vpn flow; commit":                             "byte",
		"show vpn flow & commit":                            "byte",
		"show vpn flow > x":                                 "byte",
		"show vpn flow\ncommit":                             "byte",
		"show vpn flow | match \"a b\"":                     "byte",
		"ping host 100.64.1.1":                              "count",
		"ping source 100.64.1.2 host 100.64.1.1":            "count",
		"ping source 100.64.1.2 host 100.64.1.1 count 1000": "count",
		"ping source 100.64.1.2 host 100.64.1.1 count 5 interval 0":         "option",
		"ping source 100.64.1.2 host 100.64.1.1 count 5 bypass-routing yes": "option",
		"ping source tunnel.1 host 100.64.1.1 count 5":                      "source",
		"ping source 100.64.1.2 host dca.example count 5":                   "host",
		"ping source 100.64.1.2 host 100.64.1.1 count 5 do-not-fragment no": "yes",
		"reboot":                  "not a command",
		"exit":                    "exit",
		"traceroute host 1.1.1.1": "traceroute",
	}
	for c, why := range refused {
		err := allowed(c)
		if err == nil {
			t.Errorf("allowed(%q) = nil, want a refusal (%s)", c, why)
			continue
		}
		if !errors.Is(err, platform.ErrNotAllowed) {
			t.Errorf("allowed(%q) = %v, does not wrap ErrNotAllowed", c, err)
		}
		if !strings.Contains(err.Error(), why) {
			t.Errorf("allowed(%q) = %v, want it to say %q", c, err, why)
		}
	}
}

// planCommands is every command Plan sends for the two-tunnel site, and
// the DF probe the MTU sweep sends.
func planCommands(t *testing.T) []string {
	t.Helper()
	p, err := profile.Parse([]byte(panosSite), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan := Platform{}.Plan(p, "cpe1")
	cmds := []string{Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Size: 1400,
		Address: p.Tunnels[0].DITunnelIP, Source: p.Tunnels[0].CPETunnelIP.Addr().String()})}
	for _, pc := range plan {
		cmds = append(cmds, pc.Command)
	}
	cmds = append(cmds, Platform{}.Session().Setup...)
	return cmds
}

// TestPlanIsAllowedAndIdentified: every planned command is allowed, is
// recognised, and is its own canonical form.
func TestPlanIsAllowedAndIdentified(t *testing.T) {
	cmds := planCommands(t)
	if len(cmds) < 9 {
		t.Fatalf("plan has %d commands: %q", len(cmds), cmds)
	}
	for _, c := range cmds {
		if c == "" {
			t.Error("empty command planned")
		}
		if err := allowed(c); err != nil {
			t.Errorf("plan command %q refused: %v", c, err)
		}
		if c == "set cli pager off" {
			continue // a terminal setting, not read
		}
		id, ok := Platform{}.Identify(c)
		if !ok {
			t.Errorf("plan command %q not identified", c)
			continue
		}
		if id.Text != c {
			t.Errorf("Identify(%q).Text = %q, want the command itself", c, id.Text)
		}
		if len(id.Families) == 0 {
			t.Errorf("Identify(%q) fills no family", c)
		}
	}
	if got := cmds[0]; got != "ping source 100.64.1.2 host 100.64.1.1 count 2 do-not-fragment yes size 1372" {
		t.Errorf("DF probe of 1400 bytes = %q", got)
	}
}

// TestAllowedRefusesMutations: a separator or a control byte inserted
// anywhere in any planned command, or a write verb put in front of or in
// place of its first word, is refused.
func TestAllowedRefusesMutations(t *testing.T) {
	bad := ";&<>$`\\*?[](){}~#!\n\r\t'\"\x00\x1b\x7f\xff,="
	verbs := []string{"configure", "request", "clear", "debug", "commit", "delete", "set", "test", "edit"}
	cases := 0
	for _, c := range planCommands(t) {
		var muts []string
		for i := 0; i <= len(c); i++ {
			for _, b := range []byte(bad) {
				muts = append(muts, c[:i]+string(b)+c[i:])
			}
		}
		_, rest, _ := strings.Cut(c, " ")
		for _, v := range verbs {
			muts = append(muts, v+" "+c, v+" "+rest, c+" | "+v+" x", c+" "+v)
		}
		for _, m := range muts {
			if m == c {
				continue // "set" + "cli pager off" is the setup command itself
			}
			cases++
			if err := allowed(m); err == nil || !errors.Is(err, platform.ErrNotAllowed) {
				t.Errorf("allowed(%q) = %v, want a refusal", m, err)
			}
		}
	}
	t.Logf("%d mutated lines", cases)
}

// panosSite is a two-tunnel site on one PAN-OS CPE.
const panosSite = `
name: lab
di_network: 203.0.113.0/24
cpes:
  - name: cpe1
    host: 127.0.0.1
    platform: paloalto_panos
tunnels:
  - name: tunnel1
    dc: A
    cpe: cpe1
    interface: tunnel.1
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
    interface: tunnel.2
    ipsec_local: 198.51.100.5
    ipsec_peer: 198.51.100.6
    gre_source: 198.51.100.5
    gre_destination: 198.51.100.6
    cpe_tunnel_ip: 100.64.2.2/30
    di_tunnel_ip: 100.64.2.1
    cpe_asn: 65001
    di_asn: 64513
`
