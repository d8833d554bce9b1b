package capture

import (
	"os"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// keepalive adds a Cisco GRE keepalive as sent by from: outer from->to
// carrying inner to->from GRE protocol 0.
func (c *capBuilder) keepalive(from, to string) {
	c.add(ip4(from, to, layers.IPProtocolGRE), &layers.GRE{Protocol: layers.EthernetTypeIPv4},
		ip4(to, from, layers.IPProtocolGRE), &layers.GRE{Protocol: 0})
}

// reflected adds the reflected keepalive: to->from, a bare GRE header.
func (c *capBuilder) reflected(from, to string) {
	c.add(ip4(to, from, layers.IPProtocolGRE), &layers.GRE{Protocol: 0})
}

func TestGREKeepalives(t *testing.T) {
	tests := []struct {
		name                string
		reflect             bool
		wantSent, wantRefl  uint64
		wantToA, wantByA    uint64
		wantInnerTCP, wantB uint64
	}{
		{name: "sent and reflected", reflect: true, wantSent: 3, wantRefl: 3, wantToA: 3, wantByA: 3},
		{name: "never reflected", reflect: false, wantSent: 3, wantRefl: 0, wantToA: 0, wantByA: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &capBuilder{t: t}
			for i := 0; i < 3; i++ {
				c.keepalive(cpe, dc)
				if tt.reflect {
					c.reflected(cpe, dc)
				}
			}
			p := read(t, c.write("ka.pcap"))
			if len(p.GRE) != 1 {
				t.Fatalf("GRE tunnels = %d, want 1", len(p.GRE))
			}
			g := p.GRE[0]
			if g.KeepalivesSent != tt.wantSent || g.KeepalivesReflected != tt.wantRefl || g.ReflectedToA != tt.wantToA || g.SentByA != tt.wantByA || g.A.String() != cpe {
				t.Errorf("tunnel = %+v, want sent %d reflected %d (to A %d) by A %d", g, tt.wantSent, tt.wantRefl, tt.wantToA, tt.wantByA)
			}
			if !strings.Contains(g.Lines[0], "GRE keepalive sent") {
				t.Errorf("line = %q, want a keepalive", g.Lines[0])
			}
		})
	}
}

func TestBGPInsideGRE(t *testing.T) {
	c := &capBuilder{t: t}
	for i := 0; i < 4; i++ {
		inner := ip4("10.0.0.1", "10.0.0.2", layers.IPProtocolTCP)
		tcp := &layers.TCP{SrcPort: 33000, DstPort: 179, ACK: true, Window: 16384}
		_ = tcp.SetNetworkLayerForChecksum(inner)
		c.add(ip4(cpe, dc, layers.IPProtocolGRE), &layers.GRE{Protocol: layers.EthernetTypeIPv4}, inner, tcp)
	}
	p := read(t, c.write("bgp.pcap"))
	if len(p.GRE) != 1 || p.GRE[0].BGP != 4 || p.GRE[0].Inner["ipv4/tcp"] != 4 || p.GRE[0].KeepalivesSent != 0 {
		t.Errorf("GRE = %+v, want 4 BGP packets inside, no keepalives", p.GRE)
	}
}

func TestCorruptFiles(t *testing.T) {
	c := &capBuilder{t: t}
	for i := 0; i < 3; i++ {
		c.keepalive(cpe, dc)
	}
	path := c.write("good.pcap")
	raw, _ := os.ReadFile(path)
	trunc := path + ".trunc"
	_ = os.WriteFile(trunc, raw[:len(raw)-10], 0o644)
	p, err := ReadFiles([]string{trunc}, Options{})
	if err == nil || !strings.Contains(err.Error(), "good.pcap.trunc: frame 3: unexpected EOF") {
		t.Errorf("ReadFiles(truncated) error = %v, want it to name the file and frame 3", err)
	}
	if p == nil || p.Frames != 2 || p.Categories.GREKeep != 2 {
		t.Errorf("ReadFiles(truncated) kept %+v, want the 2 frames before the cut", p)
	}
	bad := path + ".bad"
	_ = os.WriteFile(bad, []byte("this is not a capture file"), 0o644)
	if _, err := ReadFiles([]string{bad}, Options{}); err == nil || !strings.Contains(err.Error(), "not a pcap or pcapng file") {
		t.Errorf("ReadFiles(bad magic) error = %v, want not a pcap or pcapng file", err)
	}
}

func TestMalformedPacketsCounted(t *testing.T) {
	c := &capBuilder{t: t}
	c.add(ip4(cpe, dc, layers.IPProtocolGRE), gopacket.Payload{0x00})       // GRE too short
	c.add(ip4(cpe, dc, layers.IPProtocolESP), gopacket.Payload{1, 2, 3})    // ESP too short
	c.add(ip4(cpe, dc, layers.IPProtocolUDP), gopacket.Payload{0x01, 0xf4}) // UDP too short
	c.keepalive(cpe, dc)
	p := read(t, c.write("malformed.pcap"))
	want := map[string]uint64{"bad GRE header": 1, "truncated ESP": 1, "truncated UDP": 1}
	for r, n := range want {
		if p.Errors[r] != n {
			t.Errorf("Errors[%q] = %d, want %d (all: %v)", r, p.Errors[r], n, p.Errors)
		}
	}
	if p.Categories.GREKeep != 1 || len(p.ErrorExamples) != 3 || !strings.HasPrefix(p.ErrorExamples[0], "malformed.pcap: frame 1: bad GRE header") {
		t.Errorf("after malformed packets: %+v, examples %q", p.Categories, p.ErrorExamples)
	}
}
