package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// seed adds every testdata fixture and every corpus file of dirs.
func seed(f *testing.F, dirs ...string) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, d := range dirs {
		m, _ := filepath.Glob(filepath.Join(repoRoot(f), "..", "shared", "corpus", "fortinet_fortios", d, "*.txt"))
		files = append(files, m...)
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

func twice[T any](t *testing.T, s string, parse func(string) (T, error)) {
	a, err := parse(s)
	b, err2 := parse(s)
	if (err == nil) != (err2 == nil) || !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses differ")
	}
}

func FuzzParseIKEGateways(f *testing.F) {
	seed(f, "diagnose_vpn_ike_gateway_list")
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseIKEGateways) })
}

func FuzzParseTunnels(f *testing.F) {
	seed(f, "diagnose_vpn_tunnel_list")
	f.Fuzz(func(t *testing.T, s string) { twice(t, s, ParseTunnels) })
}

func FuzzParseBGP(f *testing.F) {
	seed(f, "get_router_info_bgp_summary", "get_router_info_bgp_neighbors")
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseBGPSummary)
		twice(t, s, ParseBGPNeighbors)
		twice(t, s, ParseBGPRoutes)
	})
}

func FuzzParseRoutes(f *testing.F) {
	seed(f, "get_router_info_routing-table_all")
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseRouteTable)
		twice(t, s, ParseRouteDetail)
	})
}

func FuzzParseSystem(f *testing.F) {
	seed(f, "get_system_interface", "execute_ping")
	f.Add(netlinkGRE)
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseInterfaces)
		twice(t, s, ParseNetlinkInterfaces)
		twice(t, s, ParseGRETunnels)
		twice(t, s, ParsePing)
		if r := RedactConfig(s); RedactConfig(r) != r {
			t.Fatalf("RedactConfig not idempotent on %q", s)
		}
	})
}
