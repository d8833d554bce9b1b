package frr

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// RouteList is `show bgp ipv4 unicast neighbors X
// received-routes|advertised-routes|routes [json]`.
type RouteList struct {
	// Kind is "received", "advertised" or "routes" when the JSON says so;
	// "" for text, whose forms look alike.
	Kind         string     `json:"kind,omitempty"`
	RouterID     netip.Addr `json:"router_id,omitzero"`
	LocalAS      uint32     `json:"local_as,omitempty"`
	TableVersion uint64     `json:"table_version,omitempty"`
	VRF          string     `json:"vrf,omitempty"`
	Paths        []Path     `json:"paths"`
	// Total is "Total number of prefixes N" / "totalPrefixCounter" (or
	// the routes of "Displayed N routes"); -1 when not printed.
	Total int64 `json:"total"`
	// Filtered is "(N filtered)" / "filteredPrefixCounter"; -1 when not
	// printed.
	Filtered int64 `json:"filtered"`
	// Unavailable says why FRR showed no table: SoftReconfigOff for
	// received-routes without soft-reconfiguration inbound,
	// NoSuchNeighbor, AFNotEnabled. Paths is then empty, which does not
	// mean "no routes".
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

// Path is one path of a BGP listing.
type Path struct {
	Prefix    netip.Prefix `json:"prefix"`
	NextHop   netip.Addr   `json:"next_hop,omitzero"`
	Metric    int64        `json:"metric"`    // -1 when not printed
	LocPrf    int64        `json:"loc_prf"`   // -1 when not printed
	Weight    int64        `json:"weight"`    // -1 when not printed
	ASPath    []uint32     `json:"as_path"`   // the plain ASNs of the path, in order
	PathText  string       `json:"path_text"` // as printed, sets and confeds included
	Origin    string       `json:"origin"`    // "i", "e", "?"
	Valid     bool         `json:"valid"`
	Best      bool         `json:"best"`
	Multipath bool         `json:"multipath,omitempty"`
	Internal  bool         `json:"internal,omitempty"`
	// Status is the status column as printed ("*>", "s>", "*=").
	Status string       `json:"status,omitempty"`
	Span   parsers.Span `json:"span"`
}

const cmdRoutes = "show bgp ipv4 unicast neighbors X routes"

func newRouteList() *RouteList { return &RouteList{Total: -1, Filtered: -1} }

// ParseRoutes reads the text of the neighbor received-routes,
// advertised-routes and routes listings (and of `show bgp ipv4 unicast`).
// An empty output (FRR prints nothing when there is nothing to show) is an
// empty list.
func ParseRoutes(out string) (*RouteList, error) {
	lines := parsers.Lines(out)
	rl := newRouteList()
	if firstContent(lines) < 0 {
		return rl, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		rl.Unavailable, rl.UnavailableText = u, text
		return rl, nil
	}
	var cols *routeCols
	var lastPrefix netip.Prefix
	var pending *Path // status+network printed alone (long prefix)
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "BGP table version is "):
			readTableHeader(rl, t)
			continue
		case strings.HasPrefix(t, "Default local pref "):
			if _, as, ok := strings.Cut(t, "local AS "); ok {
				rl.LocalAS, _ = parseASN(strings.TrimSpace(as))
			}
			continue
		case strings.HasPrefix(t, "Status codes:"), strings.HasPrefix(t, "Nexthop codes:"),
			strings.HasPrefix(t, "Origin codes:"), strings.HasPrefix(t, "RPKI validation codes:"),
			strings.HasPrefix(t, "i internal, r RIB-failure"):
			continue
		case strings.HasPrefix(t, "Network ") && strings.Contains(t, "Next Hop"):
			cols = newRouteCols(l)
			continue
		case strings.HasPrefix(t, "Total number of prefixes "):
			readTotal(rl, t)
			cols = nil
			continue
		case strings.HasPrefix(t, "Displayed "):
			f := strings.Fields(t)
			if len(f) > 1 {
				rl.Total, _ = strconv.ParseInt(f[1], 10, 64)
			}
			cols = nil
			continue
		}
		if cols == nil {
			return nil, perr(cmdRoutes, n, l, "unexpected line outside the route table")
		}
		p, alone, err := cols.row(l, n, lastPrefix, pending)
		if err != nil {
			return nil, err
		}
		if alone {
			pending = &p
			continue
		}
		pending = nil
		lastPrefix = p.Prefix
		rl.Paths = append(rl.Paths, p)
	}
	if rl.RouterID == (netip.Addr{}) && cols == nil && len(rl.Paths) == 0 && rl.Total < 0 {
		return nil, perr(cmdRoutes, 0, "", "no BGP table header")
	}
	return rl, nil
}

func readTableHeader(rl *RouteList, t string) {
	// "BGP table version is 4, local router ID is 198.51.100.1, vrf id 0"
	for _, part := range strings.Split(t, ",") {
		part = strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(part, "BGP table version is "):
			rl.TableVersion, _ = strconv.ParseUint(strings.TrimPrefix(part, "BGP table version is "), 10, 64)
		case strings.HasPrefix(part, "local router ID is "):
			rl.RouterID, _ = netip.ParseAddr(strings.TrimPrefix(part, "local router ID is "))
		}
	}
}

