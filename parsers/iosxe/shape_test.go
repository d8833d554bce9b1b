package iosxe

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// allKinds is every command family ParseCommand parses.
var allKinds = []parsers.Kind{
	parsers.KindIKEv2SA, parsers.KindIPsecSA, parsers.KindCryptoSession, parsers.KindInterfaces,
	parsers.KindRunningConfig, parsers.KindBGPSummary, parsers.KindBGPNeighbors, parsers.KindBGPRoutes,
	parsers.KindRouteLookup, parsers.KindRouteTable, parsers.KindPing, parsers.KindVersion,
	parsers.KindLogging, parsers.KindCEF, parsers.KindInterfaceBrief,
}

// shapeCommands are the command forms each family is tried as: plain,
// detail, scoped, VRF and filtered.
var shapeCommands = map[parsers.Kind][]string{
	parsers.KindIKEv2SA:       {"show crypto ikev2 sa", "show crypto ikev2 sa detail", "show crypto ikev2 sa remote 198.51.100.1"},
	parsers.KindIPsecSA:       {"show crypto ipsec sa", "show crypto ipsec sa peer 198.51.100.1 detail"},
	parsers.KindCryptoSession: {"show crypto session", "show crypto session detail"},
	parsers.KindInterfaces:    {"show interfaces", "show interfaces Tunnel1"},
	parsers.KindRunningConfig: {"show running-config", "show running-config interface Tunnel1", "show running-config | section crypto"},
	parsers.KindBGPSummary:    {"show ip bgp summary", "show bgp all summary"},
	parsers.KindBGPNeighbors:  {"show ip bgp neighbors", "show ip bgp neighbors 100.64.1.1"},
	parsers.KindBGPRoutes: {"show ip bgp", "show ip bgp neighbors 100.64.1.1 routes",
		"show ip bgp neighbors 100.64.1.1 advertised-routes", "show bgp vpnv4 unicast vrf DI neighbors 100.64.1.1 routes"},
	parsers.KindRouteLookup:    {"show ip route 203.0.113.1", "show ip route vrf DI 203.0.113.0 255.255.255.128"},
	parsers.KindRouteTable:     {"show ip route", "show ip route bgp"},
	parsers.KindPing:           {"ping 100.64.1.1 source Tunnel1", "ping vrf DI 100.64.1.1"},
	parsers.KindVersion:        {"show version"},
	parsers.KindLogging:        {"show logging"},
	parsers.KindCEF:            {"show ip cef 203.0.113.1", "show ip cef vrf DI 203.0.113.0/25 detail"},
	parsers.KindInterfaceBrief: {"show ip interface brief"},
}

// identified returns cmd recognised, failing t when it is not.
func identified(t testing.TB, cmd string) Command {
	t.Helper()
	c, ok := Identify(cmd)
	if !ok {
		t.Fatalf("Identify(%q) = false", cmd)
	}
	return c
}

func TestEveryCommandHasAShape(t *testing.T) {
	for _, k := range allKinds {
		if _, ok := shapes[k]; !ok {
			t.Errorf("no shape for %s: garbage given as it would parse as an empty answer", k)
		}
		for _, cmd := range shapeCommands[k] {
			if c := identified(t, cmd); c.Kind != k {
				t.Errorf("Identify(%q).Kind = %s, want %s", cmd, c.Kind, k)
			}
		}
		if len(shapeCommands[k]) == 0 {
			t.Errorf("no command of %s is tried by the shape tests", k)
		}
	}
}

// realOutput is a real output and the command that printed it ("" for a
// command vcdiag has no parser for: its output is only ever another
// command's).
type realOutput struct {
	path, cmd, text string
}

