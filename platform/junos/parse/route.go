package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// RouteTable is one "inet.0: 14 destinations, ..." block.
type RouteTable struct {
	Name         string       `json:"name"`
	Destinations uint64       `json:"destinations"`
	Routes       []Route      `json:"routes"`
	Hidden       uint64       `json:"hidden"` // routes hidden by policy, from the header
	Span         parsers.Span `json:"span"`
}

// Route is one path of a prefix.
type Route struct {
	Prefix netip.Prefix `json:"prefix"`
	// Active: the path is the active one ("*" or "+").
	Active   bool       `json:"active"`
	Protocol string     `json:"protocol,omitempty"` // BGP, Static, Direct (show route)
	Pref     uint32     `json:"pref,omitempty"`
	NextHop  netip.Addr `json:"next_hop,omitzero"`
	// NextHopText is the next hop as printed: an address, "Self", "Discard".
	NextHopText string       `json:"next_hop_text,omitempty"`
	Interface   string       `json:"interface,omitempty"` // "via st0.0"
	MED         int64        `json:"med"`                 // -1 when not printed
	LocalPref   int64        `json:"local_pref"`          // -1 when not printed
	ASPath      string       `json:"as_path,omitempty"`   // "65002 I"
	Span        parsers.Span `json:"span"`
}

// Routes is `show route receive-protocol|advertising-protocol bgp X
// [hidden]` or `show route [X]`.
type Routes struct {
	Tables []RouteTable `json:"tables"`
}

// All returns the routes of every table.
func (r *Routes) All() []Route {
	var out []Route
	for _, t := range r.Tables {
		out = append(out, t.Routes...)
	}
	return out
}

const cmdRoute = "show route"

// tableHead reads "inet.0: 14 destinations, 14 routes (14 active, 0 holddown, 0 hidden)".
func tableHead(t string) (RouteTable, bool) {
	name, rest, ok := strings.Cut(t, ": ")
	if !ok || strings.Contains(name, " ") || !strings.Contains(rest, "destinations") {
		return RouteTable{}, false
	}
	rt := RouteTable{Name: name}
	f := strings.Fields(strings.NewReplacer("(", " ", ")", " ", ",", " ").Replace(rest))
	for i := 1; i < len(f); i++ {
		switch f[i] {
		case "destinations":
			rt.Destinations, _ = u64(f[i-1])
		case "hidden":
			rt.Hidden, _ = u64(f[i-1])
		}
	}
	return rt, true
}

// cols are the column starts of the "Prefix Nexthop MED Lclpref AS path" header.
type cols struct{ nh, med, lp, path int }

