package parsers

import (
	"net/netip"
	"testing"
)

func TestLongestMatch(t *testing.T) {
	r := func(p, code string) Route { return Route{Prefix: netip.MustParsePrefix(p), Code: code} }
	routes := []Route{
		r("0.0.0.0/0", "S*"),
		r("203.0.113.0/24", "B"),
		r("203.0.113.0/25", "B"),
		r("203.0.113.128/25", "B"),
		r("203.0.113.128/25", "S"), // a second route for the same prefix: the first wins
		r("100.64.1.0/30", "C"),
		r("100.64.1.2/32", "L"),
		r("2001:db8::/32", "B"),
		{Code: "bad"}, // no prefix
	}
	tests := []struct {
		addr, want, code string
		ok               bool
	}{
		{"203.0.113.1", "203.0.113.0/25", "B", true},
		{"203.0.113.129", "203.0.113.128/25", "B", true},
		{"100.64.1.2", "100.64.1.2/32", "L", true},
		{"100.64.1.1", "100.64.1.0/30", "C", true},
		{"192.0.2.1", "0.0.0.0/0", "S*", true},
		{"2001:db8::1", "2001:db8::/32", "B", true},
		{"2001:db9::1", "", "", false}, // no IPv6 default
	}
	for _, tt := range tests {
		got, ok := LongestMatch(routes, netip.MustParseAddr(tt.addr))
		var p string
		if got.Prefix.IsValid() {
			p = got.Prefix.String()
		}
		if ok != tt.ok || p != tt.want || got.Code != tt.code {
			t.Errorf("LongestMatch(%s) = %s %q, %v; want %s %q, %v", tt.addr, p, got.Code, ok, tt.want, tt.code, tt.ok)
		}
	}
	if _, ok := LongestMatch(nil, netip.MustParseAddr("192.0.2.1")); ok {
		t.Error("LongestMatch(nil) found a route")
	}
	if _, ok := LongestMatch(routes, netip.Addr{}); ok {
		t.Error("LongestMatch(invalid address) found a route")
	}
}
