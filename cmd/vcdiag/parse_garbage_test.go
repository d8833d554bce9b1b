package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	ios "github.com/vcdiag/vcdiag/parsers/iosxe"
	"github.com/vcdiag/vcdiag/platform/iosxe"
)

// Garbage in, error out (issue 10): `vcdiag parse` and `vcdiag analyze`
// treat an output with none of its command's structure as an error, never
// as an empty or negative answer.

// parseForms has, for every command family `vcdiag parse` reads, a command
// and a real output of it (this repository's fixtures).
var parseForms = []struct {
	kind    parsers.Kind
	cmd     string
	fixture string
}{
	{parsers.KindIKEv2SA, "show crypto ikev2 sa detail", "parsers/iosxe/testdata/crypto/vc_ikev2_sa_detail.txt"},
	{parsers.KindIPsecSA, "show crypto ipsec sa detail", "parsers/iosxe/testdata/crypto/vc_ipsec_sa_detail.txt"},
	{parsers.KindCryptoSession, "show crypto session detail", "parsers/iosxe/testdata/crypto/vc_crypto_session_detail.txt"},
	{parsers.KindInterfaces, "show interfaces", "parsers/iosxe/testdata/device/show_interfaces_tunnels_up.txt"},
	{parsers.KindRunningConfig, "show running-config", "parsers/iosxe/testdata/device/running_config_vc_cpe.txt"},
	{parsers.KindBGPSummary, "show ip bgp summary", "parsers/iosxe/testdata/routing/show_ip_bgp_summary.txt"},
	{parsers.KindBGPNeighbors, "show ip bgp neighbors", "parsers/iosxe/testdata/routing/show_ip_bgp_neighbors.txt"},
	{parsers.KindBGPRoutes, "show ip bgp neighbors 100.64.1.1 received-routes", "parsers/iosxe/testdata/routing/received_routes_dc_a.txt"},
	{parsers.KindRouteLookup, "show ip route 203.0.113.1", "parsers/iosxe/testdata/routing/show_ip_route_lookup.txt"},
	{parsers.KindRouteTable, "show ip route", "parsers/iosxe/testdata/routing/show_ip_route.txt"},
	{parsers.KindPing, "ping 100.64.1.1 source Tunnel1", "parsers/iosxe/testdata/device/ping_tunnel1_ok.txt"},
	{parsers.KindVersion, "show version", "parsers/iosxe/testdata/device/show_version_c8000v.txt"},
	{parsers.KindLogging, "show logging", "parsers/iosxe/testdata/logging/show_logging_vc_cpe.txt"},
	{parsers.KindCEF, "show ip cef 203.0.113.1", "parsers/iosxe/testdata/cef/show_ip_cef_lookup_dc_a.txt"},
	{parsers.KindInterfaceBrief, "show ip interface brief", "parsers/iosxe/testdata/device/show_ip_interface_brief_cpe.txt"},
}

// TestParseFormsCoverEveryCommand: the generated tests below try every
// family `vcdiag parse` reads, and each fixture is what its command prints.
func TestParseFormsCoverEveryCommand(t *testing.T) {
	seen := map[parsers.Kind]bool{}
	for _, f := range parseForms {
		c, ok := ios.Identify(f.cmd)
		if !ok || c.Kind != f.kind {
			t.Errorf("Identify(%q) = %s, %v; want %s", f.cmd, c.Kind, ok, f.kind)
		}
		seen[f.kind] = true
		if _, err := ios.Parse(f.cmd, readRepoFile(t, f.fixture)); err != nil {
			t.Errorf("%s as %q: %v", f.fixture, f.cmd, err)
		}
	}
	for _, k := range []parsers.Kind{parsers.KindIKEv2SA, parsers.KindIPsecSA, parsers.KindCryptoSession,
		parsers.KindInterfaces, parsers.KindRunningConfig, parsers.KindBGPSummary, parsers.KindBGPNeighbors,
		parsers.KindBGPRoutes, parsers.KindRouteLookup, parsers.KindRouteTable, parsers.KindPing,
		parsers.KindVersion, parsers.KindLogging, parsers.KindCEF, parsers.KindInterfaceBrief} {
		if !seen[k] {
			t.Errorf("no parse form tries %s", k)
		}
	}
}

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// garbageFile is a named input that is no command's output.
type garbageFile struct{ name, text string }

