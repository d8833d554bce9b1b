package parse

import (
	"fmt"
	"strings"
	"testing"
)

func bigRoutes(n int) string {
	var b strings.Builder
	b.WriteString("VIRTUAL ROUTER: default (id 1)\n  ==========\ndestination                                 nexthop                                 metric flags      age   interface          next-AS\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%-44s%-40s%-7s%-11s%-6s%-19s%s\n", fmt.Sprintf("10.%d.%d.0/24", i>>8&255, i&255), "169.254.10.2", "", "A?B", "3600", "", "64512")
	}
	return b.String()
}

func BenchmarkParseRoute10k(b *testing.B) {
	s := bigRoutes(10000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		rs, err := ParseRoute(s)
		if err != nil || len(rs) != 10000 {
			b.Fatalf("%v %d", err, len(rs))
		}
	}
}

func TestBigRoutes(t *testing.T) {
	rs, err := ParseRoute(bigRoutes(100))
	if err != nil || len(rs) != 100 || rs[99].NextAS != "64512" || rs[99].Flags != "A?B" || rs[99].Span.Start != 103 {
		t.Fatalf("%v %d %+v", err, len(rs), rs[len(rs)-1])
	}
}
