package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const (
	cmdRouteLookup = "show ip route X"
	cmdRouteTable  = "show ip route"
)

// ParseRouteLookup parses `show ip route X`, `show ip route X MASK` and
// `show ip route vrf V X [MASK]` (IOS 12.4/15.x, IOS-XE 3.x-17.x): the
// "Routing entry for" block with its "Known via", tag, last-update and
// Routing Descriptor Blocks, or the "% Network not in table" / "% Subnet not
// in table" message (Found false). The "Routing Table: V" header of the vrf
// form sets VRF on the lookup and the route. IOS-XE 16.x/17.x add
// "opaque_ptr" and "MPLS label: none" lines to a descriptor block and
// "(connected)" after a connected route's metric; they change nothing read.
// "Default gateway is" (routing disabled) is also reported as not found.
func ParseRouteLookup(out string) (*parsers.RouteLookup, error) {
	res := &parsers.RouteLookup{}
	var (
		r   *parsers.Route
		nh  *parsers.NextHop
		vrf string
	)
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		if t == "" || parsers.IsBanner(t) || isPrompt(t) {
			continue
		}
		switch {
		case strings.HasPrefix(t, "%") && strings.Contains(t, "not in table"),
			strings.HasPrefix(t, "Default gateway is"):
			if r == nil {
				res.Message = t
				res.Span = parsers.Span{Start: n, End: n}
			}
		case strings.HasPrefix(t, "Routing Table:"):
			vrf = strings.TrimSpace(strings.TrimPrefix(t, "Routing Table:"))
			if r == nil {
				res.VRF = vrf
			}
		case strings.HasPrefix(t, "Routing entry for "):
			if r != nil {
				continue // a second entry (longer listings): keep the first
			}
			rest := strings.TrimPrefix(t, "Routing entry for ")
			q, flags, _ := strings.Cut(rest, ",")
			pfx, ok := parseNetwork(strings.TrimSpace(q))
			if !ok {
				return nil, &parsers.ParseError{Command: cmdRouteLookup, Line: n, Text: t, Msg: "want prefix"}
			}
			r = &parsers.Route{Prefix: pfx, VRF: vrf, Supernet: strings.Contains(flags, "supernet"), NextHops: []parsers.NextHop{}}
			r.Span.Cover(n)
			res.Query, res.Found, res.Route = strings.TrimSpace(q), true, r
		case r == nil:
		default:
			r.Span.Cover(n)
			nh = lookupLine(r, nh, n, t)
		}
	}
	if !res.Found && res.Message == "" {
		return nil, &parsers.ParseError{Command: cmdRouteLookup, Msg: `want "Routing entry for" or "% Network not in table"`}
	}
	return res, nil
}

// lookupLine reads one line of an entry; nh is the descriptor block being
// read, returned (possibly new) for the next line.
func lookupLine(r *parsers.Route, nh *parsers.NextHop, n int, t string) *parsers.NextHop {
	f := strings.Fields(t)
	switch {
	case strings.HasPrefix(t, "Known via "):
		// Known via "bgp 65105", distance 20, metric 0, candidate default path, type external
		q := strings.Split(t, `"`)
		if len(q) >= 3 {
			r.KnownVia = q[1]
			r.Protocol, _, _ = strings.Cut(q[1], " ")
			routeAttrs(r, q[2])
		}
	case strings.HasPrefix(t, "Tag "):
		routeAttrs(r, t)
	case strings.HasPrefix(t, "Redistributing via "):
		r.Redistributing = strings.TrimPrefix(t, "Redistributing via ")
	case strings.HasPrefix(t, "Last update from "):
		// Last update from 1.2.3.4 [on Gi1,] 2w0d ago
		r.LastUpdateFrom, _ = netip.ParseAddr(strings.TrimSuffix(f[3], ","))
		if len(f) >= 5 {
			r.LastUpdateAge = f[len(f)-2]
		}
	case strings.HasPrefix(t, "Route metric is"):
		if nh != nil {
			nh.RouteMetric = uint32(atou(strings.TrimSuffix(fieldAt(f, 3), ",")))
			nh.TrafficShare = int(atou(fieldAt(f, len(f)-1)))
		}
	case strings.HasPrefix(t, "AS Hops") && nh != nil:
		nh.ASHops = int(atou(fieldAt(f, 2)))
	case strings.HasPrefix(t, "Route tag") && nh != nil:
		nh.RouteTag = uint32(atou(fieldAt(f, 2)))
	case strings.HasPrefix(t, "MPLS label:") && nh != nil:
		nh.MPLSLabel = strings.TrimSpace(strings.TrimPrefix(t, "MPLS label:"))
	case strings.HasPrefix(t, "Routing Descriptor Blocks"):
	default:
		// "* 10.33.4.10 (default), from 10.33.4.10, 12:25:28 ago, via Gi1"
		// or "* directly connected, via Loopback0"
		b, ok := descriptorBlock(t)
		if !ok {
			return nh
		}
		b.Span = parsers.Span{Start: n, End: n}
		r.NextHops = append(r.NextHops, b)
		return &r.NextHops[len(r.NextHops)-1]
	}
	if nh != nil {
		nh.Span.Cover(n)
	}
	return nh
}

