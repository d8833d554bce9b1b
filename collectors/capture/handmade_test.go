package capture

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers/ike"
)

// Addresses of the hand-made captures (documentation ranges).
const (
	cpe = "192.0.2.1"
	dc  = "198.51.100.1"
)

var t0 = time.Date(2026, 11, 26, 10, 21, 3, 123456000, time.UTC)

// capBuilder writes Ethernet frames into a pcap file.
type capBuilder struct {
	t      *testing.T
	frames [][]byte
}

func (c *capBuilder) add(ls ...gopacket.SerializableLayer) {
	c.t.Helper()
	buf := gopacket.NewSerializeBuffer()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4}
	all := append([]gopacket.SerializableLayer{eth}, ls...)
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, all...); err != nil {
		c.t.Fatalf("serialize: %v", err)
	}
	c.frames = append(c.frames, append([]byte(nil), buf.Bytes()...))
}

func (c *capBuilder) write(name string) string {
	c.t.Helper()
	path := filepath.Join(c.t.TempDir(), name)
	fh, err := os.Create(path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer fh.Close()
	w := pcapgo.NewWriter(fh)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		c.t.Fatal(err)
	}
	for i, f := range c.frames {
		ci := gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Second), CaptureLength: len(f), Length: len(f)}
		if err := w.WritePacket(ci, f); err != nil {
			c.t.Fatal(err)
		}
	}
	return path
}

func ip4(src, dst string, proto layers.IPProtocol) *layers.IPv4 {
	return &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: proto, SrcIP: net.ParseIP(src).To4(), DstIP: net.ParseIP(dst).To4()}
}

// ikeUDP adds an IKE message on UDP (4500 with the non-ESP marker).
func (c *capBuilder) ikeUDP(src, dst string, port uint16, m *ike.IKE) {
	udp := &layers.UDP{SrcPort: layers.UDPPort(port), DstPort: layers.UDPPort(port)}
	ip := ip4(src, dst, layers.IPProtocolUDP)
	_ = udp.SetNetworkLayerForChecksum(ip)
	if port == 4500 {
		c.add(ip, udp, gopacket.Payload{0, 0, 0, 0}, m)
		return
	}
	c.add(ip, udp, m)
}

func saInit(resp bool, payloads ...ike.Payload) *ike.IKE {
	m := &ike.IKE{InitiatorSPI: 0x1122334455667788, MajorVersion: 2, ExchangeType: ike.ExchangeIKESAInit, Flags: ike.FlagInitiator, Payloads: payloads}
	if resp {
		m.Flags, m.ResponderSPI = ike.FlagResponse, 0x99aabbccddeeff00
	}
	return m
}

func notify(typ uint16, data []byte) ike.Payload {
	return ike.Payload{Type: 41, Notify: &ike.NotifyPayload{Type: typ, Data: data}}
}

func offer() []ike.Payload {
	sa := &ike.SAPayload{Proposals: []ike.Proposal{{Number: 1, ProtocolID: 1, Transforms: []ike.Transform{
		{Type: 1, ID: 20, KeyLength: 256}, {Type: 2, ID: 7}, {Type: 4, ID: 19}}}}}
	return []ike.Payload{{Type: 33, SA: sa}, {Type: 34, KE: &ike.KEPayload{Group: 19, Data: make([]byte, 64)}},
		{Type: 40, Body: make([]byte, 32)}, notify(16388, make([]byte, 20)), notify(16389, make([]byte, 20))}
}

func read(t *testing.T, path string) *evidence.Packets {
	t.Helper()
	p, err := ReadFiles([]string{path}, Options{})
	if err != nil {
		t.Fatalf("ReadFiles(%s): %v", path, err)
	}
	return p
}

func onlyConv(t *testing.T, p *evidence.Packets) evidence.IKEConversation {
	t.Helper()
	if len(p.IKE) != 1 {
		t.Fatalf("IKE conversations = %d, want 1: %v (errors %v)", len(p.IKE), Summary(p), p.ErrorExamples)
	}
	return p.IKE[0]
}

