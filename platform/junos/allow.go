package junos

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// line is a Junos CLI line split into its command words and its output
// filters ("| match X"), each filter its own words.
type line struct {
	words   []string
	filters [][]string
}

// splitLine splits a CLI line at the pipes that are not inside a double
// quoted pattern. It refuses every byte the Junos CLI or a shell behind it
// could give a meaning to beyond a word: control bytes, non-ASCII, ; & `
// $ < > \ ' { } and an unbalanced quote. A quote is only allowed around a
// whole filter pattern.
func splitLine(s string) (line, error) {
	var l line
	var seg []string
	var word strings.Builder
	inQuote, quoted := false, false
	flush := func() {
		if word.Len() > 0 || quoted {
			seg = append(seg, word.String())
		}
		word.Reset()
		quoted = false
	}
	var segs [][]string
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c >= 0x7f {
			return l, fmt.Errorf("control or non-ASCII byte %q", c)
		}
		if inQuote {
			switch c {
			case '"':
				inQuote = false
			case '\t', '\\', '`', '$':
				return l, fmt.Errorf("%q inside a quoted pattern", c)
			default:
				word.WriteByte(c)
			}
			continue
		}
		switch c {
		case ' ', '\t':
			flush()
		case '"':
			if word.Len() > 0 {
				return l, fmt.Errorf("a quote inside a word")
			}
			inQuote, quoted = true, true
		case '|':
			flush()
			segs = append(segs, seg)
			seg = nil
		case ';', '&', '`', '$', '<', '>', '\\', '\'', '{', '}', '!', '#':
			return l, fmt.Errorf("%q is not part of any command vcdiag sends", c)
		default:
			if quoted {
				return l, fmt.Errorf("a word after a closing quote")
			}
			word.WriteByte(c)
		}
	}
	if inQuote {
		return l, fmt.Errorf("unbalanced quote")
	}
	flush()
	segs = append(segs, seg)
	for i, sg := range segs {
		if len(sg) == 0 {
			return l, fmt.Errorf("empty command or filter")
		}
		if i == 0 {
			l.words = sg
		} else {
			l.filters = append(l.filters, sg)
		}
	}
	return l, nil
}

// keywords are the words vcdiag reads with, and the shortest abbreviation
// the Junos CLI resolves to each in the places vcdiag uses them (the CLI
// accepts any unique prefix; these are the ones unique in those places).
var keywords = map[string]int{
	"show": 2, "version": 3, "configuration": 4, "security": 3, "ike": 3, "ipsec": 3,
	"security-associations": 10, "detail": 3, "statistics": 4, "interfaces": 3, "extensive": 3,
	"terse": 2, "bgp": 3, "summary": 3, "neighbor": 5, "route": 2, "receive-protocol": 3,
	"advertising-protocol": 3, "hidden": 3, "exact": 3, "log": 3, "messages": 3,
	"protocols": 5, "display": 4, "set": 3, "no-more": 2, "match": 3, "except": 3, "find": 3,
	"count": 3, "last": 3, "source": 3, "interface": 9, "do-not-fragment": 3, "size": 2,
	"rapid": 2, "wait": 2, "ping": 4, "routing-options": 9, "policy-options": 3,
	"ttl": 3, "index": 3,
}

// expand returns the keyword w abbreviates among the candidates, or "".
func expand(w string, candidates ...string) string {
	w = strings.ToLower(w)
	for _, c := range candidates {
		if w == c || len(w) >= keywords[c] && strings.HasPrefix(c, w) {
			return c
		}
	}
	return ""
}

// ifName is a Junos interface name with an optional unit: gr-0/0/0.0,
// st0.1, ge-0/0/1.0, ae0, irb.100, lo0.
var ifName = regexp.MustCompile(`^[a-z][a-z0-9]{1,7}(-\d{1,2}/\d{1,2}/\d{1,3}(:\d{1,2})?)?(\d{1,4})?(\.\d{1,5})?$`)

// refusedVerbs are the operational verbs that change something, with why.
var refusedVerbs = map[string]string{
	"configure": "configuration mode is never entered", "edit": "configuration mode is never entered",
	"request": "request commands act on the device", "clear": "clear resets state (SAs, sessions, counters)",
	"restart": "restart restarts daemons", "file": "file commands read and write files",
	"start": "start shell leaves the CLI", "monitor": "monitor never ends and changes trace settings",
	"load": "load changes the configuration", "commit": "commit changes the configuration",
	"rollback": "rollback changes the configuration", "delete": "delete changes the configuration",
	"save": "save writes files", "op": "op runs scripts", "test": "test commands act on the device",
	"traceroute": "vcdiag does not trace routes", "telnet": "vcdiag opens no sessions", "ssh": "vcdiag opens no sessions",
}

// allowed accepts only the exact shapes of the commands vcdiag reads with
// (show of SAs, interfaces, BGP, routes, configuration, version and the
// messages log; a bounded ping; the two terminal settings), their
// abbreviations, and the output filters that only read. A refusal wraps
// platform.ErrNotAllowed.
func allowed(cmd string) error {
	refuse := func(why string) error {
		return fmt.Errorf("%w: %q: %s", platform.ErrNotAllowed, cmd, why)
	}
	l, err := splitLine(strings.Trim(cmd, " "))
	if err != nil {
		return refuse(err.Error())
	}
	w := l.words
	var why string
	switch {
	case expand(w[0], "show") != "":
		why = allowShow(w[1:])
		if why == "" {
			why = allowFilters(l.filters)
		}
	case expand(w[0], "ping") != "":
		if _, why = pingArgs(w[1:]); why == "" && !onlyNoMore(l.filters) {
			why = "ping takes no output filter but | no-more"
		}
	case strings.ToLower(w[0]) == "set":
		why = allowSetCLI(w[1:])
		if why == "" && len(l.filters) > 0 {
			why = "set cli takes no output filter"
		}
	default:
		if r, ok := refusedVerbs[strings.ToLower(w[0])]; ok {
			why = r
		} else {
			why = fmt.Sprintf("%q is not a command vcdiag runs on Junos (show, ping, set cli screen-length/width)", w[0])
		}
	}
	if why != "" {
		return refuse(why)
	}
	return nil
}

