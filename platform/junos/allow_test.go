package junos

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
		"show version",
		"sh ver",
		"show configuration | display set",
		"show conf security ike | display set",
		"show configuration protocols bgp",
		"show security ike security-associations detail",
		"show security ike sa",
		"show sec ike security-associations 192.0.2.1",
		"show security ipsec security-associations detail",
		"show security ipsec statistics",
		"show security ipsec statistics index 131073",
		"show log kmd",
		"show log kmd-logs | last 50",
		"sh log mes | last 20",
		"show interfaces gr-0/0/0.0 extensive",
		"show interfaces terse",
		"show int st0.0 terse | no-more",
		"show bgp summary",
		"show bgp neighbor 100.64.1.1",
		"show route receive-protocol bgp 100.64.1.1",
		"show route receive-protocol bgp 100.64.1.1 hidden",
		"show route advertising-protocol bgp 100.64.1.1",
		"show route 203.0.113.10",
		"show route 203.0.113.0/24 exact",
		`show log messages | match "bgp|kmd" | last 200`,
		"show log messages | last 500",
		"show bgp summary | count",
		"ping 100.64.1.1 source 100.64.1.2 count 5",
		"ping 100.64.1.1 source 100.64.1.2 count 2 do-not-fragment size 1372",
		"ping 100.64.1.1 interface gr-0/0/0.0 count 3 rapid",
		"set cli screen-length 0",
		"set cli screen-width 0",
	}
	for _, c := range ok {
		if err := allowed(c); err != nil {
			t.Errorf("allowed(%q) = %v, want nil", c, err)
		}
	}
	bad := []string{
		"", "configure", "configure private", "edit", "request system reboot", "clear security ike security-associations",
		"clear bgp neighbor 100.64.1.1", "restart routing", "file show /config/juniper.conf.gz", "start shell",
		"start shell sh", "monitor traffic interface ge-0/0/0", "monitor start messages",
		"show configuration | save /var/tmp/x", "show configuration | request system reboot", "show configuration | load merge",
		"show configuration | display xml", "show version | compare rollback 1", "show version; request system reboot",
		"show version\nrequest system reboot", "show version & ", "show version `id`", "show version $(id)",
		"show version > /tmp/x", "ping 100.64.1.1", "ping 100.64.1.1 count 0", "ping 100.64.1.1 count 1000",
		"ping 100.64.1.1 count 5 pattern ff", "ping 100.64.1.1 count 5 bypass-routing", "ping host.example count 5",
		"set cli screen-length 10", "set system host-name x", "set cli idle-timeout 0", "show", "show system users",
		"show route", "show bgp neighbor x", `show log messages | match "a`, "show security ike security-associations detail extra",
		"show version | no-more | save x", "ping 100.64.1.1 count 5 | save x", "delete interfaces gr-0/0/0 unit 0 disable",
		"commit", "rollback 1", "op foo", "test policy x 0/0", "show version | last 0",
		"show log /var/log/messages", "show log ../etc/passwd", "show log .profile", "show log messages extra",
		"show security ipsec statistics index x", "show security ipsec statistics index 1 2",
	}
	for _, c := range bad {
		err := allowed(c)
		if err == nil || !errors.Is(err, platform.ErrNotAllowed) {
			t.Errorf("allowed(%q) = %v, want ErrNotAllowed", c, err)
		}
	}
}

// planned is every command Plan sends on the site, and a DF probe.
func planned(t *testing.T) []string {
	t.Helper()
	p, err := profile.Parse([]byte(junosSite), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan := Platform{}.Plan(p, "cpe1")
	if len(plan) < 15 {
		t.Fatalf("plan has %d commands", len(plan))
	}
	cmds := []string{Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Size: 1400,
		Address: p.Tunnels[0].DITunnelIP, Source: "100.64.1.2"})}
	for _, pc := range plan {
		cmds = append(cmds, pc.Command)
	}
	cmds = append(cmds, Platform{}.Session().Setup...)
	return cmds
}

// TestPlanAllowedIdentifiedCanonical: every command vcdiag sends is
// allowed, recognised, and its own canonical form.
func TestPlanAllowedIdentifiedCanonical(t *testing.T) {
	cmds := planned(t)
	if cmds[0] != "ping 100.64.1.1 source 100.64.1.2 count 2 do-not-fragment size 1372" {
		t.Errorf("DF probe of 1400 bytes = %q: size is the payload, 1400 - 28", cmds[0])
	}
	for _, c := range cmds {
		if err := allowed(c); err != nil {
			t.Errorf("plan command %q refused: %v", c, err)
		}
		if strings.HasPrefix(c, "set cli") {
			continue // terminal settings: no output to read
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
	for _, f := range []evidence.Family{evidence.FamilyIKE, evidence.FamilyChildSA, evidence.FamilyInterface, evidence.FamilyConfig,
		evidence.FamilyBGPNeighbor, evidence.FamilyLog, evidence.FamilyVersion} {
		c := Dialect{}.Show(evidence.Query{Family: f, Interface: "gr-0/0/0.0"})
		if err := allowed(c); err != nil {
			t.Errorf("Show(%s) = %q refused: %v", f, c, err)
		}
	}
}

// TestAllowedRefusesMutations: a CLI or shell separator put at any
// position of any planned command, or a write verb appended or put first,
// makes it refused.
func TestAllowedRefusesMutations(t *testing.T) {
	n := 0
	for _, c := range planned(t) {
		for i := 0; i <= len(c); i++ {
			for _, b := range []byte(";|&`$<>\n\r\\'\"{}!#\x00\x1b\x7f\xff") {
				bad := c[:i] + string(b) + c[i:]
				n++
				if err := allowed(bad); err == nil || !errors.Is(err, platform.ErrNotAllowed) {
					t.Errorf("allowed(%q) = %v, want ErrNotAllowed", bad, err)
				}
			}
		}
		for _, v := range []string{"configure", "request system reboot", "clear bgp neighbor all", "restart routing",
			"file delete /var/tmp/x", "start shell", "monitor traffic", "save /var/tmp/x", "load override x", "commit"} {
			for _, bad := range []string{c + " | " + v, c + "; " + v, c + "\n" + v, v + " " + c, c + " " + v} {
				n++
				if err := allowed(bad); err == nil {
					t.Errorf("allowed(%q) = nil", bad)
				}
			}
		}
	}
	t.Logf("%d mutated lines", n)
}

// junosSite is a two-tunnel site on one Junos CPE.
const junosSite = `
name: lab
di_network: 203.0.113.0/24
cpes:
  - name: cpe1
    host: 127.0.0.1
    platform: juniper_junos
tunnels:
  - name: tunnel1
    dc: A
    cpe: cpe1
    interface: gr-0/0/0.0
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
    interface: gr-0/0/0.1
    ipsec_local: 198.51.100.5
    ipsec_peer: 198.51.100.6
    gre_source: 198.51.100.5
    gre_destination: 198.51.100.6
    cpe_tunnel_ip: 100.64.2.2/30
    di_tunnel_ip: 100.64.2.1
    cpe_asn: 65001
    di_asn: 64512
`
