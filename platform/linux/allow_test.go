package linux

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
		"swanctl --list-sas",
		"swanctl -l",
		"swanctl --list-sas --ike dc-a",
		"swanctl --list-sas --raw",
		"swanctl --list-conns",
		"swanctl -L --pretty",
		"swanctl --version",
		"ip -d -s link show",
		"ip -d -s link show dev gre1",
		"ip -j -d -s link show dev gre1",
		"ip link",
		"ip l show gre2",
		"ip -s -s link show",
		"ip address show dev gre1",
		"ip route get 203.0.113.1",
		"vtysh -c 'show bgp summary json'",
		`vtysh -c "show ip bgp neighbors 100.64.1.1"`,
		"vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 received-routes json'",
		"vtysh -c 'sh run'",
		"vtysh -N cpe -c 'show version'",
		"ping -c 5 -W 2 -I gre1 100.64.1.1",
		"ping -M do -s 1372 -c 2 -W 2 -I gre1 100.64.1.1",
		"ping -c5 -I 100.64.1.2 100.64.1.1",
		"ping -n -q -c 3 203.0.113.1",
		"journalctl --no-pager -o short-iso -n 1000 -t charon -t charon-systemd -t bgpd -t zebra",
		"journalctl --no-pager --lines=200 --unit=strongswan",
	}
	for _, c := range ok {
		if err := allowed(c); err != nil {
			t.Errorf("allowed(%q) = %v, want nil", c, err)
		}
	}
	refused := map[string]string{
		"swanctl --initiate --child vc-a-child":    "list",
		"swanctl --terminate --ike dc-a":           "list",
		"swanctl --load-all":                       "list",
		"swanctl":                                  "help",
		"swanctl --list-sas; reboot":               "';'",
		"ip xfrm state":                            "keys",
		"ip -s xfrm state":                         "keys",
		"ip x s":                                   "keys",
		"ip link set gre1 down":                    "show",
		"ip link del gre1":                         "show",
		"ip route add 0.0.0.0/0 via 1.2.3.4":       "route get",
		"ip -force -batch /tmp/x":                  "option",
		"vtysh -c 'configure terminal'":            "not a show",
		"vtysh -c 'clear ip bgp *'":                "glob",
		"vtysh -c 'write memory'":                  "not a show",
		"vtysh -c 'show run' -c 'conf t'":          "one show",
		"vtysh":                                    "one show",
		"vtysh -c 'show run | include password'":   "pipe",
		"vtysh -c \"show $(reboot)\"":              "substitution",
		"vtysh -c \"show `reboot`\"":               "substitution",
		"ping 100.64.1.1":                          "-c",
		"ping -f -c 100 100.64.1.1":                "flood",
		"ping -c 1000 100.64.1.1":                  "-c",
		"ping -i 0.01 -c 5 100.64.1.1":             "flood",
		"ping -c 5 -b 100.64.1.255":                "broadcast",
		"ping -c 5 dca.example.net":                "IP address",
		"ping -c 5 100.64.1.1 && reboot":           "'&'",
		"journalctl -f":                            "--no-pager",
		"journalctl --no-pager -f":                 "follow",
		"journalctl --no-pager --vacuum-size=1M":   "vacuum",
		"journalctl --no-pager --rotate":           "rotate",
		"journalctl --no-pager -o json":            "text format",
		"cat /etc/swanctl/swanctl.conf":            "secrets",
		"cat /etc/ipsec.secrets":                   "secrets",
		"sudo swanctl --list-sas":                  "privileges",
		"sudo -n ip xfrm state":                    "privileges",
		"/usr/sbin/swanctl --list-sas":             "not a command",
		"swanctl --list-sas > /tmp/x":              "redirection",
		"swanctl --list-sas | tee /tmp/x":          "pipe",
		"swanctl --list-sas\nreboot":               "line break",
		"ip link show `id`":                        "substitution",
		"ip link show $IFACE":                      "substitution",
		"ip link show gre*":                        "glob",
		"ip link show ~root":                       "tilde",
		"reboot":                                   "not a command",
		"systemctl restart strongswan":             "not a command",
		"ping -c 5 -I 'gre1 -f' 100.64.1.1":        "interface",
		"vtysh -c 'show bgp summary json' 'extra'": "one show",
		"":                                            "empty",
		"swanctl --list-sas --ike":                    "connection name",
		"ip route get 203.0.113.1 && reboot":          "'&'",
		"journalctl --no-pager -n 1000000":            "-n",
		"ping -M probe -c 5 100.64.1.1":               "-M",
		"swanctl --list-sas 'x'\"y\"":                 "option",
		"ip link show dev 'gre1; reboot'":             "';'",
		"ping -c 5 -W 2 -I gre1 100.64.1.1 # comment": "comment",
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

// TestPlanIsAllowedAndIdentified: every command Plan and Show produce is
// allowed, is recognised, and its canonical form is itself, so that a
// second sample is the same command and "verify with" can be pasted.
func TestPlanIsAllowedAndIdentified(t *testing.T) {
	p, err := profile.Parse([]byte(linuxSite), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan := Platform{}.Plan(p, "cpe1")
	if len(plan) < 15 {
		t.Fatalf("plan has %d commands", len(plan))
	}
	d := Dialect{}
	cmds := []string{d.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Size: 1400, Address: p.Tunnels[0].DITunnelIP, Source: "gre1"})}
	for _, pc := range plan {
		cmds = append(cmds, pc.Command)
	}
	for _, c := range cmds {
		if err := allowed(c); err != nil {
			t.Errorf("plan command %q refused: %v", c, err)
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
	if got := cmds[0]; got != "ping -M do -s 1372 -c 2 -W 2 -I gre1 100.64.1.1" {
		t.Errorf("DF probe of 1400 bytes = %q: ping -s is the payload, 1400 - 28", got)
	}
}

// linuxSite is a two-tunnel site on one Linux CPE.
const linuxSite = `
name: lab
di_network: 203.0.113.0/24
cpes:
  - name: cpe1
    host: 127.0.0.1
    platform: linux
tunnels:
  - name: tunnel1
    dc: A
    cpe: cpe1
    interface: gre1
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
    interface: gre2
    ipsec_local: 198.51.100.5
    ipsec_peer: 198.51.100.6
    gre_source: 198.51.100.5
    gre_destination: 198.51.100.6
    cpe_tunnel_ip: 100.64.2.2/30
    di_tunnel_ip: 100.64.2.1
    cpe_asn: 65001
    di_asn: 64513
`
