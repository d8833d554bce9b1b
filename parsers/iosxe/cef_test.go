package iosxe

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func readCEFFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cef", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cefRow is an entry as a case checks it: prefix, next hops as
// "address interface" (flags after a '+'), entry flags and span.
type cefRow struct {
	Prefix string
	Hops   []string
	Flags  string // A attached, R receive, D drop, N no route, H default route handler
	Span   parsers.Span
}

func cefRows(c *parsers.CEF) []cefRow {
	var rows []cefRow
	for _, e := range c.Entries {
		r := cefRow{Prefix: e.Prefix.String(), Span: e.Span}
		for _, h := range e.NextHops {
			s := ""
			if h.Address.IsValid() {
				s = h.Address.String()
			}
			s += " " + h.Interface
			if h.Attached {
				s += " +attached"
			}
			if h.Recursive {
				s += " +recursive"
			}
			if h.Repair {
				s += " +repair"
			}
			r.Hops = append(r.Hops, strings.TrimSpace(s))
		}
		for _, f := range []struct {
			on bool
			c  string
		}{{e.Attached, "A"}, {e.Receive, "R"}, {e.Drop, "D"}, {e.NoRoute, "N"}, {e.DefaultRouteHandler, "H"}} {
			if f.on {
				r.Flags += f.c
			}
		}
		rows = append(rows, r)
	}
	return rows
}

func TestParseCEF(t *testing.T) {
	sp := func(a, b int) parsers.Span { return parsers.Span{Start: a, End: b} }
	tests := []struct {
		file string
		vrf  string
		want []cefRow
	}{
		{"show_ip_cef_lookup_dc_a.txt", "", []cefRow{
			{"203.0.113.0/25", []string{"100.64.1.1 Tunnel1"}, "", sp(2, 3)},
		}},
		{"show_ip_cef_lookup_dc_b_detail.txt", "", []cefRow{
			{"203.0.113.128/25", []string{"100.64.2.1 Tunnel2 +recursive"}, "", sp(1, 3)},
		}},
		{"show_ip_cef_lookup_shared_24.txt", "", []cefRow{
			{"203.0.113.0/24", []string{"100.64.1.1 Tunnel1", "100.64.2.1 Tunnel2"}, "", sp(1, 3)},
		}},
		{"show_ip_cef_lookup_no_default.txt", "", []cefRow{
			{"0.0.0.0/0", nil, "NH", sp(1, 2)},
		}},
		{"show_ip_cef_tunnel_attached.txt", "", []cefRow{
			{"100.64.1.0/30", []string{"Tunnel1 +attached"}, "A", sp(1, 2)},
		}},
		{"show_ip_cef_vrf_detail.txt", "DI", []cefRow{
			{"203.0.113.0/25", []string{"100.64.1.1 Tunnel1 +attached +recursive"}, "", sp(7, 9)},
			{"203.0.113.128/25", []string{"100.64.2.1 Tunnel2 +attached +recursive"}, "", sp(10, 12)},
		}},
		{"show_ip_cef_table_cpe.txt", "", []cefRow{
			{"0.0.0.0/0", []string{"192.0.2.254 GigabitEthernet1"}, "", sp(2, 2)},
			{"0.0.0.0/8", nil, "D", sp(3, 3)},
			{"0.0.0.0/32", nil, "R", sp(4, 4)},
			{"10.0.0.1/32", nil, "R", sp(5, 5)},
			{"100.64.1.0/30", []string{"Tunnel1 +attached"}, "A", sp(6, 6)},
			{"100.64.1.0/32", nil, "R", sp(7, 7)},
			{"100.64.1.1/32", []string{"Tunnel1 +attached"}, "A", sp(8, 8)},
			{"100.64.1.2/32", nil, "R", sp(9, 9)},
			{"100.64.2.0/30", []string{"Tunnel2 +attached"}, "A", sp(10, 10)},
			{"100.64.2.2/32", nil, "R", sp(11, 11)},
			{"127.0.0.0/8", nil, "D", sp(12, 12)},
			{"192.0.2.0/24", []string{"GigabitEthernet1 +attached"}, "A", sp(13, 13)},
			{"192.0.2.1/32", nil, "R", sp(14, 14)},
			{"198.51.100.128/25", []string{"192.0.2.254 GigabitEthernet1"}, "", sp(15, 15)},
			{"203.0.113.0/24", []string{"100.64.1.1 Tunnel1", "100.64.2.1 Tunnel2"}, "", sp(16, 17)},
			{"203.0.113.0/25", []string{"100.64.1.1 Tunnel1"}, "", sp(18, 18)},
			{"203.0.113.128/25", []string{"100.64.2.1 Tunnel2"}, "", sp(19, 19)},
			{"224.0.0.0/4", nil, "D", sp(20, 20)},
			{"224.0.0.0/24", nil, "R", sp(21, 21)},
			{"240.0.0.0/4", nil, "D", sp(22, 22)},
			{"255.255.255.255/32", nil, "R", sp(23, 23)},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			out := readCEFFixture(t, tc.file)
			for name, in := range map[string]string{"lf": out, "crlf": strings.ReplaceAll(out, "\n", "\r\n"), "no-eol": strings.TrimRight(out, "\n")} {
				got, err := ParseCEF(in)
				if err != nil {
					t.Fatalf("ParseCEF(%s, %s) error: %v", tc.file, name, err)
				}
				if got.VRF != tc.vrf {
					t.Errorf("ParseCEF(%s).VRF = %q, want %q", tc.file, got.VRF, tc.vrf)
				}
				if diff := cmp.Diff(tc.want, cefRows(got)); diff != "" {
					t.Errorf("ParseCEF(%s, %s) (-want +got):\n%s", tc.file, name, diff)
				}
			}
		})
	}
}

