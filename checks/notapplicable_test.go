package checks

import (
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// TestKeepaliveNotApplicable: a platform that has no GRE keepalive at all
// (PAN-OS) makes gre.keepalive skip with the platform's reason: not a pass,
// not "off", not unknown.
func TestKeepaliveNotApplicable(t *testing.T) {
	const why = "PAN-OS has no GRE keepalive counter; the IPsec tunnel monitor is used instead"
	out := &evidence.Output{Command: "show vpn flow", Text: "tunnel.1 active"}
	for _, tt := range []struct {
		name string
		k    evidence.Keepalive
		want Status
	}{
		{"not applicable", evidence.Keepalive{NotApplicable: why}, Skip},
		{"not shown", evidence.Keepalive{}, Unknown},
		{"on", evidence.Keepalive{Known: true, On: true}, Pass},
	} {
		cpe := &evidence.CPE{Name: "fw1", Interfaces: []evidence.Listing[evidence.Interface]{{
			Out: out, Scope: evidence.Scope{Partial: true},
			Items: []evidence.Interface{{Name: "tunnel.1", IsTunnel: true, Up: true, LineUp: true, Keepalive: tt.k, Ref: evidence.Ref{Out: out}}},
		}}}
		r := checkGREKeepalive(&profile.Tunnel{Name: "tunnel1", CPE: "fw1", Interface: "tunnel.1"}, cpe)
		if r.Status != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, r.Status, r.Summary, tt.want)
		}
		if tt.want == Skip && r.Summary != why {
			t.Errorf("%s: summary %q, want the platform's reason", tt.name, r.Summary)
		}
	}
}
