package swanctl

import (
	"net/netip"
	"strconv"
	"strings"
)

// TrafficSelector is one traffic selector as strongSwan prints it:
// "100.64.0.1/32", "198.51.100.1/32[gre]", "10.0.0.0/24[tcp/443]",
// "10.0.0.1..10.0.0.9[udp/1000-2000]" or, in a config, "dynamic[gre]".
type TrafficSelector struct {
	Raw string `json:"raw"`
	// Prefix is the selector's subnet; invalid for a range or "dynamic".
	Prefix netip.Prefix `json:"prefix"`
	// From and To bound an address range ("a..b"); for a subnet they are
	// left invalid.
	From netip.Addr `json:"from"`
	To   netip.Addr `json:"to"`
	// Dynamic is true for the config placeholder "dynamic" (the IKE
	// address, filled in at negotiation).
	Dynamic bool `json:"dynamic,omitempty"`
	// Protocol is the IP protocol number (gre = 47); 0 means any.
	Protocol int `json:"protocol"`
	// ProtocolName is the protocol as printed ("gre", "47"); "" for any.
	ProtocolName string `json:"protocol_name,omitempty"`
	// Port and PortEnd are the port range; both 0 for any port. PortRaw is
	// the port text as printed ("443", "1000-2000", "OPAQUE", "http").
	Port    int    `json:"port,omitempty"`
	PortEnd int    `json:"port_end,omitempty"`
	PortRaw string `json:"port_raw,omitempty"`
}

// protocolNumbers maps the names strongSwan takes from getprotobynumber()
// to their numbers.
var protocolNumbers = map[string]int{
	"icmp": 1, "igmp": 2, "ipencap": 4, "tcp": 6, "udp": 17, "ipv6": 41, "gre": 47,
	"esp": 50, "ah": 51, "ipv6-icmp": 58, "icmpv6": 58, "ospf": 89, "ipip": 94,
	"l2tp": 115, "sctp": 132, "udplite": 136,
}

// parseSelectors reads the space-separated selectors of a "local"/"remote"
// line. ok is false when a selector has no readable address part.
func parseSelectors(s string) ([]TrafficSelector, bool) {
	var out []TrafficSelector
	for _, f := range strings.Fields(s) {
		ts, ok := parseSelector(f)
		if !ok {
			return out, false
		}
		out = append(out, ts)
	}
	return out, len(out) > 0
}

func parseSelector(f string) (TrafficSelector, bool) {
	ts := TrafficSelector{Raw: f}
	addr := f
	if i := strings.IndexByte(f, '['); i >= 0 {
		if !strings.HasSuffix(f, "]") {
			return ts, false
		}
		addr = f[:i]
		parseProtoPort(&ts, f[i+1:len(f)-1])
	}
	switch {
	case addr == "dynamic":
		ts.Dynamic = true
	case strings.Contains(addr, ".."):
		a, b, _ := strings.Cut(addr, "..")
		from, err1 := netip.ParseAddr(a)
		to, err2 := netip.ParseAddr(b)
		if err1 != nil || err2 != nil {
			return ts, false
		}
		ts.From, ts.To = from, to
	default:
		p, err := netip.ParsePrefix(addr)
		if err != nil {
			a, err2 := netip.ParseAddr(addr)
			if err2 != nil {
				return ts, false
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		ts.Prefix = p
	}
	return ts, true
}

func parseProtoPort(ts *TrafficSelector, in string) {
	proto, port, hasPort := strings.Cut(in, "/")
	if proto != "" && proto != "0" {
		ts.ProtocolName = proto
		if n, err := strconv.Atoi(proto); err == nil && n >= 0 && n < 256 {
			ts.Protocol = n
		} else if n, ok := protocolNumbers[strings.ToLower(proto)]; ok {
			ts.Protocol = n
		}
	}
	if !hasPort {
		return
	}
	ts.PortRaw = port
	lo, hi, rng := strings.Cut(port, "-")
	a, err := strconv.Atoi(lo)
	if err != nil || a < 0 || a > 65535 {
		return
	}
	ts.Port, ts.PortEnd = a, a
	if rng {
		if b, err := strconv.Atoi(hi); err == nil && b >= a && b <= 65535 {
			ts.PortEnd = b
		}
	}
}
