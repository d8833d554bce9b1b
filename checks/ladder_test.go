package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLadderIDs(t *testing.T) {
	seen := map[string]bool{}
	last := -1
	for _, c := range Ladder() {
		if seen[c.ID] {
			t.Errorf("duplicate check ID %s", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasPrefix(c.ID, string(c.Stage)+".") || strings.Count(c.ID, ".") != 1 {
			t.Errorf("%s: ID must be <stage>.<name> with stage %s", c.ID, c.Stage)
		}
		if i := stageIndex(c.Stage); i < last {
			t.Errorf("%s: stage %s out of ladder order", c.ID, c.Stage)
		} else {
			last = i
		}
		if c.Run == nil || c.Title == "" || c.Hint == "" || c.Verify == "" || c.Doc == "" {
			t.Errorf("%s: missing Run, Title, Hint, Verify or Doc", c.ID)
		}
	}
	for _, c := range SiteChecks() {
		if seen[c.ID] || !strings.HasPrefix(c.ID, "site.") || c.Run == nil || c.Hint == "" || c.Verify == "" || c.Doc == "" {
			t.Errorf("site check %s: duplicate, not site.*, or missing fields", c.ID)
		}
		seen[c.ID] = true
	}
	for _, id := range []string{"ikev2.sa-ready", "ipsec.counters-rising", "gre.keepalive", "bgp.established", "routes.backup-24", "mtu.adjust-mss", "site.capacity"} {
		if info, ok := Lookup(id); !ok || info.ID != id || info.Doc == "" {
			t.Errorf("Lookup(%q) = %+v, %v", id, info, ok)
		}
	}
	if _, ok := Lookup("nope.nope"); ok {
		t.Error("Lookup(nope.nope) found something")
	}
	if len(All()) != len(Ladder())+len(SiteChecks()) {
		t.Errorf("All() has %d entries", len(All()))
	}
}

func TestCommands(t *testing.T) {
	p := testProfile()
	got := Commands(p, "cpe1")
	want := []PlannedCommand{
		{"show version", 1}, {"show running-config", 1}, {"show crypto ikev2 sa detail", 2}, {"show crypto ipsec sa detail", 2},
		{"show crypto session detail", 1}, {"show interfaces Tunnel1", 2}, {"show interfaces Tunnel2", 2},
		{"ping 100.64.1.1 source Tunnel1 repeat 5", 1}, {"ping 100.64.2.1 source Tunnel2 repeat 5", 1},
		{"show ip bgp summary", 1},
		{"show ip bgp neighbors 100.64.1.1", 1}, {"show ip bgp neighbors 100.64.1.1 received-routes", 1},
		{"show ip bgp neighbors 100.64.1.1 routes", 1}, {"show ip bgp neighbors 100.64.1.1 advertised-routes", 1},
		{"show ip bgp neighbors 100.64.2.1", 1}, {"show ip bgp neighbors 100.64.2.1 received-routes", 1},
		{"show ip bgp neighbors 100.64.2.1 routes", 1}, {"show ip bgp neighbors 100.64.2.1 advertised-routes", 1},
		{"show ip route 203.0.113.1", 1}, {"show ip route 203.0.113.129", 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Commands(cpe1) mismatch (-want +got):\n%s", diff)
	}
	p.Tunnels[1].Interface = ""
	p.Tunnels[1].CPE = "cpe2"
	got2 := Commands(p, "cpe2")
	if !slices.Contains(got2, PlannedCommand{"show interfaces", 2}) || !slices.Contains(got2, PlannedCommand{"ping 100.64.2.1 source 100.64.2.2 repeat 5", 1}) {
		t.Errorf("Commands(cpe2) = %v, want show interfaces and a ping sourced from the tunnel IP", got2)
	}
}

func TestInterfaceFoundByDestination(t *testing.T) {
	f := healthy(t)
	f.p.Tunnels[0].Interface = ""
	rep := run(f)
	checkInvariants(t, rep)
	if r := find(t, rep, "tunnel1", "gre.interface-found"); r.Status != Pass || !strings.Contains(r.Summary, "tunnel destination") {
		t.Errorf("gre.interface-found = %v %q", r.Status, r.Summary)
	}
	if rep.Tunnels[0].Interface != "Tunnel1" || rep.Status != Pass {
		t.Errorf("interface %q status %v\n%s", rep.Tunnels[0].Interface, rep.Status, dump(rep))
	}
}

func TestESPPlaintextMTU(t *testing.T) {
	tests := []struct {
		tr     []string
		tunnel bool
		want   int
	}{
		{[]string{"esp-aes-256", "esp-sha256-hmac"}, true, 1438},
		{[]string{"esp-gcm-256"}, true, 1446},
	}
	for _, tt := range tests {
		if got := espPlaintextMTU(1500, tt.tr, tt.tunnel, false); got != tt.want {
			t.Errorf("espPlaintextMTU(1500, %v, %v) = %d, want %d", tt.tr, tt.tunnel, got, tt.want)
		}
	}
}

func TestIOSDuration(t *testing.T) {
	for in, want := range map[string]int{"00:10:02": 602, "1d02h": 93600, "2w3d": 1468800, "00:00:30": 30} {
		if d, ok := iosDuration(in); !ok || int(d.Seconds()) != want {
			t.Errorf("iosDuration(%q) = %v, %v, want %ds", in, d, ok, want)
		}
	}
	if _, ok := iosDuration("never"); ok {
		t.Error("iosDuration(never) ok")
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour: "24h", 90 * time.Minute: "1h30m", time.Hour: "1h", 90 * time.Second: "1m30s", 45 * time.Second: "45s",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
