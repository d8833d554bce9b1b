package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"
	"unsafe"
)

const (
	tunSetIff = 0x400454ca // TUNSETIFF
	iffTun    = 0x0001
	iffNoPI   = 0x1000
)

// openTUN attaches to an existing TUN device (made by "ip tuntap add dev NAME mode tun"), so the
// script owns the interface and its addresses and this process only moves packets.
func openTUN(name string) (*os.File, error) {
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open /dev/net/tun: %w", err)
	}
	var ifr [40]byte
	copy(ifr[:16], name)
	binary.LittleEndian.PutUint16(ifr[16:], iffTun|iffNoPI)
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), tunSetIff, uintptr(unsafe.Pointer(&ifr[0]))); errno != 0 {
		syscall.Close(fd)
		return nil, fmt.Errorf("TUNSETIFF %s: %w", name, errno)
	}
	return os.NewFile(uintptr(fd), name), nil
}

// runTunnel is a GRE tunnel endpoint in userspace: IPv4 packets routed into the TUN device leave
// as GRE (protocol 0x0800) from local to remote, and GRE from remote is decapsulated into it.
func runTunnel(args []string) error {
	fs := flag.NewFlagSet("tunnel", flag.ContinueOnError)
	local := fs.String("local", "", "tunnel source")
	remote := fs.String("remote", "", "tunnel destination")
	dev := fs.String("dev", "gre0", "existing TUN device")
	duration := fs.Duration("duration", 10*time.Second, "how long to run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := parseIP(*local, "local")
	if err != nil {
		return err
	}
	b, err := parseIP(*remote, "remote")
	if err != nil {
		return err
	}
	tun, err := openTUN(*dev)
	if err != nil {
		return err
	}
	defer tun.Close()
	raw, err := rawGRE(a)
	if err != nil {
		return err
	}
	defer syscall.Close(raw)
	go encapsulate(tun, raw, b)
	go decapsulateInto(tun, raw, b)
	time.Sleep(*duration)
	return nil
}

func encapsulate(tun *os.File, raw int, b net.IP) {
	to := &syscall.SockaddrInet4{}
	copy(to.Addr[:], b)
	buf := make([]byte, 2048)
	for {
		n, err := tun.Read(buf[greHeaderLen:])
		if err != nil {
			return
		}
		if n < ipv4HeaderLen || buf[greHeaderLen]>>4 != 4 {
			continue // IPv6 or junk: this tunnel carries IPv4 only
		}
		binary.BigEndian.PutUint16(buf[0:], 0)
		binary.BigEndian.PutUint16(buf[2:], greProtoIPv4)
		_ = syscall.Sendto(raw, buf[:greHeaderLen+n], 0, to)
	}
}

func decapsulateInto(tun *os.File, raw int, b net.IP) {
	buf := make([]byte, 2048)
	for {
		n, _, err := syscall.Recvfrom(raw, buf, 0)
		if err != nil {
			if err == syscall.EINTR || err == syscall.EAGAIN {
				continue
			}
			return
		}
		if n < ipv4HeaderLen || !net.IP(buf[12:16]).Equal(b) {
			continue
		}
		if inner, ok := decapsulate(buf[:n]); ok {
			_, _ = tun.Write(inner)
		}
	}
}
