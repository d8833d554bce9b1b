package iproute

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// segment is one logical line: a physical line, or one part of an -o
// (oneline) record, whose parts are joined by a backslash.
type segment struct {
	text string
	line int
}

func segments(lines []string) []segment {
	segs := make([]segment, 0, len(lines))
	for i, l := range lines {
		if strings.Contains(l, "\\") && len(l) > 0 && l[0] >= '0' && l[0] <= '9' {
			for j, p := range strings.Split(l, "\\") {
				if j > 0 {
					p = "    " + strings.TrimLeft(p, " ")
				}
				segs = append(segs, segment{p, i + 1})
			}
			continue
		}
		segs = append(segs, segment{l, i + 1})
	}
	return segs
}

func parseLinksText(out string) (*Links, error) {
	res := &Links{Links: []Link{}}
	segs := segments(parsers.Lines(out))
	var cur *Link
	var pending *pendingStats
	for _, s := range segs {
		t := strings.TrimSpace(s.text)
		if t == "" {
			continue
		}
		if s.text[0] != ' ' && s.text[0] != '\t' {
			pending = nil
			if name, ok := deviceMissing(t); ok {
				res.DeviceMissing, res.Device, res.MissingLine = true, name, s.line
				continue
			}
			l, ok := parseHeader(t)
			if !ok {
				return nil, &parsers.ParseError{Command: cmdLink, Line: s.line, Text: s.text,
					Msg: "want a link line \"N: NAME: <FLAGS> mtu N ...\""}
			}
			l.Span = parsers.Span{Start: s.line, End: s.line}
			res.Links = append(res.Links, l)
			cur = &res.Links[len(res.Links)-1]
			continue
		}
		if cur == nil {
			return nil, &parsers.ParseError{Command: cmdLink, Line: s.line, Text: s.text, Msg: "indented line before any link line"}
		}
		cur.Span.Cover(s.line)
		if pending != nil {
			if err := pending.values(cur, t, s); err != nil {
				return nil, err
			}
			pending = nil
			continue
		}
		pending = cur.detail(t, s)
	}
	return res, nil
}

// detail reads one indented line of a link; it returns the pending stats
// header when the line is "RX:"/"TX:" so the next line gives its values.
func (l *Link) detail(t string, s segment) *pendingStats {
	f := strings.Fields(t)
	switch {
	case strings.HasPrefix(f[0], "link/"):
		l.parseLinkLine(t)
	case f[0] == "alias":
		l.Alias = strings.TrimSpace(strings.TrimPrefix(t, "alias"))
	case f[0] == "RX:" || f[0] == "TX:" || (f[0] == "RX" || f[0] == "TX") && len(f) > 1 && f[1] == "errors:":
		return newPendingStats(f)
	case f[0] == "inet" || f[0] == "inet6":
		if a, ok := parseAddress(f, s.line); ok {
			l.Addresses = append(l.Addresses, a)
		}
	case l.Kind == "" && isKindWord(f[0]) && l.LinkType != "":
		l.Kind = f[0]
		if tunnelKinds[f[0]] {
			l.Tunnel = parseTunnel(f[1:], s.line)
		}
	}
	return nil
}

// isKindWord tells a -d kind line ("gre remote ...", "veth ...", "tun type
// tun ...") from the other detail lines.
func isKindWord(w string) bool {
	switch w {
	case "valid_lft", "altname", "addrgenmode", "numtxqueues", "promiscuity", "vf", "prop", "cache", "alias":
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return w != "" && w[0] >= 'a' && w[0] <= 'z'
}

// pendingStats is an "RX:"/"TX:" header waiting for its values line.
type pendingStats struct {
	tx     bool
	errors bool // "RX errors:" second-level header (-s -s)
	cols   []string
}

func newPendingStats(f []string) *pendingStats {
	p := &pendingStats{tx: f[0] == "TX:" || f[0] == "TX"}
	cols := f[1:]
	if len(cols) > 0 && cols[0] == "errors:" {
		p.errors, cols = true, cols[1:]
	}
	p.cols = cols
	return p
}

func (p *pendingStats) values(l *Link, t string, s segment) error {
	f := strings.Fields(t)
	if l.Stats == nil {
		l.Stats = &Stats{}
	}
	c := &l.Stats.RX
	if p.tx {
		c = &l.Stats.TX
	}
	if !p.errors {
		c.Line = s.line
	}
	for i, col := range p.cols {
		if i >= len(f) {
			break
		}
		v, err := strconv.ParseUint(f[i], 10, 64)
		if err != nil {
			return &parsers.ParseError{Command: cmdLink, Line: s.line, Text: s.text,
				Msg: "want counters under " + strconv.Quote(strings.Join(p.cols, " ")) + " (is -h on?)"}
		}
		setCounter(c, col, v, p.errors)
	}
	return nil
}

func setCounter(c *Counters, col string, v uint64, second bool) {
	if second && col != "missed" && col != "overrun" {
		return // -s -s error breakdown: only these two have a field
	}
	switch col {
	case "bytes":
		c.Bytes = v
	case "packets":
		c.Packets = v
	case "errors":
		c.Errors = v
	case "dropped":
		c.Dropped = v
	case "overrun", "overrun:":
		c.Overrun = v
	case "missed":
		c.Missed = v
	case "mcast":
		c.Multicast = v
	case "carrier":
		c.Carrier = v
	case "collsns":
		c.Collisions = v
	}
}
