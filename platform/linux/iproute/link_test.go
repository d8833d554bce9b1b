package iproute

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

func TestParseLinksDetailStats(t *testing.T) {
	ls, err := ParseLinks(corpustest.Fixture(t, "link/gre-detail-stats.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Links) != 6 || ls.JSON || ls.DeviceMissing {
		t.Fatalf("got %d links json=%v missing=%v, want 6 text links", len(ls.Links), ls.JSON, ls.DeviceMissing)
	}
	gre1 := ls.Links[3]
	want := Link{
		Index: 7, Name: "gre1", Parent: "NONE", Flags: []string{"POINTOPOINT", "NOARP", "UP", "LOWER_UP"},
		MTU: 1476, Qdisc: "noqueue", State: "UNKNOWN", Mode: "DEFAULT", Group: "default", QLen: 1000,
		LinkType: "gre", Address: "198.51.100.1", Peer: "198.51.100.2", Kind: "gre",
		Tunnel: &Tunnel{Remote: netip.MustParseAddr("198.51.100.2"), Local: netip.MustParseAddr("198.51.100.1"), TTL: 255, TOS: "inherit",
			PMTUDisc: true, PMTUDiscSet: true, IKey: "0.0.0.1", OKey: "0.0.0.1", Line: 21},
		Stats: &Stats{
			RX: Counters{Bytes: 918273, Packets: 4521, Line: 23},
			TX: Counters{Bytes: 817263, Packets: 4498, Errors: 2, Dropped: 1, Line: 25},
		},
		Span: parsers.Span{Start: 19, End: 25},
	}
	if d := corpustest.Diff(want, gre1); d != "" {
		t.Errorf("gre1 (-want +got):\n%s", d)
	}
	if !gre1.Running() || !gre1.AdminUp() {
		t.Errorf("gre1 should be running")
	}
	gre2 := ls.Links[4]
	if gre2.State != "DOWN" || gre2.AdminUp() || gre2.Running() || gre2.Qdisc != "noop" {
		t.Errorf("gre2 state %s flags %v", gre2.State, gre2.Flags)
	}
	if tu := gre2.Tunnel; tu == nil || !tu.TTLInherit || tu.TTL != 0 || tu.PMTUDisc || !tu.PMTUDiscSet || tu.IKey != "0.0.0.2" || tu.OKey != "0.0.0.2" || tu.Remote != netip.MustParseAddr("203.0.113.138") {
		t.Errorf("gre2 tunnel %+v", gre2.Tunnel)
	}
	eth1 := ls.Links[2]
	if !eth1.HasFlag("NO-CARRIER") || eth1.Running() || !eth1.AdminUp() || eth1.State != "DOWN" || eth1.Stats.TX.Carrier != 10 {
		t.Errorf("eth1 %+v", eth1)
	}
	eth0 := ls.Links[1]
	if eth0.Stats.RX.Bytes != 987654321 || eth0.Stats.RX.Dropped != 12 || eth0.Stats.RX.Multicast != 44 || eth0.LinkType != "ether" || eth0.Address != "52:54:00:12:34:56" || eth0.Broadcast != "ff:ff:ff:ff:ff:ff" || eth0.Kind != "" {
		t.Errorf("eth0 %+v %+v", eth0, eth0.Stats)
	}
	x := ls.Links[5]
	if x.Name != "ipsec1" || x.Parent != "eth0" || x.Kind != "xfrm" || x.Tunnel == nil || x.Tunnel.IfID != "0x1" || x.LinkType != "none" || x.Stats.TX.Dropped != 3 {
		t.Errorf("ipsec1 %+v", x)
	}
	if lo := ls.Links[0]; lo.Kind != "" || lo.LinkType != "loopback" || lo.Span != (parsers.Span{Start: 1, End: 6}) {
		t.Errorf("lo %+v", lo)
	}
}

func TestParseLinksOldStats(t *testing.T) {
	ls, err := ParseLinks(corpustest.Fixture(t, "link/old-stats.txt"))
	if err != nil {
		t.Fatal(err)
	}
	l := ls.Links[0]
	wantRX := Counters{Bytes: 123456, Packets: 789, Errors: 1, Dropped: 2, Overrun: 3, Multicast: 4, Missed: 9, Line: 4}
	wantTX := Counters{Bytes: 654321, Packets: 987, Errors: 5, Dropped: 6, Carrier: 7, Collisions: 8, Line: 8}
	if d := corpustest.Diff(wantRX, l.Stats.RX); d != "" {
		t.Errorf("RX (-want +got):\n%s", d)
	}
	if d := corpustest.Diff(wantTX, l.Stats.TX); d != "" {
		t.Errorf("TX (-want +got):\n%s", d)
	}
	if l.Span != (parsers.Span{Start: 1, End: 10}) || l.Kind != "" || l.QLen != 1 {
		t.Errorf("span %+v kind %q qlen %d", l.Span, l.Kind, l.QLen)
	}
}

func TestParseLinksAddresses(t *testing.T) {
	ls, err := ParseLinks(corpustest.Fixture(t, "link/address.txt"))
	if err != nil {
		t.Fatal(err)
	}
	l := ls.Links[0]
	want := []Address{
		{Family: "inet", Prefix: netip.MustParsePrefix("10.255.0.1/30"), Scope: "global", Label: "gre1", Line: 4},
		{Family: "inet", Prefix: netip.MustParsePrefix("100.64.0.1/32"), Peer: netip.MustParsePrefix("100.64.0.2/32"), Scope: "global", Label: "gre1", Line: 6},
		{Family: "inet6", Prefix: netip.MustParsePrefix("fe80::5efe:c633:6401/64"), Scope: "link", Line: 8},
	}
	if d := corpustest.Diff(want, l.Addresses); d != "" {
		t.Errorf("addresses (-want +got):\n%s", d)
	}
	if l.Mode != "" || l.Group != "default" || l.Tunnel == nil || l.Tunnel.TTL != 255 || l.Span.End != 9 {
		t.Errorf("link %+v", l)
	}
}

func TestParseLinksOneline(t *testing.T) {
	ls, err := ParseLinks(corpustest.Fixture(t, "link/oneline.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Links) != 2 {
		t.Fatalf("got %d links, want 2", len(ls.Links))
	}
	if l := ls.Links[1]; l.Name != "gre2" || l.LinkType != "gre" || l.Peer != "203.0.113.138" || l.Span != (parsers.Span{Start: 2, End: 2}) {
		t.Errorf("gre2 %+v", l)
	}
}

func TestParseLinksJSONPretty(t *testing.T) {
	ls, err := ParseLinks(corpustest.Fixture(t, "link/pretty.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !ls.JSON || len(ls.Links) != 2 {
		t.Fatalf("json=%v links=%d", ls.JSON, len(ls.Links))
	}
	want := Link{
		Index: 7, Name: "gre1", Parent: "NONE", Flags: []string{"POINTOPOINT", "NOARP", "UP", "LOWER_UP"},
		MTU: 1476, Qdisc: "noqueue", State: "UNKNOWN", Mode: "DEFAULT", Group: "default", QLen: 1000,
		LinkType: "gre", Address: "198.51.100.1", Peer: "198.51.100.2", Kind: "gre",
		Tunnel: &Tunnel{Remote: netip.MustParseAddr("198.51.100.2"), Local: netip.MustParseAddr("198.51.100.1"), TTL: 255,
			PMTUDisc: true, PMTUDiscSet: true, IKey: "0.0.0.1", OKey: "0.0.0.1"},
		Stats: &Stats{
			RX: Counters{Bytes: 918273, Packets: 4521},
			TX: Counters{Bytes: 817263, Packets: 4498, Errors: 2, Dropped: 1},
		},
		Span: parsers.Span{Start: 1, End: 46},
	}
	if d := corpustest.Diff(want, ls.Links[0]); d != "" {
		t.Errorf("gre1 (-want +got):\n%s", d)
	}
	g2 := ls.Links[1]
	if g2.Span != (parsers.Span{Start: 46, End: 72}) || g2.State != "DOWN" || g2.Stats != nil || !g2.Tunnel.TTLInherit || g2.Tunnel.PMTUDisc || !g2.Tunnel.PMTUDiscSet {
		t.Errorf("gre2 %+v tunnel %+v", g2, g2.Tunnel)
	}
}

func TestParseLinksEmptyAndMissing(t *testing.T) {
	for _, name := range []string{"link/empty.json"} {
		ls, err := ParseLinks(corpustest.Fixture(t, name))
		if err != nil || len(ls.Links) != 0 || !ls.JSON {
			t.Errorf("%s: %+v, %v", name, ls, err)
		}
	}
	for _, in := range []string{"", "\n", "  \r\n"} {
		ls, err := ParseLinks(in)
		if err != nil || len(ls.Links) != 0 || ls.DeviceMissing {
			t.Errorf("ParseLinks(%q) = %+v, %v; want empty", in, ls, err)
		}
	}
	ls, err := ParseLinks(corpustest.Fixture(t, "link/missing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !ls.DeviceMissing || ls.Device != "gre9" || ls.MissingLine != 1 || len(ls.Links) != 0 {
		t.Errorf("missing: %+v", ls)
	}
}

func TestParseLinksGarbage(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"ip route", "default via 198.51.100.2 dev wan-a proto static\n", 1},
		{"swanctl", "vc-a: #1, ESTABLISHED, IKEv2, 8f56483545120f73_i* d6eb3d5e14d3bf24_r\n  local  'cpe' @ 1.2.3.4[4500]\n", 1},
		{"random", "\x00\xff\xfe\x01zz\n", 1},
		{"indent first", "    link/gre 1.2.3.4 peer 5.6.7.8\n", 1},
		{"human counters", "2: eth0: <UP> mtu 1500 state UP\n    link/ether 00:00:00:00:00:01\n    RX:  bytes packets errors dropped  missed   mcast\n         92.5k     206      0       0       0       0\n", 4},
		{"bad json", "[{\"ifindex\": 1,\n \"ifname\": }]\n", 2},
		{"json not objects", "[1, 2]\n", 1},
		{"json no ifname", "[{\"ifindex\": 1}]\n", 1},
		{"json unterminated", "[{\"ifindex\": 1, \"ifname\": \"lo\"}\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls, err := ParseLinks(tt.in)
			if ls != nil {
				t.Errorf("got result %+v with error", ls)
			}
			if pe := corpustest.WantParseError(t, err); pe.Line != tt.line {
				t.Errorf("error %v at line %d, want %d", pe, pe.Line, tt.line)
			}
		})
	}
}

// TestParseLinksCorpus checks the lab captures and the ntc-templates
// samples against what each file shows.
func TestParseLinksCorpus(t *testing.T) {
	type ifc struct {
		Name, Parent, State, LinkType string
		MTU                           int
		RXBytes, TXPackets            uint64
	}
	wants := map[string][]ifc{
		"ip_-s_link_show/lab__healthy__cpe.txt": {
			{"lo", "", "UNKNOWN", "loopback", 65536, 0, 0}, {"ipsec0", "", "UNKNOWN", "none", 1400, 92535, 226},
			{"wan-a", "if26", "UP", "ether", 1500, 20496, 131}, {"wan-b", "if28", "UP", "ether", 1500, 95004, 126}},
		"ip_-s_link_show/lab__peer-down-late__cpe.txt": {
			{"lo", "", "UNKNOWN", "loopback", 65536, 0, 0}, {"ipsec0", "", "UNKNOWN", "none", 1400, 179662, 768},
			{"wan-a", "if26", "UP", "ether", 1500, 113874, 574}, {"wan-b", "if28", "UP", "ether", 1500, 143578, 294}},
		"ip_-j_-s_link_show/lab__healthy__cpe.txt": {
			{"lo", "", "UNKNOWN", "loopback", 65536, 0, 0}, {"ipsec0", "", "UNKNOWN", "none", 1400, 92535, 226},
			{"wan-a", "", "UP", "ether", 1500, 20496, 131}, {"wan-b", "", "UP", "ether", 1500, 95004, 126}},
		"ip_-d_link_show/lab__healthy__cpe.txt": {
			{"lo", "", "UNKNOWN", "loopback", 65536, 0, 0}, {"ipsec0", "", "UNKNOWN", "none", 1400, 0, 0},
			{"wan-a", "if26", "UP", "ether", 1500, 0, 0}, {"wan-b", "if28", "UP", "ether", 1500, 0, 0}},
		"ip_link_show/ntc-templates__linux_ip_link_show_2.txt": {
			{"lo", "", "UNKNOWN", "loopback", 65536, 0, 0}, {"eth0", "", "UP", "ether", 1500, 0, 0},
			{"wlan0", "", "DOWN", "ether", 1500, 0, 0}},
	}
	for _, cmd := range []string{"ip_-s_link_show", "ip_-d_link_show", "ip_-j_-s_link_show", "ip_link_show", "ip_address_show"} {
		for _, p := range corpustest.CorpusFiles(t, cmd) {
			key := cmd + "/" + filepath.Base(p)
			t.Run(key, func(t *testing.T) {
				in := corpustest.ReadFile(t, p)
				ls, err := ParseLinks(in)
				if err != nil {
					t.Fatal(err)
				}
				n := len(parsers.Lines(in))
				if len(ls.Links) == 0 {
					t.Fatal("no links")
				}
				for _, l := range ls.Links {
					corpustest.CheckSpan(t, l.Span, n)
				}
				w, ok := wants[key]
				if !ok {
					return
				}
				var got []ifc
				for _, l := range ls.Links {
					g := ifc{l.Name, l.Parent, l.State, l.LinkType, l.MTU, 0, 0}
					if l.Stats != nil {
						g.RXBytes, g.TXPackets = l.Stats.RX.Bytes, l.Stats.TX.Packets
					}
					got = append(got, g)
				}
				if d := corpustest.Diff(w, got); d != "" {
					t.Errorf("links (-want +got):\n%s", d)
				}
			})
		}
	}
}

func TestParseLinksCorpusDetail(t *testing.T) {
	in := corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ip_-d_link_show"), "lab__healthy__cpe.txt"))
	ls, err := ParseLinks(in)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{"", "tun", "veth", "veth"}
	for i, l := range ls.Links {
		if l.Kind != kinds[i] {
			t.Errorf("%s kind %q, want %q", l.Name, l.Kind, kinds[i])
		}
	}
	if ip := ls.Links[1]; ip.Span != (parsers.Span{Start: 3, End: 5}) || !ip.HasFlag("POINTOPOINT") || ip.QLen != 500 || ip.Tunnel != nil {
		t.Errorf("ipsec0 %+v", ip)
	}
	if w := ls.Links[2]; w.LinkNetns != "mvl-dca" || w.Address != "9a:03:f6:8e:10:5d" || w.Index != 27 {
		t.Errorf("wan-a %+v", w)
	}
	busy, err := ParseLinks(corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ip_link_show"), "ntc-templates__busybox_ip_link_show.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if l := busy.Links[1]; l.Alias != "WAN" || l.Mode != "DEFAULT" || l.QLen != 0 {
		t.Errorf("busybox eth0 %+v", l)
	}
	if l := busy.Links[4]; l.Name != "imq0" || l.LinkType != "void" || l.Alias != "Priority Queue" || l.QLen != 11000 {
		t.Errorf("busybox imq0 %+v", l)
	}
	j, err := ParseLinks(corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ip_-j_-s_link_show"), "lab__healthy__cpe.txt")))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range j.Links {
		if l.Span != (parsers.Span{Start: 1, End: 1}) {
			t.Errorf("%s span %+v, want line 1 (compact JSON)", l.Name, l.Span)
		}
	}
	if w := j.Links[2]; w.Index != 27 || w.LinkNetns != "1" || w.Stats.TX.Bytes != 21722 || w.Address != "9a:03:f6:8e:10:5d" {
		t.Errorf("wan-a JSON %+v", w)
	}
	addr, err := ParseLinks(corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ip_address_show"), "ntc-templates__linux_ip_address_show.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if a := addr.Links[1].Addresses; len(a) == 0 || a[0].Prefix != netip.MustParsePrefix("192.168.131.128/24") || a[0].Broadcast != netip.MustParseAddr("192.168.131.255") {
		t.Errorf("ens32 addresses %+v", a)
	}
	if l := addr.Links[2]; l.Name != "gpd0" || l.LinkType != "none" || len(l.Addresses) != 1 || l.Addresses[0].Prefix != netip.MustParsePrefix("10.20.20.12/32") {
		t.Errorf("gpd0 %+v", l)
	}
	if l := addr.Links[5]; l.Master != "vrf-blue" || len(l.Addresses) != 2 || l.Addresses[1].Label != "brred" {
		t.Errorf("brblue %+v", l)
	}
}