// corpusCommand is the command of each corpus folder vcdiag parses.
var corpusCommand = map[string]string{
	"ping": "ping 100.64.1.1", "ping_ipv6": "ping 2001:db8::1",
	"show_bgp": "show bgp", "show_ip_bgp": "show ip bgp", "show_ip_bgp_all": "show ip bgp all",
	"show_bgp_all_neighbors": "show bgp all neighbors", "show_ip_bgp_neighbors": "show ip bgp neighbors",
	"show_bgp_neighbors": "show bgp neighbors", "show_ip_bgp_all_neighbors": "show ip bgp all neighbors",
	"show_bgp_ipv4_unicast_neighbors":          "show bgp ipv4 unicast neighbors",
	"show_ip_bgp_ipv4_unicast_neighbors_X":     "show ip bgp ipv4 unicast neighbors 10.0.0.1",
	"show_ip_bgp_ipv6_unicast_neighbors_X":     "show ip bgp ipv6 unicast neighbors 2001:db8::1",
	"show_bgp_all_neighbors_advertised-routes": "show bgp all neighbors 10.0.0.1 advertised-routes",
	"show_bgp_all_neighbors_received-routes":   "show bgp all neighbors 10.0.0.1 received-routes",
	"show_bgp_all_neighbors_routes":            "show bgp all neighbors 10.0.0.1 routes",
	"show_ip_bgp_all_neighbors_routes":         "show ip bgp all neighbors 10.0.0.1 routes",
	"show_bgp_neighbors_advertised-routes":     "show bgp neighbors 10.0.0.1 advertised-routes",
	"show_ip_bgp_neighbors_advertised-routes":  "show ip bgp neighbors 10.0.0.1 advertised-routes",
	"show_bgp_neighbors_received-routes":       "show bgp neighbors 10.0.0.1 received-routes",
	"show_bgp_summary":                         "show bgp summary", "show_bgp_all_summary": "show bgp all summary",
	"show_ip_bgp_summary": "show ip bgp summary", "show_ip_bgp_all_summary": "show ip bgp all summary",
	"show_crypto_ikev2_sa": "show crypto ikev2 sa", "show_crypto_ikev2_sa_detail": "show crypto ikev2 sa detail",
	"show_crypto_ikev2_sa_local":         "show crypto ikev2 sa local 10.0.0.1",
	"show_crypto_ikev2_sa_local_detail":  "show crypto ikev2 sa local 10.0.0.1 detail",
	"show_crypto_ikev2_sa_remote":        "show crypto ikev2 sa remote 10.0.0.1",
	"show_crypto_ikev2_sa_remote_detail": "show crypto ikev2 sa remote 10.0.0.1 detail",
	"show_crypto_ipsec_sa":               "show crypto ipsec sa", "show_crypto_ipsec_sa_detail": "show crypto ipsec sa detail",
	"show_crypto_ipsec_sa_interface":     "show crypto ipsec sa interface Tunnel1",
	"show_crypto_ipsec_sa_ipv6_detailed": "show crypto ipsec sa ipv6 detailed",
	"show_crypto_ipsec_sa_peer":          "show crypto ipsec sa peer 10.0.0.1",
	"show_crypto_ipsec_sa_peer_detail":   "show crypto ipsec sa peer 10.0.0.1 detail",
	"show_crypto_session":                "show crypto session", "show_crypto_session_detail": "show crypto session detail",
	"show_crypto_session_local":          "show crypto session local 10.0.0.1",
	"show_crypto_session_local_detail":   "show crypto session local 10.0.0.1 detail",
	"show_crypto_session_remote":         "show crypto session remote 10.0.0.1",
	"show_crypto_session_remote_detail":  "show crypto session remote 10.0.0.1 detail",
	"show_interfaces":                    "show interfaces",
	"show_ip_interface_brief":            "show ip interface brief",
	"show_ip_interface_brief_include_ip": "show ip interface brief | include ip",
	"show_ip_route":                      "show ip route", "show_ip_route_X": "show ip route 10.0.0.1",
	"show_ip_route_vrf_X":             "show ip route vrf A 10.0.0.1",
	"show_running-config":             "show running-config",
	"show_running-config_interface":   "show running-config interface Tunnel1",
	"show_running-config_section_bgp": "show running-config | section bgp",
	"show_version":                    "show version", "show_ip_cef": "show ip cef 10.0.0.1",
	"show_ip_cef_detail": "show ip cef 10.0.0.1 detail",
}

