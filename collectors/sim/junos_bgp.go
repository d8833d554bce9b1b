package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// junosUpDown renders a BGP up/down time as show bgp summary does: m:ss
// below an hour, h:mm:ss below a day, then "1d 2:03:04" and "2w3d 4:05:06".
func junosUpDown(d time.Duration) string {
	s := int64(d / time.Second)
	hms := fmt.Sprintf("%d:%02d:%02d", s/3600%24, s/60%60, s%60)
	switch {
	case s < 3600:
		return fmt.Sprintf("%d:%02d", s/60, s%60)
	case s < 86400:
		return hms
	case s < 7*86400:
		return fmt.Sprintf("%dd %s", s/86400, hms)
	}
	return fmt.Sprintf("%dw%dd %s", s/(7*86400), s/86400%7, hms)
}

// junosRouteAge renders a route's age as show route does: hh:mm:ss, then
// "1d 02:03:04" and "3w5d 18:30:36".
func junosRouteAge(d time.Duration) string {
	s := int64(d / time.Second)
	hms := fmt.Sprintf("%02d:%02d:%02d", s/3600%24, s/60%60, s%60)
	switch {
	case s < 86400:
		return hms
	case s < 7*86400:
		return fmt.Sprintf("%dd %s", s/86400, hms)
	}
	return fmt.Sprintf("%dw%dd %s", s/(7*86400), s/86400%7, hms)
}

// junosBGPState is a session's state as Junos names it: Established,
// Active (trying to connect), Idle (not tried: no route to the neighbor,
// or stopped after an OPEN error).
func junosBGPState(t *Tunnel) string {
	st := t.state()
	switch st.bgpState {
	case "Established":
		return "Established"
	case "Idle":
		return "Idle"
	}
	return "Active"
}

// junosBGPDown is how long a down session has been in its state: since
// the last OPEN error when the DC keeps being refused, else since the
// fault began (10 minutes before the scenario's start).
func (r *renderer) junosBGPDown(t *Tunnel) time.Duration {
	if ago, _ := r.lastReset(t); ago > 0 {
		return ago
	}
	return 10*time.Minute + r.el
}

// junosBGPSummary renders show bgp summary.
func (r *renderer) junosBGPSummary() string {
	c := r.cpe
	var b strings.Builder
	down, paths, active := 0, 0, 0
	for _, t := range c.Tunnels {
		if !t.state().bgpUp {
			down++
		}
	}
	for _, p := range r.bgpTable() {
		if !p.local() {
			paths++
			if p.best && !p.ribFail {
				active++
			}
		}
	}
	b.WriteString("Threading mode: BGP I/O\n")
	b.WriteString("Default eBGP mode: advertise - accept, receive - accept\n")
	fmt.Fprintf(&b, "Groups: %d Peers: %d Down peers: %d\n", len(c.Tunnels), len(c.Tunnels), down)
	b.WriteString("Table          Tot Paths  Act Paths Suppressed    History Damp State    Pending\n")
	b.WriteString("inet.0               \n")
	fmt.Fprintf(&b, "%24d %10d %10d %10d %10d %10d\n", paths, active, 0, 0, 0, 0)
	b.WriteString("Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...\n")
	for _, t := range r.byNeighbor() {
		rcvd, sent := r.bgpMessages(t)
		in, out := rcvd.total(), sent.total()
		st := t.state()
		if !st.bgpUp {
			fmt.Fprintf(&b, "%-20s%7d%11d%11d%8d%8d%12s %s\n", t.Config.Neighbor, t.Config.RemoteAS, in, out, 0, 0,
				junosUpDown(r.junosBGPDown(t)), junosBGPState(t))
			continue
		}
		act, got := r.junosPrefixCounts(t)
		fmt.Fprintf(&b, "%-20s%7d%11d%11d%8d%8d%12s %-20s %s\n", t.Config.Neighbor, t.Config.RemoteAS, in, out, 0, 0,
			junosUpDown(t.BGPAge+r.el), fmt.Sprintf("%d/%d/%d/0", act, got, got), "0/0/0/0")
	}
	return b.String()
}

// junosPrefixCounts are a neighbor's active and received prefixes.
func (r *renderer) junosPrefixCounts(t *Tunnel) (active, received int) {
	for _, p := range r.received(t) {
		received++
		if p.best && !p.ribFail {
			active++
		}
	}
	return active, received
}

