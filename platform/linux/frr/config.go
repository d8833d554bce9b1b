package frr

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Config is what vcdiag reads from FRR's `show running-config`.
type Config struct {
	Version      string                       `json:"version,omitempty"` // "frr version 8.4.4"
	Hostname     string                       `json:"hostname,omitempty"`
	Routers      []BGPRouter                  `json:"routers"`
	PrefixLists  map[string][]PrefixListEntry `json:"prefix_lists,omitempty"`
	RouteMaps    map[string][]RouteMapEntry   `json:"route_maps,omitempty"`
	Interfaces   []string                     `json:"interfaces,omitempty"`
	StaticRoutes []string                     `json:"static_routes,omitempty"` // "ip route ..." lines as printed
}

// BGPRouter is one "router bgp ASN [vrf X]" block.
type BGPRouter struct {
	AS       uint32     `json:"as"`
	VRF      string     `json:"vrf,omitempty"`
	RouterID netip.Addr `json:"router_id,omitzero"`
	// RequiresPolicy is FRR's ebgp-requires-policy: on unless "no bgp
	// ebgp-requires-policy" (the default of "frr defaults traditional"
	// since 7.4).
	RequiresPolicy bool             `json:"ebgp_requires_policy"`
	Neighbors      []ConfigNeighbor `json:"neighbors"`
	Networks       []netip.Prefix   `json:"networks,omitempty"`
	Span           parsers.Span     `json:"span"`
}

// ConfigNeighbor is the configuration of one neighbor, global and
// ipv4-unicast lines merged.
type ConfigNeighbor struct {
	Neighbor    string `json:"neighbor"`
	RemoteAS    string `json:"remote_as"` // a number, "external" or "internal"
	Description string `json:"description,omitempty"`
	// PasswordConfigured: "neighbor X password ..." is present. The value is
	// never kept.
	PasswordConfigured bool   `json:"password_configured"`
	UpdateSource       string `json:"update_source,omitempty"`
	// LocalAS is "neighbor X local-as N": the AS this router uses toward
	// the neighbor instead of the process AS; 0 when not set.
	LocalAS          uint32       `json:"local_as,omitempty"`
	DefaultOriginate bool         `json:"default_originate,omitempty"`
	EBGPMultihop     int          `json:"ebgp_multihop,omitempty"` // 255 when no hop count given
	TimersKeepalive  int          `json:"timers_keepalive,omitempty"`
	TimersHold       int          `json:"timers_hold,omitempty"`
	Shutdown         bool         `json:"shutdown,omitempty"`
	SoftReconfig     bool         `json:"soft_reconfig,omitempty"`
	RouteMapIn       string       `json:"route_map_in,omitempty"`
	RouteMapOut      string       `json:"route_map_out,omitempty"`
	PrefixListIn     string       `json:"prefix_list_in,omitempty"`
	PrefixListOut    string       `json:"prefix_list_out,omitempty"`
	Span             parsers.Span `json:"span"`
}

// PrefixListEntry is "ip prefix-list NAME seq N permit|deny P [ge N] [le N]".
type PrefixListEntry struct {
	Seq    int          `json:"seq"`
	Permit bool         `json:"permit"`
	Prefix netip.Prefix `json:"prefix"`
	GE     int          `json:"ge,omitempty"`
	LE     int          `json:"le,omitempty"`
	Line   int          `json:"line"`
}

// RouteMapEntry is one "route-map NAME permit|deny N" block.
type RouteMapEntry struct {
	Seq         int          `json:"seq"`
	Permit      bool         `json:"permit"`
	PrefixLists []string     `json:"match_prefix_lists,omitempty"`
	Span        parsers.Span `json:"span"`
}

const cmdConfig = "show running-config"

// ParseConfig reads FRR's `show running-config`. Lines it does not need are
// skipped; an output without any FRR configuration structure is an error.
func ParseConfig(out string) (*Config, error) {
	lines := parsers.Lines(out)
	c := &Config{PrefixLists: map[string][]PrefixListEntry{}, RouteMaps: map[string][]RouteMapEntry{}}
	var (
		rtr  *BGPRouter
		rm   *RouteMapEntry
		seen bool
	)
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		f := strings.Fields(t)
		if len(f) == 0 {
			continue
		}
		top := l == t // not indented
		if top {
			rm = nil
			if f[0] != "router" {
				rtr = nil
			}
		}
		switch {
		case t == "Building configuration..." || t == "Current configuration:" || t == "!" || t == "end":
			seen = true
		case top && f[0] == "frr" && len(f) > 2 && f[1] == "version":
			c.Version, seen = f[2], true
		case top && f[0] == "hostname" && len(f) > 1:
			c.Hostname = f[1]
		case top && len(f) >= 3 && f[0] == "router" && f[1] == "bgp":
			as, ok := parseASN(f[2])
			if !ok {
				return nil, perr(cmdConfig, n, l, "bad AS number")
			}
			c.Routers = append(c.Routers, BGPRouter{AS: as, RequiresPolicy: true, Span: parsers.Span{Start: n, End: n}})
			rtr = &c.Routers[len(c.Routers)-1]
			if len(f) >= 5 && f[3] == "vrf" {
				rtr.VRF = f[4]
			}
			seen = true
		case top && len(f) >= 2 && f[0] == "interface":
			c.Interfaces = append(c.Interfaces, f[1])
			seen = true
		case top && len(f) >= 3 && f[0] == "ip" && f[1] == "route":
			c.StaticRoutes = append(c.StaticRoutes, t)
		case top && len(f) >= 6 && f[0] == "ip" && f[1] == "prefix-list":
			e, ok := readPrefixList(f[3:], n)
			if !ok {
				return nil, perr(cmdConfig, n, l, "bad prefix-list entry")
			}
			c.PrefixLists[f[2]] = append(c.PrefixLists[f[2]], e)
			seen = true
		case top && len(f) >= 4 && f[0] == "route-map":
			seq, err := strconv.Atoi(f[3])
			if err != nil {
				return nil, perr(cmdConfig, n, l, "bad route-map sequence")
			}
			c.RouteMaps[f[1]] = append(c.RouteMaps[f[1]], RouteMapEntry{Seq: seq, Permit: f[2] == "permit", Span: parsers.Span{Start: n, End: n}})
			rm = &c.RouteMaps[f[1]][len(c.RouteMaps[f[1]])-1]
			seen = true
		case rm != nil:
			rm.Span.End = n
			if len(f) >= 5 && f[0] == "match" && f[1] == "ip" && f[2] == "address" && f[3] == "prefix-list" {
				rm.PrefixLists = append(rm.PrefixLists, f[4])
			}
		case rtr != nil && !top:
			rtr.Span.End = n
			rtr.readLine(f, n)
		}
	}
	if !seen {
		return nil, perr(cmdConfig, 0, "", "no FRR configuration structure")
	}
	return c, nil
}

