package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// fortiosUptime is FortiOS's BGP up/down column: "05:48:47" under a day,
// "1d02h03m" under a week, "09w3d01h" beyond.
func fortiosUptime(d time.Duration) string {
	s := int(d.Seconds())
	days, h, m := s/86400, s/3600%24, s/60%60
	switch {
	case days == 0:
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s%60)
	case days < 7:
		return fmt.Sprintf("%dd%02dh%02dm", days, h, m)
	}
	return fmt.Sprintf("%02dw%dd%02dh", days/7, days%7, h)
}

// fortiosLocalAS is the AS a tunnel's session speaks from: the neighbor's
// local-as, else router bgp's.
func fortiosLocalAS(c *CPE, t *Tunnel) uint32 {
	if t.Config.LocalAS != 0 {
		return t.Config.LocalAS
	}
	return c.ASN
}

// fortiosMessages are a session's message counts: keepalives every 60 s
// while up, a few updates.
func (r *renderer) fortiosMessages(t *Tunnel) (rcvd, sent int) {
	if !t.state().bgpUp {
		return 0, int(r.el/(120*time.Second)) + 3
	}
	n := int((t.BGPAge + r.el) / time.Minute)
	return n + 4 + len(t.DIRoutes), n + 3
}

// fortiosBGPSummary renders get router info bgp summary.
func (r *renderer) fortiosBGPSummary() string {
	c := r.cpe
	var b strings.Builder
	table := r.bgpTable()
	fmt.Fprintf(&b, "BGP router identifier %s, local AS number %d\n", c.Public.Addr(), c.ASN)
	fmt.Fprintf(&b, "BGP table version is %d\n", len(table)+1)
	fmt.Fprintf(&b, "%d BGP AS-PATH entries\n", len(c.Tunnels))
	b.WriteString("0 BGP community entries\n\n")
	b.WriteString("Neighbor        V         AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n")
	for _, t := range c.Tunnels {
		st := t.state()
		rcvd, sent := r.fortiosMessages(t)
		// Established: the prefix count, right-aligned; else the state.
		up, state, ver := "never", fmt.Sprintf("%-11s", st.bgpState), 0
		if st.bgpUp {
			up, ver = fortiosUptime(t.BGPAge+r.el), len(table)+1
			state = fmt.Sprintf("%8d", len(r.received(t))-len(t.Config.InboundDeny))
		}
		fmt.Fprintf(&b, "%-15s %d %10d %7d %7d %8d %4d %4d %8s %s\n",
			t.Config.Neighbor, 4, t.Config.RemoteAS, rcvd, sent, ver, 0, 0, up, state)
	}
	fmt.Fprintf(&b, "\nTotal number of neighbors %d\n", len(c.Tunnels))
	return b.String()
}

// fortiosBGPNeighbors renders get router info bgp neighbors [X]: every
// neighbor, or the one asked for ("% No such neighbor or address family"
// when none is configured with that address).
func (r *renderer) fortiosBGPNeighbors(a netip.Addr) string {
	var b strings.Builder
	if a.IsValid() && r.fortiosTunnelByNeighbor(a) == nil {
		return "% No such neighbor or address family\n"
	}
	b.WriteString("VRF 0 neighbor table:\n")
	for _, t := range r.cpe.Tunnels {
		if a.IsValid() && t.Config.Neighbor != a {
			continue
		}
		r.fortiosNeighbor(&b, t)
	}
	return b.String()
}

