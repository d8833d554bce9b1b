package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// allInterfaces renders plain "show interfaces": the physical ports, the
// loopback, then the tunnels, in IOS-XE's order.
func (r *renderer) allInterfaces() string {
	var b strings.Builder
	c := r.cpe
	for i := 1; i <= 4; i++ {
		r.gigabit(&b, i)
	}
	if c.Loopback1.IsValid() {
		r.loopback(&b)
	}
	for _, t := range c.Tunnels {
		r.tunnelInterface(&b, t)
	}
	return b.String()
}

// interfaceByName renders "show interfaces NAME".
func (r *renderer) interfaceByName(name string) (string, error) {
	n, ok := canonicalInterface(name)
	if !ok {
		return "", ErrInvalidInput
	}
	var b strings.Builder
	switch {
	case r.cpe.tunnelByInterface(n) != nil:
		r.tunnelInterface(&b, r.cpe.tunnelByInterface(n))
	case n == "Loopback1" && r.cpe.Loopback1.IsValid():
		r.loopback(&b)
	case n >= "GigabitEthernet1" && n <= "GigabitEthernet4" && len(n) == len("GigabitEthernet1"):
		r.gigabit(&b, int(n[len(n)-1]-'0'))
	default:
		return "", ErrInvalidInput
	}
	return b.String(), nil
}

// tunnelInterface writes one "show interfaces TunnelN" block.
func (r *renderer) tunnelInterface(b *strings.Builder, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	fl := r.flows(t)
	tc := &t.Config
	if st.lineUp {
		w("%s is up, line protocol is up ", t.Interface)
	} else {
		w("%s is up, line protocol is down ", t.Interface)
	}
	w("  Hardware is Tunnel")
	w("  Description: Webex DI DC-%s", t.DC)
	w("  Internet address is %s", tc.TunnelIP)
	w("  MTU 9976 bytes, BW 100 Kbit/sec, DLY 50000 usec, ")
	w("     reliability 255/255, txload %d/255, rxload %d/255", load(fl.outBPS, 100_000), load(fl.inBPS, 100_000))
	w("  Encapsulation TUNNEL, loopback not set")
	if tc.Keepalive {
		w("  Keepalive set (10 sec), retries 3")
	} else {
		w("  Keepalive not set")
	}
	if st.lineUp {
		w("  Tunnel linestate evaluation up")
	} else {
		w("  Tunnel linestate evaluation down - keepalive down")
	}
	src := t.Form.GRESource
	w("  Tunnel source %s (%s), destination %s", src, tc.Source, tc.GREDestination)
	w("   Tunnel Subblocks:")
	w("      src-track:")
	w("         %s source tracking subblock associated with %s", t.Interface, tc.Source)
	members := 0
	for _, o := range r.cpe.Tunnels {
		if o.Config.Source == tc.Source {
			members++
		}
	}
	plural := "s"
	if members == 1 {
		plural = ""
	}
	w("          Set of tunnels with source %s, %d member%s (includes iterators), on interface <OK>", tc.Source, members, plural)
	w("  Tunnel protocol/transport GRE/IP")
	if tc.TunnelKey > 0 {
		w("    Key 0x%X, sequencing disabled", tc.TunnelKey)
	} else {
		w("    Key disabled, sequencing disabled")
	}
	w("    Checksumming of packets disabled")
	w("  Tunnel TTL 255, Fast tunneling enabled")
	if tc.PMTUD {
		w("  Path MTU Discovery, ager 10 mins, min MTU 92")
	}
	w("  Tunnel transport MTU 1476 bytes")
	w("  Tunnel transmit bandwidth 8000 (kbps)")
	w("  Tunnel receive bandwidth 8000 (kbps)")
	if tc.Protection == "profile" {
		w("  Tunnel protection via IPSec (profile \"VC-IPSEC\")")
	}
	w("  Last input %s, output %s, output hang never", lastSeen(fl.inPPS, r.el), lastSeen(fl.outPPS, r.el))
	w("  Last clearing of \"show interface\" counters never")
	w("  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0")
	w("  Queueing strategy: fifo")
	w("  Output queue: 0/0 (size/max)")
	w("  5 minute input rate %d bits/sec, %d packets/sec", fl.inBPS, int64(fl.inPPS))
	w("  5 minute output rate %d bits/sec, %d packets/sec", fl.outBPS, int64(fl.outPPS))
	w("     %d packets input, %d bytes, 0 no buffer", fl.pktsIn, fl.bytesIn)
	w("     Received 0 broadcasts (0 IP multicasts)")
	w("     0 runts, 0 giants, 0 throttles")
	w("     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort")
	w("     %d packets output, %d bytes, 0 underruns", fl.pktsOut, fl.bytesOut)
	w("     Output 0 broadcasts (0 IP multicasts)")
	w("     0 output errors, 0 collisions, 0 interface resets")
	w("     0 unknown protocol drops")
	w("     0 output buffer failures, 0 output buffers swapped out")
}

// lastSeen is "Last input" / "Last output": a few seconds ago for a flow
// of at least one packet every 10 s, never for none.
func lastSeen(pps float64, el time.Duration) string {
	switch {
	case pps >= 1:
		return "00:00:00"
	case pps > 0:
		return age(time.Duration(int64(el/time.Second)%10) * time.Second)
	}
	return "never"
}