// ParseRoutes reads `show route receive-protocol bgp X`, `show route
// advertising-protocol bgp X` (the one-line-per-path table) and `show route
// [X] [protocol P]` (the "*[BGP/170]" form).
func ParseRoutes(out string) (*Routes, error) {
	ls := prep(out)
	r := &Routes{}
	var (
		cur  *RouteTable
		hdr  *cols
		last netip.Prefix
	)
	for _, l := range ls {
		t := l.trim()
		if rt, ok := tableHead(t); ok {
			rt.Span = parsers.Span{Start: l.n, End: l.n}
			r.Tables = append(r.Tables, rt)
			cur, hdr = &r.Tables[len(r.Tables)-1], nil
			continue
		}
		if cur == nil {
			return nil, perr(cmdRoute, l.n, t, "want \"TABLE: N destinations, N routes\"")
		}
		cur.Span.Cover(l.n)
		switch {
		case strings.HasPrefix(t, "+ = Active"), strings.HasPrefix(t, "Restart "):
			continue
		case strings.HasPrefix(t, "Prefix") && strings.Contains(t, "Nexthop"):
			hdr = &cols{nh: strings.Index(l.text, "Nexthop"), med: strings.Index(l.text, "MED"),
				lp: strings.Index(l.text, "Lclpref"), path: strings.Index(l.text, "AS path")}
			continue
		case hdr != nil:
			rt, ok := protocolRow(l.text, *hdr)
			if !ok {
				return nil, perr(cmdRoute, l.n, t, "want \"[*] PREFIX NEXTHOP [MED] [LCLPREF] AS-PATH\"")
			}
			rt.Span = parsers.Span{Start: l.n, End: l.n}
			cur.Routes = append(cur.Routes, rt)
			continue
		}
		if err := detailRouteLine(cur, &last, l, t); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func protocolRow(s string, h cols) (Route, bool) {
	rt := Route{MED: -1, LocalPref: -1}
	t := strings.TrimSpace(s)
	f := strings.Fields(t)
	if len(f) > 0 && (f[0] == "*" || f[0] == "+" || f[0] == "-") {
		rt.Active = f[0] != "-"
		f = f[1:]
	}
	if len(f) < 3 {
		return rt, false
	}
	p, err := netip.ParsePrefix(f[0])
	if err != nil {
		return rt, false
	}
	rt.Prefix, rt.NextHopText = p.Masked(), f[1]
	rt.NextHop, _ = netip.ParseAddr(f[1])
	rest := f[2:]
	nhAt := strings.Index(s, " "+f[1]+" ") + 1
	if nhAt == h.nh && h.med > 0 && h.lp > h.med && h.path > h.lp {
		// Aligned columns: place MED and Lclpref by where they start.
		pos := nhAt + len(f[1])
		for len(rest) > 0 {
			at := strings.Index(s[pos:], rest[0]) + pos
			if at >= h.path {
				break
			}
			v, ok := u64(rest[0])
			if !ok {
				break
			}
			if at < h.lp {
				rt.MED = int64(v)
			} else {
				rt.LocalPref = int64(v)
			}
			pos, rest = at+len(rest[0]), rest[1:]
		}
	} else if len(rest) >= 3 {
		// Columns out of line (pasted output): MED and Lclpref are the two
		// numbers before the AS path.
		if a, ok := u64(rest[0]); ok {
			if b, ok := u64(rest[1]); ok {
				rt.MED, rt.LocalPref, rest = int64(a), int64(b), rest[2:]
			}
		}
	}
	rt.ASPath = strings.Join(rest, " ")
	return rt, len(rest) > 0
}

// detailRouteLine reads the "show route" form:
//
//	10.225.0.0/16      *[BGP/170] 00:42:37, localpref 100
//	                      AS path: 65002 I, validation-state: unverified
//	                    >  to 10.225.254.254 via st0.0
func detailRouteLine(cur *RouteTable, last *netip.Prefix, l line, t string) error {
	f := strings.Fields(t)
	if p, err := netip.ParsePrefix(f[0]); err == nil {
		*last = p.Masked()
		f = f[1:]
		if len(f) == 0 {
			return nil
		}
	}
	if e := f[0]; strings.Contains(e, "[") && strings.Contains(e, "/") {
		if !last.IsValid() {
			return perr(cmdRoute, l.n, t, "path without a prefix")
		}
		rt := Route{Prefix: *last, MED: -1, LocalPref: -1, Span: parsers.Span{Start: l.n, End: l.n}}
		rt.Active = strings.HasPrefix(e, "*") || strings.HasPrefix(e, "+")
		pp := strings.Trim(e[strings.Index(e, "[")+1:], "]")
		proto, pref, _ := strings.Cut(pp, "/")
		rt.Protocol = proto
		rt.Pref, _ = u32(pref)
		for i := 0; i+1 < len(f); i++ {
			if f[i] == "localpref" {
				if v, ok := u64(f[i+1]); ok {
					rt.LocalPref = int64(v)
				}
			}
		}
		cur.Routes = append(cur.Routes, rt)
		return nil
	}
	if len(cur.Routes) == 0 {
		return perr(cmdRoute, l.n, t, "want \"PREFIX *[PROTO/PREF]\"")
	}
	rt := &cur.Routes[len(cur.Routes)-1]
	rt.Span.Cover(l.n)
	switch {
	case strings.HasPrefix(t, "AS path:"):
		rt.ASPath = strings.TrimSpace(strings.Split(strings.TrimPrefix(t, "AS path:"), ",")[0])
	default:
		// ">  to 10.225.254.254 via st0.0", "> via st0.0", "Local via st0.0", "Discard"
		for i := 0; i < len(f); i++ {
			switch {
			case f[i] == "to" && i+1 < len(f) && rt.NextHopText == "":
				rt.NextHopText = f[i+1]
				rt.NextHop, _ = netip.ParseAddr(f[i+1])
			case f[i] == "via" && i+1 < len(f) && rt.Interface == "":
				rt.Interface = strings.TrimSuffix(f[i+1], ",")
			case (f[i] == "Discard" || f[i] == "Reject" || f[i] == "Local" || f[i] == "Receive") && rt.NextHopText == "":
				rt.NextHopText = f[i]
			}
		}
	}
	return nil
}