func TestParseCEFMessages(t *testing.T) {
	c, err := ParseCEF("%IPv4 CEF not running\n")
	if err != nil || c.Message != "%IPv4 CEF not running" || len(c.Entries) != 0 {
		t.Errorf("ParseCEF(not running) = %+v, %v; want the message, no entries", c, err)
	}
	_, err = ParseCEF("cpe1#show ip cef 203.0.113.1 foo\n                                ^\n% Invalid input detected at '^' marker.\n")
	var pe *parsers.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Errorf("ParseCEF(invalid input) error = %v, want a ParseError at line 3", err)
	}
}

var (
	ymlIP  = regexp.MustCompile(`ip_address: "([^"]*)"`)
	ymlLen = regexp.MustCompile(`prefix_length: "([^"]*)"`)
)

// TestParseCEFCorpus parses every corpus output of show ip cef (lookup,
// table and detail forms) and compares the prefixes (ntc-templates) and
// the prefixes with their next hops (genieparser) with the expected parse.
func TestParseCEFCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, "show_ip_cef", "show_ip_cef_detail") {
		t.Run(filepath.Base(f.Path), func(t *testing.T) {
			got, err := ParseCEF(readCorpus(t, f.Path))
			if err != nil {
				t.Fatalf("ParseCEF(%s) error: %v", f.Path, err)
			}
			var prefixes []string
			hops := map[string][]string{}
			for _, e := range got.Entries {
				p := e.Prefix.String()
				prefixes = append(prefixes, p)
				for _, h := range e.NextHops {
					if h.Address.IsValid() && !h.Repair {
						hops[p] = append(hops[p], h.Address.String())
					}
				}
				// genieparser files the special forms as next hops.
				if len(hops[p]) == 0 {
					for _, s := range []struct {
						on   bool
						word string
					}{{e.Attached, "attached"}, {e.Receive, "receive"}, {e.Drop, "drop"}, {e.NoRoute, "no route"}} {
						if s.on {
							hops[p] = append(hops[p], s.word)
						}
					}
				}
			}
			switch {
			case strings.HasSuffix(f.Expected, ".yml"):
				b, _ := os.ReadFile(f.Expected)
				ips, lens := ymlIP.FindAllStringSubmatch(string(b), -1), ymlLen.FindAllStringSubmatch(string(b), -1)
				var want []string
				for i := range ips {
					if i < len(lens) {
						want = append(want, ips[i][1]+"/"+lens[i][1])
					}
				}
				if diff := cmp.Diff(want, prefixes); diff != "" {
					t.Errorf("ParseCEF(%s) prefixes (-want +got):\n%s", f.Path, diff)
				}
			case strings.HasSuffix(f.Expected, ".json"):
				wantHops := genieCEFHops(t, f.Expected)
				for p, w := range wantHops {
					g := hops[p]
					sort.Strings(g)
					if !cmp.Equal(w, g) && !(len(w) == 0 && len(g) == 0) {
						t.Errorf("ParseCEF(%s) %s next hops = %v, want %v", f.Path, p, g, w)
					}
				}
				if len(wantHops) == 0 {
					t.Errorf("ParseCEF(%s): no prefix in %s", f.Path, f.Expected)
				}
			}
		})
	}
}

// genieCEFHops reads prefix -> sorted next-hop addresses from a
// genieparser ShowIpCef expected parse (repair paths left out).
func genieCEFHops(t *testing.T, path string) map[string][]string {
	b, _ := os.ReadFile(path)
	var v struct {
		VRF map[string]struct {
			AF map[string]struct {
				Prefix map[string]struct {
					Nexthop map[string]json.RawMessage `json:"nexthop"`
				} `json:"prefix"`
			} `json:"address_family"`
		} `json:"vrf"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string][]string{}
	for _, vrf := range v.VRF {
		for _, af := range vrf.AF {
			for p, e := range af.Prefix {
				hops := []string{}
				for h := range e.Nexthop {
					hops = append(hops, h)
				}
				sort.Strings(hops)
				out[p] = hops
			}
		}
	}
	return out
}
