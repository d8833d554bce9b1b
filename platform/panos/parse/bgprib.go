package parse

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const (
	cmdLocRIB = "show routing protocol bgp loc-rib"
	cmdRIBOut = "show routing protocol bgp rib-out"
)

// RIBRoute is one row of `show routing protocol bgp loc-rib` (the paths
// BGP kept after the import rules, best ones marked "*") or of
// `show routing protocol bgp rib-out` (what is sent to each peer). Both
// name the peer by its configured name, not its address.
type RIBRoute struct {
	VirtualRouter string       `json:"virtual_router"`
	Prefix        netip.Prefix `json:"prefix"`
	// Nexthop is zero when the cell is blank (a locally originated
	// route in loc-rib).
	Nexthop netip.Addr `json:"nexthop,omitzero"`
	Peer    string     `json:"peer"`
	// Best is the loc-rib "*" marker.
	Best bool `json:"best,omitempty"`
	// loc-rib columns.
	Weight string `json:"weight,omitempty"`
	LocPrf string `json:"local_preference,omitempty"`
	Origin string `json:"origin,omitempty"`
	MED    string `json:"med,omitempty"`
	Flap   string `json:"flap,omitempty"`
	// rib-out columns: Originator ("Local" or the peer the route came
	// from), the advertise and aggregate status as printed.
	Originator string `json:"originator,omitempty"`
	AdvStatus  string `json:"advertise_status,omitempty"`
	AggrStatus string `json:"aggregate_status,omitempty"`
	// ASPath is the AS-Path column read as numbers (PAN-OS separates
	// them with commas); ASPathRaw keeps the text.
	ASPath    []uint32     `json:"as_path,omitempty"`
	ASPathRaw string       `json:"as_path_raw,omitempty"`
	Span      parsers.Span `json:"span"`
}

// Advertised reports a rib-out row whose status says the route was sent
// ("advertised"), not withheld ("suppressed", "not advertised").
func (r RIBRoute) Advertised() bool {
	s := strings.ToLower(strings.TrimSpace(r.AdvStatus))
	return s == "advertised"
}

// RIB is the whole of a loc-rib or rib-out listing.
type RIB struct {
	// Out is true for rib-out.
	Out    bool       `json:"rib_out,omitempty"`
	Routes []RIBRoute `json:"routes"`
	// VirtualRouters are the virtual routers the output had a section
	// for, even an empty one.
	VirtualRouters []string `json:"virtual_routers"`
	// Shown is the "total routes shown: N" footer (-1 when absent: the
	// output may be cut short).
	Shown int `json:"total_routes_shown"`
}

// ribColumns are the header words of each listing, in order; a row's
// words are assigned to the last column starting at or before them,
// since blank cells (next hop, AS path) leave no word behind.
var (
	locRIBColumns = []string{"Prefix", "Nexthop", "Peer", "Weight", "LocPrf", "Org", "MED", "flap", "AS-Path"}
	ribOutColumns = []string{"Prefix", "Nexthop", "Peer", "Originator", "Adv.", "Aggr.", "AS-Path"}
)

// ParseLocRIB reads `show routing protocol bgp loc-rib` (legacy routing
// engine, PAN-OS 8.1-11.x): per "VIRTUAL ROUTER: NAME (id N)" section, a
// header "Prefix Nexthop Peer Weight LocPrf Org MED flap AS-Path" and a
// row per path, the best path's prefix marked "*"; the legend line ("*
// indicates ...") and the "total routes shown" footer are read for the
// count only.
func ParseLocRIB(out string) (*RIB, error) { return parseRIB(out, cmdLocRIB, locRIBColumns, false) }

// ParseRIBOut reads `show routing protocol bgp rib-out`: the same
// sections with "Prefix Nexthop Peer Originator Adv. Status Aggr. Status
// AS-Path" rows, one per route and peer it is sent to.
func ParseRIBOut(out string) (*RIB, error) { return parseRIB(out, cmdRIBOut, ribOutColumns, true) }

