package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPNeighbors = "get router info bgp neighbors"

// BGPNeighbors is `get router info bgp neighbors [X]`.
type BGPNeighbors struct {
	Neighbors       []BGPNeighbor `json:"neighbors"`
	Unavailable     Unavailable   `json:"unavailable,omitempty"`
	UnavailableText string        `json:"unavailable_text,omitempty"`
}

// BGPNeighbor is one "BGP neighbor is X" block. A password is only ever
// recorded as configured.
type BGPNeighbor struct {
	Addr           netip.Addr `json:"addr"`
	RemoteAS       uint32     `json:"remote_as"`
	LocalAS        uint32     `json:"local_as"`
	Link           string     `json:"link,omitempty"` // "internal", "external"
	RemoteRouterID netip.Addr `json:"remote_router_id,omitzero"`
	// State is as printed after "BGP state = " ("Established", "Active",
	// "Idle"); UpFor the text after "up for".
	State                  string       `json:"state"`
	UpFor                  string       `json:"up_for,omitempty"`
	HoldTime               int          `json:"hold_time,omitempty"`
	Keepalive              int          `json:"keepalive,omitempty"`
	MsgRcvd                uint64       `json:"msg_rcvd"`
	MsgSent                uint64       `json:"msg_sent"`
	NotificationsRcvd      uint64       `json:"notifications_rcvd"`
	NotificationsSent      uint64       `json:"notifications_sent"`
	UpdateSource           string       `json:"update_source,omitempty"`
	ConnectionsEstablished int          `json:"connections_established"`
	ConnectionsDropped     int          `json:"connections_dropped"`
	LocalHost              netip.Addr   `json:"local_host,omitzero"`
	LocalPort              uint16       `json:"local_port,omitempty"`
	ForeignHost            netip.Addr   `json:"foreign_host,omitzero"`
	ForeignPort            uint16       `json:"foreign_port,omitempty"`
	NexthopInterface       string       `json:"nexthop_interface,omitempty"`
	LastReset              string       `json:"last_reset,omitempty"`        // "4d14h38m", "never"
	LastResetReason        string       `json:"last_reset_reason,omitempty"` // "BGP Notification sent"
	Notification           string       `json:"notification,omitempty"`      // "Hold Timer Expired/Unspecified Error Subcode"
	PasswordConfigured     bool         `json:"password_configured"`
	AddressFamilies        []NeighborAF `json:"address_families"`
	Span                   parsers.Span `json:"span"`
}

// Established reports whether the session is up.
func (n BGPNeighbor) Established() bool { return n.State == "Established" }

// AF returns the block of an address family ("IPv4 Unicast").
func (n BGPNeighbor) AF(name string) (NeighborAF, bool) {
	for _, a := range n.AddressFamilies {
		if a.Name == name {
			return a, true
		}
	}
	return NeighborAF{}, false
}

// NeighborAF is one "For address family: X" block.
type NeighborAF struct {
	Name          string `json:"name"`
	SoftReconfig  bool   `json:"soft_reconfig"` // "Inbound soft reconfiguration allowed"
	RouteMapIn    string `json:"route_map_in,omitempty"`
	RouteMapOut   string `json:"route_map_out,omitempty"`
	PrefixListIn  string `json:"prefix_list_in,omitempty"`
	PrefixListOut string `json:"prefix_list_out,omitempty"`
	// InboundPolicy is set when any inbound filter is printed: "Inbound
	// path policy configured", or a route map, prefix list, network or AS
	// path filter list for incoming updates.
	InboundPolicy     bool         `json:"inbound_policy,omitempty"`
	AcceptedPrefixes  uint64       `json:"accepted_prefixes"`
	AnnouncedPrefixes uint64       `json:"announced_prefixes"`
	Span              parsers.Span `json:"span"`
}