func onlyNoMore(filters [][]string) bool {
	for _, f := range filters {
		if len(f) != 1 || expand(f[0], "no-more") == "" {
			return false
		}
	}
	return true
}

// allowSetCLI: set cli screen-length 0, set cli screen-width 0|N: terminal
// settings of this session only, nothing in the configuration.
func allowSetCLI(w []string) string {
	if len(w) != 3 || w[0] != "cli" || (w[1] != "screen-length" && w[1] != "screen-width") {
		return "the only set commands vcdiag sends are \"set cli screen-length 0\" and \"set cli screen-width 0\""
	}
	n, err := strconv.Atoi(w[2])
	if err != nil || n < 0 || n > 1024 || w[1] == "screen-length" && n != 0 {
		return "set cli screen-length takes 0, screen-width 0 to 1024"
	}
	return ""
}

// allowFilters: | no-more, | display set, | match|except|find PATTERN,
// | count, | last [N]. Never | save, | request, | load, | compare,
// | display xml rpc, | hold, | resolve, | trim.
func allowFilters(filters [][]string) string {
	for _, f := range filters {
		switch expand(f[0], "no-more", "display", "match", "except", "find", "count", "last") {
		case "no-more", "count":
			if len(f) == 1 {
				continue
			}
		case "display":
			if len(f) == 2 && expand(f[1], "set") == "set" {
				continue
			}
		case "match", "except", "find":
			if len(f) == 2 {
				continue
			}
		case "last":
			if len(f) == 1 {
				continue
			}
			if n, err := strconv.Atoi(f[1]); len(f) == 2 && err == nil && n > 0 && n <= 100000 {
				continue
			}
		}
		return fmt.Sprintf("output filter \"| %s\" is not one that only reads (no-more, display set, match, except, find, count, last)", strings.Join(f, " "))
	}
	return ""
}

// allowShow accepts the show commands of showShape.
func allowShow(w []string) string {
	if _, ok := showShape(w); ok {
		return ""
	}
	return fmt.Sprintf("\"show %s\" is not a command vcdiag reads with", strings.Join(w, " "))
}

// pingLimits bound the pings vcdiag sends: a count is required (a Junos
// ping without one never ends), and none floods.
const (
	maxPingCount = 100
	maxPingSize  = 65468
	maxPingWait  = 30
)

// pingSpec is a ping's arguments.
type pingSpec struct {
	target        netip.Addr
	source, iface string
	count, size   int
	df, rapid     bool
	wait          int
}

// text is the canonical command line of p: the words in one order.
func (p pingSpec) text() string {
	s := "ping " + p.target.String()
	if p.source != "" {
		s += " source " + p.source
	}
	if p.iface != "" {
		s += " interface " + p.iface
	}
	s += " count " + strconv.Itoa(p.count)
	if p.rapid {
		s += " rapid"
	}
	if p.wait > 0 {
		s += " wait " + strconv.Itoa(p.wait)
	}
	if p.df {
		s += " do-not-fragment"
	}
	if p.size > 0 {
		s += " size " + strconv.Itoa(p.size)
	}
	return s
}

// pingArgs reads ping ADDRESS [source ADDRESS] [interface IFACE] count N
// [rapid] [wait S] [do-not-fragment] [size N], options in any order.
func pingArgs(w []string) (pingSpec, string) {
	var p pingSpec
	if len(w) == 0 {
		return p, "ping needs a target address"
	}
	a, err := netip.ParseAddr(w[0])
	if err != nil {
		return p, fmt.Sprintf("ping's target must be an IP address, not %q", w[0])
	}
	p.target = a
	for i := 1; i < len(w); i++ {
		k := expand(w[i], "source", "interface", "count", "rapid", "wait", "do-not-fragment", "size")
		if k == "rapid" || k == "do-not-fragment" {
			p.rapid = p.rapid || k == "rapid"
			p.df = p.df || k == "do-not-fragment"
			continue
		}
		if k == "" {
			return p, fmt.Sprintf("ping option %q is not one vcdiag uses (no bypass-routing, pattern, record-route or routing-instance)", w[i])
		}
		if i+1 >= len(w) {
			return p, fmt.Sprintf("ping %s needs a value", k)
		}
		i++
		v := w[i]
		n, nerr := strconv.Atoi(v)
		switch k {
		case "source":
			s, err := netip.ParseAddr(v)
			if err != nil {
				return p, fmt.Sprintf("ping source must be an address, not %q", v)
			}
			p.source = s.String()
		case "interface":
			if !ifName.MatchString(v) {
				return p, fmt.Sprintf("ping interface %q is not an interface name", v)
			}
			p.iface = v
		case "count":
			if nerr != nil || n < 1 || n > maxPingCount {
				return p, fmt.Sprintf("ping count must be 1 to %d", maxPingCount)
			}
			p.count = n
		case "wait":
			if nerr != nil || n < 1 || n > maxPingWait {
				return p, fmt.Sprintf("ping wait must be 1 to %d seconds", maxPingWait)
			}
			p.wait = n
		case "size":
			if nerr != nil || n < 0 || n > maxPingSize {
				return p, fmt.Sprintf("ping size must be 0 to %d", maxPingSize)
			}
			p.size = n
		}
	}
	if p.count == 0 {
		return p, "ping needs a count: without one it never ends"
	}
	return p, ""
}
