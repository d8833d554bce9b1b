package iosxe

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/parsers"
)

func TestParsePing(t *testing.T) {
	tests := []struct {
		file string
		want parsers.Ping
	}{
		{"ping_tunnel1_ok.txt", parsers.Ping{
			Target: netip.MustParseAddr("100.64.1.1"), Repeat: 5, Size: 100, Timeout: 2 * time.Second, TimeoutSec: 2,
			Source: "100.64.1.2", Marks: "!!!!!", Sent: 5, Received: 5, Percent: 100,
			RTTMin: time.Millisecond, RTTAvg: 2 * time.Millisecond, RTTMax: 4 * time.Millisecond,
			RTTMinMs: 1, RTTAvgMs: 2, RTTMaxMs: 4, HasRTT: true, Span: parsers.Span{Start: 3, End: 6},
		}},
		{"ping_tunnel2_fail.txt", parsers.Ping{
			Target: netip.MustParseAddr("100.64.2.1"), Repeat: 5, Size: 100, Timeout: 2 * time.Second, TimeoutSec: 2,
			Source: "100.64.2.2", Marks: ".....", Sent: 5, Lost: 5, Timeouts: 5, Span: parsers.Span{Start: 2, End: 5},
		}},
		{"ping_df_fail_m.txt", parsers.Ping{
			Target: netip.MustParseAddr("100.64.1.1"), Repeat: 5, Size: 1400, Timeout: 2 * time.Second, TimeoutSec: 2,
			Source: "100.64.1.2", DF: true, Marks: "M.M.M", Sent: 5, Lost: 5, FragNeeded: 3, Timeouts: 2,
			Span: parsers.Span{Start: 3, End: 7},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParsePing(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(&tt.want, got, cmpNet); d != "" {
				t.Errorf("ParsePing(%s) mismatch (-want +got):\n%s", tt.file, d)
			}
		})
	}
}

func TestParsePingShapes(t *testing.T) {
	tests := []struct {
		name, in string
		marks    string
		sent     int
	}{
		{"wrapped marks", readFixtureString("ping_df_wrapped.txt"), "", 100},
		{"crlf no final newline", "Type escape sequence to abort.\r\nSending 2, 100-byte ICMP Echos to 8.8.8.8, timeout is 2 seconds:\r\n!!\r\nSuccess rate is 100 percent (2/2), round-trip min/avg/max = 25/25/25 ms", "!!", 2},
		{"extended ping prompts", "Protocol [ip]: \nTarget IP address: 100.64.1.1\nRepeat count [5]: 3\nDatagram size [100]: 1400\nSet DF bit in IP header? [no]: yes\nType escape sequence to abort.\nSending 3, 1400-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\nPacket sent with the DF bit set\nU.U\nSuccess rate is 0 percent (0/3)\n", "U.U", 3},
		{"ipv6 source with vrf", "Sending 5, 1379-byte ICMP Echos to 6800::6, timeout is 1 seconds:\nPacket sent with a source address of 1700::1%vpn-101\nB!!!!\nSuccess rate is 80 percent (4/5), round-trip min/avg/max = 1/1/1 ms\n", "B!!!!", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePing(tt.in)
			if err != nil {
				t.Fatalf("ParsePing(%q): %v", tt.in, err)
			}
			if got.Sent != tt.sent || len(got.Marks) != tt.sent || tt.marks != "" && got.Marks != tt.marks {
				t.Errorf("ParsePing(%q) = sent %d, marks %q, want %d, %q", tt.in, got.Sent, got.Marks, tt.sent, tt.marks)
			}
		})
	}
}

func readFixtureString(name string) string {
	b, err := os.ReadFile(filepath.Join(deviceDir, name))
	if err != nil {
		return ""
	}
	return string(b)
}

func TestParsePingErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
	}{
		{"unrecognized host", "ping dc-a\n% Unrecognized host or address, or protocol not running.\n", 2},
		{"no result", "Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\n!!", 0},
		{"empty", "", 0},
		{"bad rate", "Success rate is many percent (5/5)\n", 1},
		{"bad count", "Sending five, 100-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePing(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line {
				t.Errorf("ParsePing(%q) error = %v, want a ParseError at line %d", tt.in, err, tt.line)
			}
		})
	}
}
