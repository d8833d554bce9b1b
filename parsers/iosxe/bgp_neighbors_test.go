package iosxe

import (
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseBGPNeighbors(t *testing.T) {
	got, err := ParseBGPNeighbors(readRoutingFixture(t, "show_ip_bgp_neighbors.txt"))
	if err != nil {
		t.Fatalf("ParseBGPNeighbors(fixture) error: %v", err)
	}
	type brief struct {
		Addr                 string
		RemoteAS, LocalAS    uint32
		NoPrepend            bool
		VRF, State, StateFor string
		Hold, Keep           time.Duration
		LastReset, NotifSent string
		NotifRcvd            string
		NSent, NRcvd         uint64
		Est, Dropped         int
		PfxSent, PfxRcvd     int
		Local, Foreign       string
		Span                 parsers.Span
	}
	var rows []brief
	for _, n := range got {
		rows = append(rows, brief{n.Address.String(), n.RemoteAS, n.LocalAS, n.LocalASNoPrepend, n.VRF, n.State, n.StateFor,
			n.HoldTime, n.Keepalive, n.LastReset, n.LastNotificationSent, n.LastNotificationReceived,
			n.NotificationsSent, n.NotificationsReceived, n.ConnectionsEstablished, n.ConnectionsDropped,
			n.PrefixesSent, n.PrefixesReceived, n.LocalHost.String(), n.ForeignHost.String(), n.Span})
	}
	want := []brief{
		{"100.64.1.1", 64602, 0, false, "", "Established", "00:10:02", 180 * time.Second, 60 * time.Second,
			"", "", "", 0, 0, 1, 0, 1, 2, "100.64.1.2:179", "100.64.1.1:47361", parsers.Span{Start: 1, End: 116}},
		{"100.64.2.1", 64612, 65000, true, "", "Idle", "", 0, 0,
			"BGP Notification sent, peer in wrong AS", "peer in wrong AS", "", 2, 0, 0, 0, 0, 0,
			"invalid AddrPort", "invalid AddrPort", parsers.Span{Start: 118, End: 172}},
		{"100.64.3.1", 64622, 0, false, "VC", "Idle", "", 30 * time.Second, 10 * time.Second,
			"BGP Notification received of session 1, hold time expired", "", "hold time expired", 0, 1, 1, 1, 0, 0,
			"invalid AddrPort", "invalid AddrPort", parsers.Span{Start: 174, End: 201}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("ParseBGPNeighbors(fixture) (-want +got):\n%s", diff)
	}
	if len(got) > 0 {
		n := got[0]
		if n.RouterID != netip.MustParseAddr("198.51.100.250") || n.TCP["SRTT"] != 817 || n.TCP["iss"] != 2816381953 {
			t.Errorf("ParseBGPNeighbors(fixture)[0] = router %v TCP %v, want 198.51.100.250, SRTT 817, iss 2816381953", n.RouterID, n.TCP)
		}
		if len(n.MessageStats) != 6 || n.MessageStats[5] != (parsers.BGPCounterRow{Name: "Total", Sent: 15, Rcvd: 16}) {
			t.Errorf("ParseBGPNeighbors(fixture)[0].MessageStats = %v, want 6 rows ending Total 15 16", n.MessageStats)
		}
	}
}

func TestParseBGPNeighborsNotificationCode(t *testing.T) {
	in := "BGP neighbor is 100.64.2.1,  remote AS 64612, external link\n" +
		"  BGP state = Idle\n" +
		"  Last reset 00:01:23, due to BGP Notification sent, peer in wrong AS\n" +
		"  Notification sent: 00:01:23, code 2/2 (peer in wrong AS) 2 bytes FBF6\n"
	got, err := ParseBGPNeighbors(in)
	if err != nil || len(got) != 1 {
		t.Fatalf("ParseBGPNeighbors(%q) = %v, %v", in, got, err)
	}
	if got[0].LastNotificationSent != "2/2 (peer in wrong AS)" || got[0].LastResetAgo != "00:01:23" {
		t.Errorf("ParseBGPNeighbors(%q) = sent %q ago %q, want %q, %q", in, got[0].LastNotificationSent, got[0].LastResetAgo, "2/2 (peer in wrong AS)", "00:01:23")
	}
}

func TestParseBGPNeighborsBadHeader(t *testing.T) {
	_, err := ParseBGPNeighbors("BGP neighbor is nonsense, remote AS 1, external link\n")
	if pe, ok := err.(*parsers.ParseError); !ok || pe.Line != 1 {
		t.Errorf("ParseBGPNeighbors(bad address) = %v, want ParseError at line 1", err)
	}
}
