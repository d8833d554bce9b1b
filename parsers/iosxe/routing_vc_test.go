package iosxe

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

// TestParseBGPTableDefaultOriginate: "Originating default network 0.0.0.0"
// above an advertised-routes table is the default route a neighbor with
// default-originate is sent; it is in no row and not in the total.
func TestParseBGPTableDefaultOriginate(t *testing.T) {
	type row struct {
		Network, RD, VRF string
		Line             int
	}
	tests := []struct {
		file     string
		line     int // of "Originating default network", 0 when absent
		total    int
		routes   []row
		routerID string
	}{
		{"advertised_routes_default_originate.txt", 10, 0, nil, "10.0.0.1"},
		{"advertised_routes_default_originate_leak.txt", 9, 1, []row{{"10.10.0.0/24", "", "", 12}}, "10.0.0.1"},
		{"vpnv4_vrf_advertised_routes.txt", 10, 1, []row{{"10.10.0.0/24", "65000:1", "DI", 14}}, "10.0.0.1"},
		{"vpnv4_vrf_routes_dc_a.txt", 0, 2, []row{
			{"203.0.113.0/25", "65000:1", "DI", 12}, {"203.0.113.0/24", "65000:1", "DI", 13},
		}, "10.0.0.1"},
		{"advertised_routes_default.txt", 0, 1, []row{{"0.0.0.0/0", "", "", 10}}, "10.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			tbl, err := ParseBGPTable(readRoutingFixture(t, tc.file))
			if err != nil {
				t.Fatalf("ParseBGPTable(%s) error: %v", tc.file, err)
			}
			if tbl.DefaultOriginate != (tc.line > 0) || tbl.DefaultOriginateLine != tc.line {
				t.Errorf("ParseBGPTable(%s) default originate = %v at line %d, want line %d",
					tc.file, tbl.DefaultOriginate, tbl.DefaultOriginateLine, tc.line)
			}
			if tbl.TotalPrefixes != tc.total || tbl.RouterID.String() != tc.routerID {
				t.Errorf("ParseBGPTable(%s) total %d router %v, want %d %s", tc.file, tbl.TotalPrefixes, tbl.RouterID, tc.total, tc.routerID)
			}
			var rows []row
			for _, r := range tbl.Routes {
				rows = append(rows, row{r.Network.String(), r.RouteDistinguisher, tbl.VRFOf(&r), r.Span.Start})
			}
			if diff := cmp.Diff(tc.routes, rows); diff != "" {
				t.Errorf("ParseBGPTable(%s) routes (-want +got):\n%s", tc.file, diff)
			}
			assertAppendJSON(t, tc.file, tbl)
		})
	}
}

