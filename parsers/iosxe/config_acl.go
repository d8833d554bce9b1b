package iosxe

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// startNamedACL opens "ip access-list extended|standard NAME".
func (p *cfgParser) startNamedACL(n int, f []string) {
	typ, name := f[2], ""
	switch {
	case (typ == "extended" || typ == "standard") && len(f) >= 4:
		name = f[3]
	case typ != "extended" && typ != "standard" && typ != "role-based" && typ != "logging":
		// "ip access-list NAME" (IOS-XE 17 for extended lists).
		typ, name = "extended", f[2]
	default:
		return
	}
	acl := p.acl(name, typ)
	acl.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		acl.Span.Cover(n)
		acl.Entries = append(acl.Entries, cfgACLEntry(t, n, typ == "standard"))
		return nil
	}
}

// numberedACL reads "access-list 101 permit gre host A host B": each line
// is one entry of list "101". 1-99 and 1300-1999 are standard lists.
func (p *cfgParser) numberedACL(n int, t string, f []string) {
	num, err := strconv.Atoi(f[1])
	if err != nil {
		return
	}
	std := num < 100 || num >= 1300 && num < 2000
	typ := "extended"
	if std {
		typ = "standard"
	}
	acl := p.acl(f[1], typ)
	acl.Span.Cover(n)
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "access-list"), " "+f[1]))
	acl.Entries = append(acl.Entries, cfgACLEntry(rest, n, std))
}

// acl returns the list called name, creating it when new. The pointer is
// valid until the next list is created.
func (p *cfgParser) acl(name, typ string) *parsers.AccessList {
	for i := range p.rc.AccessLists {
		if p.rc.AccessLists[i].Name == name {
			return &p.rc.AccessLists[i]
		}
	}
	p.rc.AccessLists = append(p.rc.AccessLists, parsers.AccessList{Name: name, Type: typ})
	return &p.rc.AccessLists[len(p.rc.AccessLists)-1]
}

// cfgACLEntry reads "[SEQ] permit|deny|remark PROTO SRC [PORT] DST [PORT]
// [OPTIONS]"; standard entries have no protocol or destination.
func cfgACLEntry(t string, n int, standard bool) parsers.ACLEntry {
	e := parsers.ACLEntry{Text: t, Line: n}
	f := strings.Fields(t)
	if len(f) > 0 {
		if seq, err := strconv.Atoi(f[0]); err == nil {
			e.Seq, f = seq, f[1:]
		}
	}
	if len(f) == 0 {
		return e
	}
	e.Action, f = f[0], f[1:]
	if e.Action != "permit" && e.Action != "deny" {
		return e
	}
	if standard {
		e.Source = strings.Join(f, " ")
		return e
	}
	if len(f) == 0 {
		return e
	}
	e.Protocol, f = f[0], f[1:]
	e.Source, f = cfgACLAddr(f)
	e.SourcePort, f = cfgACLPort(f)
	e.Destination, f = cfgACLAddr(f)
	e.DestinationPort, f = cfgACLPort(f)
	e.Options = strings.Join(f, " ")
	return e
}

// cfgACLAddr takes one address spec: "any", "host A", "A WILDCARD",
// "object-group NAME", "addrgroup NAME".
func cfgACLAddr(f []string) (string, []string) {
	if len(f) == 0 {
		return "", f
	}
	switch f[0] {
	case "any", "any4", "any6":
		return f[0], f[1:]
	case "host", "object-group", "addrgroup":
		if len(f) >= 2 {
			return f[0] + " " + f[1], f[2:]
		}
		return f[0], f[1:]
	}
	if _, err := netip.ParsePrefix(f[0]); err == nil {
		return f[0], f[1:]
	}
	if _, err := netip.ParseAddr(f[0]); err == nil && len(f) >= 2 {
		if _, err := netip.ParseAddr(f[1]); err == nil {
			return f[0] + " " + f[1], f[2:]
		}
	}
	return f[0], f[1:]
}

// cfgACLPort takes a port operator if one follows: "eq 500", "range 1 2".
func cfgACLPort(f []string) (string, []string) {
	if len(f) == 0 {
		return "", f
	}
	switch f[0] {
	case "eq", "gt", "lt", "neq":
		if len(f) >= 2 {
			return f[0] + " " + f[1], f[2:]
		}
	case "range":
		if len(f) >= 3 {
			return strings.Join(f[:3], " "), f[3:]
		}
	}
	return "", f
}

