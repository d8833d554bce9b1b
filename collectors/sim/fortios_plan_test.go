package sim

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/platform/fortios"
	"github.com/vcdiag/vcdiag/profile"
)

// fortiosPlan is platform/fortios's plan for the scenario's site, on the
// profile sim.WriteProfile writes for it.
func fortiosPlan(t *testing.T, sc Scenario, site *Site) (*profile.Profile, []string) {
	t.Helper()
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
		t.Fatalf("profile.Parse(WriteProfile output) = %v\n%s", err, b.String())
	}
	var cmds []string
	for _, c := range site.CPEs {
		for _, pc := range (fortios.Platform{}).Plan(p, c.Hostname) {
			cmds = append(cmds, pc.Command)
		}
	}
	return p, cmds
}

// TestFortiOSProfile: the profile written for a FortiOS site names the
// platform and each tunnel's GRE interface.
func TestFortiOSProfile(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe"} {
		sc, err := ScenarioFor(name, PlatformFortiOS)
		if err != nil {
			t.Fatal(err)
		}
		site := sc.Build(ScenarioStart)
		p, _ := fortiosPlan(t, sc, site)
		for _, c := range p.CPEs {
			if c.Platform != fortios.Name {
				t.Errorf("%s: cpe %s platform = %q, want %q", name, c.Name, c.Platform, fortios.Name)
			}
		}
		for _, pt := range p.Tunnels {
			if want := site.Tunnel(pt.Name).Interface; pt.Interface != want {
				t.Errorf("%s: tunnel %s interface = %q, want %q", name, pt.Name, pt.Interface, want)
			}
		}
	}
}

// TestFortiOSPlanRenders: every command of the plan, for every scenario,
// renders without "Unknown action" and reads back through platform/fortios
// without a parse error.
func TestFortiOSPlanRenders(t *testing.T) {
	plat := fortios.Platform{}
	for _, name := range ScenarioNames(PlatformFortiOS) {
		t.Run(name, func(t *testing.T) {
			sc, err := ScenarioFor(name, PlatformFortiOS)
			if err != nil {
				t.Fatal(err)
			}
			site := sc.Build(ScenarioStart)
			_, cmds := fortiosPlan(t, sc, site)
			for _, cmd := range cmds {
				out, err := site.Render(site.CPEs[0].Hostname, cmd, ScenarioStart)
				if errors.Is(err, ErrInvalidInput) || strings.Contains(out, "Unknown action") {
					t.Errorf("Render(%q) = %v %q", cmd, err, out)
					continue
				}
				c, ok := plat.Identify(cmd)
				if !ok {
					t.Errorf("Identify(%q) failed", cmd)
					continue
				}
				if _, err := plat.Parse(c, out); err != nil {
					t.Errorf("Parse(%q) = %v\n%s", cmd, err, out)
				}
				if os.Getenv("FORTIOS_DUMP") != "" && name == os.Getenv("FORTIOS_DUMP") {
					t.Logf("%s # %s\n%s", site.CPEs[0].Hostname, cmd, out)
				}
			}
		})
	}
}
