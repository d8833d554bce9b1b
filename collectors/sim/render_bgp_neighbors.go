package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// bgpNeighbors renders "show ip bgp neighbors [X]" (IOS-XE 17).
func (r *renderer) bgpNeighbors(a netip.Addr) string {
	var b strings.Builder
	found := false
	for i, t := range r.byNeighbor() {
		if a.IsValid() && t.Config.Neighbor != a {
			continue
		}
		found = true
		r.neighborBlock(&b, i, t)
	}
	if !found && a.IsValid() {
		return "% No such neighbor or address family\n"
	}
	return b.String()
}

func (r *renderer) neighborBlock(b *strings.Builder, idx int, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	tc := &t.Config
	n := tc.Neighbor
	local := ""
	if tc.LocalAS != 0 {
		local = fmt.Sprintf(" local AS %d no-prepend,", tc.LocalAS)
	}
	w("BGP neighbor is %s,  remote AS %d,%s external link", n, tc.RemoteAS, local)
	w(" Description: Webex DI DC-%s", t.DC)
	rid := "0.0.0.0"
	if st.bgpUp {
		rid = t.Form.GREDestination.String()
	}
	w("  BGP version 4, remote router ID %s", rid)
	up := t.BGPAge + r.el
	rcvd, sent := r.bgpMessages(t)
	if st.bgpUp {
		w("  BGP state = Established, up for %s", age(up))
		w("  Last read %s, last write %s, hold time is 180, keepalive interval is 60 seconds",
			age(up%time.Minute), age((up+19*time.Second)%time.Minute))
		w("  Neighbor sessions:")
		w("    1 active, is not multisession capable (disabled)")
		w("  Neighbor capabilities:")
		w("    Route refresh: advertised and received(new)")
		w("    Four-octets ASN Capability: advertised and received")
		w("    Address family IPv4 Unicast: advertised and received")
		w("    Enhanced Refresh Capability: advertised and received")
		w("    Multisession Capability: ")
		w("    Stateful switchover support enabled: NO for session 1")
	} else {
		w("  BGP state = %s", st.bgpState)
		w("  Neighbor sessions:")
		w("    0 active, is not multisession capable (disabled)")
		w("    Stateful switchover support enabled: NO")
	}
	w("  Message statistics:")
	w("    InQ depth is 0")
	w("    OutQ depth is 0")
	w("    ")
	w("                         Sent       Rcvd")
	w("    %-15s%10d %10d", "Opens:", sent.opens, rcvd.opens)
	w("    %-15s%10d %10d", "Notifications:", sent.notifications, rcvd.notifications)
	w("    %-15s%10d %10d", "Updates:", sent.updates, rcvd.updates)
	w("    %-15s%10d %10d", "Keepalives:", sent.keepalives, rcvd.keepalives)
	w("    %-15s%10d %10d", "Route Refresh:", 0, 0)
	w("    %-15s%10d %10d", "Total:", sent.total(), rcvd.total())
	w("  Do log neighbor state changes (via global configuration)")
	w("  Default minimum time between advertisement runs is 0 seconds")
	w("")
	r.neighborAF(b, idx, t)
	r.neighborTail(b, t)
}

func (r *renderer) neighborAF(b *strings.Builder, idx int, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	adv, rcv := len(r.advertised(t)), len(r.received(t))
	best := 0
	for _, p := range r.received(t) {
		if p.best && !p.ribFail {
			best++
		}
	}
	w(" For address family: IPv4 Unicast")
	if st.bgpUp {
		ver := 1 + len(r.bgpTable())
		w("  Session: %s", t.Config.Neighbor)
		w("  BGP table version %d, neighbor version %d/0", ver, ver)
		w("  Output queue size : 0")
		w("  Index %d, Advertise bit %d", idx+1, idx)
		w("  %d update-group member", 1)
	} else {
		w("  BGP table version 1, neighbor version 0/0")
		w("  Output queue size : 0")
		w("  Index 0, Advertise bit 0")
	}
	w("  Inbound soft reconfiguration allowed")
	w("  Outbound path policy configured")
	w("  Outgoing update prefix filter list is VC-OUT")
	w("  Slow-peer detection is disabled")
	w("  Slow-peer split-update-group dynamic is disabled")
	w("                                 Sent       Rcvd")
	w("  Prefix activity:               ----       ----")
	consumes := ""
	if rcv > 0 {
		consumes = fmt.Sprintf(" (Consumes %d bytes)", rcv*136)
	}
	w("    %-23s%10d %10d%s", "Prefixes Current:", adv, rcv, consumes)
	w("    %-23s%10d %10d", "Prefixes Total:", adv, rcv)
	w("    %-23s%10d %10d", "Implicit Withdraw:", 0, 0)
	w("    %-23s%10d %10d", "Explicit Withdraw:", 0, 0)
	w("    %-23s%10s %10d", "Used as bestpath:", "n/a", best)
	w("    %-23s%10s %10d", "Used as multipath:", "n/a", 0)
	w("    %-23s%10s %10d", "Used as secondary:", "n/a", 0)
	w("")
	w("                                   Outbound    Inbound")
	w("  Local Policy Denied Prefixes:    --------    -------")
	w("    Total:                                0          0")
	w("  Number of NLRIs in the update sent: max %d, min 0", adv)
	w("  Last detected as dynamic slow peer: never")
	w("  Dynamic slow peer recovered: never")
	w("  Refresh Epoch: 1")
	w("  Last Sent Refresh Start-of-rib: never")
	w("  Last Sent Refresh End-of-rib: never")
	w("  Last Received Refresh Start-of-rib: never")
	w("  Last Received Refresh End-of-rib: never")
	w("                                       Sent       Rcvd")
	w("        Refresh activity:              ----       ----")
	w("          Refresh Start-of-RIB          0          0")
	w("          Refresh End-of-RIB            0          0")
	w("")
}

