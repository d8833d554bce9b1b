package parse

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

// repoRoot is the repository root.
func repoRoot(t testing.TB) string { return corpustest.Root(t) }

// corpusDir is a folder of this platform's corpus.
func corpusDir(t testing.TB, sub string) string { return corpustest.Corpus(t, "paloalto_panos", sub) }

func read(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func corpusFile(t testing.TB, sub string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(corpusDir(t, sub), "*.txt"))
	if len(m) == 0 {
		t.Skip("no corpus file")
	}
	return read(t, m[0])
}

// parsersByDir maps a corpus folder to the parser of its command.
var parsersByDir = map[string]func(string) error{
	"show_vpn_ike-sa":                   func(s string) error { _, err := ParseIKESA(s); return err },
	"show_vpn_ipsec-sa":                 func(s string) error { _, err := ParseIPsecSA(s); return err },
	"show_vpn_flow":                     func(s string) error { _, err := ParseFlow(s); return err },
	"show_routing_route":                func(s string) error { _, err := ParseRoute(s); return err },
	"show_interface_all":                func(s string) error { _, err := ParseInterfaces(s); return err },
	"show_interface_logical":            func(s string) error { _, err := ParseInterfaces(s); return err },
	"show_routing_protocol_bgp_summary": func(s string) error { _, err := ParseBGPSummary(s); return err },
}

