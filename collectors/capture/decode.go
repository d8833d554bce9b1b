package capture

import (
	"fmt"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/vcdiag/vcdiag/parsers/ike"
)

// frame is what the decoder passes on for one packet.
type frame struct {
	file  int    // index in the sources, for citations
	num   uint64 // frame number in its file, from 1
	ci    gopacket.CaptureInfo
	src   netip.Addr
	dst   netip.Addr
	sport uint16
	dport uint16
}

// decoder turns frames into calls on the aggregator. One decoder is used
// by one goroutine: its layers are reused for every packet (no allocation
// per packet on the hot path).
//
// The DecodingLayerParser decodes link and network layers only; the
// transport header is decoded here with the same gopacket layers, because
// a first IPv4 fragment stops the parser at IP (its transport header is
// still there), and GRE's payload is an IPv4 header that would overwrite
// the outer one in the parser's single IPv4 value.
type decoder struct {
	eth   layers.Ethernet
	dot1q layers.Dot1Q
	sll   layers.LinuxSLL
	sll2  layers.LinuxSLL2
	lo    layers.Loopback
	ip4   layers.IPv4
	ip6   layers.IPv6
	ext6  layers.IPv6ExtensionSkipper
	udp   layers.UDP
	gre   layers.GRE
	esp   layers.IPSecESP
	ike   ike.IKE

	parsers map[layers.LinkType]*gopacket.DecodingLayerParser
	decoded []gopacket.LayerType
	agg     *aggregator
}

func newDecoder(agg *aggregator) *decoder {
	return &decoder{parsers: map[layers.LinkType]*gopacket.DecodingLayerParser{}, agg: agg, decoded: make([]gopacket.LayerType, 0, 8)}
}

// firstLayer maps a capture's link type to the first layer to decode.
func firstLayer(lt layers.LinkType) (gopacket.LayerType, bool) {
	switch lt {
	case layers.LinkTypeEthernet:
		return layers.LayerTypeEthernet, true
	case layers.LinkTypeLinuxSLL:
		return layers.LayerTypeLinuxSLL, true
	case layers.LinkTypeLinuxSLL2:
		return layers.LayerTypeLinuxSLL2, true
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		return layers.LayerTypeLoopback, true
	case layers.LinkTypeIPv4:
		return layers.LayerTypeIPv4, true
	case layers.LinkTypeIPv6:
		return layers.LayerTypeIPv6, true
	case layers.LinkTypeRaw, 12, 14: // DLT_RAW's number differs between systems
		return layers.LayerTypeIPv4, true // IPv6 is told by the version nibble
	}
	return 0, false
}

func (d *decoder) parser(lt layers.LinkType, data []byte) (*gopacket.DecodingLayerParser, bool) {
	first, ok := firstLayer(lt)
	if !ok {
		return nil, false
	}
	key := lt
	if first == layers.LayerTypeIPv4 && len(data) > 0 && data[0]>>4 == 6 {
		first, key = layers.LayerTypeIPv6, layers.LinkTypeIPv6
	}
	if p, ok := d.parsers[key]; ok {
		return p, true
	}
	p := gopacket.NewDecodingLayerParser(first, &d.eth, &d.dot1q, &d.sll, &d.sll2, &d.lo,
		&d.ip4, &d.ip6, &d.ext6)
	p.IgnoreUnsupported = true
	d.parsers[key] = p
	return p, true
}

// packet decodes one frame. It never fails: problems are counted by the
// aggregator with a reason.
func (d *decoder) packet(f *frame, lt layers.LinkType, data []byte) {
	d.agg.frame(f)
	p, ok := d.parser(lt, data)
	if !ok {
		d.agg.fail(f, fmt.Sprintf("unknown link type %d", int(lt)), fmt.Errorf("link type %s not supported", lt))
		return
	}
	d.decoded = d.decoded[:0]
	err := p.DecodeLayers(data, &d.decoded)
	if err != nil {
		d.agg.fail(f, failReason(d.decoded), err)
		return
	}
	var proto layers.IPProtocol
	var payload []byte
	ipSeen := false
	for _, t := range d.decoded {
		switch {
		case t == layers.LayerTypeIPv4:
			ipSeen = true
			f.src, _ = netip.AddrFromSlice(d.ip4.SrcIP)
			f.dst, _ = netip.AddrFromSlice(d.ip4.DstIP)
			proto, payload = d.ip4.Protocol, d.ip4.Payload
		case t == layers.LayerTypeIPv6:
			ipSeen = true
			f.src, _ = netip.AddrFromSlice(d.ip6.SrcIP)
			f.dst, _ = netip.AddrFromSlice(d.ip6.DstIP)
			proto, payload = d.ip6.NextHeader, d.ip6.Payload
		case d.ext6.CanDecode().Contains(t):
			proto, payload = d.ext6.NextHeader, d.ext6.Payload
		}
	}
	if !ipSeen {
		d.agg.other(f)
		return
	}
	if d.ip4Fragment() {
		return
	}
	d.transport(f, proto, payload)
}

