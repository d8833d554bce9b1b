package parsers

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strconv"
	"testing"
)

// plainTable has BGPTable's fields and none of its methods, so that
// json.Marshal of it is encoding/json's own encoding.
type plainTable BGPTable

// assertAppendJSON fails t when AppendJSON differs from encoding/json for tbl.
func assertAppendJSON(t testing.TB, tbl *BGPTable) {
	t.Helper()
	want, err := json.Marshal((*plainTable)(tbl))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.TotalPrefixes < 0 {
		// The one difference: a count the output did not print is left
		// out, never written as -1.
		want = bytes.Replace(want, []byte(`,"total_prefixes":`+strconv.Itoa(tbl.TotalPrefixes)), nil, 1)
	}
	if got := tbl.AppendJSON(nil); string(got) != string(want) {
		t.Errorf("AppendJSON differs from encoding/json:\n got %s\nwant %s", got, want)
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	u := func(v uint32) *uint32 { return &v }
	tests := map[string]*BGPTable{
		"empty":     {},
		"no routes": {RouterID: netip.MustParseAddr("192.0.2.1"), TableVersion: 7, Routes: []BGPRoute{}, TotalPrefixes: -1},
		"routes": {RouterID: netip.MustParseAddr("192.0.2.1"), LocalAS: 64601, Networks: 2, TotalPrefixes: 2, Routes: []BGPRoute{
			{Network: netip.MustParsePrefix("203.0.113.0/25"), NextHop: netip.MustParseAddr("100.64.1.1"), Metric: u(0), LocPrf: u(100),
				Weight: 32768, Path: []uint32{64602, 4200000001}, Origin: "i", Status: "*>", Valid: true, Best: true, Span: Span{Start: 9, End: 9}},
			{Network: netip.MustParsePrefix("2001:db8::/32"), NextHop: netip.MustParseAddr("2001:db8::1"), Path: []uint32{}, Origin: "?",
				Status: "* i", Valid: true, Internal: true, AddressFamily: "IPv6 Unicast", RouteDistinguisher: "100:100"},
			{NetworkRaw: "[2][1.1.1.1:1][0][48][000C293B2157][0][*]/20", PathRaw: "64602 {64603,64604}", Origin: "e", Status: "r>"},
		}, VRFs: map[string]string{"100:100": "DI", "65000:1": "B", "1:1": "A"}},
		"default originate": {Routes: []BGPRoute{}, TotalPrefixes: 0, DefaultOriginate: true, DefaultOriginateLine: 8},
		"escaping": {Routes: []BGPRoute{{Origin: "<i>&", Status: "\"\\\x01", PathRaw: "\u2028 é \xff", AddressFamily: "a\tb", RouteDistinguisher: "r\"d"}},
			VRFs: map[string]string{"r\"d": "v<\"rf", "\u2028<": "\xff&"}},
		"zone": {RouterID: netip.MustParseAddr("fe80::1%eth\"0"), Routes: []BGPRoute{{NextHop: netip.MustParseAddr("::%\"00<")}}},
	}
	for name, tbl := range tests {
		t.Run(name, func(t *testing.T) { assertAppendJSON(t, tbl) })
	}
}
