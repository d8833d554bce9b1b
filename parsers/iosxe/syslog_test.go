package iosxe

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

// syslogRow is the part of a SyslogMessage a case checks.
type syslogRow struct {
	Seq                    uint64
	Host, TimeText, Zone   string
	Flag                   string
	Time                   string // RFC 3339 with year, "" for none
	Uptime                 time.Duration
	Tag, Fac, Sub, Mnem    string
	Sev                    int
	Text                   string
	Addrs                  []string
	Neighbor, VRF          string
	From, To, Peer         string
	Interface, State       string
	Reason, Dir, Code, Not string
	Profile, User          string
}

func rowOf(m parsers.SyslogMessage) syslogRow {
	r := syslogRow{
		Seq: m.Sequence, Host: m.Host, TimeText: m.TimeText, Zone: m.Zone, Flag: m.ClockFlag, Uptime: m.Uptime,
		Tag: m.Tag, Fac: m.Facility, Sub: m.Subfacility, Mnem: m.Mnemonic, Sev: m.Severity, Text: m.Text,
		VRF: m.VRF, Interface: m.Interface, State: m.State, Reason: m.Reason, Dir: m.Direction,
		Code: m.NotificationCode, Not: m.NotificationText, Profile: m.Profile, User: m.User,
	}
	if !m.Time.IsZero() {
		r.Time = m.Time.Format(time.RFC3339Nano)
	}
	for _, a := range m.Addresses {
		r.Addrs = append(r.Addrs, a.String())
	}
	str := func(v interface{ IsValid() bool }, s string) string {
		if v.IsValid() {
			return s
		}
		return ""
	}
	r.Neighbor = str(m.Neighbor, m.Neighbor.String())
	r.From, r.To, r.Peer = str(m.From, m.From.String()), str(m.To, m.To.String()), str(m.Peer, m.Peer.String())
	return r
}

