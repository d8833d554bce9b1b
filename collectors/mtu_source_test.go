package collectors

import (
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/iosxe"
	"github.com/vcdiag/vcdiag/platform/junos"
	"github.com/vcdiag/vcdiag/platform/panos"
)

// TestSweepSource: the sweep's DF pings leave from the tunnel interface
// where the platform's ping names one, and from the CPE tunnel address on
// PAN-OS, whose ping takes only an address (with an interface name it
// would leave from the management port).
func TestSweepSource(t *testing.T) {
	for _, tt := range []struct {
		name, source, want string
		got                func(evidence.MTUTarget) string
	}{
		{"cisco_iosxe", "Tunnel1", "Tunnel1", func(m evidence.MTUTarget) string { return sweepSource(iosxe.Platform{}, m) }},
		{"juniper_junos", "gr-0/0/0.1", "gr-0/0/0.1", func(m evidence.MTUTarget) string { return sweepSource(junos.Platform{}, m) }},
		{"paloalto_panos", "tunnel.11", "100.64.1.2", func(m evidence.MTUTarget) string { return sweepSource(panos.Platform{}, m) }},
	} {
		m := evidence.MTUTarget{Tunnel: "tunnel1", Target: "100.64.1.1", Source: tt.source, SourceAddr: "100.64.1.2", Hi: 1400}
		if got := tt.got(m); got != tt.want {
			t.Errorf("%s: sweep source %q, want %q", tt.name, got, tt.want)
		}
	}
}
