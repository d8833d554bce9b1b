package panos

import (
	"net/netip"
	"os"
	"slices"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

// fixture reads a file of parse/testdata (device format, written by us).
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("parse/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The expectations below were written from the fixtures before Read ran.

// TestReadRIBNeedsPeers: loc-rib and rib-out name peers; without a peer
// listing they add nothing (and say why), with one they become one
// listing per peer address, a peer with no row included.
func TestReadRIBNeedsPeers(t *testing.T) {
	cpe, o := read(t, nil, "show routing protocol bgp loc-rib", fixture(t, "loc_rib.txt"))
	if o.Err != nil || len(cpe.RoutesAccepted) != 0 || len(o.Notes) == 0 {
		t.Fatalf("without peers: err %v, %d listings, notes %q", o.Err, len(cpe.RoutesAccepted), o.Notes)
	}
	peers := "Peer: VC-DCA (id 1)\n  virtual router: default\n  Remote AS: 64602\n  Peer status: Established, for 10 seconds\n  Remote Address: 100.64.1.1:179\n" +
		"Peer: VC-DCB (id 2)\n  virtual router: default\n  Remote AS: 64612\n  Peer status: Established, for 10 seconds\n  Remote Address: 100.64.2.1:179\n" +
		"Peer: SPARE (id 3)\n  virtual router: default\n  Remote AS: 65000\n  Peer status: Idle\n  Remote Address: 10.9.9.9\n"
	cpe, o = read(t, nil, "show routing protocol bgp peer", peers)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	cpe, o = read(t, cpe, "show routing protocol bgp loc-rib", fixture(t, "loc_rib.txt"))
	if o.Err != nil || len(cpe.RoutesAccepted) != 3 {
		t.Fatalf("err %v, %d listings, want one per peer", o.Err, len(cpe.RoutesAccepted))
	}
	want := map[string][]string{
		"10.9.9.9":   nil,
		"100.64.1.1": {"203.0.113.0/24", "203.0.113.0/25"},
		"100.64.2.1": {"203.0.113.0/24", "203.0.113.128/25"},
	}
	for _, l := range cpe.RoutesAccepted {
		var got []string
		for _, r := range l.Items {
			got = append(got, r.Prefix.String())
		}
		if l.Scope.Partial || !slices.Equal(got, want[l.Scope.Key]) {
			t.Errorf("loc-rib for %s = %q (partial %v), want %q", l.Scope.Key, got, l.Scope.Partial, want[l.Scope.Key])
		}
	}
	cpe, o = read(t, cpe, "show routing protocol bgp rib-out", fixture(t, "rib_out.txt"))
	if o.Err != nil || len(cpe.RoutesAdvertised) != 3 {
		t.Fatalf("rib-out: err %v, %d listings", o.Err, len(cpe.RoutesAdvertised))
	}
	for _, l := range cpe.RoutesAdvertised {
		if l.Scope.Key == "100.64.1.1" {
			// The suppressed /25 is not sent.
			if len(l.Items) != 1 || l.Items[0].Prefix.Bits() != 0 || !l.Items[0].Originated {
				t.Errorf("advertised to VC-DCA = %+v", l.Items)
			}
		}
	}
	// A listing cut short (no footer) proves presence only.
	cut := fixture(t, "loc_rib.txt")
	cut = cut[:len(cut)-len("\n  total routes shown: 4\n")]
	cpe, o = read(t, cpe, "show routing protocol bgp loc-rib", cut)
	if o.Err != nil || !cpe.RoutesAccepted[len(cpe.RoutesAccepted)-1].Scope.Partial {
		t.Errorf("cut loc-rib: err %v, listing %+v", o.Err, cpe.RoutesAccepted[len(cpe.RoutesAccepted)-1].Scope)
	}
}

// TestReadGRETunnelInterface: a GRE tunnel interface carries its own
// state, endpoints and keepalive setting, and its configuration block.
func TestReadGRETunnelInterface(t *testing.T) {
	cpe, o := read(t, nil, "show interface tunnel.11", fixture(t, "interface_gre.txt"))
	if o.Err != nil || len(cpe.Interfaces) != 1 || len(cpe.Configs) != 1 {
		t.Fatalf("err %v, %d interface and %d config listings", o.Err, len(cpe.Interfaces), len(cpe.Configs))
	}
	i := cpe.Interfaces[0].Items[0]
	if i.Up || i.LineUp || i.DownReason != evidence.ReasonKeepalive || !i.Keepalive.Known || !i.Keepalive.On ||
		i.Keepalive.NotApplicable != "" || i.TunnelSource != netip.MustParseAddr("192.0.2.1") ||
		i.TunnelDestination != netip.MustParseAddr("198.51.100.2") || i.MTU != 1400 || !i.HasCounters {
		t.Errorf("tunnel.11 = %+v", i)
	}
	if got := i.Ref.Lines(evidence.AttrKeepalive); len(got) != 3 {
		t.Errorf("keepalive cited at %v, want the enabled, ka-send and ka-recv lines", got)
	}
	ic := cpe.Configs[0].Items[0].Interface("tunnel.11")
	// "Adjust TCP MSS: no" is no adjustment: a value, not unknown.
	if ic == nil || ic.IPMTU != 1400 || ic.AdjustMSS != 0 || ic.MSSUnknown || !ic.PMTUDUnknown || !cpe.Configs[0].Scope.Partial {
		t.Errorf("tunnel.11 config = %+v", ic)
	}
}

// TestReadFlowDetailAndTunnels: the detail block gives an IPsec SA with
// counters and selectors, with the transform of the same SA pair from
// show vpn ipsec-sa; show vpn tunnel gives the selector and policy of the
// peer the tables map its names to.
func TestReadFlowDetailAndTunnels(t *testing.T) {
	ipsec := "GwID/client IP  TnID   Peer-Address           Tunnel(Gateway)                                Algorithm          SPI(in)  SPI(out) life(Sec/KB)             remain-time(Sec)\n" +
		"1               1      198.51.100.1           TUN-VC-DCA:GRE-DCA(GW-VC-DCA)                  ESP/A256/SHA256    C4D1A9E2 7B3F0C15 3600/Unlimited           2874\n"
	cpe, o := read(t, nil, "show vpn ipsec-sa", ipsec)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	cpe, o = read(t, cpe, "show vpn flow tunnel-id 1", fixture(t, "flow_detail_proxy.txt"))
	if o.Err != nil || len(cpe.ChildSAs) != 2 {
		t.Fatalf("err %v, %d child listings", o.Err, len(cpe.ChildSAs))
	}
	l := cpe.ChildSAs[1]
	c := l.Items[0]
	if l.Rank <= cpe.ChildSAs[0].Rank || l.Scope.Key != "198.51.100.1" || !c.HasCounters || c.Encaps != 431907 || c.Decaps != 418233 ||
		!c.HasSA() || c.Inbound[0].SPI != "0xC4D1A9E2" || !slices.Equal(c.Outbound[0].Transform, []string{"esp-aes-256", "esp-sha256-hmac"}) ||
		c.Local.Protocol != 47 || c.Remote.Prefix != netip.MustParsePrefix("198.51.100.2/32") || c.Errors["replay packets"] != 3 {
		t.Errorf("flow SA = %+v", c)
	}
	cpe, o = read(t, cpe, "show vpn tunnel", fixture(t, "vpn_tunnel_proxyid.txt"))
	if o.Err != nil || len(cpe.Configs) != 1 {
		t.Fatalf("err %v, %d configs", o.Err, len(cpe.Configs))
	}
	cfg := cpe.Configs[0].Items[0]
	// TUN-VC-DCB's peer is in no table read: set aside, with a note.
	if len(cfg.Selectors) != 1 || len(cfg.IPsec) != 1 || len(o.Notes) != 1 {
		t.Fatalf("config = %+v, notes %q", cfg, o.Notes)
	}
	sel, pol := cfg.Selectors[0], cfg.IPsec[0]
	if sel.Peer != netip.MustParseAddr("198.51.100.1") || !sel.Defined || sel.Rules[0].Protocol != 47 ||
		sel.Rules[0].Source != netip.MustParsePrefix("192.0.2.1/32") || sel.Rules[0].AnyDest {
		t.Errorf("selector = %+v", sel)
	}
	if pol.PFSGroup != 20 || pol.Mode != "tunnel" || pol.Lifetime.Seconds() != 3600 || len(pol.Transforms) != 1 ||
		!slices.Equal(pol.Transforms[0], []string{"esp-aes-256", "esp-sha256-hmac"}) {
		t.Errorf("policy = %+v", pol)
	}
}

// TestReadSummaryAndVersion: the BGP summary is the BGP configuration
// (local AS, all peers, password from the peer listing); show system info
// the version.
func TestReadSummaryAndVersion(t *testing.T) {
	cpe, o := read(t, nil, "show routing protocol bgp peer", fixture(t, "bgp_peer_v10.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	sum := "  ==========\n  router id:       192.0.2.1\n  virtual router:  default\n  Local AS:        64601\n" +
		"    peer VC-DCA: AS 64602, Established, IP 100.64.1.1\n      bgpAfiIpv4/unicast pfx:    Accepted pfx: 2, Advertised pfx: 1\n"
	cpe, o = read(t, cpe, "show routing protocol bgp summary", sum)
	if o.Err != nil || len(cpe.Configs) != 1 {
		t.Fatalf("err %v, %d configs", o.Err, len(cpe.Configs))
	}
	b := cpe.Configs[0].Items[0].BGP
	n := b.Neighbor(netip.MustParseAddr("100.64.1.1"))
	if b.LocalAS != 64601 || n == nil || n.RemoteAS != 64602 || n.LocalAS != 64601 || !n.PasswordSet || len(n.Ref.Lines(evidence.AttrLocalAS)) != 1 {
		t.Errorf("BGP config = %+v, neighbor %+v", b, n)
	}
	if _, o = read(t, cpe, "show routing protocol bgp summary", "  ==========\n  virtual router: default\n"); len(o.Notes) == 0 || len(cpe.Configs) != 1 {
		t.Errorf("a summary without Local AS was read as configuration")
	}
	cpe, o = read(t, cpe, "show system info", fixture(t, "system_info.txt"))
	if o.Err != nil || len(cpe.Versions) != 1 {
		t.Fatalf("err %v", o.Err)
	}
	if v := cpe.Versions[0].Items[0]; v.Software != "PAN-OS" || v.Version != "10.2.9-h1" || v.Model != "PA-3220" || v.Hostname != "PA-CPE" {
		t.Errorf("version = %+v", v)
	}
}

func TestAlgorithms(t *testing.T) {
	tests := []struct {
		in, enc, integ, prf string
		dh                  int
	}{
		{"PSK/DH14/A256/SHA256", "aes-cbc-256", "sha256", "", 14},
		{"PSK/ DH2/A128/SHA1", "aes-cbc-128", "sha1", "", 2},
		{"PSK/DH20/G256/SHA512", "aes-gcm-256", "none", "sha512", 20},
		{"PSK/DH14/3DES/SHA1", "", "sha1", "", 14},
	}
	for _, tt := range tests {
		enc, integ, prf, dh := algorithms(tt.in)
		if enc != tt.enc || integ != tt.integ || prf != tt.prf || dh != tt.dh {
			t.Errorf("algorithms(%q) = %q %q %q %d, want %q %q %q %d", tt.in, enc, integ, prf, dh, tt.enc, tt.integ, tt.prf, tt.dh)
		}
	}
}

// TestReadRoutesPerVirtualRouter: one whole-table listing per virtual
// router, so that a lookup stays in the tunnel's routing table.
func TestReadRoutesPerVirtualRouter(t *testing.T) {
	table := "VIRTUAL ROUTER: default (id 1)\n  ==========\n" +
		"destination                                 nexthop                                 metric flags      age   interface          next-AS\n" +
		"203.0.113.0/25                              100.64.1.1                              0      A B        812   tunnel.11          64602\n" +
		"VIRTUAL ROUTER: vr-dcb (id 2)\n  ==========\n" +
		"destination                                 nexthop                                 metric flags      age   interface          next-AS\n" +
		"203.0.113.0/25                              100.64.2.1                              0      A B        810   tunnel.12          64612\n" +
		"total routes shown: 2\n"
	cpe, o := read(t, nil, "show routing route", table)
	if o.Err != nil || len(cpe.RouteLookups) != 2 {
		t.Fatalf("err %v, %d listings", o.Err, len(cpe.RouteLookups))
	}
	for _, l := range cpe.RouteLookups {
		want := map[string]string{"": "tunnel.11", "vr-dcb": "tunnel.12"}[l.Scope.VRF]
		if len(l.Items) != 1 || l.Items[0].NextHops[0].Interface != want {
			t.Errorf("VRF %q: %+v, want the route via %s", l.Scope.VRF, l.Items, want)
		}
	}
}
