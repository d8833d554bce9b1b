package fortios

import (
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/platform"
)

func TestRedact(t *testing.T) {
	in := "  dec: spi=d4fb6a41 esp=aes key=16 a8da8882351e6d6f0a07ca6a8e9990fa\n" +
		"       ah=sha1 key=20 30e87d9cdb0ec7883005cd21c70cb75b41333a74\r\n" +
		"  key: 35cc029e92fafcd2-1eb88678a2dd3d93\n" +
		"    set psksecret ENC abcdefABCDEF0123==\n" +
		"  proposal: aes128-sha256\n"
	out := Redact(in)
	for _, secret := range []string{"a8da8882", "30e87d9c", "35cc029e", "abcdefABCDEF"} {
		if strings.Contains(out, secret) {
			t.Errorf("Redact left %q in\n%s", secret, out)
		}
	}
	if strings.Count(out, "\n") != strings.Count(in, "\n") || !strings.Contains(out, "spi=d4fb6a41 esp=aes key=16 "+platform.Mask) ||
		!strings.Contains(out, "proposal: aes128-sha256") || !strings.Contains(out, "\r\n") {
		t.Errorf("Redact changed structure:\n%s", out)
	}
	if Redact(out) != out {
		t.Errorf("Redact twice changes the text")
	}
}
