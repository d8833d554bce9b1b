package iosxe

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// routingCorpus maps each routing parser to the corpus folders holding its
// command's output.
var routingCorpus = []struct {
	name  string
	parse func(string) (any, error)
	dirs  []string
}{
	{"ParseBGPSummary", func(s string) (any, error) { return ParseBGPSummary(s) },
		[]string{"show_ip_bgp_summary", "show_bgp_summary", "show_bgp_all_summary", "show_ip_bgp_all_summary"}},
	{"ParseBGPNeighbors", func(s string) (any, error) { return ParseBGPNeighbors(s) },
		[]string{"show_ip_bgp_neighbors", "show_bgp_neighbors", "show_bgp_all_neighbors", "show_ip_bgp_all_neighbors",
			"show_bgp_ipv4_unicast_neighbors", "show_ip_bgp_ipv4_unicast_neighbors_X"}},
	{"ParseBGPTable", func(s string) (any, error) { return ParseBGPTable(s) },
		[]string{"show_ip_bgp_neighbors_advertised-routes", "show_bgp_neighbors_advertised-routes",
			"show_bgp_neighbors_received-routes", "show_bgp_all_neighbors_advertised-routes",
			"show_bgp_all_neighbors_received-routes", "show_bgp_all_neighbors_routes",
			"show_ip_bgp_all_neighbors_routes", "show_ip_bgp", "show_bgp", "show_ip_bgp_all"}},
	{"ParseRouteLookup", func(s string) (any, error) { return ParseRouteLookup(s) },
		[]string{"show_ip_route_X", "show_ip_route_vrf_X"}},
	{"ParseRouteTable", func(s string) (any, error) { return ParseRouteTable(s) },
		[]string{"show_ip_route"}},
}

var (
	ipv4Value = regexp.MustCompile(`^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$`)
	bigNumber = regexp.MustCompile(`^\d{2,}$`)
)

// expectedValues returns the IPv4 addresses and numbers of two or more
// digits of an expected parse (JSON leaves and keys), the values the
// evaluation hook looks for.
func expectedValues(v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if ipv4Value.MatchString(k) {
				out[k] = true
			}
			expectedValues(e, out)
		}
	case []any:
		for _, e := range x {
			expectedValues(e, out)
		}
	case string:
		if ipv4Value.MatchString(x) || bigNumber.MatchString(x) {
			out[x] = true
		}
	case float64:
		if s := strings.TrimSuffix(json.Number(formatFloat(x)).String(), ".0"); bigNumber.MatchString(s) {
			out[s] = true
		}
	}
}

func formatFloat(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// gotValues collects every leaf of our JSON, with prefixes also split into
// address and length.
func gotValues(v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out[k] = true
			gotValues(e, out)
		}
	case []any:
		for _, e := range x {
			gotValues(e, out)
		}
	case string:
		out[x] = true
		if a, l, ok := strings.Cut(x, "/"); ok {
			out[a], out[l] = true, true
		}
	case float64:
		out[formatFloat(x)] = true
	}
}

// TestRoutingCorpus parses every corpus output of the routing commands (a
// parse error fails the test) and logs, with -v, how many of the expected
// parse's addresses and numbers appear in ours, with the first missing ones.
// Recall is logged rather than asserted: some expected parses hold values
// of other commands (a summary filed under show_bgp) or values genieparser
// derives, so the threshold is judged by reading the log.
func TestRoutingCorpus(t *testing.T) {
	for _, c := range routingCorpus {
		for _, f := range corpusFiles(t, c.dirs...) {
			name := c.name + "/" + filepath.Base(filepath.Dir(f.Path)) + "/" + filepath.Base(f.Path)
			t.Run(name, func(t *testing.T) {
				in := readCorpus(t, f.Path)
				got, err := c.parse(in)
				if err != nil {
					t.Fatalf("%s(%s) error: %v", c.name, f.Path, err)
				}
				if f.Expected == "" || !strings.HasSuffix(f.Expected, ".json") {
					return
				}
				b, _ := os.ReadFile(f.Expected)
				var exp any
				if json.Unmarshal(b, &exp) != nil {
					return
				}
				want := map[string]bool{}
				expectedValues(exp, want)
				gb, _ := json.Marshal(got)
				var g any
				_ = json.Unmarshal(gb, &g)
				have := map[string]bool{}
				gotValues(g, have)
				var miss []string
				for v := range want {
					if !have[v] {
						miss = append(miss, v)
					}
				}
				if len(want) > 0 {
					t.Logf("recall %d/%d missing %v", len(want)-len(miss), len(want), head(miss, 12))
				}
			})
		}
	}
}

func head(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