// ParseBGPNeighbors reads `get router info bgp neighbors [X]`. An empty
// output (no neighbor) is an empty result.
func ParseBGPNeighbors(out string) (*BGPNeighbors, error) {
	lines, any := content(out)
	r := &BGPNeighbors{Neighbors: []BGPNeighbor{}}
	if !any {
		return r, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		r.Unavailable, r.UnavailableText = u, text
		return r, nil
	}
	var nb *BGPNeighbor
	var af *NeighborAF
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "BGP neighbor is "):
			r.Neighbors = append(r.Neighbors, BGPNeighbor{AddressFamilies: []NeighborAF{}})
			nb, af = &r.Neighbors[len(r.Neighbors)-1], nil
			if !neighborHead(nb, t) {
				return nil, perr(cmdBGPNeighbors, n, l, "expected \"BGP neighbor is ADDR, remote AS N\"")
			}
		case nb == nil:
			if strings.HasPrefix(t, "VRF ") && strings.HasSuffix(t, "neighbor table:") {
				continue
			}
			return nil, perr(cmdBGPNeighbors, n, l, "expected \"BGP neighbor is\"")
		case strings.HasPrefix(t, "For address family: "):
			nb.AddressFamilies = append(nb.AddressFamilies, NeighborAF{Name: strings.TrimPrefix(t, "For address family: ")})
			af = &nb.AddressFamilies[len(nb.AddressFamilies)-1]
			af.Span.Cover(n)
		case strings.HasPrefix(t, "Connections established "):
			af = nil
			a, b, _ := strings.Cut(strings.TrimPrefix(t, "Connections established "), ";")
			nb.ConnectionsEstablished, _ = atoi(a)
			nb.ConnectionsDropped, _ = atoi(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(b), "dropped")))
		default:
			if af != nil && neighborAFLine(af, t) {
				af.Span.Cover(n)
			} else {
				neighborLine(nb, t)
			}
		}
		nb.Span.Cover(n)
	}
	if len(r.Neighbors) == 0 {
		return nil, perr(cmdBGPNeighbors, 1, lines[0], "no \"BGP neighbor is\" line")
	}
	return r, nil
}

// neighborHead reads "BGP neighbor is 1.1.1.2, remote AS 65001, local AS 65001, internal link".
func neighborHead(nb *BGPNeighbor, t string) bool {
	parts := strings.Split(strings.TrimPrefix(t, "BGP neighbor is "), ",")
	a, err := netip.ParseAddr(strings.TrimSpace(parts[0]))
	if err != nil {
		return false
	}
	nb.Addr = a
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		switch {
		case strings.HasPrefix(p, "remote AS "):
			nb.RemoteAS, _ = asn(strings.TrimPrefix(p, "remote AS "))
		case strings.HasPrefix(p, "local AS "):
			f := strings.Fields(strings.TrimPrefix(p, "local AS "))
			if len(f) > 0 {
				nb.LocalAS, _ = asn(f[0])
			}
		case strings.HasSuffix(p, " link"):
			nb.Link = strings.TrimSuffix(p, " link")
		}
	}
	return true
}

// neighborLine reads one session-level line; unknown lines are skipped.
func neighborLine(nb *BGPNeighbor, t string) {
	l := strings.ToLower(t)
	switch {
	case strings.HasPrefix(t, "BGP version "):
		if _, id, ok := strings.Cut(t, "remote router ID "); ok {
			nb.RemoteRouterID, _ = netip.ParseAddr(strings.TrimSpace(id))
		}
	case strings.HasPrefix(t, "BGP state = "):
		st, up, _ := strings.Cut(strings.TrimPrefix(t, "BGP state = "), ",")
		nb.State = strings.TrimSpace(st)
		nb.UpFor = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(up), "up for"))
	case strings.HasPrefix(t, "Last read "):
		f := strings.Fields(strings.ReplaceAll(t, ",", " "))
		for i := 0; i+2 < len(f); i++ {
			if f[i] == "time" && f[i+1] == "is" {
				nb.HoldTime, _ = atoi(f[i+2])
			}
			if f[i] == "interval" && f[i+1] == "is" {
				nb.Keepalive, _ = atoi(f[i+2])
			}
		}
	case strings.HasPrefix(t, "Received ") && strings.Contains(t, " messages"):
		nb.MsgRcvd, nb.NotificationsRcvd = msgCounts(t)
	case strings.HasPrefix(t, "Sent ") && strings.Contains(t, " messages"):
		nb.MsgSent, nb.NotificationsSent = msgCounts(t)
	case strings.HasPrefix(t, "Update source is "):
		nb.UpdateSource = strings.TrimPrefix(t, "Update source is ")
	case strings.HasPrefix(t, "Local host: "):
		nb.LocalHost, nb.LocalPort = hostPort(t)
	case strings.HasPrefix(t, "Foreign host: "):
		nb.ForeignHost, nb.ForeignPort = hostPort(t)
	case strings.HasPrefix(t, "Nexthop interface: "):
		nb.NexthopInterface = strings.TrimPrefix(t, "Nexthop interface: ")
	case strings.HasPrefix(l, "last reset"):
		v := strings.TrimSpace(t[len("last reset"):])
		v = strings.TrimSpace(strings.TrimPrefix(v, ":"))
		at, why, _ := strings.Cut(v, ",")
		nb.LastReset = strings.TrimSpace(at)
		nb.LastResetReason = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(why), "due to"))
	case strings.HasPrefix(t, "Notification Error Message:"):
		v := strings.TrimSpace(strings.TrimPrefix(t, "Notification Error Message:"))
		nb.Notification = strings.TrimSuffix(strings.TrimPrefix(v, "("), ")")
	case strings.Contains(l, "password") || strings.Contains(l, "md5"):
		nb.PasswordConfigured = true
	}
}