// ip4Fragment counts IPv4 fragments, which are not reassembled: a
// fragment other than the first is counted and skipped, the first one
// still carries the transport header and is decoded.
func (d *decoder) ip4Fragment() bool {
	if len(d.decoded) == 0 || d.decoded[len(d.decoded)-1] != layers.LayerTypeIPv4 {
		return false
	}
	if d.ip4.FragOffset != 0 {
		d.agg.fragment(true)
		return true
	}
	if d.ip4.Flags&layers.IPv4MoreFragments != 0 {
		d.agg.fragment(false)
	}
	return false
}

// transport dispatches on the IP protocol.
func (d *decoder) transport(f *frame, proto layers.IPProtocol, payload []byte) {
	switch proto {
	case layers.IPProtocolUDP:
		if err := d.udp.DecodeFromBytes(payload, gopacket.NilDecodeFeedback); err != nil {
			d.agg.fail(f, "truncated UDP", err)
			return
		}
		f.sport, f.dport = uint16(d.udp.SrcPort), uint16(d.udp.DstPort)
		d.udpPayload(f, d.udp.Payload)
	case layers.IPProtocolESP:
		if err := d.esp.DecodeFromBytes(payload, gopacket.NilDecodeFeedback); err != nil {
			d.agg.fail(f, "truncated ESP", err)
			return
		}
		d.agg.espPacket(f, d.esp.SPI, d.esp.Seq, false)
	case layers.IPProtocolGRE:
		if err := d.gre.DecodeFromBytes(payload, gopacket.NilDecodeFeedback); err != nil {
			d.agg.fail(f, "bad GRE header", err)
			return
		}
		d.greTunnel(f, &d.gre)
	default:
		d.agg.other(f)
	}
}

// udpPayload routes UDP 500 to the IKE decoder and UDP 4500 through the
// RFC 3948 demultiplexer.
func (d *decoder) udpPayload(f *frame, b []byte) {
	switch {
	case f.sport == 500 || f.dport == 500:
		d.ikeMessage(f, b, false)
	case f.sport == 4500 || f.dport == 4500:
		kind, rest := ike.DemuxNATT(b)
		switch kind {
		case ike.NATTIKE:
			d.ikeMessage(f, rest, true)
		case ike.NATTKeepalive:
			d.agg.natKeepalive(f)
		case ike.NATTESP:
			if len(rest) < 8 {
				d.agg.fail(f, "truncated ESP-in-UDP", fmt.Errorf("ESP-in-UDP of %d bytes, need 8", len(rest)))
				return
			}
			d.agg.espPacket(f, be32(rest), be32(rest[4:]), true)
		default:
			d.agg.fail(f, "invalid UDP 4500 payload", fmt.Errorf("UDP 4500 payload of %d bytes is neither IKE, ESP nor a keepalive", len(b)))
		}
	default:
		d.agg.other(f)
	}
}

func (d *decoder) ikeMessage(f *frame, b []byte, natt bool) {
	if err := d.ike.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
		reason := "bad IKE message"
		if len(b) < 28 {
			reason = "truncated IKE"
		}
		d.agg.fail(f, reason, err)
		return
	}
	if d.ike.Truncated {
		d.agg.fail(f, "truncated IKE", fmt.Errorf("IKE message of %d bytes, header says %d (decoded what was there)", len(b), d.ike.Length))
	}
	d.agg.ikeMessage(f, &d.ike, natt)
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// failReason names the layer that failed to decode, from the layers that
// did.
func failReason(decoded []gopacket.LayerType) string {
	if len(decoded) == 0 {
		return "bad link-layer header"
	}
	switch decoded[len(decoded)-1] {
	case layers.LayerTypeIPv4, layers.LayerTypeIPv6:
		return "bad tunnelled IP header"
	case layers.LayerTypeEthernet, layers.LayerTypeDot1Q, layers.LayerTypeLinuxSLL, layers.LayerTypeLinuxSLL2, layers.LayerTypeLoopback:
		return "bad IP header"
	}
	return "bad IPv6 extension header"
}
