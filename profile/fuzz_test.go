package profile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse feeds arbitrary text to Parse. Invariants: no panic; an error
// is an ErrorList of at least one entry; a profile that loads also passes
// Validate again unchanged (normalisation is idempotent), and parsing the
// same text twice gives the same profile.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(profiles, "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(profiles, "invalid", "*.yaml"))
	for _, file := range append(files, more...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(base))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("<<: {name: x}\ncpes: *nope\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "fuzz.yaml")
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("Parse error %T %v, want a non-empty ErrorList", err, err)
			}
			return
		}
		again, err := Parse(data, "fuzz.yaml")
		if err != nil {
			t.Fatalf("second Parse failed: %v", err)
		}
		if diff := cmp.Diff(p, again, cmpProfile...); diff != "" {
			t.Fatalf("Parse not deterministic (-first +second):\n%s", diff)
		}
		if err := again.Validate(); err != nil {
			t.Fatalf("Validate() of a parsed profile = %v", err)
		}
		if diff := cmp.Diff(p, again, cmpProfile...); diff != "" {
			t.Fatalf("Validate changed a parsed profile (-parsed +validated):\n%s", diff)
		}
	})
}