func readTotal(rl *RouteList, t string) {
	f := strings.Fields(strings.TrimPrefix(t, "Total number of prefixes "))
	if len(f) > 0 {
		rl.Total, _ = strconv.ParseInt(f[0], 10, 64)
	}
	if len(f) > 1 && strings.HasPrefix(f[1], "(") {
		rl.Filtered, _ = strconv.ParseInt(strings.TrimPrefix(f[1], "("), 10, 64)
	}
}

// routeCols holds the column positions of the table header; FRR right
// aligns Metric, LocPrf and Weight under their titles.
type routeCols struct {
	network, nextHop, metricEnd, locEnd, weightEnd int
}

func newRouteCols(h string) *routeCols {
	c := &routeCols{network: strings.Index(h, "Network"), nextHop: strings.Index(h, "Next Hop")}
	c.metricEnd = strings.Index(h, "Metric") + len("Metric")
	c.locEnd = strings.Index(h, "LocPrf") + len("LocPrf")
	c.weightEnd = strings.Index(h, "Weight") + len("Weight")
	return c
}

type tok struct {
	s        string
	from, to int // byte offsets in the line
}

func tokens(l string, from int) []tok {
	var out []tok
	i := from
	for i < len(l) {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		j := i
		for j < len(l) && l[j] != ' ' && l[j] != '\t' {
			j++
		}
		if j > i {
			out = append(out, tok{l[i:j], i, j})
		}
		i = j
	}
	return out
}

// row reads one path line. alone is true when the line holds only the
// status and a prefix too long for its column (the rest follows).
func (c *routeCols) row(l string, n int, last netip.Prefix, pending *Path) (Path, bool, error) {
	p := Path{Metric: -1, LocPrf: -1, Weight: -1, Span: parsers.Span{Start: n, End: n}}
	if pending != nil {
		p = *pending
		p.Span.End = n
	}
	if c.network < 0 || c.nextHop < 0 || len(l) <= c.network {
		return p, false, perr(cmdRoutes, n, l, "short route line")
	}
	if pending == nil {
		p.Status = strings.TrimSpace(l[:c.network])
		setStatus(&p, p.Status)
		end := min(len(l), c.nextHop)
		net := strings.TrimSpace(l[c.network:end])
		if f := strings.Fields(net); len(f) > 1 || (len(f) == 1 && end < len(l) && l[end-1] != ' ') {
			// A prefix too long for its column: alone on this line.
			nf := strings.Fields(l[c.network:])
			if len(nf) != 1 {
				return p, false, perr(cmdRoutes, n, l, "bad network column")
			}
			net = nf[0]
		}
		if net == "" {
			if !last.IsValid() {
				return p, false, perr(cmdRoutes, n, l, "path without a prefix")
			}
			p.Prefix = last
		} else {
			pf, err := netip.ParsePrefix(net)
			if err != nil {
				return p, false, perr(cmdRoutes, n, l, "bad prefix")
			}
			p.Prefix = pf
		}
		if strings.TrimSpace(l[min(len(l), c.network+len(net)):]) == "" {
			return p, true, nil
		}
	}
	ts := tokens(l, min(len(l), c.nextHop))
	if pending == nil && len(l) > c.nextHop && l[c.nextHop-1] != ' ' {
		ts = tokens(l, c.network+len(p.Prefix.String()))
	}
	if len(ts) < 2 {
		return p, false, perr(cmdRoutes, n, l, "short route line")
	}
	nh, err := netip.ParseAddr(ts[0].s)
	if err != nil {
		return p, false, perr(cmdRoutes, n, l, "bad next hop")
	}
	p.NextHop = nh
	var path []string
	for _, t := range ts[1:] {
		if t.to <= c.weightEnd && path == nil {
			v, err := strconv.ParseInt(t.s, 10, 64)
			if err != nil {
				return p, false, perr(cmdRoutes, n, l, "bad metric/locprf/weight column")
			}
			switch {
			case t.to <= c.metricEnd:
				p.Metric = v
			case t.to <= c.locEnd:
				p.LocPrf = v
			default:
				p.Weight = v
			}
			continue
		}
		path = append(path, t.s)
	}
	if len(path) == 0 {
		return p, false, perr(cmdRoutes, n, l, "missing origin")
	}
	p.Origin = path[len(path)-1]
	if p.Origin != "i" && p.Origin != "e" && p.Origin != "?" {
		return p, false, perr(cmdRoutes, n, l, "bad origin code")
	}
	p.PathText = strings.Join(path[:len(path)-1], " ")
	p.ASPath = asPath(p.PathText)
	return p, false, nil
}

func setStatus(p *Path, s string) {
	for _, c := range s {
		switch c {
		case '*':
			p.Valid = true
		case '>':
			p.Best = true
		case '=':
			p.Multipath = true
		case 'i':
			p.Internal = true
		}
	}
}

// asPath returns the plain ASNs of a path string, skipping set and
// confederation brackets.
func asPath(s string) []uint32 {
	var out []uint32
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, "{}()[],")
		for _, g := range strings.Split(f, ",") {
			if as, ok := parseASN(g); ok {
				out = append(out, as)
			}
		}
	}
	return out
}
