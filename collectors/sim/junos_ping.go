package sim

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// junosPingArgs are the options of a Junos ping vcdiag sends: ping
// ADDRESS [source ADDRESS] [interface IFACE] [count N] [rapid] [wait S]
// [do-not-fragment] [size N].
type junosPingArgs struct {
	target        netip.Addr
	source, iface string
	count, size   int
	df, rapid     bool
}

func parseJunosPing(w []string) (junosPingArgs, string) {
	p := junosPingArgs{count: 5, size: 56}
	if len(w) == 0 {
		return p, "error: missing argument: host\n"
	}
	a, err := netip.ParseAddr(w[0])
	if err != nil {
		return p, "ping: cannot resolve " + w[0] + ": Unknown host\n"
	}
	p.target = a
	for i := 1; i < len(w); i++ {
		switch w[i] {
		case "rapid":
			p.rapid = true
			continue
		case "do-not-fragment":
			p.df = true
			continue
		case "source", "interface", "count", "size", "wait":
		default:
			return p, "error: syntax error, expecting <command>: " + w[i] + "\n"
		}
		if i+1 >= len(w) {
			return p, "error: missing argument: " + w[i] + "\n"
		}
		k, v := w[i], w[i+1]
		i++
		n, nerr := strconv.Atoi(v)
		switch k {
		case "source":
			p.source = v
		case "interface":
			p.iface = v
		case "count", "size", "wait":
			if nerr != nil || n < 0 {
				return p, "error: invalid value: " + v + "\n"
			}
			if k == "count" {
				p.count = n
			} else if k == "size" {
				p.size = n
			}
		}
	}
	return p, ""
}

// junosPing renders a Junos (FreeBSD) ping. Echoes are answered as for
// IOS's ping: only by the DI tunnel IP over a working tunnel, sourced from
// the tunnel (its address or its interface), and with DF only when the
// packet fits (path_mtu.go). A DF packet above what the CPE or the path
// reports it can carry is refused by the kernel ("sendto: Message too
// long"); one the path drops silently (a black hole) just times out.
func (r *renderer) junosPing(w []string) string {
	p, msg := parseJunosPing(w)
	if msg != "" {
		return msg
	}
	var t *Tunnel
	for _, x := range r.cpe.Tunnels {
		if p.iface != "" && x.Interface == p.iface || p.iface == "" && p.source == x.Config.TunnelIP.Addr().String() {
			t = x
		}
	}
	if p.iface != "" && t == nil {
		return "ping: invalid interface " + p.iface + "\n"
	}
	res := echoTimeout
	if t != nil && p.target == t.Form.DITunnelIP && t.Config.TunnelIP.Contains(p.target) && t.state().pingOK &&
		(p.source == "" || p.source == t.Config.TunnelIP.Addr().String()) {
		res = t.dfEcho(p.size+28, p.df)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "PING %s (%s): %d data bytes\n", p.target, p.target, p.size)
	seed := uint32(7)
	if t != nil {
		seed = t.Seed
	}
	base := 17.0 + float64(seed%5)
	var rtts []float64
	for i := 0; i < p.count; i++ {
		switch res {
		case echoReply:
			ms := base + float64(hash(seed, int(r.el.Seconds())+i, 9)%900)/1000
			rtts = append(rtts, ms)
			if p.rapid {
				b.WriteString("!")
			} else {
				fmt.Fprintf(&b, "%d bytes from %s: icmp_seq=%d ttl=255 time=%.3f ms\n", p.size+8, p.target, i, ms)
			}
		case echoFragNeeded:
			b.WriteString("ping: sendto: Message too long\n")
		}
	}
	if p.rapid && len(rtts) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n--- %s ping statistics ---\n", p.target)
	n := len(rtts)
	loss := 100
	if p.count > 0 {
		loss = (p.count - n) * 100 / p.count
	}
	fmt.Fprintf(&b, "%d packets transmitted, %d packets received, %d%% packet loss\n", p.count, n, loss)
	if n == 0 {
		return b.String()
	}
	lo, hi, sum := rtts[0], rtts[0], 0.0
	for _, v := range rtts {
		lo, hi, sum = min(lo, v), max(hi, v), sum+v
	}
	avg := sum / float64(n)
	dev := 0.0
	for _, v := range rtts {
		dev += (v - avg) * (v - avg)
	}
	fmt.Fprintf(&b, "round-trip min/avg/max/stddev = %.3f/%.3f/%.3f/%.3f ms\n", lo, avg, hi, math.Sqrt(dev/float64(n)))
	return b.String()
}
