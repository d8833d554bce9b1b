package iosxe

import (
	"fmt"
	"strings"
	"testing"
)

// Benchmarks for `show logging`, `show ip interface brief` and `show ip cef`.
// gen_outputs.py has no generator for them, so each builds its input from
// the line shapes of the fixtures under testdata/ (logging/, device/, cef/),
// at two sizes ten times apart (CEF also in its detail form), so that
// ns/line can be compared across sizes.

// benchLines runs parse on in and reports ns/line.
func benchLines(b *testing.B, in string, parse func(string) error) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if err := parse(in); err != nil {
			b.Fatal(err)
		}
	}
	reportLines(b, in)
}

// synthLoggingHeader is the header of show_logging_vc_cpe.txt.
const synthLoggingHeader = `Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.



No Inactive Message Discriminator.


    Console logging: disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, 412 messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    File logging: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, 398 message lines logged
        Logging to 192.0.2.50  (Mgmt-intf) (udp port 514, audit disabled,
              link up),
              398 message lines logged, 
              0 message lines rate-limited, 
              0 message lines dropped-by-MD, 
              xml disabled, sequence number disabled
              filtering disabled
        Logging Source-Interface:       VRF Name:
    TLS Profiles: 

Log Buffer (102400 bytes):

`

// synthLoggingMsgs are message texts of the logging fixtures (after the
// timestamp); "\n" separates the continuation lines some of them carry.
var synthLoggingMsgs = []string{
	"%SYS-5-CONFIG_I: Configured from console by admin on vty0 (192.0.2.10)",
	"%BGP-3-NOTIFICATION: received from neighbor 100.64.1.1 passive 2/2 (peer in wrong AS) 2 bytes FC5A",
	"%BGP-5-NBR_RESET: Neighbor 100.64.1.1 passive reset (BGP Notification received)",
	"%BGP-5-ADJCHANGE: neighbor 100.64.1.1 passive Down BGP Notification received",
	"%TCP-6-BADAUTH: Invalid MD5 digest from 100.64.2.1(179) to 100.64.2.2(40212) tableid - 0",
	"%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel2, changed state to down",
	"%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is DOWN.  Peer 198.51.100.129:500       Id: 198.51.100.129",
	"%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=192.0.2.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=198.51.100.129, input interface=GigabitEthernet1",
	"%CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed\n        connection id=29, sequence number=219\n",
	"%LINK-5-CHANGED: Interface Tunnel1, changed state to administratively down",
	"%IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000012345678901234 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 5, src_addr 198.51.100.129, dest_addr 192.0.2.1, SPI 0x1a2b3c4d",
	"%LINK-3-UPDOWN: Interface Tunnel1, changed state to up",
	"%BGP-5-ADJCHANGE: neighbor 100.64.1.1 Up ",
	"%SYS-5-RESTART: System restarted --\nCisco IOS Software [Dublin], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.12.4, RELEASE SOFTWARE (fc3)\nTechnical Support: http://www.cisco.com/techsupport\nCopyright (c) 1986-2024 by Cisco Systems, Inc.\nCompiled Tue 12-Mar-24 10:24 by mcpre",
}

// synthLogging renders the header and n buffered messages, timestamped a
// few seconds apart, every third with a sequence number.
func synthLogging(n int) string {
	var sb strings.Builder
	sb.WriteString(synthLoggingHeader)
	for i := range n {
		s := i * 7
		if i%3 == 0 {
			fmt.Fprintf(&sb, "%06d: ", i+1)
		}
		fmt.Fprintf(&sb, "*Nov %2d %02d:%02d:%02d.%03d: %s\n", 1+s/86400%28, s/3600%24, s/60%60, s%60, i%1000,
			synthLoggingMsgs[i%len(synthLoggingMsgs)])
	}
	sb.WriteString("cpe1#\n")
	return sb.String()
}

func BenchmarkParseLogging(b *testing.B) {
	for _, n := range []int{3000, 30000} {
		b.Run(fmt.Sprintf("messages=%d", n), func(b *testing.B) {
			benchLines(b, synthLogging(n), func(s string) error { _, err := ParseLogging(s); return err })
		})
	}
}

func TestSynthLoggingCount(t *testing.T) {
	l, err := ParseLogging(synthLogging(280))
	if err != nil || !l.Header || len(l.Messages) != 280 {
		t.Fatalf("ParseLogging(synthetic 280) = %d messages, %v, want 280 with the header", len(l.Messages), err)
	}
	if m := l.Messages[13]; m.Tag != "SYS-5-RESTART" || len(m.Continuation) != 4 || m.Sequence != 0 {
		t.Errorf("message 14 = %+v, want SYS-5-RESTART with 4 continuation lines", m)
	}
	if a, b := l.Messages[276].Sequence, l.Messages[277].Sequence; a != 277 || b != 0 {
		t.Errorf("sequence numbers of messages 277, 278 = %d, %d, want 277, 0", a, b)
	}
}

