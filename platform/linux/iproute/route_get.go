package iproute

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdRouteGet = "ip route get"

// Route is the parsed output of `ip route get X`:
//
//	192.0.2.1 via 100.64.0.2 dev ipsec0 src 100.64.0.1 uid 0
//	    cache
type Route struct {
	// Type is "unicast" unless printed first: local, broadcast,
	// unreachable, blackhole, prohibit, multicast.
	Type  string     `json:"type"`
	Dst   netip.Addr `json:"dst"`
	Via   netip.Addr `json:"via"`
	Dev   string     `json:"dev,omitempty"`
	Src   netip.Addr `json:"src"`
	Table string     `json:"table,omitempty"`
	UID   int        `json:"uid"`
	MTU   int        `json:"mtu,omitempty"` // a cached PMTU ("cache expires 500sec mtu 1400")
	Cache bool       `json:"cache"`
	// NoRoute is set for "RTNETLINK answers: Network is unreachable" (no
	// route at all): a valid answer; Error holds the reason as printed.
	NoRoute bool         `json:"no_route,omitempty"`
	Error   string       `json:"error,omitempty"`
	Span    parsers.Span `json:"span"`
}

var routeTypes = map[string]bool{"local": true, "broadcast": true, "unreachable": true, "blackhole": true,
	"prohibit": true, "throw": true, "multicast": true, "anycast": true, "unicast": true, "nat": true}

// ParseRouteGet parses `ip route get X`.
func ParseRouteGet(out string) (*Route, error) {
	lines := parsers.Lines(out)
	var r *Route
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if r == nil {
			if reason, ok := strings.CutPrefix(t, "RTNETLINK answers: "); ok {
				return &Route{NoRoute: true, Error: reason, Span: parsers.Span{Start: n, End: n}}, nil
			}
			rt, ok := parseRouteLine(t)
			if !ok {
				return nil, &parsers.ParseError{Command: cmdRouteGet, Line: n, Text: l, Msg: "want \"[TYPE] DST [via GW] dev DEV src SRC ...\""}
			}
			rt.Span = parsers.Span{Start: n, End: n}
			r = &rt
			continue
		}
		if l[0] != ' ' && l[0] != '\t' {
			break // a second route (ip route get of several addresses is not a thing; stop)
		}
		r.Span.Cover(n)
		f := strings.Fields(t)
		if f[0] == "cache" {
			r.Cache = true
		}
		for j := 0; j+1 < len(f); j++ {
			if f[j] == "mtu" {
				r.MTU, _ = strconv.Atoi(f[j+1])
			}
		}
	}
	if r == nil {
		return nil, &parsers.ParseError{Command: cmdRouteGet, Msg: "empty output"}
	}
	return r, nil
}

func parseRouteLine(t string) (Route, bool) {
	r := Route{Type: "unicast"}
	f := strings.Fields(t)
	if routeTypes[f[0]] {
		r.Type, f = f[0], f[1:]
	}
	if len(f) == 0 {
		return r, false
	}
	dst, err := netip.ParseAddr(f[0])
	if err != nil {
		return r, false
	}
	r.Dst = dst
	seen := false
	for j := 1; j+1 < len(f); j++ {
		v := f[j+1]
		switch f[j] {
		case "via":
			r.Via, _ = netip.ParseAddr(strings.TrimPrefix(v, "inet "))
		case "dev":
			r.Dev, seen = v, true
		case "src":
			r.Src, _ = netip.ParseAddr(v)
		case "table":
			r.Table = v
		case "uid":
			r.UID, _ = strconv.Atoi(v)
		default:
			continue
		}
		j++
	}
	return r, seen || r.Type != "unicast"
}