// prefixList reads "ip prefix-list NAME [seq N] permit|deny P [ge X] [le Y]";
// "ip prefix-list NAME description ..." is skipped. Without seq, IOS numbers
// entries in steps of 5.
func (p *cfgParser) prefixList(n int, f []string) error {
	name, f := f[2], f[3:]
	e := parsers.PrefixListEntry{Line: n}
	if f[0] == "seq" {
		if len(f) < 2 {
			return devErrWant("a sequence number after seq")
		}
		seq, err := cfgAtoiStrict(f[1])
		if err != nil {
			return err
		}
		e.Seq, f = seq, f[2:]
	}
	if len(f) < 2 || f[0] != "permit" && f[0] != "deny" {
		return nil
	}
	pfx, err := netip.ParsePrefix(f[1])
	if err != nil {
		return devErrWant("a prefix, not " + strconv.Quote(f[1]))
	}
	e.Action, e.Prefix = f[0], pfx
	for i := 2; i+1 < len(f); i += 2 {
		switch f[i] {
		case "ge":
			e.GE = devAtoi(f[i+1])
		case "le":
			e.LE = devAtoi(f[i+1])
		}
	}
	var pl *parsers.PrefixList
	for i := range p.rc.PrefixLists {
		if p.rc.PrefixLists[i].Name == name {
			pl = &p.rc.PrefixLists[i]
		}
	}
	if pl == nil {
		p.rc.PrefixLists = append(p.rc.PrefixLists, parsers.PrefixList{Name: name})
		pl = &p.rc.PrefixLists[len(p.rc.PrefixLists)-1]
	}
	if e.Seq == 0 {
		e.Seq = 5
		if k := len(pl.Entries); k > 0 {
			e.Seq = pl.Entries[k-1].Seq + 5
		}
	}
	pl.Entries = append(pl.Entries, e)
	return nil
}

// startRouteMap opens "route-map NAME [permit|deny] [SEQ]" (defaults:
// permit 10).
func (p *cfgParser) startRouteMap(n int, f []string) {
	name := f[1]
	c := parsers.RouteMapClause{Action: "permit", Seq: 10}
	if len(f) >= 3 {
		c.Action = f[2]
	}
	if len(f) >= 4 {
		c.Seq = devAtoi(f[3])
	}
	c.Span.Cover(n)
	var rm *parsers.RouteMap
	for i := range p.rc.RouteMaps {
		if p.rc.RouteMaps[i].Name == name {
			rm = &p.rc.RouteMaps[i]
		}
	}
	if rm == nil {
		p.rc.RouteMaps = append(p.rc.RouteMaps, parsers.RouteMap{Name: name})
		rm = &p.rc.RouteMaps[len(p.rc.RouteMaps)-1]
	}
	rm.Clauses = append(rm.Clauses, c)
	cl := &rm.Clauses[len(rm.Clauses)-1]
	p.body = func(n int, t string, _ int) error {
		cl.Span.Cover(n)
		switch {
		case strings.HasPrefix(t, "match "):
			cl.Matches = append(cl.Matches, strings.TrimPrefix(t, "match "))
		case strings.HasPrefix(t, "set "):
			cl.Sets = append(cl.Sets, strings.TrimPrefix(t, "set "))
		}
		return nil
	}
}

// staticRoute reads "ip route [vrf V] PREFIX MASK [IFACE] [NEXTHOP] [DIST]
// [name N] [tag T] [permanent] [track K]". f starts after "ip route".
func (p *cfgParser) staticRoute(n int, f []string) {
	r := parsers.StaticRoute{Line: n}
	if f[0] == "vrf" && len(f) >= 2 {
		r.VRF, f = f[1], f[2:]
	}
	if len(f) < 3 {
		return
	}
	pfx, ok := cfgPrefixFromMask(f[0], f[1])
	if !ok {
		return
	}
	r.Prefix, f = pfx.Masked(), f[2:]
	for i := 0; i < len(f); i++ {
		w := f[i]
		next := ""
		if i+1 < len(f) {
			next = f[i+1]
		}
		if a, err := netip.ParseAddr(w); err == nil {
			r.NextHop = a
			continue
		}
		if d, err := strconv.Atoi(w); err == nil {
			r.Distance = d
			continue
		}
		switch w {
		case "name":
			r.Name, i = next, i+1
		case "tag":
			r.Tag, i = devAtoi(next), i+1
		case "track":
			r.Track, i = devAtoi(next), i+1
		case "permanent":
			r.Permanent = true
		case "global", "multicast", "dhcp":
		default:
			if r.Interface == "" && !r.NextHop.IsValid() {
				r.Interface = parsers.InterfaceName(w)
			}
		}
	}
	p.rc.StaticRoutes = append(p.rc.StaticRoutes, r)
}
