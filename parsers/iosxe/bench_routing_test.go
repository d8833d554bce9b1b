package iosxe

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The generated outputs of ../shared/bench/gen_outputs.py; benchmarks skip
// when they are absent.
const (
	benchBGPTable   = "/tmp/vcbench/outputs/show_ip_bgp.txt"
	benchBGPSummary = "/tmp/vcbench/outputs/show_ip_bgp_summary.txt"
)

func readBench(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("%s absent (python3 ../shared/bench/gen_outputs.py): %v", path, err)
	}
	return string(b)
}

// reportLines adds ns/line to a benchmark's output.
func reportLines(b *testing.B, in string) {
	lines := strings.Count(in, "\n")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
}

// TestBenchOutputCounts checks the parsers find exactly the record counts
// the generator's manifest promises (161,559 paths over 100,000 networks;
// 2,000 neighbors of which 1,792 Established).
func TestBenchOutputCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	tbl, err := ParseBGPTable(readBench(t, benchBGPTable))
	if err != nil {
		t.Fatal(err)
	}
	if len(tbl.Routes) != 161559 || tbl.Networks != 100000 {
		t.Errorf("ParseBGPTable(bench) = %d paths, %d networks, want 161559, 100000", len(tbl.Routes), tbl.Networks)
	}
	sum, err := ParseBGPSummary(readBench(t, benchBGPSummary))
	if err != nil {
		t.Fatal(err)
	}
	est := 0
	for _, n := range sum.Neighbors {
		if n.Established() {
			est++
		}
	}
	if len(sum.Neighbors) != 2000 || est != 1792 {
		t.Errorf("ParseBGPSummary(bench) = %d neighbors, %d established, want 2000, 1792", len(sum.Neighbors), est)
	}
}

func BenchmarkParseBGPTable(b *testing.B) {
	in := readBench(b, benchBGPTable)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBGPTable(in); err != nil {
			b.Fatal(err)
		}
	}
	reportLines(b, in)
}

func BenchmarkParseBGPSummary(b *testing.B) {
	in := readBench(b, benchBGPSummary)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBGPSummary(in); err != nil {
			b.Fatal(err)
		}
	}
	reportLines(b, in)
}

// synthTable writes a `show ip bgp` of n networks with two paths each, one
// of them wrapped every 50 networks, so cost per line can be compared across
// sizes.
func synthTable(n int) string {
	var sb strings.Builder
	sb.WriteString("BGP table version is 42, local router ID is 10.0.0.1\n")
	sb.WriteString("Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n")
	sb.WriteString("Origin codes: i - IGP, e - EGP, ? - incomplete\n\n")
	sb.WriteString("     Network          Next Hop            Metric LocPrf Weight Path\n")
	for i := 0; i < n; i++ {
		net := fmt.Sprintf("%d.%d.%d.0/24", 11+i>>16&0x7f, i>>8&0xff, i&0xff)
		if i%50 == 0 {
			fmt.Fprintf(&sb, " *>   %s\n                       100.64.1.1               0             0 64602 i\n", net+"     ")
		} else {
			fmt.Fprintf(&sb, " *>   %-16s 100.64.1.1               0             0 64602 i\n", net)
		}
		fmt.Fprintf(&sb, " *                     100.64.2.1               0             0 64612 64700 i\n")
	}
	fmt.Fprintf(&sb, "\nTotal number of prefixes %d\n", n)
	return sb.String()
}

// BenchmarkParseBGPTableSynthetic runs at two sizes a decade apart: ns/line
// must stay flat (linear cost).
func BenchmarkParseBGPTableSynthetic(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		in := synthTable(n)
		b.Run(fmt.Sprintf("networks=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseBGPTable(in); err != nil {
					b.Fatal(err)
				}
			}
			reportLines(b, in)
		})
	}
}
