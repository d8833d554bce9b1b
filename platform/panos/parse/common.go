package parse

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// line is one input line with its 1-based number, line end removed.
type line struct {
	n    int
	text string
}

// promptRE matches a PAN-OS CLI prompt: "admin@PA-VM> ",
// "user@PA-A(active)> ", "admin@fw# ".
var promptRE = regexp.MustCompile(`^[A-Za-z0-9_.\-]+@[A-Za-z0-9_.\-]+(\([A-Za-z0-9_:\-]+\))?[>#]`)

// splitLines cuts out into lines, dropping CR, prompt lines (the command
// echo) and a bare echo of cmdWord at the top ("show vpn flow").
func splitLines(out string, echo ...string) []line {
	raw := strings.Split(out, "\n")
	ls := make([]line, 0, len(raw))
	top := true
	for i, t := range raw {
		t = strings.TrimRight(t, "\r")
		t = strings.ReplaceAll(t, "\u200b", "")
		if promptRE.MatchString(t) {
			continue
		}
		if top {
			s := strings.TrimSpace(t)
			if s == "" {
				continue
			}
			echoed := false
			for _, e := range echo {
				if strings.HasPrefix(s, e) {
					echoed = true
				}
			}
			if echoed {
				continue
			}
			top = false
		}
		ls = append(ls, line{n: i + 1, text: t})
	}
	return ls
}

func perr(cmd string, n int, text, msg string) *parsers.ParseError {
	if len(text) > 200 {
		text = text[:200]
	}
	return &parsers.ParseError{Command: cmd, Line: n, Text: text, Msg: msg}
}

// noContent is the error for an output with no line at all.
func noContent(cmd string, ls []line) *parsers.ParseError {
	if len(ls) == 0 {
		return perr(cmd, 1, "", "empty output")
	}
	return perr(cmd, ls[0].n, ls[0].text, "no line of "+cmd+" output")
}

// isDashes reports a separator line of dashes/equals and spaces only.
func isDashes(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != '-' && r != ' ' && r != '=' {
			return false
		}
	}
	return true
}

func atoi(s string) (int, bool) {
	v, err := strconv.Atoi(s)
	return v, err == nil
}

func atou(s string) (uint64, bool) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return v, err == nil
}

// addr parses an IP address; masked or invalid text gives the zero Addr.
func addr(s string) netip.Addr {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return netip.Addr{}
	}
	return a
}

// keyValue splits "key:   value" at the first colon; ok is false without
// one.
func keyValue(s string) (string, string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// addrPort parses "10.1.1.2:179" (or a bare address).
func addrPort(s string) (netip.Addr, uint16) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), ap.Port()
	}
	return addr(s), 0
}
