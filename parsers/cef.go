package parsers

import "net/netip"

// CEF is `show ip cef [vrf V] [X[/len] | X MASK] [detail]`: the forwarding
// entries printed, one per prefix.
type CEF struct {
	// Entries are in the order printed. The single-address form prints
	// the longest-match entry: `show ip cef 203.0.113.1` gives
	// 203.0.113.0/25.
	Entries []CEFEntry `json:"entries"`
	// Message is a device message printed instead of entries:
	// "%IPv4 CEF not running".
	Message string `json:"message,omitempty"`
	// VRF is the "VRF Default" / "VRF DI:" header of the detail form.
	VRF string `json:"vrf,omitempty"`
}

// CEFEntry is one prefix of the FIB with how it is forwarded.
type CEFEntry struct {
	Prefix netip.Prefix `json:"prefix"`
	// Flags are the "flags [attached, connected]" words of the detail
	// form, and the words after the epoch on old releases ("cached
	// adjacency", "receive").
	Flags    []string     `json:"flags,omitempty"`
	NextHops []CEFNextHop `json:"next_hops"`
	// Attached: the prefix is on a connected interface ("attached to
	// Tunnel1", or "attached" in the table form).
	Attached bool `json:"attached,omitempty"`
	// Receive: addressed to the router itself.
	Receive bool `json:"receive,omitempty"`
	// Drop: packets are dropped (Special source: drop, Null0 entries
	// print a nexthop instead).
	Drop bool `json:"drop,omitempty"`
	// NoRoute: the entry exists but has no path ("no route"); for
	// 0.0.0.0/0 with the "default route handler" flag it means there is no
	// default route.
	NoRoute bool `json:"no_route,omitempty"`
	// DefaultRouteHandler is the "default route handler" flag: the
	// 0.0.0.0/0 entry CEF keeps whether or not a default route exists.
	DefaultRouteHandler bool `json:"default_route_handler,omitempty"`
	Span                Span `json:"span"`
}

// CEFNextHop is one way an entry forwards: "nexthop 100.64.1.1 Tunnel1",
// "attached to Tunnel1", "recursive via 10.0.0.1", "receive for Loopback0"
// or a row of the table form.
type CEFNextHop struct {
	Address   netip.Addr `json:"address,omitzero"`
	Interface string     `json:"interface,omitempty"`
	// Label is the MPLS label text after "label" ("22-(local:2043)").
	Label string `json:"label,omitempty"`
	// Attached: "attached to IF" (Address is then unset).
	Attached bool `json:"attached,omitempty"`
	// Recursive: "recursive via X"; the next hop is resolved by the lines
	// under it.
	Recursive bool `json:"recursive,omitempty"`
	// Repair: a backup (LFA) path: "repair: attached-nexthop ..." or
	// "nexthop X IF, repair".
	Repair bool `json:"repair,omitempty"`
	Span   Span `json:"span"`
}

// InterfaceBrief is one row of `show ip interface brief`.
type InterfaceBrief struct {
	Name string `json:"name"`
	// Address is unset for "unassigned"; AddressText keeps what was
	// printed when it is not an address.
	Address     netip.Addr `json:"address,omitzero"`
	AddressText string     `json:"address_text,omitempty"`
	OK          bool       `json:"ok"`     // "OK?" column: YES
	Method      string     `json:"method"` // NVRAM, manual, DHCP, unset, TFTP, other
	// Status is the raw line state: "up", "down", "administratively
	// down", "deleted"; Protocol the line protocol: "up", "down".
	Status   string `json:"status"`
	Protocol string `json:"protocol"`
	Span     Span   `json:"span"`
}

// LineUp reports whether the interface is up/up.
func (b InterfaceBrief) LineUp() bool { return b.Status == "up" && b.Protocol == "up" }
