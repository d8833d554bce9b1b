package parse

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// line is one output line with its 1-based number in the original output.
type line struct {
	n    int
	text string // indentation common to the whole output removed
}

func (l line) trim() string { return strings.TrimSpace(l.text) }

func perr(cmd string, n int, text, msg string) *parsers.ParseError {
	if len(text) > 200 {
		text = text[:200]
	}
	return &parsers.ParseError{Command: cmd, Line: n, Text: text, Msg: msg}
}

// prep splits an output into numbered lines, drops a first line that
// echoes the prompt and command, "{master}"-style cluster banners and blank
// lines, and removes the indentation every remaining line shares (test
// files of genieparser indent the whole output).
func prep(out string) []line {
	raw := parsers.Lines(out)
	var ls []line
	seen := false
	for i, s := range raw {
		t := strings.TrimSpace(s)
		if t == "" {
			continue
		}
		if !seen && isEcho(t) {
			seen = true
			continue
		}
		if len(ls) == 0 && cliTimestamp.MatchString(t) {
			continue // "Dec 01 09:14:07": set cli timestamp prints it before each output
		}
		seen = true
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && !strings.Contains(t, " ") {
			continue // {master}, {primary:node0}
		}
		if isNodeBanner(t) {
			continue // a chassis cluster's "node0:" and the dashes under it
		}
		ls = append(ls, line{n: i + 1, text: strings.ReplaceAll(s, "\t", "    ")})
	}
	min := -1
	for _, l := range ls {
		ind := len(l.text) - len(strings.TrimLeft(l.text, " "))
		if min < 0 || ind < min {
			min = ind
		}
	}
	for i := range ls {
		ls[i].text = ls[i].text[min:]
	}
	return ls
}

// cliTimestamp is the line `set cli timestamp` makes the CLI print before
// every output, in its default format "%b %d %T".
var cliTimestamp = regexp.MustCompile(`^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d$`)

// isNodeBanner reports whether t is the per-node heading a chassis
// cluster (SRX HA pair) prints before each node's part of an output:
// "node0:" and a line of dashes.
func isNodeBanner(t string) bool {
	if n, ok := strings.CutPrefix(t, "node"); ok && strings.HasSuffix(n, ":") && parsers.IsDigits(strings.TrimSuffix(n, ":")) {
		return true
	}
	return len(t) >= 10 && strings.Trim(t, "-") == ""
}

// isEcho reports whether t is a prompt and command ("root@vsrx> show ...",
// "# show ...", "show ...").
func isEcho(t string) bool {
	if i := strings.Index(t, "> "); i > 0 && !strings.Contains(t[:i], " ") || strings.HasPrefix(t, "root@") {
		t = strings.TrimSpace(t[i+1:])
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "#"))
	for _, p := range []string{"show ", "ping ", "run show ", "run ping "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func u64(s string) (uint64, bool) {
	s = strings.TrimSuffix(s, ",")
	if !parsers.IsDigits(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

func u32(s string) (uint32, bool) {
	v, ok := u64(s)
	return uint32(v), ok && v <= 1<<32-1
}

// addrPort reads "192.0.2.1:500", "192.0.2.1+179", "2001:db8::1+179" or a
// bare address.
func addrPort(s string) (netip.Addr, uint16, bool) {
	s = strings.TrimSuffix(s, ",")
	if a, err := netip.ParseAddr(s); err == nil {
		return a, 0, true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), ap.Port(), true
	}
	for _, sep := range []string{"+", ":"} {
		if i := strings.LastIndex(s, sep); i > 0 {
			a, err := netip.ParseAddr(s[:i])
			p, err2 := strconv.ParseUint(s[i+1:], 10, 16)
			if err == nil && err2 == nil {
				return a, uint16(p), true
			}
		}
	}
	return netip.Addr{}, 0, false
}

// keyValue splits "Key: value" at the first ": ".
func keyValue(t string) (string, string, bool) {
	k, v, ok := strings.Cut(t, ":")
	if !ok {
		return "", "", false
	}
	return strings.TrimSpace(k), strings.TrimSpace(v), true
}

// expiresIn reads "Expires in 28123 seconds" and "28123 seconds".
func expiresIn(s string) (time.Duration, bool) {
	f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(s), "Expires in"))
	if len(f) >= 1 {
		if v, ok := u64(f[0]); ok {
			return time.Duration(v) * time.Second, true
		}
	}
	return 0, false
}

// commaFields splits "A: x, B: y, C: z" into a map of trimmed keys and values.
func commaFields(t string) map[string]string {
	m := map[string]string{}
	for _, part := range strings.Split(t, ",") {
		if k, v, ok := keyValue(part); ok {
			m[k] = v
		}
	}
	return m
}