// garbageFiles returns, for a command, random bytes, random printable text,
// binary junk and the output of every other command family.
func garbageFiles(t *testing.T, r *rand.Rand, kind parsers.Kind) []garbageFile {
	t.Helper()
	random := make([]byte, 2000)
	r.Read(random)
	printable := make([]byte, 2000)
	for i := range printable {
		switch x := r.Intn(100); {
		case x < 3:
			printable[i] = '\n'
		case x < 18:
			printable[i] = ' '
		default:
			printable[i] = byte(0x21 + r.Intn(0x7e-0x20))
		}
	}
	files := []garbageFile{
		{"random-bytes.bin", string(random)},
		{"random-text.txt", string(printable)},
		{"archive.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + string(random[:300])},
		{"zeros.bin", strings.Repeat("\x00", 1024)},
	}
	for _, f := range parseForms {
		if f.kind != kind {
			files = append(files, garbageFile{"other-" + string(f.kind) + ".txt", readRepoFile(t, f.fixture)})
		}
	}
	return files
}

// TestParseGarbageExits3: for every command `vcdiag parse` reads, random
// bytes, random printable text, binary junk and another command's output
// exit 3 with a message naming the file and line, the command and what
// was expected; nothing is printed on stdout.
func TestParseGarbageExits3(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	dir := t.TempDir()
	for _, f := range parseForms {
		for _, g := range garbageFiles(t, r, f.kind) {
			path := filepath.Join(dir, g.name)
			if err := os.WriteFile(path, []byte(g.text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "parse", "--command", f.cmd, path)
			if code != exitUnknown || out != "" {
				t.Errorf("vcdiag parse --command %q %s: exit %d, stdout %.200q; want exit 3 and no output", f.cmd, g.name, code, out)
				continue
			}
			name, _, _ := strings.Cut(f.cmd, " |")
			if !strings.Contains(errOut, g.name+":") || !strings.Contains(errOut, name) {
				t.Errorf("vcdiag parse --command %q %s: stderr %q does not name the file and the command", f.cmd, g.name, errOut)
			}
		}
	}
}

// TestParseRandomBytesIssueReproductions are the reproductions of issue 10:
// random bytes given as show ip bgp, show running-config and show ip bgp
// neighbors exited 0 with an empty or negative result.
func TestParseRandomBytesIssueReproductions(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	random := make([]byte, 4096)
	r.Read(random)
	path := filepath.Join(t.TempDir(), "random.bin")
	if err := os.WriteFile(path, random, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"show ip bgp", "show running-config", "show ip bgp neighbors"} {
		t.Run(cmd, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "parse", "--command", cmd, path)
			if code != exitUnknown {
				t.Fatalf("vcdiag parse --command %q random.bin: exit %d, stdout %.200s; want 3", cmd, code, out)
			}
			want := "random.bin:1: no line of it looks like " + cmd + " output: expected "
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr %q, want %q", errOut, want)
			}
		})
	}
}

