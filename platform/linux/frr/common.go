package frr

import (
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Unavailable says why FRR answered without the data asked for. The zero
// value means the data is there (possibly empty).
type Unavailable uint8

// The reasons FRR gives for not showing something.
const (
	Available Unavailable = iota
	// SoftReconfigOff: received-routes needs "soft-reconfiguration inbound".
	SoftReconfigOff
	// NoSuchNeighbor: the neighbor is not configured in this view/VRF, or
	// the address family is not active for it.
	NoSuchNeighbor
	// AFNotEnabled: "% IPv4 Unicast is not enabled for this neighbor".
	AFNotEnabled
	// NoBGP: no BGP instance ("% No BGP process is configured").
	NoBGP
	// NotInTable: "% Network not in table" (route lookup).
	NotInTable
	// OtherWarning: a "% ..." line or JSON warning not listed above.
	OtherWarning
)

var unavailableNames = [...]string{"available", "soft-reconfig-off", "no-such-neighbor",
	"af-not-enabled", "no-bgp", "not-in-table", "other-warning"}

func (u Unavailable) String() string {
	if int(u) < len(unavailableNames) {
		return unavailableNames[u]
	}
	return "unavailable(?)"
}

// MarshalText writes the name.
func (u Unavailable) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// classifyWarning maps FRR's "% ..." text or JSON warning to a reason; ok
// is false when the text is not one of FRR's warnings.
func classifyWarning(s string) (Unavailable, bool) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimPrefix(t, "%"))
	l := strings.ToLower(t)
	switch {
	case strings.Contains(l, "inbound soft reconfiguration not enabled"):
		return SoftReconfigOff, true
	case strings.HasPrefix(l, "no such neighbor"), strings.Contains(l, "malformed address"),
		strings.HasPrefix(l, "neighbor is not in the requested state"):
		return NoSuchNeighbor, true
	case strings.Contains(l, "is not enabled for this neighbor"):
		return AFNotEnabled, true
	case strings.Contains(l, "no bgp process"), strings.Contains(l, "bgp instance not found"),
		strings.Contains(l, "no bgp neighbors found"):
		return NoBGP, true
	case strings.Contains(l, "network not in table"):
		return NotInTable, true
	}
	if strings.HasPrefix(strings.TrimSpace(s), "%") {
		return OtherWarning, true
	}
	return Available, false
}

// lineIndex maps byte offsets of an output to 1-based line numbers.
type lineIndex []int // offsets of line starts

func newLineIndex(s string) lineIndex {
	idx := lineIndex{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the 1-based line holding byte offset off.
func (li lineIndex) line(off int64) int {
	return sort.Search(len(li), func(i int) bool { return int64(li[i]) > off })
}

func perr(cmd string, line int, text, msg string) *parsers.ParseError {
	if len(text) > 200 {
		text = text[:200]
	}
	return &parsers.ParseError{Command: cmd, Line: line, Text: text, Msg: msg}
}

// firstContent returns the index of the first non-blank line, or -1.
func firstContent(lines []string) int {
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			return i
		}
	}
	return -1
}

// isWarningOnly reports whether the non-blank lines of an output are all
// "%" lines, and returns the reason of the first.
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
		if !ok || !strings.HasPrefix(t, "%") && r == Available {
			return 0, "", 0, false
		}
		if first == 0 {
			u, text, first = r, t, i+1
		}
	}
	return u, text, first, first != 0
}
