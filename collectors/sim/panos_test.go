package sim

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/panos"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
	"github.com/vcdiag/vcdiag/profile"
)

// panosRefused reports an output PAN-OS's session would take for a
// refusal: a line starting with one of platform/panos's Failed prefixes.
func panosRefused(out string) bool {
	for _, l := range strings.Split(out, "\n") {
		for _, p := range (panos.Platform{}).Session().Failed {
			if strings.HasPrefix(strings.TrimSpace(l), p) {
				return true
			}
		}
	}
	return false
}

// TestPANOSSession: the simulated PAN-OS CPE over SSH announces PAN-OS's
// sshd, prompts "user@host> ", accepts the session setup silently,
// refuses what it does not know with the words platform/panos
// recognises, prints a command's output as Render does, and ends the
// session on exit.
func TestPANOSSession(t *testing.T) {
	site := panosSite(t, "healthy")
	srv := startServer(t, site, "cpe1", ServerOptions{})
	tm := openTerm(t, srv)
	if v := string(tm.client.ServerVersion()); v != panosServerVersion {
		t.Errorf("server version %q, want %q", v, panosServerVersion)
	}
	prompt := DefaultUser + "@cpe1> "
	tm.until("\r\n" + prompt)
	if !(panos.Platform{}).Session().PromptFor("cpe1").MatchString(prompt) {
		t.Errorf("platform/panos does not recognise the prompt %q", prompt)
	}
	for _, setup := range (panos.Platform{}).Session().Setup {
		if out := tm.run(setup, prompt); out != "" {
			t.Errorf("%s: got %q, want no output", setup, out)
		}
	}
	for cmd, want := range map[string]string{
		"foo":                        "Unknown command: foo\n",
		"show foo":                   "Invalid syntax.\n\n",
		"show interface tunnel.9":    "Invalid syntax.\n\n",
		"show crypto ikev2 sa":       "Invalid syntax.\n\n",
		"ping host 100.64.1.1 count": "Invalid syntax.\n\n",
	} {
		out := tm.run(cmd, prompt)
		if out != want {
			t.Errorf("%s: got %q, want %q", cmd, out, want)
		}
		if !panosRefused(out) {
			t.Errorf("%s: %q is no refusal platform/panos recognises", cmd, out)
		}
	}
	out := tm.run("show vpn flow", prompt)
	if want := panosRender(t, site, "show vpn flow"); out != want {
		t.Errorf("show vpn flow over SSH:\n%s\nwant:\n%s", out, want)
	}
	if out := tm.run("show vpn flow | match tunnel.12", prompt); strings.Count(out, "\n") != 1 || !strings.Contains(out, "TUN-DCB") {
		t.Errorf("show vpn flow | match tunnel.12 = %q", out)
	}
	tm.send("exit\r")
	tm.waitEOF()
}

// TestPANOSProfileAndPlan: the profile written for a PAN-OS site names
// the platform and the tunnel interfaces as PAN-OS does, and every
// command platform/panos plans for it (with the MTU sweep's DF probe) is
// allowed and answered by the simulated CPE without a refusal.
func TestPANOSProfileAndPlan(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe"} {
		t.Run(name, func(t *testing.T) {
			sc, err := ScenarioFor(name, PlatformPANOS)
			if err != nil {
				t.Fatal(err)
			}
			site := sc.Build(ScenarioStart)
			ss, err := StartSite(context.Background(), site, ServerOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer ss.Close()
			var b strings.Builder
			if err := WriteProfile(&b, sc, ss, "tester"); err != nil {
				t.Fatal(err)
			}
			p, err := profile.Parse([]byte(b.String()), "sim.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, b.String())
			}
			for _, c := range p.CPEs {
				if c.Platform != panos.Name {
					t.Errorf("cpe %s platform %q, want %q", c.Name, c.Platform, panos.Name)
				}
			}
			for _, tu := range p.Tunnels {
				if want := panosTunnelIf(string(tu.DC)); tu.Interface != want {
					t.Errorf("tunnel %s interface %q, want %q", tu.Name, tu.Interface, want)
				}
			}
			for _, c := range p.CPEs {
				plan := panos.Platform{}.Plan(p, c.Name)
				cmds := append([]string(nil), (panos.Platform{}).Session().Setup...)
				for _, pc := range plan {
					cmds = append(cmds, pc.Command)
				}
				for _, tu := range p.Tunnels {
					if tu.CPE == c.Name {
						cmds = append(cmds, panos.Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true,
							Address: tu.DITunnelIP, Source: tu.CPETunnelIP.Addr().String(), Size: 1400}))
					}
				}
				for _, cmd := range cmds {
					if err := (panos.Platform{}).Allowed(cmd); err != nil {
						t.Errorf("%s: not allowed: %v", cmd, err)
					}
					if strings.HasPrefix(cmd, "set cli ") {
						continue // a terminal setting, handled by the session
					}
					out, err := site.Render(c.Name, cmd, ScenarioStart)
					if err != nil || panosRefused(out) || strings.TrimSpace(out) == "" {
						t.Errorf("%s on %s: %v %q", cmd, c.Name, err, out)
					}
				}
			}
		})
	}
}

