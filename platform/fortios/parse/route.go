package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const (
	cmdRouteTable  = "get router info routing-table all"
	cmdRouteDetail = "get router info routing-table details X"
)

// Route is one prefix of the routing table, with its paths.
type Route struct {
	// Code is the protocol code as printed: "S*", "B", "O E2", "O*E2", "C".
	Code string `json:"code"`
	// Protocol is the code's protocol word: "static", "bgp", "connected",
	// "kernel", "ospf", "rip", "isis", or the code when unknown.
	Protocol         string       `json:"protocol"`
	CandidateDefault bool         `json:"candidate_default,omitempty"`
	Prefix           netip.Prefix `json:"prefix"`
	Paths            []RoutePath  `json:"paths"`
	Span             parsers.Span `json:"span"`
}

// RoutePath is one next hop of a route.
type RoutePath struct {
	Distance  int        `json:"distance"`
	Metric    uint32     `json:"metric"`
	NextHop   netip.Addr `json:"next_hop,omitzero"`
	Interface string     `json:"interface,omitempty"`
	// Tunnel is set for "via NAME tunnel PEER": NextHop is the IPsec peer.
	Tunnel    bool `json:"tunnel,omitempty"`
	Connected bool `json:"connected,omitempty"`
	// Recursive is the path a BGP next hop resolves over:
	// "(recursive via SPOKE1 tunnel 100.1.1.2)".
	RecursiveVia string       `json:"recursive_via,omitempty"`
	Age          string       `json:"age,omitempty"` // "00:21:41", "3d13h31m"
	Span         parsers.Span `json:"span"`
}

// RouteTable is `get router info routing-table all|bgp|static`.
type RouteTable struct {
	Routes          []Route     `json:"routes"`
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

var protocols = map[byte]string{'K': "kernel", 'C': "connected", 'S': "static", 'R': "rip",
	'B': "bgp", 'O': "ospf", 'i': "isis", 'V': "vpn"}

// ParseRouteTable reads `get router info routing-table all` (or one of its
// protocol views). An output of only the legend is an empty table.
func ParseRouteTable(out string) (*RouteTable, error) {
	lines, any := content(out)
	rt := &RouteTable{Routes: []Route{}}
	if !any {
		return rt, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		rt.Unavailable, rt.UnavailableText = u, text
		return rt, nil
	}
	legend := false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "Codes:"):
			legend = true
			continue
		case strings.HasPrefix(t, "Routing table for VRF"):
			legend = true
			continue
		case legend && len(rt.Routes) == 0 && strings.Contains(t, " - ") && !strings.Contains(t, "/"):
			continue // legend continuation
		case strings.Contains(t, " - ") && strings.HasPrefix(t, "* - candidate default"):
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(rt.Routes) == 0 {
				return nil, perr(cmdRouteTable, n, l, "path continuation before any route")
			}
			r := &rt.Routes[len(rt.Routes)-1]
			p, ok := routePath(t)
			if !ok {
				return nil, perr(cmdRouteTable, n, l, "expected \"[D/M] via NEXTHOP, IFACE\" or \"is directly connected, IFACE\"")
			}
			p.Span = parsers.Span{Start: n, End: n}
			r.Paths = append(r.Paths, p)
			r.Span.Cover(n)
			continue
		}
		r, ok := routeLine(l)
		if !ok {
			return nil, perr(cmdRouteTable, n, l, "expected \"CODE PREFIX [D/M] via NEXTHOP, IFACE\"")
		}
		r.Span = parsers.Span{Start: n, End: n}
		r.Paths[0].Span = r.Span
		rt.Routes = append(rt.Routes, r)
	}
	if !legend && len(rt.Routes) == 0 {
		return nil, perr(cmdRouteTable, 1, "", "no routing table in output")
	}
	return rt, nil
}

// Lookup returns the routes for exactly p.
func (rt *RouteTable) Lookup(p netip.Prefix) []Route {
	var out []Route
	for _, r := range rt.Routes {
		if r.Prefix == p {
			out = append(out, r)
		}
	}
	return out
}

