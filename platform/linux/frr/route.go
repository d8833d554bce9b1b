package frr

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// RouteLookup is `show ip route X [json]`: the RIB entries for the
// longest match of X (one per protocol that has it).
type RouteLookup struct {
	Entries []RIBEntry `json:"entries"`
	// Unavailable is NotInTable for "% Network not in table" (JSON: {}).
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

// RIBEntry is one "Routing entry for P" block or one JSON route object.
type RIBEntry struct {
	Prefix     netip.Prefix `json:"prefix"`
	Protocol   string       `json:"protocol"` // "bgp", "kernel", "connected", "static"
	Distance   int          `json:"distance"`
	Metric     int64        `json:"metric"`
	VRF        string       `json:"vrf,omitempty"`
	Selected   bool         `json:"selected"`  // "best" / "selected"
	Installed  bool         `json:"installed"` // a next hop is in the FIB ("*")
	LastUpdate string       `json:"last_update,omitempty"`
	NextHops   []RIBNextHop `json:"next_hops"`
	Span       parsers.Span `json:"span"`
}

// RIBNextHop is one next hop of a RIB entry.
type RIBNextHop struct {
	Addr      netip.Addr   `json:"addr,omitzero"` // zero for "directly connected"
	Interface string       `json:"interface,omitempty"`
	FIB       bool         `json:"fib"` // "*" in text, "fib":true in JSON
	Recursive bool         `json:"recursive,omitempty"`
	Connected bool         `json:"connected,omitempty"`
	OnLink    bool         `json:"onlink,omitempty"`
	Span      parsers.Span `json:"span"`
}

const cmdRoute = "show ip route X"

// ParseRoute reads the text of `show ip route X`.
func ParseRoute(out string) (*RouteLookup, error) {
	lines := parsers.Lines(out)
	rl := &RouteLookup{}
	if firstContent(lines) < 0 {
		return nil, perr(cmdRoute, 0, "", "empty output")
	}
	if u, text, _, ok := warningOnly(lines); ok {
		rl.Unavailable, rl.UnavailableText = u, text
		return rl, nil
	}
	var cur *RIBEntry
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if v, ok := afterPrefix(t, "Routing entry for "); ok {
			p, err := netip.ParsePrefix(v)
			if err != nil {
				return nil, perr(cmdRoute, n, l, "bad prefix")
			}
			rl.Entries = append(rl.Entries, RIBEntry{Prefix: p, Span: parsers.Span{Start: n, End: n}})
			cur = &rl.Entries[len(rl.Entries)-1]
			continue
		}
		if t == "" {
			continue
		}
		if cur == nil {
			return nil, perr(cmdRoute, n, l, "want \"Routing entry for\"")
		}
		cur.Span.End = n
		switch {
		case strings.HasPrefix(t, "Known via "):
			if err := cur.readKnown(t, n); err != nil {
				return nil, err
			}
		case strings.HasPrefix(t, "Last update "):
			cur.LastUpdate = strings.TrimSuffix(strings.TrimPrefix(t, "Last update "), " ago")
		default:
			cur.NextHops = append(cur.NextHops, readNextHop(t, n))
			if cur.NextHops[len(cur.NextHops)-1].FIB {
				cur.Installed = true
			}
		}
	}
	return rl, nil
}

func (e *RIBEntry) readKnown(t string, n int) error {
	q := strings.Split(t, `"`)
	if len(q) < 3 {
		return perr(cmdRoute, n, t, "bad Known via line")
	}
	e.Protocol = q[1]
	for _, part := range strings.Split(q[2], ",") {
		f := strings.Fields(part)
		switch {
		case len(f) == 2 && f[0] == "distance":
			e.Distance, _ = strconv.Atoi(f[1])
		case len(f) == 2 && f[0] == "metric":
			e.Metric, _ = strconv.ParseInt(f[1], 10, 64)
		case len(f) == 2 && f[0] == "vrf":
			e.VRF = f[1]
		case len(f) == 1 && f[0] == "best":
			e.Selected = true
		}
	}
	return nil
}

