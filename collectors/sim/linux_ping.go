package sim

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// linuxPing renders iputils ping: "ping [-M do] [-s SIZE] -c N [-W S]
// -I IFACE DEST". Echoes are answered as for IOS's ping (render_ping.go):
// only by the DI tunnel IP over a working tunnel, and with DF only when
// the packet fits (path_mtu.go); a DF packet above the CPE's own limit is
// refused locally ("local error: message too long").
func (r *renderer) linuxPing(args []string) string {
	count, size, df, dev := 0, 56, false, ""
	dst := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() (string, bool) {
			if i+1 >= len(args) {
				return "", false
			}
			i++
			return args[i], true
		}
		var v string
		var ok bool
		switch a {
		case "-c", "-s", "-W", "-I", "-M", "-i", "-w", "-t":
			if v, ok = val(); !ok {
				return fmt.Sprintf("ping: option requires an argument -- '%s'\n", a[1:]) + pingUsage
			}
		case "-q", "-n":
			continue
		default:
			if strings.HasPrefix(a, "-") {
				return fmt.Sprintf("ping: invalid option -- '%s'\n", strings.TrimPrefix(a, "-")) + pingUsage
			}
			dst = a
			continue
		}
		switch a {
		case "-c", "-s":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Sprintf("ping: invalid argument: '%s'\n", v)
			}
			if a == "-c" {
				count = n
			} else {
				size = n
			}
		case "-I":
			dev = v
		case "-M":
			df = v == "do" || v == "probe"
		}
	}
	if dst == "" {
		return pingUsage
	}
	ad, err := netip.ParseAddr(dst)
	if err != nil {
		return fmt.Sprintf("ping: %s: Name or service not known\n", dst)
	}
	if count == 0 {
		count = 5 // the simulator does not ping forever
	}
	src, t, msg := r.pingDevice(dev)
	if msg != "" {
		return msg
	}
	res, mtu := r.linuxEcho(t, ad, src, size+28, df)
	return r.pingOutput(ad, src, dev, size, count, res, mtu, t)
}

const pingUsage = "\nUsage\n  ping [options] <destination>\n"

// pingDevice resolves -I: an interface name or an address.
func (r *renderer) pingDevice(dev string) (netip.Addr, *Tunnel, string) {
	c := r.cpe
	if dev == "" {
		return c.Public.Addr(), nil, ""
	}
	if a, err := netip.ParseAddr(dev); err == nil {
		for _, t := range c.Tunnels {
			if t.Config.TunnelIP.Addr() == a {
				return a, t, ""
			}
		}
		return a, nil, ""
	}
	for _, t := range c.Tunnels {
		if t.Interface == dev {
			if t.Config.LinkDown {
				return netip.Addr{}, nil, "ping: connect: Network is unreachable\n"
			}
			return t.Config.TunnelIP.Addr(), t, ""
		}
	}
	switch dev {
	case "eth0":
		return c.Public.Addr(), nil, ""
	case "eth1":
		return c.LAN.Addr(), nil, ""
	}
	return netip.Addr{}, nil, fmt.Sprintf("ping: SO_BINDTODEVICE %s: No such device\n", dev)
}

// linuxEcho is the fate of every echo of ipSize bytes to dst through t,
// and the MTU a local refusal reports.
func (r *renderer) linuxEcho(t *Tunnel, dst, src netip.Addr, ipSize int, df bool) (echoResult, int) {
	if t == nil || dst != t.Form.DITunnelIP || src != t.Config.TunnelIP.Addr() ||
		!t.Config.TunnelIP.Contains(dst) || !t.state().pingOK {
		return echoTimeout, 0
	}
	if !df {
		return echoReply, 0
	}
	if ipSize > t.ipMTU() {
		return echoFragNeeded, t.ipMTU()
	}
	res := t.dfEcho(ipSize, true)
	gcm := isGCM(t.Config.Crypto)
	if res == echoFragNeeded {
		// The kernel learnt the path MTU from the ICMP error (or knows
		// its own ESP overhead) and now refuses the packet itself.
		local := espPlaintext(transportMTU, gcm) - t.greOverhead()
		if ipSize > local {
			return res, local
		}
		return res, espPlaintext(t.pathMTU(), gcm) - t.greOverhead()
	}
	return res, 0
}

func (r *renderer) pingOutput(dst, src netip.Addr, dev string, size, count int, res echoResult, mtu int, t *Tunnel) string {
	var b strings.Builder
	from := ""
	if src.IsValid() {
		from = "from " + src.String() + " " + dev
		if _, err := netip.ParseAddr(dev); err == nil || dev == "" {
			from = "from " + src.String() + " "
		}
	}
	fmt.Fprintf(&b, "PING %s (%s) %s: %d(%d) bytes of data.\n", dst, dst, from, size, size+28)
	seed := uint32(7)
	if t != nil {
		seed = t.Seed
	}
	base := 17.0 + float64(seed%5)
	var rtts []float64
	for i := 1; i <= count; i++ {
		switch res {
		case echoReply:
			ms := base + float64(hash(seed, int(r.el.Seconds())+i, 9)%900)/1000
			rtts = append(rtts, ms)
			fmt.Fprintf(&b, "%d bytes from %s: icmp_seq=%d ttl=255 time=%s ms\n", size+8, dst, i, pingTime(ms))
		case echoFragNeeded:
			fmt.Fprintf(&b, "ping: local error: message too long, mtu=%d\n", mtu)
		}
	}
	elapsed := (count-1)*1000 + 40 + int(seed%50)
	if count == 1 {
		elapsed = 0
	}
	fmt.Fprintf(&b, "\n--- %s ping statistics ---\n", dst)
	n := len(rtts)
	errs := ""
	if res == echoFragNeeded {
		errs = fmt.Sprintf("+%d errors, ", count)
	}
	fmt.Fprintf(&b, "%d packets transmitted, %d received, %s%d%% packet loss, time %dms\n", count, n, errs, (count-n)*100/count, elapsed)
	if n == 0 {
		b.WriteString("\n")
		return b.String()
	}
	lo, hi, sum := rtts[0], rtts[0], 0.0
	for _, v := range rtts {
		lo, hi, sum = min(lo, v), max(hi, v), sum+v
	}
	avg := sum / float64(n)
	dev2 := 0.0
	for _, v := range rtts {
		dev2 += (v - avg) * (v - avg)
	}
	fmt.Fprintf(&b, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", lo, avg, hi, math.Sqrt(dev2/float64(n)))
	return b.String()
}

// pingTime prints an RTT with iputils' precision: three significant
// digits.
func pingTime(ms float64) string {
	switch {
	case ms < 1:
		return strconv.FormatFloat(ms, 'f', 3, 64)
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 2, 64)
	case ms < 100:
		return strconv.FormatFloat(ms, 'f', 1, 64)
	}
	return strconv.FormatFloat(ms, 'f', 0, 64)
}