// TestParseEmptyAnswersExit0: what a router prints when there is nothing
// to show parses, and no number in the JSON is negative.
func TestParseEmptyAnswersExit0(t *testing.T) {
	tests := []struct{ name, cmd, in, want string }{
		{"empty BGP table", "show ip bgp", "", `"routes":[]`},
		{"no routes from a neighbor", "show ip bgp neighbors 100.64.1.1 routes", "Total number of prefixes 0 \n", `"total_prefixes":0`},
		{"no such neighbor", "show ip bgp neighbors 100.64.1.9", "% No such neighbor\n", `[]`},
		{"empty config section", "show running-config | section crypto ikev2", "", `"interfaces":null`},
		{"no IKEv2 SAs", "show crypto ikev2 sa", " IPv4 Crypto IKEv2  SA \n\n", `[]`},
		{"network not in table", "show ip route 203.0.113.1", "% Network not in table\n", `"found":false`},
		{"ping unreachable", "ping 100.64.1.1", "Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\n.....\nSuccess rate is 0 percent (0/5)\n", `"received":0`},
		{"idle neighbor", "show ip bgp summary", readRepoFile(t, "parsers/iosxe/testdata/routing/show_ip_bgp_summary_active_wrapped.txt"), `"neighbors":[`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.in, "parse", "--command", tt.cmd, "-")
			if code != exitOK {
				t.Fatalf("vcdiag parse --command %q: exit %d: %s", tt.cmd, code, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("vcdiag parse --command %q = %s, want %s in it", tt.cmd, out, tt.want)
			}
			var doc any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if n := negativeNumbers(doc, ""); len(n) > 0 {
				t.Errorf("vcdiag parse --command %q: negative numbers %v in %s", tt.cmd, n, out)
			}
		})
	}
}

func negativeNumbers(v any, path string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, negativeNumbers(e, path+"."+k)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, negativeNumbers(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case float64:
		if x < 0 {
			out = append(out, fmt.Sprintf("%s=%v", path, x))
		}
	}
	return out
}

// replaceOutput returns the session log with the output of the command
// typed at "cpe1#cmd" replaced by body.
func replaceOutput(t *testing.T, log, cmd, body string) string {
	t.Helper()
	head := "cpe1#" + cmd + "\n"
	i := strings.Index(log, head)
	if i < 0 {
		t.Fatalf("no %q in the log", head)
	}
	start := i + len(head)
	end := strings.Index(log[start:], "\ncpe1#")
	if end < 0 {
		t.Fatalf("no prompt after %q", head)
	}
	return log[:start] + body + log[start+end:]
}

// TestAnalyzeGarbageOutputIsUnusable: in a session log, an output with
// none of its command's structure is not read as an empty answer (no
// routes, no configuration): the checks that need it are unknown, naming
// the output, its line in the log and why; a note says so; the rest of the
// evidence is still judged.
func TestAnalyzeGarbageOutputIsUnusable(t *testing.T) {
	log := readRepoFile(t, "testdata/transcripts/healthy.log")
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	r := rand.New(rand.NewSource(3))
	junk := make([]byte, 1500)
	for i := range junk {
		junk[i] = byte(0x21 + r.Intn(0x7e-0x20))
		if i%60 == 59 {
			junk[i] = '\n'
		}
	}
	version := readRepoFile(t, "parsers/iosxe/testdata/device/show_version_c8000v.txt")
	tests := []struct {
		name    string
		cmds    []string // the outputs replaced
		body    string
		unknown []string // tunnel1 checks that must be unknown
	}{
		{"random text as the BGP route listings", []string{"show ip bgp neighbors 100.64.1.1 received-routes",
			"show ip bgp neighbors 100.64.1.1 routes"}, string(junk) + "\n", []string{"routes.backup-24"}},
		{"show version as the BGP route listings", []string{"show ip bgp neighbors 100.64.1.1 received-routes",
			"show ip bgp neighbors 100.64.1.1 routes"}, version, []string{"routes.backup-24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := log
			for _, c := range tt.cmds {
				bad = replaceOutput(t, bad, c, tt.body)
			}
			path := filepath.Join(t.TempDir(), "case.log")
			if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "analyze", "-p", example, "-f", "json", path)
			if code != exitUnknown {
				t.Errorf("exit %d, want 3 (unknown): %s", code, errOut)
			}
			var rep checks.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, id := range tt.unknown {
				res := resultOf(&rep, "tunnel1", id)
				if res.Status != checks.Unknown || !strings.Contains(res.Summary+res.Observed, "no line of it looks like") {
					t.Errorf("tunnel1 %s = %s (%q / %q), want unknown saying the output is not its command's", id, res.Status, res.Summary, res.Observed)
				}
			}
			if !slices.ContainsFunc(rep.Notes, func(n string) bool {
				return strings.Contains(n, "(case.log:") && strings.Contains(n, "could not be parsed") &&
					strings.Contains(n, "no line of it looks like")
			}) {
				t.Errorf("notes %q do not name the unusable output", rep.Notes)
			}
			for _, id := range []string{"ikev2.sa-ready", "ipsec.sa-present", "gre.line-protocol", "bgp.established"} {
				if s := resultStatus(&rep, "tunnel1", id); s != checks.Pass {
					t.Errorf("tunnel1 %s = %s, want pass: the rest of the evidence is still judged", id, s)
				}
			}
			for _, tr := range rep.Tunnels {
				for _, st := range tr.Stages {
					for _, res := range st.Checks {
						if res.Status == checks.Fail {
							t.Errorf("%s %s failed (%s): garbage must never be read as an empty answer", tr.Name, res.ID, res.Summary)
						}
					}
				}
			}
		})
	}
}

