//go:build linux

package capture

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/vcdiag/vcdiag/parsers/ike"
)

// inNetns runs fn on an OS thread switched into the named network
// namespace; sockets fn opens belong to that namespace.
func inNetns(name string, fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		fd, err := unix.Open("/var/run/netns/"+name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- err
			return
		}
		defer unix.Close(fd)
		if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		errc <- fn()
	}()
	return <-errc
}

func run(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

// TestLiveVeth captures on one end of a veth pair between two namespaces
// made by the test while the other end sends IKE on UDP 500, GRE and DNS;
// the kernel filter must pass the first two and drop DNS.
func TestLiveVeth(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (network namespaces, AF_PACKET)")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs the ip command")
	}
	a, b := fmt.Sprintf("vccap-a-%d", os.Getpid()), fmt.Sprintf("vccap-b-%d", os.Getpid())
	run(t, "ip", "netns", "add", a)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", a).Run() })
	run(t, "ip", "netns", "add", b)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", b).Run() })
	run(t, "ip", "-n", a, "link", "add", "vca", "type", "veth", "peer", "name", "vcb", "netns", b)
	run(t, "ip", "-n", a, "addr", "add", "10.99.0.1/24", "dev", "vca")
	run(t, "ip", "-n", b, "addr", "add", "10.99.0.2/24", "dev", "vcb")
	run(t, "ip", "-n", a, "link", "set", "vca", "up")
	run(t, "ip", "-n", b, "link", "set", "vcb", "up")

	ikeMsg := saInit(false, offer()...)
	var pcap bytes.Buffer
	done := make(chan error, 1)
	var got *captureResult
	go func() {
		done <- inNetns(a, func() error {
			p, err := Live(context.Background(), "vca", 3*time.Second, &pcap)
			got = &captureResult{p.Categories.IKE500, p.Categories.GRE + p.Categories.GREKeep, p.Categories.Other + p.ErrorTotal(), len(p.IKE)}
			return err
		})
	}()
	time.Sleep(700 * time.Millisecond) // the socket and filter are in place
	err := inNetns(b, func() error {
		buf := serializeIKE(t, ikeMsg)
		// Unconnected: the ICMP port unreachable that comes back must
		// not fail the next write.
		u, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(10, 99, 0, 2), Port: 500})
		if err != nil {
			return err
		}
		defer u.Close()
		for i := 0; i < 3; i++ {
			if _, err := u.WriteTo(buf, &net.UDPAddr{IP: net.IPv4(10, 99, 0, 1), Port: 500}); err != nil {
				return err
			}
		}
		dns, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(10, 99, 0, 2), Port: 5353})
		if err != nil {
			return err
		}
		defer dns.Close()
		for i := 0; i < 5; i++ {
			_, _ = dns.WriteTo([]byte("dns?"), &net.UDPAddr{IP: net.IPv4(10, 99, 0, 1), Port: 53})
		}
		return sendGRE(net.IPv4(10, 99, 0, 1))
	})
	if err != nil {
		t.Fatalf("sending from %s: %v", b, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Live: %v", err)
	}
	if got.ike != 3 || got.gre != 2 || got.other != 0 || got.convs != 1 {
		t.Errorf("Live captured IKE %d, GRE %d, other %d, conversations %d; want 3, 2, 0 (UDP 53 filtered), 1", got.ike, got.gre, got.other, got.convs)
	}
	if pcap.Len() < 24 {
		t.Errorf("--write-pcap wrote %d bytes", pcap.Len())
	}
}

type captureResult struct {
	ike, gre, other uint64
	convs           int
}

func serializeIKE(t *testing.T, m *ike.IKE) []byte {
	c := &capBuilder{t: t}
	c.ikeUDP(cpe, dc, 500, m)
	return c.frames[0][14+20+8:]
}

// sendGRE sends two GRE packets (a Cisco keepalive as sent) through a raw
// socket.
func sendGRE(dst net.IP) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_RAW, unix.IPPROTO_GRE)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	// GRE(IPv4) + inner IPv4 10.99.0.1 -> 10.99.0.2 proto 47 + GRE(proto 0).
	inner := []byte{0x45, 0, 0, 24, 0, 0, 0, 0, 255, 47, 0, 0, 10, 99, 0, 1, 10, 99, 0, 2, 0, 0, 0, 0}
	pkt := append([]byte{0, 0, 0x08, 0x00}, inner...)
	sa := &unix.SockaddrInet4{}
	copy(sa.Addr[:], dst.To4())
	for i := 0; i < 2; i++ {
		if err := unix.Sendto(fd, pkt, 0, sa); err != nil {
			return err
		}
	}
	return nil
}
