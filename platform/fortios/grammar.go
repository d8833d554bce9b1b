package fortios

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// shape is one command vcdiag reads on FortiOS, as words: keywords, which
// the CLI accepts abbreviated to a unique prefix, and placeholders for
// arguments (upper case), each checked by its own rule.
type shape struct {
	words []string
	kind  string
}

// shapes are every command the allowlist accepts and Identify knows. Each
// only reads: "get" and "show" print state and configuration, the two
// "diagnose vpn ... list" commands print the VPN tables, "diagnose netlink
// interface list" the kernel's interface state and counters, and the ping
// options change only how the next ping of this session is sent.
var shapes = []shape{
	{words("get system status"), KindStatus},
	{words("get system interface"), KindInterfaces},
	{words("get router info bgp summary"), KindBGPSummary},
	{words("get router info bgp neighbors"), KindBGPNeighbor},
	{words("get router info bgp neighbors ADDR"), KindBGPNeighbor},
	{words("get router info bgp neighbors ADDR received-routes"), KindBGPRoutes},
	{words("get router info bgp neighbors ADDR routes"), KindBGPRoutes},
	{words("get router info bgp neighbors ADDR advertised-routes"), KindBGPRoutes},
	{words("get router info routing-table all"), KindRouteTable},
	{words("get router info routing-table details ADDRPFX"), KindRouteDetail},
	{words("show system gre-tunnel"), KindGRE},
	{words("show system gre-tunnel NAME"), KindGRE},
	{words("show full-configuration system gre-tunnel"), KindGRE},
	{words("show full-configuration system gre-tunnel NAME"), KindGRE},
	{words("diagnose vpn ike gateway list"), KindIKE},
	{words("diagnose vpn ike gateway list name NAME"), KindIKE},
	{words("diagnose vpn tunnel list"), KindTunnels},
	{words("diagnose vpn tunnel list name NAME"), KindTunnels},
	{words("diagnose netlink interface list"), KindNetlink},
	{words("diagnose netlink interface list NAME"), KindNetlink},
	{words("execute ping ADDR"), KindPing},
	{words("execute ping-options source ADDR"), KindPingOptions},
	{words("execute ping-options df-bit yes"), KindPingOptions},
	{words("execute ping-options df-bit no"), KindPingOptions},
	{words("execute ping-options data-size SIZE"), KindPingOptions},
	{words("execute ping-options repeat-count COUNT"), KindPingOptions},
	{words("execute ping-options timeout SECS"), KindPingOptions},
}

func words(s string) []string { return strings.Fields(s) }

// minPrefix is the shortest abbreviation vcdiag accepts for a keyword:
// three letters (or the whole word) by default, long enough that no
// keyword it accepts is also the prefix of a sibling that writes
// ("execute ping" must be typed whole: "p" could be many things).
var minPrefix = map[string]int{
	"ping": 4, "ping-options": 6, "yes": 3, "no": 2, "full-configuration": 4,
	"show": 2, "diagnose": 4, "execute": 4, "details": 3,
}

// keywordMatches reports whether w is an abbreviation FortiOS accepts of
// keyword k.
func keywordMatches(w, k string) bool {
	w = strings.ToLower(w)
	m, ok := minPrefix[k]
	if !ok {
		m = min(3, len(k))
	}
	return len(w) >= m && len(w) <= len(k) && strings.HasPrefix(k, w)
}

// Limits of the ping options vcdiag sets: no ping runs long or floods.
const (
	maxRepeat   = 100
	maxTimeout  = 30
	maxDataSize = 65507
)

// argument checks one placeholder's word and returns its canonical form.
func argument(ph, w string) (string, error) {
	switch ph {
	case "ADDR":
		a, err := netip.ParseAddr(w)
		if err != nil || a.Zone() != "" {
			return "", fmt.Errorf("%q is not an IP address", w)
		}
		return a.String(), nil
	case "ADDRPFX":
		if a, err := netip.ParseAddr(w); err == nil && a.Zone() == "" {
			return a.String(), nil
		}
		if p, err := netip.ParsePrefix(w); err == nil {
			return p.String(), nil
		}
		return "", fmt.Errorf("%q is not an IP address or prefix", w)
	case "NAME":
		if !validName(w) {
			return "", fmt.Errorf("%q is not a FortiOS object name", w)
		}
		return w, nil
	case "SIZE", "COUNT", "SECS":
		lim := map[string][2]int{"SIZE": {0, maxDataSize}, "COUNT": {1, maxRepeat}, "SECS": {1, maxTimeout}}[ph]
		n, err := strconv.Atoi(w)
		if err != nil || n < lim[0] || n > lim[1] || strconv.Itoa(n) != w {
			return "", fmt.Errorf("%q is not a number from %d to %d", w, lim[0], lim[1])
		}
		return w, nil
	}
	return "", fmt.Errorf("unknown placeholder %s", ph)
}

