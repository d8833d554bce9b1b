package sim

import "time"

// flow is a tunnel's packet rates and cumulative counters at one instant.
type flow struct {
	// Packets per second GRE leaves / enters the tunnel interface, and
	// through the IPsec SA.
	outPPS, inPPS       float64
	outBPS, inBPS       int64
	encapsPPS, decapsPS float64
	// Cumulative counts.
	encaps, decaps    int64
	pktsOut, pktsIn   int64
	bytesOut, bytesIn int64
}

// flows derives a tunnel's rates from its state: keepalives every 10 s
// both ways, BGP keepalives every 60 s, user traffic only while BGP is up.
func (r *renderer) flows(t *Tunnel) flow {
	st := t.state()
	var f flow
	ka := 0.0
	if t.Config.Keepalive && !r.site.ReflectsKeepalives {
		ka = 0.1
	}
	f.outPPS = ka
	if r.site.ReflectsKeepalives && st.decaps {
		// Linux GRE sends no keepalives of its own, but routes DI's back
		// to them (a Cisco keepalive is a packet addressed to its
		// sender): 0.1 packet/s out whenever DI's arrive.
		f.outPPS = 0.1
	}
	if st.bgpUp {
		f.outPPS += float64(t.Traffic.OutBPS)/8/float64(t.Traffic.OutSize) + 1.0/60
		f.outBPS = t.Traffic.OutBPS
	}
	// From the DC: its own keepalives, the replies to ours, BGP, traffic.
	in := 0.1
	if st.greRoundTrip {
		in += ka
	}
	if st.bgpUp {
		in += float64(t.Traffic.InBPS)/8/float64(t.Traffic.InSize) + 1.0/60
		f.inBPS = t.Traffic.InBPS
	}
	if st.encaps {
		f.encapsPPS = f.outPPS
	}
	if st.decaps {
		f.decapsPS = in
	}
	// GRE from the DC reaches the tunnel only when it decrypts and matches
	// the tunnel's endpoints and key.
	if st.decaps && t.Config.TunnelKey == 0 && t.Config.GREDestination == t.Form.GREDestination {
		f.inPPS = in
	}
	since := t.IKEAge + r.el
	f.encaps = count(f.encapsPPS, since)
	f.decaps = count(f.decapsPS, since)
	up := r.cpe.Uptime + r.el
	f.pktsOut = count(f.outPPS, up)
	f.pktsIn = count(f.inPPS, up)
	f.bytesOut = bytesFor(f.pktsOut, t.Traffic.OutSize, st.bgpUp)
	f.bytesIn = bytesFor(f.pktsIn, t.Traffic.InSize, st.bgpUp)
	return f
}

// bytesFor sizes packets: user traffic at its average size, or control
// packets (keepalives, 24 bytes of GRE payload) when there is no traffic.
func bytesFor(pkts, size int64, traffic bool) int64 {
	if !traffic {
		return pkts * 24
	}
	return pkts * size
}

// ipsecRemaining is the remaining lifetime of the current IPsec SA pair.
func (r *renderer) ipsecRemaining(t *Tunnel) (time.Duration, int) {
	a, gen := t.ipsecActive(r.el)
	return t.Config.Crypto.IPsecLife - a, gen
}
