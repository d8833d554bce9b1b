package iosxe

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func readLoggingFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "logging", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// logRow is one message as a case checks it: tag (or "debug"), the line
// span, and the continuation lines.
type logRow struct {
	Tag   string
	Span  parsers.Span
	Cont  int
	Trunc bool
}

func logRows(l *parsers.Logging) []logRow {
	var rows []logRow
	for _, m := range l.Messages {
		tag := m.Tag
		if tag == "" {
			tag = "debug"
		}
		rows = append(rows, logRow{tag, m.Span, len(m.Continuation), m.Truncated})
	}
	return rows
}

func TestParseLogging(t *testing.T) {
	type head struct {
		Header               bool
		RateLimited          uint64
		Buffer, Trap         parsers.LogDestination
		Hosts                int
		BufferBytes          int
		Leading              []string
		ConsoleOn, MonitorOn bool
		HeaderSpan           parsers.Span
	}
	tests := []struct {
		file string
		head head
		rows []logRow
	}{
		{"show_logging_vc_cpe.txt", head{
			Header: true, RateLimited: 3, BufferBytes: 102400, Hosts: 1, MonitorOn: true,
			Buffer:     parsers.LogDestination{Enabled: true, Level: "debugging", Logged: 412, Text: "level debugging, 412 messages logged, xml disabled,", Line: 13},
			Trap:       parsers.LogDestination{Enabled: true, Level: "informational", Logged: 398, Text: "level informational, 398 message lines logged", Line: 22},
			HeaderSpan: parsers.Span{Start: 1, End: 33},
		}, []logRow{
			{"SYS-5-CONFIG_I", parsers.Span{Start: 35, End: 35}, 0, false},
			{"BGP-3-NOTIFICATION", parsers.Span{Start: 36, End: 36}, 0, false},
			{"BGP-5-NBR_RESET", parsers.Span{Start: 37, End: 37}, 0, false},
			{"BGP-5-ADJCHANGE", parsers.Span{Start: 38, End: 38}, 0, false},
			{"TCP-6-BADAUTH", parsers.Span{Start: 39, End: 39}, 0, false},
			{"TCP-6-BADAUTH", parsers.Span{Start: 40, End: 40}, 0, false},
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 41, End: 41}, 0, false},
			{"CRYPTO-5-IKEV2_SESSION_STATUS", parsers.Span{Start: 42, End: 42}, 0, false},
			{"CRYPTO-4-RECVD_PKT_INV_SPI", parsers.Span{Start: 43, End: 43}, 0, false},
			{"BGP-3-NOTIFICATION", parsers.Span{Start: 44, End: 44}, 0, false},
			{"BGP-5-ADJCHANGE", parsers.Span{Start: 45, End: 45}, 0, false},
			{"LINK-5-CHANGED", parsers.Span{Start: 46, End: 46}, 0, false},
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 47, End: 47}, 0, false},
			{"SYS-5-RESTART", parsers.Span{Start: 48, End: 52}, 4, false},
			{"LINK-3-UPDOWN", parsers.Span{Start: 53, End: 53}, 0, false},
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 54, End: 54}, 0, false},
			{"CRYPTO-5-IKEV2_SESSION_STATUS", parsers.Span{Start: 55, End: 55}, 0, false},
			{"BGP-5-ADJCHANGE", parsers.Span{Start: 56, End: 56}, 0, false},
		}},
		{"show_logging_wrapped.txt", head{
			Header: true, RateLimited: 21, BufferBytes: 8192, Hosts: 1, ConsoleOn: true, MonitorOn: true,
			Buffer:     parsers.LogDestination{Enabled: true, Level: "informational", Logged: 10048, Text: "level informational, 10048 messages logged, xml disabled,", Line: 14},
			Trap:       parsers.LogDestination{Enabled: true, Level: "debugging", Logged: 10180, Text: "level debugging, 10180 message lines logged", Line: 22},
			Leading:    []string{"nnel2, changed state to down"},
			HeaderSpan: parsers.Span{Start: 1, End: 32},
		}, []logRow{
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 34, End: 34}, 0, false},
			{"CRYPTO-4-PKT_REPLAY_ERR", parsers.Span{Start: 35, End: 36}, 1, false},
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 38, End: 38}, 0, false},
		}},
		{"show_logging_include.txt", head{}, []logRow{
			{"TCP-6-BADAUTH", parsers.Span{Start: 2, End: 2}, 0, false},
			{"TCP-6-BADAUTH", parsers.Span{Start: 3, End: 3}, 0, false},
			{"BGP-5-ADJCHANGE", parsers.Span{Start: 4, End: 4}, 0, false},
		}},
		{"show_logging_seq_uptime.txt", head{
			Header: true, BufferBytes: 4096,
			Buffer:     parsers.LogDestination{Enabled: true, Level: "debugging", Logged: 52, Text: "level debugging, 52 messages logged, xml disabled,", Line: 9},
			Trap:       parsers.LogDestination{Text: "disabled", Line: 17},
			HeaderSpan: parsers.Span{Start: 1, End: 20},
		}, []logRow{
			{"LINEPROTO-5-UPDOWN", parsers.Span{Start: 21, End: 21}, 0, true},
			{"LINK-3-UPDOWN", parsers.Span{Start: 22, End: 22}, 0, false},
			{"DIALER-6-BIND", parsers.Span{Start: 23, End: 23}, 0, false},
			{"DIALER-6-UNBIND", parsers.Span{Start: 24, End: 24}, 0, false},
			{"debug", parsers.Span{Start: 25, End: 25}, 0, false},
			{"IOSXE-3-PLATFORM", parsers.Span{Start: 26, End: 26}, 0, false},
			{"PM-SP-4-ERR_DISABLE", parsers.Span{Start: 27, End: 27}, 0, false},
		}},
		{"show_logging_buffer_disabled.txt", head{
			Header: true, RateLimited: 2,
			Buffer:     parsers.LogDestination{Text: "disabled, xml disabled,", Line: 12},
			Trap:       parsers.LogDestination{Enabled: true, Level: "informational", Logged: 258, Text: "level informational, 258 message lines logged", Line: 21},
			HeaderSpan: parsers.Span{Start: 1, End: 23},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			out := readLoggingFixture(t, tc.file)
			for name, in := range map[string]string{"lf": out, "crlf": strings.ReplaceAll(out, "\n", "\r\n")} {
				l, err := ParseLogging(in)
				if err != nil {
					t.Fatalf("ParseLogging(%s, %s) error: %v", tc.file, name, err)
				}
				got := head{
					Header: l.Header, RateLimited: l.RateLimited, Buffer: l.Buffer, Trap: l.Trap, Hosts: len(l.Hosts),
					BufferBytes: l.BufferBytes, Leading: l.Leading, ConsoleOn: l.Console.Enabled, MonitorOn: l.Monitor.Enabled,
					HeaderSpan: l.Span,
				}
				if diff := cmp.Diff(tc.head, got); diff != "" {
					t.Errorf("ParseLogging(%s, %s) header (-want +got):\n%s", tc.file, name, diff)
				}
				if diff := cmp.Diff(tc.rows, logRows(l)); diff != "" {
					t.Errorf("ParseLogging(%s, %s) messages (-want +got):\n%s", tc.file, name, diff)
				}
			}
		})
	}
}

