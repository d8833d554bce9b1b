package iosxe

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// benchInterfacesFile is written by ../shared/bench/gen_outputs.py (1,000
// tunnels, 36,900 lines); manifest.json beside it holds the record counts a
// correct parser must find.
const benchInterfacesFile = "/tmp/vcbench/outputs/show_interfaces.txt"

func BenchmarkParseInterfaces(b *testing.B) {
	raw, err := os.ReadFile(benchInterfacesFile)
	if err != nil {
		b.Skipf("%s absent: run python3 ../shared/bench/gen_outputs.py", benchInterfacesFile)
	}
	in := string(raw)
	checkBenchManifest(b, in)
	benchParseInterfaces(b, in)
}

// checkBenchManifest compares the parse with the generator's expected
// record counts (interfaces, up/up).
func checkBenchManifest(b *testing.B, in string) {
	b.Helper()
	ifs, err := ParseInterfaces(in)
	if err != nil {
		b.Fatal(err)
	}
	up := 0
	for _, it := range ifs {
		if it.LineUp() {
			up++
		}
	}
	mb, err := os.ReadFile("/tmp/vcbench/outputs/manifest.json")
	if err != nil {
		return
	}
	var m struct {
		Files map[string]struct {
			Expect struct {
				Interfaces int `json:"interfaces"`
				UpUp       int `json:"up_up"`
			} `json:"expect"`
		} `json:"files"`
	}
	if err := json.Unmarshal(mb, &m); err != nil {
		b.Fatal(err)
	}
	e := m.Files["show_interfaces"].Expect
	if len(ifs) != e.Interfaces || up != e.UpUp {
		b.Fatalf("ParseInterfaces(bench) = %d interfaces, %d up/up, want %d, %d (manifest)", len(ifs), up, e.Interfaces, e.UpUp)
	}
}

func benchParseInterfaces(b *testing.B, in string) {
	lines := strings.Count(in, "\n")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ParseInterfaces(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
}

// BenchmarkParseInterfacesSynthetic repeats the Tunnel1/Tunnel2 fixture to
// two sizes ten times apart: ns/line staying flat shows the cost is linear.
func BenchmarkParseInterfacesSynthetic(b *testing.B) {
	unit := readFixture(b, "show_interfaces_tunnels_up.txt")
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("tunnels=%d", 2*n), func(b *testing.B) {
			benchParseInterfaces(b, synthInterfaces(unit, n))
		})
	}
}

// synthInterfaces renumbers the fixture's two tunnels n times.
func synthInterfaces(unit string, n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		r := strings.NewReplacer("Tunnel1 ", fmt.Sprintf("Tunnel%d ", 2*i+1), "Tunnel2 ", fmt.Sprintf("Tunnel%d ", 2*i+2))
		sb.WriteString(r.Replace(unit))
	}
	return sb.String()
}

func TestSynthInterfacesCount(t *testing.T) {
	ifs, err := ParseInterfaces(synthInterfaces(readFixture(t, "show_interfaces_tunnels_up.txt"), 50))
	if err != nil || len(ifs) != 100 || ifs[99].Name != "Tunnel100" {
		t.Fatalf("ParseInterfaces(synthetic 50) = %d interfaces, %v, want 100 ending Tunnel100", len(ifs), err)
	}
}