func (r *renderer) neighborTail(b *strings.Builder, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	tc := &t.Config
	n := tc.Neighbor
	connected := st.lineUp && tc.TunnelIP.Contains(n)
	w("  Address tracking is enabled, the RIB does have a route to %s", n)
	w("  Route to peer address reachability Up: 1; Down: 0")
	w("    Last notification %s", age(t.BGPAge+r.el+2*time.Second))
	est := 0
	if st.bgpUp {
		est = 1
	}
	w("  Connections established %d; dropped 0", est)
	if ago, why := r.lastReset(t); ago > 0 {
		w("  Last reset %s, due to %s", age(ago), why)
	} else {
		w("  Last reset never")
	}
	if connected {
		w("  External BGP neighbor configured for connected checks (single-hop no-disable-connected-check)")
		w("  Interface associated: %s (peering address in same link)", t.Interface)
	} else {
		w("  External BGP neighbor not directly connected.")
		w("  Interface associated: (none) (peering address NOT in same link)")
	}
	w("  Transport(tcp) path-mtu-discovery is enabled")
	w("  Graceful-Restart is disabled")
	w("  SSO is disabled")
	if !st.bgpUp {
		w("  No active TCP connection")
		w("")
		return
	}
	r.tcpBlock(b, t)
}

// tcpBlock writes the TCP control block of an established session.
func (r *renderer) tcpBlock(b *strings.Builder, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	up := t.BGPAge + r.el
	rcvd, sent := r.bgpMessages(t)
	fport := 30000 + hash(t.Seed, 0, 6)%30000
	iss, irs := hash(t.Seed, 0, 7), hash(t.Seed, 0, 8)
	sb, rb := sent.total()*19+60*len(r.advertised(t)), rcvd.total()*19+40*len(t.DIRoutes)
	w("Connection state is ESTAB, I/O status: 1, unread input bytes: 0            ")
	w("Connection is ECN Disabled, Mininum incoming TTL 0, Outgoing TTL 1")
	w("Local host: %s, Local port: 179", t.Config.TunnelIP.Addr())
	w("Foreign host: %s, Foreign port: %d", t.Config.Neighbor, fport)
	w("Connection tableid (VRF): 0")
	w("Maximum output segment queue size: 50")
	w("")
	w("Enqueued packets for retransmit: 0, input: 0  mis-ordered: 0 (0 bytes)")
	w("")
	w("Event Timers (current time is 0x%X):", 0x10000000+int64((r.cpe.Uptime+r.el)/time.Millisecond))
	w("Timer          Starts    Wakeups            Next")
	w("Retrans        %6d          0             0x0", sent.total())
	w("TimeWait            0          0             0x0")
	w("AckHold        %6d %10d             0x0", rcvd.total(), rcvd.total()-2)
	for _, name := range []string{"SendWnd", "KeepAlive", "GiveUp", "PmtuAger", "DeadWait", "Linger", "ProcessQ"} {
		w("%-14s      0          0             0x0", name)
	}
	w("")
	w("iss: %10d  snduna: %10d  sndnxt: %10d", iss, iss+sb, iss+sb)
	w("irs: %10d  rcvnxt: %10d", irs, irs+rb)
	w("")
	w("sndwnd:  16384  scale:      0  maxrcvwnd:  16384")
	w("rcvwnd:  16365  scale:      0  delrcvwnd:     19")
	w("")
	w("SRTT: 1000 ms, RTTO: 1003 ms, RTV: 3 ms, KRTT: 0 ms")
	w("minRTT: 17 ms, maxRTT: 1000 ms, ACK hold: 200 ms")
	w("uptime: %d ms, Sent idletime: %d ms, Receive idletime: %d ms ", up.Milliseconds(),
		((up + 19*time.Second) % time.Minute).Milliseconds(), (up % time.Minute).Milliseconds())
	w("Status Flags: passive open, gen tcbs")
	w("Option Flags: nagle, path mtu capable, md5")
	w("IP Precedence value : 6")
	w("")
	w("Datagrams (max data segment is 1340 bytes):")
	w("Rcvd: %d (out of order: 0), with data: %d, total data bytes: %d", 2*rcvd.total(), rcvd.total(), rb)
	w("Sent: %d (retransmit: 0, fastretransmit: 0, partialack: 0, Second Congestion: 0), with data: %d, total data bytes: %d",
		2*sent.total(), sent.total(), sb)
	w("")
	w(" Packets received in fast path: 0, fast processed: 0, slow path: 0")
	w(" fast lock acquisition failures: 0, slow path: 0")
	w("TCP Semaphore      0x7F5A1C2B%04X  FREE ", 0x3D40+int(t.Seed)*16)
	w("")
}