// TestReadGarbageGivesNoFacts: in analyze and live runs (the platform's
// Read), an output with none of its command's structure is unusable: its
// Err names the line and what was expected, it has no parse and gives no
// facts; the quoted line is cut short however long it is.
func TestReadGarbageGivesNoFacts(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	long := make([]byte, 100_000) // one line, no newline
	for i := range long {
		long[i] = byte(0x21 + r.Intn(0x7e-0x20))
	}
	for _, f := range parseForms {
		for _, g := range append(garbageFiles(t, r, f.kind), garbageFile{"long-line.txt", string(long)}) {
			c, ok := iosxe.Platform{}.Identify(f.cmd)
			if !ok {
				t.Fatalf("%q not identified", f.cmd)
			}
			cpe := &evidence.CPE{Name: "cpe1"}
			o := &evidence.Output{Command: c.Text, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant,
				Families: c.Families, Text: g.text, Lines: parsers.Lines(g.text), Source: g.name + ":12"}
			cpe.Add(o)
			iosxe.Platform{}.Read(o, cpe)
			var pe *parsers.ParseError
			switch {
			case o.Err == nil:
				t.Errorf("%s as %q: read without error, parsed %T", g.name, f.cmd, o.Parsed)
			case o.Parsed != nil:
				t.Errorf("%s as %q: Err %v and a parse %T", g.name, f.cmd, o.Err, o.Parsed)
			case errors.As(o.Err, &pe) && len(pe.Text) > 200:
				t.Errorf("%s as %q: the error quotes %d bytes of the output", g.name, f.cmd, len(pe.Text))
			case errors.Is(o.Err, evidence.ErrCommandFailed):
				// A line IOS prints for a refused command came first
				// (another command's output can hold one): unusable too.
			case !strings.Contains(evidence.Unusable(o), "no line of it looks like"):
				t.Errorf("%s as %q: %s, want it to say the output is not the command's", g.name, f.cmd, evidence.Unusable(o))
			}
			if n := len(cpe.IKESAs) + len(cpe.ChildSAs) + len(cpe.Interfaces) + len(cpe.Configs) + len(cpe.BGPNeighbors) +
				len(cpe.RoutesReceived) + len(cpe.RoutesAccepted) + len(cpe.RoutesAdvertised) + len(cpe.RouteLookups) +
				len(cpe.Pings) + len(cpe.Versions); n > 0 {
				t.Errorf("%s as %q: %d fact listings from garbage", g.name, f.cmd, n)
			}
		}
	}
}
