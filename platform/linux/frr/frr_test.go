package frr

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	d := filepath.Join(root, "..", "shared", "corpus", "frr", sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	return d
}

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func corpusFile(t testing.TB, sub, name string) string {
	return read(t, filepath.Join(corpusDir(t, sub), name))
}

// parsersByDir maps a corpus folder to the parser for its command.
var parsersByDir = map[string]func(string) (any, error){
	"show_bgp_summary":                                         func(s string) (any, error) { return ParseSummary(s) },
	"show_ip_bgp_summary":                                      func(s string) (any, error) { return ParseSummary(s) },
	"show_ip_bgp_summary_wide":                                 func(s string) (any, error) { return ParseSummary(s) },
	"show_bgp_ipv6_summary":                                    func(s string) (any, error) { return ParseSummary(s) },
	"show_bgp_summary_json":                                    func(s string) (any, error) { return ParseSummaryJSON(s) },
	"show_bgp_vrf_all_ipv4_summary_json":                       func(s string) (any, error) { return ParseSummaryJSON(s) },
	"show_bgp_vrf_all_ipv6_summary_json":                       func(s string) (any, error) { return ParseSummaryJSON(s) },
	"show_bgp_ipv4_unicast_neighbors_X_advertised-routes":      func(s string) (any, error) { return ParseRoutes(s) },
	"show_bgp_ipv4_unicast_neighbors_X_received-routes":        func(s string) (any, error) { return ParseRoutes(s) },
	"show_bgp_ipv4_unicast_neighbors_X_routes":                 func(s string) (any, error) { return ParseRoutes(s) },
	"show_bgp_ipv4_unicast_neighbors_X_advertised-routes_json": func(s string) (any, error) { return ParseRoutesJSON(s) },
	"show_bgp_ipv4_unicast_neighbors_X_received-routes_json":   func(s string) (any, error) { return ParseRoutesJSON(s) },
	"show_bgp_ipv4_unicast_neighbors_X_routes_json":            func(s string) (any, error) { return ParseRoutesJSON(s) },
	"show_ip_bgp_neighbors_X":                                  func(s string) (any, error) { return ParseNeighbors(s) },
	"show_ip_route_X":                                          func(s string) (any, error) { return ParseRoute(s) },
	"show_running-config":                                      func(s string) (any, error) { return ParseConfig(s) },
	"show_version":                                             func(s string) (any, error) { return ParseVersion(s) },
}

// TestCorpusParses: every corpus file of a command this package reads
// parses, twice to the same result.
func TestCorpusParses(t *testing.T) {
	root := corpusDir(t, "")
	for dir, parse := range parsersByDir {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.txt"))
		for _, f := range files {
			t.Run(dir+"/"+filepath.Base(f), func(t *testing.T) {
				s := read(t, f)
				a, err := parse(s)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				b, _ := parse(s)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("two parses differ")
				}
			})
		}
	}
}

