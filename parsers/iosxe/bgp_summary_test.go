package iosxe

import (
	"net/netip"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func readRoutingFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/routing/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseBGPSummary(t *testing.T) {
	type row struct {
		Addr     string
		AS       uint32
		State    string
		Prefixes int
		AF       string
		Span     parsers.Span
	}
	tests := []struct {
		name     string
		file     string
		in       string
		routerID string
		localAS  uint32
		want     []row
	}{
		{name: "established and idle", file: "show_ip_bgp_summary.txt", routerID: "10.0.0.1", localAS: 64601,
			want: []row{
				{"100.64.1.1", 64602, "Established", 2, "", parsers.Span{Start: 14, End: 14}},
				{"100.64.2.1", 64612, "Idle", -1, "", parsers.Span{Start: 15, End: 15}},
			}},
		{name: "active and wrapped idle admin", file: "show_ip_bgp_summary_active_wrapped.txt", routerID: "10.0.0.1", localAS: 64601,
			want: []row{
				{"100.64.1.1", 64602, "Established", 2, "", parsers.Span{Start: 9, End: 9}},
				{"100.64.2.1", 64612, "Active", -1, "", parsers.Span{Start: 10, End: 10}},
				{"2001:db8:ffff:1::1", 64613, "Idle (Admin)", -1, "", parsers.Span{Start: 11, End: 12}},
			}},
		{name: "address families and asdot", routerID: "10.0.0.1", localAS: 64601,
			in: "For address family: IPv4 Unicast\r\nBGP router identifier 10.0.0.1, local AS number 64601\r\n" +
				"BGP table version is 9, main routing table version 9\r\n\r\n" +
				"Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\r\n" +
				"100.64.1.1      4        64602      14      15        9    0    0 00:10:02        2\r\n\r\n" +
				"For address family: VPNv4 Unicast\r\nBGP router identifier 10.0.0.1, local AS number 64601\r\n" +
				"Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\r\n" +
				"100.64.9.1      4     1.10      0       0        1    0    0 never    Idle (PfxCt)\r\n",
			want: []row{
				{"100.64.1.1", 64602, "Established", 2, "IPv4 Unicast", parsers.Span{Start: 6, End: 6}},
				{"100.64.9.1", 65546, "Idle (PfxCt)", -1, "VPNv4 Unicast", parsers.Span{Start: 11, End: 11}},
			}},
		{name: "bgp not active", in: "% BGP not active\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if tc.file != "" {
				in = readRoutingFixture(t, tc.file)
			}
			got, err := ParseBGPSummary(in)
			if err != nil {
				t.Fatalf("ParseBGPSummary(%q) error: %v", tc.name, err)
			}
			var rows []row
			for _, n := range got.Neighbors {
				rows = append(rows, row{n.Address.String(), n.RemoteAS, n.State, n.PrefixesReceived, n.AddressFamily, n.Span})
			}
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("ParseBGPSummary(%q) neighbors (-want +got):\n%s", tc.name, diff)
			}
			if tc.routerID != "" && (got.RouterID != netip.MustParseAddr(tc.routerID) || got.LocalAS != tc.localAS) {
				t.Errorf("ParseBGPSummary(%q) = router %v AS %d, want %s AS %d", tc.name, got.RouterID, got.LocalAS, tc.routerID, tc.localAS)
			}
		})
	}
}

func TestParseBGPSummaryErrors(t *testing.T) {
	in := "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n" +
		"100.64.1.1      4        64602      14\n"
	_, err := ParseBGPSummary(in)
	pe, ok := err.(*parsers.ParseError)
	if !ok || pe.Line != 2 {
		t.Errorf("ParseBGPSummary(short row) = %v, want ParseError at line 2", err)
	}
}
