package frr

import (
	"strconv"
	"strings"
)

// SessionState is the BGP finite-state-machine state of a session.
type SessionState uint8

// The FSM states FRR prints (bgp_status_msg).
const (
	StateUnknown SessionState = iota
	StateIdle
	StateConnect
	StateActive
	StateOpenSent
	StateOpenConfirm
	StateEstablished
	StateClearing
	StateDeleted
)

var stateNames = [...]string{"unknown", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm",
	"Established", "Clearing", "Deleted"}

func (s SessionState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// MarshalText writes the name.
func (s SessionState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// parseState reads an FSM state word ("Established", "Idle (Admin)",
// "OpenSent"); ok is false for anything else.
func parseState(s string) (SessionState, bool) {
	w := s
	if i := strings.IndexByte(w, ' '); i >= 0 {
		w = w[:i]
	}
	for i, n := range stateNames {
		if i > 0 && n == w {
			return SessionState(i), true
		}
	}
	return StateUnknown, false
}

// parseASN reads an AS number in asplain ("65001") or asdot ("1.10") form.
func parseASN(s string) (uint32, bool) {
	s = strings.Trim(s, `"`)
	if hi, lo, ok := strings.Cut(s, "."); ok {
		h, err1 := strconv.ParseUint(hi, 10, 16)
		l, err2 := strconv.ParseUint(lo, 10, 16)
		if err1 != nil || err2 != nil {
			return 0, false
		}
		return uint32(h<<16 | l), true
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(n), true
}