func readPrefixList(f []string, n int) (PrefixListEntry, bool) {
	e := PrefixListEntry{Line: n}
	if len(f) >= 2 && f[0] == "seq" {
		e.Seq, _ = strconv.Atoi(f[1])
		f = f[2:]
	}
	if len(f) < 2 || (f[0] != "permit" && f[0] != "deny") {
		return e, false
	}
	e.Permit = f[0] == "permit"
	if f[1] == "any" {
		e.Prefix, e.LE = netip.MustParsePrefix("0.0.0.0/0"), 32
	} else {
		p, err := netip.ParsePrefix(f[1])
		if err != nil {
			return e, false
		}
		e.Prefix = p
	}
	for j := 2; j+1 < len(f); j += 2 {
		v, _ := strconv.Atoi(f[j+1])
		switch f[j] {
		case "ge":
			e.GE = v
		case "le":
			e.LE = v
		}
	}
	return e, true
}

func (r *BGPRouter) neighbor(name string, n int) *ConfigNeighbor {
	for i := range r.Neighbors {
		if r.Neighbors[i].Neighbor == name {
			r.Neighbors[i].Span.Cover(n)
			return &r.Neighbors[i]
		}
	}
	r.Neighbors = append(r.Neighbors, ConfigNeighbor{Neighbor: name, Span: parsers.Span{Start: n, End: n}})
	return &r.Neighbors[len(r.Neighbors)-1]
}

func (r *BGPRouter) readLine(f []string, n int) {
	switch {
	case len(f) >= 3 && f[0] == "bgp" && f[1] == "router-id":
		r.RouterID, _ = netip.ParseAddr(f[2])
	case len(f) >= 3 && f[0] == "no" && f[1] == "bgp" && f[2] == "ebgp-requires-policy":
		r.RequiresPolicy = false
	case len(f) >= 2 && f[0] == "bgp" && f[1] == "ebgp-requires-policy":
		r.RequiresPolicy = true
	case len(f) >= 2 && f[0] == "network":
		if p, err := netip.ParsePrefix(f[1]); err == nil {
			r.Networks = append(r.Networks, p)
		}
	case len(f) >= 3 && f[0] == "neighbor":
		nb := r.neighbor(f[1], n)
		nb.read(f[2:])
	}
}

func (nb *ConfigNeighbor) read(f []string) {
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	switch f[0] {
	case "remote-as", "interface":
		if f[0] == "interface" && arg(1) == "remote-as" {
			nb.RemoteAS = arg(2)
		} else if f[0] == "remote-as" {
			nb.RemoteAS = arg(1)
		}
	case "description":
		nb.Description = strings.Join(f[1:], " ")
	case "password":
		nb.PasswordConfigured = true // the value is deliberately not read
	case "update-source":
		nb.UpdateSource = arg(1)
	case "local-as":
		// neighbor X local-as N [no-prepend [replace-as]]
		if v, err := strconv.ParseUint(arg(1), 10, 32); err == nil {
			nb.LocalAS = uint32(v)
		}
	case "default-originate":
		nb.DefaultOriginate = true
	case "ebgp-multihop":
		nb.EBGPMultihop = 255
		if v, err := strconv.Atoi(arg(1)); err == nil {
			nb.EBGPMultihop = v
		}
	case "timers":
		if k, err := strconv.Atoi(arg(1)); err == nil {
			nb.TimersKeepalive = k
		}
		if h, err := strconv.Atoi(arg(2)); err == nil {
			nb.TimersHold = h
		}
	case "shutdown":
		nb.Shutdown = true
	case "soft-reconfiguration":
		nb.SoftReconfig = true
	case "route-map", "prefix-list":
		name, dir := arg(1), arg(2)
		switch {
		case f[0] == "route-map" && dir == "in":
			nb.RouteMapIn = name
		case f[0] == "route-map" && dir == "out":
			nb.RouteMapOut = name
		case dir == "in":
			nb.PrefixListIn = name
		case dir == "out":
			nb.PrefixListOut = name
		}
	}
}
