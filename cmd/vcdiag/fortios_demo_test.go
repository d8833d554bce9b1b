package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/fortios"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// fortiosDemoScenarios are run live: `vcdiag demo --platform
// fortinet_fortios` over real SSH to the simulator's FortiOS dialect, read
// by platform/fortios. One fault per rung FortiOS can show, and both
// overrides of the dialect (proposal mismatch, MD5).
var fortiosDemoScenarios = []string{"healthy", "ike-no-response", "ike-proposal-mismatch", "ipsec-one-way",
	"gre-wrong-destination", "tunnel-ping-fail", "bgp-wrong-remote-as", "bgp-md5-mismatch", "routes-missing-backup"}

// TestDemoFortiOSPlatform: each fault's first failing rung is the
// scenario's expected root cause (sim.ScenarioFor gives the FortiOS
// expectation), and the healthy site fails nothing (it is pass or
// unknown: FortiOS does not show the MSS clamp or path MTU discovery).
func TestDemoFortiOSPlatform(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, name := range fortiosDemoScenarios {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc, err := sim.ScenarioFor(name, sim.PlatformFortiOS)
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "demo", "--platform", fortios.Name, "--scenario", name, "-f", "json")
			var rep checks.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("exit %d, report is not JSON: %v\n%s\n%s", code, err, out, errOut)
			}
			if diff := cmp.Diff(sc.Expect, rootCauses(&rep)); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
			if name != "healthy" {
				if code != exitFail {
					t.Errorf("exit %d, want %d", code, exitFail)
				}
				return
			}
			if code != exitOK && code != exitUnknown {
				t.Errorf("healthy: exit %d, want 0 or 3", code)
			}
			for _, tr := range rep.Tunnels {
				for _, st := range tr.Stages {
					for _, res := range st.Checks {
						if res.Status == checks.Fail {
							t.Errorf("healthy: %s %s failed: %s", tr.Name, res.ID, res.Summary)
						}
					}
				}
			}
		})
	}
}

// TestDemoFortiOSFormats: the healthy FortiOS demo is written in every
// report format.
func TestDemoFortiOSFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("live demo runs take 10 s each")
	}
	for _, format := range reports.Formats() {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCLI(t, "", "demo", "--platform", fortios.Name, "-f", format)
			// The exit code is the report's status (the healthy site's
			// verdicts are TestDemoFortiOSPlatform's): here only that the
			// report is written.
			if code > exitUnknown || strings.Contains(errOut, "Error:") {
				t.Errorf("exit %d\n%s", code, errOut)
			}
			if strings.TrimSpace(out) == "" {
				t.Errorf("-f %s wrote nothing\n%s", format, errOut)
			}
		})
	}
}

// fortiosProfile is testdata/profiles/example.yaml for a FortiGate: the
// same site, platform fortinet_fortios, the GRE tunnels gre-dca and
// gre-dcb (each over its IPsec phase1-interface vc-dca, vc-dcb).
func fortiosProfile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("platform: cisco_iosxe", "platform: "+fortios.Name,
		"interface: Tunnel1", "interface: gre-dca", "interface: Tunnel2", "interface: gre-dcb").Replace(string(b))
	if !strings.Contains(s, "platform: "+fortios.Name) || !strings.Contains(s, "interface: gre-dcb") {
		t.Fatal("example.yaml changed shape: platform or interfaces not found")
	}
	path := filepath.Join(t.TempDir(), "fortios.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fortiosTranscript is a session log of the FortiOS plan on the
// scenario's site, as an engineer's terminal records it: the FortiOS
// prompt and the command before each output, the sampled commands again
// 10 s later. A ping's options are lines of their own, with no output.
func fortiosTranscript(t *testing.T, sc sim.Scenario, p *profile.Profile) string {
	t.Helper()
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	site := sc.Build(start)
	host := site.CPEs[0].Hostname
	var b strings.Builder
	now := start
	pending := ""
	run := func(cmd string) {
		// The ping renders with the options typed before it.
		out, err := site.Render(host, pending+cmd, now)
		if strings.Contains(cmd, "ping-options") {
			pending += cmd + "\n"
			out = ""
		} else {
			pending = ""
		}
		if err != nil {
			out = "Unknown action 0\nCommand fail. Return code -1\n"
		}
		fmt.Fprintf(&b, "%s # %s\n%s", host, cmd, out)
		if !strings.HasSuffix(out, "\n") && out != "" {
			b.WriteString("\n")
		}
		now = now.Add(time.Second)
	}
	plan := fortios.Platform{}.Plan(p, p.CPEs[0].Name)
	first := map[string]time.Time{}
	for _, pc := range plan {
		first[pc.Command] = now
		run(pc.Command)
	}
	for _, pc := range plan {
		if pc.Samples < 2 {
			continue
		}
		if due := first[pc.Command].Add(10 * time.Second); now.Before(due) {
			now = due
		}
		run(pc.Command)
	}
	fmt.Fprintf(&b, "%s # exit\n", host)
	return b.String()
}

// TestFortiOSSessionLogs: `vcdiag analyze` of a FortiGate's session log
// names each scenario's expected root cause (the catalogue's, per
// sim.ScenarioFor), without the live session. mtu-blackhole needs the
// live DF sweep; healthy-two-cpe is judged against the two-CPE profile.
func TestFortiOSSessionLogs(t *testing.T) {
	profilePath := fortiosProfile(t)
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sim.ScenarioNames(sim.PlatformFortiOS) {
		if name == "mtu-blackhole" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			sc, err := sim.ScenarioFor(name, sim.PlatformFortiOS)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Profile != "example" {
				t.Skipf("profile %s", sc.Profile)
			}
			log := filepath.Join(t.TempDir(), "cpe1.log")
			if err := os.WriteFile(log, []byte(fortiosTranscript(t, sc, p)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "-f", "json", log)
			var rep checks.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("exit %d: %v\n%s", code, err, errOut)
			}
			if diff := cmp.Diff(sc.Expect, rootCauses(&rep)); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
		})
	}
}
