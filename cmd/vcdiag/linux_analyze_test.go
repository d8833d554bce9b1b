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
	"github.com/vcdiag/vcdiag/platform/linux"
	"github.com/vcdiag/vcdiag/profile"
)

// linuxProfile is testdata/profiles/example.yaml for a Linux CPE: the
// same site, platform linux, the GRE devices gre1 and gre2.
func linuxProfile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("platform: cisco_iosxe", "platform: linux",
		"interface: Tunnel1", "interface: gre1", "interface: Tunnel2", "interface: gre2").Replace(string(b))
	if !strings.Contains(s, "platform: linux") || !strings.Contains(s, "interface: gre2") {
		t.Fatal("example.yaml changed shape: platform or interfaces not found")
	}
	path := filepath.Join(t.TempDir(), "linux.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// linuxTranscript is a shell session log of the Linux plan on the
// scenario's site, as an engineer's terminal would record it: a bash
// prompt before each command, the counter commands sampled again 10 s
// later.
func linuxTranscript(t *testing.T, sc sim.Scenario, p *profile.Profile) string {
	t.Helper()
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	site := sc.Build(start)
	host := site.CPEs[0].Hostname
	var b strings.Builder
	now := start
	run := func(cmd string) {
		out, err := site.Render(host, cmd, now)
		if err != nil {
			out = "bash: " + strings.Fields(cmd)[0] + ": command not found\n"
		}
		fmt.Fprintf(&b, "vcdiag@%s:~$ %s\n%s", host, cmd, out)
		if !strings.HasSuffix(out, "\n") && out != "" {
			b.WriteString("\n")
		}
		now = now.Add(time.Second)
	}
	plan := linux.Platform{}.Plan(p, p.CPEs[0].Name)
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
	fmt.Fprintf(&b, "vcdiag@%s:~$ exit\n", host)
	return b.String()
}

// TestLinuxSessionLogs: `vcdiag analyze` of a Linux CPE's shell session
// log names each scenario's expected root cause (the expectations are the
// scenario catalogue's, per sim.ScenarioFor), without the live session.
// mtu-blackhole needs the live DF sweep (TestDemoLinuxPlatform's kind of
// run); capacity-over needs rates, which Linux does not print (its site
// check is unknown there, and no tunnel has a root cause either way).
func TestLinuxSessionLogs(t *testing.T) {
	profilePath := linuxProfile(t)
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sim.ScenarioNames(sim.PlatformLinux) {
		if name == "mtu-blackhole" || name == "healthy-two-cpe" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			sc, err := sim.ScenarioFor(name, sim.PlatformLinux)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Profile != "example" {
				t.Skipf("profile %s", sc.Profile)
			}
			log := filepath.Join(t.TempDir(), "cpe1.log")
			if err := os.WriteFile(log, []byte(linuxTranscript(t, sc, p)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "analyze", "-p", profilePath, "-f", "json", log)
			var rep checks.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("exit %d: %v\n%s", code, err, errOut)
			}
			got := map[string]string{}
			for _, tr := range rep.Tunnels {
				got[tr.Name] = ""
				if tr.RootCause != nil {
					got[tr.Name] = tr.RootCause.Check
				}
			}
			if diff := cmp.Diff(sc.Expect, got); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
		})
	}
}
