package iosxe

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPNeighbors = "show ip bgp neighbors"

// ParseBGPNeighbors parses `show ip bgp neighbors [X]`, `show bgp ipv4
// unicast neighbors [X]` and `show [ip] bgp all neighbors` (IOS 12.4/15.x,
// IOS-XE 3.x-17.x): one BGPNeighbor per "BGP neighbor is" block.
//
// It reads identity (address, vrf, remote and local AS, link type), state
// and its age, timers, the message statistics table, per address family the
// prefix activity, connection counts, the last reset and its reason,
// notification codes where printed, and the TCP endpoints. Numbers of the
// TCP control block and other "label N" lines are kept in the TCP and
// Numbers maps under the label IOS prints. Capabilities, event timer text
// and flags are ignored.
func ParseBGPNeighbors(out string) ([]parsers.BGPNeighbor, error) {
	var (
		res []parsers.BGPNeighbor
		cur *neighborParser
	)
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "BGP neighbor is ") {
			if cur != nil {
				res = append(res, cur.finish())
			}
			nb, err := neighborHeader(n, t)
			if err != nil {
				return nil, err
			}
			cur = &neighborParser{nb: nb}
			continue
		}
		if cur == nil || t == "" || parsers.IsBanner(t) || isPrompt(t) {
			continue
		}
		cur.nb.Span.Cover(n)
		cur.line(t)
	}
	if cur != nil {
		res = append(res, cur.finish())
	}
	if res == nil {
		res = []parsers.BGPNeighbor{}
	}
	return res, nil
}

// neighborHeader reads "BGP neighbor is 100.64.1.1,  vrf X,  remote AS 64602,
// local AS 65000 no-prepend, external link".
func neighborHeader(n int, t string) (parsers.BGPNeighbor, error) {
	nb := parsers.BGPNeighbor{Span: parsers.Span{Start: n, End: n}}
	parts := strings.Split(strings.TrimPrefix(t, "BGP neighbor is "), ",")
	a, err := netip.ParseAddr(strings.TrimSpace(parts[0]))
	if err != nil {
		return nb, &parsers.ParseError{Command: cmdBGPNeighbors, Line: n, Text: t, Msg: "want neighbor address"}
	}
	nb.Address = a
	for _, p := range parts[1:] {
		f := strings.Fields(p)
		switch {
		case len(f) >= 2 && f[0] == "vrf":
			nb.VRF = f[1]
		case len(f) >= 3 && f[0] == "remote" && f[1] == "AS":
			nb.RemoteAS, _ = parseAS(f[2])
		case len(f) >= 3 && f[0] == "local" && f[1] == "AS":
			nb.LocalAS, _ = parseAS(f[2])
			nb.LocalASNoPrepend = strings.Contains(p, "no-prepend")
		case len(f) >= 2 && f[len(f)-1] == "link":
			nb.LinkType = f[0]
		}
	}
	if nb.RemoteAS == 0 && !strings.Contains(t, "remote AS") {
		return nb, &parsers.ParseError{Command: cmdBGPNeighbors, Line: n, Text: t, Msg: "want remote AS"}
	}
	return nb, nil
}

// neighborParser reads the lines of one block; section says which table
// the counter rows belong to.
type neighborParser struct {
	nb      parsers.BGPNeighbor
	af      *parsers.BGPNeighborAF
	section int // 0 session, 1 message statistics, 2 TCP
	f       []string
}

const (
	secSession = iota
	secMessages
	secTCP
)

func (p *neighborParser) finish() parsers.BGPNeighbor {
	p.closeAF()
	for _, af := range p.nb.AddressFamilies {
		p.nb.PrefixesSent += af.PrefixesSent
		p.nb.PrefixesReceived += af.PrefixesReceived
	}
	return p.nb
}

func (p *neighborParser) closeAF() {
	if p.af != nil {
		p.nb.AddressFamilies = append(p.nb.AddressFamilies, *p.af)
		p.af = nil
	}
}