// routeLine reads "S*      0.0.0.0/0 [5/0] via 200.1.1.1, port2, [1/0]".
func routeLine(l string) (Route, bool) {
	var r Route
	words, offs := splitWords(l)
	for i, w := range words {
		pf, err := netip.ParsePrefix(w)
		if err != nil {
			continue
		}
		if i == 0 {
			return r, false
		}
		r.Code = strings.Join(strings.Fields(l[:offs[i]]), " ")
		r.Prefix = pf
		r.CandidateDefault = strings.Contains(r.Code, "*")
		r.Protocol = r.Code
		if p, ok := protocols[r.Code[0]]; ok {
			r.Protocol = p
		}
		p, ok := routePath(strings.TrimSpace(l[offs[i]+len(w):]))
		if !ok {
			return r, false
		}
		r.Paths = []RoutePath{p}
		return r, true
	}
	return r, false
}

// routePath reads the part after the prefix.
func routePath(t string) (RoutePath, bool) {
	var p RoutePath
	if strings.HasPrefix(t, "[") {
		dm, rest, ok := strings.Cut(t[1:], "]")
		d, m, ok2 := slash(dm)
		if !ok || !ok2 {
			return p, false
		}
		p.Distance, p.Metric = int(d), uint32(m)
		t = strings.TrimSpace(rest)
	}
	if strings.HasPrefix(t, "is directly connected") {
		p.Connected = true
		parts := strings.Split(t, ",")
		if len(parts) > 1 {
			p.Interface = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			p.Age = strings.TrimSpace(parts[2])
		}
		return p, true
	}
	if strings.HasPrefix(t, "is a summary") {
		parts := strings.Split(t, ",")
		if len(parts) > 1 {
			p.Interface = strings.TrimSpace(parts[1])
		}
		return p, true
	}
	if !strings.HasPrefix(t, "via ") {
		return p, false
	}
	t = strings.TrimPrefix(t, "via ")
	if a, b, ok := strings.Cut(t, "(recursive via "); ok {
		rv, rest, _ := strings.Cut(b, ")")
		p.RecursiveVia = strings.TrimSpace(rv)
		t = strings.TrimSpace(a) + rest
	}
	parts := strings.Split(t, ",")
	hop := strings.Fields(parts[0])
	switch {
	case len(hop) == 1:
		a, err := netip.ParseAddr(hop[0])
		if err != nil {
			return p, false
		}
		p.NextHop = a
	case len(hop) == 3 && hop[1] == "tunnel":
		a, err := netip.ParseAddr(hop[2])
		if err != nil {
			return p, false
		}
		p.Interface, p.Tunnel, p.NextHop = hop[0], true, a
	default:
		return p, false
	}
	for _, x := range parts[1:] {
		x = strings.TrimSpace(x)
		switch {
		case x == "" || strings.HasPrefix(x, "["):
			// [weight/priority] of 7.x static routes
		case strings.ContainsAny(x[:1], "0123456789") && (strings.Contains(x, ":") || strings.ContainsAny(x, "dhmw")):
			p.Age = x
		case p.Interface == "":
			p.Interface = x
		}
	}
	return p, true
}

// RouteDetail is `get router info routing-table details X`.
type RouteDetail struct {
	Entries         []RouteEntry `json:"entries"`
	Unavailable     Unavailable  `json:"unavailable,omitempty"`
	UnavailableText string       `json:"unavailable_text,omitempty"`
}

// RouteEntry is one "Routing entry for P" block.
type RouteEntry struct {
	Prefix     netip.Prefix `json:"prefix"`
	Protocol   string       `json:"protocol"` // "bgp", "static", "connected" from Known via "..."
	Distance   int          `json:"distance"`
	Metric     uint32       `json:"metric"`
	Best       bool         `json:"best"`
	LastUpdate string       `json:"last_update,omitempty"`
	Paths      []RoutePath  `json:"paths"`
	Span       parsers.Span `json:"span"`
}