// TestParseSyslogLine reads one line of each shape IOS and IOS-XE print
// (the shapes are copied from public captures; addresses are ours).
func TestParseSyslogLine(t *testing.T) {
	tests := []struct {
		name, line string
		want       syslogRow
	}{
		{"adjchange down", "*Nov 26 10:21:03.123: %BGP-5-ADJCHANGE: neighbor 100.64.1.1 Down BGP Notification sent",
			syslogRow{TimeText: "Nov 26 10:21:03.123", Flag: "*", Time: "0000-11-26T10:21:03.123Z",
				Tag: "BGP-5-ADJCHANGE", Fac: "BGP", Mnem: "ADJCHANGE", Sev: 5, Text: "neighbor 100.64.1.1 Down BGP Notification sent",
				Addrs: []string{"100.64.1.1"}, Neighbor: "100.64.1.1", State: "Down", Reason: "BGP Notification sent"}},
		{"adjchange vrf up", "*Dec  3 02:09:01.100: %BGP-5-ADJCHANGE: neighbor 100.64.2.1 vpn vrf DI Up ",
			syslogRow{TimeText: "Dec  3 02:09:01.100", Flag: "*", Time: "0000-12-03T02:09:01.1Z",
				Tag: "BGP-5-ADJCHANGE", Fac: "BGP", Mnem: "ADJCHANGE", Sev: 5, Text: "neighbor 100.64.2.1 vpn vrf DI Up",
				Addrs: []string{"100.64.2.1"}, Neighbor: "100.64.2.1", VRF: "DI", State: "Up"}},
		{"badauth invalid, zone", "Nov 26 10:21:03.123 UTC: %TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1(179) to 100.64.1.2(40212) tableid - 0",
			syslogRow{TimeText: "Nov 26 10:21:03.123 UTC", Zone: "UTC", Time: "0000-11-26T10:21:03.123Z",
				Tag: "TCP-6-BADAUTH", Fac: "TCP", Mnem: "BADAUTH", Sev: 6,
				Text:  "Invalid MD5 digest from 100.64.1.1(179) to 100.64.1.2(40212) tableid - 0",
				Addrs: []string{"100.64.1.1", "100.64.1.2"}, From: "100.64.1.1:179", To: "100.64.1.2:40212", Reason: "Invalid MD5 digest"}},
		{"badauth no digest, old release", "*Sep 21 00:08:26.639: %TCP-6-BADAUTH: No MD5 digest from 100.64.1.1(23217) to 100.64.1.2(179)",
			syslogRow{TimeText: "Sep 21 00:08:26.639", Flag: "*", Time: "0000-09-21T00:08:26.639Z",
				Tag: "TCP-6-BADAUTH", Fac: "TCP", Mnem: "BADAUTH", Sev: 6, Text: "No MD5 digest from 100.64.1.1(23217) to 100.64.1.2(179)",
				Addrs: []string{"100.64.1.1", "100.64.1.2"}, From: "100.64.1.1:23217", To: "100.64.1.2:179", Reason: "No MD5 digest"}},
		{"badauth ipv6 with year", "*May 12 2020 13:35:15.181 UTC: %TCP-6-BADAUTH: Invalid MD5 digest from 2001:db8:4::(37854) to 2001:db8:4::1(179) tableid - 0",
			syslogRow{TimeText: "May 12 2020 13:35:15.181 UTC", Flag: "*", Zone: "UTC", Time: "2020-05-12T13:35:15.181Z",
				Tag: "TCP-6-BADAUTH", Fac: "TCP", Mnem: "BADAUTH", Sev: 6,
				Text:  "Invalid MD5 digest from 2001:db8:4::(37854) to 2001:db8:4::1(179) tableid - 0",
				Addrs: []string{"2001:db8:4::", "2001:db8:4::1"}, From: "[2001:db8:4::]:37854", To: "[2001:db8:4::1]:179", Reason: "Invalid MD5 digest"}},
		{"badauth colon ports", "%TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1:23217 to 100.64.1.2:179",
			syslogRow{Tag: "TCP-6-BADAUTH", Fac: "TCP", Mnem: "BADAUTH", Sev: 6, Text: "Invalid MD5 digest from 100.64.1.1:23217 to 100.64.1.2:179",
				Addrs: []string{"100.64.1.1", "100.64.1.2"}, From: "100.64.1.1:23217", To: "100.64.1.2:179", Reason: "Invalid MD5 digest"}},
		{"sequence, no msec", "000123: *Nov 26 10:21:03: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel1, changed state to down",
			syslogRow{Seq: 123, TimeText: "Nov 26 10:21:03", Flag: "*", Time: "0000-11-26T10:21:03Z",
				Tag: "LINEPROTO-5-UPDOWN", Fac: "LINEPROTO", Mnem: "UPDOWN", Sev: 5,
				Text: "Line protocol on Interface Tunnel1, changed state to down", Interface: "Tunnel1", State: "down"}},
		{"year, dialer bind", "Nov 26 2026 10:21:03.123 UTC: %DIALER-6-BIND: Interface Vi1 bound to profile Di1",
			syslogRow{TimeText: "Nov 26 2026 10:21:03.123 UTC", Zone: "UTC", Time: "2026-11-26T10:21:03.123Z",
				Tag: "DIALER-6-BIND", Fac: "DIALER", Mnem: "BIND", Sev: 6, Text: "Interface Vi1 bound to profile Di1",
				Interface: "Vi1", State: "bound", Profile: "Di1"}},
		{"unsynchronised clock", ".Nov 26 10:21:03.123: %DIALER-6-UNBIND: Interface Vi1 unbound from profile Di1",
			syslogRow{TimeText: "Nov 26 10:21:03.123", Flag: ".", Time: "0000-11-26T10:21:03.123Z",
				Tag: "DIALER-6-UNBIND", Fac: "DIALER", Mnem: "UNBIND", Sev: 6, Text: "Interface Vi1 unbound from profile Di1",
				Interface: "Vi1", State: "unbound", Profile: "Di1"}},
		{"notification wrong AS", "*Dec  3 02:08:59.528: %BGP-3-NOTIFICATION: sent to neighbor 100.64.1.1 passive 2/2 (peer in wrong AS) 2 bytes FC5A",
			syslogRow{TimeText: "Dec  3 02:08:59.528", Flag: "*", Time: "0000-12-03T02:08:59.528Z",
				Tag: "BGP-3-NOTIFICATION", Fac: "BGP", Mnem: "NOTIFICATION", Sev: 3,
				Text:  "sent to neighbor 100.64.1.1 passive 2/2 (peer in wrong AS) 2 bytes FC5A",
				Addrs: []string{"100.64.1.1"}, Neighbor: "100.64.1.1", Dir: "sent", Code: "2/2", Not: "peer in wrong AS"}},
		{"notification hold time", "16:48:17.095: %BGP-3-NOTIFICATION: received from neighbor 100.64.2.1 4/0 (hold time expired) 0 bytes",
			syslogRow{TimeText: "16:48:17.095", Tag: "BGP-3-NOTIFICATION", Fac: "BGP", Mnem: "NOTIFICATION", Sev: 3,
				Text:  "received from neighbor 100.64.2.1 4/0 (hold time expired) 0 bytes",
				Addrs: []string{"100.64.2.1"}, Neighbor: "100.64.2.1", Dir: "received", Code: "4/0", Not: "hold time expired"}},
		{"link changed", "*May  2 16:05:39.440: %LINK-5-CHANGED: Interface Tunnel46, changed state to administratively down",
			syslogRow{TimeText: "May  2 16:05:39.440", Flag: "*", Time: "0000-05-02T16:05:39.44Z",
				Tag: "LINK-5-CHANGED", Fac: "LINK", Mnem: "CHANGED", Sev: 5,
				Text: "Interface Tunnel46, changed state to administratively down", Interface: "Tunnel46", State: "administratively down"}},
		{"link updown uptime", "000045: 1d02h: %LINK-3-UPDOWN: Interface Tunnel2, changed state to up",
			syslogRow{Seq: 45, TimeText: "1d02h", Uptime: 26 * time.Hour, Tag: "LINK-3-UPDOWN", Fac: "LINK", Mnem: "UPDOWN", Sev: 3,
				Text: "Interface Tunnel2, changed state to up", Interface: "Tunnel2", State: "up"}},
		{"config_i", "*Aug 19 15:23:24.798: %SYS-5-CONFIG_I: Configured from console by cisco on vty1 (192.0.2.10)",
			syslogRow{TimeText: "Aug 19 15:23:24.798", Flag: "*", Time: "0000-08-19T15:23:24.798Z",
				Tag: "SYS-5-CONFIG_I", Fac: "SYS", Mnem: "CONFIG_I", Sev: 5, Text: "Configured from console by cisco on vty1 (192.0.2.10)",
				Addrs: []string{"192.0.2.10"}, User: "cisco"}},
		{"crypto session", "*Nov 26 10:25:41.118: %CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP.  Peer 198.51.100.1:500       Id: 198.51.100.1",
			syslogRow{TimeText: "Nov 26 10:25:41.118", Flag: "*", Time: "0000-11-26T10:25:41.118Z",
				Tag: "CRYPTO-5-IKEV2_SESSION_STATUS", Fac: "CRYPTO", Mnem: "IKEV2_SESSION_STATUS", Sev: 5,
				Text:  "Crypto tunnel v2 is UP.  Peer 198.51.100.1:500       Id: 198.51.100.1",
				Addrs: []string{"198.51.100.1"}, Peer: "198.51.100.1:500", State: "UP"}},
		{"invalid spi", "*Oct 24 04:31:10.058: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=192.0.2.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=198.51.100.1, input interface=GigabitEthernet1",
			syslogRow{TimeText: "Oct 24 04:31:10.058", Flag: "*", Time: "0000-10-24T04:31:10.058Z",
				Tag: "CRYPTO-4-RECVD_PKT_INV_SPI", Fac: "CRYPTO", Mnem: "RECVD_PKT_INV_SPI", Sev: 4,
				Text:  "decaps: rec'd IPSEC packet has invalid spi for destaddr=192.0.2.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=198.51.100.1, input interface=GigabitEthernet1",
				Addrs: []string{"192.0.2.1", "198.51.100.1"}, From: "198.51.100.1:0", To: "192.0.2.1:0", Peer: "198.51.100.1:0",
				Interface: "GigabitEthernet1"}},
		{"ikmp no sa", "%CRYPTO-4-IKMP_NO_SA: IKE message from 198.51.100.1 has no SA and is not an initialization offer",
			syslogRow{Tag: "CRYPTO-4-IKMP_NO_SA", Fac: "CRYPTO", Mnem: "IKMP_NO_SA", Sev: 4,
				Text:  "IKE message from 198.51.100.1 has no SA and is not an initialization offer",
				Addrs: []string{"198.51.100.1"}, Peer: "198.51.100.1:0"}},
		{"server copy with pri, seq and host", "<189>52: cpe1: *Mar  1 00:01:02.345 UTC: %LINK-3-UPDOWN: Interface Tunnel1, changed state to up",
			syslogRow{Seq: 52, Host: "cpe1", TimeText: "Mar  1 00:01:02.345 UTC", Flag: "*", Zone: "UTC", Time: "0000-03-01T00:01:02.345Z",
				Tag: "LINK-3-UPDOWN", Fac: "LINK", Mnem: "UPDOWN", Sev: 3, Text: "Interface Tunnel1, changed state to up",
				Interface: "Tunnel1", State: "up"}},
		{"host after stamp", "<0>91: *Oct 07 03:10:04: cpe1.example.net %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=192.0.2.1, prot=50, spi=0x72662541(1919296833), srcaddr=198.51.100.1",
			syslogRow{Seq: 91, Host: "cpe1.example.net", TimeText: "Oct 07 03:10:04", Flag: "*", Time: "0000-10-07T03:10:04Z",
				Tag: "CRYPTO-4-RECVD_PKT_INV_SPI", Fac: "CRYPTO", Mnem: "RECVD_PKT_INV_SPI", Sev: 4,
				Text:  "decaps: rec'd IPSEC packet has invalid spi for destaddr=192.0.2.1, prot=50, spi=0x72662541(1919296833), srcaddr=198.51.100.1",
				Addrs: []string{"192.0.2.1", "198.51.100.1"}, From: "198.51.100.1:0", To: "192.0.2.1:0", Peer: "198.51.100.1:0"}},
		{"subfacility", "%PM-SP-4-ERR_DISABLE: bpduguard error detected on Gi3/1, putting Gi3/1 in err-disable state",
			syslogRow{Tag: "PM-SP-4-ERR_DISABLE", Fac: "PM", Sub: "SP", Mnem: "ERR_DISABLE", Sev: 4,
				Text: "bpduguard error detected on Gi3/1, putting Gi3/1 in err-disable state"}},
		{"iosxe nested ipsec", "*Nov  3 10:21:05.001 KST: %IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000012345678901234 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 5, src_addr 198.51.100.129, dest_addr 192.0.2.1, SPI 0x1a2b3c4d",
			syslogRow{TimeText: "Nov  3 10:21:05.001 KST", Flag: "*", Zone: "KST", Time: "0000-11-03T10:21:05.001Z",
				Tag: "IOSXE-3-PLATFORM", Fac: "IOSXE", Mnem: "PLATFORM", Sev: 3,
				Text:  "R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000012345678901234 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 5, src_addr 198.51.100.129, dest_addr 192.0.2.1, SPI 0x1a2b3c4d",
				Addrs: []string{"198.51.100.129", "192.0.2.1"}, From: "198.51.100.129:0", To: "192.0.2.1:0", Peer: "198.51.100.129:0"}},
		{"debug line", "*Aug 23 00:47:37.911: BGP: 100.64.1.1 active went from Idle to Active",
			syslogRow{TimeText: "Aug 23 00:47:37.911", Flag: "*", Time: "0000-08-23T00:47:37.911Z", Sev: -1,
				Text: "BGP: 100.64.1.1 active went from Idle to Active", Addrs: []string{"100.64.1.1"}}},
		{"debug line with sequence and zone", "000048: Dec  2 12:09:21.207 EST: CEF-HWIDB: Tunnel2 LES switching vector set to Null",
			syslogRow{Seq: 48, TimeText: "Dec  2 12:09:21.207 EST", Zone: "EST", Time: "0000-12-02T12:09:21.207Z", Sev: -1,
				Text: "CEF-HWIDB: Tunnel2 LES switching vector set to Null"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := ParseSyslogLine(tt.line)
			if !ok {
				t.Fatalf("ParseSyslogLine(%q) = not a log line", tt.line)
			}
			if diff := cmp.Diff(tt.want, rowOf(m)); diff != "" {
				t.Errorf("ParseSyslogLine(%q) (-want +got):\n%s", tt.line, diff)
			}
			if got, want := IsSyslogLine(tt.line), tt.want.Tag != ""; got != want {
				t.Errorf("IsSyslogLine(%q) = %v, want %v", tt.line, got, want)
			}
			if !IsLogLine(tt.line) {
				t.Errorf("IsLogLine(%q) = false, want true", tt.line)
			}
		})
	}
}

