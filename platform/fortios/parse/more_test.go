package parse

import (
	"encoding/json"
	"net/netip"
	"testing"
	"time"
)

func dump(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestBGPSummaryCorpus(t *testing.T) {
	s, err := ParseBGPSummary(corpusFile(t, "get_router_info_bgp_summary", "ntc-templates__fortinet_get_router_info_bgp_summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if s.RouterID != netip.MustParseAddr("85.31.8.8") || s.LocalAS != 65302 || s.TableVersion != 13 || len(s.Peers) != 4 {
		t.Fatalf("summary = %+v", s)
	}
	p := s.Peers[1]
	if p.Neighbor != netip.MustParseAddr("10.205.35.95") || p.RemoteAS != 65302 || p.MsgRcvd != 107081 || p.MsgSent != 107168 ||
		p.TblVer != 12 || p.UpDown != "05:48:47" || !p.Established || p.PfxRcd != 1 || p.Span.Start != 8 {
		t.Errorf("peer = %+v", p)
	}
	if a := s.Peers[0]; a.StateText != "Active" || a.Established || a.PfxRcd != -1 || a.UpDown != "09w3d01h" {
		t.Errorf("peer 0 = %+v", a)
	}
	if i := s.Peers[3]; i.StateText != "Idle" || i.RemoteAS != 4224 || i.UpDown != "never" {
		t.Errorf("peer 3 = %+v", i)
	}
}

func TestBGPNeighborsCorpus(t *testing.T) {
	r, err := ParseBGPNeighbors(corpusFile(t, "get_router_info_bgp_neighbors", "ntc-templates__fortinet_get_router_info_bgp_neighbors.txt"))
	if err != nil || len(r.Neighbors) != 2 {
		t.Fatalf("ParseBGPNeighbors = %+v, %v", r, err)
	}
	n := r.Neighbors[0]
	if n.Addr != netip.MustParseAddr("10.105.1.254") || n.RemoteAS != 65400 || n.LocalAS != 65400 || n.Link != "internal" ||
		n.RemoteRouterID != netip.MustParseAddr("10.105.3.254") || n.State != "Established" || n.UpFor != "4d14h28m" ||
		n.HoldTime != 3 || n.Keepalive != 1 || n.MsgRcvd != 1517339 || n.NotificationsRcvd != 2 || n.MsgSent != 1482858 ||
		n.NotificationsSent != 6 || n.ConnectionsEstablished != 9 || n.ConnectionsDropped != 8 ||
		n.LocalHost != netip.MustParseAddr("10.105.1.2") || n.LocalPort != 3777 || n.ForeignPort != 179 ||
		n.NexthopInterface != "VPN1_0" || n.LastReset != "4d14h38m" || n.LastResetReason != "BGP Notification sent" ||
		n.Notification != "Hold Timer Expired/Unspecified Error Subcode" || n.PasswordConfigured {
		t.Errorf("neighbor = %+v", n)
	}
	af, ok := n.AF("IPv4 Unicast")
	if !ok || af.RouteMapIn != "prefer_vpn1root" || af.AcceptedPrefixes != 423 || af.AnnouncedPrefixes != 3 || af.SoftReconfig {
		t.Errorf("AF = %+v", af)
	}
	h, err := ParseBGPNeighbors(corpusFile(t, "get_router_info_bgp_neighbors", "FortiGate-Handbook__p2p-vpn-ospf-or-bgp__get_router_info_bgp_neighbors.txt"))
	if err != nil || len(h.Neighbors) != 1 {
		t.Fatalf("handbook = %+v, %v", h, err)
	}
	hn := h.Neighbors[0]
	hv4, _ := hn.AF("IPv4 Unicast")
	if hn.UpdateSource != "VPN-to-SH" || hn.UpFor != "00:08:37" || !hv4.SoftReconfig || hv4.AnnouncedPrefixes != 1 ||
		hn.ForeignPort != 15455 || hn.Span.Start != 2 {
		t.Errorf("handbook neighbor = %+v", hn)
	}
}

func TestRouteTableCorpus(t *testing.T) {
	rt, err := ParseRouteTable(corpusFile(t, "get_router_info_routing-table_all", "ntc-templates__fortinet_get_router_info_routing-table_all.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// the ntc expected parse has 10 rows for 8 prefixes (two have a second path)
	if len(rt.Routes) != 8 {
		t.Fatalf("routes = %d: %+v", len(rt.Routes), rt.Routes)
	}
	r := rt.Routes[0]
	if r.Code != "O*E2" || !r.CandidateDefault || r.Protocol != "ospf" || r.Prefix != netip.MustParsePrefix("0.0.0.0/0") ||
		r.Paths[0].Distance != 110 || r.Paths[0].Metric != 10 || r.Paths[0].NextHop != netip.MustParseAddr("10.149.127.253") ||
		r.Paths[0].Interface != "Tu-Hub01-Main" || r.Paths[0].Age != "03w2d20h" {
		t.Errorf("route 0 = %+v", r)
	}
	if c := rt.Routes[5]; c.Code != "C" || len(c.Paths) != 2 || !c.Paths[1].Connected || c.Paths[1].Interface != "Tu-Hub02-Main" {
		t.Errorf("route 5 = %+v", c)
	}
	if s := rt.Routes[7]; len(s.Paths) != 2 || s.Paths[1].NextHop != netip.MustParseAddr("4.3.2.1") || s.Paths[1].Interface != "wan" {
		t.Errorf("route 7 = %+v", s)
	}
	if o := rt.Routes[3]; o.Code != "O E2" || o.Paths[0].Age != "22:00:53" {
		t.Errorf("route 3 = %+v", o)
	}
	sp, err := ParseRouteTable(corpusFile(t, "get_router_info_routing-table_all", "FortiGate-Handbook__dialup-vpn-dynamic-routing__SPOKE1_get_router_info_routing-table_all_bgp.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b := sp.Lookup(netip.MustParsePrefix("192.168.0.0/24"))
	if len(b) != 1 || b[0].Protocol != "bgp" || b[0].Paths[0].Distance != 200 || b[0].Paths[0].NextHop != netip.MustParseAddr("10.10.10.1") ||
		b[0].Paths[0].RecursiveVia != "SPOKE1 tunnel 100.1.1.2" || b[0].Paths[0].Age != "00:21:41" {
		t.Errorf("bgp route = %+v", b)
	}
	tun := sp.Lookup(netip.MustParsePrefix("10.10.10.0/24"))
	if len(tun) != 1 || !tun[0].Paths[0].Tunnel || tun[0].Paths[0].Interface != "SPOKE1" || tun[0].Paths[0].NextHop != netip.MustParseAddr("100.1.1.2") {
		t.Errorf("tunnel route = %+v", tun)
	}
}

func TestInterfacesCorpus(t *testing.T) {
	ifs, err := ParseInterfaces(corpusFile(t, "get_system_interface", "ntc-templates__fortinet_get_system_interface_7.4.txt"))
	if err != nil || len(ifs) == 0 {
		t.Fatalf("ParseInterfaces = %v, %v", ifs, err)
	}
	p := ifs[0]
	if p.Name != "port1" || p.Mode != "dhcp" || p.Prefix != netip.MustParsePrefix("192.168.0.205/24") || !p.Up || p.Type != "physical" ||
		p.Span.Start != 1 || p.Span.End != 2 || p.Fields["ring-rx"] != "0" {
		t.Errorf("port1 = %+v", p)
	}
	all, err := ParseInterfaces(corpusFile(t, "get_system_interface", "ntc-templates__fortinet_get_system_interface.txt"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range all {
		if f.Name == "ssl.root" {
			found = f.Type == "tunnel" && f.Up && f.Mode == ""
		}
		if f.Name == "modem" && (f.Up || f.Mode != "pppoe") {
			t.Errorf("modem = %+v", f)
		}
	}
	if !found {
		t.Errorf("ssl.root tunnel not read")
	}
}

func TestPingCorpus(t *testing.T) {
	p, err := ParsePing("# execute ping 1.1.1.2\n" + corpusFile(t, "execute_ping", "FortiGate-Handbook__gre-over-ipsec__execute_ping_1.1.1.2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Target != netip.MustParseAddr("1.1.1.2") || p.DataBytes != 56 || p.Sent != 5 || p.Received != 5 || p.LossPercent != 0 ||
		p.RTTMin != 300*time.Microsecond || p.RTTAvg != 500*time.Microsecond || p.RTTMax != 700*time.Microsecond {
		t.Errorf("ping = %+v", p)
	}
	f, err := ParsePing(corpusFile(t, "execute_ping", "ntc-templates__fortinet_execute_ping_sendto_failed.txt"))
	if err != nil || f.Sent != 10 || f.Received != 0 || f.LossPercent != 100 || len(f.Errors) != 4 || f.Errors[0] != "sendto failed" {
		t.Errorf("sendto failed = %+v, %v", f, err)
	}
}

func TestBGPRoutesFixture(t *testing.T) {
	r, err := ParseBGPRoutes(read(t, "testdata/bgproutes_received.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if r.RouterID != netip.MustParseAddr("100.64.1.2") || r.Total != 2 || len(r.Paths) != 2 {
		t.Fatalf("routes = %+v", r)
	}
	p := r.Paths[0]
	if p.Prefix != netip.MustParsePrefix("10.10.0.0/25") || p.NextHop != netip.MustParseAddr("100.64.1.1") || !p.Valid || !p.Best ||
		p.Internal || p.Metric != 0 || p.LocPrf != -1 || p.Weight != 0 || dump(p.ASPath) != "[64512]" || p.Origin != "i" {
		t.Errorf("path 0 = %+v", p)
	}
	if q := r.Paths[1]; q.Prefix != netip.MustParsePrefix("10.10.0.0/24") || q.Metric != -1 || q.LocPrf != -1 || dump(q.ASPath) != "[64512,64512]" {
		t.Errorf("path 1 = %+v", q)
	}
	off, err := ParseBGPRoutes("FGT # get router info bgp neighbors 100.64.1.1 received-routes\n% Inbound soft reconfiguration not enabled\n")
	if err != nil || off.Unavailable != SoftReconfigOff {
		t.Errorf("soft reconfig off = %+v, %v", off, err)
	}
}

func TestRouteDetailFixture(t *testing.T) {
	d, err := ParseRouteDetail(read(t, "testdata/routedetail_bgp.txt"))
	if err != nil || len(d.Entries) != 1 {
		t.Fatalf("ParseRouteDetail = %+v, %v", d, err)
	}
	e := d.Entries[0]
	if e.Prefix != netip.MustParsePrefix("10.10.0.0/25") || e.Protocol != "bgp" || e.Distance != 20 || e.Metric != 0 || !e.Best ||
		e.LastUpdate != "00:10:12" || len(e.Paths) != 1 || e.Paths[0].NextHop != netip.MustParseAddr("100.64.1.1") ||
		e.Paths[0].Interface != "VC-DCA" {
		t.Errorf("entry = %+v", e)
	}
	n, err := ParseRouteDetail("FGT # get router info routing-table details 10.99.0.0\n% Network not in table\n")
	if err != nil || n.Unavailable != NotInTable || len(n.Entries) != 0 {
		t.Errorf("not in table = %+v, %v", n, err)
	}
}

func TestGREFixture(t *testing.T) {
	gs, err := ParseGRETunnels(read(t, "testdata/gre_two.txt"))
	if err != nil || len(gs) != 2 {
		t.Fatalf("ParseGRETunnels = %+v, %v", gs, err)
	}
	a := gs[0]
	if a.Name != "GRE-DCA" || a.Interface != "VC-DCA" || a.RemoteGW != netip.MustParseAddr("10.255.0.2") ||
		a.LocalGW != netip.MustParseAddr("10.255.0.1") || a.KeepaliveInterval != 10 || a.KeepaliveFailTime != 3 || a.Span.Start != 3 || a.Span.End != 9 {
		t.Errorf("GRE-DCA = %+v", a)
	}
	if b := gs[1]; b.Name != "GRE-DCB" || b.KeepaliveInterval != 0 {
		t.Errorf("GRE-DCB = %+v", b)
	}
}

func TestPingFixtureDF(t *testing.T) {
	p, err := ParsePing(read(t, "testdata/ping_df_too_big.txt"))
	if err != nil || p.Sent != 5 || p.Received != 0 || p.LossPercent != 100 || len(p.Errors) == 0 {
		t.Errorf("ParsePing = %+v, %v", p, err)
	}
}

// TestIKEStatusWords reads the SA status words FortiOS prints: 7.x writes
// a negotiating SA as "connecting, state 3, started 22s ago".
func TestIKEStatusWords(t *testing.T) {
	tests := []struct {
		status string
		want   SAState
	}{
		{"established 189-189s ago = 10ms", StateEstablished},
		{"connecting, state 3, started 22s ago", StateConnecting},
		{"connecting", StateConnecting},
		{"deleting", StateOther},
	}
	for _, tt := range tests {
		out := "vd: root/0\nname: vc-dca-p1\nversion: 2\ninterface: port1 3\naddr: 192.0.2.1:500 -> 198.51.100.1:500\n" +
			"IKE SA: created 1/1\n\n  id/spi: 1727 495a17243cf25b39/0000000000000000\n  direction: initiator\n  status: " + tt.status + "\n"
		gs, err := ParseIKEGateways(out)
		if err != nil || len(gs) != 1 || len(gs[0].SAs) != 1 {
			t.Fatalf("ParseIKEGateways(status %q): %v %+v", tt.status, err, gs)
		}
		if got := gs[0].SAs[0].State; got != tt.want {
			t.Errorf("ParseIKEGateways(status %q) state = %v, want %v", tt.status, got, tt.want)
		}
	}
}

// netlinkGRE is `diagnose netlink interface list` in the shape of real
// FortiOS 6.x/7.x outputs (a physical port with its Qdisc/re/te/misc
// lines, a GRE interface, type 778, and the one-line form some posts
// show, flags on the head line).
const netlinkGRE = `if=port1 family=00 type=1 index=3 mtu=1500 link=0 master=0
ref=54 state=start present fw_flags=0 flags=up broadcast run multicast
Qdisc=mq hw_addr=00:0c:29:fc:18:54 broadcast_addr=ff:ff:ff:ff:ff:ff
stat: rxp=61149 txp=81109 rxb=5839308 txb=52396373 rxe=0 txe=0 rxd=0 txd=0 mc=95 collision=0 @ time=1764580480
re: rxl=0 rxo=0 rxc=0 rxf=0 rxfi=0 rxm=0
te: txa=0 txc=0 txfi=0 txh=0 txw=0
misc rxc=0 txc=0
input_type=0 state=3 arp_entry=0 refcnt=54

if=vc-dca family=00 type=778 index=18 mtu=1400 link=0 master=0
ref=12 state=start present fw_flags=0 flags=up p2p noarp multicast
stat: rxp=20111 txp=20388 rxb=2011930 txb=1877402 rxe=0 txe=3 rxd=0 txd=0 mc=0 collision=0 @ time=1764580480
if=port2 family=00 type=1 index=4 mtu=1500 link=0 master=0 ref=8 state=start present flags=up broadcast run promsic multicast
`

func TestNetlinkInterfaces(t *testing.T) {
	ifs, err := ParseNetlinkInterfaces(netlinkGRE)
	if err != nil || len(ifs) != 3 {
		t.Fatalf("ParseNetlinkInterfaces = %d, %v; want 3 interfaces", len(ifs), err)
	}
	p1, gre, p2 := ifs[0], ifs[1], ifs[2]
	if p1.Name != "port1" || p1.Type != 1 || p1.Index != 3 || p1.MTU != 1500 || p1.State != "start present" ||
		!p1.Flag("up") || !p1.Flag("run") || p1.RxPackets != 61149 || p1.TxBytes != 52396373 || !p1.HasStats ||
		p1.StatTime != 1764580480 || p1.Span.Start != 1 || p1.Span.End != 8 {
		t.Errorf("port1 = %+v", p1)
	}
	if gre.Name != "vc-dca" || gre.Type != 778 || gre.MTU != 1400 || !gre.Flag("up") || gre.Flag("run") ||
		gre.TxErrors != 3 || gre.RxPackets != 20111 {
		t.Errorf("vc-dca = %+v", gre)
	}
	if p2.Name != "port2" || !p2.Flag("promsic") || !p2.Flag("run") || p2.State != "start present" || p2.HasStats {
		t.Errorf("port2 (one-line form) = %+v", p2)
	}
	for _, bad := range []string{"ref=12 flags=up\n", "stat: rxp=1\n"} {
		if _, err := ParseNetlinkInterfaces(bad); err == nil {
			t.Errorf("ParseNetlinkInterfaces(%q) = nil error, want a ParseError", bad)
		}
	}
	if ifs, err := ParseNetlinkInterfaces(""); err != nil || len(ifs) != 0 {
		t.Errorf("ParseNetlinkInterfaces(\"\") = %v, %v; want empty", ifs, err)
	}
}
