package collectors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func readFixture(t *testing.T, name string) *Transcript {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := ReadTranscript(name, f)
	if err != nil {
		t.Fatalf("ReadTranscript(%s) = %v", name, err)
	}
	return tr
}

type blockSummary struct {
	Host, Cmd string
	Line      int
	Config    bool
}

func summarize(tr *Transcript) []blockSummary {
	var out []blockSummary
	for _, b := range tr.Blocks {
		out = append(out, blockSummary{b.Hostname, b.Command, b.Line, b.ConfigMode})
	}
	return out
}

func TestReadTranscriptPuTTY(t *testing.T) {
	tr := readFixture(t, "putty-cpe1.log")
	want := []blockSummary{
		{"cpe1", "enable", 8, false},
		{"cpe1", "terminal exec prompt timestamp", 10, false},
		{"cpe1", "sh cry ikev2 sa", 11, false},
		{"cpe1", "show int tu1", 26, false},
		{"cpe1", "sh ip bgp sum", 69, false},
		{"cpe1", "show crypto ikev2 sa detial", 87, false},
		{"cpe1", "ping 100.64.1.1 source Tunnel1", 91, false},
		{"cpe1", "sh run | s ikev2 keyring|router bgp", 100, false},
		{"cpe1", "show clock", 119, false},
		{"cpe1", "conf t", 124, false},
		{"cpe1", "username bob privilege 15 secret 0 <redacted>", 126, true},
		{"cpe1", "show ip route 203.0.113.0", 127, false},
		{"cpe1", "end", 139, true},
	}
	if diff := cmp.Diff(want, summarize(tr)); diff != "" {
		t.Fatalf("ReadTranscript(putty-cpe1.log) blocks (-want +got):\n%s", diff)
	}
	if !tr.Started.Equal(time.Date(2026, 11, 26, 10, 21, 0, 0, time.UTC)) {
		t.Errorf("Started = %v, want 2026-11-26 10:21:00 UTC", tr.Started)
	}
	ike := tr.Blocks[2]
	if want := time.Date(2026, 11, 26, 10, 22, 1, 123e6, time.UTC); !ike.At.Equal(want) {
		t.Errorf("At of %q = %v, want %v", ike.Command, ike.At, want)
	}
	if !strings.HasPrefix(ike.Output, " IPv4 Crypto IKEv2  SA\n") || strings.Contains(ike.Output, "\r") {
		t.Errorf("output of %q = %q, want banner and CR removed", ike.Command, ike.Output)
	}
	tun := tr.Blocks[3].Output
	if strings.Contains(tun, "More") || strings.Contains(tun, "\b") {
		t.Errorf("show int tu1 output keeps pager debris: %q", tun)
	}
	if !strings.Contains(tun, "on interface <OK>\n  Tunnel protocol/transport GRE/IP\n") {
		t.Errorf("show int tu1 output lost the line after the pager:\n%s", tun)
	}
	if got := tr.Blocks[9].Output; !strings.HasPrefix(got, "Enter configuration commands") {
		t.Errorf("conf t output = %q", got)
	}
}

func TestReadTranscriptShowTech(t *testing.T) {
	tr := readFixture(t, "showtech-cpe1.txt")
	want := []blockSummary{
		{"", "show clock", 2, false},
		{"", "show version", 7, false},
		{"", "show running-config", 35, false},
		{"", "show crypto ikev2 sa", 67, false},
		{"", "show ip bgp summary", 82, false},
	}
	if diff := cmp.Diff(want, summarize(tr)); diff != "" {
		t.Fatalf("ReadTranscript(showtech-cpe1.txt) blocks (-want +got):\n%s", diff)
	}
	if got := tr.Blocks[1].Output; !strings.HasPrefix(got, "Cisco IOS XE Software") || !strings.HasSuffix(got, "0x2102\n") {
		t.Errorf("show version output = %q, want trimmed of blank lines", got)
	}
}

