package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdCEF = "show ip cef"

// ParseCEF parses `show ip cef [vrf V] [X[/len] | X MASK] [detail]` and
// `show ipv6 cef ...` (IOS 12.4/15.x, IOS-XE 3.x-17.x). Three layouts:
//
// The table of `show ip cef` (one row per prefix; a row with a blank prefix
// column is another next hop of the row above):
//
//	Prefix               Next Hop             Interface
//	0.0.0.0/0            172.17.40.1          Tunnel0
//	0.0.0.0/8            drop
//	10.1.2.0/24          attached             GigabitEthernet2.100
//	10.1.3.0/24          10.1.2.1             GigabitEthernet2.100
//	                     10.2.3.3             GigabitEthernet3.100
//	0.0.0.0/0            no route
//
// The entry form of a lookup (`show ip cef 203.0.113.1` prints the longest
// match covering the address) and of `detail`: the prefix at the margin,
// with ", epoch N, flags [...]" in the detail form, then indented lines:
//
//	203.0.113.0/25
//	  nexthop 100.64.1.1 Tunnel1
//	0.0.0.0/0, epoch 3, flags [default route handler, default route]
//	  no route
//
// "nexthop X IF [label L]", "attached to IF", "recursive via X", "repair:
// attached-nexthop X IF" and the 12.x "next hop X, IF" lines become next
// hops; "receive [for IF]", "drop", "no route" and the flags set the
// entry's Receive, Drop, NoRoute, Attached and DefaultRouteHandler (a
// receive entry has no next hop: the router is the destination). Other indented lines (NetFlow, Interest List, Adj source,
// covered prefixes, label info) and the detail header ("IPv4 CEF is enabled
// and running", prefix counts, epochs) are ignored. "%IPv4 CEF not running"
// is kept as Message; any other "%" line is a ParseError.
func ParseCEF(out string) (*parsers.CEF, error) {
	res := &parsers.CEF{Entries: []parsers.CEFEntry{}}
	table := false
	rec := -1 // indentation of the "recursive via" line being resolved
	var cur *parsers.CEFEntry
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		if t == "" || parsers.IsBanner(t) || isEchoOrPrompt(t) {
			continue
		}
		switch {
		case strings.HasPrefix(t, "%"):
			if strings.Contains(t, "CEF not running") || strings.Contains(t, "CEF not enabled") {
				res.Message = t
				continue
			}
			return nil, &parsers.ParseError{Command: cmdCEF, Line: n, Text: t, Msg: "device error"}
		case strings.HasPrefix(t, "Prefix") && strings.Contains(t, "Next Hop"):
			table, cur = true, nil
			continue
		case strings.HasPrefix(t, "VRF "):
			res.VRF = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(t, "VRF ")), ":")
			continue
		}
		margin := line[0] != ' ' && line[0] != '\t'
		if margin {
			if e, rest, ok := cefEntryHead(t); ok {
				e.Span = parsers.Span{Start: n, End: n}
				res.Entries = append(res.Entries, e)
				cur, rec = &res.Entries[len(res.Entries)-1], -1
				if table && rest != "" {
					cefTableCols(cur, rest, n)
				}
				continue
			}
		}
		switch {
		case cur == nil:
		case table && !margin:
			// Another next hop of the row above, its prefix column blank.
			cefTableCols(cur, t, n)
			cur.Span.End = n
		case !table:
			// Indented lines, and "no route" which IOS-XE prints at the
			// margin under the entry (12.x's "0 packets, 0 bytes" too).
			cefBodyLine(cur, t, n, len(line)-len(strings.TrimLeft(line, " \t")), &rec)
			cur.Span.End = n
		}
	}
	return res, nil
}

// cefEntryHead reads an entry line at the margin: "203.0.113.0/25",
// "0.0.0.0/0, epoch 3, flags [default route handler, default route]",
// "0.0.0.0/0, version 46142, epoch 0, cached adjacency 199.220.235.181" or
// a table row "10.1.2.0/24   attached   GigabitEthernet2.100". rest is the
// table columns after the prefix.
func cefEntryHead(t string) (parsers.CEFEntry, string, bool) {
	head, attrs, hasAttrs := strings.Cut(t, ",")
	pfxText := devFirstField(head)
	pfx, err := netip.ParsePrefix(pfxText)
	if err != nil {
		return parsers.CEFEntry{}, "", false
	}
	e := parsers.CEFEntry{Prefix: pfx, NextHops: []parsers.CEFNextHop{}}
	rest := strings.TrimSpace(head[len(pfxText):])
	if hasAttrs {
		rest = ""
		cefFlags(&e, attrs)
	}
	return e, rest, true
}

