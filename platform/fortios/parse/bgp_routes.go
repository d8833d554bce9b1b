package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPRoutes = "get router info bgp neighbors X routes"

// BGPRoutes is `get router info bgp neighbors X received-routes|routes|advertised-routes`.
type BGPRoutes struct {
	RouterID        netip.Addr  `json:"router_id,omitzero"`
	Paths           []BGPPath   `json:"paths"`
	Total           int         `json:"total"` // "Total number of prefixes N"; -1 when not printed
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

// BGPPath is one row of a route listing.
type BGPPath struct {
	Prefix   netip.Prefix `json:"prefix"`
	NextHop  netip.Addr   `json:"next_hop"`
	Status   string       `json:"status"` // status codes as printed: "*>", "*>i"
	Valid    bool         `json:"valid"`
	Best     bool         `json:"best"`
	Internal bool         `json:"internal"`
	Metric   int64        `json:"metric"` // -1 when blank
	LocPrf   int64        `json:"locprf"` // -1 when blank
	Weight   int64        `json:"weight"`
	ASPath   []uint32     `json:"as_path"`
	Origin   string       `json:"origin"` // "i", "e", "?"
	Span     parsers.Span `json:"span"`
}

// ParseBGPRoutes reads a neighbor route listing. A listing with no row
// (only headers, or nothing) is an empty result.
func ParseBGPRoutes(out string) (*BGPRoutes, error) {
	lines, any := content(out)
	r := &BGPRoutes{Paths: []BGPPath{}, Total: -1}
	if !any {
		return r, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		r.Unavailable, r.UnavailableText = u, text
		return r, nil
	}
	var cols map[string]int // header word -> start column
	seen := false
	pending, pendingLine := "", 0 // status+network printed alone (long prefix)
	var last netip.Prefix
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.Contains(t, "local router ID is "):
			seen = true
			_, id, _ := strings.Cut(t, "local router ID is ")
			r.RouterID, _ = netip.ParseAddr(strings.TrimSpace(id))
		case strings.HasPrefix(t, "Status codes:"), strings.HasPrefix(t, "Origin codes:"),
			strings.HasPrefix(t, "S Stale"), strings.HasPrefix(t, "BGP table version"):
			seen = true
		case strings.HasPrefix(t, "Network") && strings.Contains(t, "Next Hop"):
			seen, cols = true, map[string]int{}
			for _, w := range []string{"Metric", "LocPrf", "Weight", "RouteTag", "Path"} {
				cols[w] = strings.Index(l, w)
			}
		case strings.HasPrefix(t, "Total number of prefixes"):
			r.Total, _ = atoi(strings.TrimSpace(strings.TrimPrefix(t, "Total number of prefixes")))
		case cols != nil:
			row := l
			if pending != "" {
				row = pending + " " + strings.TrimSpace(l)
				if len(l) > len(pending) && strings.TrimSpace(l[:len(pending)]) == "" {
					row = pending + l[len(pending):]
				}
			}
			p, ok, wrapped := bgpRow(row, cols, last)
			if wrapped {
				pending, pendingLine = l, n
				continue
			}
			if !ok {
				return nil, perr(cmdBGPRoutes, n, l, "expected a route row \"*> PREFIX NEXTHOP ... PATH ORIGIN\"")
			}
			p.Span = parsers.Span{Start: n, End: n}
			if pending != "" {
				p.Span.Start = pendingLine
			}
			pending = ""
			last = p.Prefix
			r.Paths = append(r.Paths, p)
		case !seen:
			return nil, perr(cmdBGPRoutes, n, l, "expected a BGP table header")
		}
	}
	if !seen {
		return nil, perr(cmdBGPRoutes, 1, "", "no BGP table in output")
	}
	return r, nil
}

// bgpRow reads one row; wrapped is true when the row holds only status
// and network (the next line carries the rest).
func bgpRow(l string, cols map[string]int, last netip.Prefix) (p BGPPath, ok, wrapped bool) {
	p.Metric, p.LocPrf = -1, -1
	t := strings.TrimLeft(l, " ")
	// status codes: characters from "sdh*>iSr=" before the network
	k := strings.IndexAny(t, "0123456789")
	if k < 0 || strings.Trim(t[:k], "sdh*>iSrRf= ") != "" {
		return p, false, false
	}
	p.Status = strings.TrimSpace(t[:k])
	for _, c := range p.Status {
		switch c {
		case '*':
			p.Valid = true
		case '>':
			p.Best = true
		case 'i':
			p.Internal = true
		}
	}
	off := len(l) - len(t) + k
	words, offs := splitWords(l[off:])
	for j := range offs {
		offs[j] += off
	}
	if len(words) == 0 {
		return p, false, false
	}
	w := 0
	if pf, err := netip.ParsePrefix(words[0]); err == nil {
		p.Prefix, w = pf, 1
	} else if a, err := netip.ParseAddr(words[0]); err == nil && len(words) > 1 {
		if _, err2 := netip.ParseAddr(words[1]); err2 == nil {
			p.Prefix, w = classful(a), 1
		} else {
			p.Prefix = last
		}
	} else {
		return p, false, false
	}
	if w == len(words) {
		return p, false, true
	}
	nh, err := netip.ParseAddr(words[w])
	if err != nil || !p.Prefix.IsValid() {
		return p, false, false
	}
	p.NextHop = nh
	w++
	pathCol := cols["Path"]
	for ; w < len(words); w++ {
		if pathCol > 0 && offs[w] >= pathCol-1 {
			break
		}
		v, isNum := atou64(words[w])
		if !isNum {
			break
		}
		end := offs[w] + len(words[w])
		switch nearestCol(end, cols) {
		case "Metric":
			p.Metric = int64(v)
		case "LocPrf":
			p.LocPrf = int64(v)
		case "Weight":
			p.Weight = int64(v)
		}
	}
	p.ASPath = []uint32{}
	for ; w < len(words); w++ {
		x := words[w]
		if a, isNum := asn(x); isNum {
			p.ASPath = append(p.ASPath, a)
			continue
		}
		if x == "i" || x == "e" || x == "?" {
			p.Origin = x
			break
		}
		if strings.HasPrefix(x, "{") || strings.HasPrefix(x, "(") {
			continue // AS set or confederation: kept out of the sequence
		}
		return p, false, false
	}
	return p, true, false
}

// nearestCol names the header column whose right edge is closest to end.
func nearestCol(end int, cols map[string]int) string {
	best, bestD := "", 1<<30
	for name, start := range cols {
		if start < 0 || name == "Path" {
			continue
		}
		d := end - (start + len(name))
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

// classful is the prefix Quagga/ZebOS means by a network printed without
// a length.
func classful(a netip.Addr) netip.Prefix {
	b := a.As4()
	bits := 24
	switch {
	case !a.Is4():
		return netip.PrefixFrom(a, a.BitLen())
	case b[0] < 128:
		bits = 8
	case b[0] < 192:
		bits = 16
	}
	if b[1] == 0 && b[2] == 0 && b[3] == 0 || bits == 24 || bits == 16 && b[2] == 0 && b[3] == 0 {
		return netip.PrefixFrom(a, bits)
	}
	return netip.PrefixFrom(a, 32)
}

// splitWords returns the words of s and their byte offsets.
func splitWords(s string) ([]string, []int) {
	var words []string
	var offs []int
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		if j > i {
			words, offs = append(words, s[i:j]), append(offs, i)
		}
		i = j
	}
	return words, offs
}
