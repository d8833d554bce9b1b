package frr

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Neighbor is one block of `show ip bgp neighbors [X]`.
type Neighbor struct {
	Neighbor    string        `json:"neighbor"` // address, or interface of an unnumbered peer
	Addr        netip.Addr    `json:"addr,omitzero"`
	RemoteAS    uint32        `json:"remote_as"`
	LocalAS     uint32        `json:"local_as"`
	Link        string        `json:"link"` // "external", "internal", ...
	Description string        `json:"description,omitempty"`
	Hostname    string        `json:"hostname,omitempty"`
	RemoteID    netip.Addr    `json:"remote_router_id,omitzero"`
	State       SessionState  `json:"state"`
	StateText   string        `json:"state_text"`
	UpFor       string        `json:"up_for,omitempty"`
	AdminDown   bool          `json:"admin_down,omitempty"` // " Administratively shut down"
	HoldTime    time.Duration `json:"hold_time"`
	Keepalive   time.Duration `json:"keepalive"`
	// LastResetAgo is the time of "Last reset 00:00:26, ..." ("never").
	LastResetAgo string `json:"last_reset_ago,omitempty"`
	// LastReset is the reason after the comma: "Notification sent (OPEN
	// Message Error/Bad Peer AS)", "Waiting for NHT", "Admin. shutdown".
	LastReset string `json:"last_reset,omitempty"`
	// LastNotification is the text in the parentheses of a "Notification
	// sent|received (...)" reset ("OPEN Message Error/Bad Peer AS");
	// NotificationSent says which way it went.
	LastNotification string `json:"last_notification,omitempty"`
	NotificationSent bool   `json:"notification_sent,omitempty"`
	UpdateSource     string `json:"update_source,omitempty"`
	RouteMapIn       string `json:"route_map_in,omitempty"`
	RouteMapOut      string `json:"route_map_out,omitempty"`
	PrefixListIn     string `json:"prefix_list_in,omitempty"`
	PrefixListOut    string `json:"prefix_list_out,omitempty"`
	SoftReconfig     bool   `json:"soft_reconfig,omitempty"`
	// PolicyMissingIn/Out: "Inbound|Outbound updates discarded due to
	// missing policy" (ebgp-requires-policy).
	PolicyMissingIn  bool `json:"policy_missing_in,omitempty"`
	PolicyMissingOut bool `json:"policy_missing_out,omitempty"`
	// AcceptedPrefixes is "N accepted prefixes"; -1 when not printed.
	AcceptedPrefixes       int64 `json:"accepted_prefixes"`
	SentPrefixes           int64 `json:"sent_prefixes"` // -1 when not printed
	ConnectionsEstablished int   `json:"connections_established"`
	ConnectionsDropped     int   `json:"connections_dropped"`
	// PasswordConfigured: "Peer Authentication Enabled" (TCP MD5). The
	// password itself is never printed by FRR nor kept here.
	PasswordConfigured bool           `json:"password_configured"`
	LocalHost          netip.AddrPort `json:"local_host,omitzero"`
	ForeignHost        netip.AddrPort `json:"foreign_host,omitzero"`
	Span               parsers.Span   `json:"span"`
}

// NeighborList is the result of ParseNeighbors.
type NeighborList struct {
	Neighbors       []Neighbor  `json:"neighbors"`
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

const cmdNeighbors = "show ip bgp neighbors"

// ParseNeighbors reads `show ip bgp neighbors [X]` (FRR text). "% No such
// neighbor in this view/vrf" is a list with Unavailable set.
func ParseNeighbors(out string) (*NeighborList, error) {
	lines := parsers.Lines(out)
	nl := &NeighborList{}
	if firstContent(lines) < 0 {
		return nl, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		nl.Unavailable, nl.UnavailableText = u, text
		return nl, nil
	}
	var cur *Neighbor
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "BGP neighbor is ") || strings.HasPrefix(t, "BGP neighbor on ") {
			nl.Neighbors = append(nl.Neighbors, Neighbor{AcceptedPrefixes: -1, SentPrefixes: -1})
			cur = &nl.Neighbors[len(nl.Neighbors)-1]
			if err := cur.readHead(t, n); err != nil {
				return nil, err
			}
			cur.Span = parsers.Span{Start: n, End: n}
			continue
		}
		if cur == nil {
			if t == "" {
				continue
			}
			if _, ok := classifyWarning(t); ok {
				continue
			}
			return nil, perr(cmdNeighbors, n, l, "want \"BGP neighbor is\"")
		}
		if t != "" {
			cur.Span.End = n
		}
		cur.readLine(t)
	}
	if len(nl.Neighbors) == 0 {
		return nil, perr(cmdNeighbors, 0, "", "no \"BGP neighbor is\" line")
	}
	return nl, nil
}