// cefFlags reads the attributes after the prefix: "epoch 3, flags
// [default route handler, default route]", "flags attached, connected",
// "version 7, epoch 0, cached adjacency X", "receive".
func cefFlags(e *parsers.CEFEntry, attrs string) {
	if i := strings.Index(attrs, "flags "); i >= 0 {
		fl := strings.Trim(strings.TrimSpace(attrs[i+len("flags "):]), "[]")
		for _, f := range strings.Split(fl, ",") {
			if f = strings.Trim(strings.TrimSpace(f), "[]"); f != "" {
				e.Flags = append(e.Flags, f)
			}
		}
		attrs = attrs[:i]
	}
	for _, seg := range strings.Split(attrs, ",") {
		seg = strings.TrimSpace(seg)
		if seg == "" || strings.HasPrefix(seg, "epoch ") || strings.HasPrefix(seg, "version ") {
			continue
		}
		e.Flags = append(e.Flags, seg)
	}
	for _, f := range e.Flags {
		switch f {
		case "attached":
			e.Attached = true
		case "receive":
			e.Receive = true
		case "drop":
			e.Drop = true
		case "default route handler":
			e.DefaultRouteHandler = true
		}
	}
}

// cefTableCols reads the Next Hop and Interface columns of a table row:
// "172.17.40.1 Tunnel0", "attached Gi2", "receive", "drop", "no route".
func cefTableCols(e *parsers.CEFEntry, s string, n int) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return
	}
	nh := parsers.CEFNextHop{Span: parsers.Span{Start: n, End: n}}
	switch {
	case s == "no route":
		e.NoRoute = true
		return
	case f[0] == "drop":
		e.Drop = true
		return
	case f[0] == "receive":
		e.Receive = true // for the router itself: no next hop
		return
	case f[0] == "attached":
		e.Attached, nh.Attached = true, true
	default:
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			return
		}
		nh.Address = a
	}
	if len(f) >= 2 {
		nh.Interface = f[1]
	}
	e.NextHops = append(e.NextHops, nh)
}

// cefBodyLine reads a line under an entry of the entry form; indent is its
// indentation. A "recursive via X" hop is resolved by the more indented
// "nexthop X IF" / "attached to IF" line under it, which completes that
// hop instead of adding one; *rec is the indentation of such a hop, -1
// when none is open.
func cefBodyLine(e *parsers.CEFEntry, t string, n, indent int, rec *int) {
	cefLine(e, t, n, func(nh parsers.CEFNextHop) {
		if k := len(e.NextHops) - 1; *rec >= 0 && indent > *rec && k >= 0 && !nh.Recursive && !nh.Repair {
			last := &e.NextHops[k]
			if last.Interface == "" {
				last.Interface, last.Attached, last.Span.End = nh.Interface, nh.Attached, n
				if !last.Address.IsValid() {
					last.Address = nh.Address
				}
				return
			}
		}
		if nh.Attached && !nh.Repair {
			e.Attached = true // the prefix itself is on the interface
		}
		*rec = -1
		if nh.Recursive {
			*rec = indent
		}
		e.NextHops = append(e.NextHops, nh)
	})
}

// cefLine reads one line under an entry, setting the entry's flags and
// calling add for a next hop.
func cefLine(e *parsers.CEFEntry, t string, n int, add func(parsers.CEFNextHop)) {
	f := strings.Fields(t)
	nh := parsers.CEFNextHop{Span: parsers.Span{Start: n, End: n}}
	switch {
	case t == "no route":
		e.NoRoute = true
		return
	case t == "drop" || t == "Special source: drop":
		e.Drop = true
		return
	case t == "receive" || strings.HasPrefix(t, "receive for ") || t == "Special source: receive":
		e.Receive = true // for the router itself: no next hop
		return
	case f[0] == "nexthop" && len(f) >= 2:
		// nexthop 10.1.2.2 GigabitEthernet2.100 [label 22-(local:2043)][, repair]
		a, err := netip.ParseAddr(f[1])
		if err != nil {
			return
		}
		nh.Address = a
		if len(f) >= 3 {
			nh.Interface = strings.TrimSuffix(f[2], ",")
		}
		if _, l, ok := strings.Cut(t, " label "); ok {
			nh.Label = strings.TrimSuffix(devFirstField(l), ",")
		}
		nh.Repair = strings.HasSuffix(t, ", repair")
	case strings.HasPrefix(t, "attached to ") && len(f) >= 3:
		nh.Attached, nh.Interface = true, f[2]
	case strings.HasPrefix(t, "recursive via ") && len(f) >= 3:
		a, err := netip.ParseAddr(strings.TrimSuffix(f[2], ","))
		if err != nil {
			return
		}
		nh.Address, nh.Recursive = a, true
	case strings.HasPrefix(t, "repair: attached-nexthop ") && len(f) >= 3:
		nh.Address, _ = netip.ParseAddr(f[2])
		nh.Repair, nh.Attached = true, true
		if len(f) >= 4 {
			nh.Interface = f[3]
		}
	case strings.HasPrefix(t, "next hop ") && len(f) >= 3:
		// 12.x: "next hop 199.220.235.181, GigabitEthernet0/1 via 199.220.235.181/32"
		a, err := netip.ParseAddr(strings.TrimSuffix(f[2], ","))
		if err != nil {
			return
		}
		nh.Address = a
		if len(f) >= 4 {
			nh.Interface = strings.TrimSuffix(f[3], ",")
		}
		if a.IsUnspecified() && nh.Interface == "" {
			return // "next hop 0.0.0.0" of a drop adjacency
		}
	case t == "valid drop adjacency":
		e.Drop = true
		return
	case t == "valid glean adjacency":
		e.Attached = true
		return
	default:
		return
	}
	add(nh)
}
