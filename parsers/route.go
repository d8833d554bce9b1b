package parsers

import "net/netip"

// NextHop is one next hop of a routing table entry.
type NextHop struct {
	Address   netip.Addr `json:"address"`
	Interface string     `json:"interface,omitempty"`
	Age       string     `json:"age,omitempty"`
	// The fields below come from the "Routing Descriptor Blocks" of
	// `show ip route X`.
	From         netip.Addr `json:"from,omitempty"`
	Active       bool       `json:"active,omitempty"` // marked "*": the block in use
	VRF          string     `json:"vrf,omitempty"`    // "(default)", "(red:ipv6)" after the address
	RouteMetric  uint32     `json:"route_metric,omitempty"`
	TrafficShare int        `json:"traffic_share,omitempty"`
	ASHops       int        `json:"as_hops,omitempty"`
	RouteTag     uint32     `json:"route_tag,omitempty"`
	MPLSLabel    string     `json:"mpls_label,omitempty"`
	Span         Span       `json:"span"`
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

	VRF              string     `json:"vrf,omitempty"` // "Routing Table: X"
	Connected        bool       `json:"directly_connected,omitempty"`
	Supernet         bool       `json:"supernet,omitempty"`
	CandidateDefault bool       `json:"candidate_default,omitempty"`
	Redistributing   string     `json:"redistributing_via,omitempty"`
	LastUpdateFrom   netip.Addr `json:"last_update_from,omitempty"`
	LastUpdateAge    string     `json:"last_update_age,omitempty"`
}

// RouteLookup is `show ip route X`: either an entry or "% Network not in table"
// / "% Subnet not in table".
type RouteLookup struct {
	Query   string `json:"query"`
	Found   bool   `json:"found"`
	Route   *Route `json:"route,omitempty"`
	Message string `json:"message,omitempty"`
	// Span covers the entry, or the message line when not found.
	Span Span `json:"span"`
	// VRF is the "Routing Table: V" header of `show ip route vrf V X`,
	// printed above the entry or the not-found message.
	VRF string `json:"vrf,omitempty"`
}

// LongestMatch answers a `show ip route X` lookup from a full table: the
// route whose prefix contains addr with the longest mask, as the router
// would forward (the first one printed on a tie). Routes of another address
// family and invalid prefixes are skipped. The table's VRFs are not told
// apart: pass the routes of one VRF.
func LongestMatch(routes []Route, addr netip.Addr) (Route, bool) {
	best := -1
	for i := range routes {
		p := routes[i].Prefix
		if !p.IsValid() || !p.Contains(addr) {
			continue
		}
		if best < 0 || p.Bits() > routes[best].Prefix.Bits() {
			best = i
		}
	}
	if best < 0 {
		return Route{}, false
	}
	return routes[best], true
}