// junosBGPNeighbors renders show bgp neighbor [X]: every configured
// neighbor, or the one asked for (nothing when it is not configured).
func (r *renderer) junosBGPNeighbors(a netip.Addr) string {
	var b strings.Builder
	for _, t := range r.byNeighbor() {
		if a.IsValid() && t.Config.Neighbor != a {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		r.junosNeighborBlock(&b, t)
	}
	return b.String()
}

func (r *renderer) junosNeighborBlock(b *strings.Builder, t *Tunnel) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	c, st := t.Config, t.state()
	local := r.cpe.ASN
	if c.LocalAS != 0 {
		local = c.LocalAS
	}
	if st.bgpUp {
		w("Peer: %s+179 AS %d Local: %s+%d AS %d", c.Neighbor, c.RemoteAS, c.TunnelIP.Addr(), 49152+hash(t.Seed, 0, 5)%16000, local)
	} else {
		w("Peer: %s AS %d      Local: %s AS %d", c.Neighbor, c.RemoteAS, c.TunnelIP.Addr(), local)
	}
	w("  Group: %-20s Routing-Instance: master", junosBGPGroup(t))
	w("  Forwarding routing-instance: master")
	flags := "<>"
	if st.bgpUp {
		flags = "<Sync>"
	}
	w("  Type: External    State: %-13s Flags: %s", junosBGPState(t), flags)
	wrongAS := st.greRoundTrip && c.RemoteAS != t.Form.DIASN && c.Neighbor == t.Form.DITunnelIP
	switch {
	case st.bgpUp:
		w("  Last State: OpenConfirm   Last Event: RecvKeepAlive")
		w("  Last Error: None")
	case wrongAS:
		w("  Last State: OpenSent      Last Event: RecvOpen")
		w("  Last Error: Open Message Error")
	default:
		w("  Last State: Idle          Last Event: Start")
		w("  Last Error: None")
	}
	w("  Export: [ VC-OUT ] Import: [ VC-IN ]")
	// Junos lists the options in a fixed order: Preference ... AuthKey
	// ... PeerAS LocalAS Refresh.
	opts := []string{"Preference"}
	if c.BGPPassword != "" {
		opts = append(opts, "AuthKey")
	}
	opts = append(opts, "PeerAS")
	if c.LocalAS != 0 {
		opts = append(opts, "LocalAS")
	}
	w("  Options: <%s Refresh>", strings.Join(opts, " "))
	if c.BGPPassword != "" {
		w("  Authentication key is configured")
	}
	w("  Holdtime: 90 Preference: 170")
	if c.LocalAS != 0 {
		w("  Local AS: %d Local System AS: %d", c.LocalAS, r.cpe.ASN)
	}
	w("  Number of flaps: 0")
	if wrongAS {
		_, sent := r.bgpMessages(t)
		w("  Error: 'Open Message Error' Sent: %d Recv: 0", sent.notifications)
	}
	if !st.bgpUp {
		return
	}
	w("  Peer ID: %-15s Local ID: %-15s Active Holdtime: 90", c.Neighbor, r.cpe.Public.Addr())
	w("  Keepalive Interval: 30         Group index: %s    Peer index: 0    SNMP index: %s", junosUnit(t), junosUnit(t))
	w("  I/O Session Thread: bgpio-0 State: Enabled")
	w("  BFD: disabled, down")
	w("  Local Interface: %s", t.Interface)
	w("  NLRI for restart configured on peer: inet-unicast")
	w("  NLRI advertised by peer: inet-unicast")
	w("  NLRI for this session: inet-unicast")
	w("  Peer supports Refresh capability (2)")
	w("  Stale routes from peer are kept for: 300")
	w("  Peer does not support Restarter functionality")
	w("  Peer does not support LLGR Restarter functionality")
	w("  Peer supports 4 byte AS extension (peer-as %d)", c.RemoteAS)
	w("  Peer does not support Addpath")
	act, got := r.junosPrefixCounts(t)
	w("  Table inet.0 Bit: 20000")
	w("    RIB State: BGP restart is complete")
	w("    Send state: in sync")
	w("    Active prefixes:              %d", act)
	w("    Received prefixes:            %d", got)
	w("    Accepted prefixes:            %d", got)
	w("    Suppressed due to damping:    0")
	w("    Advertised prefixes:          %d", len(r.advertised(t)))
	age := t.BGPAge + r.el
	w("  Last traffic (seconds): Received %-4d Sent %-4d Checked %d", int(age.Seconds())%30, (int(age.Seconds())+7)%30, int(age.Seconds())%90)
	rcvd, sent := r.bgpMessages(t)
	w("  Input messages:  Total %-6d Updates %-7d Refreshes 0     Octets %d", rcvd.total(), rcvd.updates, rcvd.total()*19+rcvd.updates*40)
	w("  Output messages: Total %-6d Updates %-7d Refreshes 0     Octets %d", sent.total(), sent.updates, sent.total()*19+sent.updates*30)
	w("  Output Queue[1]: 0            (inet.0, inet-unicast)")
}

// junosTableHead is the route table's summary line.
func (r *renderer) junosTableHead() string {
	rib := r.junosRIB()
	dest := map[netip.Prefix]bool{}
	active := 0
	for _, e := range rib {
		dest[e.prefix] = true
		if e.active {
			active++
		}
	}
	return fmt.Sprintf("\ninet.0: %d destinations, %d routes (%d active, 0 holddown, 0 hidden)\n", len(dest), len(rib), active)
}

const junosBGPRowHead = "  Prefix                  Nexthop              MED     Lclpref    AS path\n"

// junosReceived renders show route receive-protocol bgp X [hidden]: what
// the neighbor sent and import policy kept, marked * where it is the
// active route; hidden lists the rejected ones (none: VC-IN accepts the
// DI networks, the only ones DI sends).
func (r *renderer) junosReceived(a netip.Addr, hidden bool) string {
	var b strings.Builder
	b.WriteString(r.junosTableHead())
	t := r.neighborTunnel(a)
	if t == nil || hidden {
		return b.String()
	}
	paths := r.received(t)
	if len(paths) == 0 {
		return b.String()
	}
	b.WriteString(junosBGPRowHead)
	for _, p := range paths {
		mark := " "
		if p.best && !p.ribFail {
			mark = "*"
		}
		fmt.Fprintf(&b, "%s %-23s %-20s%20s%d I\n", mark, p.prefix, t.Form.DITunnelIP, "", t.Form.DIASN)
	}
	return b.String()
}

// junosAdvertised renders show route advertising-protocol bgp X.
func (r *renderer) junosAdvertised(a netip.Addr) string {
	var b strings.Builder
	b.WriteString(r.junosTableHead())
	t := r.neighborTunnel(a)
	if t == nil {
		return b.String()
	}
	paths := r.advertised(t)
	if len(paths) == 0 {
		return b.String()
	}
	b.WriteString(junosBGPRowHead)
	for _, p := range paths {
		fmt.Fprintf(&b, "* %-23s %-20s%20sI\n", p.prefix, "Self", "")
	}
	return b.String()
}
