package parse

import (
	"fmt"
	"strings"
	"testing"
)

func bigReceived(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "inet.0: %d destinations, %d routes (%d active, 0 holddown, 0 hidden)\n", n, n, n)
	b.WriteString("  Prefix                  Nexthop              MED     Lclpref    AS path\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "* %-23s %-20s                     64512 I\n", fmt.Sprintf("10.%d.%d.0/24", i>>8&255, i&255), "100.64.0.2")
	}
	return b.String()
}

func BenchmarkParseRoutes10k(b *testing.B) {
	s := bigReceived(10000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		r, err := ParseRoutes(s)
		if err != nil || len(r.All()) != 10000 {
			b.Fatalf("%v", err)
		}
	}
}

func TestBigReceived(t *testing.T) {
	r, err := ParseRoutes(bigReceived(300))
	if err != nil || len(r.All()) != 300 || r.All()[299].Span.Start != 302 || r.All()[0].ASPath != "64512 I" || r.All()[0].MED != -1 {
		t.Fatalf("%v %+v", err, r.All()[0])
	}
}
