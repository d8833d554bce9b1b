package fortios

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

// TestPingSource: ping-options source takes an address; a source named by
// interface (a check's verify command) is left out rather than sent as a
// word FortiOS refuses.
func TestPingSource(t *testing.T) {
	target := netip.MustParseAddr("100.64.1.1")
	tests := []struct {
		source, want, notWant string
	}{
		{"100.64.1.2", "execute ping-options source 100.64.1.2\n", ""},
		{"vc-dca", "execute ping-options df-bit yes\n", "source"},
		{"", "execute ping-options df-bit yes\n", "source"},
	}
	for _, tt := range tests {
		got := Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, Address: target, Source: tt.source, DF: true, Size: 1400})
		if !strings.HasPrefix(got, tt.want) || tt.notWant != "" && strings.Contains(got, tt.notWant) {
			t.Errorf("Show(ping from %q) = %q, want it to start %q without %q", tt.source, got, tt.want, tt.notWant)
		}
		for _, line := range strings.Split(got, "\n") {
			if err := allowed(line); err != nil {
				t.Errorf("Show(ping from %q) line %q is refused: %v", tt.source, line, err)
			}
		}
	}
}
