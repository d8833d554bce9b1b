package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// BGP message types (RFC 4271 section 4.1).
const (
	bgpOpen         = 1
	bgpUpdate       = 2
	bgpNotification = 3
	bgpKeepalive    = 4
)

// runBGP plays one short, real BGP-4 exchange over kernel TCP: OPEN, KEEPALIVE, one UPDATE each
// way, then the connecting side closes with NOTIFICATION Cease/Administrative Shutdown. It is not
// a BGP implementation (no FSM, no timers); it exists so captures hold genuine TCP 179 sessions
// with well-formed BGP messages.
func runBGP(args []string) error {
	fs := flag.NewFlagSet("bgp", flag.ContinueOnError)
	local := fs.String("local", "", "local address")
	peer := fs.String("peer", "", "peer address")
	asn := fs.Int("as", 65001, "local AS (2-byte)")
	listen := fs.Bool("listen", false, "wait for the peer to connect instead of connecting")
	prefix := fs.String("prefix", "203.0.113.0/24", "prefix to announce, next hop = local")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l, err := parseIP(*local, "local")
	if err != nil {
		return err
	}
	_, pfx, err := net.ParseCIDR(*prefix)
	if err != nil {
		return fmt.Errorf("-prefix: %w", err)
	}
	var conn net.Conn
	if *listen {
		ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: l, Port: 179})
		if err != nil {
			return err
		}
		_ = ln.SetDeadline(time.Now().Add(10 * time.Second))
		conn, err = ln.Accept()
		ln.Close()
		if err != nil {
			return err
		}
	} else {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: l}, Timeout: 5 * time.Second}
		if conn, err = d.Dial("tcp4", net.JoinHostPort(*peer, "179")); err != nil {
			return err
		}
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	steps := []struct {
		name string
		msg  []byte
	}{
		{"OPEN", bgpMsg(bgpOpen, openBody(uint16(*asn), l))},
		{"KEEPALIVE", bgpMsg(bgpKeepalive, nil)},
		{"UPDATE", bgpMsg(bgpUpdate, updateBody(uint16(*asn), l, pfx))},
	}
	for _, s := range steps {
		if _, err := conn.Write(s.msg); err != nil {
			return fmt.Errorf("send %s: %w", s.name, err)
		}
		typ, err := readMsg(conn)
		if err != nil {
			return fmt.Errorf("after sending %s: %w", s.name, err)
		}
		fmt.Printf("sent %s, received %s\n", s.name, msgName(typ))
	}
	if *listen {
		typ, err := readMsg(conn)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		fmt.Printf("received %s, session closed by the peer\n", msgName(typ))
		return nil
	}
	// Cease (6), subcode Administrative Shutdown (2)
	if _, err := conn.Write(bgpMsg(bgpNotification, []byte{6, 2})); err != nil {
		return err
	}
	fmt.Println("sent NOTIFICATION Cease/Administrative Shutdown")
	time.Sleep(200 * time.Millisecond)
	return nil
}

func bgpMsg(typ byte, body []byte) []byte {
	m := make([]byte, 19, 19+len(body))
	for i := 0; i < 16; i++ {
		m[i] = 0xff // marker
	}
	binary.BigEndian.PutUint16(m[16:], uint16(19+len(body)))
	m[18] = typ
	return append(m, body...)
}

func openBody(asn uint16, id net.IP) []byte {
	b := []byte{4, 0, 0, 0, 30, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint16(b[1:], asn)
	copy(b[5:9], id.To4())
	return b // hold time 30 s, no optional parameters
}

func updateBody(asn uint16, nextHop net.IP, pfx *net.IPNet) []byte {
	attrs := []byte{
		0x40, 1, 1, 0, // ORIGIN IGP
		0x40, 2, 4, 2, 1, 0, 0, // AS_PATH: one AS_SEQUENCE of one 2-byte AS
		0x40, 3, 4, 0, 0, 0, 0, // NEXT_HOP
	}
	binary.BigEndian.PutUint16(attrs[9:], asn)
	copy(attrs[14:18], nextHop.To4())
	ones, _ := pfx.Mask.Size()
	nlri := append([]byte{byte(ones)}, pfx.IP.To4()[:(ones+7)/8]...)
	b := []byte{0, 0} // no withdrawn routes
	b = binary.BigEndian.AppendUint16(b, uint16(len(attrs)))
	b = append(b, attrs...)
	return append(b, nlri...)
}

func readMsg(r io.Reader) (byte, error) {
	h := make([]byte, 19)
	if _, err := io.ReadFull(r, h); err != nil {
		return 0, err
	}
	n := int(binary.BigEndian.Uint16(h[16:]))
	if n < 19 || n > 4096 {
		return 0, fmt.Errorf("bad BGP length %d", n)
	}
	if _, err := io.CopyN(io.Discard, r, int64(n-19)); err != nil {
		return 0, err
	}
	return h[18], nil
}

func msgName(t byte) string {
	names := []string{"", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE"}
	if int(t) < len(names) && t != 0 {
		return names[t]
	}
	return "type " + strconv.Itoa(int(t))
}
