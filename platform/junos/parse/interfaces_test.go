package parse

import (
	"errors"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// greUnit is a gr- unit in the format of show interfaces gr-0/0/0
// extensive on an SRX, written for this test.
const greUnit = `Physical interface: gr-0/0/0, Enabled, Physical link is Up
  Interface index: 142, SNMP ifIndex: 508
  Type: GRE, Link-level type: GRE, MTU: Unlimited, Speed: 800mbps
  Interface flags: Point-To-Point
  Input rate     : 0 bps (0 pps)

  Logical interface gr-0/0/0.0 (Index 73) (SNMP ifIndex 520)
    Flags: Up Point-To-Point SNMP-Traps 0x4000 IP-Header 198.51.100.2:198.51.100.1:47:df:64:0000000000000000 Encapsulation: GRE-NULL
    Keepalive settings: Interval 10 seconds, Up-count 1, Down-count 3
    Keepalive statistics:
      Input : 12 (last seen 00:00:04 ago), Output: 13 (last sent 00:00:05 ago)
    Input packets : 120
    Output packets: 118
    Protocol inet, MTU: 1476
      Flags: Sendbcast-pkt-to-re
      Addresses, Flags: Is-Preferred Is-Primary
        Destination: 100.64.1.0/30, Local: 100.64.1.2, Broadcast: 100.64.1.3
`

// The expectations below were written from the files before the parser ran.
func TestParseInterfaces(t *testing.T) {
	type want struct {
		name               string
		logical            bool
		parent             string
		admin, link        string
		flags              int // len(Flags)
		mtu                int
		unlimited          bool
		addr               string
		maskUnknown        bool
		remote             string
		src, dst           string
		in, out            uint64
		counters           bool
		keepalive          bool
		interval           time.Duration
		down               int
		start, end         int
		stateLine, mtuLine int
	}
	for _, tc := range []struct {
		name  string
		text  string
		terse bool
		n     int
		check map[int]want
	}{
		{"gre", greUnit, false, 2, map[int]want{
			0: {name: "gr-0/0/0", admin: "Enabled", link: "Up", unlimited: true, start: 1, end: 5, stateLine: 1, mtuLine: 3},
			1: {name: "gr-0/0/0.0", logical: true, parent: "gr-0/0/0", flags: 3, mtu: 1476, addr: "100.64.1.2/30",
				src: "198.51.100.1", dst: "198.51.100.2", in: 120, out: 118, counters: true,
				keepalive: true, interval: 10 * time.Second, down: 3, start: 7, end: 17, stateLine: 8, mtuLine: 14},
		}},
		{"statistics", corpusFile(t, "show_interfaces_statistics", "genieparser"), false, -1, map[int]want{
			0: {name: "ge-0/0/0", admin: "Enabled", link: "Up", mtu: 1514, start: 3, end: 21, stateLine: 3, mtuLine: 5},
			1: {name: "ge-0/0/0.0", logical: true, parent: "ge-0/0/0", flags: 1, mtu: 1500, addr: "172.16.1.55/24",
				in: 4685, out: 144, counters: true, start: 23, end: 32, stateLine: 24, mtuLine: 29},
			2: {name: "gr-0/0/0", admin: "Enabled", link: "Up", unlimited: true, start: 34, stateLine: 34, mtuLine: 36},
		}},
		{"extensive", corpusFile(t, "show_interfaces_X_extensive", "genieparser__ShowInterfacesExtensive__golden_output5"), false, 2, map[int]want{
			0: {name: "ge-9/2/2", admin: "Enabled", link: "Up", mtu: 4484, in: 278703879, out: 104887413, counters: true,
				start: 2, end: 93, stateLine: 2, mtuLine: 5},
			1: {name: "ge-9/2/2.0", logical: true, parent: "ge-9/2/2", flags: 2, mtu: 4470, addr: "10.189.5.61/30", in: 278564000, out: 104745735,
				counters: true, start: 95, stateLine: 97, mtuLine: 123},
		}},
		{"terse", corpusFile(t, "show_interfaces_terse", "genieparser__ShowInterfacesTerse__golden_output_output"), true, 19, map[int]want{
			1:  {name: "ge-0/0/0.0", logical: true, admin: "up", link: "up", addr: "10.0.1.1/24", start: 5, end: 6, stateLine: 5},
			11: {name: "ge-0/0/2", admin: "up", link: "down", start: 18, end: 18, stateLine: 18},
			16: {name: "lo0.0", logical: true, admin: "up", link: "up", addr: "10.1.1.1/32", maskUnknown: true, remote: "0/0",
				start: 28, end: 29, stateLine: 28},
		}},
		{"terse one", corpusFile(t, "show_interfaces_terse", "genieparser__ShowInterfacesTerse__golden_output_interface"), true, 1, map[int]want{
			0: {name: "em1.0", logical: true, admin: "up", link: "up", addr: "10.0.0.4/8", start: 3, end: 8, stateLine: 3},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInterfaces(tc.text)
			if err != nil {
				t.Fatalf("ParseInterfaces: %v", err)
			}
			if got.Terse != tc.terse || tc.n >= 0 && len(got.Items) != tc.n {
				t.Fatalf("ParseInterfaces = terse %v, %d items, want %v, %d", got.Terse, len(got.Items), tc.terse, tc.n)
			}
			for i, w := range tc.check {
				it := got.Items[i]
				g := want{name: it.Name, logical: it.Logical, parent: it.Parent, admin: it.AdminText, link: it.LinkText,
					flags: len(it.Flags), mtu: it.MTU, unlimited: it.MTUUnlimited, in: it.InPackets, out: it.OutPackets,
					counters: it.HasCounters, start: it.Span.Start, end: it.Span.End}
				if w.end == 0 {
					g.end = 0
				}
				if len(it.StateLines) > 0 {
					g.stateLine = it.StateLines[len(it.StateLines)-1]
				}
				if len(it.MTULines) > 0 {
					g.mtuLine = it.MTULines[0]
				}
				if it.TunnelSource.IsValid() {
					g.src, g.dst = it.TunnelSource.String(), it.TunnelDestination.String()
				}
				if k := it.Keepalive; k != nil {
					g.keepalive, g.interval, g.down = true, k.Interval, k.DownCount
				}
				if len(it.Protocols) > 0 && len(it.Protocols[0].Addresses) > 0 {
					a := it.Protocols[0].Addresses[0]
					g.addr, g.maskUnknown, g.remote = a.Local.String(), a.MaskUnknown, a.Remote
				}
				if g != w {
					t.Errorf("item %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseInterfacesBad(t *testing.T) {
	if got, err := ParseInterfaces("\n  \n"); err != nil || len(got.Items) != 0 {
		t.Errorf("ParseInterfaces(empty) = %+v, %v, want empty", got, err)
	}
	for _, s := range []string{
		"this is not router output\nat all\n",
		"Interface               Admin Link Proto    Local\nge-0/0/0 sideways up\n",
		"Physical interface: , Enabled\n",
		"  Flags: Up\nPhysical interface: gr-0/0/0, Enabled, Physical link is Up\n",
	} {
		_, err := ParseInterfaces(s)
		var pe *parsers.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseInterfaces(%q) error = %v, want *parsers.ParseError", s, err)
		}
	}
}
