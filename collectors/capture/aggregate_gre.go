package capture

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gopacket/gopacket/layers"

	"github.com/vcdiag/vcdiag/evidence"
)

// What one GRE packet was.
const (
	greData = iota
	greKeepaliveSent
	greKeepaliveReflected
)

type greKey struct {
	lo, hi netip.Addr
	key    uint32
	hasKey bool
}

type greTun struct {
	t     evidence.GRETunnel
	lines lineBuf
}

// greTunnel classifies a GRE packet. A Cisco keepalive as sent is outer
// A->B carrying inner IPv4 B->A with GRE protocol 0; B decapsulates it and
// forwards the inner packet, which comes back to A as a bare GRE header
// with protocol 0 (the reflected keepalive).
func (d *decoder) greTunnel(f *frame, g *layers.GRE) {
	kind, inner, bgp := greData, "", false
	switch g.Protocol {
	case 0:
		kind, inner = greKeepaliveReflected, "keepalive reflected"
	case layers.EthernetTypeIPv4:
		b := g.Payload
		if len(b) < 20 || b[0]>>4 != 4 || int(b[0]&0x0f)*4 < 20 || len(b) < int(b[0]&0x0f)*4 {
			d.agg.fail(f, "truncated IPv4 inside GRE", fmt.Errorf("inner IPv4 header of %d bytes", len(b)))
			return
		}
		hl := int(b[0]&0x0f) * 4
		proto, body := b[9], b[hl:]
		isrc, _ := netip.AddrFromSlice(b[12:16])
		idst, _ := netip.AddrFromSlice(b[16:20])
		switch {
		case proto == 47 && len(body) >= 4 && body[2] == 0 && body[3] == 0 && isrc == f.dst && idst == f.src:
			kind, inner = greKeepaliveSent, "keepalive sent"
		default:
			inner = d.agg.innerName(uint16(proto) | 0x8000)
			if proto == 6 && len(body) >= 4 {
				bgp = be16(body) == 179 || be16(body[2:]) == 179
			}
		}
	case layers.EthernetTypeIPv6:
		inner = "ipv6"
	default:
		inner = d.agg.innerName(uint16(g.Protocol))
	}
	d.agg.grePacket(f, g, kind, inner, bgp)
}

func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// innerName names an inner protocol without allocating per packet: an
// IPv4 protocol (code|0x8000) as "ipv4/tcp", another GRE protocol type as
// "gre-proto-0x88be".
func (a *aggregator) innerName(code uint16) string {
	if n, ok := a.innerNam[code]; ok {
		return n
	}
	var n string
	if code&0x8000 != 0 {
		n = "ipv4/" + strings.ToLower(layers.IPProtocol(code&0xff).String())
	} else {
		n = fmt.Sprintf("gre-proto-0x%04x", code)
	}
	a.innerNam[code] = n
	return n
}

func (a *aggregator) grePacket(f *frame, g *layers.GRE, kind int, inner string, bgp bool) {
	a.pk.Decoded++
	switch kind {
	case greKeepaliveSent:
		a.pk.Categories.GREKeep++
	case greKeepaliveReflected:
		a.pk.Categories.GREKeepRx++
	default:
		a.pk.Categories.GRE++
	}
	lo, hi := f.src, f.dst
	if hi.Less(lo) {
		lo, hi = hi, lo
	}
	k := greKey{lo, hi, g.Key, g.KeyPresent}
	t := a.gre[k]
	if t == nil {
		if a.full("GRE tunnels", len(a.gre)) {
			return
		}
		t = &greTun{t: evidence.GRETunnel{A: f.src, B: f.dst, Key: g.Key, HasKey: g.KeyPresent,
			Inner: map[string]uint64{}, First: f.ci.Timestamp}}
		a.gre[k] = t
		a.greOrder = append(a.greOrder, t)
	}
	t.count(f, kind, inner, bgp)
	t.lines.add(a.rec(f, inner))
}

func (t *greTun) count(f *frame, kind int, inner string, bgp bool) {
	g := &t.t
	fromA := f.src == g.A
	g.Packets++
	g.Bytes += uint64(f.ci.Length)
	g.Last = f.ci.Timestamp
	if fromA {
		g.PacketsAB++
	} else {
		g.PacketsBA++
	}
	switch kind {
	case greKeepaliveSent:
		g.KeepalivesSent++
		if fromA {
			g.SentByA++
		} else {
			g.SentByB++
		}
	case greKeepaliveReflected:
		// The reflected keepalive travels back to the side that sent it.
		g.KeepalivesReflected++
		if fromA {
			g.ReflectedToB++
		} else {
			g.ReflectedToA++
		}
	default:
		g.Inner[inner]++
		if bgp {
			g.BGP++
		}
	}
}

func (t *greTun) build(a *aggregator) evidence.GRETunnel {
	out := t.t
	key := ""
	if out.HasKey {
		key = fmt.Sprintf(" key 0x%x", out.Key)
	}
	out.Lines, out.LinesDropped = t.lines.render(a, func(r lineRec) string { return "GRE" + key + " " + r.text })
	return out
}
