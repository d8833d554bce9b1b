package junos

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	in := "set security ike policy p pre-shared-key ascii-text \"$9$abcDEF\"\nset protocols bgp group g authentication-key \"$9$xyz\"\nshow version\n"
	out := Redact(in)
	if strings.Contains(out, "$9$") || strings.Count(out, "\n") != strings.Count(in, "\n") {
		t.Errorf("Redact = %q", out)
	}
}