func (r *renderer) fortiosNeighbor(b *strings.Builder, t *Tunnel) {
	c := t.Config
	st := t.state()
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	p("BGP neighbor is %s, remote AS %d, local AS %d, external link", c.Neighbor, c.RemoteAS, fortiosLocalAS(r.cpe, t))
	rid := "0.0.0.0"
	if st.bgpUp {
		rid = t.Form.GREDestination.String()
	}
	p("  BGP version 4, remote router ID %s", rid)
	if st.bgpUp {
		p("  BGP state = Established, up for %s", fortiosUptime(t.BGPAge+r.el))
	} else {
		p("  BGP state = %s", st.bgpState)
	}
	p("  Last read %s, hold time is 180, keepalive interval is 60 seconds", fortiosUptime((r.el+time.Duration(t.Seed)*time.Second)%time.Minute))
	p("  Configured hold time is 180, keepalive interval is 60 seconds")
	if st.bgpUp {
		p("  Neighbor capabilities:")
		p("    Route refresh: advertised and received (old and new)")
		p("    Address family IPv4 Unicast: advertised and received")
	}
	rcvd, sent := r.fortiosMessages(t)
	notifSent := 0
	badAS := !st.bgpUp && st.greRoundTrip && c.RemoteAS != t.Form.DIASN && c.Neighbor == t.Form.DITunnelIP
	if badAS {
		notifSent = 1 + int(r.el/(2*time.Minute))
	}
	p("  Received %d messages, 0 notifications, 0 in queue", rcvd)
	p("  Sent %d messages, %d notifications, 0 in queue", sent, notifSent)
	p("  Route refresh request: received 0, sent 0")
	p("  NLRI treated as withdraw: 0")
	p("  Minimum time between advertisement runs is 30 seconds")
	p(" For address family: IPv4 Unicast")
	p("  BGP table version %d, neighbor version %d", len(r.bgpTable())+1, len(r.bgpTable())+1)
	p("  Index %d, Offset 0, Mask 0x%x", t.Seed%7+1, 2<<(t.Seed%4))
	p("  Inbound soft reconfiguration allowed")
	p("  Community attribute sent to this neighbor (both)")
	p("  Outbound path policy configured")
	p("  Route map for outgoing advertisements is *VC-OUT")
	acc := 0
	if st.bgpUp {
		acc = len(r.received(t)) - len(c.InboundDeny)
	}
	p("  %d accepted prefixes, %d prefixes in rib", acc, acc)
	p("  %d announced prefixes", len(r.advertised(t)))
	est, dropped := 0, 0
	if st.bgpUp {
		est = 1
	}
	if badAS {
		dropped = notifSent
	}
	p(" Connections established %d; dropped %d", est, dropped)
	if st.bgpUp {
		p("Local host: %s, Local port: %d", c.TunnelIP.Addr(), 20000+hash(t.Seed, 0, 11)%40000)
		p("Foreign host: %s, Foreign port: 179", c.Neighbor)
		p("Nexthop: %s", c.TunnelIP.Addr())
		p("Nexthop interface: %s", t.Interface)
		p("Nexthop global: ::")
		p("Nexthop local: ::")
		p("BGP connection: shared network")
	}
	if badAS {
		p("Last Reset: %s, due to BGP Notification sent", fortiosUptime(r.el%(2*time.Minute)+17*time.Second))
		p("Notification Error Message: (OPEN Message Error/Bad Peer AS)")
	}
	b.WriteString("\n")
}

// fortiosRoutesHeader is the head of a neighbor's route listing (FortiOS
// 7.x, with the RouteTag column).
func fortiosRoutesHeader(b *strings.Builder, version int, rid netip.Addr) {
	fmt.Fprintf(b, "VRF 0 BGP table version is %d, local router ID is %s\n", version, rid)
	b.WriteString("Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n")
	b.WriteString("              S Stale\n")
	b.WriteString("Origin codes: i - IGP, e - EGP, ? - incomplete\n\n")
	b.WriteString("   Network          Next Hop            Metric     LocPrf Weight RouteTag Path\n")
}

// fortiosBGPRoutes renders a neighbor's received-routes (kept by "set
// soft-reconfiguration enable"), routes (those its inbound policy
// accepted) or advertised-routes.
func (r *renderer) fortiosBGPRoutes(n netip.Addr, variant string) string {
	t := r.fortiosTunnelByNeighbor(n)
	if t == nil {
		return "% No such neighbor or address family\n"
	}
	var paths []bgpPath
	switch variant {
	case "advertised-routes":
		paths = r.advertised(t)
	default:
		deny := map[netip.Prefix]bool{}
		if variant == "routes" {
			for _, p := range t.Config.InboundDeny {
				deny[p] = true
			}
		}
		for _, p := range r.received(t) {
			if !deny[p.prefix] {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return ""
	}
	var b strings.Builder
	fortiosRoutesHeader(&b, len(r.bgpTable())+1, r.cpe.Public.Addr())
	for _, p := range paths {
		mark := "*>"
		if !p.best && variant == "routes" {
			mark = "* "
		}
		if variant == "advertised-routes" {
			fmt.Fprintf(&b, "%s %-16s %-19s %6d %10s %6d %8d %s <-/1>\n", mark, p.prefix, t.Config.TunnelIP.Addr(), 0, "", 32768, 0, "i")
			continue
		}
		fmt.Fprintf(&b, "%s %-16s %-19s %6d %10s %6d %8d %d i <-/1>\n", mark, p.prefix, p.nexthop, 0, "", 0, 0, t.Form.DIASN)
	}
	fmt.Fprintf(&b, "\nTotal number of prefixes %d\n", len(paths))
	return b.String()
}
