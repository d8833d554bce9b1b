package parse

import (
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

// repoRoot is the repository root.
func repoRoot(t testing.TB) string { return corpustest.Root(t) }

// corpusDir is this platform's corpus folder.
func corpusDir(t testing.TB) string { return corpustest.Corpus(t, "juniper_junos") }

func read(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func corpusFile(t testing.TB, dir, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(corpusDir(t), dir, prefix+"*.txt"))
	if len(m) != 1 {
		t.Fatalf("%s/%s*: %d files", dir, prefix, len(m))
	}
	return read(t, m[0])
}

var parsersByDir = map[string]func(string) (any, error){
	"show_security_ike_security-associations":   func(s string) (any, error) { return ParseIKESAs(s) },
	"show_security_ipsec_security-associations": func(s string) (any, error) { return ParseIPsecSAs(s) },
	"show_bgp_summary":                          func(s string) (any, error) { return ParseBGPSummary(s) },
	"show_bgp_neighbor":                         func(s string) (any, error) { return ParseBGPNeighbors(s) },
	"show_route_receive-protocol_bgp_X":         func(s string) (any, error) { return ParseRoutes(s) },
	"show_route_advertising-protocol_bgp_X":     func(s string) (any, error) { return ParseRoutes(s) },
	"show_route_X":                              func(s string) (any, error) { return ParseRoutes(s) },
	"show_route":                                func(s string) (any, error) { return ParseRoutes(s) },
	"show_configuration":                        func(s string) (any, error) { return ParseConfig(s, "") },
	"ping":                                      func(s string) (any, error) { return ParsePing(s) },
	"show_interfaces":                           func(s string) (any, error) { return ParseInterfaces(s) },
	"show_interfaces_X_extensive":               func(s string) (any, error) { return ParseInterfaces(s) },
	"show_interfaces_statistics":                func(s string) (any, error) { return ParseInterfaces(s) },
	"show_interfaces_terse":                     func(s string) (any, error) { return ParseInterfaces(s) },
}

// TestCorpusParses: every corpus file of a command this package reads
// parses, twice to the same result.
func TestCorpusParses(t *testing.T) {
	root := corpusDir(t)
	for dir, parse := range parsersByDir {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.txt"))
		if len(files) == 0 {
			t.Errorf("%s: no corpus file", dir)
		}
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
	for name, parse := range map[string]func(string) (any, error){
		"ike_detail.txt":      func(s string) (any, error) { return ParseIKESAs(s) },
		"ipsec_detail.txt":    func(s string) (any, error) { return ParseIPsecSAs(s) },
		"ping_df_too_big.txt": func(s string) (any, error) { return ParsePing(s) },
		"ipsec_stats.txt":     func(s string) (any, error) { return ParseIPsecStats(s) },
		"bgp_config_set.txt":  func(s string) (any, error) { return ParseConfig(s, "") },
	} {
		if _, err := parse(read(t, filepath.Join("testdata", name))); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

func TestIKEBrief(t *testing.T) {
	s := corpusFile(t, "show_security_ike_security-associations", "gcp-community__archived-using-cloud-vpn-with-juniper-srx-index__root@vsrx_show_security_ike_security-associations_2")
	r, err := ParseIKESAs(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.SAs) != 2 {
		t.Fatalf("got %d SAs, want 2", len(r.SAs))
	}
	got := r.SAs[1]
	want := IKESA{Index: 1590402, State: SAStateUp, StateText: "UP", InitiatorCookie: "9d0688eeb4ced592",
		ResponderCookie: "3e2a86428dbd9d01", Mode: "IKEv2", Version: 2, RemoteAddr: mustAddr("35.230.59.183")}
	want.Span.Start, want.Span.End = 3, 3
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseIKESAs SA[1] = %+v, want %+v", got, want)
	}
}

func TestIKEDetail(t *testing.T) {
	r, err := ParseIKESAs(read(t, "testdata/ike_detail.txt"))
	if err != nil || len(r.SAs) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	sa := r.SAs[0]
	if sa.Index != 5622800 || sa.Gateway != "gw-dca" || sa.Role != "Initiator" || !sa.Up() ||
		sa.RemoteAddr != mustAddr("192.0.2.1") || sa.RemotePort != 4500 || sa.LocalAddr != mustAddr("198.51.100.2") ||
		!sa.NATT || sa.Remaining != 28123*time.Second || sa.Algorithms.DHGroup != "DH-group-14" ||
		sa.Algorithms.Encryption != "aes256-cbc" || sa.InputBytes != 2296 || sa.OutputPackets != 13 ||
		sa.IPsecCreated != 2 || sa.Version != 2 || sa.Span.End != 22 {
		t.Errorf("ParseIKESAs(detail) = %+v", sa)
	}
}

func TestIPsecBrief(t *testing.T) {
	s := corpusFile(t, "show_security_ipsec_security-associations", "junos-bits__multi-hub-and-spoke-srx-vpn-bgp-README-500440e")
	r, err := ParseIPsecSAs(s)
	if err != nil {
		t.Fatal(err)
	}
	if r.ActiveTunnels != 2 || len(r.SAs) != 4 {
		t.Fatalf("tunnels %d SAs %d, want 2 4", r.ActiveTunnels, len(r.SAs))
	}
	got := r.SAs[2] // <131073 ESP:aes-cbc-128/sha256 d4f041d 776/ unlim U root 500 10.10.10.2
	if got.ID != 131073 || got.Direction != Inbound || got.SPI != 0xd4f041d || got.SPIText != "d4f041d" ||
		got.Remaining != 776*time.Second || got.LifeKB != -1 || got.Monitor != "U" || got.VSys != "root" ||
		got.Port != 500 || got.Gateway != mustAddr("10.10.10.2") || got.Encryption != "aes-cbc-128" ||
		got.Authentication != "sha256" || got.Protocol != "ESP" || got.NATT || got.Span.Start != 5 {
		t.Errorf("ParseIPsecSAs SA[2] = %+v", got)
	}
	g, _ := ParseIPsecSAs(read(t, filepath.Join(corpusDir(t), "show_security_ipsec_security-associations",
		"gcp-community__archived-using-cloud-vpn-with-juniper-srx-index__root@vsrx_show_security_ipsec_security-associations.txt")))
	if g == nil || len(g.SAs) != 2 || !g.SAs[1].NATT || g.SAs[1].Direction != Outbound || g.SAs[1].Port != 4500 {
		t.Errorf("GCP NAT-T SA = %+v", g)
	}
}

func TestIPsecDetail(t *testing.T) {
	r, err := ParseIPsecSAs(read(t, "testdata/ipsec_detail.txt"))
	if err != nil || len(r.SAs) != 2 {
		t.Fatalf("%v %+v", err, r)
	}
	in, out := r.SAs[0], r.SAs[1]
	if in.Direction != Inbound || in.SPI != 0x2267ff45 || in.BindInterface != "st0.0" || in.VPNName != "vpn-dca" ||
		in.Gateway != mustAddr("192.0.2.1") || in.LocalGateway != mustAddr("198.51.100.2") || in.Port != 500 ||
		in.Remaining != 3367*time.Second || in.State != "installed" || in.MonitorState != "UP" || in.Protocol != "ESP" ||
		in.Version != "IKEv2" || in.LocalIdentity != "ipv4(0.0.0.0-255.255.255.255)" {
		t.Errorf("inbound = %+v", in)
	}
	if out.Direction != Outbound || out.SPI != 0xf31c0d6d || out.ID != 131073 {
		t.Errorf("outbound = %+v", out)
	}
}

func TestIPsecStats(t *testing.T) {
	r, err := ParseIPsecStats(read(t, "testdata/ipsec_stats.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r.EncryptedBytes != 5230512 || r.DecryptedPackets != 40538 || r.Errors["ESP authentication failures"] != 3 ||
		r.Errors["Invalid SPI"] != 2 || r.ErrorTotal() != 5 || r.Counters["AH/Input bytes"] != 0 {
		t.Errorf("ParseIPsecStats = %+v", r)
	}
}

func TestBGPSummary(t *testing.T) {
	r, err := ParseBGPSummary(corpusFile(t, "show_bgp_summary", "AzureLabs"))
	if err != nil || len(r.Peers) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	p := r.Peers[0]
	want := BGPPeer{Addr: mustAddr("10.225.254.254"), AS: 65002, InPkt: 99, OutPkt: 96, OutQ: 0, Flaps: 1, UpDown: "42:37",
		State: BGPEstablished, StateText: "1/1/1/0 0/0/0/0",
		Tables: []PrefixCounts{{Table: "inet.0", Active: 1, Received: 1, Accepted: 1}, {}}}
	want.Span.Start, want.Span.End = 7, 7
	if !reflect.DeepEqual(p, want) {
		t.Errorf("ParseBGPSummary peer = %+v, want %+v", p, want)
	}
	g, err := ParseBGPSummary(corpusFile(t, "show_bgp_summary", "genieparser"))
	if err != nil || len(g.Peers) != 19 || g.Groups != 14 || g.DownPeers != 15 {
		t.Fatalf("genie: %v %d", err, len(g.Peers))
	}
	e := g.Peers[1] // 10.169.14.240 65151 280414 221573 0 127 3w2d 4:19:15 Establ + inet.0/inet.3
	if e.UpDown != "3w2d 4:19:15" || e.State != BGPEstablished || e.Flaps != 127 || len(e.Tables) != 2 ||
		e.Tables[0] != (PrefixCounts{Table: "inet.0", Active: 682, Received: 684, Accepted: 684}) {
		t.Errorf("genie peer[1] = %+v", e)
	}
	if g.Peers[0].State != BGPConnect || g.Peers[2].State != BGPActive || g.Peers[10].Addr != mustAddr("2001:db8:6be:89bb::1:140") {
		t.Errorf("genie states = %v %v %v", g.Peers[0].State, g.Peers[2].State, g.Peers[10].Addr)
	}
}

func TestBGPNeighbor(t *testing.T) {
	r, err := ParseBGPNeighbors(corpusFile(t, "show_bgp_neighbor", "genieparser"))
	if err != nil || len(r) < 3 {
		t.Fatalf("%v %d", err, len(r))
	}
	n := r[1]
	if n.Addr != mustAddr("10.169.14.240") || n.Port != 60606 || n.AS != 65151 || n.LocalAS != 65171 ||
		n.State != BGPEstablished || n.Type != "External" || n.LastState != "OpenConfirm" || n.LastEvent != "RecvKeepAlive" ||
		n.LastError != "Hold Timer Expired Error" || !n.AuthConfigured || n.Flaps != 127 || n.LastFlapEvent != "HoldTime" ||
		len(n.Errors) != 2 || n.Errors[1] != (BGPErrorCount{Name: "Cease", Sent: 0, Recv: 6}) ||
		n.PeerID != mustAddr("10.169.14.240") || len(n.Tables) != 2 ||
		n.Tables[0] != (BGPRIBCounts{Table: "inet.0", Active: 682, Received: 684, Accepted: 684}) ||
		strings.Join(n.Export, " ") != "((LABELSTACK_O2B || HKG-EC_out) && (NEXT-HOP-SELF && HKG-EC_AddMED))" {
		t.Errorf("neighbor[1] = %+v", n)
	}
	if r[0].State != BGPActive || r[0].AuthConfigured || strings.Join(r[0].Import, " ") != "11" {
		t.Errorf("neighbor[0] = %+v", r[0])
	}
}

func TestRoutesReceived(t *testing.T) {
	r, err := ParseRoutes(corpusFile(t, "show_route_receive-protocol_bgp_X", "AzureLabs"))
	if err != nil || len(r.Tables) != 1 || len(r.Tables[0].Routes) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	got := r.Tables[0].Routes[0]
	if got.Prefix != netip.MustParsePrefix("10.225.0.0/16") || !got.Active || got.NextHop != mustAddr("10.225.254.254") ||
		got.MED != -1 || got.LocalPref != -1 || got.ASPath != "65002 I" {
		t.Errorf("route = %+v", got)
	}
	g, _ := ParseRoutes(corpusFile(t, "show_route_receive-protocol_bgp_X", "genieparser__ShowRouteReceiveProtocol__golden_output_3"))
	if g0 := g.All()[0]; g0.MED != 100 || g0.LocalPref != 200000 || g0.ASPath != "4 5 6 I" {
		t.Errorf("genie 3 route = %+v", g0)
	}
	x, err := ParseRoutes(corpusFile(t, "show_route_X", "genieparser"))
	if err != nil || len(x.All()) != 1 {
		t.Fatalf("%v %+v", err, x)
	}
	if rt := x.All()[0]; rt.Protocol != "Static" || rt.Pref != 5 || !rt.Active || rt.Interface != "ge-0/0/1.0" ||
		rt.NextHop != mustAddr("2001:db8:eb18:6337::1") {
		t.Errorf("show route X = %+v", rt)
	}
}

func TestConfig(t *testing.T) {
	c, err := ParseConfig(corpusFile(t, "show_configuration", "junos-bits"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.IKEPolicies) != 1 || !c.IKEPolicies[0].PSKConfigured || c.IKEPolicies[0].PSKFormat != "ascii-text" {
		t.Errorf("IKE policies = %+v", c.IKEPolicies)
	}
	if len(c.IKEGateways) != 2 || c.IKEGateways[1].Addresses[0] != "10.10.10.2" || c.IKEGateways[1].Version != "v2-only" ||
		c.IKEGateways[0].ExternalInterface != "ge-0/0/1.0" || !c.IKEGateways[0].DPD {
		t.Errorf("gateways = %+v", c.IKEGateways)
	}
	if len(c.VPNs) != 2 || c.VPNs[1].BindInterface != "st0.1" || c.VPNs[1].Gateway != "vsrxhub2" ||
		c.VPNs[0].ProxyLocal != "192.168.102.0/24" || !c.VPNs[0].VPNMonitor || c.VPNs[0].EstablishTunnels != "immediately" {
		t.Errorf("vpns = %+v", c.VPNs)
	}
	if len(c.IPsecPolicies) != 1 || c.IPsecPolicies[0].PFSGroup != "group2" || c.IPsecProposals[0].AuthenticationAlgorithm != "hmac-sha-256-128" {
		t.Errorf("ipsec = %+v %+v", c.IPsecPolicies, c.IPsecProposals)
	}
	if len(c.BGPGroups) != 1 || len(c.BGPGroups[0].Neighbors) != 2 || c.BGPGroups[0].Import[0] != "bgp-import" {
		t.Errorf("bgp = %+v", c.BGPGroups)
	}
	if strings.Contains(strings.ReplaceAll(strings.ToLower(fmtAny(c)), " ", ""), "$9$") {
		t.Errorf("secret kept")
	}
	s, err := ParseConfig(read(t, "testdata/bgp_config_set.txt"), "")
	if err != nil || len(s.BGPGroups) != 1 {
		t.Fatalf("%v %+v", err, s)
	}
	g := s.BGPGroups[0]
	if g.LocalAS != 65001 || g.Type != "external" || len(g.Neighbors) != 2 || g.Neighbors[0].PeerAS != 64512 ||
		!g.Neighbors[0].AuthConfigured || g.Neighbors[1].AuthConfigured || g.Export[0] != "WEBEX-OUT" {
		t.Errorf("set bgp = %+v", g)
	}
	rel, err := ParseConfig("group webex {\n    peer-as 64512;\n    neighbor 100.64.0.2;\n}\n", "protocols bgp")
	if err != nil || len(rel.BGPGroups) != 1 || rel.BGPGroups[0].PeerAS != 64512 {
		t.Errorf("relative = %v %+v", err, rel)
	}
}

func TestPing(t *testing.T) {
	p, err := ParsePing(corpusFile(t, "ping", "gcp-community"))
	if err != nil || p.Sent != 5 || p.Received != 5 || p.LossPct != 0 || p.Replies != 5 ||
		p.RTTAvg != 21044*time.Microsecond || p.Target != mustAddr("10.120.0.2") {
		t.Errorf("%v %+v", err, p)
	}
	d, err := ParsePing(read(t, "testdata/ping_df_too_big.txt"))
	if err != nil || !d.MessageTooLong || d.LossPct != 100 || d.Received != 0 || d.DataSize != 1472 {
		t.Errorf("%v %+v", err, d)
	}
}

func TestGarbageRefused(t *testing.T) {
	g := "this is not router output\nat all\n"
	for name, f := range map[string]func(string) error{
		"ike":     func(s string) error { _, err := ParseIKESAs(s); return err },
		"ipsec":   func(s string) error { _, err := ParseIPsecSAs(s); return err },
		"stats":   func(s string) error { _, err := ParseIPsecStats(s); return err },
		"summary": func(s string) error { _, err := ParseBGPSummary(s); return err },
		"neigh":   func(s string) error { _, err := ParseBGPNeighbors(s); return err },
		"routes":  func(s string) error { _, err := ParseRoutes(s); return err },
		"config":  func(s string) error { _, err := ParseConfig(s, ""); return err },
		"ping":    func(s string) error { _, err := ParsePing(s); return err },
	} {
		if err := f(g); err == nil {
			t.Errorf("%s: garbage accepted", name)
		}
		if err := f(""); err != nil {
			t.Errorf("%s: empty output refused: %v", name, err)
		}
	}
}
