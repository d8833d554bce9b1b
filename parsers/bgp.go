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
	// AddressFamilies holds one entry per "For address family:" section of
	// `show bgp all summary` (one unnamed entry when the output has none).
	AddressFamilies []BGPSummaryAF `json:"address_families,omitempty"`
}

// BGPSummaryAF is the header of one address-family section of a BGP summary:
// identity, table versions and the memory/activity counters IOS prints.
type BGPSummaryAF struct {
	Name             string     `json:"address_family,omitempty"` // "IPv4 Unicast"; "" when not printed
	RouterID         netip.Addr `json:"router_id"`
	LocalAS          uint32     `json:"local_as"`
	LocalASText      string     `json:"local_as_text,omitempty"` // asdot form as printed, e.g. "65000.1000"
	TableVersion     uint64     `json:"table_version,omitempty"`
	MainTableVersion uint64     `json:"main_table_version,omitempty"`
	// Memory holds the "N <what> entries using M bytes of memory" lines.
	Memory            []BGPMemoryUsage `json:"memory,omitempty"`
	TotalMemoryBytes  uint64           `json:"total_memory_bytes,omitempty"`
	MultipathNetworks uint64           `json:"multipath_networks,omitempty"`
	MultipathPaths    uint64           `json:"multipath_paths,omitempty"`
	SoftReconfigPaths uint64           `json:"soft_reconfig_paths,omitempty"`
	// Activity is "BGP activity 24/0 prefixes, 25/0 paths" split into numbers.
	ActivityPrefixes    uint64 `json:"activity_prefixes,omitempty"`
	ActivityPrefixesDel uint64 `json:"activity_prefixes_deleted,omitempty"`
	ActivityPaths       uint64 `json:"activity_paths,omitempty"`
	ActivityPathsDel    uint64 `json:"activity_paths_deleted,omitempty"`
	ScanInterval        int    `json:"scan_interval_seconds,omitempty"`
	NetworksPeak        uint64 `json:"networks_peak,omitempty"`
	Span                Span   `json:"span"`
}

// BGPMemoryUsage is one "N <what> entries using M bytes of memory" line.
// For "path/bestpath attribute" lines Entries is the first number and
// Entries2 the second.
type BGPMemoryUsage struct {
	What     string `json:"what"`
	Entries  uint64 `json:"entries"`
	Entries2 uint64 `json:"entries2,omitempty"`
	Bytes    uint64 `json:"bytes"`
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
	// RemoteASText is the AS as printed when in asdot form ("65000.1001").
	RemoteASText string `json:"remote_as_text,omitempty"`
	// AddressFamily is the "For address family:" section the row is in
	// ("IPv4 Unicast"), "" when the output has no sections.
	AddressFamily string `json:"address_family,omitempty"`
	// State is "Established" when the last column is a prefix count,
	// otherwise the raw state ("Idle", "Idle (Admin)", "Active", ...).
	State            string `json:"state"`
	PrefixesReceived int    `json:"prefixes_received"` // -1 when not Established (left out of the JSON)
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
	HoldTime    time.Duration `json:"-"`
	Keepalive   time.Duration `json:"-"`
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
	// LocalPort and ForeignPort repeat the ports of LocalHost and
	// ForeignHost as numbers.
	LocalPort   uint16 `json:"local_port"`
	ForeignPort uint16 `json:"foreign_port"`

	VRF              string        `json:"vrf,omitempty"`
	LocalASNoPrepend bool          `json:"local_as_no_prepend,omitempty"`
	BGPVersion       int           `json:"bgp_version,omitempty"`
	LastRead         string        `json:"last_read,omitempty"`
	LastWrite        string        `json:"last_write,omitempty"`
	ConfiguredHold   time.Duration `json:"configured_hold_time,omitempty"`
	ConfiguredKeep   time.Duration `json:"configured_keepalive_interval,omitempty"`
	HoldTimeSeconds  int           `json:"hold_time_seconds,omitempty"`
	KeepaliveSeconds int           `json:"keepalive_seconds,omitempty"`
	// LastResetAgo is the time before ", due to" ("00:01:23"), "never"
	// when never reset.
	LastResetAgo string `json:"last_reset_ago,omitempty"`
	// MessageStats holds the rows of the "Message statistics" table
	// (Opens, Notifications, Updates, Keepalives, Route Refresh, Total).
	MessageStats    []BGPCounterRow `json:"message_stats,omitempty"`
	InQDepth        int             `json:"inq_depth"`
	OutQDepth       int             `json:"outq_depth"`
	AddressFamilies []BGPNeighborAF `json:"address_families,omitempty"`
	ConnectionState string          `json:"connection_state,omitempty"` // TCP: ESTAB, CLOSED, ...
	// TCP holds the numbers of the TCP control-block section that follows
	// "Connection state is" (iss, snduna, SRTT, datagram counts, timers),
	// keyed by the label IOS prints before each number.
	TCP map[string]uint64 `json:"tcp,omitempty"`
	// Numbers holds the other "label N" values of the session part of the
	// block (reachability Up/Down counts, minimum advertisement interval).
	Numbers map[string]uint64 `json:"numbers,omitempty"`
}

