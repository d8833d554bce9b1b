package panos

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// allowed accepts only the exact shapes of the operational commands vcdiag
// reads (show vpn ..., show routing ..., show interface ..., show system
// info), a bounded ping, and the terminal setting "set cli pager off",
// each optionally followed by output filters that only read ("| match X",
// "| except X"). Anything else, and any byte outside plain words, is
// refused with an error wrapping platform.ErrNotAllowed.
func allowed(cmd string) error {
	refuse := func(why string) error {
		return fmt.Errorf("%w: %q: %s", platform.ErrNotAllowed, cmd, why)
	}
	if strings.TrimSpace(cmd) == "" {
		return refuse("empty command")
	}
	for i := 0; i < len(cmd); i++ {
		if !plainByte(cmd[i]) {
			return refuse(fmt.Sprintf("byte %q is not part of a command vcdiag sends (no quotes, separators, redirections or control characters)", cmd[i]))
		}
	}
	parts := strings.Split(cmd, "|")
	for _, f := range parts[1:] {
		if why := allowFilter(strings.Fields(f)); why != "" {
			return refuse(why)
		}
	}
	if why := allowCommand(strings.Fields(parts[0])); why != "" {
		return refuse(why)
	}
	return nil
}

// plainByte reports a byte that may appear in a command vcdiag sends:
// letters, digits, space and . _ : / - and the filter bar.
func plainByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte(" ._:/-|", c) >= 0
}

// allowFilter: "match WORD" or "except WORD"; PAN-OS's other pipes
// ("| save", "| count"?) are not needed and not allowed.
func allowFilter(f []string) string {
	if len(f) != 2 || f[0] != "match" && f[0] != "except" {
		return "only the output filters \"| match WORD\" and \"| except WORD\" are allowed"
	}
	if !validName(f[1]) {
		return fmt.Sprintf("filter word %q is not a plain word", f[1])
	}
	return ""
}

// validName is a PAN-OS object or interface name as vcdiag passes it:
// letters, digits and . _ : / -, at most 63 bytes, not starting with "-".
func validName(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !plainByte(s[i]) || s[i] == ' ' || s[i] == '|' {
			return false
		}
	}
	return true
}

// refusedVerbs are the PAN-OS verbs that change or disturb the device.
var refusedVerbs = map[string]string{
	"configure":  "configuration mode is never entered",
	"request":    "request commands act on the device (restart, upgrade, ...)",
	"clear":      "clear resets sessions, SAs or counters",
	"debug":      "debug changes logging and can load the dataplane",
	"commit":     "commit applies configuration",
	"delete":     "delete removes configuration or files",
	"test":       "test commands start negotiations (test vpn ike-sa) or probes",
	"set":        "the only set command sent is \"set cli pager off\"",
	"edit":       "edit is a configuration command",
	"exit":       "exit ends the session",
	"quit":       "quit ends the session",
	"scp":        "file transfer is not a read",
	"tftp":       "file transfer is not a read",
	"ssh":        "vcdiag opens no session from the device",
	"telnet":     "vcdiag opens no session from the device",
	"traceroute": "traceroute is not a command vcdiag runs",
}

// allowCommand checks the words before any filter.
func allowCommand(w []string) string {
	if len(w) == 0 {
		return "empty command"
	}
	switch w[0] {
	case "show":
		return allowShow(w[1:])
	case "ping":
		return allowPing(w[1:])
	case "set":
		if len(w) == 4 && w[1] == "cli" && w[2] == "pager" && w[3] == "off" {
			return ""
		}
	}
	if why, ok := refusedVerbs[w[0]]; ok {
		return w[0] + ": " + why
	}
	return fmt.Sprintf("%q is not a command vcdiag runs on PAN-OS (show, ping, set cli pager off)", w[0])
}

// allowShow accepts: vpn ike-sa [gateway N], vpn ipsec-sa [tunnel N], vpn
// flow [tunnel-id N], vpn tunnel [name N], routing protocol bgp
// peer|summary|loc-rib|rib-out, routing route [virtual-router N], interface
// all|logical|hardware|NAME, system info.
func allowShow(w []string) string {
	bad := fmt.Sprintf("\"show %s\" is not a show command vcdiag reads", strings.Join(w, " "))
	opt := func(rest []string, key string, valid func(string) bool) string {
		switch {
		case len(rest) == 0:
			return ""
		case len(rest) == 2 && rest[0] == key && valid(rest[1]):
			return ""
		}
		return bad
	}
	if len(w) == 0 {
		return bad
	}
	switch {
	case len(w) >= 2 && w[0] == "vpn":
		switch w[1] {
		case "ike-sa":
			return opt(w[2:], "gateway", validName)
		case "ipsec-sa":
			return opt(w[2:], "tunnel", validName)
		case "flow":
			return opt(w[2:], "tunnel-id", isNumber)
		case "tunnel":
			return opt(w[2:], "name", validName)
		}
	case len(w) == 4 && w[0] == "routing" && w[1] == "protocol" && w[2] == "bgp" && (w[3] == "peer" || w[3] == "summary" || w[3] == "loc-rib" || w[3] == "rib-out"):
		return ""
	case len(w) >= 2 && w[0] == "routing" && w[1] == "route":
		return opt(w[2:], "virtual-router", validName)
	case len(w) == 2 && w[0] == "interface" && validName(w[1]):
		return ""
	case len(w) == 2 && w[0] == "system" && w[1] == "info":
		return ""
	}
	return bad
}

func isNumber(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n < 1<<20 && strconv.Itoa(n) == s
}

// pingLimits bound the pings vcdiag sends: a count is required (PAN-OS's
// ping otherwise runs until interrupted).
const (
	maxPingCount = 100
	maxPingSize  = 65507
)

// allowPing: [source ADDR] host ADDR count N [do-not-fragment yes] [size
// N], in that order, as Dialect.Show spells it.
func allowPing(w []string) string {
	shape := "only \"ping source ADDRESS host ADDRESS count N [do-not-fragment yes] [size N]\" is allowed: a count is required"
	if len(w) >= 2 && w[0] == "source" {
		if _, err := netip.ParseAddr(w[1]); err != nil {
			return fmt.Sprintf("ping source must be an IP address, not %q", w[1])
		}
		w = w[2:]
	}
	if len(w) < 4 || w[0] != "host" || w[2] != "count" {
		return shape
	}
	if _, err := netip.ParseAddr(w[1]); err != nil {
		return fmt.Sprintf("ping host must be an IP address, not %q", w[1])
	}
	if n, err := strconv.Atoi(w[3]); err != nil || n < 1 || n > maxPingCount || strconv.Itoa(n) != w[3] {
		return fmt.Sprintf("ping count must be 1 to %d", maxPingCount)
	}
	rest := w[4:]
	if len(rest) >= 2 && rest[0] == "do-not-fragment" {
		if rest[1] != "yes" {
			return "do-not-fragment must be yes"
		}
		rest = rest[2:]
	}
	if len(rest) >= 2 && rest[0] == "size" {
		if n, err := strconv.Atoi(rest[1]); err != nil || n < 0 || n > maxPingSize {
			return fmt.Sprintf("ping size must be 0 to %d", maxPingSize)
		}
		rest = rest[2:]
	}
	if len(rest) != 0 {
		return fmt.Sprintf("ping option %q is not one vcdiag uses (no flood, interval, or bypass-routing)", rest[0])
	}
	return ""
}
