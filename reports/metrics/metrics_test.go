package metrics

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestWriteReportGolden renders the demo scenarios' reports (the JSON
// goldens of the reports package) as `run --format prometheus` does.
func TestWriteReportGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "demo", "*.json"))
	if len(files) == 0 {
		t.Skip("no demo reports in ../testdata/demo")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var rep checks.Report
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := WriteReport(&got, &rep, nil); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".prom")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (go test ./reports/metrics -update): %v", err)
			}
			if d := cmp.Diff(string(want), got.String()); d != "" {
				t.Errorf("WriteReport(%s) differs from %s (-want +got):\n%s", name, golden, d)
			}
		})
	}
}

func TestWriteReportNil(t *testing.T) {
	if err := WriteReport(&bytes.Buffer{}, nil, nil); err == nil {
		t.Error("WriteReport(nil) = nil error, want one")
	}
}

func TestReason(t *testing.T) {
	for _, tc := range []struct{ problem, want string }{
		{`could not open a session to 192.0.2.10:22: ssh to cpe1: authentication failed: user "netops" was refused`, "auth"},
		{"could not open a session to 192.0.2.10:22: ssh to cpe1: host key changed", "host_key"},
		{"could not open a session to 192.0.2.10:22: dial tcp: connection refused", "connect"},
		{"could not open a session to 192.0.2.10:22: timed out: context deadline exceeded", "timeout"},
		{`session to 192.0.2.10:22 lost at "show ip bgp summary": session lost: EOF`, "session_lost"},
		{"transcript not saved: disk full", "other"},
	} {
		if got := reason(tc.problem); got != tc.want {
			t.Errorf("reason(%q) = %q, want %q", tc.problem, got, tc.want)
		}
	}
}

func TestCode(t *testing.T) {
	for s, want := range map[checks.Status]float64{checks.Pass: 0, checks.Warn: 1, checks.Fail: 2, checks.Unknown: 3, checks.Skip: 4} {
		if got := Code(s); got != want {
			t.Errorf("Code(%v) = %v, want %v", s, got, want)
		}
	}
}
