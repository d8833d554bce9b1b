package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// frrNeighbor renders FRR 8.4's "show ip bgp neighbors N".
func (r *renderer) frrNeighbor(n netip.Addr) string {
	t := r.neighborTunnel(n)
	if t == nil {
		return "% No such neighbor in this view/vrf\n"
	}
	c, st, p := r.cpe, t.state(), r.frrPeer(t)
	up := p.state == "Established"
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("BGP neighbor is %s, remote AS %d, local AS %d, external link", n, t.Config.RemoteAS, localAS(c, t))
	w("  Local Role: undefined\n  Remote Role: undefined\n Description: VC-DC-%s", t.DC)
	w("Hostname: dc-%s", strings.ToLower(t.DC))
	rid := "0.0.0.0"
	if up {
		rid = t.Form.GREDestination.String()
	}
	w("  BGP version 4, remote router ID %s, local router ID %s", rid, r.routerID())
	if up {
		w("  BGP state = Established, up for %s", frrAge(p.up))
		w("  Last read 00:00:%02d, Last write 00:00:%02d", int(r.el/time.Second)%10, (int(r.el/time.Second)+3)%10)
	} else {
		w("  BGP state = %s", p.state)
		w("  Last read %s, Last write %s", frrAge(p.up), frrAge(p.up))
	}
	w("  Hold time is 180 seconds, keepalive interval is 60 seconds")
	w("  Configured hold time is 180 seconds, keepalive interval is 60 seconds")
	w("  Configured conditional advertisements interval is 60 seconds")
	if up {
		w("  Neighbor capabilities:\n    4 Byte AS: advertised and received\n    Extended Message: advertised and received")
		w("    AddPath:\n      IPv4 Unicast: RX advertised and received\n    Long-lived Graceful Restart: advertised and received\n      Address families by peer:")
		w("    Route refresh: advertised and received(old & new)\n    Enhanced Route Refresh: advertised and received\n    Address Family IPv4 Unicast: advertised and received")
		w("    Hostname Capability: advertised (name: %s,domain name: n/a) received (name: dc-%s,domain name: n/a)", c.Hostname, strings.ToLower(t.DC))
		w("    Graceful Restart Capability: advertised and received\n      Remote Restart timer is 120 seconds\n      Address families by peer:\n        none")
	}
	w("  Graceful restart information:")
	if up {
		w("    End-of-RIB send: IPv4 Unicast\n    End-of-RIB received: IPv4 Unicast")
	}
	rbit := map[bool]string{true: "True", false: "False"}[up]
	remoteGR := map[bool]string{true: "Helper", false: "NotApplicable"}[up]
	w("    Local GR Mode: Helper*\n    Remote GR Mode: %s\n    R bit: %s\n    N bit: %s", remoteGR, rbit, rbit)
	w("    Timers:\n      Configured Restart Time(sec): 120\n      Received Restart Time(sec): 120")
	if up {
		w("    IPv4 Unicast:\n      F bit: False\n      End-of-RIB sent: Yes\n      End-of-RIB sent after update: No\n      End-of-RIB received: Yes\n      Timers:\n        Configured Stale Path Time(sec): 360")
	}
	rc, sn := r.bgpMessages(t)
	if !up {
		rc.opens, sn.opens = rc.opens+1, sn.opens+1
	}
	w("  Message statistics:\n    Inq depth is 0\n    Outq depth is 0\n                         Sent       Rcvd")
	w("    Opens:         %10d %10d\n    Notifications: %10d %10d\n    Updates:       %10d %10d", sn.opens, rc.opens, sn.notifications, rc.notifications, sn.updates, rc.updates)
	w("    Keepalives:    %10d %10d\n    Route Refresh: %10d %10d\n    Capability:    %10d %10d", sn.keepalives, rc.keepalives, 1, 1, 0, 0)
	w("    Total:         %10d %10d", p.sent, p.rcvd)
	w("  Minimum time between advertisement runs is 0 seconds\n\n For address family: IPv4 Unicast")
	if up {
		w("  Update group %d, subgroup %d\n  Packet Queue length 0", 1+int(t.Seed%2), 1+int(t.Seed%2))
	} else {
		w("  Not part of any update group")
	}
	w("  Inbound soft reconfiguration allowed\n  Community attribute sent to this neighbor(all)")
	w("  Inbound path policy configured\n  Outbound path policy configured")
	w("  Route map for incoming advertisements is *%s\n  Route map for outgoing advertisements is *VC-OUT", inName(t))
	w("  %d accepted prefixes\n", p.pfxRcd)
	w("  Connections established %d; dropped %d", p.established, p.dropped)
	switch {
	case up:
		w("  Last reset %s,  Waiting for peer OPEN", frrAge(p.up+time.Second))
	case st.greRoundTrip && t.Config.RemoteAS != t.Form.DIASN && t.Config.Neighbor == t.Form.DITunnelIP:
		w("  Last reset %s,  Notification sent (OPEN Message Error/Bad Peer AS)", frrAge(p.up))
		w("  Message received that caused BGP to send a NOTIFICATION:")
		writeHexDump(&b, openMessage(t))
	case t.Faults.DIPasswordDiffers:
		w("  Last reset %s,  Password change", frrAge(p.up))
	default:
		w("  Last reset %s,  Notification sent (Hold Timer Expired)", frrAge(p.up))
	}
	w("  External BGP neighbor may be up to 1 hops away.")
	if up {
		w("Local host: %s, Local port: %d", t.Config.TunnelIP.Addr(), 32768+hash(t.Seed, 0, 5)%28000)
		w("Foreign host: %s, Foreign port: 179\nNexthop: %s\nNexthop global: ::\nNexthop local: ::\nBGP connection: shared network", n, t.Config.TunnelIP.Addr())
	}
	w("BGP Connect Retry Timer in Seconds: 120")
	if up {
		w("Estimated round trip time: %d ms", 17+int(t.Seed%5))
	} else {
		w("Next connect timer due in %d seconds", 120-int(r.el/time.Second)%120)
	}
	if t.Config.BGPPassword != "" {
		w("Peer Authentication Enabled")
	}
	if up {
		w("Read thread: on  Write thread: on  FD used: %d\n\n", 20+int(t.Seed%7))
	} else {
		w("Read thread: off  Write thread: off  FD used: -1\n\n")
	}
	return b.String()
}

