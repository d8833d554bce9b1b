// Command gretool sends and reflects Cisco-style GRE keepalives over raw IPv4 sockets, so the
// lab can put real GRE keepalive traffic on the wire without the kernel's ip_gre module (the lab
// kernel has none).
//
// A Cisco router with "keepalive 10 3" on a GRE tunnel A->B pre-builds the reply: it sends
// outer IPv4 A->B, GRE (protocol 0x0800), inner IPv4 B->A, inner GRE with protocol type 0.
// B only decapsulates the outer header and routes the inner packet, which goes back to A as a
// plain GRE packet with protocol type 0. A counts those replies; three missed replies in a row
// take the tunnel's line protocol down.
//
//	gretool send -src A -dst B [-count 5] [-interval 1s]   (the keepalive originator)
//	gretool reflect -addr B [-duration 10s]               (the far end: decapsulate, route inner)
//
// It also runs a userspace GRE tunnel over an existing TUN device, so that real kernel TCP (a
// BGP session on port 179) can cross a GRE tunnel in the lab, and a minimal BGP speaker:
//
//	gretool tunnel -local A -remote B -dev gre0 [-duration 10s]
//	gretool bgp -local X -peer Y -as N [-listen] [-prefix P]  (OPEN, KEEPALIVE, UPDATE, Cease)
//
// Linux only (raw sockets, needs root or CAP_NET_RAW). Standard library only.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"
)

const (
	protoGRE      = 47
	greProtoIPv4  = 0x0800
	greHeaderLen  = 4 // no checksum, key or sequence number: what IOS-XE sends by default
	ipv4HeaderLen = 20
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gretool send|reflect|tunnel|bgp [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "send":
		err = runSend(os.Args[2:])
	case "reflect":
		err = runReflect(os.Args[2:])
	case "tunnel":
		err = runTunnel(os.Args[2:])
	case "bgp":
		err = runBGP(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q (want send, reflect, tunnel or bgp)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gretool:", err)
		os.Exit(1)
	}
}

// keepalive builds what the originator A puts after its own outer IPv4 header: GRE carrying an
// IPv4 packet from B back to A whose payload is a GRE header with protocol type 0.
func keepalive(a, b net.IP, id uint16) []byte {
	inner := make([]byte, ipv4HeaderLen+greHeaderLen)
	inner[0] = 0x45
	binary.BigEndian.PutUint16(inner[2:], uint16(len(inner)))
	binary.BigEndian.PutUint16(inner[4:], id)
	inner[8] = 255 // TTL, as IOS-XE sets it
	inner[9] = protoGRE
	copy(inner[12:16], b.To4())
	copy(inner[16:20], a.To4())
	binary.BigEndian.PutUint16(inner[10:], checksum(inner[:ipv4HeaderLen]))
	// inner GRE: flags 0, protocol type 0 (already zero)
	out := make([]byte, greHeaderLen, greHeaderLen+len(inner))
	binary.BigEndian.PutUint16(out[2:], greProtoIPv4)
	return append(out, inner...)
}

func checksum(b []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}

func rawGRE(local net.IP) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW, protoGRE)
	if err != nil {
		return -1, fmt.Errorf("raw GRE socket (needs root or CAP_NET_RAW): %w", err)
	}
	sa := &syscall.SockaddrInet4{}
	copy(sa.Addr[:], local.To4())
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("bind %s: %w", local, err)
	}
	return fd, nil
}

func parseIP(s, flagName string) (net.IP, error) {
	ip := net.ParseIP(s).To4()
	if ip == nil {
		return nil, fmt.Errorf("-%s %q is not an IPv4 address", flagName, s)
	}
	return ip, nil
}