// testdataCommand is the command of each of this package's fixtures, by
// file name prefix (the first match wins).
var testdataCommand = []struct{ prefix, cmd string }{
	{"crypto/vc_ikev2_sa_detail", "show crypto ikev2 sa detail"},
	{"crypto/vc_ikev2_sa", "show crypto ikev2 sa"},
	{"crypto/vc_ipsec_sa", "show crypto ipsec sa detail"},
	{"crypto/vc_crypto_session", "show crypto session detail"},
	{"device/show_interfaces", "show interfaces"},
	{"device/show_ip_interface_brief_include", "show ip interface brief | include up"},
	{"device/show_ip_interface_brief", "show ip interface brief"},
	{"device/running_config", "show running-config"},
	{"device/ping", "ping 100.64.1.1"},
	{"device/show_version", "show version"},
	{"logging/show_logging_include", "show logging | include BGP"},
	{"logging/", "show logging"},
	{"routing/advertised_routes", "show ip bgp neighbors 100.64.1.1 advertised-routes"},
	{"routing/received_routes", "show ip bgp neighbors 100.64.1.1 received-routes"},
	{"routing/vpnv4_vrf_advertised_routes", "show bgp vpnv4 unicast vrf DI neighbors 100.64.1.1 advertised-routes"},
	{"routing/vpnv4_vrf_routes", "show bgp vpnv4 unicast vrf DI neighbors 100.64.1.1 routes"},
	{"routing/show_bgp_vpnv4_vrf_summary", "show bgp vpnv4 unicast vrf DI summary"},
	{"routing/show_ip_bgp_summary", "show ip bgp summary"},
	{"routing/show_ip_bgp_vpnv4_vrf_neighbors", "show ip bgp vpnv4 vrf DI neighbors"},
	{"routing/show_ip_bgp_neighbors", "show ip bgp neighbors"},
	{"routing/show_ip_route_bgp", "show ip route bgp"},
	{"routing/show_ip_route.txt", "show ip route"},
	{"routing/show_ip_route_vrf", "show ip route vrf DI 203.0.113.1"},
	{"routing/show_ip_route_", "show ip route 203.0.113.1"},
	{"cef/show_ip_cef_table", "show ip cef"},
	{"cef/show_ip_cef_vrf_detail", "show ip cef vrf DI 203.0.113.0/25 detail"},
	{"cef/", "show ip cef 203.0.113.1"},
}

// realOutputs returns this package's fixtures and, when present, every
// cisco_ios / cisco_iosxe output of ../shared/corpus (those of commands
// vcdiag does not parse included, with cmd ""). A corpus file that starts
// with its command echoed is taken as that command's output whatever its
// folder says (one "show bgp" file holds a summary).
func realOutputs(t *testing.T) []realOutput {
	t.Helper()
	var outs []realOutput
	fixtures, _ := filepath.Glob("testdata/*/*.txt")
	for _, p := range fixtures {
		rel := filepath.ToSlash(strings.TrimPrefix(p, "testdata/"))
		for _, m := range testdataCommand {
			if strings.HasPrefix(rel, m.prefix) {
				outs = append(outs, realOutput{p, m.cmd, readCorpus(t, p)})
				break
			}
		}
	}
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Logf("corpus not present at %s: fixtures only", corpusRoot)
		return outs
	}
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		dirs, _ := os.ReadDir(filepath.Join(corpusRoot, platform))
		for _, d := range dirs {
			files, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d.Name(), "*.txt"))
			for _, p := range files {
				if strings.Contains(p, ".expected.") {
					continue
				}
				text := readCorpus(t, p)
				cmd := corpusCommand[d.Name()]
				if first, _, _ := strings.Cut(strings.TrimSpace(text), "\n"); strings.HasPrefix(first, "show ") {
					cmd = ""
					if c, ok := Identify(strings.TrimSpace(first)); ok {
						cmd = c.Text
					}
				}
				outs = append(outs, realOutput{p, cmd, text})
			}
		}
	}
	return outs
}

// TestShapeKeepsRealOutputs: the shape check never turns a real output that
// its parser reads into an error.
func TestShapeKeepsRealOutputs(t *testing.T) {
	n := 0
	for _, o := range realOutputs(t) {
		if o.cmd == "" {
			continue
		}
		c := identified(t, o.cmd)
		if _, err := parseKind(c, o.text); err != nil {
			continue // an output its parser refuses already (a ping that did not run)
		}
		n++
		if err := checkShape(c, o.text); err != nil {
			t.Errorf("%s as %q: %v", o.path, o.cmd, err)
		}
	}
	t.Logf("%d real outputs keep their parse", n)
}

