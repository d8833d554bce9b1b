package frr

import (
	"fmt"
	"strings"
	"testing"
)

// bigRoutesJSON builds a `routes json` table of n prefixes as vtysh
// prints it.
func bigRoutesJSON(n int) string {
	var b strings.Builder
	b.WriteString("{\n \"vrfId\": 0,\n \"vrfName\": \"default\",\n \"tableVersion\": 5,\n \"routerId\": \"198.51.100.1\",\n \"defaultLocPrf\": 100,\n \"localAS\": 65001,\n \"routes\": { ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `"10.%d.%d.0/24": [{"valid":true,"bestpath":true,"pathFrom":"external","prefix":"10.%d.%d.0","prefixLen":24,"network":"10.%d.%d.0/24","metric":0,"weight":0,"peerId":"100.64.0.2","path":"64512 %d","origin":"IGP","nexthops":[{"ip":"100.64.0.2","afi":"ipv4","used":true}]}]`,
			i>>8&255, i&255, i>>8&255, i&255, i>>8&255, i&255, 64000+i%1000)
	}
	b.WriteString("\n }  }\n")
	return b.String()
}

func BenchmarkParseRoutesJSON100k(b *testing.B) {
	s := bigRoutesJSON(100000)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for b.Loop() {
		rl, err := ParseRoutesJSON(s)
		if err != nil || len(rl.Paths) != 100000 {
			b.Fatalf("%v %d", err, len(rl.Paths))
		}
	}
}

func TestBigRoutesJSON(t *testing.T) {
	rl, err := ParseRoutesJSON(bigRoutesJSON(1000))
	if err != nil || len(rl.Paths) != 1000 || rl.Paths[999].Span.Start != 1007 {
		t.Fatalf("%v %d %+v", err, len(rl.Paths), rl.Paths[999].Span)
	}
}