// ParseRouteDetail reads `get router info routing-table details X`; "%
// Network not in table" is a valid result with Unavailable NotInTable.
func ParseRouteDetail(out string) (*RouteDetail, error) {
	lines, any := content(out)
	rd := &RouteDetail{Entries: []RouteEntry{}}
	if !any {
		return rd, nil
	}
	var e *RouteEntry
	seen := false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "Routing table for VRF"):
			seen = true
			continue
		case strings.HasPrefix(t, "Routing entry for "):
			pf, err := netip.ParsePrefix(strings.Fields(strings.TrimPrefix(t, "Routing entry for "))[0])
			if err != nil {
				return nil, perr(cmdRouteDetail, n, l, "expected \"Routing entry for PREFIX\"")
			}
			rd.Entries = append(rd.Entries, RouteEntry{Prefix: pf, Paths: []RoutePath{}})
			e, seen = &rd.Entries[len(rd.Entries)-1], true
		case e == nil:
			if u, ok := classifyWarning(t); ok {
				rd.Unavailable, rd.UnavailableText = u, t
				seen = true
				continue
			}
			return nil, perr(cmdRouteDetail, n, l, "expected \"Routing entry for\"")
		case strings.HasPrefix(t, "Known via "):
			knownVia(e, t)
		case strings.HasPrefix(t, "Last update "):
			e.LastUpdate = strings.TrimSuffix(strings.TrimPrefix(t, "Last update "), " ago")
		case strings.HasPrefix(t, "*") || strings.HasPrefix(t, "directly connected") || strings.HasPrefix(t, "via "):
			e.Paths = append(e.Paths, detailPath(strings.TrimSpace(strings.TrimPrefix(t, "*")), n))
		}
		e.Span.Cover(n)
	}
	if !seen {
		return nil, perr(cmdRouteDetail, 1, "", "no routing entry in output")
	}
	return rd, nil
}

// knownVia reads `Known via "bgp", distance 20, metric 0, best`.
func knownVia(e *RouteEntry, t string) {
	for _, part := range strings.Split(strings.TrimPrefix(t, "Known via "), ",") {
		f := strings.Fields(part)
		switch {
		case len(f) == 0:
		case strings.HasPrefix(f[0], `"`):
			e.Protocol = strings.Trim(f[0], `"`)
		case f[0] == "distance" && len(f) > 1:
			e.Distance, _ = atoi(f[1])
		case f[0] == "metric" && len(f) > 1:
			e.Metric, _ = atou32(f[1])
		case f[0] == "best":
			e.Best = true
		}
	}
}

// detailPath reads "169.254.1.1, via VPN-DCA", "directly connected, port1",
// "10.10.10.1 (recursive via SPOKE1 tunnel 100.1.1.2)".
func detailPath(t string, n int) RoutePath {
	p := RoutePath{Span: parsers.Span{Start: n, End: n}}
	if a, b, ok := strings.Cut(t, "(recursive via "); ok {
		rv, rest, _ := strings.Cut(b, ")")
		p.RecursiveVia = strings.TrimSpace(rv)
		t = strings.TrimSpace(a) + rest
	}
	if strings.HasPrefix(t, "vrf ") {
		if f := strings.Fields(t); len(f) > 2 {
			t = strings.Join(f[2:], " ")
		}
	}
	parts := strings.Split(t, ",")
	head := strings.TrimSpace(parts[0])
	if strings.HasPrefix(head, "directly connected") {
		p.Connected = true
	} else {
		f := strings.Fields(strings.TrimPrefix(head, "via "))
		if len(f) == 3 && f[1] == "tunnel" {
			p.Interface, p.Tunnel = f[0], true
			p.NextHop, _ = netip.ParseAddr(f[2])
		} else if len(f) > 0 {
			p.NextHop, _ = netip.ParseAddr(f[0])
		}
	}
	for _, x := range parts[1:] {
		x = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(x), "via "))
		if x != "" && p.Interface == "" && !strings.HasPrefix(x, "[") {
			p.Interface = x
		}
	}
	return p
}
