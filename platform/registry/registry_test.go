package registry

import (
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/iosxe"
)

// textOnly is a platform that redacts text only (no Redactor): the
// registry falls back to its Redact for commands and outputs.
type textOnly struct{ platform.Platform }

func (textOnly) Redact(s string) string { return strings.ReplaceAll(s, "TOPSECRET", platform.Mask) }

func TestRedactUnion(t *testing.T) {
	tests := []struct {
		name string
		fn   func() string
		want string
	}{
		{"text", func() string { return Redact("snmp-server community X1 RO") }, "snmp-server community <redacted> RO"},
		{"exec command", func() string { return RedactCommand("show run | include snmp-server community X1") }, "show run | include snmp-server community <redacted>"},
		{"config command", func() string { return RedactConfigCommand("KEY X1") }, "KEY <redacted>"},
		{"output", func() string { return RedactOutput("show snmp community", "Community name: X1\n") }, "Community name: <redacted>\n"},
	}
	for _, tt := range tests {
		if got := tt.fn(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestForFallsBackToRedact(t *testing.T) {
	p := textOnly{iosxe.Platform{}}
	if got := CommandFor(p, "show TOPSECRET"); got != "show <redacted>" {
		t.Errorf("CommandFor = %q", got)
	}
	if got := ConfigCommandFor(p, "KEY TOPSECRET"); got != "KEY <redacted>" {
		t.Errorf("ConfigCommandFor = %q", got)
	}
	if got := OutputFor(p, "show x", "a TOPSECRET"); got != "a <redacted>" {
		t.Errorf("OutputFor = %q", got)
	}
	// A platform that has the structured rules uses them.
	if got := ConfigCommandFor(iosxe.Platform{}, "KEY X1"); got != "KEY <redacted>" {
		t.Errorf("ConfigCommandFor(iosxe) = %q", got)
	}
}
