package main

import (
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/platform/linux"
	"github.com/vcdiag/vcdiag/profile"
)

// TestLinuxSessionLogs: `vcdiag analyze` of a Linux CPE's shell session
// log (a bash prompt before each command) names each scenario's expected
// root cause (the expectations are the scenario catalogue's, per
// sim.ScenarioFor), without the live session.
func TestLinuxSessionLogs(t *testing.T) {
	testSessionLogs(t, sim.PlatformLinux, linuxLog, map[string]string{
		"mtu-blackhole": "needs the live DF sweep (TestDemoLinuxPlatform's kind of run)",
		// Linux prints no rates: site.capacity is unknown there, and no
		// tunnel has a root cause either way.
		"capacity-over": "needs rates, which Linux does not print",
	})
}

func linuxLog(_ *testing.T, site *sim.Site, host string, p *profile.Profile) string {
	return sessionLog("vcdiag@"+host+":~$ ", "", linux.Platform{}.Plan(p, host), func(cmd string, at time.Time) string {
		out, err := site.Render(host, cmd, at)
		if err != nil {
			return "bash: " + strings.Fields(cmd)[0] + ": command not found\n"
		}
		return out
	})
}