func TestParseBGPSummaryVPNv4VRF(t *testing.T) {
	s, err := ParseBGPSummary(readRoutingFixture(t, "show_bgp_vpnv4_vrf_summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Addr, State string
		AS          uint32
		Pfx         int
		Span        parsers.Span
	}
	var got []row
	for _, n := range s.Neighbors {
		got = append(got, row{n.Address.String(), n.State, n.RemoteAS, n.PrefixesReceived, n.Span})
	}
	want := []row{
		{"100.64.1.1", "Established", 64602, 2, parsers.Span{Start: 16, End: 16}},
		{"100.64.2.1", "Idle (Admin)", 64612, -1, parsers.Span{Start: 17, End: 17}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseBGPSummary(vpnv4 vrf) (-want +got):\n%s", diff)
	}
	if s.LocalAS != 64601 || s.RouterID.String() != "10.0.0.1" || s.TableVersion != 23 {
		t.Errorf("ParseBGPSummary(vpnv4 vrf) = AS %d id %v version %d, want 64601 10.0.0.1 23", s.LocalAS, s.RouterID, s.TableVersion)
	}
}

func TestParseBGPNeighborsVPNv4VRF(t *testing.T) {
	nbs, err := ParseBGPNeighbors(readRoutingFixture(t, "show_ip_bgp_vpnv4_vrf_neighbors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(nbs) != 3 {
		t.Fatalf("ParseBGPNeighbors(vpnv4 vrf) = %d neighbors, want 3", len(nbs))
	}
	n := nbs[0]
	if n.Address.String() != "100.64.1.1" || n.VRF != "DI" || n.RemoteAS != 64602 || n.State != "Established" ||
		len(n.AddressFamilies) == 0 || n.AddressFamilies[0].Name != "VPNv4 Unicast" || n.Span.Start != 2 {
		t.Errorf("ParseBGPNeighbors(vpnv4 vrf)[0] = %+v, want 100.64.1.1 vrf DI AS 64602 Established, VPNv4 Unicast", n)
	}
	if nbs[2].VRF != "VC" || nbs[1].VRF != "" {
		t.Errorf("VRFs = %q %q, want \"\" VC", nbs[1].VRF, nbs[2].VRF)
	}
}

// TestParseRouteLookupForms reads `show ip route X`, `X MASK`, `vrf V X`,
// the not-found messages and the IOS-XE 17 connected form.
func TestParseRouteLookupForms(t *testing.T) {
	type want struct {
		Found          bool
		Prefix, VRF    string
		Protocol       string
		Hop, Interface string
		Message        string
		Span           parsers.Span
	}
	tests := []struct {
		file string
		want want
	}{
		{"show_ip_route_lookup_mask.txt", want{true, "203.0.113.128/25", "", "bgp", "100.64.2.1", "", "", parsers.Span{Start: 2, End: 12}}},
		{"show_ip_route_vrf_lookup.txt", want{true, "203.0.113.0/25", "DI", "bgp", "100.64.1.1", "", "", parsers.Span{Start: 4, End: 14}}},
		{"show_ip_route_vrf_not_in_table.txt", want{false, "", "DI", "", "", "", "% Network not in table", parsers.Span{Start: 4, End: 4}}},
		{"show_ip_route_subnet_not_in_table.txt", want{false, "", "", "", "", "", "% Subnet not in table", parsers.Span{Start: 2, End: 2}}},
		{"show_ip_route_lookup_connected.txt", want{true, "100.64.1.0/30", "", "connected", "", "Tunnel1", "", parsers.Span{Start: 2, End: 7}}},
		{"show_ip_route_lookup_15x.txt", want{true, "0.0.0.0/0", "", "static", "192.0.2.254", "", "", parsers.Span{Start: 1, End: 5}}},
		{"show_ip_route_lookup.txt", want{true, "203.0.113.0/25", "", "bgp", "100.64.1.1", "", "", parsers.Span{Start: 1, End: 11}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ParseRouteLookup(readRoutingFixture(t, tc.file))
			if err != nil {
				t.Fatalf("ParseRouteLookup(%s) error: %v", tc.file, err)
			}
			w := want{Found: got.Found, VRF: got.VRF, Message: got.Message, Span: got.Span}
			if r := got.Route; r != nil {
				w.Prefix, w.Protocol, w.Span = r.Prefix.String(), r.Protocol, r.Span
				if r.VRF != got.VRF {
					t.Errorf("Route.VRF %q != lookup VRF %q", r.VRF, got.VRF)
				}
				if len(r.NextHops) > 0 {
					if a := r.NextHops[0].Address; a.IsValid() {
						w.Hop = a.String()
					}
					w.Interface = r.NextHops[0].Interface
				}
			}
			if diff := cmp.Diff(tc.want, w); diff != "" {
				t.Errorf("ParseRouteLookup(%s) (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// TestLongestMatchTable answers lookups from the full table fixture the
// way the router does: DC-A's /25 through Tunnel1, DC-B's through
// Tunnel2, the rest of the /24 through both, others by the default.
func TestLongestMatchTable(t *testing.T) {
	routes, err := ParseRouteTable(readRoutingFixture(t, "show_ip_route.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]string{
		"203.0.113.1":   "203.0.113.0/25",
		"203.0.113.200": "203.0.113.128/25",
		"100.64.1.2":    "100.64.1.2/32",
		"100.64.1.1":    "100.64.1.0/30",
		"8.8.8.8":       "0.0.0.0/0",
	} {
		r, ok := parsers.LongestMatch(routes, netip.MustParseAddr(addr))
		if !ok || r.Prefix.String() != want {
			t.Errorf("LongestMatch(show_ip_route, %s) = %v, %v; want %s", addr, r.Prefix, ok, want)
		}
	}
}
