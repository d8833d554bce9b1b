package main

import (
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// TestParseExtrasAreRead: every extra form `parse --list` shows is
// recognised by its platform, and is not a command the plan lists already.
func TestParseExtrasAreRead(t *testing.T) {
	for name, extras := range parseExtras {
		plat, plan, err := platformPlan(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, e := range extras {
			if _, ok := plat.Identify(e); !ok {
				t.Errorf("%s: parse --list shows %q, which the platform does not read", name, e)
			}
			for _, pl := range plan {
				if pl.Command == e {
					t.Errorf("%s: %q is in the plan and the extras", name, e)
				}
			}
		}
	}
	for _, name := range registry.Names() {
		if _, ok := parseExtras[name]; !ok {
			t.Errorf("platform %s has no entry in parseExtras", name)
		}
	}
}

// TestParseList: `vcdiag parse --list` lists, for every platform, the
// commands vcdiag runs there (each one parse recognises) and the extra
// forms; --platform narrows it; no --command is needed.
func TestParseList(t *testing.T) {
	out, errOut, code := runCLI(t, "", "parse", "--list")
	if code != exitOK {
		t.Fatalf("parse --list: exit %d\n%s", code, errOut)
	}
	for _, name := range registry.Names() {
		if !strings.Contains(out, name+":\n") {
			t.Errorf("parse --list has no section for %s", name)
		}
	}
	for _, name := range registry.Names() {
		out, errOut, code := runCLI(t, "", "parse", "--list", "--platform", name)
		if code != exitOK {
			t.Fatalf("parse --list --platform %s: exit %d\n%s", name, code, errOut)
		}
		plat, plan, _ := platformPlan(name)
		for _, pl := range plan {
			c, ok := plat.Identify(pl.Command)
			if !ok {
				t.Errorf("%s plans %q, which its parser does not recognise", name, pl.Command)
				continue
			}
			if !strings.Contains(out, pl.Command) || !strings.Contains(out, c.Kind) {
				t.Errorf("parse --list --platform %s lacks %q (%s)", name, pl.Command, c.Kind)
			}
		}
		for _, e := range parseExtras[name] {
			if !strings.Contains(out, e) {
				t.Errorf("parse --list --platform %s lacks the extra %q", name, e)
			}
		}
		for _, other := range registry.Names() {
			if other != name && strings.Contains(out, other+":\n") {
				t.Errorf("parse --list --platform %s shows %s too", name, other)
			}
		}
	}
	if out, _, code := runCLI(t, "", "parse", "--list", "--platform", "cisco_ios"); code != exitOK || !strings.Contains(out, "show crypto ikev2 sa detail") {
		t.Errorf("parse --list --platform cisco_ios (read as IOS-XE): exit %d\n%s", code, out)
	}
	if _, errOut, code := runCLI(t, "", "parse", "--list", "--platform", "nxos"); code != exitUnknown || !strings.Contains(errOut, "not a supported platform") {
		t.Errorf("parse --list --platform nxos: exit %d, %q; want refused", code, errOut)
	}
}

// TestParseHelpPointsToList: the help and the errors of parse lead to
// --list.
func TestParseHelpPointsToList(t *testing.T) {
	out, _, _ := runCLI(t, "", "parse", "--help")
	if !strings.Contains(out, "vcdiag parse --list") {
		t.Errorf("parse --help does not mention 'vcdiag parse --list':\n%s", out)
	}
	for _, args := range [][]string{{"parse", "-"}, {"parse", "--command", "show clock", "-"}} {
		if _, errOut, code := runCLI(t, "", args...); code != exitUnknown || !strings.Contains(errOut, "parse --list") {
			t.Errorf("%q: exit %d, %q; want an error pointing to parse --list", args, code, errOut)
		}
	}
}

// TestParseListCoversIOSKinds: on IOS-XE, whose parsers name every kind
// they read, `parse --list` shows at least one command of each.
func TestParseListCoversIOSKinds(t *testing.T) {
	listed := map[string]bool{}
	plat, _, err := platformPlan(registry.Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range planCommands(registry.Default) {
		if c, ok := plat.Identify(cmd); ok {
			listed[c.Kind] = true
		}
	}
	for _, k := range []parsers.Kind{parsers.KindIKEv2SA, parsers.KindIPsecSA, parsers.KindCryptoSession,
		parsers.KindInterfaces, parsers.KindRunningConfig, parsers.KindBGPSummary, parsers.KindBGPNeighbors,
		parsers.KindBGPRoutes, parsers.KindRouteLookup, parsers.KindRouteTable, parsers.KindPing,
		parsers.KindVersion, parsers.KindLogging, parsers.KindCEF, parsers.KindInterfaceBrief} {
		if !listed[string(k)] {
			t.Errorf("parse --list shows no IOS-XE command of kind %s", k)
		}
	}
}