// shapeOverlaps are the outputs of another command that really have the
// structure of the one they are given as, and are read as such, each with
// the reason.
var shapeOverlaps = []struct {
	kinds []parsers.Kind
	is    func(o realOutput) bool
	why   string
}{
	{[]parsers.Kind{parsers.KindInterfaces}, inFolder("show_ip_interface"),
		`show ip interface prints the same "Tunnel1 is up, line protocol is up" block header`},
	{[]parsers.Kind{parsers.KindBGPSummary, parsers.KindBGPNeighbors, parsers.KindBGPRoutes},
		func(o realOutput) bool { return strings.TrimSpace(o.text) == "% BGP not active" },
		"IOS answers every BGP command alike when BGP does not run"},
}

func inFolder(name string) func(realOutput) bool {
	return func(o realOutput) bool { return filepath.Base(filepath.Dir(o.path)) == name }
}

func overlap(k parsers.Kind, o realOutput) bool {
	for _, ov := range shapeOverlaps {
		for _, ok := range ov.kinds {
			if ok == k && ov.is(o) {
				return true
			}
		}
	}
	return false
}

// TestShapeRefusesOtherCommands: the output of another command, given as
// one vcdiag parses, is an error, not an empty answer.
func TestShapeRefusesOtherCommands(t *testing.T) {
	outs := realOutputs(t)
	for _, k := range allKinds {
		accepted := map[string]int{}
		for _, cmd := range shapeCommands[k] {
			c := identified(t, cmd)
			for _, o := range outs {
				if o.cmd != "" && identified(t, o.cmd).Kind == k || overlap(k, o) {
					continue
				}
				if _, err := ParseCommand(c, o.text); err == nil {
					accepted[o.path+" ("+o.cmd+")"]++
				}
			}
		}
		var names []string
		for p := range accepted {
			names = append(names, p)
		}
		sort.Strings(names)
		for _, p := range names {
			t.Errorf("%s: parsed another command's output without error: %s", k, p)
		}
	}
}

// TestShapeErrorNamesTheLine: the error says where, what was read and what
// was expected.
func TestShapeErrorNamesTheLine(t *testing.T) {
	c := identified(t, "show ip bgp")
	_, err := ParseCommand(c, "cpe1#show ip bgp\n\nthis is not\na BGP table\n")
	var pe *parsers.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("ParseCommand(show ip bgp, text) error = %v, want a *parsers.ParseError", err)
	}
	if pe.Line != 3 || pe.Text != "this is not" || pe.Command != "show ip bgp" ||
		!strings.Contains(pe.Msg, `no line of it looks like show ip bgp output: expected a "Network  Next Hop" header`) {
		t.Errorf("error = %+v, want line 3 %q and what a BGP table has", pe, "this is not")
	}
	_, err = ParseCommand(identified(t, "show running-config | section crypto"), strings.Repeat("\x00\x01", 400))
	if !errors.As(err, &pe) || len(pe.Text) > 80 || !strings.Contains(pe.Msg, "show running-config output") {
		t.Errorf("binary as a config: error %v, want one naming show running-config with a short excerpt", err)
	}
}

// TestParseJSONHasNoNegativeCounts: no number in the JSON of a parse is
// negative. A value the output did not print (a prefix count, an "n/a"
// counter, the severity of an untagged debug line) is left out, not -1.
func TestParseJSONHasNoNegativeCounts(t *testing.T) {
	for _, o := range realOutputs(t) {
		if o.cmd == "" {
			continue
		}
		v, err := ParseCommand(identified(t, o.cmd), o.text)
		if err != nil {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", o.path, err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", o.path, err)
		}
		for _, p := range negatives(doc, "") {
			t.Errorf("%s as %q: %s is negative", o.path, o.cmd, p)
		}
	}
}

// negatives returns the paths of the negative numbers in a decoded JSON
// document.
func negatives(v any, path string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, negatives(e, path+"."+k)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, negatives(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case float64:
		if x < 0 {
			out = append(out, fmt.Sprintf("%s = %v", path, x))
		}
	}
	return out
}