// readHead reads "BGP neighbor is A, remote AS N, local AS M, external
// link" or "BGP neighbor on eth0: fe80::1, remote AS ...".
func (nb *Neighbor) readHead(t string, n int) error {
	parts := strings.Split(t, ", ")
	if len(parts) < 2 {
		return perr(cmdNeighbors, n, t, "bad neighbor line")
	}
	head := parts[0]
	if s, ok := strings.CutPrefix(head, "BGP neighbor is "); ok {
		nb.Neighbor = strings.TrimPrefix(s, "*")
		nb.Addr, _ = netip.ParseAddr(nb.Neighbor)
	} else {
		ifc, addr, _ := strings.Cut(strings.TrimPrefix(head, "BGP neighbor on "), ": ")
		nb.Neighbor = ifc
		nb.Addr, _ = netip.ParseAddr(addr)
	}
	for _, p := range parts[1:] {
		switch {
		case strings.HasPrefix(p, "remote AS "):
			nb.RemoteAS, _ = parseASN(field(p, 2))
		case strings.HasPrefix(p, "local AS "):
			nb.LocalAS, _ = parseASN(field(p, 2))
		case strings.HasSuffix(p, " link"):
			nb.Link = strings.TrimSuffix(p, " link")
		}
	}
	if nb.Neighbor == "" {
		return perr(cmdNeighbors, n, t, "missing neighbor")
	}
	return nil
}

// field returns the i-th blank-separated word of s, or "".
func field(s string, i int) string {
	if f := strings.Fields(s); i < len(f) {
		return f[i]
	}
	return ""
}

func afterPrefix(t, p string) (string, bool) {
	if s, ok := strings.CutPrefix(t, p); ok {
		return strings.TrimSpace(s), true
	}
	return "", false
}

func (nb *Neighbor) readLine(t string) {
	if v, ok := afterPrefix(t, "Description: "); ok {
		nb.Description = v
	} else if v, ok := afterPrefix(t, "Hostname: "); ok {
		nb.Hostname = v
	} else if t == "Administratively shut down" {
		nb.AdminDown = true
	} else if v, ok := afterPrefix(t, "BGP version 4, remote router ID "); ok {
		id, _, _ := strings.Cut(v, ",")
		nb.RemoteID, _ = netip.ParseAddr(id)
	} else if v, ok := afterPrefix(t, "BGP state = "); ok {
		st, up, _ := strings.Cut(v, ", up for ")
		nb.StateText = st
		nb.State, _ = parseState(st)
		nb.UpFor = strings.TrimSpace(up)
	} else if v, ok := afterPrefix(t, "Hold time is "); ok {
		f := strings.Fields(v)
		if len(f) >= 6 {
			h, _ := strconv.Atoi(f[0])
			k, _ := strconv.Atoi(f[5])
			nb.HoldTime, nb.Keepalive = time.Duration(h)*time.Second, time.Duration(k)*time.Second
		}
	} else if v, ok := afterPrefix(t, "Update source is "); ok {
		nb.UpdateSource = v
	} else if v, ok := afterPrefix(t, "Route map for incoming advertisements is "); ok {
		nb.RouteMapIn = strings.TrimPrefix(v, "*")
	} else if v, ok := afterPrefix(t, "Route map for outgoing advertisements is "); ok {
		nb.RouteMapOut = strings.TrimPrefix(v, "*")
	} else if v, ok := afterPrefix(t, "Incoming update prefix filter list is "); ok {
		nb.PrefixListIn = strings.TrimPrefix(v, "*")
	} else if v, ok := afterPrefix(t, "Outgoing update prefix filter list is "); ok {
		nb.PrefixListOut = strings.TrimPrefix(v, "*")
	} else if t == "Inbound soft reconfiguration allowed" {
		nb.SoftReconfig = true
	} else if t == "Inbound updates discarded due to missing policy" {
		nb.PolicyMissingIn = true
	} else if t == "Outbound updates discarded due to missing policy" {
		nb.PolicyMissingOut = true
	} else if strings.HasSuffix(t, " accepted prefixes") || strings.Contains(t, " accepted prefixes,") ||
		strings.Contains(t, " accepted, ") {
		f := strings.Fields(t)
		nb.AcceptedPrefixes, _ = strconv.ParseInt(f[0], 10, 64)
		if len(f) > 3 && f[1] == "accepted," {
			nb.SentPrefixes, _ = strconv.ParseInt(f[2], 10, 64)
		}
	} else if v, ok := afterPrefix(t, "Connections established "); ok {
		e, d, _ := strings.Cut(v, "; dropped ")
		nb.ConnectionsEstablished, _ = strconv.Atoi(e)
		nb.ConnectionsDropped, _ = strconv.Atoi(strings.TrimSpace(d))
	} else if v, ok := afterPrefix(t, "Last reset "); ok {
		ago, why, found := strings.Cut(v, ",")
		if !found {
			nb.LastResetAgo = v
			return
		}
		nb.LastResetAgo, nb.LastReset = ago, strings.TrimSpace(why)
		for _, dir := range []string{"Notification sent (", "Notification received ("} {
			if s, ok := strings.CutPrefix(nb.LastReset, dir); ok {
				nb.LastNotification = strings.TrimSuffix(s, ")")
				nb.NotificationSent = dir == "Notification sent ("
			}
		}
	} else if t == "Peer Authentication Enabled" {
		nb.PasswordConfigured = true
	} else if v, ok := afterPrefix(t, "Local host: "); ok {
		nb.LocalHost = hostPort(v, "Local port: ")
	} else if v, ok := afterPrefix(t, "Foreign host: "); ok {
		nb.ForeignHost = hostPort(v, "Foreign port: ")
	}
}

func hostPort(v, portLabel string) netip.AddrPort {
	h, p, _ := strings.Cut(v, ", "+portLabel)
	a, err := netip.ParseAddr(h)
	port, err2 := strconv.ParseUint(strings.TrimSpace(p), 10, 16)
	if err != nil || err2 != nil {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(a, uint16(port))
}
