package sim

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
)

// bgpSummary renders "show ip bgp summary" (IOS-XE 17).
func (r *renderer) bgpSummary() string {
	c := r.cpe
	paths := r.bgpTable()
	nets := map[netip.Prefix]bool{}
	for _, p := range paths {
		nets[p.prefix] = true
	}
	ver := 1 + len(paths)
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	n, np := len(nets), len(paths)
	attrs := 1 + len(c.Tunnels)
	w("BGP router identifier %s, local AS number %d", r.routerID(), c.ASN)
	w("BGP table version is %d, main routing table version %d", ver, ver)
	w("%d network entries using %d bytes of memory", n, n*248)
	w("%d path entries using %d bytes of memory", np, np*136)
	w("%d/%d BGP path/bestpath attribute entries using %d bytes of memory", attrs, attrs, attrs*296)
	w("%d BGP AS-PATH entries using %d bytes of memory", len(c.Tunnels), len(c.Tunnels)*32)
	w("0 BGP route-map cache entries using 0 bytes of memory")
	w("0 BGP filter-list cache entries using 0 bytes of memory")
	w("BGP using %d total bytes of memory", n*248+np*136+attrs*296+len(c.Tunnels)*32)
	w("BGP activity %d/0 prefixes, %d/0 paths, scan interval 60 secs", n, np)
	peak := r.site.Start.Add(-c.Tunnels[0].BGPAge + 8*time.Second)
	w("%d networks peaked at %s (%s ago)", n, peak.UTC().Format("15:04:05 Jan 2 2006 UTC"), age(r.at.Sub(peak)))
	w("")
	w("Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd")
	for _, t := range r.byNeighbor() {
		st := t.state()
		rcvd, sent := r.bgpMessages(t)
		row := fmt.Sprintf("%-15s %1d %12d %7d %7d %8d %4d %4d %-8s", t.Config.Neighbor, 4, t.Config.RemoteAS,
			rcvd.total(), sent.total(), tblver(st.bgpUp, ver), 0, 0, r.bgpUpDown(t))
		if st.bgpUp {
			row += fmt.Sprintf(" %8d", len(r.received(t)))
		} else {
			row += " " + st.bgpState
		}
		w("%s", row)
	}
	return b.String()
}

// byNeighbor lists the tunnels in neighbor address order, as IOS lists
// neighbors.
func (r *renderer) byNeighbor() []*Tunnel {
	ts := append([]*Tunnel(nil), r.cpe.Tunnels...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Config.Neighbor.Less(ts[j].Config.Neighbor) })
	return ts
}

func tblver(up bool, v int) int {
	if up {
		return v
	}
	return 1
}

// routerID is the highest interface address (no bgp router-id is set).
func (r *renderer) routerID() netip.Addr {
	c := r.cpe
	id := c.Public.Addr()
	for _, a := range []netip.Addr{c.LAN.Addr(), c.Loopback1.Addr()} {
		if a.IsValid() && a.Compare(id) > 0 {
			id = a
		}
	}
	if c.Loopback1.IsValid() {
		return c.Loopback1.Addr() // a loopback wins over physical interfaces
	}
	return id
}

// bgpUpDown is the Up/Down column: the session age when up; when down,
// the time since the last reset, or "never".
func (r *renderer) bgpUpDown(t *Tunnel) string {
	if t.state().bgpUp {
		return age(t.BGPAge + r.el)
	}
	if ago, _ := r.lastReset(t); ago > 0 {
		return age(ago)
	}
	return "never"
}

// lastReset says when and why a down session last reset (0: never).
func (r *renderer) lastReset(t *Tunnel) (time.Duration, string) {
	st := t.state()
	if st.bgpUp {
		return 0, ""
	}
	if st.greRoundTrip && t.Config.RemoteAS != t.Form.DIASN && t.Config.Neighbor == t.Form.DITunnelIP {
		// The DC's OPEN carries its real AS: rejected every retry (~30 s).
		return time.Duration(int64((r.el+17*time.Second)/time.Second)%30+1) * time.Second, "BGP Notification sent, peer in wrong AS"
	}
	return 0, ""
}

// msgStats are the message counters of one direction.
type msgStats struct{ opens, notifications, updates, keepalives int }

func (m msgStats) total() int { return m.opens + m.notifications + m.updates + m.keepalives }

func (r *renderer) bgpMessages(t *Tunnel) (rcvd, sent msgStats) {
	st := t.state()
	switch {
	case st.bgpUp:
		ka := int((t.BGPAge + r.el) / time.Minute)
		rcvd = msgStats{opens: 1, updates: len(t.DIRoutes), keepalives: ka + 1}
		sent = msgStats{opens: 1, updates: 1 + len(r.cpe.ExtraNetworks), keepalives: ka + 1}
	case st.greRoundTrip && t.Config.RemoteAS != t.Form.DIASN && t.Config.Neighbor == t.Form.DITunnelIP:
		tries := int((10*time.Minute+r.el)/(30*time.Second)) + 1 // since the remote-as was changed
		rcvd = msgStats{opens: tries}
		sent = msgStats{opens: tries, notifications: tries}
	}
	return rcvd, sent
}
