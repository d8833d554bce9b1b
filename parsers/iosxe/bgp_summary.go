package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPSummary = "show ip bgp summary"

// ParseBGPSummary parses `show ip bgp summary`, `show bgp ipv4 unicast
// summary`, `show bgp summary` and `show ip bgp all summary` / `show bgp all
// summary` (IOS 12.4/15.x, IOS-XE 3.x-17.x).
//
// Every "For address family:" section becomes an AddressFamilies entry and
// tags its neighbor rows; the top-level RouterID, LocalAS and TableVersion
// are those of the first section. A neighbor address too long for its column
// is printed alone on a line and the rest of the row on the next: the two
// are joined. The State/PfxRcd column is a prefix count when the session is
// Established, otherwise a state that may be two words ("Idle (Admin)").
// Memory, activity and peak lines are kept as numbers; everything else
// (banners, prompts, "% BGP not active") is ignored.
func ParseBGPSummary(out string) (*parsers.BGPSummary, error) {
	p := summaryParser{sum: &parsers.BGPSummary{}}
	for i, line := range parsers.Lines(out) {
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	p.flush()
	s := p.sum
	if len(s.AddressFamilies) > 0 {
		first := s.AddressFamilies[0]
		s.RouterID, s.LocalAS, s.TableVersion = first.RouterID, first.LocalAS, first.TableVersion
	}
	if s.Neighbors == nil {
		s.Neighbors = []parsers.BGPSummaryNeighbor{}
	}
	return s, nil
}

type summaryParser struct {
	sum     *parsers.BGPSummary
	af      *parsers.BGPSummaryAF // section being read, nil before the first header line
	inTable bool
	wrapped netip.Addr // address printed alone on the previous line
	wrapLn  int
	wrapTxt string
	f       []string
}

// flush appends the current section, if any.
func (p *summaryParser) flush() {
	if p.af != nil {
		p.sum.AddressFamilies = append(p.sum.AddressFamilies, *p.af)
		p.af = nil
	}
}

// section returns the current section, opening an unnamed one when a header
// line comes before any "For address family:" (or repeats one already seen:
// `show ip bgp summary` of several VRFs prints several router-id lines).
func (p *summaryParser) section(n int, newIdentity bool) *parsers.BGPSummaryAF {
	if p.af == nil || newIdentity && p.af.RouterID.IsValid() {
		name := ""
		if p.af != nil {
			name = p.af.Name
		}
		p.flush()
		p.af = &parsers.BGPSummaryAF{Name: name}
	}
	p.af.Span.Cover(n)
	return p.af
}

func (p *summaryParser) line(n int, line string) error {
	t := strings.TrimSpace(line)
	if t == "" || parsers.IsBanner(t) || isPrompt(t) {
		return nil
	}
	p.f = splitFields(p.f[:0], t)
	f := p.f
	if p.inTable {
		ok, err := p.row(n, t, f)
		if ok || err != nil {
			return err
		}
		p.inTable = false
	}
	switch {
	case strings.HasPrefix(t, "For address family:"):
		p.flush()
		p.af = &parsers.BGPSummaryAF{Name: strings.TrimSpace(strings.TrimPrefix(t, "For address family:"))}
		p.af.Span.Cover(n)
	case strings.HasPrefix(t, "BGP router identifier"):
		af := p.section(n, true)
		// BGP router identifier 10.0.0.1, local AS number 64601
		if len(f) >= 7 {
			af.RouterID, _ = netip.ParseAddr(strings.TrimSuffix(f[3], ","))
			af.LocalAS, af.LocalASText = parseAS(f[len(f)-1])
		}
	case strings.HasPrefix(t, "BGP table version is"):
		af := p.section(n, false)
		af.TableVersion = atou(strings.TrimSuffix(fieldAt(f, 4), ","))
		af.MainTableVersion = atou(fieldAt(f, 9))
	case f[0] == "Neighbor" && len(f) > 2 && f[1] == "V":
		p.section(n, false)
		p.inTable = true
	default:
		p.counters(n, t, f)
	}
	return nil
}

// counters reads the memory and activity lines of a section header.
func (p *summaryParser) counters(n int, t string, f []string) {
	switch {
	case strings.HasSuffix(t, "bytes of memory") && len(f) >= 6 && f[0] == "BGP" && f[1] == "using":
		p.section(n, false).TotalMemoryBytes = atou(f[2])
	case strings.HasSuffix(t, "bytes of memory") && len(f) >= 6:
		a, b, _ := strings.Cut(f[0], "/")
		what := strings.Join(f[1:len(f)-5], " ")
		what = strings.TrimSuffix(strings.TrimSuffix(what, " entries"), "entries")
		af := p.section(n, false)
		af.Memory = append(af.Memory, parsers.BGPMemoryUsage{
			What: what, Entries: atou(a), Entries2: atou(b), Bytes: atou(f[len(f)-4]),
		})
	case strings.Contains(t, "multipath network entries and") && len(f) >= 8:
		af := p.section(n, false)
		af.MultipathNetworks, af.MultipathPaths = atou(f[0]), atou(f[5])
	case strings.HasSuffix(t, "paths for inbound soft reconfiguration"):
		p.section(n, false).SoftReconfigPaths = atou(f[0])
	case strings.HasPrefix(t, "BGP activity") && len(f) >= 9:
		af := p.section(n, false)
		a, b, _ := strings.Cut(f[2], "/")
		af.ActivityPrefixes, af.ActivityPrefixesDel = atou(a), atou(b)
		a, b, _ = strings.Cut(f[4], "/")
		af.ActivityPaths, af.ActivityPathsDel = atou(a), atou(b)
		af.ScanInterval = int(atou(f[len(f)-2]))
	case len(f) >= 4 && f[1] == "networks" && f[2] == "peaked":
		p.section(n, false).NetworksPeak = atou(f[0])
	}
}

// row reads one neighbor row (or the address half of a wrapped row). It
// reports false, nil for a line that is not a row, which ends the table.
func (p *summaryParser) row(n int, t string, f []string) (bool, error) {
	if len(f) == 1 {
		if a, err := netip.ParseAddr(f[0]); err == nil {
			p.wrapped, p.wrapLn, p.wrapTxt = a, n, t
			return true, nil
		}
	}
	start := n
	var addr netip.Addr
	if p.wrapped.IsValid() {
		addr, start = p.wrapped, p.wrapLn
		p.wrapped = netip.Addr{}
	} else {
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			return false, nil
		}
		addr, f = a, f[1:]
	}
	// V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd
	if len(f) < 9 || !parsers.IsDigits(f[0]) || !parsers.IsDigits(f[2]) || !parsers.IsDigits(f[3]) {
		return false, &parsers.ParseError{Command: cmdBGPSummary, Line: n, Text: t,
			Msg: "want neighbor row: V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd"}
	}
	nb := parsers.BGPSummaryNeighbor{
		Address: addr, Version: int(atou(f[0])),
		MsgRcvd: atou(f[2]), MsgSent: atou(f[3]), TblVer: atou(f[4]),
		InQ: int(atou(f[5])), OutQ: int(atou(f[6])), UpDown: f[7],
		PrefixesReceived: -1,
	}
	nb.RemoteAS, nb.RemoteASText = parseAS(f[1])
	state := f[8]
	if len(f) > 9 {
		state = strings.Join(f[8:], " ")
	}
	if parsers.IsDigits(state) {
		nb.State, nb.PrefixesReceived = "Established", int(atou(state))
	} else {
		nb.State = state
	}
	if p.af != nil {
		nb.AddressFamily = p.af.Name
	}
	nb.Span = parsers.Span{Start: start, End: n}
	p.sum.Neighbors = append(p.sum.Neighbors, nb)
	return true, nil
}

