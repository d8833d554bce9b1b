package parse

import (
	"net/netip"
	"testing"
	"time"
)

// The expectations below were written from the testdata files (written in
// the shape of the real outputs their comments name) before the parsers
// ran on them.

// TestParseIKEDetailClusterNegotiation: a chassis cluster's "node0:"
// heading, and a phase 2 negotiation block whose Local:/Remote: lines are
// not the SA's (the SA's local address stays the one it printed first).
func TestParseIKEDetailClusterNegotiation(t *testing.T) {
	r, err := ParseIKESAs(read(t, "testdata/ike_detail_cluster.txt"))
	if err != nil || len(r.SAs) != 1 || !r.Detail {
		t.Fatalf("ParseIKESAs = %s, %v", fmtAny(r), err)
	}
	sa := r.SAs[0]
	if sa.RemoteAddr != netip.MustParseAddr("198.51.100.1") || sa.LocalAddr != netip.MustParseAddr("192.0.2.1") ||
		sa.Index != 6226807 || sa.Gateway != "gw-dca" || sa.Role != "Responder" || !sa.Up() ||
		sa.Remaining != 2148*time.Second || sa.Algorithms.Authentication != "hmac-sha1-96" ||
		sa.Algorithms.DHGroup != "DH-group-2" || sa.IPsecCreated != 2 || sa.Span.Start != 3 {
		t.Errorf("SA = %s", fmtAny(sa))
	}
}

func TestParseIPsecIked(t *testing.T) {
	r, err := ParseIPsecSAs(read(t, "testdata/ipsec_detail_iked.txt"))
	if err != nil || len(r.SAs) != 2 {
		t.Fatalf("ParseIPsecSAs = %s, %v", fmtAny(r), err)
	}
	in, out := r.SAs[0], r.SAs[1]
	if in.SPI != 0x6304b842 || in.SPIText != "0x6304b842" || out.SPI != 0xa6ffa623 || in.PFSGroup != "DH-group-20" ||
		in.BindInterface != "st0.0" || in.Authentication != "aes256-gcm" || in.Encryption != "aes-gcm (256 bits)" ||
		in.State != "installed" || in.LocalIdentity != "ipv4(0.0.0.0-255.255.255.255)" {
		t.Errorf("SAs = %s", fmtAny(r.SAs))
	}
}

func TestParseIPsecBriefTotals(t *testing.T) {
	r, err := ParseIPsecSAs(read(t, "testdata/ipsec_brief_totals.txt"))
	if err != nil || r.ActiveTunnels != 2 || len(r.SAs) != 4 {
		t.Fatalf("ParseIPsecSAs = %s, %v", fmtAny(r), err)
	}
	if s := r.SAs[2]; s.SPI != 0x3fa6c7d1 || s.ID != 131074 || s.Encryption != "aes-gcm-256" || s.Authentication != "aes256-gcm" ||
		s.Gateway != netip.MustParseAddr("198.51.100.65") {
		t.Errorf("SA[2] = %s", fmtAny(s))
	}
}

