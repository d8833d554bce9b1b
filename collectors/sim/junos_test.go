package sim

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/junos"
	"github.com/vcdiag/vcdiag/profile"
)

func junosSite(t *testing.T, name string) *Site {
	t.Helper()
	sc, err := ScenarioFor(name, PlatformJunos)
	if err != nil {
		t.Fatalf("ScenarioFor(%q, juniper_junos): %v", name, err)
	}
	return sc.Build(ScenarioStart)
}

func junosRender(t *testing.T, s *Site, cmd string, at time.Duration) string {
	t.Helper()
	out, err := s.Render(s.CPEs[0].Hostname, cmd, ScenarioStart.Add(at))
	if err != nil {
		t.Fatalf("Render(%q): %v", cmd, err)
	}
	return out
}

// junosExampleProfile is testdata/profiles/example.yaml for the Junos
// CPE: platform juniper_junos, the tunnels on gr-0/0/0.1 and .2.
func junosExampleProfile(t *testing.T) *profile.Profile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("platform: cisco_iosxe", "platform: "+junos.Name,
		"interface: Tunnel1", "interface: gr-0/0/0.1", "interface: Tunnel2", "interface: gr-0/0/0.2").Replace(string(b))
	p, err := profile.Parse([]byte(s), "junos.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestJunosPlanRenders: on every scenario the Junos dialect has, each
// command platform/junos plans, and the DF pings of the MTU sweep, is
// one its allowlist accepts, renders (the CLI knows it) and parses with
// the platform's own parser, without a refusal.
func TestJunosPlanRenders(t *testing.T) {
	p := junosExampleProfile(t)
	plat := junos.Platform{}
	var cmds []string
	for _, pc := range plat.Plan(p, p.CPEs[0].Name) {
		cmds = append(cmds, pc.Command)
	}
	for _, tn := range p.Tunnels {
		for _, src := range []string{tn.Interface, tn.CPETunnelIP.Addr().String()} {
			cmds = append(cmds, collectors.MTUProbeCommand(plat, tn.DITunnelIP.String(), src, 1400))
		}
	}
	cmds = append(cmds, "show security ipsec statistics", "show interfaces terse")
	for _, name := range ScenarioNames(PlatformJunos) {
		sc, _ := ScenarioFor(name, PlatformJunos)
		if sc.Profile != "example" {
			continue
		}
		s := sc.Build(ScenarioStart)
		for _, cmd := range cmds {
			if err := plat.Allowed(cmd); err != nil {
				t.Errorf("%s: the allowlist refuses %q: %v", name, cmd, err)
				continue
			}
			out := junosRender(t, s, cmd, 10*time.Second)
			for _, l := range strings.SplitN(out, "\n", 3) {
				if junosRefused(l) {
					t.Errorf("%s: %q is refused: %q", name, cmd, out)
				}
			}
			c, ok := plat.Identify(cmd)
			if !ok {
				t.Errorf("%s: platform/junos does not recognise %q", name, cmd)
				continue
			}
			// "does not read this output yet" (show log messages) is the
			// platform's gap, not a malformed output.
			if _, err := plat.Parse(platform.Command{Text: c.Text}, out); err != nil && !strings.Contains(err.Error(), "does not read this output") {
				t.Errorf("%s: %q does not parse: %v\n%s", name, cmd, err, out)
			}
		}
	}
}

// junosRefused reports whether a line is one of Junos's refusals.
func junosRefused(l string) bool {
	for _, p := range (junos.Platform{}).Session().Failed {
		if strings.HasPrefix(strings.TrimSpace(l), p) {
			return true
		}
	}
	return false
}

// TestJunosSSH: the SRX's sshd banner, the user@host> prompt, the
// session setup answers, Junos's refusal of an unknown command (caret
// and message, matching platform/junos's Failed prefixes) and exit.
func TestJunosSSH(t *testing.T) {
	srv := startServer(t, junosSite(t, "healthy"), "cpe1", ServerOptions{})
	version, raw := typeAll(t, srv, "set cli screen-length 0\nset cli screen-width 0\nshow bgp summary\nshow foo\nfoo\nquit\n")
	if version != junosServerVersion {
		t.Errorf("server version %q, want %q", version, junosServerVersion)
	}
	text := strings.ReplaceAll(raw, "\r\n", "\n")
	prompt := DefaultUser + "@cpe1> "
	for _, w := range []string{prompt + "set cli screen-length 0\nScreen length set to 0\n", "Screen width set to 0\n",
		"Peer                     AS      InPkt", prompt + "show foo\n" + strings.Repeat(" ", len(prompt)+5) + "^\nsyntax error, expecting <command>.\n",
		prompt + "foo\n" + strings.Repeat(" ", len(prompt)) + "^\nunknown command.\n"} {
		if !strings.Contains(text, w) {
			t.Errorf("session lacks %q:\n%s", w, text)
		}
	}
	if !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(prompt)).MatchString(text) || !(junos.Platform{}).Session().Prompt.MatchString(prompt) {
		t.Errorf("prompt %q is not one platform/junos recognises", prompt)
	}
	for _, l := range []string{"syntax error, expecting <command>.", "unknown command."} {
		if !junosRefused(l) {
			t.Errorf("%q is not a refusal platform/junos recognises", l)
		}
	}
}

