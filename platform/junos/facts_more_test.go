package junos

import (
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// readAll runs Read on outputs in order, on one CPE, as a session does.
func readAll(t *testing.T, outs ...[2]string) *evidence.CPE {
	t.Helper()
	cpe := &evidence.CPE{Name: "cpe", Platform: Name}
	for _, x := range outs {
		c, ok := Platform{}.Identify(x[0])
		if !ok {
			t.Fatalf("Identify(%q) failed", x[0])
		}
		o := &evidence.Output{Command: c.Text, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant, Families: c.Families,
			Text: x[1], Lines: parsers.Lines(x[1]), Source: "test"}
		cpe.Add(o)
		Platform{}.Read(o, cpe)
		if o.Err != nil {
			t.Fatalf("Read(%q): %v", x[0], o.Err)
		}
	}
	return cpe
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("parse/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The expectations below were written from the messages' meaning before
// Read ran.
func TestReadLogEvents(t *testing.T) {
	cpe := readAll(t, [2]string{"show log messages | last 500", testdata(t, "log_messages.txt")})
	if len(cpe.Logs) != 1 || len(cpe.Logs[0].Items) != 10 {
		t.Fatalf("logs = %+v", cpe.Logs)
	}
	a1, a2 := netip.MustParseAddr("100.64.1.1"), netip.MustParseAddr("100.64.2.1")
	for i, want := range []struct {
		kind   evidence.LogKind
		peer   netip.Addr
		detail string
	}{
		{evidence.LogOther, netip.Addr{}, "UI_COMMIT_COMPLETED: commit complete"},
		{evidence.LogBGPAuthInvalid, a1, "TCP MD5: wrong MD5 digest"},
		{evidence.LogBGPNotification, a1, "4/0 (Hold Timer Expired Error) sent to"},
		{evidence.LogBGPAdjChange, a1, "changed state from Established to Idle"},
		{evidence.LogBGPAuthMissing, a2, "TCP MD5: missing MD5 digest"},
		{evidence.LogBGPAuthUnwanted, a2, "TCP MD5: unexpectedly has MD5 digest"},
		{evidence.LogBGPNotification, a2, "2/2 (Open Message Error/bad peer AS number) sent to"},
		{evidence.LogIKE, netip.MustParseAddr("198.51.100.1"), "IKE negotiation failed: No proposal chosen"},
		{evidence.LogIKE, netip.MustParseAddr("198.51.100.65"), "VPN vpn-dcb is down"},
		{evidence.LogLink, netip.Addr{}, "SNMP_TRAP_LINK_DOWN: ifIndex 540, ifAdminStatus up(1), ifOperStatus down(2), ifName gr-0/0/0.0"},
	} {
		e := cpe.Logs[0].Items[i]
		if e.Kind != want.kind || e.Peer != want.peer || e.Detail != want.detail {
			t.Errorf("event %d = %s %s %q, want %s %s %q", i, e.Kind, e.Peer, e.Detail, want.kind, want.peer, want.detail)
		}
	}
	if e := cpe.Logs[0].Items[7]; e.Local != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("IKE failure local = %s", e.Local)
	}
	if e := cpe.Logs[0].Items[9]; e.Interface != "gr-0/0/0.0" {
		t.Errorf("link trap interface = %q", e.Interface)
	}
}

func TestIdentitySelector(t *testing.T) {
	for _, tc := range []struct {
		in    string
		ok    bool
		want  string
		proto int
	}{
		{"ipv4(0.0.0.0-255.255.255.255)", true, "0.0.0.0/0", 0},
		{"ipv4(192.0.2.1-192.0.2.1)", true, "192.0.2.1/32", 0},
		{"ipv4(10.0.0.0-10.0.0.255)", true, "10.0.0.0/24", 0},
		{"ipv4(10.0.0.1-10.0.0.7)", false, "", 0},
		{"ipv4_subnet(any:0,[0..7]=0.0.0.0/0)", true, "0.0.0.0/0", 0},
		{"ipv4_subnet(gre:0,[0..7]=192.0.2.1/32)", true, "192.0.2.1/32", 47},
		{"ipv4(gre:0,[0..3]=198.51.100.2)", true, "198.51.100.2/32", 47},
		{"ipv4(47:0,[0..3]=198.51.100.2)", true, "198.51.100.2/32", 47},
		{"ipv4(tcp:0,[0..3]=198.51.100.2)", true, "198.51.100.2/32", -1},
		{"", false, "", 0},
		{"ipv4(x)", false, "", 0},
	} {
		s, ok := identitySelector(tc.in)
		if ok != tc.ok || ok && (s.Prefix.String() != tc.want || s.Protocol != tc.proto) {
			t.Errorf("identitySelector(%q) = %+v, %v; want %s proto %d, %v", tc.in, s, ok, tc.want, tc.proto, tc.ok)
		}
	}
}

func TestReadIPsecIkedGCM(t *testing.T) {
	cpe := readAll(t, [2]string{"show security ipsec security-associations detail", testdata(t, "ipsec_detail_iked.txt")})
	c := cpe.ChildSAs[0].Items[0]
	if !c.PFS || c.PFSGroup != 20 || len(c.Inbound) != 1 || len(c.Inbound[0].Transform) != 1 || c.Inbound[0].Transform[0] != "esp-gcm-256" ||
		c.Inbound[0].SPI != "0x6304b842" || c.Local.Prefix != netip.MustParsePrefix("0.0.0.0/0") || c.Local.Protocol != 0 {
		t.Errorf("child SA = %+v", c)
	}
}

// TestReadIKEAgeFromConfig: the detail form prints only the time left;
// with the gateway's configured lifetime read first, the age is known.
func TestReadIKEAgeFromConfig(t *testing.T) {
	cfg := `set security ike proposal P authentication-method pre-shared-keys
set security ike proposal P lifetime-seconds 28800
set security ike policy POL proposals P
set security ike gateway gw-dca ike-policy POL
set security ike gateway gw-dca address 198.51.100.1
set security ike gateway gw-dca version v2-only
`
	ike := testdata(t, "ike_detail_cluster.txt")
	cpe := readAll(t, [2]string{"show configuration | display set", cfg}, [2]string{"show security ike security-associations detail", ike})
	sa := cpe.IKESAs[0].Items[0]
	if !sa.AgeKnown || sa.Lifetime != 8*time.Hour || sa.Age != 8*time.Hour-2148*time.Second {
		t.Errorf("SA age %v known %v lifetime %v", sa.Age, sa.AgeKnown, sa.Lifetime)
	}
	cpe = readAll(t, [2]string{"show security ike security-associations detail", ike})
	if sa := cpe.IKESAs[0].Items[0]; sa.AgeKnown {
		t.Errorf("without a configuration the age is known: %v", sa.Age)
	}
}

func TestReadConfigUnitsAndSelectors(t *testing.T) {
	cpe := readAll(t, [2]string{"show configuration | display set", testdata(t, "config_gre_units.txt")})
	var units *evidence.Config
	var crypto *evidence.Config
	for _, l := range cpe.Configs {
		switch l.Scope.Key {
		case "interfaces":
			units = &l.Items[0]
		case "crypto":
			crypto = &l.Items[0]
		}
	}
	if units == nil || crypto == nil {
		t.Fatalf("configs = %+v", cpe.Configs)
	}
	gr := units.Interface("gr-0/0/0.0")
	if gr == nil || !gr.IsTunnel || gr.TunnelSource != netip.MustParseAddr("192.0.2.1") || gr.TunnelDestination != netip.MustParseAddr("198.51.100.2") ||
		gr.IPMTU != 1400 || gr.AdjustMSS != 1350 || !gr.PMTUDUnknown || gr.Address != netip.MustParsePrefix("100.64.1.2/30") ||
		!gr.Keepalive.Known || gr.Keepalive.Period != 10*time.Second || gr.Keepalive.Retries != 3 {
		t.Errorf("gr-0/0/0.0 = %+v", gr)
	}
	if u := units.Interface("gr-0/0/0.1"); u == nil || !u.Shutdown {
		t.Errorf("gr-0/0/0.1 = %+v", u)
	}
	if ge := units.Interface("ge-0/0/0.0"); ge == nil || ge.IsTunnel || ge.AdjustMSS != 0 {
		t.Errorf("ge-0/0/0.0 = %+v", ge)
	}
	if len(crypto.Selectors) != 2 {
		t.Fatalf("selectors = %+v", crypto.Selectors)
	}
	a, b := crypto.Selectors[0], crypto.Selectors[1]
	if a.Peer != netip.MustParseAddr("198.51.100.1") || a.Rules[0].Protocol != 47 ||
		a.Rules[0].Source != netip.MustParsePrefix("192.0.2.1/32") || a.Rules[0].Destination != netip.MustParsePrefix("198.51.100.2/32") {
		t.Errorf("vpn-dca selector = %+v", a)
	}
	// Without a proxy-identity a route-based VPN negotiates any to any.
	if b.Peer != netip.MustParseAddr("198.51.100.65") || b.Rules[0].Protocol != 0 || !b.Rules[0].AnySource || !b.Rules[0].AnyDest {
		t.Errorf("vpn-dcb selector = %+v", b)
	}
}

func TestGREMSS(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  string
		want int
	}{
		{"both", "set security flow tcp-mss gre-in mss 1360\nset security flow tcp-mss gre-out mss 1350\n", 1350},
		{"gre-out only", "set security flow tcp-mss gre-out mss 1340\n", 1340},
		{"all-tcp", "set security flow tcp-mss all-tcp mss 1300\n", 1300},
		{"ipsec-vpn only", "set security flow tcp-mss ipsec-vpn mss 1300\n", 0},
	} {
		cpe := readAll(t, [2]string{"show configuration | display set", tc.cfg + "set interfaces gr-0/0/0 unit 0 tunnel source 192.0.2.1\n"})
		got := -1
		for _, l := range cpe.Configs {
			if l.Scope.Key == "interfaces" {
				got = l.Items[0].Interface("gr-0/0/0.0").AdjustMSS
			}
		}
		if got != tc.want {
			t.Errorf("%s: MSS %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestReadBGPUpFromSummary: the neighbor detail has no up time; the
// summary row read before it gives it.
func TestReadBGPUpFromSummary(t *testing.T) {
	sum := `Groups: 1 Peers: 1 Down peers: 0
Table          Tot Paths  Act Paths Suppressed    History Damp State    Pending
inet.0
                       2          2          0          0          0          0
Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...
100.64.1.1            64602        268        271       0       0     2:12:41 2/2/2/0              0/0/0/0
`
	nbr := `Peer: 100.64.1.1+179 AS 64602 Local: 100.64.1.2+52114 AS 64601
  Group: DI-DCA               Routing-Instance: master
  Type: External    State: Established    Flags: <Sync>
  Last State: OpenConfirm   Last Event: RecvKeepAlive
  Last Error: None
  Number of flaps: 0
`
	cpe := readAll(t, [2]string{"show bgp summary", sum}, [2]string{"show bgp neighbor 100.64.1.1", nbr})
	n := cpe.BGPNeighbors[1].Items[0]
	if !n.UpKnown || n.Up != 2*time.Hour+12*time.Minute+41*time.Second || n.UpRaw != "2:12:41" {
		t.Errorf("neighbor = %+v", n)
	}
}

func TestReadInterfaceRates(t *testing.T) {
	cpe := readAll(t, [2]string{"show interfaces gr-0/0/0.0 extensive", testdata(t, "gr_unit_extensive.txt")})
	it := cpe.Interfaces[0].Items[0]
	if !it.HasRates || it.InRate != 18412640 || it.OutRate != 9871112 || !it.IsTunnel || !it.Keepalive.On {
		t.Errorf("gr-0/0/0.0 = %+v", it)
	}
}

// TestReadIPsecStatsAttribution: the counters name no peer; they go to the
// tunnel the SA listing read before them gives the index (or the only
// tunnel), and are refused otherwise.
func TestReadIPsecStatsAttribution(t *testing.T) {
	brief := testdata(t, "ipsec_brief_totals.txt")
	stats := testdata(t, "ipsec_stats.txt")
	cpe := readAll(t, [2]string{"show security ipsec security-associations", brief},
		[2]string{"show security ipsec statistics index 131074", stats})
	if len(cpe.ChildSAs) != 2 {
		t.Fatalf("child SA listings = %d", len(cpe.ChildSAs))
	}
	l := cpe.ChildSAs[1]
	c := l.Items[0]
	if l.Rank != 3 || l.Scope.Key != "198.51.100.65" || !c.HasCounters || c.Encaps != 40683 || c.Decaps != 40538 ||
		c.Errors["ESP authentication failures"] != 3 || c.Errors["Invalid SPI"] != 2 || len(c.Errors) != 2 ||
		len(c.Inbound) != 1 || c.Inbound[0].SPI != "0x3fa6c7d1" {
		t.Errorf("stats listing = %+v", l)
	}
	for _, tc := range []struct {
		name string
		outs [][2]string
	}{
		{"all tunnels, two listed", [][2]string{{"show security ipsec security-associations", brief}, {"show security ipsec statistics", stats}}},
		{"unknown index", [][2]string{{"show security ipsec security-associations", brief}, {"show security ipsec statistics index 131099", stats}}},
		{"no SA listing before", [][2]string{{"show security ipsec statistics index 131073", stats}}},
	} {
		cpe := &evidence.CPE{Name: "cpe", Platform: Name}
		var last *evidence.Output
		for _, x := range tc.outs {
			c, _ := Platform{}.Identify(x[0])
			last = &evidence.Output{Command: c.Text, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant, Families: c.Families,
				Text: x[1], Lines: parsers.Lines(x[1])}
			cpe.Add(last)
			Platform{}.Read(last, cpe)
		}
		if last.Err == nil || len(cpe.ChildSAs) > 1 {
			t.Errorf("%s: err %v, %d listings", tc.name, last.Err, len(cpe.ChildSAs))
		}
	}
}

// TestReadIKEAgeBackfill: a live run reads the IKE samples before the
// configuration; reading the configuration then gives their ages.
func TestReadIKEAgeBackfill(t *testing.T) {
	cfg := `set security ike proposal P authentication-algorithm sha-256
set security ike proposal P prf hmac-sha-384
set security ike proposal P lifetime-seconds 28800
set security ike policy POL proposals P
set security ike gateway gw-dca ike-policy POL
set security ike gateway gw-dca address 198.51.100.1
`
	cpe := readAll(t, [2]string{"show security ike security-associations detail", testdata(t, "ike_detail_cluster.txt")},
		[2]string{"show configuration | display set", cfg})
	if sa := cpe.IKESAs[0].Items[0]; !sa.AgeKnown || sa.Age != 8*time.Hour-2148*time.Second {
		t.Errorf("SA age %v known %v", sa.Age, sa.AgeKnown)
	}
	var prf []string
	for _, l := range cpe.Configs {
		for _, p := range l.Items[0].IKEProposals {
			prf = p.PRF
		}
	}
	if len(prf) != 1 || prf[0] != "sha384" {
		t.Errorf("PRF = %v, want [sha384] (the prf statement over the authentication algorithm)", prf)
	}
}
