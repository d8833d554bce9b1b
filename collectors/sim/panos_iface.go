package sim

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

const panosRule = "--------------------------------------------------------------------------------\n"

// panosInterface renders show interface tunnel.N: the configuration
// block (MTU, address, zone, TCP MSS adjustment), for a GRE tunnel
// interface the GRE block (state, endpoints, keepalive counters), and
// the logical counters read from the CPU. An IPsec tunnel interface has
// no GRE block and no state of its own (show vpn flow has it).
func (r *renderer) panosInterface(name string) (string, error) {
	for _, t := range r.cpe.Tunnels {
		if panosIPsecIf(t) == name {
			return r.panosIPsecInterface(t), nil
		}
	}
	t := r.panosTunnelByIf(name)
	if t == nil {
		return "", ErrInvalidInput
	}
	c := t.Config
	var b strings.Builder
	b.WriteString(panosRule)
	fmt.Fprintf(&b, "Name: %s, ID: %d\n", name, 255+r.panosID(t))
	fmt.Fprintf(&b, "Operation mode: layer3\nVirtual router %s\n", r.panosVROf(t).name)
	fmt.Fprintf(&b, "Interface MTU %d\n", t.ipMTU())
	fmt.Fprintf(&b, "Interface IP address: %s\n", c.TunnelIP)
	b.WriteString("Interface management profile: N/A\nService configured: \nZone: VPN, virtual system: vsys1\n")
	mss := "no"
	if c.MSS > 0 {
		mss = "yes"
	}
	fmt.Fprintf(&b, "Adjust TCP MSS: %s\n", mss)
	b.WriteString("Policing: no\n")
	b.WriteString(panosRule)
	r.panosGREBlock(&b, t)
	b.WriteString(panosRule)
	fl := r.flows(t)
	r.panosCounterBlock(&b, t, fl.pktsOut, fl.pktsIn, fl.bytesOut, fl.bytesIn)
	return b.String(), nil
}

// panosGREBlock is the GRE tunnel's part of show interface: its state
// (down once keepalives go unanswered), endpoints and keepalive
// counters. ka-curr-retry counts the unanswered keepalives (3 and more
// bring the tunnel down).
func (r *renderer) panosGREBlock(b *strings.Builder, t *Tunnel) {
	c, st := t.Config, t.state()
	kv := func(k string, v any) { fmt.Fprintf(b, "%-31s%v\n", k+":", v) }
	kvs := func(k string, v any) { fmt.Fprintf(b, "   %-28s%v\n", k+":", v) }
	kv("GRE tunnel name", "GRE-DC"+t.DC)
	state := "Up"
	if !st.lineUp {
		state = "Down"
	}
	kv("tunnel interface state", state)
	kv("disabled", panosBool(c.LinkDown))
	kv("copy-tos", "False")
	kv("keep alive enabled", panosBool(c.Keepalive))
	kv("local-ip", greSource(r.cpe, t))
	kv("peer-ip", c.GREDestination)
	b.WriteString("stats:\n")
	var sent, recv, retry int64
	if c.Keepalive && !c.LinkDown {
		sent = count(0.1, r.cpe.Uptime+r.el)
		recv, retry = sent, 0
		if !st.greRoundTrip {
			recv, retry = 0, 3+int64(r.el.Seconds()/10)
		}
	}
	kvs("ka-id", sent)
	kvs("ka-send", sent)
	kvs("ka-recv", recv)
	kvs("ka-curr-retry", retry)
	kvs("ka-last-timestamp", int64((r.cpe.Uptime+r.el).Seconds())/10*10)
	kvs("ka-recv-map", 0)
	kvs("ka-owner", 0)
}

func panosBool(v bool) string {
	if v {
		return "True"
	}
	return "False"
}

// panosIPsecInterface renders show interface for the IPsec tunnel
// interface (tunnel.11): no address, no GRE block.
func (r *renderer) panosIPsecInterface(t *Tunnel) string {
	var b strings.Builder
	b.WriteString(panosRule)
	fmt.Fprintf(&b, "Name: %s, ID: %d\n", panosIPsecIf(t), 265+r.panosID(t))
	fmt.Fprintf(&b, "Operation mode: layer3\nVirtual router %s\nInterface MTU 1500\n", r.panosVROf(t).name)
	b.WriteString("Interface IP address: N/A\nInterface management profile: N/A\nService configured: \nZone: VPN, virtual system: vsys1\n")
	b.WriteString("Adjust TCP MSS: no\nPolicing: no\n")
	b.WriteString(panosRule)
	fl := r.flows(t)
	r.panosCounterBlock(&b, t, fl.encaps, fl.decaps, fl.encaps*(t.Traffic.OutSize+24), fl.decaps*(t.Traffic.InSize+24))
	return b.String()
}

