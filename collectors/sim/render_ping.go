package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ping renders IOS "ping X [source IF|ADDR] [repeat N] [size N] [df-bit]
// [timeout N]". Only echoes through a tunnel whose GRE round trip works,
// to that tunnel's DI address, from its own address, get answers.
func (r *renderer) ping(args []string) (string, error) {
	if len(args) == 0 {
		return "", ErrInvalidInput
	}
	dst, err := netip.ParseAddr(args[0])
	if err != nil {
		return "", ErrInvalidInput
	}
	repeat, size, timeout := 5, 100, 2
	src := ""
	df := false
	for i := 1; i < len(args); i++ {
		kw := strings.ToLower(args[i])
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", ErrInvalidInput
			}
			i++
			return args[i], nil
		}
		var v string
		switch {
		case strings.HasPrefix("df-bit", kw) && len(kw) >= 2:
			df = true
			continue
		case strings.HasPrefix("source", kw), strings.HasPrefix("repeat", kw),
			strings.HasPrefix("size", kw) && len(kw) >= 2, strings.HasPrefix("timeout", kw):
			if v, err = next(); err != nil {
				return "", err
			}
		default:
			return "", ErrInvalidInput
		}
		switch kw[0] {
		case 's':
			if strings.HasPrefix("source", kw) {
				src = v
			} else if size, err = strconv.Atoi(v); err != nil {
				return "", ErrInvalidInput
			}
		case 'r':
			if repeat, err = strconv.Atoi(v); err != nil || repeat < 1 {
				return "", ErrInvalidInput
			}
		case 't':
			if timeout, err = strconv.Atoi(v); err != nil {
				return "", ErrInvalidInput
			}
		}
	}
	srcAddr, ok := r.pingSource(src)
	if !ok {
		return "", ErrInvalidInput
	}
	echoes := r.pingEchoes(dst, srcAddr, size, df, repeat)
	var b strings.Builder
	fmt.Fprintf(&b, "Type escape sequence to abort.\n")
	fmt.Fprintf(&b, "Sending %d, %d-byte ICMP Echos to %s, timeout is %d seconds:\n", repeat, size, dst, timeout)
	if srcAddr.IsValid() {
		fmt.Fprintf(&b, "Packet sent with a source address of %s\n", srcAddr)
	}
	if df {
		fmt.Fprintf(&b, "Packet sent with the DF bit set\n")
	}
	for i := 0; i < repeat; i += 70 {
		b.WriteString(echoes[i:min(i+70, repeat)] + "\n")
	}
	if ok := strings.Count(echoes, "!"); ok > 0 {
		rtt := 18 + int(r.cpe.Tunnels[0].Seed%3)
		fmt.Fprintf(&b, "Success rate is %d percent (%d/%d), round-trip min/avg/max = %d/%d/%d ms\n", ok*100/repeat, ok, repeat, rtt-1, rtt, rtt+2)
	} else {
		fmt.Fprintf(&b, "Success rate is 0 percent (0/%d)\n", repeat)
	}
	return b.String(), nil
}

// pingSource resolves "source X" to an address ("" means the outgoing
// interface's, left unprinted as IOS does).
func (r *renderer) pingSource(src string) (netip.Addr, bool) {
	if src == "" {
		return netip.Addr{}, true
	}
	if a, err := netip.ParseAddr(src); err == nil {
		return a, true
	}
	n, ok := canonicalInterface(src)
	if !ok {
		return netip.Addr{}, false
	}
	if t := r.cpe.tunnelByInterface(n); t != nil {
		return t.Config.TunnelIP.Addr(), true
	}
	switch n {
	case "GigabitEthernet1":
		return r.cpe.Public.Addr(), true
	case "GigabitEthernet2":
		return r.cpe.LAN.Addr(), true
	case "Loopback1":
		return r.cpe.Loopback1.Addr(), r.cpe.Loopback1.IsValid()
	}
	return netip.Addr{}, false
}

// pingEchoes returns the marks of repeat echoes to dst: answers come only
// from a DI tunnel IP on a tunnel whose own subnet holds it, over a working
// GRE round trip with nothing filtering ICMP, and, with DF set, only when
// the packet fits the tunnel and the path (path_mtu.go). IOS rate-limits
// the ICMP unreachables it reports, so "fragmentation needed" alternates
// with timeouts: "M.M.M".
func (r *renderer) pingEchoes(dst, src netip.Addr, size int, df bool, repeat int) string {
	res := echoTimeout
	for _, t := range r.cpe.Tunnels {
		if dst != t.Form.DITunnelIP || !t.Config.TunnelIP.Contains(dst) {
			continue
		}
		if src.IsValid() && src != t.Config.TunnelIP.Addr() {
			continue
		}
		if t.state().pingOK {
			res = t.dfEcho(size, df)
		}
		break
	}
	marks := make([]byte, repeat)
	for i := range marks {
		switch {
		case res == echoReply:
			marks[i] = '!'
		case res == echoFragNeeded && i%2 == 0:
			marks[i] = 'M'
		default:
			marks[i] = '.'
		}
	}
	return string(marks)
}
