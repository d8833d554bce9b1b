package parse

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Unavailable says why FortiOS answered without the data asked for. The
// zero value means the data is there (possibly empty).
type Unavailable uint8

// The reasons FortiOS gives for not showing something.
const (
	Available Unavailable = iota
	// NotInTable: "% Network not in table" (routing-table details X).
	NotInTable
	// SoftReconfigOff: received-routes needs "set soft-reconfiguration enable".
	SoftReconfigOff
	// NoSuchNeighbor: "% No such neighbor or address family".
	NoSuchNeighbor
	// CommandFailed: "Command fail. Return code -N" or "command parse
	// error" (the release does not know the command or argument).
	CommandFailed
	// OtherWarning: another "% ..." line.
	OtherWarning
)

var unavailableNames = [...]string{"available", "not-in-table", "soft-reconfig-off",
	"no-such-neighbor", "command-failed", "other-warning"}

func (u Unavailable) String() string {
	if int(u) < len(unavailableNames) {
		return unavailableNames[u]
	}
	return "unavailable(?)"
}

// MarshalText writes the name.
func (u Unavailable) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// classifyWarning maps a FortiOS refusal line to a reason; ok is false
// when the line is not one.
func classifyWarning(s string) (Unavailable, bool) {
	t := strings.TrimSpace(s)
	l := strings.ToLower(t)
	switch {
	case strings.Contains(l, "network not in table"):
		return NotInTable, true
	case strings.Contains(l, "inbound soft reconfiguration not enabled"):
		return SoftReconfigOff, true
	case strings.HasPrefix(l, "% no such neighbor"), strings.HasPrefix(l, "% malformed address"):
		return NoSuchNeighbor, true
	case strings.HasPrefix(l, "command fail."), strings.HasPrefix(l, "command parse error"),
		strings.HasPrefix(l, "unknown action"):
		return CommandFailed, true
	case strings.HasPrefix(t, "%"):
		return OtherWarning, true
	}
	return Available, false
}

// promptRE matches a CLI prompt line, optionally with the command typed
// after it: "FGT # get ...", "FGT-BJ (root) # diagnose ...", "# execute
// ping 1.1.1.2". The word after the prompt must be a FortiOS verb, so that
// output text containing " # " is never mistaken for one.
var promptRE = regexp.MustCompile(`^(?:[A-Za-z0-9_.\-]+(?: \([A-Za-z0-9_.\-]+\))? ?)?[#$](?:\s*|\s+(?:diagnose|diag|get|execute|exec|show|config|edit|next|end|fnsysctl)\b.*)$`)

// isPrompt reports whether a line is a prompt or a command echo.
func isPrompt(l string) bool {
	t := strings.TrimSpace(l)
	if t == "" || len(t) > 300 {
		return false
	}
	return promptRE.MatchString(t)
}

// content returns the lines of out with prompts and command echoes
// blanked (so that indexes still map to line numbers), and whether any
// line is left with text.
func content(out string) ([]string, bool) {
	lines := parsers.Lines(out)
	any := false
	for i, l := range lines {
		if isPrompt(l) {
			lines[i] = ""
			continue
		}
		if strings.TrimSpace(l) != "" {
			any = true
		}
	}
	return lines, any
}

// warningOnly reports whether the non-blank lines are all refusals, and
// returns the first one's reason, text and line number.
func warningOnly(lines []string) (Unavailable, string, int, bool) {
	var u Unavailable
	var text string
	first := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		r, ok := classifyWarning(t)
		if !ok {
			return 0, "", 0, false
		}
		if first == 0 {
			u, text, first = r, t, i+1
		}
	}
	return u, text, first, first != 0
}

func perr(cmd string, line int, text, msg string) *parsers.ParseError {
	if len(text) > 200 {
		text = text[:200]
	}
	return &parsers.ParseError{Command: cmd, Line: line, Text: text, Msg: msg}
}

// fields splits "k=v k2=v2 flag" into a map; words without "=" map to "".
// A key seen twice keeps its first value.
func kv(s string) map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(s) {
		k, v, _ := strings.Cut(w, "=")
		if _, dup := m[k]; !dup {
			m[k] = v
		}
	}
	return m
}

func atou64(s string) (uint64, bool) {
	if !parsers.IsDigits(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

func atou32(s string) (uint32, bool) {
	if !parsers.IsDigits(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

func atoi(s string) (int, bool) {
	if !parsers.IsDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// u64 returns the number of s, or 0.
func u64(s string) uint64 { n, _ := atou64(s); return n }

// hex32 reads a hexadecimal field ("0000000c", "1a45fdb4").
func hex32(s string) (uint32, bool) {
	n, err := strconv.ParseUint(s, 16, 32)
	return uint32(n), err == nil && s != ""
}

// slash splits "a/b" into two numbers.
func slash(s string) (uint64, uint64, bool) {
	a, b, ok := strings.Cut(s, "/")
	x, ok1 := atou64(a)
	y, ok2 := atou64(b)
	return x, y, ok && ok1 && ok2
}

// addrPort reads "1.2.3.4:500" (the port may be absent).
func addrPort(s string) (netip.Addr, uint16, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), ap.Port(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a, 0, true
	}
	return netip.Addr{}, 0, false
}

// maskPrefix reads "10.0.0.1 255.255.255.0" as an interface prefix.
func maskPrefix(ip, mask string) (netip.Prefix, bool) {
	a, err := netip.ParseAddr(ip)
	m, err2 := netip.ParseAddr(mask)
	if err != nil || err2 != nil || !a.Is4() || !m.Is4() {
		return netip.Prefix{}, false
	}
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	bits := 0
	for v&0x80000000 != 0 {
		bits++
		v <<= 1
	}
	if v != 0 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, bits), true
}

// unquote removes one pair of double quotes.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// hex64 reads a hexadecimal counter.
func hex64(s string) (uint64, bool) {
	n, err := strconv.ParseUint(s, 16, 64)
	return n, err == nil && s != ""
}
