package iosxe

import (
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Small string helpers shared by the show interfaces, running-config, ping
// and show version parsers. They are prefixed dev (device parsers) so that
// they cannot collide with other command families' helpers in this package.

// devHasContent reports whether lines hold more than blanks, banners, prompts
// and a command echo: an empty `show interfaces Tunnel9` output is no error.
func devHasContent(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || parsers.IsBanner(l) || strings.HasPrefix(t, "show ") || devIsPrompt(t) {
			continue
		}
		return true
	}
	return false
}

// devIsPrompt reports whether t is a CLI prompt, alone or followed by the
// command typed ("cpe1#", "cpe1#show interfaces Tunnel1"). A session log
// pasted whole has them; output lines never have '#' before their first
// space.
func devIsPrompt(t string) bool {
	i := strings.IndexByte(t, '#')
	return i > 0 && !strings.ContainsAny(t[:i], " \t")
}

// knownCounterKeys spares the lower-casing of the counter names every
// IOS release prints; others are converted as they come.
var knownCounterKeys = map[string]string{
	"no buffer": "no_buffer", "broadcasts": "broadcasts", "IP multicasts": "ip_multicasts",
	"runts": "runts", "giants": "giants", "throttles": "throttles", "CRC": "crc", "frame": "frame",
	"overrun": "overrun", "ignored": "ignored", "abort": "abort", "underruns": "underruns",
	"collisions": "collisions", "interface resets": "interface_resets",
	"unknown protocol drops": "unknown_protocol_drops", "output buffer failures": "output_buffer_failures",
	"output buffers swapped out": "output_buffers_swapped_out", "watchdog": "watchdog", "multicast": "multicast",
	"pause input": "pause_input", "babbles": "babbles", "late collision": "late_collision", "deferred": "deferred",
	"lost carrier": "lost_carrier", "no carrier": "no_carrier", "pause output": "pause_output",
}

func devCounterKey(name string) string {
	if k, ok := knownCounterKeys[name]; ok {
		return k
	}
	name = strings.ToLower(strings.TrimSpace(name))
	return strings.ReplaceAll(name, " ", "_")
}

// devFirstField is strings.Fields(s)[0] without the allocation.
func devFirstField(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// devFields splits s at spaces and commas into dst (which callers back with
// a stack array), keeping at most cap(dst) fields.
func devFields(s string, dst []string) []string {
	for len(dst) < cap(dst) {
		s = strings.TrimLeft(s, " ,\t")
		if s == "" {
			break
		}
		i := strings.IndexAny(s, " ,\t")
		if i < 0 {
			return append(dst, s)
		}
		dst, s = append(dst, s[:i]), s[i:]
	}
	return dst
}

// devSplitN splits s at sep into dst, keeping at most cap(dst) parts.
func devSplitN(s string, sep byte, dst []string) []string {
	for len(dst) < cap(dst)-1 {
		i := strings.IndexByte(s, sep)
		if i < 0 {
			break
		}
		dst, s = append(dst, s[:i]), s[i+1:]
	}
	return append(dst, s)
}

// devSegments calls fn for each comma-separated, trimmed part of s.
func devSegments(s string, fn func(seg string)) {
	for s != "" {
		seg, rest, _ := strings.Cut(s, ",")
		fn(strings.TrimSpace(seg))
		s = rest
	}
}

func devAtoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func devAtou(s string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return n
}

type devWantError string

func (e devWantError) Error() string { return "want " + string(e) }

func devErrWant(what string) error { return devWantError(what) }