// TestIsSyslogLineRejects holds the recognisers to lines of show output
// and lines that look close to a message.
func TestIsSyslogLineRejects(t *testing.T) {
	for _, line := range []string{
		"", "%", "% Invalid input detected at '^' marker.", "%IPv4 CEF not running", "% BGP not active",
		"% Network not in table", "%BGP-5-ADJCHANGE neighbor 100.64.1.1 Up", // no colon
		"%BGP-8-ADJCHANGE: neighbor 100.64.1.1 Up",  // severity 8
		"%BGP-5-: neighbor 100.64.1.1 Up",           // no mnemonic
		"%bgp-5-adjchange: neighbor 100.64.1.1 Up",  // lower case
		"%BGP-5-ADJCHANGE:neighbor 100.64.1.1 Up",   // no space after the colon
		"%A-B-C-D-5-E: too many parts",              // five parts
		" *Nov 26 10:21:03.123: %SYS-5-CONFIG_I: x", // indented
		"*10:21:03.123 UTC Thu Nov 26 2026",         // show clock
		"Time source is NTP, 10:54:02.123 UTC Thu Nov 26 2026",
		"Load for five secs: 1%/0%; one minute: 1%; five minutes: 1%",
		"Nov 26 10:21:03.123 UTC",      // a stamp alone
		"Nov 32 10:21:03: %SYS-5-X: y", // no such day
		"Nov 26 25:21:03: %SYS-5-X: y", // no such hour
		"Foo 26 10:21:03: %SYS-5-X: y", // no such month
		"*%SYS-5-CONFIG_I: x",          // a flag with no stamp
		"Tunnel1 is up, line protocol is up",
		"  Tunnel linestate evaluation down - no output interface",
		"Interface: Tunnel1",
		"Peer: 198.51.100.1 port 500 fvrf: (none) ivrf: (none)",
		"100.64.1.1      4        64602      14      15        9    0    0 00:10:02        2",
		"B     203.0.113.0/25 [20/0] via 100.64.1.1, 00:10:02",
		"1         192.0.2.1/500         198.51.100.1/500      none/none            READY",
		"Routing entry for 203.0.113.0/25",
		"cpe1#show logging",
		"Log Buffer (102400 bytes):",
		"  banner motd ^C %SYS-5-CONFIG_I: not a message ^C",
	} {
		if IsSyslogLine(line) {
			t.Errorf("IsSyslogLine(%q) = true, want false", line)
		}
		if IsLogLine(line) {
			t.Errorf("IsLogLine(%q) = true, want false", line)
		}
	}
}