// routeAttrs reads the comma-separated ", distance 20, metric 0, type
// external" / "Tag 5610, type external" attributes.
func routeAttrs(r *parsers.Route, s string) {
	for _, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "distance" && len(f) > 1:
			r.Distance = int(atou(f[1]))
		case f[0] == "metric" && len(f) > 1:
			r.Metric = uint32(atou(f[1]))
		case f[0] == "Tag" && len(f) > 1:
			r.Tag = uint32(atou(f[1]))
		case f[0] == "type" && len(f) > 1:
			r.Type = strings.Join(f[1:], " ")
		case part == " candidate default path" || strings.TrimSpace(part) == "candidate default path":
			r.CandidateDefault = true
		}
	}
}

// descriptorBlock reads the first line of a Routing Descriptor Block.
func descriptorBlock(t string) (parsers.NextHop, bool) {
	var b parsers.NextHop
	if strings.HasPrefix(t, "* ") {
		b.Active, t = true, strings.TrimSpace(t[2:])
	}
	parts := strings.Split(t, ",")
	head := strings.Fields(parts[0])
	if len(head) == 0 {
		return b, false
	}
	if a, err := netip.ParseAddr(head[0]); err == nil {
		b.Address = a
		if len(head) > 1 {
			b.VRF = strings.Trim(head[1], "()")
		}
	} else if strings.TrimSpace(parts[0]) != "directly connected" {
		return b, false
	}
	for _, part := range parts[1:] {
		f := strings.Fields(part)
		switch {
		case len(f) >= 2 && f[0] == "from":
			b.From, _ = netip.ParseAddr(f[1])
		case len(f) >= 2 && f[len(f)-1] == "ago":
			b.Age = f[0]
		case len(f) >= 2 && f[0] == "via" && b.Interface == "":
			b.Interface = f[1]
		}
	}
	return b, true
}

// ParseRouteTable parses `show ip route [vrf V] [bgp]` (IOS 12.4/15.x,
// IOS-XE 3.x-17.x), and tolerates the two-line IPv6 layout of `show ipv6
// route`. One Route per entry line; next hops printed on the lines under it
// ("[115/100] via 10.12.7.33, 3w6d, Vlan100") are added to it, and an entry
// whose prefix fills the line has its first next hop on the next one. A
// network without a mask takes it from the "10.1.0.0/32 is subnetted" line
// above it. The codes legend, "Gateway of last resort" and "variably
// subnetted" headers are skipped: they describe, they are not routes.
func ParseRouteTable(out string) ([]parsers.Route, error) {
	routes := []parsers.Route{}
	var (
		vrf     string
		subnet  = -1 // mask length of the current "is subnetted" block
		f       []string
		current = -1
	)
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		if t == "" || parsers.IsBanner(t) || isPrompt(t) {
			continue
		}
		f = splitFields(f[:0], t)
		switch {
		case strings.HasPrefix(t, "Routing Table:"):
			vrf, subnet, current = strings.TrimSpace(strings.TrimPrefix(t, "Routing Table:")), -1, -1
		case strings.Contains(t, " is variably subnetted"), strings.Contains(t, " is subnetted"):
			subnet = -1
			if pfx, err := netip.ParsePrefix(f[0]); err == nil && !strings.Contains(t, "variably") {
				subnet = pfx.Bits()
			}
			current = -1
		case line[0] == ' ' && current >= 0 && isNextHopLine(f):
			r := &routes[current]
			r.Span.Cover(n)
			nextHopLine(r, t, n)
		default:
			r, k, ok := routeEntry(f, subnet)
			if !ok {
				current = -1
				continue
			}
			r.VRF = vrf
			r.Span = parsers.Span{Start: n, End: n}
			if rest := entryRest(t, f[k]); rest != "" {
				nextHopLine(&r, rest, n)
			}
			routes = append(routes, r)
			current = len(routes) - 1
		}
	}
	return routes, nil
}

