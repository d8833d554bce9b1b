package parse

import (
	"fmt"
	"strings"
	"testing"
)

// bigRouteTable builds a routing table of n BGP routes as FortiOS prints it.
func bigRouteTable(n int) string {
	var b strings.Builder
	b.WriteString("Routing table for VRF=0\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "B       10.%d.%d.0/24 [20/0] via 100.64.1.1 (recursive via VC-DCA tunnel 198.51.100.2), 00:21:41\n", i>>8&255, i&255)
	}
	return b.String()
}

func BenchmarkParseRouteTable50k(b *testing.B) {
	s := bigRouteTable(50000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		rt, err := ParseRouteTable(s)
		if err != nil || len(rt.Routes) != 50000 {
			b.Fatalf("%v %d", err, len(rt.Routes))
		}
	}
}

func TestBigRouteTable(t *testing.T) {
	rt, err := ParseRouteTable(bigRouteTable(1000))
	if err != nil || len(rt.Routes) != 1000 || rt.Routes[999].Span.Start != 1001 {
		t.Fatalf("%v %d", err, len(rt.Routes))
	}
}
