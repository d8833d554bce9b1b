package linux

import (
	"net/netip"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

func TestReadJournal(t *testing.T) {
	text := `2026-12-07T10:00:01+0000 cpe1 charon[812]: 16[IKE] received AUTHENTICATION_FAILED notify error
2026-12-07T10:00:02+0000 cpe1 kernel: MD5 Hash failed for (100.64.1.1, 40123)->(100.64.1.2, 179) L3 index 0
2026-12-07T10:00:03+0000 cpe1 bgpd[1342]: [HBHN6-KX1PJ] %NOTIFICATION: sent to neighbor 100.64.2.1 2/2 (OPEN Message Error/Bad Peer AS) 2 bytes fa 01
2026-12-07T10:00:04+0000 cpe1 bgpd[1342]: [M7Q4P-46WDR] %ADJCHANGE: neighbor 100.64.2.1(dc-b) in vrf default Down BGP Notification send
`
	cpe, o := read(t, journalCommand, text)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	want := []struct {
		kind evidence.LogKind
		peer string
	}{
		{evidence.LogIKE, ""},
		{evidence.LogBGPAuthInvalid, "100.64.1.1"},
		{evidence.LogBGPNotification, "100.64.2.1"},
		{evidence.LogBGPAdjChange, "100.64.2.1"},
	}
	items := cpe.Logs[0].Items
	if len(items) != len(want) {
		t.Fatalf("%d events, want %d", len(items), len(want))
	}
	for i, w := range want {
		var peer netip.Addr
		if w.peer != "" {
			peer = netip.MustParseAddr(w.peer)
		}
		if items[i].Kind != w.kind || items[i].Peer != peer || items[i].At.IsZero() {
			t.Errorf("event %d = %s %v at %v, want %s %v", i, items[i].Kind, items[i].Peer, items[i].At, w.kind, peer)
		}
	}
	if d := items[2].Detail; d != "2/2 (OPEN Message Error/Bad Peer AS)" {
		t.Errorf("notification detail %q", d)
	}
	// A journal the user may not read is not "no messages".
	_, o = read(t, journalCommand, "No journal files were opened due to insufficient permissions.\n")
	if o.Err == nil {
		t.Error("an unreadable journal was read as empty")
	}
}