// synthBriefRows are rows of show_ip_interface_brief_cpe.txt; %d numbers
// the interface.
var synthBriefRows = []string{
	"GigabitEthernet%-7d 192.0.2.1       YES NVRAM  up                    up      \n",
	"GigabitEthernet%-7d unassigned      YES NVRAM  administratively down down    \n",
	"Loopback%-14d 10.0.0.1        YES NVRAM  up                    up      \n",
	"Tunnel%-16d 100.64.1.2      YES NVRAM  up                    up      \n",
	"Tunnel%-16d 100.64.2.2      YES manual up                    down    \n",
	"VirtualPortGroup%-6d unassigned      YES unset  deleted               down    \n",
}

// synthBrief renders the header and n rows.
func synthBrief(n int) string {
	var sb strings.Builder
	sb.WriteString("cpe1#show ip interface brief\nInterface              IP-Address      OK? Method Status                Protocol\n")
	for i := range n {
		fmt.Fprintf(&sb, synthBriefRows[i%len(synthBriefRows)], i)
	}
	sb.WriteString("cpe1#\n")
	return sb.String()
}

func BenchmarkParseInterfaceBrief(b *testing.B) {
	for _, n := range []int{4000, 40000} {
		b.Run(fmt.Sprintf("interfaces=%d", n), func(b *testing.B) {
			benchLines(b, synthBrief(n), func(s string) error { _, err := ParseInterfaceBrief(s); return err })
		})
	}
}

func TestSynthBriefCount(t *testing.T) {
	rows, err := ParseInterfaceBrief(synthBrief(600))
	if err != nil || len(rows) != 600 {
		t.Fatalf("ParseInterfaceBrief(synthetic 600) = %d rows, %v, want 600", len(rows), err)
	}
	if r := rows[1]; r.Name != "GigabitEthernet1" || r.Status != "administratively down" || r.Protocol != "down" {
		t.Errorf("row 2 = %+v, want GigabitEthernet1 administratively down/down", r)
	}
}

// synthCEFTable renders a `show ip cef` table of n prefixes in the shapes
// of show_ip_cef_table_cpe.txt: next hops, a second next hop on a row with
// a blank prefix, attached, receive and drop entries.
func synthCEFTable(n int) string {
	var sb strings.Builder
	sb.WriteString("Prefix               Next Hop             Interface\n")
	for i := range n {
		pfx := fmt.Sprintf("10.%d.%d.0/24", i>>8&0xff, i&0xff)
		switch i % 8 {
		case 0, 1, 2:
			fmt.Fprintf(&sb, "%-20s 100.64.1.1           Tunnel1\n", pfx)
		case 3:
			fmt.Fprintf(&sb, "%-20s 100.64.1.1           Tunnel1\n                     100.64.2.1           Tunnel2\n", pfx)
		case 4:
			fmt.Fprintf(&sb, "%-20s attached             GigabitEthernet%d\n", pfx, i%4)
		case 5:
			fmt.Fprintf(&sb, "%-20s receive              Loopback%d\n", pfx, i%16)
		case 6:
			fmt.Fprintf(&sb, "%-20s 192.0.2.254          GigabitEthernet1\n", pfx)
		default:
			fmt.Fprintf(&sb, "%-20s drop\n", pfx)
		}
	}
	return sb.String()
}

// synthCEFDetail renders `show ip cef vrf DI detail` with n entries in the
// shapes of show_ip_cef_vrf_detail.txt.
func synthCEFDetail(n int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "IPv4 CEF is enabled and running\nVRF DI\n %d prefixes (%d/0 fwd/non-fwd)\n Table id 0x2\n Database epoch:        0 (%d entries at this epoch)\n\n", n, n, n)
	for i := range n {
		fmt.Fprintf(&sb, "203.%d.%d.0/25, epoch 0, flags [rib only nolabel, rib defined all labels]\n  recursive via 100.64.%d.1\n    attached to Tunnel%d\n",
			i>>8&0xff, i&0xff, 1+i%2, 1+i%2)
	}
	return sb.String()
}

func BenchmarkParseCEF(b *testing.B) {
	for _, n := range []int{4000, 40000} {
		b.Run(fmt.Sprintf("table-prefixes=%d", n), func(b *testing.B) {
			benchLines(b, synthCEFTable(n), func(s string) error { _, err := ParseCEF(s); return err })
		})
	}
	b.Run("detail-prefixes=10000", func(b *testing.B) {
		benchLines(b, synthCEFDetail(10000), func(s string) error { _, err := ParseCEF(s); return err })
	})
}

func TestSynthCEFCount(t *testing.T) {
	c, err := ParseCEF(synthCEFTable(800))
	if err != nil || len(c.Entries) != 800 {
		t.Fatalf("ParseCEF(synthetic table 800) = %d entries, %v, want 800", len(c.Entries), err)
	}
	if e := c.Entries[3]; len(e.NextHops) != 2 {
		t.Errorf("entry 4 = %+v, want two next hops", e)
	}
	if e := c.Entries[5]; !e.Receive {
		t.Errorf("entry 6 = %+v, want receive", e)
	}
	d, err := ParseCEF(synthCEFDetail(300))
	if err != nil || len(d.Entries) != 300 || d.VRF != "DI" {
		t.Fatalf("ParseCEF(synthetic detail 300) = %d entries, %v, want 300 in VRF DI", len(d.Entries), err)
	}
	if e := d.Entries[299]; len(e.NextHops) != 1 || e.NextHops[0].Interface != "Tunnel2" {
		t.Errorf("last entry = %+v, want one next hop via Tunnel2", e)
	}
}
