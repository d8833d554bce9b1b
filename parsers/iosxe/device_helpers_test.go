package iosxe

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// updateDevice rewrites the golden files under testdata/device. It is not
// called -update so that it cannot clash with another parser's flag in this
// package's test binary.
var updateDevice = flag.Bool("update-device", false, "rewrite testdata/device/*.golden.json")

const deviceDir = "testdata/device"

// parseDevice runs the parser a device fixture's name selects.
func parseDevice(name, out string) (any, error) {
	switch {
	case strings.HasPrefix(name, "show_interfaces"):
		return ParseInterfaces(out)
	case strings.HasPrefix(name, "show_ip_interface_brief"):
		return ParseInterfaceBrief(out)
	case strings.HasPrefix(name, "running_config"):
		return ParseRunningConfig(out)
	case strings.HasPrefix(name, "ping"):
		return ParsePing(out)
	case strings.HasPrefix(name, "show_version"):
		return ParseVersion(out)
	}
	return nil, nil
}

// deviceFixtures lists testdata/device/*.txt.
func deviceFixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(deviceDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", deviceDir, err)
	}
	return files
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(deviceDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkGolden compares v, as indented JSON, with path (rewritten under
// -update-device).
func checkGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateDevice {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-device)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the parse; review with -update-device and git diff\ngot:\n%s", path, got)
	}
}