func runSend(args []string) error {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	src := fs.String("src", "", "local tunnel source (A)")
	dst := fs.String("dst", "", "tunnel destination (B)")
	count := fs.Int("count", 5, "keepalives to send")
	interval := fs.Duration("interval", time.Second, "time between keepalives")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := parseIP(*src, "src")
	if err != nil {
		return err
	}
	b, err := parseIP(*dst, "dst")
	if err != nil {
		return err
	}
	fd, err := rawGRE(a)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	to := &syscall.SockaddrInet4{}
	copy(to.Addr[:], b)
	replies := make(chan int)
	go countReplies(fd, b, replies)
	for i := 0; i < *count; i++ {
		if err := syscall.Sendto(fd, keepalive(a, b, uint16(i+1)), 0, to); err != nil {
			return fmt.Errorf("send keepalive %d: %w", i+1, err)
		}
		time.Sleep(*interval)
	}
	// A reply that is still in flight after the last interval is not waited for: the count is
	// what the router would have seen at its next keepalive tick.
	got := <-replies
	fmt.Printf("sent %d keepalives %s -> %s, %d replies (GRE protocol 0 from %s)\n", *count, a, b, got, b)
	return nil
}

// countReplies counts GRE packets from b with protocol type 0 until asked for the count.
func countReplies(fd int, b net.IP, out chan<- int) {
	n := 0
	tv := syscall.Timeval{Usec: 100000}
	_ = syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	buf := make([]byte, 2048)
	for {
		select {
		case out <- n:
			return
		default:
		}
		m, _, err := syscall.Recvfrom(fd, buf, 0)
		if err != nil || m < ipv4HeaderLen+greHeaderLen {
			continue
		}
		ihl := int(buf[0]&0x0f) * 4
		if net.IP(buf[12:16]).Equal(b) && m >= ihl+greHeaderLen && binary.BigEndian.Uint16(buf[ihl+2:]) == 0 {
			n++
		}
	}
}

func runReflect(args []string) error {
	fs := flag.NewFlagSet("reflect", flag.ContinueOnError)
	addr := fs.String("addr", "", "local tunnel endpoint (B)")
	duration := fs.Duration("duration", 10*time.Second, "how long to reflect")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := parseIP(*addr, "addr")
	if err != nil {
		return err
	}
	in, err := rawGRE(b)
	if err != nil {
		return err
	}
	defer syscall.Close(in)
	// IPPROTO_RAW implies IP_HDRINCL: the decapsulated inner packet is sent exactly as built by
	// the originator, which is what routing it would do.
	out, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW, syscall.IPPROTO_RAW)
	if err != nil {
		return fmt.Errorf("raw IP socket: %w", err)
	}
	defer syscall.Close(out)
	tv := syscall.Timeval{Usec: 200000}
	_ = syscall.SetsockoptTimeval(in, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	fmt.Printf("reflecting GRE to %s for %s\n", b, *duration)
	deadline := time.Now().Add(*duration)
	buf := make([]byte, 2048)
	n := 0
	for time.Now().Before(deadline) {
		m, _, err := syscall.Recvfrom(in, buf, 0)
		if err != nil {
			continue
		}
		inner, ok := decapsulate(buf[:m])
		if !ok {
			continue
		}
		to := &syscall.SockaddrInet4{}
		copy(to.Addr[:], inner[16:20])
		if err := syscall.Sendto(out, inner, 0, to); err == nil {
			n++
		}
	}
	fmt.Printf("reflected %d packets\n", n)
	return nil
}

// decapsulate returns the inner IPv4 packet of a plain GRE (no optional fields) packet that
// carries IPv4, as received on a raw socket (outer IPv4 header included).
func decapsulate(p []byte) ([]byte, bool) {
	if len(p) < ipv4HeaderLen {
		return nil, false
	}
	ihl := int(p[0]&0x0f) * 4
	if len(p) < ihl+greHeaderLen+ipv4HeaderLen {
		return nil, false
	}
	gre := p[ihl:]
	if binary.BigEndian.Uint16(gre[0:]) != 0 || binary.BigEndian.Uint16(gre[2:]) != greProtoIPv4 {
		return nil, false
	}
	inner := gre[greHeaderLen:]
	if inner[0]>>4 != 4 {
		return nil, false
	}
	return inner, true
}
