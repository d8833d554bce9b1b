//go:build linux

package probe

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"time"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/sys/unix"
)

// openDF opens an ICMP socket that sets DF on every packet while ignoring
// the kernel's cached path MTU (IP_PMTUDISC_PROBE; IP_PMTUDISC_DO, which
// pro-bing uses, would refuse sizes above the cache with EMSGSIZE), and
// returns the function that tries one size through it.
func openDF(target netip.Addr, mode Mode, timeout time.Duration) (tryFunc, func(), error) {
	typ := unix.SOCK_DGRAM
	if mode == Raw {
		typ = unix.SOCK_RAW
	}
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, unix.IPPROTO_ICMP)
	if err != nil {
		return nil, nil, fmt.Errorf("DF sweep: open %s: %w", mode, err)
	}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_MTU_DISCOVER, unix.IP_PMTUDISC_PROBE); err != nil {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("DF sweep: set IP_PMTUDISC_PROBE: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{}); err != nil {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("DF sweep: bind: %w", err)
	}
	f := os.NewFile(uintptr(fd), "icmp-df")
	pc, err := net.FilePacketConn(f)
	f.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("DF sweep: %w", err)
	}
	var dst net.Addr = &net.IPAddr{IP: target.AsSlice()}
	if mode != Raw {
		dst = &net.UDPAddr{IP: target.AsSlice()}
	}
	s := &dfSocket{pc: pc, dst: dst, target: target, timeout: timeout, id: os.Getpid() & 0xffff}
	if _, err := rand.Read(s.token[:]); err != nil {
		pc.Close()
		return nil, nil, err
	}
	return s.try, func() { pc.Close() }, nil
}

type dfSocket struct {
	pc      net.PacketConn
	dst     net.Addr
	target  netip.Addr
	timeout time.Duration
	id, seq int
	token   [8]byte
}

// try sends one echo of size bytes (IP packet) and waits for its reply or
// a "fragmentation needed" about it (raw sockets receive those; ping
// sockets do not, which is why silence must be read as a probable limit).
func (s *dfSocket) try(ctx context.Context, size int) (string, int, error) {
	s.seq = (s.seq + 1) & 0xffff
	data := bytes.Repeat([]byte{0xa5}, max(size-28, len(s.token)))
	copy(data, s.token[:])
	msg := icmp.Message{Type: ipv4.ICMPTypeEcho, Body: &icmp.Echo{ID: s.id, Seq: s.seq, Data: data}}
	b, err := msg.Marshal(nil)
	if err != nil {
		return "", 0, err
	}
	if _, err := s.pc.WriteTo(b, s.dst); err != nil {
		if errors.Is(err, unix.EMSGSIZE) {
			return outTooBig, 0, nil
		}
		return "", 0, fmt.Errorf("DF sweep: send %d bytes to %s: %w", size, s.target, err)
	}
	deadline := time.Now().Add(s.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := s.pc.SetReadDeadline(deadline); err != nil {
		return "", 0, err
	}
	buf := make([]byte, 2048)
	for {
		n, _, err := s.pc.ReadFrom(buf)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return outSilent, 0, nil
			}
			return "", 0, fmt.Errorf("DF sweep: read: %w", err)
		}
		if out, mtu, ok := s.match(buf[:n]); ok {
			return out, mtu, nil
		}
	}
}

// match recognises the reply to the current request, or a "fragmentation
// needed" (type 3 code 4) quoting it, among whatever ICMP the socket reads.
func (s *dfSocket) match(b []byte) (string, int, bool) {
	if len(b) < 8 {
		return "", 0, false
	}
	switch {
	case b[0] == 0 && b[1] == 0 && len(b) >= 16:
		if int(binary.BigEndian.Uint16(b[6:8])) == s.seq && bytes.Equal(b[8:16], s.token[:]) {
			return outReply, 0, true
		}
	case b[0] == 3 && b[1] == 4 && len(b) >= 8+20+8:
		inner := b[8:]
		ihl := int(inner[0]&0x0f) * 4
		if ihl < 20 || len(inner) < ihl+8 || netip.AddrFrom4([4]byte(inner[16:20])) != s.target {
			return "", 0, false
		}
		echo := inner[ihl:]
		if echo[0] != 8 || int(binary.BigEndian.Uint16(echo[6:8])) != s.seq {
			return "", 0, false
		}
		mtu := int(binary.BigEndian.Uint16(b[6:8]))
		return fmt.Sprintf("frag needed MTU %d", mtu), mtu, true
	}
	return "", 0, false
}