// TestParseLoggingVC checks the values the ladder reads from the VC
// fixture: the BGP failure and MD5 messages, with their addresses.
func TestParseLoggingVC(t *testing.T) {
	l, err := ParseLogging(readLoggingFixture(t, "show_logging_vc_cpe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if h := l.Hosts[0]; h.Address.String() != "192.0.2.50" || h.VRF != "Mgmt-intf" || h.Transport != "udp" || h.Port != 514 ||
		h.LinkUp == nil || !*h.LinkUp || h.Logged != 398 {
		t.Errorf("Hosts[0] = %+v, want 192.0.2.50 Mgmt-intf udp/514 link up, 398 logged", h)
	}
	m := l.Messages
	if m[1].Direction != "received" || m[1].NotificationCode != "2/2" || m[1].NotificationText != "peer in wrong AS" ||
		m[1].Neighbor.String() != "100.64.1.1" {
		t.Errorf("NOTIFICATION = %+v, want received 2/2 peer in wrong AS from 100.64.1.1", m[1])
	}
	if m[4].Reason != "Invalid MD5 digest" || m[4].From.String() != "100.64.2.1:179" || m[4].To.String() != "100.64.2.2:40212" {
		t.Errorf("BADAUTH = %+v, want Invalid MD5 digest 100.64.2.1:179 -> 100.64.2.2:40212", m[4])
	}
	if m[5].Reason != "No MD5 digest" {
		t.Errorf("BADAUTH reason = %q, want No MD5 digest", m[5].Reason)
	}
	if m[13].Continuation[0] != "Cisco IOS Software [Dublin], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.12.4, RELEASE SOFTWARE (fc3)" {
		t.Errorf("RESTART continuation = %q", m[13].Continuation)
	}
}

func TestParseLoggingErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
	}{
		{"", 0},
		{"\n\n", 0},
		{"% Invalid input detected at '^' marker.\n", 1},
		{"cpe1#show logging\nTunnel1 is up, line protocol is up\n", 2},
	}
	for _, tt := range tests {
		_, err := ParseLogging(tt.in)
		var pe *parsers.ParseError
		if !errors.As(err, &pe) || pe.Line != tt.line || pe.Command != "show logging" {
			t.Errorf("ParseLogging(%q) error = %v, want a ParseError at line %d", tt.in, err, tt.line)
		}
	}
}
