package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// checkGolden compares got with testdata/name, or rewrites the file with
// -update. Review golden diffs like code.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run `go test ./reports -update` to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got):\n%s\nrun `go test ./reports -update` if the change is intended", path, cmp.Diff(string(want), string(got)))
	}
}

// render runs a renderer and fails the test on error.
func render(t *testing.T, fn Renderer, r func() *checks.Report, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf, r(), o); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}
