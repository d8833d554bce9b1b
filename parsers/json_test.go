package parsers

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONLeavesOutWhatWasNotPrinted: -1 ("not printed") is left out of
// the JSON, 0 is kept, and the other fields are written as before.
func TestJSONLeavesOutWhatWasNotPrinted(t *testing.T) {
	tests := []struct {
		name      string
		v         any
		want, not []string
	}{
		{"idle neighbor", BGPSummaryNeighbor{State: "Idle", PrefixesReceived: -1},
			[]string{`"state":"Idle"`, `"span":`}, []string{"prefixes_received"}},
		{"established, no prefixes", BGPSummaryNeighbor{State: "Established"},
			[]string{`"prefixes_received":0`}, nil},
		{"n/a counter", BGPCounterRow{Name: "Bestpath from this peer", Sent: -1, Rcvd: 3},
			[]string{`"name":"Bestpath from this peer"`, `"rcvd":3`}, []string{`"sent"`}},
		{"debug line", SyslogMessage{Severity: -1, Text: "BGP: 100.64.1.1 went from Active to OpenSent"},
			[]string{`"text":"BGP: 100.64.1.1`}, []string{"severity"}},
		{"emergency", SyslogMessage{Severity: 0, Tag: "SYS-0-X"}, []string{`"severity":0`}, nil},
		{"no trailer", BGPTable{Routes: []BGPRoute{}, TotalPrefixes: -1}, []string{`"routes":[]`}, []string{"total_prefixes"}},
		{"zero prefixes", BGPTable{Routes: []BGPRoute{}}, []string{`"total_prefixes":0`}, nil},
		{"in a list", []BGPSummaryNeighbor{{PrefixesReceived: -1}, {PrefixesReceived: 2}},
			[]string{`"prefixes_received":2`}, []string{"-1"}},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.v)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: json.Marshal = %s, want %s in it", tt.name, b, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(string(b), n) {
				t.Errorf("%s: json.Marshal = %s, want no %s", tt.name, b, n)
			}
		}
	}
}
