package parse

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

// repoRoot is the repository root.
func repoRoot(t testing.TB) string { return corpustest.Root(t) }

// corpusDir is a folder of this platform's corpus.
func corpusDir(t testing.TB, sub string) string { return corpustest.Corpus(t, "fortinet_fortios", sub) }

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func corpusFile(t testing.TB, sub, name string) string {
	t.Helper()
	return read(t, filepath.Join(corpusDir(t, sub), name))
}

var parsersByDir = map[string]func(string) (any, error){
	"diagnose_vpn_ike_gateway_list":     func(s string) (any, error) { return ParseIKEGateways(s) },
	"diagnose_vpn_tunnel_list":          func(s string) (any, error) { return ParseTunnels(s) },
	"get_router_info_bgp_summary":       func(s string) (any, error) { return ParseBGPSummary(s) },
	"get_router_info_bgp_neighbors":     func(s string) (any, error) { return ParseBGPNeighbors(s) },
	"get_router_info_routing-table_all": func(s string) (any, error) { return ParseRouteTable(s) },
	"get_system_interface":              func(s string) (any, error) { return ParseInterfaces(s) },
	"execute_ping":                      func(s string) (any, error) { return ParsePing(s) },
}

func TestCorpusParses(t *testing.T) {
	root := corpusDir(t, "")
	for dir, parse := range parsersByDir {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.txt"))
		if len(files) == 0 {
			t.Errorf("%s: no corpus files", dir)
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
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		b := filepath.Base(f)
		var err error
		switch {
		case strings.HasPrefix(b, "ike_"):
			_, err = ParseIKEGateways(read(t, f))
		case strings.HasPrefix(b, "tunnel_"):
			_, err = ParseTunnels(read(t, f))
		case strings.HasPrefix(b, "bgproutes_"):
			_, err = ParseBGPRoutes(read(t, f))
		case strings.HasPrefix(b, "routedetail_"):
			_, err = ParseRouteDetail(read(t, f))
		case strings.HasPrefix(b, "gre_"):
			_, err = ParseGRETunnels(read(t, f))
		case strings.HasPrefix(b, "ping_"):
			_, err = ParsePing(read(t, f))
		case strings.HasPrefix(b, "config_"):
			continue
		default:
			t.Errorf("%s: no parser for fixture", f)
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestGarbageRefused: text without any line of a command's structure is
// a *parsers.ParseError for every parser.
func TestGarbageRefused(t *testing.T) {
	garbage := "hello world\nthis is not fortios\n"
	parsers := map[string]func(string) (any, error){
		"routes": func(s string) (any, error) { return ParseBGPRoutes(s) },
		"detail": func(s string) (any, error) { return ParseRouteDetail(s) },
		"gre":    func(s string) (any, error) { return ParseGRETunnels(s) },
	}
	for k, v := range parsersByDir {
		parsers[k] = v
	}
	for name, parse := range parsers {
		_, err := parse(garbage)
		var pe *parsers_ParseError
		if !errors.As(err, &pe) || pe.Line != 1 {
			t.Errorf("%s(garbage) = %v, want a ParseError at line 1", name, err)
		}
	}
}

type parsers_ParseError = parsers.ParseError

func TestIKEGatewaysCisco(t *testing.T) {
	gws, err := ParseIKEGateways("FortiGate # diagnose vpn ike gateway list\n" +
		corpusFile(t, "diagnose_vpn_ike_gateway_list", "FortiGate-Handbook__ikev2-with-cisco-router__diagnose_vpn_ike_gateway_list.txt"))
	if err != nil || len(gws) != 1 {
		t.Fatalf("ParseIKEGateways = %v, %v", gws, err)
	}
	g := gws[0]
	if g.VDOM != "root" || g.Name != "VPN-to-Side1" || g.Version != 2 || g.Interface != "port1" || g.InterfaceIndex != 3 ||
		g.Local != netip.MustParseAddr("202.106.1.1") || g.LocalPort != 500 ||
		g.Remote != netip.MustParseAddr("101.100.1.1") || g.RemotePort != 500 ||
		g.Created != 189*time.Second || g.PPK != "no" ||
		g.IKESAs != (SACounts{1, 1, 1, 1}) || g.IPsecSAs != (SACounts{1, 1, 1, 1}) {
		t.Errorf("gateway = %+v", g)
	}
	if len(g.SAs) != 1 {
		t.Fatalf("SAs = %+v", g.SAs)
	}
	sa := g.SAs[0]
	want := IKESA{ID: 371, InitiatorSPI: "c9520b1c2bc0e6c8", ResponderSPI: "6aade7b829009948", Direction: "initiator",
		State: StateEstablished, StatusText: "established 189-189s ago = 10ms", Age: 189 * time.Second,
		Proposal: "aes128-sha1", Encryption: "aes128", Integrity: "sha1", PPK: "no",
		Lifetime: 86400 * time.Second, RekeyIn: 85910 * time.Second, DPDSent: 12, DPDRecv: 12,
		MessageIDSent: 11, MessageIDRecv: 0, Span: parsers.Span{Start: 14, End: 26}}
	if !reflect.DeepEqual(sa, want) {
		t.Errorf("SA = %+v\nwant %+v", sa, want)
	}
	if !g.Established() {
		t.Errorf("Established() = false")
	}
}

func TestIKEGatewaysADVPN(t *testing.T) {
	gws, err := ParseIKEGateways(corpusFile(t, "diagnose_vpn_ike_gateway_list", "FortiGate-Handbook__advpn__SPOKE2_diagnose_vpn_ike_gateway_list.txt"))
	if err != nil || len(gws) != 1 {
		t.Fatalf("ParseIKEGateways = %v, %v", gws, err)
	}
	g := gws[0]
	if g.Version != 1 || g.IPsecSAs != (SACounts{1, 2, 1, 2}) || g.VirtualLocal != netip.MustParseAddr("10.10.10.3") ||
		g.VirtualRemote != netip.MustParseAddr("10.10.10.1") || g.Fields["auto-discovery"] != "2 receiver" ||
		g.SAs[0].DPDSent != 0x17 || g.SAs[0].DPDRecv != 3 || g.SAs[0].Age != 429*time.Second {
		t.Errorf("gateway = %+v", g)
	}
}

func TestTunnelsGRE(t *testing.T) {
	ts, err := ParseTunnels(corpusFile(t, "diagnose_vpn_tunnel_list", "FortiGate-Handbook__gre-over-ipsec__diagnose_vpn_tunnel_list.txt"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("ParseTunnels = %v, %v", ts, err)
	}
	tu := ts[0]
	if tu.VDOM != "0" || tu.Name != "VPN-to-SH" || tu.Version != 1 || tu.Serial != 9 ||
		tu.Local != netip.MustParseAddr("100.1.1.2") || tu.Remote != netip.MustParseAddr("200.1.1.2") ||
		tu.DstMTU != 1500 || tu.BoundIf != 10 || tu.TunMode != "intf" || tu.Encap != "GRE" ||
		tu.EncapLocal != netip.MustParseAddr("100.1.1.2") || tu.EncapRemote != netip.MustParseAddr("200.1.1.2") ||
		tu.NPU || !reflect.DeepEqual(tu.Options, []string{"edg", "frag-rfc"}) || tu.ProxyIDNum != 1 ||
		tu.DPDMode != "on-idle" || tu.DPDIdle != 10*time.Second || tu.DPDRetry != 3 || tu.NATTMode != "none" ||
		tu.Span != (parsers.Span{Start: 3, End: 32}) {
		t.Errorf("tunnel = %+v", tu)
	}
	if len(tu.ProxyIDs) != 1 {
		t.Fatalf("proxyids = %+v", tu.ProxyIDs)
	}
	p := tu.ProxyIDs[0]
	if p.Name != "VPN-to-SH" || p.Proto != 47 || p.SACount != 2 || !p.AutoNegotiate || !p.TransportMode ||
		p.Src.Proto != 47 || p.Src.Start != netip.MustParseAddr("0.0.0.0") || p.Dst.End != netip.MustParseAddr("255.255.255.255") ||
		len(p.SAs) != 2 {
		t.Fatalf("proxyid = %+v", p)
	}
	if pf, ok := p.Dst.Prefix(); !ok || pf != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("Dst.Prefix() = %v, %v", pf, ok)
	}
	want := TunnelSA{MTU: 1438, Expire: 42890 * time.Second, ReplayWin: 2048, Seqno: 1, LifeBytes: 0, LifeBytesMax: 0,
		LifeRemaining: 42899 * time.Second, LifeTotal: 43200 * time.Second, InSPI: 0xd4fb6a41, OutSPI: 0x9265e023,
		Encryption: "aes", EncKeyBytes: 16, Integrity: "sha1", Span: parsers.Span{Start: 14, End: 21}}
	if !reflect.DeepEqual(p.SAs[0], want) {
		t.Errorf("SA = %+v\nwant %+v", p.SAs[0], want)
	}
	if p.SAs[1].InSPI != 0xd4fb6a42 || p.SAs[1].OutSPI != 0x9265e022 {
		t.Errorf("SA 2 = %+v", p.SAs[1])
	}
}

func TestTunnelsSpokeCounters(t *testing.T) {
	ts, err := ParseTunnels(corpusFile(t, "diagnose_vpn_tunnel_list", "FortiGate-Handbook__dialup-vpn-dynamic-routing__SPOKE1_diagnose_vpn_tunnel_list.txt"))
	if err != nil || len(ts) != 1 {
		t.Fatalf("ParseTunnels = %v, %v", ts, err)
	}
	tu := ts[0]
	sa := tu.ProxyIDs[0].SAs[0]
	if tu.RxPackets != 0 || tu.TxPackets != 6 || tu.TxBytes != 360 || !tu.NPU || tu.Encap != "none" ||
		tu.DPDMode != "on-demand" || sa.EncPackets != 12 || sa.EncBytes != 1080 || sa.DecPackets != 0 || sa.Seqno != 7 {
		t.Errorf("tunnel = %+v, SA %+v", tu, sa)
	}
}

func TestNoSecretsKept(t *testing.T) {
	for _, c := range []struct{ dir, file, secret string }{
		{"diagnose_vpn_tunnel_list", "FortiGate-Handbook__gre-over-ipsec__diagnose_vpn_tunnel_list.txt", "a8da8882351e6d6f0a07ca6a8e9990fa"},
		{"diagnose_vpn_ike_gateway_list", "FortiGate-Handbook__ikev2-with-cisco-router__diagnose_vpn_ike_gateway_list.txt", "75237437cff25754"},
		{"diagnose_vpn_ike_gateway_list", "FortiGate-Handbook__gre-over-ipsec__diagnose_vpn_ike_gateway_list.txt", "35cc029e92fafcd2"},
	} {
		s := corpusFile(t, c.dir, c.file)
		r, err := parsersByDir[c.dir](s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(dump(r)), c.secret) {
			t.Errorf("%s: key material kept", c.file)
		}
	}
}
