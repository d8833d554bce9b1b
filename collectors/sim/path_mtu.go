package sim

// Path MTU model. A DF ping sourced from a tunnel crosses three limits, in
// the order a router meets them:
//
//  1. the tunnel's own "ip mtu": larger DF packets are refused by the CPE
//     itself ("M", could not fragment);
//  2. what fits in one ESP packet on the CPE's 1500-byte transport
//     (plaintext mtu, as show crypto ipsec sa reports it) less GRE: the CPE
//     refuses larger ones as well;
//  3. the underlay path's smallest link (Faults.PathMTU), which the CPE
//     does not know: with tunnel path-mtu-discovery the DF bit is copied to
//     the outer header, the small link drops the packet and sends ICMP
//     "fragmentation needed", which comes back as "M" unless a firewall
//     filters it, and then the echo simply times out (a black hole).
//
// The arithmetic is DOMAIN.md's and the same as checks.espPlaintextMTU, so
// the sizes the simulator lets through agree with the plaintext mtu it
// renders (1446 for GCM-256, 1438 for AES-CBC/SHA-256 on a 1500 path).

// transportMTU is the MTU of the CPE's internet interface.
const transportMTU = 1500

// echoResult is what one echo of a ping gets back.
type echoResult int

const (
	echoReply      echoResult = iota // "!"
	echoTimeout                      // "."
	echoFragNeeded                   // "M": fragmentation needed and DF set
)

// espPlaintext is the largest packet that fits in one tunnel-mode ESP
// packet on a path of pathMTU bytes: outer IP 20, SPI and sequence 8, the
// IV (8 for GCM, 16 for CBC), padding to the cipher's alignment (4 for GCM,
// 16 for CBC) with the 2-byte trailer, and a 16-byte ICV.
func espPlaintext(pathMTU int, gcm bool) int {
	iv, align := 16, 16
	if gcm {
		iv, align = 8, 4
	}
	avail := pathMTU - 20 - 8 - iv - 16
	return avail/align*align - 2
}

// greOverhead is the outer IPv4 header and the GRE header, with the 4-byte
// key when configured.
func (t *Tunnel) greOverhead() int {
	if t.Config.TunnelKey != 0 {
		return 28
	}
	return 24
}

// ipMTU is the tunnel's IP MTU: "ip mtu", else the transport's less GRE.
func (t *Tunnel) ipMTU() int {
	if t.Config.IPMTU > 0 {
		return t.Config.IPMTU
	}
	return transportMTU - t.greOverhead()
}

// pathMTU is the underlay path's MTU.
func (t *Tunnel) pathMTU() int {
	if t.Faults.PathMTU > 0 {
		return t.Faults.PathMTU
	}
	return transportMTU
}

// claimedMTU is what the CPE's configuration says the tunnel carries: its
// IP MTU, capped by the plaintext mtu it reports less GRE.
func (t *Tunnel) claimedMTU() int {
	return min(t.ipMTU(), plaintextMTU(t.Config.Crypto)-t.greOverhead())
}

// MaxDFSize is the largest DF ping (IP packet size, as IOS's "size")
// sourced from the tunnel that gets an answer from the DI tunnel IP when
// the tunnel works: the smallest of the three limits above.
func (t *Tunnel) MaxDFSize() int {
	gcm := isGCM(t.Config.Crypto)
	m := min(t.ipMTU(), espPlaintext(transportMTU, gcm)-t.greOverhead())
	if t.Config.PMTUD {
		m = min(m, espPlaintext(t.pathMTU(), gcm)-t.greOverhead())
	}
	return m
}

// dfEcho is the fate of one echo of size bytes through a working tunnel.
// Without DF the CPE or the path fragments and the echo returns.
func (t *Tunnel) dfEcho(size int, df bool) echoResult {
	if !df {
		return echoReply
	}
	gcm := isGCM(t.Config.Crypto)
	local := min(t.ipMTU(), espPlaintext(transportMTU, gcm)-t.greOverhead())
	switch {
	case size > local:
		return echoFragNeeded
	case !t.Config.PMTUD:
		// Without path MTU discovery the outer header has DF clear and
		// the small link fragments the ESP packet.
		return echoReply
	case size > espPlaintext(t.pathMTU(), gcm)-t.greOverhead():
		if t.Faults.FragNeededFiltered {
			return echoTimeout
		}
		return echoFragNeeded
	}
	return echoReply
}