// TestJunosStates: each fault shows in the output a Junos engineer would
// read it from, in Junos's words.
func TestJunosStates(t *testing.T) {
	tests := []struct {
		scenario, cmd string
		want, not     []string
	}{
		{"healthy", "show security ike security-associations detail", []string{"State: UP", "Exchange type: IKEv2", "Diffie-Hellman group  : DH-group-20"}, nil},
		{"ike-no-response", "show security ike security-associations", []string{"DOWN   ", "0000000000000000  IKEv2          198.51.100.1"}, nil},
		{"ike-auth-failure", "show security ike security-associations", nil, []string{"198.51.100.1\n"}},
		{"ike-auth-failure", "show log messages | last 500", []string{"IKE negotiation failed with error: Authentication failed"}, nil},
		{"gre-keepalive-down", "show interfaces gr-0/0/0.1 extensive", []string{"Flags: Down Point-To-Point", "adjacency state: down", ":0000000000000064 Encapsulation"}, nil},
		{"gre-no-keepalive-on-cpe", "show interfaces gr-0/0/0.1 extensive", []string{"Gre keepalives configured: Off"}, nil},
		{"gre-wrong-destination", "show interfaces gr-0/0/0.1 extensive", []string{"IP-Header 198.51.100.1:192.0.2.1:47:df:64:"}, nil},
		{"gre-unit-disabled", "show configuration | display set", []string{"set interfaces gr-0/0/0 unit 1 disable\n"}, nil},
		{"ipsec-acl-permits-ip", "show security ipsec security-associations detail", []string{"Remote Identity: ipv4_subnet(any:0,[0..7]=198.51.100.2/32)"}, nil},
		{"ipsec-one-way", "show security ipsec statistics index 131073", []string{"  Decrypted packets:              0\n"}, nil},
		{"tunnel-ping-fail", "ping 100.64.1.1 source 100.64.1.2 count 5", []string{"5 packets transmitted, 0 packets received, 100% packet loss"}, nil},
		{"healthy", "ping 100.64.1.1 source 100.64.1.2 count 5", []string{"64 bytes from 100.64.1.1: icmp_seq=0 ttl=255", "5 packets received, 0% packet loss", "round-trip min/avg/max/stddev"}, nil},
		{"bgp-wrong-remote-as", "show bgp neighbor 100.64.1.1", []string{"Peer: 100.64.1.1 AS 64603", "Last Error: Open Message Error", "Error: 'Open Message Error' Sent:"}, nil},
		{"bgp-wrong-remote-as", "show log messages | last 500", []string{"code 2 (Open Message Error) subcode 2 (bad peer AS number)"}, nil},
		{"bgp-md5-mismatch", "show log messages | last 500", []string{"tcp_auth_ok: Packet from 100.64.1.1:"}, nil},
		{"bgp-md5-mismatch", "show bgp summary", []string{" Active\n"}, nil},
		{"bgp-wrong-neighbor", "show configuration | display set", []string{"neighbor 198.51.100.2 peer-as 64602"}, nil},
		{"routes-missing-backup", "show route receive-protocol bgp 100.64.2.1", []string{"* 203.0.113.128/25"}, []string{"203.0.113.0/24 "}},
		{"routes-extra-advertised", "show route advertising-protocol bgp 100.64.1.1", []string{"* 0.0.0.0/0               Self", "* 10.0.0.0/8              Self"}, nil},
		{"routes-no-default", "show route advertising-protocol bgp 100.64.1.1", nil, []string{"Self"}},
		{"routes-asymmetric", "show route 203.0.113.129", []string{"203.0.113.128/25   *[Static/5]", ">  via gr-0/0/0.1", " [BGP/170]"}, nil},
		{"healthy", "show route 203.0.113.129", []string{"*[BGP/170]", ">  to 100.64.2.1 via gr-0/0/0.2"}, nil},
		{"healthy", "show configuration | display set", []string{"set security flow tcp-mss gre-in mss 1350\n"}, nil},
		{"mtu-no-mss-clamp", "show configuration | display set", nil, []string{"tcp-mss"}},
		{"capacity-over", "show interfaces gr-0/0/0.1 extensive", []string{"162441000 bps"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.scenario+"/"+tc.cmd, func(t *testing.T) {
			out := junosRender(t, junosSite(t, tc.scenario), tc.cmd, 10*time.Second)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s: output lacks %q:\n%s", tc.cmd, w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("%s: output has %q:\n%s", tc.cmd, w, out)
				}
			}
		})
	}
}