// load is IOS's txload/rxload: the rate as a fraction of BW in 255ths.
func load(bps int64, bwKbit int64) int {
	l := bps * 255 / (bwKbit * 1000)
	switch {
	case l < 1:
		return 1
	case l > 255:
		return 255
	}
	return int(l)
}

// gigabit writes GigabitEthernetN: 1 is the internet side carrying the
// tunnels' encrypted traffic, 2 the LAN, 3 and 4 unused.
func (r *renderer) gigabit(b *strings.Builder, n int) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	c := r.cpe
	var p netip.Prefix
	desc := ""
	var inBPS, outBPS int64
	for _, t := range c.Tunnels {
		fl := r.flows(t)
		inBPS += fl.inBPS
		outBPS += fl.outBPS
	}
	switch n {
	case 1:
		p, desc = c.Public, "INTERNET"
		// ESP and GRE overhead: about 6 % on these packet sizes.
		inBPS, outBPS = inBPS*106/100+16_000, outBPS*106/100+12_000
	case 2:
		p, desc = c.LAN, "LAN"
		inBPS, outBPS = outBPS+9_000, inBPS+7_000
	default:
		inBPS, outBPS = 0, 0
	}
	up := c.Uptime + r.el
	mac := c.MAC[:len(c.MAC)-1] + fmt.Sprint(n)
	if p.IsValid() {
		w("GigabitEthernet%d is up, line protocol is up ", n)
	} else {
		w("GigabitEthernet%d is administratively down, line protocol is down ", n)
	}
	w("  Hardware is vNIC, address is %s (bia %s)", mac, mac)
	if desc != "" {
		w("  Description: %s", desc)
	}
	if p.IsValid() {
		w("  Internet address is %s", p)
	}
	w("  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, ")
	w("     reliability 255/255, txload %d/255, rxload %d/255", load(outBPS, 1_000_000), load(inBPS, 1_000_000))
	w("  Encapsulation ARPA, loopback not set")
	w("  Keepalive set (10 sec)")
	w("  Full Duplex, 1000Mbps, link type is auto, media type is Virtual")
	w("  output flow-control is unsupported, input flow-control is unsupported")
	w("  ARP type: ARPA, ARP Timeout 04:00:00")
	r.physCounters(b, p.IsValid(), inBPS, outBPS, up)
}

func (r *renderer) physCounters(b *strings.Builder, up bool, inBPS, outBPS int64, d time.Duration) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	inPPS, outPPS := float64(inBPS)/8/560, float64(outBPS)/8/420
	pin, pout := count(inPPS, d), count(outPPS, d)
	last := "never"
	if up {
		last = "00:00:00"
	}
	w("  Last input %s, output %s, output hang never", last, last)
	w("  Last clearing of \"show interface\" counters never")
	w("  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0")
	w("  Queueing strategy: fifo")
	w("  Output queue: 0/40 (size/max)")
	w("  5 minute input rate %d bits/sec, %d packets/sec", inBPS, int64(inPPS))
	w("  5 minute output rate %d bits/sec, %d packets/sec", outBPS, int64(outPPS))
	w("     %d packets input, %d bytes, 0 no buffer", pin, pin*560)
	w("     Received 0 broadcasts (0 IP multicasts)")
	w("     0 runts, 0 giants, 0 throttles ")
	w("     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored")
	w("     0 watchdog, 0 multicast, 0 pause input")
	w("     %d packets output, %d bytes, 0 underruns", pout, pout*420)
	w("     Output 0 broadcasts (0 IP multicasts)")
	w("     0 output errors, 0 collisions, 0 interface resets")
	w("     0 unknown protocol drops")
	w("     0 babbles, 0 late collision, 0 deferred")
	w("     0 lost carrier, 0 no carrier, 0 pause output")
	w("     0 output buffer failures, 0 output buffers swapped out")
}

func (r *renderer) loopback(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	w("Loopback1 is up, line protocol is up ")
	w("  Hardware is Loopback")
	w("  Description: GRE transport")
	w("  Internet address is %s", r.cpe.Loopback1)
	w("  MTU 1514 bytes, BW 8000000 Kbit/sec, DLY 5000 usec, ")
	w("     reliability 255/255, txload 1/255, rxload 1/255")
	w("  Encapsulation LOOPBACK, loopback not set")
	w("  Keepalive set (10 sec)")
	w("  Last input never, output never, output hang never")
	w("  Last clearing of \"show interface\" counters never")
	w("  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: 0")
	w("  Queueing strategy: fifo")
	w("  Output queue: 0/0 (size/max)")
	w("  5 minute input rate 0 bits/sec, 0 packets/sec")
	w("  5 minute output rate 0 bits/sec, 0 packets/sec")
	w("     0 packets input, 0 bytes, 0 no buffer")
	w("     Received 0 broadcasts (0 IP multicasts)")
	w("     0 runts, 0 giants, 0 throttles ")
	w("     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort")
	w("     0 packets output, 0 bytes, 0 underruns")
	w("     Output 0 broadcasts (0 IP multicasts)")
	w("     0 output errors, 0 collisions, 0 interface resets")
	w("     0 unknown protocol drops")
	w("     0 output buffer failures, 0 output buffers swapped out")
}