func TestIKERetransmittedNoAnswer(t *testing.T) {
	c := &capBuilder{t: t}
	for i := 0; i < 5; i++ {
		c.ikeUDP(cpe, dc, 500, saInit(false, offer()...))
	}
	conv := onlyConv(t, read(t, c.write("noanswer.pcap")))
	ex := conv.Exchanges[0]
	if conv.Requests != 5 || conv.Responses != 0 || ex.Requests != 5 || ex.Responses != 0 || ex.Type != "IKE_SA_INIT" {
		t.Errorf("conversation = %+v, want one IKE_SA_INIT exchange with 5 requests and no response", conv)
	}
	if conv.Initiator.String() != cpe+":500" || !ex.NATDetection || ex.KEGroup != 19 {
		t.Errorf("initiator %s, NAT detection %v, KE group %d; want %s:500, true, 19", conv.Initiator, ex.NATDetection, ex.KEGroup, cpe)
	}
	want := evidence.ProposalSummary{Protocol: "IKE", Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"}, DHGroups: []int{19}}
	if len(ex.Offered) != 1 || strings.Join(ex.Offered[0].Encryption, ",") != "aes-gcm-256" || ex.Offered[0].PRF[0] != "sha512" || ex.Offered[0].DHGroups[0] != 19 {
		t.Errorf("offered = %+v, want %+v", ex.Offered, want)
	}
	if len(conv.Lines) != 5 || !strings.Contains(conv.Lines[0], "frame 1 10:21:03.123456 192.0.2.1:500 > 198.51.100.1:500 IKE_SA_INIT request msgid 0 SA KE") {
		t.Errorf("lines = %q", conv.Lines)
	}
}

func TestIKEErrorNotifies(t *testing.T) {
	tests := []struct {
		name      string
		notify    ike.Payload
		wantName  string
		wantError int
		wantGroup int
	}{
		{"no proposal chosen", notify(14, nil), "NO_PROPOSAL_CHOSEN", 14, 0},
		{"invalid KE group 19", notify(17, []byte{0, 19}), "INVALID_KE_PAYLOAD", 17, 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &capBuilder{t: t}
			c.ikeUDP(cpe, dc, 500, saInit(false, offer()...))
			c.ikeUDP(dc, cpe, 500, saInit(true, tt.notify))
			conv := onlyConv(t, read(t, c.write("err.pcap")))
			ex := conv.Exchanges[0]
			if ex.Requests != 1 || ex.Responses != 1 || ex.ErrorNotify != tt.wantError || ex.RequestedGroup != tt.wantGroup {
				t.Errorf("exchange = %+v, want error %d group %d", ex, tt.wantError, tt.wantGroup)
			}
			if len(ex.Notifies) == 0 || ex.Notifies[len(ex.Notifies)-1] != tt.wantName {
				t.Errorf("notifies = %v, want %s last", ex.Notifies, tt.wantName)
			}
			if !strings.Contains(conv.Lines[1], "IKE_SA_INIT response msgid 0 N("+tt.wantName) {
				t.Errorf("line = %q, want the response with N(%s)", conv.Lines[1], tt.wantName)
			}
		})
	}
}

func TestNATTMoveTo4500(t *testing.T) {
	c := &capBuilder{t: t}
	c.ikeUDP(cpe, dc, 500, saInit(false, offer()...))
	c.ikeUDP(dc, cpe, 500, saInit(true, offer()...))
	auth := &ike.IKE{InitiatorSPI: 0x1122334455667788, ResponderSPI: 0x99aabbccddeeff00, MajorVersion: 2,
		ExchangeType: ike.ExchangeIKEAuth, Flags: ike.FlagInitiator, MessageID: 1,
		Payloads: []ike.Payload{{Type: 46, Encrypted: true, Body: make([]byte, 48)}}}
	c.ikeUDP(cpe, dc, 4500, auth)
	udp := &layers.UDP{SrcPort: 4500, DstPort: 4500}
	ip := ip4(cpe, dc, layers.IPProtocolUDP)
	_ = udp.SetNetworkLayerForChecksum(ip)
	c.add(ip, udp, gopacket.Payload{0xff})
	p := read(t, c.write("natt.pcap"))
	conv := onlyConv(t, p)
	if !conv.NATT || len(conv.Exchanges) != 2 || !conv.Exchanges[1].Encrypted || p.Categories.IKE4500 != 1 || p.Categories.NATKeep != 1 {
		t.Errorf("NAT-T conversation = %+v, categories %+v; want NATT, encrypted IKE_AUTH on 4500, one keepalive", conv, p.Categories)
	}
}

func TestESPOneWay(t *testing.T) {
	c := &capBuilder{t: t}
	for seq := uint32(1); seq <= 10; seq++ {
		if seq == 5 {
			continue // lost
		}
		c.add(ip4(cpe, dc, layers.IPProtocolESP), gopacket.Payload(espHeader(0xc0ffee01, seq)))
	}
	p := read(t, c.write("esp.pcap"))
	if len(p.ESP) != 1 {
		t.Fatalf("ESP flows = %d, want 1", len(p.ESP))
	}
	e := p.ESP[0]
	if e.SPI != 0xc0ffee01 || e.Packets != 9 || e.FirstSeq != 1 || e.LastSeq != 10 || e.Gaps != 1 || e.Replays != 0 || e.Src.String() != cpe {
		t.Errorf("ESP flow = %+v, want spi 0xc0ffee01 9 packets seq 1..10 1 gap from %s", e, cpe)
	}
}

func espHeader(spi, seq uint32) []byte {
	b := make([]byte, 40)
	b[0], b[1], b[2], b[3] = byte(spi>>24), byte(spi>>16), byte(spi>>8), byte(spi)
	b[4], b[5], b[6], b[7] = byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq)
	return b
}
