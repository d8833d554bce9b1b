package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdRoute = "show routing route"

// Route is one row of `show routing route [destination X]`.
type Route struct {
	VirtualRouter string       `json:"virtual_router"`
	Destination   netip.Prefix `json:"destination"`
	// Nexthop is zero for "discard"; NexthopRaw keeps the text.
	Nexthop    netip.Addr   `json:"nexthop,omitzero"`
	NexthopRaw string       `json:"nexthop_raw"`
	Metric     int          `json:"metric"` // -1 when blank (BGP rows)
	Flags      string       `json:"flags"`  // "A?B", "A S", "~"
	Age        string       `json:"age,omitempty"`
	Interface  string       `json:"interface,omitempty"`
	NextAS     string       `json:"next_as,omitempty"`
	Span       parsers.Span `json:"span"`
}

// Active reports the A flag.
func (r Route) Active() bool { return strings.Contains(r.Flags, "A") }

// BGP reports the B flag.
func (r Route) BGP() bool { return strings.Contains(r.Flags, "B") }

// ParseRoute reads `show routing route [destination X]` (legacy routing
// engine). Columns are located from the header line, since blank metric,
// age and interface cells leave no word behind; a word that starts past
// its column's start is read by position. "flags:" legend lines and the
// "total routes shown" line are ignored.
func ParseRoute(out string) ([]Route, error) {
	ls := splitLines(out, "show routing")
	var res []Route
	vr := ""
	var cols map[string]int
	seen := false
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "" || isDashes(t):
			continue
		case strings.HasPrefix(low, "flags:"):
			seen = true
			// the legend continues on indented lines
			for i+1 < len(ls) && strings.HasPrefix(ls[i+1].text, "   ") && strings.Contains(ls[i+1].text, ":") {
				i++
			}
			continue
		case strings.HasPrefix(t, "VIRTUAL ROUTER:"):
			v := strings.TrimSpace(t[len("VIRTUAL ROUTER:"):])
			vr, _, _ = strings.Cut(v, " (id")
			seen = true
			continue
		case strings.HasPrefix(t, "destination") && strings.Contains(t, "nexthop"):
			cols = columns(l.text)
			seen = true
			continue
		case strings.HasPrefix(low, "total routes shown"):
			seen = true
			continue
		}
		if cols == nil {
			return nil, perr(cmdRoute, l.n, l.text, "line before the route table header")
		}
		r, err := routeRow(l, cols, vr)
		if err != nil {
			return nil, err
		}
		res = append(res, r)
	}
	if !seen {
		return nil, noContent(cmdRoute, ls)
	}
	return res, nil
}

// columns maps each header word to its start offset.
func columns(h string) map[string]int {
	m := map[string]int{}
	for i := 0; i < len(h); i++ {
		if h[i] != ' ' && (i == 0 || h[i-1] == ' ') {
			j := i
			for j < len(h) && h[j] != ' ' {
				j++
			}
			m[h[i:j]] = i
			i = j
		}
	}
	return m
}

type word struct {
	off  int
	text string
}

// wordsAt splits s into words with their offsets.
func wordsAt(s string) []word {
	var ws []word
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' {
				j++
			}
			ws = append(ws, word{i, s[i:j]})
			i = j
		}
	}
	return ws
}

func routeRow(l line, c map[string]int, vr string) (Route, error) {
	f := strings.Fields(l.text)
	if len(f) < 3 {
		return Route{}, perr(cmdRoute, l.n, l.text, "route row with fewer than 3 columns")
	}
	p, err := netip.ParsePrefix(f[0])
	if err != nil {
		return Route{}, perr(cmdRoute, l.n, l.text, "destination is not a prefix")
	}
	r := Route{VirtualRouter: vr, Destination: p, NexthopRaw: f[1], Nexthop: addr(f[1]), Metric: -1,
		Span: parsers.Span{Start: l.n, End: l.n}}
	// Each word after the next hop belongs to the last column starting at
	// or before it: a 7-digit age overflows its column into "interface".
	cells := map[string][]string{}
	names := []string{"metric", "flags", "age", "interface", "next-AS"}
	for _, w := range wordsAt(l.text)[2:] {
		col := "metric"
		for _, n := range names {
			if o, ok := c[n]; ok && o <= w.off {
				col = n
			}
		}
		cells[col] = append(cells[col], w.text)
	}
	if v, ok := atoi(strings.Join(cells["metric"], " ")); ok {
		r.Metric = v
	} else if len(cells["metric"]) > 0 {
		// a flags word printed early
		cells["flags"] = append(cells["metric"], cells["flags"]...)
	}
	r.Flags = strings.Join(cells["flags"], " ")
	r.Age = strings.Join(cells["age"], " ")
	r.Interface = strings.Join(cells["interface"], " ")
	r.NextAS = strings.Join(cells["next-AS"], " ")
	if r.Flags == "" {
		return Route{}, perr(cmdRoute, l.n, l.text, "route row without flags")
	}
	return r, nil
}