func TestTestdataParses(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	for _, f := range files {
		if strings.HasSuffix(f, "fuzz") {
			continue
		}
		s := read(t, f)
		var err error
		switch b := filepath.Base(f); {
		case strings.HasPrefix(b, "summary") && strings.HasSuffix(b, ".json"):
			_, err = ParseSummaryJSON(s)
		case strings.HasPrefix(b, "summary"):
			_, err = ParseSummary(s)
		case strings.HasPrefix(b, "route_") && strings.HasSuffix(b, ".json"):
			_, err = ParseRouteJSON(s)
		case strings.HasPrefix(b, "route_"):
			_, err = ParseRoute(s)
		case strings.HasSuffix(b, ".json"):
			_, err = ParseRoutesJSON(s)
		case strings.HasPrefix(b, "neighbor"):
			_, err = ParseNeighbors(s)
		default:
			_, err = ParseRoutes(s)
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestSummaryHealthyText(t *testing.T) {
	s, err := ParseSummary(corpusFile(t, "show_bgp_summary", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 1 {
		t.Fatalf("tables = %d, want 1", len(s.Tables))
	}
	tb := s.Tables[0]
	if tb.RouterID != netip.MustParseAddr("198.51.100.1") || tb.LocalAS != 65001 || tb.VRF != "default" || tb.AddressFamily != "IPv4 Unicast" {
		t.Errorf("table = %+v", tb)
	}
	want := []Peer{
		{Neighbor: "100.64.0.2", Addr: netip.MustParseAddr("100.64.0.2"), RemoteAS: 64512, MsgRcvd: 18, MsgSent: 16, UpDown: "00:01:36",
			State: StateEstablished, StateText: "Established", PfxRcd: 2, PfxSnt: 2, Description: "VC-DC-A", Span: parsers.Span{Start: 9, End: 9}},
		{Neighbor: "100.64.0.3", Addr: netip.MustParseAddr("100.64.0.3"), RemoteAS: 64513, MsgRcvd: 12, MsgSent: 12, UpDown: "00:01:36",
			State: StateEstablished, StateText: "Established", PfxRcd: 1, PfxSnt: 2, Description: "VC-DC-B", Span: parsers.Span{Start: 10, End: 10}},
	}
	if !reflect.DeepEqual(tb.Peers, want) {
		t.Errorf("peers =\n%+v\nwant\n%+v", tb.Peers, want)
	}
}

func TestSummaryStates(t *testing.T) {
	s, err := ParseSummary(read(t, "testdata/summary_policy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	p := s.Peers()
	if len(p) != 2 {
		t.Fatalf("peers = %d", len(p))
	}
	if !p[0].Established() || !p[0].PolicyIn || !p[0].PolicyOut || p[0].PfxRcd != -1 || p[0].Description != "VC-DC-A" {
		t.Errorf("policy peer = %+v", p[0])
	}
	if p[1].State != StateIdle || !p[1].AdminDown || p[1].StateText != "Idle (Admin)" || p[1].PfxSnt != 0 || p[1].UpDown != "never" {
		t.Errorf("admin peer = %+v", p[1])
	}
	js, err := ParseSummaryJSON(read(t, "testdata/summary_policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	jp, ok := js.Peer("100.64.0.2")
	if !ok || !jp.Established() || jp.PeerState != "Policy" || !jp.PolicyIn || jp.Span != (parsers.Span{Start: 9, End: 26}) {
		t.Errorf("json policy peer = %+v", jp)
	}
	// Doc form: "5 (Policy)" is 5 received, outbound policy missing.
	d, err := ParseSummary(corpusFile(t, "show_bgp_summary", "frr__doc-user-bgp-rst-policy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dp := d.Peers()
	if len(dp) != 2 || dp[0].PfxRcd != 5 || dp[0].PolicyIn || !dp[0].PolicyOut || dp[1].Neighbor != "fe80:1::2222" || !dp[1].PolicyIn {
		t.Errorf("doc policy peers = %+v", dp)
	}
}

func TestSummaryJSONCorpus(t *testing.T) {
	s, err := ParseSummaryJSON(corpusFile(t, "show_bgp_summary_json", "lab__bgp-wrong-remote-as__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.Peer("100.64.0.2")
	if !ok || p.State != StateIdle || p.RemoteAS != 64521 || p.LocalAS != 65001 || p.Hostname != "dca" || p.ConnectionsDropped != 1 || p.Span.Start != 13 || p.Span.End != 34 {
		t.Errorf("peer = %+v", p)
	}
	v, err := ParseSummaryJSON(corpusFile(t, "show_bgp_vrf_all_ipv4_summary_json", "frr_exporter__show_bgp_vrf_all_ipv4_summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Tables) != 2 || v.Tables[1].VRF != "red" {
		t.Fatalf("vrf tables = %+v", v.Tables)
	}
	a, _ := v.Peer("192.168.0.4")
	if !a.AdminDown || a.State != StateIdle {
		t.Errorf("admin peer = %+v", a)
	}
	e, _ := v.Peer("192.168.0.2")
	if e.PfxRcd != 0 || e.State != StateEstablished {
		t.Errorf("prefixReceivedCount peer = %+v", e)
	}
}

func TestRoutesText(t *testing.T) {
	rl, err := ParseRoutes(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_received-routes", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if rl.Total != 4 || rl.Filtered != 2 || len(rl.Paths) != 4 || rl.LocalAS != 65001 || rl.RouterID != netip.MustParseAddr("198.51.100.1") {
		t.Fatalf("list = %+v", rl)
	}
	want0 := Path{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("100.64.0.2"), Metric: 0, LocPrf: -1, Weight: 0,
		ASPath: []uint32{64512}, PathText: "64512", Origin: "i", Valid: true, Best: true, Status: "*>", Span: parsers.Span{Start: 10, End: 10}}
	if !reflect.DeepEqual(rl.Paths[0], want0) {
		t.Errorf("path 0 = %+v, want %+v", rl.Paths[0], want0)
	}
	p3 := rl.Paths[3]
	if p3.Prefix != netip.MustParsePrefix("203.0.113.0/25") || p3.Metric != -1 || p3.Weight != 0 || !reflect.DeepEqual(p3.ASPath, []uint32{64512, 65001}) {
		t.Errorf("path 3 = %+v", p3)
	}
	adv, err := ParseRoutes(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_advertised-routes", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(adv.Paths) != 2 || adv.Paths[0].Weight != 32768 || adv.Paths[0].Metric != 0 || adv.Paths[0].NextHop != netip.MustParseAddr("0.0.0.0") || adv.Paths[0].PathText != "" {
		t.Errorf("advertised = %+v", adv.Paths)
	}
	r, err := ParseRoutes(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_routes", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != 2 || r.Paths[0].Best || !r.Paths[0].Valid || !r.Paths[1].Best || r.Total != 2 {
		t.Errorf("routes = %+v", r)
	}
	m, err := ParseRoutes(read(t, "testdata/routes_missing_24.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Paths) != 1 || m.Paths[0].Prefix != netip.MustParsePrefix("203.0.113.0/25") {
		t.Errorf("missing /24 list = %+v", m)
	}
}

func TestRoutesUnavailable(t *testing.T) {
	cases := []struct {
		name, file string
		json       bool
		want       Unavailable
	}{
		{"soft reconfig text", "testdata/received_softreconfig_off.txt", false, SoftReconfigOff},
		{"soft reconfig json", "testdata/received_softreconfig_off.json", true, SoftReconfigOff},
		{"no neighbor text", "testdata/routes_no_neighbor.txt", false, NoSuchNeighbor},
		{"no neighbor json", "testdata/routes_no_neighbor.json", true, NoSuchNeighbor},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parse := ParseRoutes
			if c.json {
				parse = ParseRoutesJSON
			}
			rl, err := parse(read(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if rl.Unavailable != c.want || len(rl.Paths) != 0 {
				t.Errorf("Unavailable = %v, want %v", rl.Unavailable, c.want)
			}
		})
	}
	rl, err := ParseRoutesJSON(`"warning": "Inbound soft reconfiguration not enabled"` + "\n")
	if err != nil || rl.Unavailable != SoftReconfigOff {
		t.Errorf("bare fragment = %+v, %v", rl, err)
	}
	rl, err = ParseRoutes(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_received-routes", "lab__healthy__dca.txt"))
	if err != nil || rl.Unavailable != SoftReconfigOff {
		t.Errorf("dca received-routes = %+v, %v", rl, err)
	}
}

func TestRoutesJSON(t *testing.T) {
	rl, err := ParseRoutesJSON(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_received-routes_json", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if rl.Kind != "received" || rl.Total != 4 || rl.Filtered != 2 || len(rl.Paths) != 4 || rl.LocalAS != 65001 {
		t.Fatalf("list = %+v", rl)
	}
	p := rl.Paths[2]
	if p.Prefix != netip.MustParsePrefix("203.0.113.0/24") || p.Metric != -1 || p.PathText != "64512 65001" || !p.Best || p.Span != (parsers.Span{Start: 52, End: 64}) {
		t.Errorf("path 2 = %+v", p)
	}
	f, err := ParseRoutesJSON(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_routes_json", "lab__bgp-prefix-filtered-in__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != "routes" || len(f.Paths) != 1 || f.Paths[0].Prefix != netip.MustParsePrefix("0.0.0.0/0") || f.Paths[0].Origin != "i" || f.Paths[0].NextHop != netip.MustParseAddr("100.64.0.2") || f.Paths[0].Span != (parsers.Span{Start: 8, End: 8}) {
		t.Errorf("filtered-in = %+v", f)
	}
	e, err := ParseRoutesJSON(corpusFile(t, "show_bgp_ipv4_unicast_neighbors_X_received-routes_json", "lab__bgp-wrong-remote-as__cpe.txt"))
	if err != nil || e.Unavailable != Available || len(e.Paths) != 0 || e.Total != 0 {
		t.Errorf("empty = %+v, %v", e, err)
	}
}

func TestNeighbors(t *testing.T) {
	nl, err := ParseNeighbors(corpusFile(t, "show_ip_bgp_neighbors_X", "lab__bgp-wrong-remote-as__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	n := nl.Neighbors[0]
	if n.RemoteAS != 64521 || n.LocalAS != 65001 || n.State != StateIdle || n.LastNotification != "OPEN Message Error/Bad Peer AS" || !n.NotificationSent ||
		n.HoldTime.Seconds() != 30 || n.Keepalive.Seconds() != 10 || n.RouteMapIn != "VC-IN" || n.RouteMapOut != "VC-OUT" || !n.PasswordConfigured ||
		n.UpdateSource != "100.64.0.1" || n.AcceptedPrefixes != 0 || n.ConnectionsDropped != 1 || n.LastResetAgo != "00:00:26" {
		t.Errorf("neighbor = %+v", n)
	}
	pm, err := ParseNeighbors(read(t, "testdata/neighbor_password_mismatch.txt"))
	if err != nil {
		t.Fatal(err)
	}
	p := pm.Neighbors[0]
	if p.State != StateActive || p.LastReset != "Waiting for peer OPEN" || p.PrefixListIn != "DC-IN" || !p.PasswordConfigured || p.UpdateSource != "gre1" || p.Span.End != 37 {
		t.Errorf("password mismatch = %+v", p)
	}
	sd, err := ParseNeighbors(corpusFile(t, "show_ip_bgp_neighbors_X", "lab__bgp-peer-shutdown__dca.txt"))
	if err != nil || !sd.Neighbors[0].AdminDown || sd.Neighbors[0].LastReset != "Admin. shutdown" {
		t.Errorf("shutdown = %+v, %v", sd, err)
	}
}

func TestRoute(t *testing.T) {
	r, err := ParseRoute(corpusFile(t, "show_ip_route_X", "lab__healthy__cpe__pfx.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e := r.Entries[0]
	if e.Prefix != netip.MustParsePrefix("192.0.2.0/24") || e.Protocol != "bgp" || e.Distance != 20 || !e.Selected || !e.Installed || len(e.NextHops) != 2 ||
		!e.NextHops[0].Recursive || e.NextHops[1].Interface != "ipsec0" || !e.NextHops[1].FIB || !e.NextHops[1].OnLink {
		t.Errorf("entry = %+v", e)
	}
	c, err := ParseRoute(corpusFile(t, "show_ip_route_X", "lab__healthy__cpe__peer.txt"))
	if err != nil || c.Entries[0].Protocol != "kernel" || !c.Entries[0].NextHops[0].Connected || c.Entries[0].NextHops[0].Interface != "ipsec0" {
		t.Errorf("connected = %+v, %v", c, err)
	}
	nt, err := ParseRoute(read(t, "testdata/route_not_in_table.txt"))
	if err != nil || nt.Unavailable != NotInTable {
		t.Errorf("not in table = %+v, %v", nt, err)
	}
	j, err := ParseRouteJSON(read(t, "testdata/route_lookup.json"))
	if err != nil {
		t.Fatal(err)
	}
	je := j.Entries[0]
	if je.Protocol != "bgp" || !je.Installed || je.NextHops[0].Interface != "gre1" || je.NextHops[0].Addr != netip.MustParseAddr("100.64.1.1") || je.Span != (parsers.Span{Start: 3, End: 28}) {
		t.Errorf("json entry = %+v", je)
	}
	empty, err := ParseRouteJSON("{}\n")
	if err != nil || empty.Unavailable != NotInTable {
		t.Errorf("{} = %+v, %v", empty, err)
	}
}

func TestConfig(t *testing.T) {
	c, err := ParseConfig(corpusFile(t, "show_running-config", "lab__healthy__cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != "8.4.4" || len(c.Routers) != 1 {
		t.Fatalf("config = %+v", c)
	}
	r := c.Routers[0]
	if r.AS != 65001 || r.RouterID != netip.MustParseAddr("198.51.100.1") || !r.RequiresPolicy || len(r.Networks) != 2 || len(r.Neighbors) != 2 {
		t.Fatalf("router = %+v", r)
	}
	n := r.Neighbors[0]
	if n.Neighbor != "100.64.0.2" || n.RemoteAS != "64512" || !n.PasswordConfigured || n.TimersKeepalive != 10 || n.TimersHold != 30 ||
		!n.SoftReconfig || n.RouteMapIn != "VC-IN" || n.RouteMapOut != "VC-OUT" || n.UpdateSource != "100.64.0.1" {
		t.Errorf("neighbor = %+v", n)
	}
	if r.Neighbors[1].PasswordConfigured {
		t.Errorf("neighbor 2 has no password")
	}
	if pl := c.PrefixLists["CUSTOMER"]; len(pl) != 1 || pl[0].LE != 25 || pl[0].Prefix != netip.MustParsePrefix("203.0.113.0/24") || !pl[0].Permit {
		t.Errorf("prefix-list = %+v", pl)
	}
	if rm := c.RouteMaps["VC-IN"]; len(rm) != 1 || rm[0].PrefixLists[0] != "DC-IN" || rm[0].Seq != 10 {
		t.Errorf("route-map = %+v", rm)
	}
	if strings.Contains(strings.ToLower(fmtAny(c)), "vc-lab-bgp-md5-key") {
		t.Errorf("password value kept in the parse")
	}
}

func TestVersion(t *testing.T) {
	v, err := ParseVersion(corpusFile(t, "show_version", "frr_exporter__show_version.txt"))
	if err != nil || v.Version != "10.3.1" || v.Hostname != "router" {
		t.Errorf("version = %+v, %v", v, err)
	}
}

// TestGarbage: outputs with none of the command's structure are errors.
func TestGarbage(t *testing.T) {
	garbage := []string{"hello world\nfoo bar\n", "\x00\x01\x02", "Routing entry for nonsense",
		"interface Tunnel1\n ip address 1.1.1.1 255.255.255.0\n"}
	type fn func(string) (any, error)
	ps := map[string]fn{
		"summary":      func(s string) (any, error) { return ParseSummary(s) },
		"summary json": func(s string) (any, error) { return ParseSummaryJSON(s) },
		"routes":       func(s string) (any, error) { return ParseRoutes(s) },
		"routes json":  func(s string) (any, error) { return ParseRoutesJSON(s) },
		"neighbors":    func(s string) (any, error) { return ParseNeighbors(s) },
		"route":        func(s string) (any, error) { return ParseRoute(s) },
		"route json":   func(s string) (any, error) { return ParseRouteJSON(s) },
		"version":      func(s string) (any, error) { return ParseVersion(s) },
	}
	for name, p := range ps {
		for _, g := range garbage {
			_, err := p(g)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%s(%q) err = %v, want *parsers.ParseError", name, g, err)
			}
		}
	}
	// Another command's output.
	if _, err := ParseRoutes(corpusFile(t, "show_bgp_summary", "lab__healthy__cpe.txt")); err == nil {
		t.Errorf("ParseRoutes(summary) succeeded")
	}
	if _, err := ParseSummary(corpusFile(t, "show_ip_bgp_neighbors_X", "lab__healthy__cpe.txt")); err == nil {
		t.Errorf("ParseSummary(neighbors) succeeded")
	}
}

func fmtAny(v any) string { b, _ := json.Marshal(v); return string(b) }