// panosCounterBlock is the "Logical interface counters read from CPU"
// section.
func (r *renderer) panosCounterBlock(b *strings.Builder, t *Tunnel, pOut, pIn, bOut, bIn int64) {
	b.WriteString("Logical interface counters read from CPU:\n")
	b.WriteString(panosRule)
	for _, kv := range []struct {
		k string
		v int64
	}{
		{"bytes received", bIn}, {"bytes transmitted", bOut}, {"packets received", pIn}, {"packets transmitted", pOut},
		{"receive errors", 0}, {"packets dropped", r.panosDropped(t)}, {"packets dropped by flow state check", 0},
		{"forwarding errors", 0}, {"no route", 0}, {"arp not found", 0}, {"neighbor not found", 0},
		{"neighbor info pending", 0}, {"mac not found", 0}, {"packets routed to different zone", 0},
		{"land attacks", 0}, {"ping-of-death attacks", 0}, {"teardrop attacks", 0}, {"ip spoof attacks", 0},
		{"mac spoof attacks", 0}, {"ICMP fragment", 0}, {"layer2 encapsulated packets", 0},
		{"layer2 decapsulated packets", 0}, {"tcp cps", 0}, {"udp cps", 0}, {"sctp cps", 0}, {"other cps", 0},
	} {
		fmt.Fprintf(b, "%-41s%d\n", kv.k, kv.v)
	}
	b.WriteString(panosRule)
}

// panosDropped counts what the security policy drops on the tunnel: the
// DC's pings when a rule lets BGP through but not ICMP (one a minute from
// DI's monitoring).
func (r *renderer) panosDropped(t *Tunnel) int64 {
	if !t.Config.InboundACL || !t.state().decaps {
		return 0
	}
	return count(1.0/60, t.IKEAge+r.el)
}

// panosPing renders "ping [source ADDR] host ADDR [count N]
// [do-not-fragment yes] [size N]", which PAN-OS answers with iputils'
// output: echoes are answered as for IOS's ping (only the DI tunnel IP,
// over a working tunnel, and with DF only when the packet fits). Only a
// source address puts the ping on the dataplane.
func (r *renderer) panosPing(w []string) (string, error) {
	var src, dst netip.Addr
	count, size, df := 0, 56, false
	for i := 0; i < len(w); i += 2 {
		if i+1 >= len(w) {
			return "", ErrInvalidInput
		}
		v := w[i+1]
		var err error
		switch w[i] {
		case "source":
			src, err = netip.ParseAddr(v)
		case "host":
			dst, err = netip.ParseAddr(v)
		case "count":
			count, err = strconv.Atoi(v)
		case "size":
			size, err = strconv.Atoi(v)
		case "do-not-fragment":
			df = v == "yes"
		case "interval", "ttl", "tos", "wait", "bypass-routing", "no-resolve":
		default:
			return "", ErrInvalidInput
		}
		if err != nil {
			return "", ErrInvalidInput
		}
	}
	if !dst.IsValid() {
		return "", ErrInvalidInput
	}
	if count <= 0 {
		count = 5 // PAN-OS pings until interrupted; the simulator stops at 5
	}
	if !src.IsValid() {
		// Without a source PAN-OS pings from the management port,
		// which has no route to the tunnel addresses: every echo is
		// lost, and iputils names no source in its header.
		res, _ := r.linuxEcho(nil, dst, netip.Addr{}, size+28, df)
		out := r.pingOutput(dst, netip.Addr{}, "", size, count, res, 0, nil)
		return strings.Replace(out, ") : ", ") ", 1), nil
	}
	if !r.panosHasAddr(src) {
		return "ping: bind icmp socket: Cannot assign requested address\n", nil
	}
	var t *Tunnel
	for _, x := range r.cpe.Tunnels {
		if x.Config.TunnelIP.Addr() == src {
			t = x
		}
	}
	res, mtu := r.linuxEcho(t, dst, src, size+28, df)
	return r.pingOutput(dst, src, src.String(), size, count, res, mtu, t), nil
}
