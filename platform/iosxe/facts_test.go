package iosxe

import (
	"fmt"
	"os"
	"strings"
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

// A large log buffer becomes at most maxLogMessages facts, the newest, and
// the output says what was left out.
func TestLoggingKeepsTheNewestMessages(t *testing.T) {
	var b strings.Builder
	b.WriteString("Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)\n\n")
	b.WriteString("    Buffer logging:  level debugging, 3000 messages logged, xml disabled,\n                    filtering disabled\n\n")
	b.WriteString("Log Buffer (1000000 bytes):\n\n")
	const n = maxLogMessages + 500
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "*Nov 26 10:%02d:%02d.000: %%SYS-5-CONFIG_I: Configured from console by admin on vty0 (192.0.2.%d)\n", i/60%60, i%60, i%250)
	}
	b.WriteString("*Nov 26 11:59:59.000: %TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1(179) to 100.64.1.2(40212) tableid - 0\n")
	text := b.String()
	c, _ := Platform{}.Identify("show logging")
	o := &evidence.Output{Command: "show logging", Kind: parsers.Kind(c.Kind), Families: c.Families, Text: text, Lines: parsers.Lines(text)}
	cpe := &evidence.CPE{Name: "r1"}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	var events []evidence.LogEvent
	for _, l := range cpe.Logs {
		events = append(events, l.Items...)
	}
	if len(events) != maxLogMessages {
		t.Fatalf("%d log facts, want %d", len(events), maxLogMessages)
	}
	if last := events[len(events)-1]; last.Kind != evidence.LogBGPAuthInvalid {
		t.Errorf("the newest message is not kept: last fact %+v", last)
	}
	if len(o.Notes) != 1 || !strings.Contains(o.Notes[0], fmt.Sprintf("newest %d of its %d", maxLogMessages, n+1)) {
		t.Errorf("notes %q, want one naming what was left out", o.Notes)
	}
}
