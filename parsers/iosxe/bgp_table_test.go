package iosxe

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseBGPTable(t *testing.T) {
	type row struct {
		Network, NextHop string
		Metric           int64 // -1 when absent
		Weight           uint32
		Path             string
		Origin, Status   string
		Best             bool
		Span             parsers.Span
	}
	tests := []struct {
		file  string
		total int
		want  []row
	}{
		{"received_routes_dc_a.txt", 2, []row{
			{"203.0.113.0/25", "100.64.1.1", 0, 0, "64602", "i", "*>", true, parsers.Span{Start: 10, End: 10}},
			{"203.0.113.0/24", "100.64.1.1", 0, 0, "64602", "i", "*>", true, parsers.Span{Start: 11, End: 11}}, // classful
		}},
		{"advertised_routes_default.txt", 1, []row{
			{"0.0.0.0/0", "0.0.0.0", -1, 0, "", "i", "*>", true, parsers.Span{Start: 10, End: 10}},
		}},
		{"advertised_routes_leak.txt", 6, []row{
			{"0.0.0.0/0", "0.0.0.0", -1, 0, "", "i", "*>", true, parsers.Span{Start: 10, End: 10}},
			{"10.10.0.0/16", "0.0.0.0", 0, 32768, "", "i", "*>", true, parsers.Span{Start: 11, End: 11}},
			{"172.16.20.0/24", "192.168.1.254", 0, 32768, "", "?", "*>", true, parsers.Span{Start: 12, End: 12}},
			{"203.0.113.128/25", "100.64.2.1", 0, 0, "64612", "i", "*>", true, parsers.Span{Start: 13, End: 13}},
			{"192.168.100.0/24", "0.0.0.0", 0, 32768, "{64700,64701}", "?", "r>", true, parsers.Span{Start: 14, End: 14}},
			{"198.18.255.128/25", "192.168.1.254", 0, 32768, "", "?", "*>", true, parsers.Span{Start: 15, End: 16}}, // wrapped
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ParseBGPTable(readRoutingFixture(t, tc.file))
			if err != nil {
				t.Fatalf("ParseBGPTable(%q) error: %v", tc.file, err)
			}
			var rows []row
			for _, r := range got.Routes {
				m := int64(-1)
				if r.Metric != nil {
					m = int64(*r.Metric)
				}
				rows = append(rows, row{r.Network.String(), r.NextHop.String(), m, r.Weight, r.PathRaw, r.Origin, r.Status, r.Best, r.Span})
			}
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("ParseBGPTable(%q) (-want +got):\n%s", tc.file, diff)
			}
			if got.TotalPrefixes != tc.total || got.RouterID != netip.MustParseAddr("10.0.0.1") {
				t.Errorf("ParseBGPTable(%q) = total %d router %v, want %d, 10.0.0.1", tc.file, got.TotalPrefixes, got.RouterID, tc.total)
			}
		})
	}
}

func TestParseBGPTableColumns(t *testing.T) {
	hdr := "     Network          Next Hop            Metric LocPrf Weight Path\n"
	tests := []struct {
		name, line           string
		metric, locPrf       int64
		weight               uint32
		path                 []uint32
		status               string
		valid, best, interna bool
	}{
		{"locprf only", " * i  10.0.0.0/8       10.255.0.1                    100      0 64602 64700 i\n", -1, 100, 0, []uint32{64602, 64700}, "* i", true, false, true},
		{"wide metric", " *>   10.0.0.0/8       198.51.100.37   2007622526             0 209 ?\n", 2007622526, -1, 0, []uint32{209}, "*>", true, true, false},
		{"glued status", " *>i10.2.2.2/32      172.16.1.2               0    100      0 i\n", 0, 100, 0, []uint32{}, "*>i", true, true, true},
		{"asdot and set", " *>   10.0.0.0/8       10.0.0.2                 5             0 1.10 {27016} e\n", 5, -1, 0, []uint32{65546, 27016}, "*>", true, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseBGPTable(hdr + tc.line)
			if err != nil || len(got.Routes) != 1 {
				t.Fatalf("ParseBGPTable(%q) = %v, %v", tc.line, got, err)
			}
			r := got.Routes[0]
			m, l := int64(-1), int64(-1)
			if r.Metric != nil {
				m = int64(*r.Metric)
			}
			if r.LocPrf != nil {
				l = int64(*r.LocPrf)
			}
			if m != tc.metric || l != tc.locPrf || r.Weight != tc.weight || !cmp.Equal(r.Path, tc.path) ||
				r.Status != tc.status || r.Valid != tc.valid || r.Best != tc.best || r.Internal != tc.interna {
				t.Errorf("ParseBGPTable(%q) = metric %d locprf %d weight %d path %v status %q %v/%v/%v", tc.line, m, l, r.Weight, r.Path, r.Status, r.Valid, r.Best, r.Internal)
			}
		})
	}
}

func TestParseBGPTableErrors(t *testing.T) {
	in := "     Network          Next Hop            Metric LocPrf Weight Path\n *>   garbage\n"
	_, err := ParseBGPTable(in)
	if pe, ok := err.(*parsers.ParseError); !ok || pe.Line != 2 || !strings.Contains(pe.Text, "garbage") {
		t.Errorf("ParseBGPTable(%q) = %v, want ParseError at line 2", in, err)
	}
}
