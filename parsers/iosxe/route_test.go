package iosxe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseRouteLookup(t *testing.T) {
	got, err := ParseRouteLookup(readRoutingFixture(t, "show_ip_route_lookup.txt"))
	if err != nil {
		t.Fatalf("ParseRouteLookup(fixture) error: %v", err)
	}
	r := got.Route
	if !got.Found || r == nil || r.Prefix.String() != "203.0.113.0/25" || r.Protocol != "bgp" || r.KnownVia != "bgp 64601" ||
		r.Distance != 20 || r.Tag != 64602 || r.Type != "external" || r.Span != (parsers.Span{Start: 1, End: 11}) {
		t.Fatalf("ParseRouteLookup(fixture) = %+v, want bgp 203.0.113.0/25 via 100.64.1.1", got)
	}
	if len(r.NextHops) != 1 || r.NextHops[0].Address.String() != "100.64.1.1" || !r.NextHops[0].Active || r.NextHops[0].ASHops != 1 {
		t.Errorf("ParseRouteLookup(fixture).NextHops = %+v, want active 100.64.1.1, 1 AS hop", r.NextHops)
	}

	for _, in := range []string{"% Network not in table\n", "% Subnet not in table\r\n"} {
		got, err := ParseRouteLookup(in)
		if err != nil || got.Found || got.Message == "" || got.Span.Start != 1 {
			t.Errorf("ParseRouteLookup(%q) = %+v, %v, want not found with message", in, got, err)
		}
	}
	if _, err := ParseRouteLookup("\n"); err == nil {
		t.Errorf("ParseRouteLookup(empty) = nil error, want ParseError")
	}
}

func TestParseRouteTable(t *testing.T) {
	type row struct {
		Prefix, Code, Protocol string
		Distance               int
		Hops                   []string
		Span                   parsers.Span
	}
	tests := []struct {
		file string
		want []row
	}{
		{"show_ip_route_bgp.txt", []row{
			{"203.0.113.0/24", "B", "bgp", 20, []string{"100.64.2.1", "100.64.1.1"}, parsers.Span{Start: 17, End: 18}},
			{"203.0.113.0/25", "B", "bgp", 20, []string{"100.64.1.1"}, parsers.Span{Start: 19, End: 19}},
			{"203.0.113.128/25", "B", "bgp", 20, []string{"100.64.2.1"}, parsers.Span{Start: 20, End: 20}},
		}},
		{"show_ip_route.txt", []row{
			{"0.0.0.0/0", "S*", "static", 1, []string{"192.0.2.254"}, parsers.Span{Start: 16, End: 16}},
			{"10.0.0.1/32", "C", "connected", 0, []string{"Loopback0"}, parsers.Span{Start: 18, End: 18}},
			{"100.64.1.0/30", "C", "connected", 0, []string{"Tunnel1"}, parsers.Span{Start: 20, End: 20}},
			{"100.64.1.2/32", "L", "local", 0, []string{"Tunnel1"}, parsers.Span{Start: 21, End: 21}},
			{"100.64.2.0/30", "C", "connected", 0, []string{"Tunnel2"}, parsers.Span{Start: 22, End: 22}},
			{"100.64.2.2/32", "L", "local", 0, []string{"Tunnel2"}, parsers.Span{Start: 23, End: 23}},
			{"192.0.2.0/24", "C", "connected", 0, []string{"GigabitEthernet1"}, parsers.Span{Start: 25, End: 25}},
			{"192.0.2.1/32", "L", "local", 0, []string{"GigabitEthernet1"}, parsers.Span{Start: 26, End: 26}},
			{"203.0.113.0/24", "B", "bgp", 20, []string{"100.64.2.1", "100.64.1.1"}, parsers.Span{Start: 28, End: 29}},
			{"203.0.113.0/25", "B", "bgp", 20, []string{"100.64.1.1"}, parsers.Span{Start: 30, End: 30}},
			{"203.0.113.128/25", "B", "bgp", 20, []string{"100.64.2.1"}, parsers.Span{Start: 31, End: 32}}, // wrapped
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ParseRouteTable(readRoutingFixture(t, tc.file))
			if err != nil {
				t.Fatalf("ParseRouteTable(%q) error: %v", tc.file, err)
			}
			var rows []row
			for _, r := range got {
				var hops []string
				for _, h := range r.NextHops {
					if h.Address.IsValid() {
						hops = append(hops, h.Address.String())
					} else {
						hops = append(hops, h.Interface)
					}
				}
				rows = append(rows, row{r.Prefix.String(), r.Code, r.Protocol, r.Distance, hops, r.Span})
			}
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("ParseRouteTable(%q) (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}