func TestParseLog(t *testing.T) {
	lg, err := ParseLog(read(t, "testdata/log_messages.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line          int
		host, process string
		tag           string
	}{
		{1, "srx-edge1", "mgd", "UI_COMMIT_COMPLETED"},
		{2, "srx-edge1", "kernel", ""},
		{3, "srx-edge1", "rpd", ""},
		{4, "srx-edge1", "rpd", "RPD_BGP_NEIGHBOR_STATE_CHANGED"},
		{5, "srx-edge1", "kernel", ""},
		{6, "", "kernel", ""},
		{7, "srx-edge1", "rpd", ""},
		{8, "srx-edge1", "kmd", ""},
		{9, "srx-edge1", "kmd", "KMD_VPN_DOWN_ALARM_USER"},
		{11, "srx-edge1", "mib2d", "SNMP_TRAP_LINK_DOWN"},
	}
	if len(lg.Entries) != len(want) {
		t.Fatalf("ParseLog: %d entries, want %d: %s", len(lg.Entries), len(want), fmtAny(lg))
	}
	for i, w := range want {
		e := lg.Entries[i]
		if e.Line != w.line || e.Host != w.host || e.Process != w.process || e.Tag != w.tag {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	if e := lg.Entries[5]; e.AtRaw != "Aug 12 03:45:20" || e.Message != "tcp_auth_ok: Packet from 100.64.2.1:36222 unexpectedly has MD5 digest" {
		t.Errorf("entry 5 = %+v", e)
	}
	for _, tc := range []struct {
		name, in string
		ok       bool
		n        int
	}{
		{"empty", "", true, 0},
		{"emptied by match", "\n\n", true, 0},
		{"timestamped", "Dec 01 09:12:07\nDec  1 09:00:00  srx rpd[1]: x\n", true, 1},
		{"garbage", "this is not a log\n", false, 0},
	} {
		lg, err := ParseLog(tc.in)
		if (err == nil) != tc.ok || err == nil && len(lg.Entries) != tc.n {
			t.Errorf("ParseLog(%s) = %v, %v; want ok %v, %d entries", tc.name, lg, err, tc.ok, tc.n)
		}
	}
}

func TestParseConfigUnits(t *testing.T) {
	c, err := ParseConfig(read(t, "testdata/config_gre_units.txt"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Units) != 3 {
		t.Fatalf("units = %s", fmtAny(c.Units))
	}
	u := c.Units[0]
	if u.Name != "gr-0/0/0.0" || u.Description != "VC DC-A" || u.TunnelSource != "192.0.2.1" || u.TunnelDestination != "198.51.100.2" ||
		u.MTU != 1400 || u.Address != "100.64.1.2/30" || len(u.TunnelLines) != 2 || u.Disabled {
		t.Errorf("unit 0 = %s", fmtAny(u))
	}
	if u := c.Units[1]; u.Name != "gr-0/0/0.1" || !u.Disabled {
		t.Errorf("unit 1 = %s", fmtAny(u))
	}
	if len(c.TCPMSS) != 2 || c.TCPMSS[0] != (TCPMSS{Kind: "gre-in", MSS: 1360, Line: 10}) || c.TCPMSS[1].MSS != 1350 {
		t.Errorf("tcp-mss = %s", fmtAny(c.TCPMSS))
	}
	if len(c.GREKeepalives) != 1 || c.GREKeepalives[0].Interface != "gr-0/0/0.0" || c.GREKeepalives[0].Interval != 10 || c.GREKeepalives[0].Hold != 30 {
		t.Errorf("keepalives = %s", fmtAny(c.GREKeepalives))
	}
	if v := c.VPNs[0]; v.ProxyLocal != "192.0.2.1/32" || v.ProxyRemote != "198.51.100.2/32" || v.ProxyService != "junos-gre" || len(v.ProxyLines) != 3 {
		t.Errorf("vpn 0 = %s", fmtAny(v))
	}
}

func TestParseInterfacesRatesAndTimestamp(t *testing.T) {
	r, err := ParseInterfaces(read(t, "testdata/gr_unit_extensive.txt"))
	if err != nil || len(r.Items) != 1 {
		t.Fatalf("ParseInterfaces = %s, %v", fmtAny(r), err)
	}
	it := r.Items[0]
	if !it.HasRates || it.InBPS != 18412640 || it.OutBPS != 9871112 || it.InPackets != 2101584 ||
		it.TunnelDestination != netip.MustParseAddr("198.51.100.2") || it.Keepalive == nil || !it.Keepalive.On || it.MTU != 1400 {
		t.Errorf("unit = %s", fmtAny(it))
	}
}

func TestPrepNoise(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     int // lines kept
	}{
		{"cli timestamp", "Dec 01 09:12:07\nIndex x\n", 1},
		{"timestamp only first", "Index x\nDec 01 09:12:07\n", 2},
		{"cluster banner", "node0:\n----------------------------------------\nIndex x\n", 1},
		{"node name in text", "node0: not a banner\n", 1},
		{"master tag", "Index x\n{master:0}\n", 1},
	} {
		if got := len(prep(tc.in)); got != tc.want {
			t.Errorf("prep(%s) kept %d lines, want %d", tc.name, got, tc.want)
		}
	}
}
