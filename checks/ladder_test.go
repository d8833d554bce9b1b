package checks

import (
	"slices"
	"strings"
	"testing"
	"time"
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
		if !slices.Contains(Stages(), c.Stage) {
			t.Errorf("%s: stage %q is not in Stages(), the one stage order", c.ID, c.Stage)
		}
		if i := stageIndex(c.Stage); i < last {
			t.Errorf("%s: stage %s out of ladder order", c.ID, c.Stage)
		} else {
			last = i
		}
		if c.Run == nil || c.Title == "" || c.Hint == "" || c.Verify.Family == "" || c.Doc == "" {
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
		if info, ok := Lookup(id, nil); !ok || info.ID != id || info.Doc == "" || info.Verify == "" {
			t.Errorf("Lookup(%q) = %+v, %v", id, info, ok)
		}
	}
	if _, ok := Lookup("nope.nope", nil); ok {
		t.Error("Lookup(nope.nope) found something")
	}
	if len(All(nil)) != len(Ladder())+len(SiteChecks()) {
		t.Errorf("All() has %d entries", len(All(nil)))
	}
	for _, c := range Ladder() {
		for _, id := range c.Explains {
			if !seen[id] {
				t.Errorf("%s explains %s, which is no check", c.ID, id)
			}
		}
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

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour: "24h", 90 * time.Minute: "1h30m", time.Hour: "1h", 90 * time.Second: "1m30s", 45 * time.Second: "45s",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