// neighborAFLine reads one line of an address-family block.
func neighborAFLine(af *NeighborAF, t string) bool {
	name := func(prefix string) string {
		return strings.TrimPrefix(strings.TrimPrefix(t, prefix), "*")
	}
	switch {
	case t == "Inbound soft reconfiguration allowed":
		af.SoftReconfig = true
	case t == "Inbound path policy configured":
		af.InboundPolicy = true
	case strings.HasPrefix(t, "Route map for incoming advertisements is "):
		af.RouteMapIn = name("Route map for incoming advertisements is ")
		af.InboundPolicy = true
	case strings.HasPrefix(t, "Route map for outgoing advertisements is "):
		af.RouteMapOut = name("Route map for outgoing advertisements is ")
	case strings.HasPrefix(t, "Incoming update prefix filter list is "):
		af.PrefixListIn = name("Incoming update prefix filter list is ")
		af.InboundPolicy = true
	case strings.HasPrefix(t, "Incoming update network filter list is "),
		strings.HasPrefix(t, "Incoming update AS path filter list is "):
		af.InboundPolicy = true
	case strings.HasPrefix(t, "Outgoing update prefix filter list is "):
		af.PrefixListOut = name("Outgoing update prefix filter list is ")
	case strings.HasSuffix(t, " prefixes in rib") || strings.HasSuffix(t, " accepted prefixes"):
		f := strings.Fields(t)
		af.AcceptedPrefixes = u64(f[0])
	case strings.HasSuffix(t, " announced prefixes"):
		af.AnnouncedPrefixes = u64(strings.Fields(t)[0])
	default:
		return !strings.HasPrefix(t, "Local host") && !strings.HasPrefix(t, "Foreign host") &&
			!strings.HasPrefix(t, "Nexthop") && !strings.HasPrefix(t, "Last Reset") &&
			!strings.HasPrefix(t, "Notification") && !strings.HasPrefix(t, "BGP connection") &&
			!strings.HasPrefix(t, "Egress interface")
	}
	return true
}

// msgCounts reads "Received 12 messages, 0 notifications, 0 in queue".
func msgCounts(t string) (msgs, notes uint64) {
	f := strings.Fields(strings.ReplaceAll(t, ",", " "))
	for i := 1; i < len(f); i++ {
		switch f[i] {
		case "messages":
			msgs = u64(f[i-1])
		case "notifications":
			notes = u64(f[i-1])
		}
	}
	return msgs, notes
}

// hostPort reads "Local host: 1.1.1.1, Local port: 179".
func hostPort(t string) (netip.Addr, uint16) {
	h, p, _ := strings.Cut(t, ",")
	_, hv, _ := strings.Cut(h, ":")
	_, pv, _ := strings.Cut(p, ":")
	a, _ := netip.ParseAddr(strings.TrimSpace(hv))
	n, _ := atou32(strings.TrimSpace(pv))
	return a, uint16(n)
}
