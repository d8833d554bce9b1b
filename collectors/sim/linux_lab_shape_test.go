package sim

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// labOutput reads one healthy output the real Linux lab recorded
// (testdata/lab/linux/outputs, refreshed by `lab.sh outputs`).
func labOutput(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "lab", "linux", "outputs", "healthy", name+".txt"))
	if err != nil {
		t.Skipf("no lab output %s: %v", name, err)
	}
	return string(b)
}

// labKinds generalises lineKinds over what differs between two healthy
// sites by design, not by format: the lab uses transport mode and no
// UDP encapsulation (kernel ESP), names its connections vc-dca/vc-dcb,
// and its counters and times are other numbers.
func labKinds(text string) []string {
	text = strings.NewReplacer("vc-dca", "vc-a", "vc-dcb", "vc-b", "TRANSPORT", "TUNNEL", "dca", "dc-a", "dcb", "dc-b",
		"-gre:", "-child:", "-cloud-amd", "-amd").Replace(text)
	text = regexp.MustCompile(`dpd action is \w+`).ReplaceAllString(text, "dpd action is X")
	text = regexp.MustCompile(`FRRouting (\S+) \(\S+\)`).ReplaceAllString(text, "FRRouting $1 (HOST)")
	return lineKinds(text)
}

// TestLinuxShapeLab: the simulator's Linux outputs have the shape of the
// real lab's, line for line (text) or key for key (JSON): the same
// sequence of line kinds once addresses, numbers, SPIs, names and
// algorithms are set aside; the same JSON keys at every level.
func TestLinuxShapeLab(t *testing.T) {
	s := linuxSite(t, "healthy")
	text := []struct{ cmd, lab string }{
		{"swanctl --list-conns", "swanctl-list-conns"},
		{"swanctl --list-sas", "swanctl-list-sas"},
		{"vtysh -c 'show bgp summary'", "bgp-summary"},
		{"ping -c 5 -W 2 -I gre1 100.64.1.1", "ping-gre1"},
		{"ping -M do -s 1448 -c 3 -W 2 -I gre1 100.64.1.1", "ping-df-1448-gre1"},
		{"vtysh -c 'show version'", "frr-version"},
	}
	for _, tc := range text {
		t.Run(tc.lab, func(t *testing.T) {
			want := labKinds(labOutput(t, tc.lab))
			got := labKinds(linuxRender(t, s, tc.cmd))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: shape differs from the lab's\n got: %q\nwant: %q", tc.cmd, got, want)
			}
		})
	}
	js := []struct{ cmd, lab string }{
		{"vtysh -c 'show bgp summary json'", "bgp-summary-json"},
		{"vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 received-routes json'", "bgp-nbr-100.64.1.1-received-routes-json"},
		{"vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 routes json'", "bgp-nbr-100.64.1.1-routes-json"},
		{"vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 advertised-routes json'", "bgp-nbr-100.64.1.1-advertised-routes-json"},
		{"vtysh -c 'show ip route 203.0.113.0/25 json'", "ip-route-203.0.113.0_25-json"},
	}
	for _, tc := range js {
		t.Run(tc.lab, func(t *testing.T) {
			want := keySets(t, labOutput(t, tc.lab))
			got := keySets(t, linuxRender(t, s, tc.cmd))
			var diffs []string
			for p, ks := range want {
				if got[p] != ks {
					diffs = append(diffs, p+": got "+got[p]+", want "+ks)
				}
			}
			for p := range got {
				if _, ok := want[p]; !ok {
					diffs = append(diffs, p+": not in the lab's output")
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("%s: JSON keys differ from the lab's:\n%s", tc.cmd, strings.Join(diffs, "\n"))
			}
		})
	}
	// The GRE device: the sim's gre1 against the lab's gre1 block.
	t.Run("ip-d-s-link-show gre1", func(t *testing.T) {
		lab := labOutput(t, "ip-d-s-link-show")
		block := regexp.MustCompile(`(?ms)^\d+: gre1@.*?(?:^\d+: |\z)`).FindString(lab)
		block = regexp.MustCompile(`(?m)^\d+: $`).ReplaceAllString(block, "")
		want := labKinds(strings.TrimSpace(block))
		got := labKinds(strings.TrimSpace(linuxRender(t, s, "ip -d -s link show dev gre1")))
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("gre1: shape differs from the lab's\n got: %q\nwant: %q", got, want)
		}
	})
}