// parseAS reads an AS number in asplain ("64601") or asdot ("65000.1000")
// form; the text is returned too when it is asdot, so it can be shown as
// printed.
func parseAS(s string) (uint32, string) {
	hi, lo, dot := strings.Cut(s, ".")
	if !dot {
		return uint32(atou(s)), ""
	}
	return uint32(atou(hi)<<16 | atou(lo)&0xffff), s
}

// isPrompt reports whether a line is an exec prompt echoed into the output
// ("Router#show ip bgp summary", "edge1-rt#").
func isPrompt(t string) bool {
	i := strings.IndexByte(t, '#')
	if i < 0 || strings.ContainsAny(t[:i], " \t") {
		return false
	}
	return true
}

// splitFields appends the white-space separated fields of s to dst. It is
// strings.Fields without the allocation, for hot loops that reuse dst.
func splitFields(dst []string, s string) []string {
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
			dst = append(dst, s[i:j])
		}
		i = j
	}
	return dst
}

// fieldAt returns f[i], or "" when f is shorter.
func fieldAt(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// atou parses the leading decimal digits of s; 0 when there are none. It
// saturates instead of overflowing, so hostile input cannot wrap around.
func atou(s string) uint64 {
	var v uint64
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if v > (1<<64-1)/10-10 {
			return 1<<64 - 1
		}
		v = v*10 + uint64(s[i]-'0')
	}
	return v
}
