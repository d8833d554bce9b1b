package capture

import (
	"net"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"golang.org/x/net/bpf"
)

func frameBytes(t *testing.T, vlan bool, ls ...gopacket.SerializableLayer) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}}
	switch {
	case vlan:
		eth.EthernetType = layers.EthernetTypeDot1Q
		v4 := ls[0].LayerType() == layers.LayerTypeIPv4
		et := layers.EthernetTypeIPv6
		if v4 {
			et = layers.EthernetTypeIPv4
		}
		ls = append([]gopacket.SerializableLayer{&layers.Dot1Q{VLANIdentifier: 10, Type: et}}, ls...)
	case ls[0].LayerType() == layers.LayerTypeIPv4:
		eth.EthernetType = layers.EthernetTypeIPv4
	default:
		eth.EthernetType = layers.EthernetTypeIPv6
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, append([]gopacket.SerializableLayer{eth}, ls...)...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFilter(t *testing.T) {
	udp := func(sport, dport uint16) *layers.UDP {
		return &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
	}
	ip6 := func(next layers.IPProtocol) *layers.IPv6 {
		return &layers.IPv6{Version: 6, NextHeader: next, HopLimit: 64, SrcIP: net.ParseIP("2001:db8::1"), DstIP: net.ParseIP("2001:db8::2")}
	}
	frag := ip4(cpe, dc, layers.IPProtocolUDP)
	frag.FragOffset = 100
	pay := gopacket.Payload(make([]byte, 16))
	tests := []struct {
		name string
		vlan bool
		ls   []gopacket.SerializableLayer
		want bool
	}{
		{"udp 500", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(500, 500), pay}, true},
		{"udp 4500 dst", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(40000, 4500), pay}, true},
		{"udp 4500 src", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(4500, 40000), pay}, true},
		{"esp", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolESP), pay}, true},
		{"gre", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolGRE), pay}, true},
		{"udp 53 dropped", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(5353, 53), pay}, false},
		{"tcp dropped", false, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolTCP), pay}, false},
		{"later fragment dropped", false, []gopacket.SerializableLayer{frag, pay}, false},
		{"vlan udp 500", true, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(500, 500), pay}, true},
		{"vlan udp 53 dropped", true, []gopacket.SerializableLayer{ip4(cpe, dc, layers.IPProtocolUDP), udp(53, 53), pay}, false},
		{"ipv6 udp 500", false, []gopacket.SerializableLayer{ip6(layers.IPProtocolUDP), udp(500, 500), pay}, true},
		{"ipv6 esp", false, []gopacket.SerializableLayer{ip6(layers.IPProtocolESP), pay}, true},
		{"ipv6 udp 53 dropped", false, []gopacket.SerializableLayer{ip6(layers.IPProtocolUDP), udp(53, 53), pay}, false},
	}
	ethVM, err := bpf.NewVM(Filter(false))
	if err != nil {
		t.Fatalf("NewVM(Filter(false)): %v", err)
	}
	rawVM, err := bpf.NewVM(Filter(true))
	if err != nil {
		t.Fatalf("NewVM(Filter(true)): %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkt := frameBytes(t, tt.vlan, tt.ls...)
			n, err := ethVM.Run(pkt)
			if err != nil || (n > 0) != tt.want {
				t.Errorf("ethernet filter on %s = %d, %v; want accept %v", tt.name, n, err, tt.want)
			}
			if tt.vlan {
				return
			}
			n, err = rawVM.Run(pkt[14:])
			if err != nil || (n > 0) != tt.want {
				t.Errorf("raw IP filter on %s = %d, %v; want accept %v", tt.name, n, err, tt.want)
			}
		})
	}
	if _, err := FilterRaw(false); err != nil {
		t.Errorf("FilterRaw: %v", err)
	}
}