// TestIsSyslogLineTranscript finds the messages a console printed into
// the output of other commands, and nothing else.
func TestIsSyslogLineTranscript(t *testing.T) {
	out := readRoutingFixture(t, "show_ip_bgp_summary.txt")
	lines := parsers.Lines(out)
	async := []string{
		"*Nov 26 10:24:00.310: %BGP-3-NOTIFICATION: sent to neighbor 100.64.1.1 4/0 (hold time expired) 0 bytes",
		"*Nov 26 10:24:00.311: %BGP-5-ADJCHANGE: neighbor 100.64.1.1 Down BGP Notification sent",
	}
	// Printed between the memory lines and between two neighbor rows.
	mixed := append(append(append([]string{}, lines[:4]...), async[0]), lines[4:len(lines)-1]...)
	mixed = append(append(mixed, async[1]), lines[len(lines)-1])
	var found []string
	for _, l := range mixed {
		if IsSyslogLine(l) {
			found = append(found, l)
		}
	}
	if diff := cmp.Diff(async, found); diff != "" {
		t.Errorf("IsSyslogLine over a transcript (-want +got):\n%s", diff)
	}
	// The summary still parses once the messages are dropped.
	var kept []string
	for _, l := range mixed {
		if !IsSyslogLine(l) {
			kept = append(kept, l)
		}
	}
	if s, err := ParseBGPSummary(strings.Join(kept, "\n")); err != nil || len(s.Neighbors) != 2 {
		t.Errorf("ParseBGPSummary(transcript without messages) = %v, %v; want 2 neighbors", s, err)
	}
}