// BGPCounterRow is one "name: sent rcvd" row of a neighbor counter table.
// -1 stands for "n/a" (left out of the JSON).
type BGPCounterRow struct {
	Name string `json:"name"`
	Sent int64  `json:"sent"`
	Rcvd int64  `json:"rcvd"`
}

// BGPNeighborAF is one "For address family:" section of a neighbor block.
type BGPNeighborAF struct {
	Name             string `json:"address_family"`
	TableVersion     uint64 `json:"table_version,omitempty"`
	NeighborVersion  string `json:"neighbor_version,omitempty"` // "21/0"
	PrefixesSent     int    `json:"prefixes_sent"`
	PrefixesReceived int    `json:"prefixes_received"`
	// PrefixActivity holds the "Prefix activity" and "Local Policy Denied
	// Prefixes" rows (Sent/Outbound, Rcvd/Inbound).
	PrefixActivity []BGPCounterRow `json:"prefix_activity,omitempty"`
	// Numbers holds other "label N" values of the section (Index,
	// Advertise bit, update-group member, Refresh Epoch, NLRIs max/min).
	Numbers map[string]uint64 `json:"numbers,omitempty"`
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
	// NetworkRaw holds a network that is not an IP prefix (EVPN route
	// "[2][1.1.1.1:1][0][48][000C293B2157][0][*]/20", VPLS NLRI); Network
	// is then the zero Prefix.
	NetworkRaw string `json:"network_raw,omitempty"`
	// Internal is the "i" status flag (learned over iBGP).
	Internal bool `json:"internal,omitempty"`
	// AddressFamily and RouteDistinguisher come from the section headers
	// of `show bgp all ...` listings ("For address family:",
	// "Route Distinguisher: 100:100").
	AddressFamily      string `json:"address_family,omitempty"`
	RouteDistinguisher string `json:"route_distinguisher,omitempty"`
}

// BGPTable is a BGP table listing with its trailer.
type BGPTable struct {
	RouterID      netip.Addr `json:"router_id"`
	TableVersion  uint64     `json:"table_version,omitempty"`
	Routes        []BGPRoute `json:"routes"`
	TotalPrefixes int        `json:"total_prefixes"` // "Total number of prefixes N"; -1 when absent (left out of the JSON)
	// Networks counts distinct network lines (a network with three paths
	// counts once); len(Routes) counts paths.
	Networks int `json:"networks"`
	// LocalAS is set by listings that print it ("local AS 65000").
	LocalAS uint32 `json:"local_as,omitempty"`
	// DefaultOriginate is set when `show ip bgp neighbors X
	// advertised-routes` prints "Originating default network 0.0.0.0":
	// the neighbor is sent a default route by "neighbor X
	// default-originate". That route is in no table row and not in
	// TotalPrefixes. DefaultOriginateLine is the line it was printed on.
	DefaultOriginate     bool `json:"default_originate,omitempty"`
	DefaultOriginateLine int  `json:"default_originate_line,omitempty"`
	// VRFs maps a route distinguisher to its vrf, from the "Route
	// Distinguisher: 65000:1 (default for vrf DI)" headers of VPNv4
	// listings. It is kept here, not in every route: a route record is
	// copied once per path, and a 100,000-path table parses measurably
	// slower with one more string in it. VRFOf reads it.
	VRFs map[string]string `json:"vrfs,omitempty"`
}

// VRFOf returns the vrf of r's route distinguisher section ("" when the
// listing named none).
func (t *BGPTable) VRFOf(r *BGPRoute) string {
	if r.RouteDistinguisher == "" {
		return ""
	}
	return t.VRFs[r.RouteDistinguisher]
}