func (p *neighborParser) line(t string) {
	nb := &p.nb
	p.f = splitFields(p.f[:0], t)
	f := p.f
	switch {
	case strings.HasPrefix(t, "Description:"):
		nb.Description = strings.TrimSpace(strings.TrimPrefix(t, "Description:"))
	case strings.HasPrefix(t, "BGP version"):
		// BGP version 4, remote router ID 10.1.1.1
		nb.BGPVersion = int(atou(strings.TrimSuffix(fieldAt(f, 2), ",")))
		nb.RouterID, _ = netip.ParseAddr(f[len(f)-1])
	case strings.HasPrefix(t, "BGP state = "):
		p.state(strings.TrimPrefix(t, "BGP state = "))
	case strings.HasPrefix(t, "Last read"):
		p.timers(t)
	case strings.HasPrefix(t, "Configured hold time is"):
		// Configured hold time is 180, keepalive interval is 60 seconds
		nb.ConfiguredHold = time.Duration(atou(strings.TrimSuffix(fieldAt(f, 4), ","))) * time.Second
		nb.ConfiguredKeep = time.Duration(atou(fieldAt(f, 8))) * time.Second
	case t == "Message statistics:":
		p.section = secMessages
	case strings.HasPrefix(t, "InQ depth is"):
		nb.InQDepth = int(atou(fieldAt(f, 3)))
	case strings.HasPrefix(t, "OutQ depth is"):
		nb.OutQDepth = int(atou(fieldAt(f, 3)))
	case strings.HasPrefix(t, "For address family:"):
		p.closeAF()
		p.section = secSession
		p.af = &parsers.BGPNeighborAF{Name: strings.TrimSpace(strings.TrimPrefix(t, "For address family:"))}
	case strings.HasPrefix(t, "Connections established"):
		// Connections established 1; dropped 0
		p.closeAF()
		nb.ConnectionsEstablished = int(atou(strings.TrimSuffix(fieldAt(f, 2), ";")))
		nb.ConnectionsDropped = int(atou(fieldAt(f, 4)))
	case strings.HasPrefix(t, "Last reset"):
		p.closeAF()
		p.lastReset(strings.TrimSpace(strings.TrimPrefix(t, "Last reset")))
	case strings.HasPrefix(t, "Connection state is"):
		p.closeAF()
		p.section = secTCP
		nb.ConnectionState = strings.TrimSuffix(fieldAt(f, 3), ",")
		p.numbers(&nb.TCP, t[len("Connection state is"):])
	case strings.HasPrefix(t, "Local host:"), strings.HasPrefix(t, "Foreign host:"):
		p.host(t)
	case strings.Contains(t, "otification sent") || strings.Contains(t, "otification received"):
		p.notification(t)
	case p.counterRow(t, f):
	case strings.HasPrefix(t, "BGP table version") && p.af != nil:
		// BGP table version 21, neighbor version 21/0
		p.af.TableVersion = atou(strings.TrimSuffix(fieldAt(f, 3), ","))
		p.af.NeighborVersion = fieldAt(f, 6)
	case p.af != nil:
		p.numbers(&p.af.Numbers, t)
	case p.section == secTCP:
		p.numbers(&nb.TCP, t)
	default:
		p.numbers(&nb.Numbers, t)
	}
}

// state reads "Established, up for 00:10:02", "Idle", "Idle, down for ...".
func (p *neighborParser) state(s string) {
	st, rest, _ := strings.Cut(s, ",")
	st = strings.TrimSpace(st)
	if strings.HasSuffix(st, " up for") || strings.Contains(st, " up for ") { // "Established up for 00:10:02"
		st, rest, _ = strings.Cut(st, " ")
		rest = "up " + strings.TrimSpace(strings.TrimPrefix(rest, "up"))
	}
	p.nb.State = st
	if r := strings.TrimSpace(rest); strings.HasPrefix(r, "up for ") {
		p.nb.StateFor = strings.TrimSpace(strings.TrimPrefix(r, "up for "))
	}
}

// timers reads "Last read 00:00:32, last write 00:00:03, hold time is 180,
// keepalive interval is 60 seconds".
func (p *neighborParser) timers(t string) {
	for _, part := range strings.Split(t, ",") {
		f := strings.Fields(part)
		switch {
		case len(f) == 3 && f[0] == "Last" && f[1] == "read":
			p.nb.LastRead = f[2]
		case len(f) == 3 && f[0] == "last" && f[1] == "write":
			p.nb.LastWrite = f[2]
		case len(f) >= 4 && f[0] == "hold" && f[1] == "time":
			p.nb.HoldTimeSeconds = int(atou(f[3]))
			p.nb.HoldTime = time.Duration(p.nb.HoldTimeSeconds) * time.Second
		case len(f) >= 4 && f[0] == "keepalive":
			p.nb.KeepaliveSeconds = int(atou(f[3]))
			p.nb.Keepalive = time.Duration(p.nb.KeepaliveSeconds) * time.Second
		}
	}
}

// lastReset reads what follows "Last reset": "never", "from power-on",
// "00:01:23, due to BGP Notification sent, peer in wrong AS".
func (p *neighborParser) lastReset(s string) {
	ago, why, ok := strings.Cut(s, ", due to ")
	if !ok {
		p.nb.LastResetAgo, p.nb.LastReset = s, s
		if s == "never" {
			p.nb.LastReset = ""
		}
		return
	}
	p.nb.LastResetAgo, p.nb.LastReset = ago, why
	for _, dir := range []string{"sent", "received"} {
		// "BGP Notification received of session 1, hold time expired"
		pre := "BGP Notification " + dir
		if !strings.HasPrefix(why, pre) {
			continue
		}
		_, reason, _ := strings.Cut(why, ", ")
		if dir == "sent" && p.nb.LastNotificationSent == "" {
			p.nb.LastNotificationSent = reason
		}
		if dir == "received" && p.nb.LastNotificationReceived == "" {
			p.nb.LastNotificationReceived = reason
		}
	}
}