// TestPANOSForms: the catalogue on PAN-OS leaves out exactly the
// scenarios noPANOSForm names, each with its reason, and overrides only
// scenarios it keeps.
func TestPANOSForms(t *testing.T) {
	names := map[string]bool{}
	for _, n := range ScenarioNames(PlatformPANOS) {
		names[n] = true
	}
	for n, why := range noPANOSForm {
		if names[n] {
			t.Errorf("%s has no PAN-OS form but is listed", n)
		}
		if _, err := ScenarioFor(n, PlatformPANOS); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ScenarioFor(%s) = %v, want the reason", n, err)
		}
		if _, ok := ScenarioByName(n); !ok {
			t.Errorf("noPANOSForm names %s, which is no catalogue scenario", n)
		}
	}
	for n := range panosExpect {
		if !names[n] {
			t.Errorf("panosExpect overrides %s, which PAN-OS does not list", n)
		}
	}
}

// TestPANOSFaultsShow: what a fault does shows in the PAN-OS outputs as
// a real firewall prints it, read back with platform/panos's parsers:
// a bouncing IKE SA changes its serial number between two samples, a
// one-way SA's decap counter stays flat while encap rises, a disabled
// GRE tunnel is down, the asymmetric static sits in the default virtual
// router.
func TestPANOSFaultsShow(t *testing.T) {
	at := func(s *Site, cmd string, sec int) string {
		t.Helper()
		out, err := s.Render("cpe1", cmd, ScenarioStart.Add(time.Duration(sec)*time.Second))
		if err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
		return out
	}
	sn := func(out string) string {
		r, err := parse.ParseIKESA(out)
		if err != nil || len(r.SAs) == 0 {
			t.Fatalf("ParseIKESA: %v %+v", err, r)
		}
		return r.SAs[0].SN
	}
	s := panosSite(t, "ike-bouncing")
	if a, b := sn(at(s, "show vpn ike-sa", 0)), sn(at(s, "show vpn ike-sa", 10)); a == b {
		t.Errorf("ike-bouncing: SN %s in both samples", a)
	}
	s = panosSite(t, "healthy")
	if a, b := sn(at(s, "show vpn ike-sa", 0)), sn(at(s, "show vpn ike-sa", 10)); a != b {
		t.Errorf("healthy: SN %s then %s", a, b)
	}
	flow := func(out string) parse.Flow {
		fl, err := parse.ParseFlow(out)
		if err != nil || len(fl) != 1 {
			t.Fatalf("ParseFlow: %v %+v", err, fl)
		}
		return fl[0]
	}
	s = panosSite(t, "ipsec-one-way")
	a, b := flow(at(s, "show vpn flow tunnel-id 1", 0)), flow(at(s, "show vpn flow tunnel-id 1", 10))
	if b.EncapPackets <= a.EncapPackets || b.DecapPackets != a.DecapPackets {
		t.Errorf("ipsec-one-way: encap %d -> %d, decap %d -> %d", a.EncapPackets, b.EncapPackets, a.DecapPackets, b.DecapPackets)
	}
	s = panosSite(t, "gre-tunnel-disabled")
	d, err := parse.ParseInterfaceDetail(at(s, "show interface tunnel.1", 0))
	if err != nil || d.GRE == nil || !d.GRE.Disabled || d.GRE.Up() {
		t.Errorf("gre-tunnel-disabled: %v %+v", err, d)
	}
}
