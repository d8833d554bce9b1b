package iproute

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

func TestParseRouteGet(t *testing.T) {
	tests := []struct {
		file string
		want Route
	}{
		{"route/unreachable.txt", Route{NoRoute: true, Error: "Network is unreachable", Span: parsers.Span{Start: 1, End: 1}}},
		{"route/local.txt", Route{Type: "local", Dst: netip.MustParseAddr("198.51.100.1"), Dev: "lo", Table: "local", Src: netip.MustParseAddr("198.51.100.1"), Cache: true, Span: parsers.Span{Start: 1, End: 2}}},
		{"route/pmtu.txt", Route{Type: "unicast", Dst: netip.MustParseAddr("203.0.113.10"), Via: netip.MustParseAddr("198.51.100.2"), Dev: "eth0", Src: netip.MustParseAddr("198.51.100.1"), MTU: 1400, Cache: true, Span: parsers.Span{Start: 1, End: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := ParseRouteGet(corpustest.Fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if d := corpustest.Diff(tt.want, *r); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	for _, in := range []string{"", "\x00\x01", "Error: any valid prefix is expected rather than \"x\".\n", "1: lo: <LOOPBACK> mtu 65536\n"} {
		_, err := ParseRouteGet(in)
		corpustest.WantParseError(t, err)
	}
}

func TestParseRouteGetCorpus(t *testing.T) {
	wants := map[string][2]string{ // dst, via ("" = direct)
		"lab__healthy__cpe__peer.txt":               {"100.64.0.2", ""},
		"lab__healthy__cpe__pfx.txt":                {"192.0.2.1", "100.64.0.2"},
		"lab__bgp-prefix-filtered-in__cpe__pfx.txt": {"192.0.2.1", "100.64.0.3"},
		"lab__peer-down-dpd__cpe__peer.txt":         {"100.64.0.2", ""},
		"lab__peer-down-late__cpe__peer.txt":        {"100.64.0.2", "100.64.0.3"},
	}
	for _, p := range corpustest.CorpusFiles(t, "ip_route_get_X") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			r, err := ParseRouteGet(corpustest.ReadFile(t, p))
			if err != nil {
				t.Fatal(err)
			}
			if r.Dev != "ipsec0" || r.Src != netip.MustParseAddr("100.64.0.1") || !r.Cache || r.Span != (parsers.Span{Start: 1, End: 2}) {
				t.Errorf("route %+v", r)
			}
			w, ok := wants[filepath.Base(p)]
			if !ok {
				return
			}
			via := ""
			if r.Via.IsValid() {
				via = r.Via.String()
			}
			if r.Dst.String() != w[0] || via != w[1] {
				t.Errorf("dst %v via %q, want %s via %q", r.Dst, via, w[0], w[1])
			}
		})
	}
}