// readNextHop reads "* 100.64.0.2, via ipsec0 onlink, weight 1",
// "100.64.0.3 (recursive), weight 1", "* directly connected, ipsec0".
func readNextHop(t string, n int) RIBNextHop {
	h := RIBNextHop{Span: parsers.Span{Start: n, End: n}}
	if s, ok := strings.CutPrefix(t, "*"); ok {
		h.FIB = true
		t = strings.TrimSpace(s)
	}
	parts := strings.Split(t, ", ")
	first := parts[0]
	if strings.HasPrefix(first, "directly connected") {
		h.Connected = true
		if len(parts) > 1 {
			h.Interface = field(parts[1], 0)
		}
		return h
	}
	if s, ok := strings.CutSuffix(first, " (recursive)"); ok {
		h.Recursive = true
		first = s
	}
	h.Addr, _ = netip.ParseAddr(strings.TrimSpace(first))
	for _, p := range parts[1:] {
		if v, ok := strings.CutPrefix(p, "via "); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				h.Interface = f[0]
			}
			h.OnLink = strings.Contains(v, "onlink")
		}
	}
	return h
}

type ribJSON struct {
	Prefix    string `json:"prefix"`
	Protocol  string `json:"protocol"`
	VrfName   string `json:"vrfName"`
	Selected  bool   `json:"selected"`
	Installed bool   `json:"installed"`
	Distance  int    `json:"distance"`
	Metric    int64  `json:"metric"`
	Uptime    string `json:"uptime"`
	Nexthops  []struct {
		IP                string `json:"ip"`
		InterfaceName     string `json:"interfaceName"`
		FIB               bool   `json:"fib"`
		Recursive         bool   `json:"recursive"`
		DirectlyConnected bool   `json:"directlyConnected"`
		OnLink            bool   `json:"onLink"`
	} `json:"nexthops"`
}

const cmdRouteJSON = "show ip route X json"

// ParseRouteJSON reads `show ip route X json`: an object mapping the
// matched prefix to its list of route entries; {} means "% Network not in
// table".
func ParseRouteJSON(out string) (*RouteLookup, error) {
	if !jsonStart(out) {
		if u, text, _, ok := warningOnly(parsers.Lines(out)); ok {
			return &RouteLookup{Unavailable: u, UnavailableText: text}, nil
		}
		return nil, perr(cmdRouteJSON, 1, firstLine(out), "want a JSON object")
	}
	rl := &RouteLookup{}
	w := newWalker(cmdRouteJSON, out)
	_, err := w.object(func(key string) error {
		if _, err := netip.ParsePrefix(key); err != nil || w.peek() != '[' {
			return w.errorf(errString("key "+key), "want prefix -> list of routes")
		}
		_, err := w.array(func() error {
			var rj ribJSON
			sp, err := w.value(&rj)
			if err != nil {
				return err
			}
			e, err := rj.entry(key)
			if err != nil {
				return w.errorf(err, "bad route")
			}
			e.Span = sp
			for i := range e.NextHops {
				e.NextHops[i].Span = sp // next hops are cited by their entry
			}
			rl.Entries = append(rl.Entries, e)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	if len(rl.Entries) == 0 {
		rl.Unavailable, rl.UnavailableText = NotInTable, "{}"
	}
	return rl, nil
}

func (rj *ribJSON) entry(key string) (RIBEntry, error) {
	pfx := rj.Prefix
	if pfx == "" {
		pfx = key
	}
	p, err := netip.ParsePrefix(pfx)
	if err != nil {
		return RIBEntry{}, err
	}
	e := RIBEntry{Prefix: p, Protocol: rj.Protocol, Distance: rj.Distance, Metric: rj.Metric,
		VRF: rj.VrfName, Selected: rj.Selected, Installed: rj.Installed, LastUpdate: rj.Uptime}
	for _, nh := range rj.Nexthops {
		h := RIBNextHop{Interface: nh.InterfaceName, FIB: nh.FIB, Recursive: nh.Recursive,
			Connected: nh.DirectlyConnected, OnLink: nh.OnLink}
		if nh.IP != "" {
			if h.Addr, err = netip.ParseAddr(nh.IP); err != nil {
				return e, err
			}
		}
		e.NextHops = append(e.NextHops, h)
	}
	return e, nil
}
