package iosxe

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/parsers"
)

func TestIfHeader(t *testing.T) {
	tests := []struct {
		line                string
		name, status, proto string
		ok                  bool
	}{
		{"Tunnel1 is up, line protocol is up ", "Tunnel1", "up", "up", true},
		{"Tunnel2 is up, line protocol is down", "Tunnel2", "up", "down", true},
		{"GigabitEthernet3 is administratively down, line protocol is down ", "GigabitEthernet3", "administratively down", "down", true},
		{"GigabitEthernet0/1 is up, line protocol is up (connected)", "GigabitEthernet0/1", "up", "up", true},
		{"Vlan1 is down, line protocol is down , Autostate Enabled", "Vlan1", "down", "down", true},
		{"Port-channel1 is up (err-disabled), line protocol is down (notconnect)", "Port-channel1", "up", "down", true},
		{"  Hardware is Tunnel", "", "", "", false},
		{"Tunnel1 is up", "", "", "", false},
		{"cpe1 uptime is 1 week", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			n, s, p, ok := ifHeader(tt.line)
			if n != tt.name || s != tt.status || p != tt.proto || ok != tt.ok {
				t.Errorf("ifHeader(%q) = %q, %q, %q, %v, want %q, %q, %q, %v", tt.line, n, s, p, ok, tt.name, tt.status, tt.proto, tt.ok)
			}
		})
	}
}

