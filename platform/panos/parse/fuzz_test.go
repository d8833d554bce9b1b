package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// seed adds every testdata file and every corpus file.
func seed(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	root := filepath.Join(repoRoot(f), "..", "shared", "corpus", "paloalto_panos")
	m, _ := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	files = append(files, m...)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
}

func twice[T any](t *testing.T, s string, parse func(string) (T, error)) {
	a, err := parse(s)
	b, err2 := parse(s)
	if (err == nil) != (err2 == nil) || !reflect.DeepEqual(a, b) {
		t.Fatalf("two parses differ")
	}
}

func FuzzParsers(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		twice(t, s, ParseIKESA)
		twice(t, s, ParseIPsecSA)
		twice(t, s, ParseFlow)
		twice(t, s, ParseTunnel)
		twice(t, s, ParseBGPPeer)
		twice(t, s, ParseRoute)
		twice(t, s, ParseInterfaces)
		twice(t, s, ParseInterfaceDetail)
		twice(t, s, ParsePing)
		twice(t, s, ParseLocRIB)
		twice(t, s, ParseRIBOut)
		twice(t, s, ParseSystemInfo)
		twice(t, s, ParseBGPSummary)
	})
}

func FuzzRedactConfig(f *testing.F) {
	seed(f)
	f.Add("set network ike gateway G authentication pre-shared-key key \"a b\"\n<key>-AQ==x</key>\n")
	f.Fuzz(func(t *testing.T, s string) {
		r := RedactConfig(s)
		if RedactConfig(r) != r {
			t.Fatalf("not idempotent")
		}
		if strings.Count(r, "\n") != strings.Count(s, "\n") {
			t.Fatalf("lines changed")
		}
	})
}
