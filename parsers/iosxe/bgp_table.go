package iosxe

import (
	"errors"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPTable = "show ip bgp"

// ParseBGPTable parses a BGP table listing: `show ip bgp`, `show bgp ipv4
// unicast`, `show [ip] bgp [all] neighbors X advertised-routes |
// received-routes | routes` (IOS 12.4/15.x, IOS-XE 3.x-17.x).
//
// One BGPRoute per path line. A network too long for its column is printed
// alone and its path on the next line; additional paths leave the network
// column blank: both take the network of the line before. A network printed
// without a mask is classful (10.0.0.0 is 10.0.0.0/8, 0.0.0.0 the default
// route). Metric and LocPrf are optional, so the numbers between the next
// hop and the AS path are placed by their column, measured from the next hop
// with the offsets of the "Network Next Hop Metric LocPrf Weight Path"
// header. The legend, banners and prompts are ignored; "For address family:"
// and "Route Distinguisher:" headers tag the routes after them, and the
// latter's VRF goes into BGPTable.VRFs in VPNv4 listings (`show bgp vpnv4 unicast vrf DI neighbors
// X routes`: "Route Distinguisher: 65000:1 (default for vrf DI)").
// "Originating default network 0.0.0.0", which `advertised-routes` prints
// above the table when the neighbor has default-originate (and before
// "Total number of prefixes 0" when nothing else is sent), sets
// DefaultOriginate.
func ParseBGPTable(out string) (*parsers.BGPTable, error) {
	p := tableParser{
		t:    &parsers.BGPTable{TotalPrefixes: -1},
		cols: defaultCols,
	}
	lines := parsers.Lines(out)
	p.t.Routes = make([]parsers.BGPRoute, 0, len(lines))
	for i, line := range lines {
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	p.flushPending()
	if len(p.t.Routes) == 0 {
		p.t.Routes = []parsers.BGPRoute{} // not the big preallocated array
	}
	return p.t, nil
}

// tableCols are the ends of the Metric, LocPrf and Weight columns, counted
// from the first character of the next hop.
type tableCols struct{ metric, locPrf, weight int }

// defaultCols are the offsets of the IOS and IOS-XE header
// ("Next Hop            Metric LocPrf Weight Path").
var defaultCols = tableCols{metric: 26, locPrf: 33, weight: 40}

type tableParser struct {
	t       *parsers.BGPTable
	cols    tableCols
	header  bool
	af, rd  string
	network netip.Prefix // network of the last line that printed one
	netRaw  string       // same, when not an IP prefix
	nhCol   int          // column of "Next Hop" in the header
	// pending is a route whose line wrapped; pend says where.
	pending parsers.BGPRoute
	pend    int
	tok     []tok
	slab    []uint32 // backing store for Path and the Metric/LocPrf pointers
	path    []uint32
}

// Where a wrapped route line continues.
const (
	pendNone = iota
	pendHop  // the network filled its column: next hop and the rest follow
	pendCols // the next hop filled its column: the numbers follow
)

// tok is a field of a line and its start and end column.
type tok struct {
	s          string
	start, end int
}

func (p *tableParser) line(n int, line string) error {
	// Route lines are by far the most common: test for them first.
	if p.header && len(line) > 0 {
		ok, err := p.route(n, line)
		if ok || err != nil {
			return err
		}
	}
	t := strings.TrimSpace(line)
	switch {
	case t == "":
	case strings.HasPrefix(t, "Network") && strings.Contains(t, "Next Hop"):
		p.flushPending()
		p.header = true
		p.cols = headerCols(line)
		p.nhCol = max(strings.Index(line, "Next Hop"), 0)
	case strings.HasPrefix(t, "BGP table version is"):
		// BGP table version is 22, local router ID is 10.1.1.1
		f := strings.Fields(t)
		p.t.TableVersion = atou(fieldAt(f, 4))
		p.t.RouterID, _ = netip.ParseAddr(f[len(f)-1])
	case strings.HasPrefix(t, "For address family:"):
		p.af = strings.TrimSpace(strings.TrimPrefix(t, "For address family:"))
		p.rd, p.header = "", false
	case strings.HasPrefix(t, "Route Distinguisher:"):
		// Route Distinguisher: 65000:1 (default for vrf DI) VRF Router ID 10.0.0.1
		f := strings.Fields(t)
		p.rd = fieldAt(f, 2)
		if _, v, ok := strings.Cut(t, "(default for vrf "); ok && p.rd != "" {
			if p.t.VRFs == nil {
				p.t.VRFs = map[string]string{}
			}
			p.t.VRFs[p.rd], _, _ = strings.Cut(v, ")")
		}
	case strings.HasPrefix(t, "Originating default network"):
		// "Originating default network 0.0.0.0": default-originate to this
		// neighbor; the route is in no row of the table.
		p.t.DefaultOriginate, p.t.DefaultOriginateLine = true, n
	case strings.HasPrefix(t, "Total number of prefixes"):
		v := int(atou(strings.TrimSpace(strings.TrimPrefix(t, "Total number of prefixes"))))
		if p.t.TotalPrefixes > 0 {
			v += p.t.TotalPrefixes // one trailer per address family
		}
		p.t.TotalPrefixes = v
	}
	return nil
}

// headerCols measures the column ends from the header line.
func headerCols(h string) tableCols {
	nh := strings.Index(h, "Next Hop")
	m := strings.Index(h, "Metric")
	l := strings.Index(h, "LocPrf")
	w := strings.Index(h, "Weight")
	if nh < 0 || m < nh || l < m || w < l {
		return defaultCols
	}
	return tableCols{metric: m + 6 - nh, locPrf: l + 6 - nh, weight: w + 6 - nh}
}

// tokenize splits line into fields with their columns, reusing p.tok.
func (p *tableParser) tokenize(line string) []tok {
	ts := p.tok[:0]
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		if j > i {
			ts = append(ts, tok{line[i:j], i, j})
		}
		i = j
	}
	p.tok = ts
	return ts
}

// route reads one route line. It reports false, nil for a line that is not
// one (trailer, section header).
func (p *tableParser) route(n int, line string) (bool, error) {
	if p.pend == pendHop && line[0] == ' ' {
		// An IPv6 next hop may start with a letter ("FC00::2").
		if ts := p.tokenize(line); len(ts) > 0 && isAddr(ts[0].s) {
			return true, p.finishPending(n, line, ts)
		}
	}
	// Status codes run from the first non-blank to the network ("*>",
	// "* i", "*>i10.2.2.2/32", "r>", "s>", "*m", "*bi").
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	s := i
	for i < len(line) && isStatusChar(line[i]) {
		i++
	}
	status := strings.TrimSpace(line[s:i])
	if i >= len(line) || !(line[i] >= '0' && line[i] <= '9' || line[i] == '[' || line[i] == ':') {
		if strings.ContainsAny(status, "*>") {
			// Status codes with no network or next hop after them.
			return false, p.errf(n, line, "want network or next hop after status codes")
		}
		return false, nil // a word: trailer or section header
	}
	ts := p.tokenize(line)
	k := 0 // drop the status tokens; the network starts at column i
	for k < len(ts) && ts[k].end <= i {
		k++
	}
	if k < len(ts) && ts[k].start < i { // status glued to the network
		ts[k].s, ts[k].start = line[i:ts[k].end], i
	}
	ts = ts[k:]
	if p.pend != pendNone {
		if status == "" {
			return true, p.finishPending(n, line, ts)
		}
		p.flushPending()
	}
	r := parsers.BGPRoute{Status: status, AddressFamily: p.af, RouteDistinguisher: p.rd}
	r.Span = parsers.Span{Start: n, End: n}
	var second netip.Addr
	hop := false // ts[1] is the next hop
	if len(ts) > 1 {
		var err error = errNotAddr
		if strings.ContainsAny(ts[1].s, ".:") { // a failed ParseAddr allocates its error
			second, err = netip.ParseAddr(ts[1].s)
		}
		// A next hop may be a placeholder word in scrubbed outputs
		// ("NEIGHBOR"); a number there is a metric.
		hop = err == nil || !isAddr(ts[0].s) || !parsers.IsDigits(ts[1].s) && isNetwork(ts[0].s)
	}
	switch {
	case hop:
		p.setNetwork(&r, ts[0].s)
		r.NextHop = second
		nh := ts[1].start
		if ts = ts[2:]; len(ts) == 0 {
			// Next hop too long: the numbers are on the next line.
			p.pending, p.pend = r, pendCols
			return true, nil
		}
		p.add(&r, line, ts, nh)
	case len(ts) == 1 && (status != "" || !isAddr(ts[0].s)):
		// Network alone on its line: the next line starts with the next hop.
		p.setNetwork(&r, ts[0].s)
		p.pending, p.pend = r, pendHop
	default:
		a, err := netip.ParseAddr(ts[0].s)
		if err != nil {
			if status == "" {
				return false, nil
			}
			return false, p.errf(n, line, "want network or next hop after status codes")
		}
		if !p.network.IsValid() && p.netRaw == "" {
			return false, p.errf(n, line, "path line before any network")
		}
		r.Network, r.NetworkRaw, r.NextHop = p.network, p.netRaw, a
		p.add(&r, line, ts[1:], ts[0].start)
	}
	return true, nil
}

// finishPending completes a route whose line wrapped: ts is the
// continuation line, starting with the next hop (pendHop) or the numbers
// (pendCols).
func (p *tableParser) finishPending(n int, line string, ts []tok) error {
	r, kind := p.pending, p.pend
	p.pend, p.pending = pendNone, parsers.BGPRoute{}
	r.Span.End = n
	nh := p.nhCol
	if kind == pendHop {
		if len(ts) == 0 {
			return p.errf(n, line, "want next hop")
		}
		a, err := netip.ParseAddr(ts[0].s)
		if err != nil {
			return p.errf(n, line, "want next hop")
		}
		r.NextHop, nh, ts = a, ts[0].start, ts[1:]
	}
	p.add(&r, line, ts, nh)
	return nil
}

// flushPending keeps a wrapped route whose continuation never came.
func (p *tableParser) flushPending() {
	if p.pend != pendNone {
		p.t.Routes = append(p.t.Routes, p.pending)
		p.pend, p.pending = pendNone, parsers.BGPRoute{}
	}
}

// add fills the columns and flags of r and appends it.
func (p *tableParser) add(r *parsers.BGPRoute, line string, ts []tok, nh int) {
	p.columns(r, line, ts, nh)
	r.Valid = strings.IndexByte(r.Status, '*') >= 0
	r.Best = strings.IndexByte(r.Status, '>') >= 0
	r.Internal = strings.IndexByte(r.Status, 'i') >= 0
	p.t.Routes = append(p.t.Routes, *r)
}

// setNetwork records the network of a line that prints one.
func (p *tableParser) setNetwork(r *parsers.BGPRoute, s string) {
	if pfx, ok := parseNetwork(s); ok {
		r.Network, r.NetworkRaw = pfx, ""
	} else {
		r.Network, r.NetworkRaw = netip.Prefix{}, s
	}
	p.network, p.netRaw = r.Network, r.NetworkRaw
	p.t.Networks++
}

func isNetwork(s string) bool {
	_, ok := parseNetwork(s)
	return ok
}

var errNotAddr = errors.New("not an address")

func isAddr(s string) bool {
	if !strings.ContainsAny(s, ".:") {
		return false
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

func (p *tableParser) errf(n int, line, msg string) error {
	return &parsers.ParseError{Command: cmdBGPTable, Line: n, Text: strings.TrimSpace(line), Msg: msg}
}

// isStatusChar reports whether c may appear in the status-code column
// (status, path type and RPKI validation codes, and the blanks between).
func isStatusChar(c byte) bool {
	switch c {
	case '*', '>', ' ', 's', 'd', 'h', 'i', 'r', 'S', 'm', 'b', 'f', 'x', 'a', 'c', 't', 'L',
		'V', 'I', 'N', 'e', 'l', '&', '|', '=':
		return true
	}
	return false
}

// parseNetwork reads a network or next hop: a prefix, or an address which,
// for IPv4, stands for its classful network (0.0.0.0 is the default route).
func parseNetwork(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		pfx, err := netip.ParsePrefix(s)
		return pfx, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	if !a.Is4() {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.PrefixFrom(a, classfulBits(a)), true
}

// classfulBits is the classful mask length IOS leaves unprinted.
func classfulBits(a netip.Addr) int {
	b := a.As4()
	switch {
	case b == [4]byte{}:
		return 0
	case b[0] < 128:
		return 8
	case b[0] < 192:
		return 16
	case b[0] < 224:
		return 24
	}
	return 32
}

// columns places the fields after the next hop: optional Metric and LocPrf,
// the Weight IOS always prints, then the AS path and the origin code. nh is
// the column where the next hop starts.
func (p *tableParser) columns(r *parsers.BGPRoute, line string, ts []tok, nh int) {
	if len(ts) > 0 {
		if o := ts[len(ts)-1].s; o == "i" || o == "e" || o == "?" {
			r.Origin = o
			ts = ts[:len(ts)-1]
		}
	}
	c := p.cols
	w := -1
	collapsed := false
	switch {
	case len(ts) == 0 || !parsers.IsDigits(ts[0].s):
	case ts[0].end-nh < c.metric-3:
		// Columns collapsed to single spaces (hand-edited or reflowed
		// output): read Metric Weight Path, or Weight Path.
		w, collapsed = 0, true
		if len(ts) > 1 && parsers.IsDigits(ts[1].s) {
			w = 1
		}
	default:
		// The weight is the number ending nearest the Weight column; the
		// path's first AS ends at least two columns to its right.
		best := 1 << 30
		for j, t := range ts {
			if !parsers.IsDigits(t.s) {
				break
			}
			d := abs(t.end - nh - c.weight)
			if d >= best {
				break
			}
			best, w = d, j
		}
	}
	for j := 0; j < w; j++ {
		e := ts[j].end - nh
		v := p.alloc(1)
		v[0] = uint32(atou(ts[j].s))
		if collapsed || abs(e-c.metric) <= abs(e-c.locPrf) {
			r.Metric = &v[0]
		} else {
			r.LocPrf = &v[0]
		}
	}
	if w >= 0 {
		r.Weight = uint32(atou(ts[w].s))
	}
	ts = ts[w+1:]
	if len(ts) == 0 {
		r.Path = []uint32{}
		return
	}
	r.PathRaw = line[ts[0].start:ts[len(ts)-1].end]
	as := p.path[:0]
	for _, t := range ts {
		as = appendASNs(as, t.s)
	}
	p.path = as
	r.Path = p.alloc(len(as))
	copy(r.Path, as)
}

// appendASNs appends the AS numbers of one AS-path field: "64602",
// "65000.1000" (asdot), "{27016,27017}" (AS_SET), "(65001)" (confederation).
func appendASNs(dst []uint32, s string) []uint32 {
	if parsers.IsDigits(s) { // the common case, without the cost of Trim
		return append(dst, uint32(atou(s)))
	}
	s = strings.Trim(s, "{}()[]")
	for s != "" {
		var part string
		part, s, _ = strings.Cut(s, ",")
		if v, _ := parseAS(strings.Trim(part, "{}()[]")); v != 0 || part == "0" {
			dst = append(dst, v)
		}
	}
	return dst
}

// alloc carves n uint32s out of a shared slab, so that a 100k-route table
// costs a handful of allocations for its AS paths and pointers, not 300k.
func (p *tableParser) alloc(n int) []uint32 {
	if len(p.slab) < n {
		p.slab = make([]uint32, max(8192, n))
	}
	s := p.slab[:n:n]
	p.slab = p.slab[n:]
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
