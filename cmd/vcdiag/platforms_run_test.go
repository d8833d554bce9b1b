package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// newPlatforms are the platforms issue 12 added; each runs end to end here
// the way a user runs it against a router: `vcdiag sim`'s servers, the
// profile and known_hosts it writes, then `vcdiag run`.
var newPlatforms = []string{sim.PlatformJunos, sim.PlatformFortiOS, sim.PlatformPANOS}

// TestRunAgainstSimulatedPlatforms: `vcdiag run` over SSH against each
// platform's simulated CPE finds the scenario's root causes (none on the
// healthy site, tunnel2 on tunnel2-down), and every line the simulated CPE
// received is one its platform's allowlist accepts: nothing else reached
// the device.
func TestRunAgainstSimulatedPlatforms(t *testing.T) {
	if testing.Short() {
		t.Skip("live runs take 10 s each")
	}
	for _, platform := range newPlatforms {
		for _, scenario := range []string{"healthy", "tunnel2-down"} {
			t.Run(platform+"/"+scenario, func(t *testing.T) {
				sc, err := sim.ScenarioFor(scenario, platform)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				t.Cleanup(cancel)
				ss, err := sim.StartSite(ctx, sc.Build(time.Now().UTC()), sim.ServerOptions{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ss.Close() })
				dir := t.TempDir()
				profilePath, kh := filepath.Join(dir, "site.yaml"), filepath.Join(dir, "known_hosts")
				if err := writeSimFiles(sc, ss, profilePath, kh); err != nil {
					t.Fatal(err)
				}
				t.Setenv("VCDIAG_PASSWORD", sim.DefaultPassword)
				out, errOut, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", kh, "--sample-interval", "10s", "-f", "json")
				rep := decodeReport(t, out)
				if diff := cmp.Diff(sc.Expect, rootCauses(rep)); diff != "" {
					t.Errorf("exit %d, root causes (-want +got):\n%s\n%s", code, diff, errOut)
				}
				plat, err := registry.Lookup(platform)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, srv := range ss.Servers {
					for _, e := range srv.Log() {
						n++
						if err := plat.Allowed(e.Command); err != nil {
							t.Errorf("%s received %q, which the %s allowlist refuses: %v", srv.CPE(), e.Command, platform, err)
						}
					}
				}
				if n == 0 {
					t.Error("the simulated CPE received no command")
				}
			})
		}
	}
}