// TestJunosBouncing: two samples of the bouncing SA 10 s apart are two
// SAs (index and cookies changed); a healthy SA is the same one, its
// remaining lifetime 10 s shorter.
func TestJunosBouncing(t *testing.T) {
	first := regexp.MustCompile(`(?m)^IKE peer 198\.51\.100\.1, Index (\d+).*\n.*\n  Initiator cookie: (\w+)`)
	for _, tc := range []struct {
		scenario string
		same     bool
	}{{"healthy", true}, {"ike-bouncing", false}} {
		s := junosSite(t, tc.scenario)
		a := first.FindStringSubmatch(junosRender(t, s, "show security ike security-associations detail", 5*time.Second))
		b := first.FindStringSubmatch(junosRender(t, s, "show security ike security-associations detail", 15*time.Second))
		if a == nil || b == nil {
			t.Fatalf("%s: no SA to 198.51.100.1", tc.scenario)
		}
		if same := a[1] == b[1] && a[2] == b[2]; same != tc.same {
			t.Errorf("%s: samples %v and %v: same SA %v, want %v", tc.scenario, a[1:], b[1:], same, tc.same)
		}
	}
}

// TestJunosDFPing: the DF sweep's pings pass up to the tunnel's largest
// size and are refused above it; behind a black hole they time out.
func TestJunosDFPing(t *testing.T) {
	plat := junos.Platform{}
	healthy := junosSite(t, "healthy")
	limit := healthy.CPEs[0].Tunnels[0].MaxDFSize()
	cmd := func(size int) string { return collectors.MTUProbeCommand(plat, "100.64.1.1", "gr-0/0/0.1", size) }
	if out := junosRender(t, healthy, cmd(limit), 0); !strings.Contains(out, "2 packets received") {
		t.Errorf("%s:\n%s", cmd(limit), out)
	}
	if out := junosRender(t, healthy, cmd(limit+1), 0); !strings.Contains(out, "ping: sendto: Message too long") ||
		!strings.Contains(out, "0 packets received") {
		t.Errorf("%s:\n%s", cmd(limit+1), out)
	}
	hole := junosSite(t, "mtu-blackhole")
	big := hole.CPEs[0].Tunnels[0].MaxDFSize() + 1
	out := junosRender(t, hole, cmd(big), 0)
	if strings.Contains(out, "Message too long") || !strings.Contains(out, "100% packet loss") {
		t.Errorf("black hole %s:\n%s", cmd(big), out)
	}
}

// TestJunosProfile: the profile sim.WriteProfile writes for a Junos site
// names the platform and the gr- units.
func TestJunosProfile(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe"} {
		sc, err := ScenarioFor(name, PlatformJunos)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := StartSite(context.Background(), sc.Build(ScenarioStart), ServerOptions{Listen: "127.0.0.1:0"})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		err = WriteProfile(&b, sc, ss, DefaultUser)
		ss.Close()
		if err != nil {
			t.Fatal(err)
		}
		p, err := profile.Parse(b.Bytes(), name+".yaml")
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, b.String())
		}
		for _, c := range p.CPEs {
			if c.Platform != junos.Name {
				t.Errorf("%s: cpe %s platform %q", name, c.Name, c.Platform)
			}
		}
		for _, tn := range p.Tunnels {
			if !strings.HasPrefix(tn.Interface, "gr-0/0/0.") {
				t.Errorf("%s: tunnel %s interface %q, want a gr-0/0/0 unit", name, tn.Name, tn.Interface)
			}
		}
	}
}