// TestSyslogCorpusNoFalsePositives runs the recognisers on every line of
// every IOS and IOS-XE corpus output, of every command: none is a message.
func TestSyslogCorpusNoFalsePositives(t *testing.T) {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not present at %s", corpusRoot)
	}
	files, lines := 0, 0
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		paths, _ := filepath.Glob(filepath.Join(corpusRoot, platform, "*", "*"))
		for _, p := range paths {
			if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".yml") {
				continue
			}
			files++
			for i, l := range parsers.Lines(readCorpus(t, p)) {
				lines++
				if IsSyslogLine(l) || IsLogLine(l) {
					t.Errorf("%s:%d: taken for a log line: %q", p, i+1, l)
				}
			}
		}
	}
	if files == 0 {
		t.Fatal("no corpus file read")
	}
	t.Logf("%d lines of %d files, no log line", lines, files)
}

// TestParseSyslogLineNotLog: a line that is not a log line gives ok false
// and a zero message.
func TestParseSyslogLineNotLog(t *testing.T) {
	m, ok := ParseSyslogLine("Tunnel1 is up, line protocol is up")
	if ok || m.Tag != "" || m.Text != "" || m.Neighbor != (netip.Addr{}) {
		t.Errorf("ParseSyslogLine(show output) = %+v, %v; want zero, false", m, ok)
	}
}