// isNextHopLine reports whether a continuation line carries a next hop.
func isNextHopLine(f []string) bool {
	return strings.HasPrefix(f[0], "[") || f[0] == "via" || f[0] == "is"
}

// routeEntry reads the code and prefix of an entry line ("B*    0.0.0.0/0
// ...", "i L1     10.12.6.2/32 ...", "O IA  10.1.0.0/24 ..."). Legend lines
// ("B - BGP, ...") and headers fail: no prefix follows the code.
func routeEntry(f []string, subnet int) (parsers.Route, int, bool) {
	for k := 1; k <= 2 && k < len(f); k++ {
		if !isRouteCode(f[k-1]) {
			break
		}
		s := f[k]
		var pfx netip.Prefix
		var ok bool
		if subnet >= 0 && strings.IndexByte(s, '/') < 0 {
			a, err := netip.ParseAddr(s)
			if ok = err == nil && a.Is4(); ok {
				pfx = netip.PrefixFrom(a, subnet)
			}
		} else {
			pfx, ok = parseNetwork(s)
		}
		if !ok {
			continue
		}
		code := strings.Join(f[:k], " ")
		return parsers.Route{Prefix: pfx, Code: code, Protocol: protocolOf(code), NextHops: []parsers.NextHop{}}, k, true
	}
	return parsers.Route{}, 0, false
}

// isRouteCode reports whether s can be (part of) a route code: "B", "S*",
// "i*L1", "L1", "IA", "E2", "EX", "LC", "%", "+".
func isRouteCode(s string) bool {
	if len(s) > 4 || s == "-" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '1' && c <= '2' || c == '*' || c == '%' || c == '+' || c == '&' || c == 'p') {
			return false
		}
	}
	return true
}

// entryRest returns what follows the prefix field of an entry line.
func entryRest(t, prefix string) string {
	i := strings.Index(t, prefix)
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(t[i+len(prefix):])
}

// nextHopLine reads "[115/100] via 10.12.7.37, 3w6d, Vlan101", "is directly
// connected, Loopback0", "[200/0], 3w4d, Null0" or "via FE80::1, Gi2".
func nextHopLine(r *parsers.Route, s string, n int) {
	if strings.HasPrefix(s, "[") {
		dm, rest, _ := strings.Cut(s[1:], "]")
		d, m, _ := strings.Cut(dm, "/")
		if len(r.NextHops) == 0 {
			r.Distance, r.Metric = int(atou(d)), uint32(atou(m))
		}
		s = strings.TrimSpace(rest)
	}
	var nh parsers.NextHop
	nh.Span = parsers.Span{Start: n, End: n}
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		f := strings.Fields(part)
		switch {
		case len(f) == 0:
		case f[0] == "via" && len(f) >= 2:
			if a, err := netip.ParseAddr(f[1]); err == nil {
				nh.Address = a
				if len(f) > 2 {
					nh.VRF = strings.Trim(f[2], "()")
				}
			} else {
				nh.Interface = f[1]
			}
		case part == "is directly connected" || part == "directly connected":
			r.Connected = true
		case part == "receive":
		case i > 0 && part[0] >= '0' && part[0] <= '9':
			nh.Age = part
		case i > 0 && nh.Interface == "":
			nh.Interface = part
		}
	}
	if nh.Address.IsValid() || nh.Interface != "" {
		r.NextHops = append(r.NextHops, nh)
	}
}

// protocolOf names the routing source of a route code.
func protocolOf(code string) string {
	c := strings.TrimLeft(code, "*%+&")
	if c == "" {
		return ""
	}
	switch {
	case strings.HasPrefix(c, "LC"):
		return "local"
	case strings.HasPrefix(c, "ND"), strings.HasPrefix(c, "NDp"):
		return "nd"
	}
	switch c[0] {
	case 'B':
		return "bgp"
	case 'S':
		return "static"
	case 'C':
		return "connected"
	case 'L':
		return "local"
	case 'O':
		return "ospf"
	case 'D':
		return "eigrp"
	case 'R':
		return "rip"
	case 'i', 'I':
		return "isis"
	case 'M':
		return "mobile"
	case 'U':
		return "per-user static"
	case 'o':
		return "odr"
	case 'P':
		return "periodic"
	case 'H':
		return "nhrp"
	case 'l':
		return "lisp"
	case 'a':
		return "application"
	}
	return ""
}