// openMessage is the DC's OPEN as FRR dumps it after a Bad Peer AS: the
// marker, length, type, version, the DC's AS, hold time, router ID and
// the usual capabilities.
func openMessage(t *Tunnel) []byte {
	as := t.Form.DIASN
	id := t.Form.GREDestination.As4()
	body := []byte{1, 4, byte(as >> 8), byte(as), 0, 180, id[0], id[1], id[2], id[3]}
	opt := []byte{2, 6, 1, 4, 0, 1, 0, 1, 2, 2, 0x80, 0, 2, 2, 2, 0, 2, 6, 0x41, 4, 0, 0, byte(as >> 8), byte(as), 2, 2, 0x46, 0}
	body = append(body, byte(len(opt)))
	body = append(body, opt...)
	msg := make([]byte, 0, 19+len(body))
	for range 16 {
		msg = append(msg, 0xff)
	}
	l := 18 + len(body)
	msg = append(msg, byte(l>>8), byte(l))
	return append(msg, body...)
}

// writeHexDump prints bytes as FRR does: 4-byte groups, 4 groups a line.
func writeHexDump(b *strings.Builder, msg []byte) {
	for i := 0; i < len(msg); i += 16 {
		b.WriteString("   ")
		for j := i; j < min(i+16, len(msg)); j += 4 {
			fmt.Fprintf(b, " %X", msg[j:min(j+4, len(msg))])
		}
		b.WriteString("\n")
	}
}