func TestCorpusParses(t *testing.T) {
	root := corpusDir(t, "")
	for dir, parse := range parsersByDir {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.txt"))
		for _, f := range files {
			if err := parse(read(t, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

func TestIKESACorpusV1(t *testing.T) {
	r, err := ParseIKESA(corpusFile(t, "show_vpn_ike-sa"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.SAs) != 1 || len(r.Children) != 1 || !r.NoIKEv2 || r.NoIKEv1 {
		t.Fatalf("got %+v", r)
	}
	sa := r.SAs[0]
	want := IKESA{Version: 1, GatewayID: "1", Peer: netip.MustParseAddr("10.0.1.2"), PeerRaw: "10.0.1.2",
		Gateway: "VyOS", Role: "Resp", Mode: "Main", Algorithm: "PSK/DH14/A128/SHA1",
		Established: "Jul.31 01:35:00", Expiration: "Jul.31 09:35:00", State: "13", Xt: "1", Children: "1",
		Span: sa.Span}
	if sa != want || sa.Span.Start == 0 {
		t.Errorf("SA = %+v, want %+v", sa, want)
	}
	c := r.Children[0]
	wc := ChildSA{Version: 1, Gateway: "VyOS", TunnelID: "1", Tunnel: "VyOS-tunnel", GatewayID: "1", Role: "Resp",
		Algorithm: "ESP/ /tunl/SHA2", SPIIn: 0x8827A3D9, SPIOut: 0xC204F4FA, MsgID: "BD202829", State: "9", Xt: "1",
		Span: c.Span}
	if c != wc {
		t.Errorf("child = %+v, want %+v", c, wc)
	}
}

func TestIKESAV2(t *testing.T) {
	r, err := ParseIKESA(read(t, "testdata/ike-sa_ikev2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.SAs) != 1 || len(r.Children) != 1 || !r.NoIKEv1 {
		t.Fatalf("got %+v", r)
	}
	sa := r.SAs[0]
	if sa.Version != 2 || sa.Gateway != "GW-DCA" || sa.Peer != netip.MustParseAddr("203.0.113.10") ||
		sa.Role != "Init" || sa.SN != "7" || sa.State != "Established" || !sa.Up() || sa.Children != "1" ||
		sa.Span != (parsers.Span{Start: 10, End: 10}) {
		t.Errorf("SA = %+v", sa)
	}
	c := r.Children[0]
	if c.Tunnel != "TUN-DCA" || c.TunnelID != "5" || c.GatewayID != "13" || c.Parent != "7" ||
		c.SPIIn != 0xC1A2B3C4 || c.SPIOut != 0xD5E6F7A8 || c.State != "Mature" {
		t.Errorf("child = %+v", c)
	}
}

func TestIPsecSACorpus(t *testing.T) {
	r, err := ParseIPsecSA(corpusFile(t, "show_vpn_ipsec-sa"))
	if err != nil || len(r.SAs) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
	sa := r.SAs[0]
	want := IPsecSA{GatewayID: "1", TunnelID: "1", Peer: netip.MustParseAddr("10.0.1.2"), PeerRaw: "10.0.1.2",
		Tunnel: "VyOS-tunnel", Gateway: "VyOS", Algorithm: "ESP/A256/SHA256", SPIIn: 0x8827A3D9, SPIOut: 0xC204F4FA,
		Lifetime: time.Hour, LifeKB: "Unlimited", Remain: 2733 * time.Second, Span: sa.Span}
	if sa != want {
		t.Errorf("SA = %+v, want %+v", sa, want)
	}
}

func TestFlowCorpus(t *testing.T) {
	fl, err := ParseFlow(corpusFile(t, "show_vpn_flow"))
	if err != nil || len(fl) != 4 {
		t.Fatalf("%v %d", err, len(fl))
	}
	f := fl[0]
	if f.ID != "2" || f.Name != "IPSEC-TUN1" || f.State != "inactiv" || f.Active() || f.Monitor != "off" ||
		f.Local != netip.MustParseAddr("234.64.49.14") || f.Peer.IsValid() || f.PeerRaw != "XXX.XX.XX.XX" || f.Inner != "tunnel.3" {
		t.Errorf("flow[0] = %+v", f)
	}
	if !fl[1].Active() || fl[1].Inner != "tunnel.4" {
		t.Errorf("flow[1] = %+v", fl[1])
	}
}

func TestFlowDetail(t *testing.T) {
	fl, err := ParseFlow(read(t, "testdata/flow_detail.txt"))
	if err != nil || len(fl) != 1 {
		t.Fatalf("%v %+v", err, fl)
	}
	f := fl[0]
	if f.Name != "TUN-DCA" || f.ID != "5" || f.GatewayID != "3" || !f.Active() || f.Inner != "tunnel.1" ||
		f.Outer != "ethernet1/1" || f.MonitorStatus != "up" || f.EncapPackets != 48 || f.DecapPackets != 0 ||
		f.EncapBytes != 5984 || f.TunnelMTU != 1424 || f.LocalSPI != 0xC1A2B3C4 || f.Span.Start != 3 || f.Span.End != 28 {
		t.Errorf("flow = %+v", f)
	}
}

func TestTunnel(t *testing.T) {
	tc, err := ParseTunnel(read(t, "testdata/vpn_tunnel.txt"))
	if err != nil || len(tc) != 1 {
		t.Fatalf("%v %+v", err, tc)
	}
	if tc[0].Name != "TUN-DCA" || tc[0].Gateway != "GW-DCA" || tc[0].RemoteProxy != netip.MustParsePrefix("0.0.0.0/0") ||
		tc[0].Proposals != "ESP tunl [DH14][AES256][SHA256] 3600-sec 0-kb" {
		t.Errorf("tunnel = %+v", tc[0])
	}
}

func TestBGPPeer(t *testing.T) {
	ps, err := ParseBGPPeer(read(t, "testdata/bgp_peer.txt"))
	if err != nil || len(ps) != 2 {
		t.Fatalf("%v %+v", err, ps)
	}
	a, b := ps[0], ps[1]
	if a.Name != "DCA" || a.Group != "VC" || a.RemoteAS != 64512 || !a.Established() || !a.PasswordSet ||
		a.PeerAddr != netip.MustParseAddr("169.254.10.2") || a.PeerPort != 179 || a.LocalPort != 50893 ||
		a.IncomingAccepted != 2 || a.OutgoingAdvertised != 1 || a.StatusFor != time.Hour {
		t.Errorf("peer DCA = %+v", a)
	}
	if b.Established() || b.Status != "Active" || b.PasswordSet || b.LastError != "Hold Timer Expired" ||
		b.PeerAddr != netip.MustParseAddr("169.254.20.2") || b.RemoteAS != 64522 {
		t.Errorf("peer DCB = %+v", b)
	}
}

func TestRouteCorpus(t *testing.T) {
	rs, err := ParseRoute(read(t, filepath.Join(corpusDir(t, "show_routing_route"), "ntc-templates__paloalto_panos_show_routing_route3.txt")))
	if err != nil || len(rs) != 6 {
		t.Fatalf("%v %d", err, len(rs))
	}
	want := []Route{
		{VirtualRouter: "default", Destination: netip.MustParsePrefix("10.7.4.0/24"), Nexthop: netip.MustParseAddr("172.20.17.118"),
			NexthopRaw: "172.20.17.118", Metric: -1, Flags: "A?B", Age: "3509239", NextAS: "65201"},
		{VirtualRouter: "default", Destination: netip.MustParsePrefix("10.7.7.0/24"), Nexthop: netip.MustParseAddr("10.6.255.25"),
			NexthopRaw: "10.6.255.25", Metric: 10, Flags: "A O2", Age: "3474418", Interface: "ae1.255"},
		{VirtualRouter: "default", Destination: netip.MustParsePrefix("10.8.0.0/16"), Nexthop: netip.MustParseAddr("0.0.0.0"),
			NexthopRaw: "0.0.0.0", Metric: 10, Flags: "A S", Interface: "tunnel.30"},
	}
	for i, w := range want {
		w.Span = rs[i].Span
		if rs[i] != w {
			t.Errorf("route[%d] = %+v, want %+v", i, rs[i], w)
		}
	}
}

func TestInterfacesCorpus(t *testing.T) {
	all, err := ParseInterfaces(corpusFile(t, "show_interface_all"))
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Hardware) != 12 || len(all.Logical) != 14 {
		t.Fatalf("hw %d log %d", len(all.Hardware), len(all.Logical))
	}
	if h := all.Hardware[7]; h.Name != "ha1-b" || h.State != "down((autoneg))" {
		t.Errorf("hw[7] = %+v", h)
	}
	e := all.Logical[2]
	if e.Name != "ethernet1/13" || e.Zone != "ZONE_INET" || e.Forwarding != "vr:vrf02" || len(e.Addresses) != 2 ||
		e.Addresses[1] != netip.MustParsePrefix("10.10.10.1/29") {
		t.Errorf("logical[2] = %+v", e)
	}
	lg, err := ParseInterfaces(corpusFile(t, "show_interface_logical"))
	if err != nil || len(lg.Logical) != 18 {
		t.Fatalf("%v %d", err, len(lg.Logical))
	}
	if x := lg.Logical[2]; x.Name != "ethernet1/2.100" || x.Zone != "ISP1" || x.Tag != "100" ||
		len(x.Addresses) != 1 || x.Addresses[0] != netip.MustParsePrefix("65.5.44.46/30") {
		t.Errorf("logical[2] = %+v", x)
	}
}

func TestInterfaceDetail(t *testing.T) {
	d, err := ParseInterfaceDetail(read(t, "testdata/interface_tunnel.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "tunnel.1" || d.ID != "256" || d.MTU != 1424 || d.Zone != "VPN" || d.Vsys != "vsys1" ||
		d.VirtualRouter != "default" || len(d.Addresses) != 1 || d.Counters["packets dropped"] != 2 ||
		d.Counters["bytes received"] != 6320 {
		t.Errorf("detail = %+v", d)
	}
}

func TestPingDF(t *testing.T) {
	p, err := ParsePing(read(t, "testdata/ping_df.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Target != netip.MustParseAddr("169.254.10.2") || p.Source != netip.MustParseAddr("169.254.10.1") ||
		p.PayloadSize != 1400 || p.Transmitted != 5 || p.Received != 0 || p.Errors != 5 || p.LossPercent != 100 ||
		!p.FragNeeded || p.MTU != 1424 {
		t.Errorf("ping = %+v", p)
	}
}

func TestGarbageRefused(t *testing.T) {
	garbage := "admin@PA-VM> show foo\nInvalid syntax.\n"
	for name, parse := range map[string]func(string) error{
		"ike": parsersByDir["show_vpn_ike-sa"], "ipsec": parsersByDir["show_vpn_ipsec-sa"],
		"flow": parsersByDir["show_vpn_flow"], "route": parsersByDir["show_routing_route"],
		"iface": parsersByDir["show_interface_all"],
		"bgp":   func(s string) error { _, err := ParseBGPPeer(s); return err },
		"ping":  func(s string) error { _, err := ParsePing(s); return err },
	} {
		var pe *parsers.ParseError
		if err := parse(garbage); !errors.As(err, &pe) || pe.Line != 2 {
			t.Errorf("%s: err = %v, want a ParseError on line 2", name, err)
		}
	}
}