// notification reads a line naming the code of the last notification sent
// or received, "... sent ... 2/2 (peer in wrong AS) ...", keeping "2/2 (peer
// in wrong AS)". It overrides the reason taken from "Last reset".
func (p *neighborParser) notification(t string) {
	for i := 0; i+2 < len(t); i++ {
		if t[i] < '0' || t[i] > '9' || i > 0 && t[i-1] != ' ' {
			continue
		}
		j := i
		for j < len(t) && (t[j] >= '0' && t[j] <= '9' || t[j] == '/') {
			j++
		}
		code := t[i:j]
		if strings.Count(code, "/") != 1 || j+2 > len(t) || !strings.HasPrefix(t[j:], " (") {
			continue
		}
		end := strings.IndexByte(t[j:], ')')
		if end < 0 {
			return
		}
		v := t[i : j+end+1]
		if strings.Contains(t[:i], "sent") {
			p.nb.LastNotificationSent = v
		} else {
			p.nb.LastNotificationReceived = v
		}
		return
	}
}

// host reads "Local host: 100.64.1.2, Local port: 179" (IPv6 addresses
// contain colons, so split on the comma).
func (p *neighborParser) host(t string) {
	h, port, _ := strings.Cut(t, ",")
	_, h, _ = strings.Cut(h, ":")
	_, port, _ = strings.Cut(port, ":")
	a, err := netip.ParseAddr(strings.TrimSpace(h))
	if err != nil {
		return
	}
	pn, _ := strconv.ParseUint(strings.TrimSpace(port), 10, 16)
	ap := netip.AddrPortFrom(a, uint16(pn))
	if strings.HasPrefix(t, "Local") {
		p.nb.LocalHost, p.nb.LocalPort = ap, ap.Port()
	} else {
		p.nb.ForeignHost, p.nb.ForeignPort = ap, ap.Port()
	}
}

// counterRow reads a "Label: sent rcvd" row of the message statistics or
// prefix activity tables; "n/a" is -1.
func (p *neighborParser) counterRow(t string, f []string) bool {
	if p.section != secMessages && p.af == nil || len(f) < 3 {
		return false
	}
	c := strings.LastIndexByte(t, ':')
	if c < 0 {
		return false
	}
	vals := splitFields(nil, t[c+1:])
	if len(vals) < 2 || !isCount(vals[0]) || !isCount(vals[1]) {
		return false
	}
	row := parsers.BGPCounterRow{Name: strings.TrimSpace(t[:c]), Sent: count(vals[0]), Rcvd: count(vals[1])}
	if p.af == nil {
		p.nb.MessageStats = append(p.nb.MessageStats, row)
		if row.Name == "Notifications" {
			p.nb.NotificationsSent, p.nb.NotificationsReceived = uint64(row.Sent), uint64(row.Rcvd)
		}
		return true
	}
	p.af.PrefixActivity = append(p.af.PrefixActivity, row)
	if row.Name == "Prefixes Current" {
		p.af.PrefixesSent, p.af.PrefixesReceived = int(max(row.Sent, 0)), int(max(row.Rcvd, 0))
	}
	return true
}

func isCount(s string) bool { return s == "n/a" || parsers.IsDigits(s) }

func count(s string) int64 {
	if s == "n/a" {
		return -1
	}
	return int64(min(atou(s), 1<<63-1))
}

// numbers records every number of a line under the words before it
// ("SRTT: 1000 ms, RTTO: 1003 ms" gives SRTT=1000, RTTO=1003; "1
// update-group member" gives "update-group member"=1). Repeated labels get
// a " 2", " 3" suffix. Hex values are skipped.
func (p *neighborParser) numbers(m *map[string]uint64, t string) {
	var words []string
	pending, havePending, last := uint64(0), false, ""
	put := func(k string, v uint64) {
		if *m == nil {
			*m = map[string]uint64{}
		}
		key := k
		for i := 2; ; i++ {
			if _, dup := (*m)[key]; !dup {
				break
			}
			key = k + " " + strconv.Itoa(i)
		}
		(*m)[key] = v
	}
	for _, w := range strings.Fields(t) {
		w = strings.Trim(w, ":,;()")
		switch {
		case w == "" || w == "ms" || w == "bytes" || w == "secs" || w == "seconds" || strings.HasPrefix(w, "0x"):
		case parsers.IsDigits(w):
			switch {
			case len(words) > 0:
				last = strings.Join(words, " ")
				put(last, atou(w))
				words = words[:0]
			case last != "":
				put(last, atou(w)) // second column of a table row
			default:
				pending, havePending = atou(w), true
			}
		default:
			words = append(words, w)
		}
	}
	if havePending && len(words) > 0 {
		put(strings.Join(words, " "), pending)
	}
}