// TestParseInterfacesTunnels checks the values the GRE rung reads, on the
// two-tunnel fixture and the Tunnel2-down one.
func TestParseInterfacesTunnels(t *testing.T) {
	tests := []struct {
		file string
		want []parsers.Interface
	}{
		{"show_interfaces_tunnels_up.txt", []parsers.Interface{
			{
				Name: "Tunnel1", Status: "up", Protocol: "up", Hardware: "Tunnel", Description: "Virtual Connect DC-A",
				Address: netip.MustParsePrefix("100.64.1.2/30"), MTU: 9976, BandwidthKb: 100,
				KeepaliveSet: true, KeepaliveSec: 10, KeepalivePeriod: 10 * time.Second, KeepaliveRetries: 3,
				LinestateEvaluation: "up", TunnelSource: netip.MustParseAddr("192.0.2.1"), TunnelSourceIface: "GigabitEthernet1",
				TunnelDestination: netip.MustParseAddr("198.51.100.2"), TunnelProtocol: "GRE/IP", TunnelTransportMTU: 1476,
				PMTUD: true, PMTUDAgerMin: 10, PMTUDMinMTU: 92, TunnelProtection: "VC-IPSEC", TunnelProtectionVia: "IPSec",
				InputRateBps: 1000, InputRatePps: 2, OutputRateBps: 2000, OutputRatePps: 3, RateInterval: 5 * time.Minute, RateIntervalSec: 300,
				InputPackets: 1234567, InputBytes: 234567890, OutputPackets: 2345678, OutputBytes: 345678901,
				InputQueueMax: 375, TunnelKey: "disabled", TunnelTTL: 255, TunnelTxBandwidthKb: 8000, TunnelRxBandwidthKb: 8000,
				Span: parsers.Span{Start: 4, End: 42},
			},
			{
				Name: "Tunnel2", Status: "up", Protocol: "up", Description: "Virtual Connect DC-B",
				Address: netip.MustParsePrefix("100.64.2.2/30"), KeepaliveSet: true, KeepaliveRetries: 3,
				TunnelDestination: netip.MustParseAddr("198.51.100.130"), InputErrors: 3, OutputDrops: 17,
				Span: parsers.Span{Start: 43, End: 80},
			},
		}},
		{"show_interfaces_tunnel2_down.txt", []parsers.Interface{{
			Name: "Tunnel2", Status: "up", Protocol: "down", Description: "Virtual Connect DC-B",
			Address: netip.MustParsePrefix("100.64.2.2/30"), KeepaliveSet: false,
			LinestateEvaluation: "down - transport reg down", LinestateReason: "transport reg down", TunnelDestination: netip.MustParseAddr("198.51.100.130"),
			LastInput: "never", OutputDrops: 42, Span: parsers.Span{Start: 2, End: 39},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseInterfaces(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ParseInterfaces(%s) = %d interfaces, want %d", tt.file, len(got), len(tt.want))
			}
			for i, w := range tt.want {
				// Compare only the fields the case sets.
				if d := cmp.Diff(w, pick(got[i], w), cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); d != "" {
					t.Errorf("ParseInterfaces(%s)[%d] mismatch (-want +got):\n%s", tt.file, i, d)
				}
			}
		})
	}
}

// pick returns got with every field that is zero in want zeroed, so a
// case lists only the values it is about (zero-valued wants such as
// KeepaliveSet false are still compared through the fields that are set).
func pick(got, want parsers.Interface) parsers.Interface {
	out := got
	if want.Hardware == "" {
		out.Hardware = ""
	}
	if want.MTU == 0 {
		out.MTU = 0
	}
	if want.BandwidthKb == 0 {
		out.BandwidthKb = 0
	}
	if want.KeepaliveSec == 0 {
		out.KeepaliveSec, out.KeepalivePeriod = 0, 0
	}
	if !want.TunnelSource.IsValid() {
		out.TunnelSource, out.TunnelSourceIface = netip.Addr{}, ""
	}
	if want.TunnelProtocol == "" {
		out.TunnelProtocol, out.TunnelTransportMTU, out.TunnelTTL, out.TunnelKey = "", 0, 0, ""
		out.TunnelTxBandwidthKb, out.TunnelRxBandwidthKb = 0, 0
	}
	if want.TunnelProtection == "" {
		out.TunnelProtection, out.TunnelProtectionVia = "", ""
	}
	if want.PMTUDAgerMin == 0 {
		out.PMTUD, out.PMTUDAgerMin, out.PMTUDMinMTU = false, 0, 0
	}
	if want.LinestateEvaluation == "" {
		out.LinestateEvaluation = ""
	}
	if want.RateIntervalSec == 0 {
		out.InputRateBps, out.InputRatePps, out.OutputRateBps, out.OutputRatePps = 0, 0, 0, 0
		out.RateInterval, out.RateIntervalSec = 0, 0
	}
	if want.InputPackets == 0 {
		out.InputPackets, out.InputBytes, out.OutputPackets, out.OutputBytes = 0, 0, 0, 0
	}
	if want.InputQueueMax == 0 {
		out.InputQueueMax = 0
	}
	if want.LastInput == "" {
		out.LastInput = ""
	}
	out.DelayUsec, out.Reliability, out.TxLoad, out.RxLoad, out.Encapsulation = 0, "", "", "", ""
	out.LastOutput, out.OutputHang, out.LastClearing, out.QueueingStrategy = "", "", "", ""
	out.OutputQueueMax, out.Counters = 0, nil
	return out
}

func TestParseInterfacesAll(t *testing.T) {
	got, err := ParseInterfaces(readFixture(t, "show_interfaces_all_crlf.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	up := 0
	for _, it := range got {
		names = append(names, it.Name)
		if it.LineUp() {
			up++
		}
	}
	want := []string{"GigabitEthernet1", "GigabitEthernet3", "Loopback0", "Tunnel1", "Tunnel2"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("ParseInterfaces(all) names (-want +got):\n%s", d)
	}
	if up != 4 {
		t.Errorf("ParseInterfaces(all): %d interfaces up/up, want 4", up)
	}
	g := got[0]
	if g.MACAddress != "0050.56bf.1a2b" || g.Counters["crc"] != 3 || g.Counters["interface_resets"] != 1 ||
		g.Duplex != "Full Duplex" || g.Speed != "1000Mbps" || g.OutputQueueMax != 40 || g.InputErrors != 12 {
		t.Errorf("ParseInterfaces(all)[0] = %+v, want MAC 0050.56bf.1a2b, 3 CRC, 1 reset, Full Duplex 1000Mbps, queue max 40, 12 input errors", g)
	}
}

func TestParseInterfacesErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int // 0: error without a line
	}{
		{"invalid input", "show interfaces Tunnel99\n                ^\n% Invalid input detected at '^' marker.\n", 3},
		{"bad address", "Tunnel1 is up, line protocol is up\n  Internet address is 100.64.1.300/30\n", 2},
		{"bad keepalive", "Tunnel1 is up, line protocol is up\n  Keepalive set (ten sec), retries 3\n", 2},
		{"bad destination", "Tunnel1 is up, line protocol is up\n  Tunnel source 192.0.2.1, destination 198.51.100.x\n", 2},
		{"not interfaces", "Tunnel1 uptime is 3 days\nfoo\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInterfaces(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) || pe.Line != tt.line {
				t.Errorf("ParseInterfaces(%q) = %v, %v, want a ParseError at line %d", tt.in, got, err, tt.line)
			}
		})
	}
}

func TestParseInterfacesEmpty(t *testing.T) {
	for _, in := range []string{"", "\n", "cpe1#show interfaces Tunnel9\ncpe1#\n", "Load for five secs: 1%/0%; one minute: 1%; five minutes: 1%\n"} {
		got, err := ParseInterfaces(in)
		if err != nil || len(got) != 0 {
			t.Errorf("ParseInterfaces(%q) = %v, %v, want no interfaces and no error", in, got, err)
		}
	}
	// Only the tunnel-source line varies between these: "UNKNOWN" is kept raw.
	got, err := ParseInterfaces("Tunnel6 is up, line protocol is down\n  Tunnel source UNKNOWN, destination 1.2.3.4\n")
	if err != nil || len(got) != 1 || got[0].TunnelSource.IsValid() || got[0].TunnelSourceRaw != "UNKNOWN" ||
		got[0].TunnelDestination != netip.MustParseAddr("1.2.3.4") {
		t.Errorf("ParseInterfaces(UNKNOWN source) = %+v, %v", got, err)
	}
	if !strings.Contains(cmdInterfaces, "interfaces") {
		t.Fatal("cmdInterfaces")
	}
}