func parseRIB(out, cmd string, names []string, ribOut bool) (*RIB, error) {
	ls := splitLines(out, "show routing")
	res := &RIB{Out: ribOut, Shown: -1}
	vr := ""
	var cols []int
	seen := false
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "" || isDashes(t):
			continue
		case strings.HasPrefix(t, "VIRTUAL ROUTER:"):
			v := strings.TrimSpace(t[len("VIRTUAL ROUTER:"):])
			v, _, _ = strings.Cut(v, " (id")
			vr, cols, seen = strings.TrimSpace(v), nil, true
			res.VirtualRouters = append(res.VirtualRouters, vr)
			continue
		case strings.HasPrefix(t, "Prefix") && strings.Contains(t, "Peer"):
			cols = ribHeader(l.text, names)
			if cols == nil {
				return nil, perr(cmd, l.n, l.text, "route table header without the expected columns")
			}
			seen = true
			continue
		case strings.HasPrefix(low, "total routes shown"):
			_, v, _ := keyValue(t)
			if n, ok := atoi(v); ok {
				res.Shown = n
			}
			seen = true
			continue
		case strings.HasPrefix(t, "* ") || strings.HasPrefix(low, "flags:"):
			// "* indicates best path" legend
			continue
		}
		if cols == nil {
			return nil, perr(cmd, l.n, l.text, "line before the route table header")
		}
		r, err := ribRow(l, cmd, cols, names, vr)
		if err != nil {
			return nil, err
		}
		res.Routes = append(res.Routes, r)
	}
	if !seen {
		return nil, noContent(cmd, ls)
	}
	return res, nil
}

// ribHeader returns the start offset of each of names in the header h, or
// nil when one is missing or out of order.
func ribHeader(h string, names []string) []int {
	cols := make([]int, len(names))
	from := 0
	for i, n := range names {
		j := indexWord(h[from:], n)
		if j < 0 {
			return nil
		}
		cols[i] = from + j
		from += j + len(n)
	}
	return cols
}

// indexWord is the offset of w in s as a whole word, or -1.
func indexWord(s, w string) int {
	for off := 0; off < len(s); {
		j := strings.Index(s[off:], w)
		if j < 0 {
			return -1
		}
		at := off + j
		end := at + len(w)
		if (at == 0 || s[at-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return at
		}
		off = end
	}
	return -1
}

func ribRow(l line, cmd string, cols []int, names []string, vr string) (RIBRoute, error) {
	ws := wordsAt(l.text)
	if len(ws) < 2 {
		return RIBRoute{}, perr(cmd, l.n, l.text, "route row with fewer than 2 columns")
	}
	r := RIBRoute{VirtualRouter: vr, Span: parsers.Span{Start: l.n, End: l.n}}
	first := ws[0].text
	if first == "*" {
		r.Best, ws = true, ws[1:]
		first = ws[0].text
	} else if strings.HasPrefix(first, "*") {
		r.Best, first = true, first[1:]
	}
	p, err := netip.ParsePrefix(first)
	if err != nil {
		return RIBRoute{}, perr(cmd, l.n, l.text, "prefix is not a prefix")
	}
	r.Prefix = p
	cells := map[string][]string{}
	for _, w := range ws[1:] {
		col := names[1]
		for i, n := range names[1:] {
			if cols[i+1] <= w.off {
				col = n
			}
		}
		cells[col] = append(cells[col], w.text)
	}
	cell := func(n string) string { return strings.Join(cells[n], " ") }
	if nh := cell("Nexthop"); nh != "" {
		r.Nexthop = addr(nh)
		if !r.Nexthop.IsValid() {
			return RIBRoute{}, perr(cmd, l.n, l.text, "next hop is not an address")
		}
	}
	r.Peer = cell("Peer")
	if r.Peer == "" {
		return RIBRoute{}, perr(cmd, l.n, l.text, "route row without a peer")
	}
	r.Weight, r.LocPrf, r.Origin, r.MED, r.Flap = cell("Weight"), cell("LocPrf"), cell("Org"), cell("MED"), cell("flap")
	r.Originator, r.AdvStatus, r.AggrStatus = cell("Originator"), cell("Adv."), cell("Aggr.")
	r.ASPathRaw = cell("AS-Path")
	for _, a := range strings.FieldsFunc(r.ASPathRaw, func(c rune) bool { return c == ',' || c == ' ' || c == '{' || c == '}' }) {
		if v, err := strconv.ParseUint(a, 10, 32); err == nil {
			r.ASPath = append(r.ASPath, uint32(v))
		}
	}
	return r, nil
}