func TestReadTranscriptSamples(t *testing.T) {
	tr := readFixture(t, "samples-cpe1.log")
	var cmds []string
	for _, b := range tr.Blocks {
		cmds = append(cmds, b.Command)
	}
	want := []string{"terminal length 0", "show crypto ipsec sa", "show crypto ikev2 sa",
		"show crypto ipsec sa", "show crypto ikev2 sa", "show interfaces Tunnel1"}
	if diff := cmp.Diff(want, cmds); diff != "" {
		t.Fatalf("commands (-want +got):\n%s", diff)
	}
	if got, want := tr.Blocks[3].At, time.Date(2026, 11, 26, 10, 41, 3, 0, time.UTC); !got.Equal(want) {
		t.Errorf("At of second ipsec sample = %v, want %v", got, want)
	}
	if !strings.Contains(tr.Blocks[3].Output, "#pkts encaps: 10291") || strings.Contains(tr.Blocks[3].Output, "[2026") {
		t.Errorf("second ipsec sample output = %q", tr.Blocks[3].Output)
	}
	tun := tr.Blocks[5].Output
	if strings.Contains(tun, "More") || !strings.Contains(tun, "<OK>\n  Tunnel protocol/transport GRE/IP\n") {
		t.Errorf("glued pager not removed with indentation kept:\n%s", tun)
	}
}

func TestReadTranscriptLines(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Block
	}{
		{"CR only", "r1#show ver\rCisco IOS XE Software\rr1#", []Block{
			{Hostname: "r1", Command: "show ver", Output: "Cisco IOS XE Software\n", Line: 1}}},
		{"caret H typing", "r1#sh^H^Hshow clock\n*10:00:00 UTC\n", []Block{
			{Hostname: "r1", Command: "show clock", Output: "*10:00:00 UTC\n", Line: 1}}},
		{"ANSI colours", "\x1b[1;32mr1#\x1b[0mshow clock\n\x1b[31m*10:00:00 UTC\x1b[0m\n", []Block{
			{Hostname: "r1", Command: "show clock", Output: "*10:00:00 UTC\n", Line: 1}}},
		{"user exec prompt", "r1>show ver\nx\n", []Block{
			{Hostname: "r1", Command: "show ver", Output: "x\n", Line: 1}}},
		{"bgp rib-failure line is not a prompt", "r1#show ip bgp\nr>i 10.0.0.0/8 100.64.1.1\n", []Block{
			{Hostname: "r1", Command: "show ip bgp", Output: "r>i 10.0.0.0/8 100.64.1.1\n", Line: 1}}},
		{"bracket output kept", "r1#show x\n[not a time] y\n", []Block{
			{Hostname: "r1", Command: "show x", Output: "[not a time] y\n", Line: 1}}},
		{"bang separator", "!--- show ip bgp summary\nBGP router identifier 1.1.1.1\n", []Block{
			{Command: "show ip bgp summary", Output: "BGP router identifier 1.1.1.1\n", Line: 1}}},
		{"dash table line is not a separator", "r1#show x\n-----  -----\n", []Block{
			{Hostname: "r1", Command: "show x", Output: "-----  -----\n", Line: 1}}},
		{"no prompt at all", "just text\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ReadTranscript("x", strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ReadTranscript(%q) = %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, tr.Blocks); diff != "" {
				t.Errorf("ReadTranscript(%q) blocks (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestBannerTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Time source is NTP, 10:22:01.123 UTC Thu Nov 26 2026", time.Date(2026, 11, 26, 10, 22, 1, 123e6, time.UTC), true},
		{"No time source, *09:05:07.001 UTC Mon Nov 2 2026", time.Date(2026, 11, 2, 9, 5, 7, 1e6, time.UTC), true},
		{"Time source is NTP, 20:39:33.145 EST Wed Jun 2 2016", time.Date(2016, 6, 2, 20, 39, 33, 145e6, time.UTC), true},
		{"Load for five secs: 1%/0%; one minute: 1%; five minutes: 1%", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := bannerTime(tt.in)
		// Compare the wall clock: an unknown zone keeps its name.
		if ok != tt.ok || got.Format("2006-01-02 15:04:05.000") != tt.want.Format("2006-01-02 15:04:05.000") {
			t.Errorf("bannerTime(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzReadTranscript(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("r1#sh\b\bshow x\r\n --More-- \b\b\b\x1b[")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ReadTranscript("fuzz", strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := ReadTranscript("fuzz", strings.NewReader(s))
		if !cmp.Equal(a, b) {
			t.Errorf("ReadTranscript(%q) differs between runs", s)
		}
		for _, bl := range a.Blocks {
			if bl.Line < 1 {
				t.Errorf("block %q has line %d", bl.Command, bl.Line)
			}
		}
	})
}
