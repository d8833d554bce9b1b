package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExample keeps the text "vcdiag profile init" prints identical to the
// copy under testdata (which people read and copy) and loadable.
func TestExample(t *testing.T) {
	file := filepath.Join(profiles, "example.yaml")
	disk, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(disk) != Example() {
		t.Errorf("%s differs from profile/example.yaml (what Example returns); copy one over the other", file)
	}
	p, err := Parse([]byte(Example()), "example.yaml")
	if err != nil {
		t.Fatalf("Parse(Example()) error:\n%v", err)
	}
	if len(p.CPEs) != 1 || len(p.Tunnels) != 2 {
		t.Errorf("Example() has %d CPEs and %d tunnels, want the one-CPE site", len(p.CPEs), len(p.Tunnels))
	}
	for _, secret := range []string{"password:", "psk:", "key:", "secret:"} {
		if strings.Contains(Example(), secret) {
			t.Errorf("Example() holds %q: secrets never go in a profile", secret)
		}
	}
}
