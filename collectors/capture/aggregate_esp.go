package capture

import (
	"fmt"
	"net/netip"

	"github.com/vcdiag/vcdiag/evidence"
)

// replayWindow is the number of sequence numbers below the highest seen
// that are remembered, as an anti-replay window does (IOS-XE defaults to
// 64, Linux to 32..4096): enough to tell a replay from reordering.
const replayWindow = 1024

type espKey struct {
	src, dst netip.Addr
	spi      uint32
	udp      bool
}

type espFlow struct {
	f        evidence.ESPFlow
	low      uint32
	high     uint32
	unique   uint64
	window   [replayWindow / 64]uint64 // bit i: high-i was seen
	lines    lineBuf
	seenOnce bool
}

func (a *aggregator) espPacket(f *frame, spi, seq uint32, udp bool) {
	a.pk.Decoded++
	if udp {
		a.pk.Categories.ESPInUDP++
	} else {
		a.pk.Categories.ESP++
	}
	k := espKey{f.src, f.dst, spi, udp}
	e := a.esp[k]
	if e == nil {
		if a.full("ESP SAs", len(a.esp)) {
			return
		}
		e = &espFlow{f: evidence.ESPFlow{Src: f.src, Dst: f.dst, SPI: spi, UDPEncap: udp, First: f.ci.Timestamp}}
		a.esp[k] = e
		a.espOrder = append(a.espOrder, e)
	}
	e.f.Packets++
	e.f.Bytes += uint64(f.ci.Length)
	e.f.Last = f.ci.Timestamp
	e.sequence(seq)
	r := a.rec(f, "")
	r.a, r.b = spi, seq
	e.lines.add(r)
}

// sequence tracks the highest and lowest sequence numbers and a window of
// recently seen ones, so that gaps and replays are counted in constant
// memory.
func (e *espFlow) sequence(seq uint32) {
	if !e.seenOnce {
		e.seenOnce = true
		e.low, e.high, e.unique = seq, seq, 1
		e.window[0] = 1
		return
	}
	if seq < e.low {
		e.low = seq
	}
	if seq > e.high {
		e.shift(uint64(seq - e.high))
		e.high = seq
		e.window[0] |= 1
		e.unique++
		return
	}
	d := uint64(e.high - seq)
	if d >= replayWindow {
		e.f.Replays++ // too old to tell: counted as a replay, as a receiver would drop it
		return
	}
	w, bit := d/64, uint64(1)<<(d%64)
	if e.window[w]&bit != 0 {
		e.f.Replays++
		return
	}
	e.window[w] |= bit
	e.unique++
}

// shift moves the window up by n sequence numbers.
func (e *espFlow) shift(n uint64) {
	if n >= replayWindow {
		e.window = [replayWindow / 64]uint64{}
		return
	}
	words, bits := int(n/64), n%64
	for i := len(e.window) - 1; i >= 0; i-- {
		var v uint64
		if j := i - words; j >= 0 {
			v = e.window[j] << bits
			if bits != 0 && j-1 >= 0 {
				v |= e.window[j-1] >> (64 - bits)
			}
		}
		e.window[i] = v
	}
}

func (e *espFlow) build(a *aggregator) evidence.ESPFlow {
	out := e.f
	out.FirstSeq, out.LastSeq = e.low, e.high
	if span := uint64(e.high-e.low) + 1; span > e.unique {
		out.Gaps = span - e.unique
	}
	kind := "ESP"
	if out.UDPEncap {
		kind = "ESP-in-UDP"
	}
	out.Lines, out.LinesDropped = e.lines.render(a, func(r lineRec) string {
		return fmt.Sprintf("%s spi 0x%08x seq %d length %d", kind, r.a, r.b, r.n)
	})
	return out
}

// natKeepalive counts a NAT-T keepalive per direction.
func (a *aggregator) natKeepalive(f *frame) {
	a.pk.Decoded++
	a.pk.Categories.NATKeep++
	k := [2]netip.AddrPort{netip.AddrPortFrom(f.src, f.sport), netip.AddrPortFrom(f.dst, f.dport)}
	if _, ok := a.natk[k]; !ok {
		if a.full("NAT keepalive pairs", len(a.natk)) {
			return
		}
		a.natOrder = append(a.natOrder, k)
	}
	a.natk[k]++
}
