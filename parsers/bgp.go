package parsers

import (
	"net/netip"
	"time"
)

// BGPSummary is `show ip bgp summary` / `show bgp ipv4 unicast summary`.
type BGPSummary struct {
	RouterID     netip.Addr           `json:"router_id"`
	LocalAS      uint32               `json:"local_as"`
	TableVersion uint64               `json:"table_version,omitempty"`
	Neighbors    []BGPSummaryNeighbor `json:"neighbors"`
}

// BGPSummaryNeighbor is one neighbor row; wrapped rows (long addresses on a
// line of their own) are joined.
type BGPSummaryNeighbor struct {
	Address  netip.Addr `json:"neighbor"`
	Version  int        `json:"version"`
	RemoteAS uint32     `json:"remote_as"`
	MsgRcvd  uint64     `json:"msg_rcvd"`
	MsgSent  uint64     `json:"msg_sent"`
	TblVer   uint64     `json:"tbl_ver"`
	InQ      int        `json:"in_q"`
	OutQ     int        `json:"out_q"`
	UpDown   string     `json:"up_down"` // raw: "00:10:02", "1d02h", "never"
	// State is "Established" when the last column is a prefix count,
	// otherwise the raw state ("Idle", "Idle (Admin)", "Active", ...).
	State            string `json:"state"`
	PrefixesReceived int    `json:"prefixes_received"` // -1 when not Established
	Span             Span   `json:"span"`
}

// Established reports whether the session is up.
func (n BGPSummaryNeighbor) Established() bool { return n.State == "Established" }

// BGPNeighbor is one block of `show ip bgp neighbors [X]`.
type BGPNeighbor struct {
	Address     netip.Addr    `json:"neighbor"`
	RemoteAS    uint32        `json:"remote_as"`
	LocalAS     uint32        `json:"local_as"`
	LinkType    string        `json:"link"` // external, internal
	Description string        `json:"description,omitempty"`
	RouterID    netip.Addr    `json:"remote_router_id"`
	State       string        `json:"state"`               // Established, Idle, Active, ...
	StateFor    string        `json:"state_for,omitempty"` // "up for 00:10:02" -> "00:10:02"
	HoldTime    time.Duration `json:"hold_time,omitempty"`
	Keepalive   time.Duration `json:"keepalive_interval,omitempty"`
	// LastReset is the "Last reset ..., due to ..." reason text.
	LastReset string `json:"last_reset,omitempty"`
	// LastNotificationSent/Received hold e.g. "2/2 (peer in wrong AS)" or
	// "4/0 (hold time expired)" when printed.
	LastNotificationSent     string         `json:"last_notification_sent,omitempty"`
	LastNotificationReceived string         `json:"last_notification_received,omitempty"`
	NotificationsSent        uint64         `json:"notifications_sent"`
	NotificationsReceived    uint64         `json:"notifications_received"`
	ConnectionsEstablished   int            `json:"connections_established"`
	ConnectionsDropped       int            `json:"connections_dropped"`
	PrefixesSent             int            `json:"prefixes_sent"` // "Prefixes Current: sent rcvd"
	PrefixesReceived         int            `json:"prefixes_received"`
	LocalHost                netip.AddrPort `json:"local_host"`
	ForeignHost              netip.AddrPort `json:"foreign_host"`
	Span                     Span           `json:"span"`
}

// BGPRoute is one path line of a BGP table listing (`show ip bgp`,
// `show ip bgp neighbors X advertised-routes|received-routes|routes`).
type BGPRoute struct {
	Network netip.Prefix `json:"network"`
	NextHop netip.Addr   `json:"next_hop"`
	Metric  *uint32      `json:"metric,omitempty"`
	LocPrf  *uint32      `json:"local_pref,omitempty"`
	Weight  uint32       `json:"weight"`
	Path    []uint32     `json:"as_path"`
	PathRaw string       `json:"as_path_raw,omitempty"` // includes {AS_SET}
	Origin  string       `json:"origin"`                // i, e, ?
	Status  string       `json:"status_codes"`          // raw: "*>", "r>", "* i"
	Valid   bool         `json:"valid"`
	Best    bool         `json:"best"`
	Span    Span         `json:"span"`
}

// BGPTable is a BGP table listing with its trailer.
type BGPTable struct {
	RouterID      netip.Addr `json:"router_id"`
	TableVersion  uint64     `json:"table_version,omitempty"`
	Routes        []BGPRoute `json:"routes"`
	TotalPrefixes int        `json:"total_prefixes"` // "Total number of prefixes N"; -1 when absent
}
