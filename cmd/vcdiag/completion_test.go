package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/reports"
)

// complete asks vcdiag what the shell would offer, through cobra's hidden
// __complete command (what the bash, zsh and fish scripts run), and
// returns the values (descriptions cut) and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := runCLI(t, "", append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if code != exitOK {
		t.Fatalf("vcdiag __complete %q: exit %d\n%s", args, code, errOut)
	}
	var values []string
	directive := ""
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") {
			directive = line
			break
		}
		name, _, _ := strings.Cut(line, "\t")
		values = append(values, name)
	}
	return values, directive
}

func TestCompletionValues(t *testing.T) {
	var ids, stagesAndPlatforms []string
	for _, c := range checks.All(nil) {
		ids = append(ids, c.ID)
	}
	stagesAndPlatforms = append(explainStages(), "juniper_junos", "linux")
	tests := []struct {
		name   string
		args   []string
		want   []string // all of these are offered
		absent []string // none of these is
	}{
		{"run --format", []string{"run", "--format", ""}, reports.Formats(), nil},
		{"diff --format: only what diff writes", []string{"diff", "--format", ""}, []string{"text", "json"}, []string{"html", "junit"}},
		{"run --skip: every check ID", []string{"run", "--skip", ""}, ids, nil},
		{"run --skip: a whole rung", []string{"run", "--skip", "mt"}, []string{"mtu.*", "mtu.pmtud"}, []string{"bgp.*"}},
		{"run --skip after a comma keeps the first", []string{"run", "--skip", "mtu.pmtud,rout"},
			[]string{"mtu.pmtud,routes.backup-24"}, []string{"routes.backup-24", "mtu.pmtud,mtu.pmtud", "mtu.pmtud,bgp.established"}},
		{"demo --platform", []string{"demo", "--platform", ""}, sim.Platforms, nil},
		{"explain --platform", []string{"explain", "--platform", ""}, []string{"cisco_iosxe", "linux", "paloalto_panos"}, nil},
		{"parse --platform names cisco_ios too", []string{"parse", "--platform", ""}, []string{"cisco_ios", "fortinet_fortios"}, nil},
		{"demo --scenario, IOS-XE", []string{"demo", "--scenario", ""}, sim.ScenarioNames(""), []string{"gre-link-down"}},
		{"demo --scenario per --platform", []string{"demo", "--platform", "linux", "--scenario", ""}, sim.ScenarioNames("linux"), nil},
		{"sim --scenario per --platform", []string{"sim", "--platform", "juniper_junos", "--scenario", ""}, sim.ScenarioNames("juniper_junos"), nil},
		{"demo --fault", []string{"demo", "--fault", ""}, sim.FaultNames(), nil},
		{"explain's argument: check IDs", []string{"explain", ""}, ids, nil},
		{"explain's argument: rungs and platforms", []string{"explain", ""}, stagesAndPlatforms, nil},
		{"explain's argument, typed prefix", []string{"explain", "bg"}, []string{"bgp", "bgp.established"}, []string{"routes.backup-24", "linux"}},
		{"parse --command per --platform", []string{"parse", "--platform", "linux", "--command", ""},
			[]string{"swanctl --list-sas", "vtysh -c 'show bgp summary json'"}, []string{"show crypto ikev2 sa detail"}},
		{"run --cpe from the --profile given", []string{"run", "-p", filepath.Join("..", "..", "testdata", "profiles", "two-cpe.yaml"), "--cpe", ""},
			[]string{"edge-a", "edge-b"}, nil},
		{"parse --command, IOS-XE", []string{"parse", "--command", "show crypto"},
			[]string{"show crypto ikev2 sa detail", "show crypto ipsec sa detail"}, []string{"show version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, directive := complete(t, tt.args...)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("completing %q offers %q, missing %q", tt.args, got, w)
				}
			}
			for _, a := range tt.absent {
				if slices.Contains(got, a) {
					t.Errorf("completing %q offers %q, which does not belong there", tt.args, a)
				}
			}
			if directive != ":4" { // ShellCompDirectiveNoFileComp: values, not file names
				t.Errorf("completing %q: directive %s, want :4 (no file names)", tt.args, directive)
			}
		})
	}
}

// TestCompletionProfileIsYAML: --profile completes file names, only YAML
// ones, on every command that takes a profile.
func TestCompletionProfileIsYAML(t *testing.T) {
	for _, cmd := range []string{"run", "analyze", "probe", "watch", "pcap"} {
		got, directive := complete(t, cmd, "--profile", "")
		if directive != ":8" || !slices.Equal(got, []string{"yaml", "yml"}) { // ShellCompDirectiveFilterFileExt
			t.Errorf("completing %s --profile: %q %s, want the extensions yaml, yml with directive :8", cmd, got, directive)
		}
	}
}

// TestCompletionHelp: `vcdiag completion --help` says how to turn it on.
func TestCompletionHelp(t *testing.T) {
	out, _, code := runCLI(t, "", "completion", "--help")
	if code != exitOK || !strings.Contains(out, "source <(vcdiag completion bash)") || !strings.Contains(out, "check IDs") {
		t.Errorf("vcdiag completion --help (exit %d) does not say how to enable it and what it completes:\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "completion", "bash")
	if code != exitOK || !strings.Contains(out, "__start_vcdiag") {
		t.Errorf("vcdiag completion bash (exit %d) is not a bash completion script:\n%.300s", code, out)
	}
}
