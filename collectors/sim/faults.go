package sim

import (
	"fmt"
	"strings"
	"time"
)

// DeviceFaults are misbehaviours of the router itself (its SSH server and
// CLI), as opposed to Faults, which are what the tunnels' far end does.
// They let tests prove that a collector turns each into the right
// "unknown" reason within its deadlines. The zero value is a well-behaved
// router.
type DeviceFaults struct {
	// AuthFailure refuses every password, keyboard-interactive answer and
	// public key, as a router whose local user or AAA server rejects us.
	AuthFailure bool
	// SlowPerCommand delays each show or ping command's output, as a
	// router whose CPU is pegged.
	SlowPerCommand time.Duration
	// DisconnectAfter drops the connection when the next command arrives
	// after this many non-blank lines in one session (0: never), as a
	// router reloading or a link flapping mid-collection.
	DisconnectAfter int
	// IgnoresTerminalLength accepts "terminal length N" but keeps paging
	// at 24 lines, as some vty configurations ("length 24" forced by a
	// line template) do: a collector must cope with --More--.
	IgnoresTerminalLength bool
	// OldRelease is a CSR1000V on IOS-XE 16.9: an older "show version",
	// and OldReleaseRejects answered with "% Invalid input".
	OldRelease bool
	// HangAfterConnect accepts the TCP connection but never sends the SSH
	// identification: only the collector's own connect deadline ends it.
	HangAfterConnect bool
}

// Default values of the named faults.
const (
	DefaultSlowPerCommand  = 2 * time.Second
	DefaultDisconnectAfter = 8
	// pagerStuckLength is the page length of ignores-terminal-length.
	pagerStuckLength = 24
)

// deviceFault is one named entry of the fault catalogue.
type deviceFault struct {
	name, description string
	faults            DeviceFaults
}

// deviceFaults is the catalogue, in the order docs/scenarios.md lists it.
var deviceFaults = []deviceFault{
	{"ssh-auth-failure", "every password, keyboard-interactive answer and key is refused",
		DeviceFaults{AuthFailure: true}},
	{"slow-device", fmt.Sprintf("each show or ping command waits %v before its output", DefaultSlowPerCommand),
		DeviceFaults{SlowPerCommand: DefaultSlowPerCommand}},
	{"disconnect-midway", fmt.Sprintf("the connection drops when command %d of a session arrives", DefaultDisconnectAfter+1),
		DeviceFaults{DisconnectAfter: DefaultDisconnectAfter}},
	{"ignores-terminal-length", "terminal length 0 is accepted but output still pages at 24 lines (--More--)",
		DeviceFaults{IgnoresTerminalLength: true}},
	{"old-release", "IOS-XE 16.9 on a CSR1000V: older show version, some commands rejected with % Invalid input",
		DeviceFaults{OldRelease: true}},
	{"hang-after-connect", "TCP is accepted but the SSH banner never comes",
		DeviceFaults{HangAfterConnect: true}},
}

// FaultNames lists the device faults FaultByName knows, in catalogue
// order.
func FaultNames() []string {
	names := make([]string, len(deviceFaults))
	for i, f := range deviceFaults {
		names[i] = f.name
	}
	return names
}

// FaultDescription is the one-line description of a named fault ("" when
// unknown).
func FaultDescription(name string) string {
	for _, f := range deviceFaults {
		if f.name == name {
			return f.description
		}
	}
	return ""
}

// FaultByName returns the named device fault with its default values.
// "" and "none" are a well-behaved router.
func FaultByName(name string) (DeviceFaults, error) {
	if name == "" || name == "none" {
		return DeviceFaults{}, nil
	}
	for _, f := range deviceFaults {
		if f.name == name {
			return f.faults, nil
		}
	}
	return DeviceFaults{}, fmt.Errorf("unknown device fault %q (known: %s)", name, strings.Join(FaultNames(), ", "))
}

// Merge combines two sets of faults: flags are or-ed, durations and
// counts take g's value when set.
func (f DeviceFaults) Merge(g DeviceFaults) DeviceFaults {
	f.AuthFailure = f.AuthFailure || g.AuthFailure
	f.IgnoresTerminalLength = f.IgnoresTerminalLength || g.IgnoresTerminalLength
	f.OldRelease = f.OldRelease || g.OldRelease
	f.HangAfterConnect = f.HangAfterConnect || g.HangAfterConnect
	if g.SlowPerCommand > 0 {
		f.SlowPerCommand = g.SlowPerCommand
	}
	if g.DisconnectAfter > 0 {
		f.DisconnectAfter = g.DisconnectAfter
	}
	return f
}

// oldReleaseRejects are the commands the 16.9 image answers with "%
// Invalid input", and the word the caret points at. They are ones vcdiag
// may send, so the fault exercises a collector's per-command failure path.
var oldReleaseRejects = []struct {
	words []string
	bad   int
}{
	{[]string{"show", "crypto", "session", "detail"}, 3},
	{[]string{"show", "bgp", "ipv4", "unicast", "summary"}, 1},
}

// oldReleaseRejected returns the index of the offending word when the old
// release does not know the command, else -1.
func oldReleaseRejected(words []string) int {
	for _, r := range oldReleaseRejects {
		if _, ok := match(words, r.words); ok {
			return r.bad
		}
	}
	return -1
}

// oldVersion turns the IOS-XE 17.9 "show version" of a C8000V into what a
// CSR1000V on 16.9.8 prints: other version lines, product and no
// "Router operating mode" line (new in 17.x).
func oldVersion(out string) string {
	r := strings.NewReplacer(
		"Cisco IOS XE Software, Version 17.09.04a", "Cisco IOS XE Software, Version 16.09.08",
		"Cisco IOS Software [Cupertino], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, RELEASE SOFTWARE (fc3)",
		"Cisco IOS Software [Fuji], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 16.9.8, RELEASE SOFTWARE (fc2)",
		"Copyright (c) 1986-2023 by Cisco Systems, Inc.", "Copyright (c) 1986-2021 by Cisco Systems, Inc.",
		"Compiled Fri 20-Oct-23 10:44 by mcpre", "Compiled Thu 05-Aug-21 13:35 by mcpre",
		"Copyright (c) 2005-2023 by cisco Systems", "Copyright (c) 2005-2021 by cisco Systems",
		"cisco C8000V (VXE) processor (revision VXE)", "cisco CSR1000V (VXE) processor (revision VXE)",
		"License Level: network-advantage", "License Level: ax",
		"Next reload license Level: network-advantage", "Next reload license Level: ax",
		"Smart Licensing Status: Smart Licensing Using Policy", "Smart Licensing Status: REGISTERED/AUTHORIZED",
		"Router operating mode: Autonomous\n", "",
	)
	return r.Replace(out)
}
