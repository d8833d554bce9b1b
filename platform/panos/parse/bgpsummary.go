package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPSummary = "show routing protocol bgp summary"

// BGPSummary is one virtual router's block of `show routing protocol bgp
// summary`: its local AS and every configured peer.
type BGPSummary struct {
	VirtualRouter string        `json:"virtual_router"`
	RouterID      netip.Addr    `json:"router_id,omitzero"`
	LocalAS       uint32        `json:"local_as"`
	LocalASLine   int           `json:"local_as_line,omitempty"` // the "Local AS:" line
	Peers         []SummaryPeer `json:"peers"`
	Span          parsers.Span  `json:"span"`
}

// SummaryPeer is one "peer NAME: AS N, STATE, IP A" line with its
// "bgpAfiIpv4/unicast pfx: Accepted pfx: N, Advertised pfx: N" line.
type SummaryPeer struct {
	Name       string       `json:"name"`
	RemoteAS   uint32       `json:"remote_as"`
	State      string       `json:"state"`
	Address    netip.Addr   `json:"address,omitzero"`
	Accepted   int          `json:"accepted"`
	Advertised int          `json:"advertised"`
	Span       parsers.Span `json:"span"`
}

// ParseBGPSummary reads `show routing protocol bgp summary` (legacy
// routing engine, PAN-OS 8.x-11.x): per virtual router a "==========" line
// and "key: value" lines ("router id:", "virtual router:", "Local AS:",
// settings that are ignored), then the peers. Peer names may hold spaces
// ("DC-N9K-BGW01 - BLU 301"): the name runs to the last ": AS ".
func ParseBGPSummary(out string) ([]BGPSummary, error) {
	ls := splitLines(out, "show routing")
	var res []BGPSummary
	var cur *BGPSummary
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		switch {
		case t == "":
			continue
		case isDashes(t):
			res = append(res, BGPSummary{LocalAS: 0, Span: parsers.Span{Start: l.n, End: l.n}})
			cur = &res[len(res)-1]
			continue
		}
		if cur == nil {
			return nil, perr(cmdBGPSummary, l.n, l.text, "line before the first virtual router block")
		}
		cur.Span.Cover(l.n)
		if strings.HasPrefix(t, "peer ") {
			if i := strings.LastIndex(t, ": AS "); i > 0 {
				cur.Peers = append(cur.Peers, summaryPeer(t[len("peer "):i], t[i+len(": AS "):], l.n))
				continue
			}
		}
		if strings.HasPrefix(t, "bgpAfi") && len(cur.Peers) > 0 {
			p := &cur.Peers[len(cur.Peers)-1]
			p.Span.Cover(l.n)
			_, rest, _ := strings.Cut(t, "pfx:")
			for _, part := range strings.Split(rest, ",") {
				if k, v, ok := keyValue(part); ok {
					n, _ := atoi(v)
					switch k {
					case "Accepted pfx":
						p.Accepted = n
					case "Advertised pfx":
						p.Advertised = n
					}
				}
			}
			continue
		}
		k, v, ok := keyValue(t)
		if !ok {
			continue
		}
		switch strings.ToLower(k) {
		case "router id":
			cur.RouterID = addr(v)
		case "virtual router":
			cur.VirtualRouter = v
		case "local as":
			if n, ok := atou(v); ok {
				cur.LocalAS, cur.LocalASLine = uint32(n), l.n
			}
		}
	}
	if res == nil {
		return nil, noContent(cmdBGPSummary, ls)
	}
	return res, nil
}

// summaryPeer reads "AS 65253, Established, IP 192.168.1.1".
func summaryPeer(name, rest string, n int) SummaryPeer {
	p := SummaryPeer{Name: strings.TrimSpace(name), Span: parsers.Span{Start: n, End: n}}
	parts := strings.Split(rest, ",")
	if v, ok := atou(parts[0]); ok {
		p.RemoteAS = uint32(v)
	}
	for _, x := range parts[1:] {
		x = strings.TrimSpace(x)
		if strings.HasPrefix(x, "IP ") {
			p.Address = addr(x[3:])
		} else if p.State == "" {
			p.State = x
		}
	}
	return p
}