// reservedNames are words refused as an object name: harmless after
// "show", but a name that reads as a verb makes a line that looks like a
// write, and no Virtual Connect tunnel needs one.
var reservedNames = map[string]bool{"config": true, "set": true, "unset": true, "end": true, "next": true,
	"delete": true, "purge": true, "flush": true, "reset": true, "clear": true, "kill": true, "reboot": true,
	"shutdown": true, "restore": true, "up": true, "down": true, "debug": true, "enable": true, "disable": true,
	"factoryreset": true, "execute": true, "diagnose": true, "edit": true, "abort": true}

// validName reports a FortiOS object name as vcdiag accepts it: a
// phase1 or interface name (at most 35 characters), no quoting needed.
func validName(s string) bool {
	if s == "" || len(s) > 35 || reservedNames[strings.ToLower(s)] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// isPlaceholder reports a shape word that stands for an argument.
func isPlaceholder(w string) bool {
	return w != "" && w == strings.ToUpper(w) && w[0] >= 'A' && w[0] <= 'Z'
}

// match is a command line matched against a shape.
type match struct {
	shape  shape
	text   string // canonical, filter included
	arg    string // the first argument
	args   []string
	filter string // the grep filter as canonical text, "" when none
}

// matchLine finds the shape of a command line (with an optional "| grep"
// filter). The error says why nothing matched.
func matchLine(line string) (match, error) {
	if line == "" {
		return match{}, fmt.Errorf("empty command")
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ' ' || c == '\t' || c == '|' {
			continue
		}
		if c < 0x21 || c > 0x7e || strings.IndexByte(`;"'\`+"`"+`$&<>(){}[]!*?~#,=\`, c) >= 0 {
			return match{}, fmt.Errorf("character %q is not in any command vcdiag runs", c)
		}
	}
	body, filter, piped := strings.Cut(line, "|")
	m := match{}
	if piped {
		f, err := grepFilter(filter)
		if err != nil {
			return match{}, err
		}
		m.filter = f
	}
	ws := strings.Fields(body)
	if len(ws) == 0 {
		return match{}, fmt.Errorf("empty command")
	}
	var lastErr error
	for _, s := range shapes {
		if len(s.words) != len(ws) {
			continue
		}
		canon := make([]string, len(ws))
		var args []string
		ok := true
		for i, k := range s.words {
			if isPlaceholder(k) {
				a, err := argument(k, ws[i])
				if err != nil {
					ok, lastErr = false, err
					break
				}
				canon[i] = a
				args = append(args, a)
				continue
			}
			if !keywordMatches(ws[i], k) {
				ok = false
				break
			}
			canon[i] = k
		}
		if !ok {
			continue
		}
		m.shape, m.args = s, args
		if len(args) > 0 {
			m.arg = args[0]
		}
		m.text = strings.Join(canon, " ")
		if m.filter != "" {
			m.text += " | " + m.filter
		}
		return m, nil
	}
	if lastErr != nil {
		return match{}, lastErr
	}
	return match{}, fmt.Errorf("not a command vcdiag runs on FortiOS")
}

// grepFilter checks a "| grep [-i] [-v] [-c] [-f] [-A N] [-B N] [-C N]
// PATTERN" output filter (FortiOS's grep only reads the output) and
// returns it canonically. One filter, one plain pattern word.
func grepFilter(s string) (string, error) {
	if strings.Contains(s, "|") {
		return "", fmt.Errorf("only one output filter is allowed")
	}
	ws := strings.Fields(s)
	if len(ws) < 2 || ws[0] != "grep" {
		return "", fmt.Errorf("the only output filter is \"| grep PATTERN\"")
	}
	for i := 1; i < len(ws)-1; i++ {
		switch ws[i] {
		case "-i", "-v", "-c", "-f":
		case "-A", "-B", "-C":
			if i+1 >= len(ws)-1 {
				return "", fmt.Errorf("grep %s needs a number and a pattern", ws[i])
			}
			i++
			if n, err := strconv.Atoi(ws[i]); err != nil || n < 0 || n > 1000 {
				return "", fmt.Errorf("grep context must be 0 to 1000 lines")
			}
		default:
			return "", fmt.Errorf("grep option %q is not one vcdiag uses", ws[i])
		}
	}
	pat := ws[len(ws)-1]
	if strings.HasPrefix(pat, "-") {
		return "", fmt.Errorf("grep needs a pattern")
	}
	return strings.Join(ws, " "), nil
}
