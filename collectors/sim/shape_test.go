package sim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers/iosxe"
)

// corpusRoot is ../shared/corpus seen from this package's folder.
const corpusRoot = "../../../shared/corpus"

// shapeCommands pairs a command the simulator renders with the corpus
// folders holding real outputs of the same command.
var shapeCommands = []struct {
	cmd  string
	dirs []string
}{
	{"show crypto ikev2 sa detail", []string{"show_crypto_ikev2_sa_detail"}},
	{"show crypto ipsec sa detail", []string{"show_crypto_ipsec_sa", "show_crypto_ipsec_sa_detail", "show_crypto_ipsec_sa_peer",
		"show_crypto_ipsec_sa_peer_detail", "show_crypto_ipsec_sa_interface", "show_crypto_ipsec_sa_ipv6_detailed"}},
	{"show crypto session detail", []string{"show_crypto_session", "show_crypto_session_detail", "show_crypto_session_local_detail",
		"show_crypto_session_remote_detail"}},
	{"show interfaces Tunnel1", []string{"show_interfaces"}},
	{"show ip bgp summary", []string{"show_ip_bgp_summary", "show_bgp_summary", "show_bgp_all_summary"}},
	{"show ip bgp neighbors 100.64.1.1", []string{"show_ip_bgp_neighbors", "show_bgp_neighbors", "show_ip_bgp_all_neighbors", "show_bgp_all_neighbors"}},
	{"show ip bgp neighbors 100.64.1.1 advertised-routes", []string{"show_ip_bgp_neighbors_advertised-routes"}},
	{"show ip route 203.0.113.1", []string{"show_ip_route_X"}},
	{"ping 100.64.1.1 source Tunnel1 repeat 5", []string{"ping"}},
	{"show version", []string{"show_version"}},
}

// TestRenderingShapeMatchesRealOutputs parses the simulator's rendering and
// the real device outputs of ../shared/corpus with the same parser and
// compares which fields come out filled: a field every real output fills
// must be filled from the simulator too (it leaves out nothing a router
// always prints), and, where the corpus holds enough outputs of the command
// to know (minInventedCheck), a field the simulator fills must also be
// filled from some real output (it prints nothing a router never prints).
func TestRenderingShapeMatchesRealOutputs(t *testing.T) {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not present at %s", corpusRoot)
	}
	// Some fields exist only in a state: the reason after "Tunnel linestate
	// evaluation down -" is printed only for a down tunnel, and the one
	// corpus file of show interfaces holds nothing but down tunnels. So the
	// simulator's side is the union over a healthy site and one whose
	// tunnel1 is down at GRE.
	down, ok := ScenarioByName("gre-keepalive-down")
	if !ok {
		t.Fatal("scenario gre-keepalive-down is gone")
	}
	sites := []*Site{NewSite(ScenarioStart), down.Build(ScenarioStart)}
	for _, sc := range shapeCommands {
		t.Run(sc.cmd, func(t *testing.T) {
			simFields := map[string]bool{}
			for _, site := range sites {
				out, err := site.Render("cpe1", sc.cmd, ScenarioStart.Add(5*time.Second))
				if err != nil {
					t.Fatal(err)
				}
				for f := range filledFields(t, sc.cmd, out) {
					simFields[f] = true
				}
			}
			inAny, inAll, n, files := corpusFields(t, sc.cmd, sc.dirs)
			if n == 0 {
				t.Skipf("no real output of %q parsed", sc.cmd)
			}
			t.Logf("%d real records in %d files compared", n, files)
			var invented, missing []string
			for f := range simFields {
				if !inAny[f] && files >= minInventedCheck {
					invented = append(invented, f)
				}
			}
			for f := range inAll {
				if !simFields[f] {
					missing = append(missing, f)
				}
			}
			sort.Strings(invented)
			sort.Strings(missing)
			if len(invented) > 0 {
				t.Errorf("the simulator fills fields no real record (of %d) does: %s", n, strings.Join(invented, ", "))
			}
			if len(missing) > 0 {
				t.Errorf("every real record (%d) fills fields the simulator does not: %s", n, strings.Join(missing, ", "))
			}
		})
	}
}

// minInventedCheck is how many real outputs (files) of a command it takes
// before a field none of them fills counts as one routers never print: with
// one or two (show interfaces has one file, of an idle lab router with no
// traffic and no keepalives) absence says little.
const minInventedCheck = 3

// corpusFields parses every real output of the command and returns the
// fields filled in at least one record and in all of them, and how many
// records there were.
func corpusFields(t *testing.T, cmd string, dirs []string) (inAny, inAll map[string]bool, n, files int) {
	t.Helper()
	inAny = map[string]bool{}
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		for _, d := range dirs {
			paths, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
			for _, f := range paths {
				if strings.Contains(f, ".expected.") {
					continue
				}
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				v, err := iosxe.Parse(cmd, string(b))
				if err != nil {
					continue // the parser's own corpus tests answer for these
				}
				files++
				// A listing is compared record by record: "every real
				// output fills" means every real interface, SA or session.
				for _, fields := range records(t, v) {
					if len(fields) == 0 {
						continue
					}
					n++
					for k := range fields {
						inAny[k] = true
					}
					if inAll == nil {
						inAll = fields
						continue
					}
					for k := range inAll {
						if !fields[k] {
							delete(inAll, k)
						}
					}
				}
			}
		}
	}
	return inAny, inAll, n, files
}

func filledFields(t *testing.T, cmd, out string) map[string]bool {
	t.Helper()
	v, err := iosxe.Parse(cmd, out)
	if err != nil {
		t.Fatalf("iosxe.Parse(%q) on the rendering = %v", cmd, err)
	}
	return flatten(t, v)
}

// records flattens each element of a listing on its own, or the whole
// value when it is not a list.
func records(t *testing.T, v any) []map[string]bool {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var list []json.RawMessage
	if json.Unmarshal(b, &list) != nil {
		return []map[string]bool{flatten(t, v)}
	}
	var out []map[string]bool
	for _, raw := range list {
		// Wrap each record back in a list so its paths read "[].field",
		// like the simulator's.
		out = append(out, flatten(t, []json.RawMessage{raw}))
	}
	return out
}

// flatten returns the JSON paths (array indexes dropped) whose value is
// not empty: not "", 0, false, null, [] or {}. Spans are not fields of the
// output and are left out.
func flatten(t *testing.T, v any) map[string]bool {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(prefix string, x any)
	walk = func(prefix string, x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if k == "span" || strings.HasSuffix(k, "_span") || k == "line" || k == "lines" {
					continue
				}
				walk(prefix+"."+k, v)
			}
		case []any:
			for _, v := range x {
				walk(prefix+"[]", v)
			}
		case string:
			if x != "" && x != "invalid IP" && x != "invalid Prefix" && x != "invalid AddrPort" {
				out[prefix] = true
			}
		case float64:
			if x != 0 {
				out[prefix] = true
			}
		case bool:
			// Present at all is what counts: "initiator : False" is as
			// much a printed field as True.
			out[prefix] = true
		}
	}
	walk("", tree)
	return out
}
