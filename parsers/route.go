package parsers

import "net/netip"

// NextHop is one next hop of a routing table entry.
type NextHop struct {
	Address   netip.Addr `json:"address"`
	Interface string     `json:"interface,omitempty"`
	Age       string     `json:"age,omitempty"`
}

// Route is one routing-table entry: a line group of `show ip route [bgp]`, or
// the "Routing entry for" block of `show ip route X`.
type Route struct {
	Prefix   netip.Prefix `json:"prefix"`
	Code     string       `json:"code"`                // raw code: "B", "S*", "C", "O IA"
	Protocol string       `json:"protocol"`            // bgp, static, connected, local, ospf, ...
	KnownVia string       `json:"known_via,omitempty"` // "bgp 64601"
	Distance int          `json:"distance"`
	Metric   uint32       `json:"metric"`
	Tag      uint32       `json:"tag,omitempty"`
	Type     string       `json:"type,omitempty"` // external, internal
	NextHops []NextHop    `json:"next_hops"`
	Span     Span         `json:"span"`
}

// RouteLookup is `show ip route X`: either an entry or "% Network not in table"
// / "% Subnet not in table".
type RouteLookup struct {
	Query   string `json:"query"`
	Found   bool   `json:"found"`
	Route   *Route `json:"route,omitempty"`
	Message string `json:"message,omitempty"`
}
