package iosxe

import (
	"os"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// readCorpus reads a real output from ../shared/corpus as the output of
// command, through Read, the path every collected output takes.
func readCorpus(t *testing.T, command, file string) *evidence.CPE {
	t.Helper()
	raw, err := os.ReadFile("../../../shared/corpus/" + file)
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	c, ok := Platform{}.Identify(command)
	if !ok {
		t.Fatalf("%q not identified", command)
	}
	text := string(raw)
	cpe := &evidence.CPE{Name: "r1"}
	o := &evidence.Output{Command: command, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant,
		Families: c.Families, Text: text, Lines: parsers.Lines(text)}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	if o.Err != nil {
		t.Fatalf("%s: %v", file, o.Err)
	}
	return cpe
}

// The summary's "local AS number" is the BGP process's: a neighbor with
// its own local-as uses another, so a summary row must not claim one.
func TestSummaryClaimsNoLocalAS(t *testing.T) {
	cpe := readCorpus(t, "show ip bgp vpnv4 vrf L3VPN-1151 summary",
		"cisco_iosxe/show_ip_bgp_summary/genieparser__ShowIpBgpSummary__golden_output1_output.txt")
	if len(cpe.BGPNeighbors) != 1 || len(cpe.BGPNeighbors[0].Items) != 1 {
		t.Fatalf("neighbor listings %+v, want one with one neighbor", cpe.BGPNeighbors)
	}
	l := cpe.BGPNeighbors[0]
	n := l.Items[0]
	if n.Address.String() != "192.168.10.253" || n.RemoteAS != 61100 || n.State != evidence.BGPIdle {
		t.Errorf("neighbor %s AS %d %s, want 192.168.10.253 AS 61100 Idle", n.Address, n.RemoteAS, n.State)
	}
	if n.LocalAS != 0 {
		t.Errorf("LocalAS %d from a summary row, want 0 (not shown per neighbor)", n.LocalAS)
	}
	if l.Scope.VRF != "L3VPN-1151" {
		t.Errorf("scope VRF %q, want L3VPN-1151", l.Scope.VRF)
	}
	if len(n.Ref.Lines(evidence.AttrState)) == 0 {
		t.Error("the state cites no line")
	}
}
