package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPSummary = "get router info bgp summary"

// BGPSummary is `get router info bgp summary`.
type BGPSummary struct {
	RouterID     netip.Addr `json:"router_id,omitzero"`
	LocalAS      uint32     `json:"local_as"`
	TableVersion uint64     `json:"table_version"`
	Peers        []BGPPeer  `json:"peers"`
	// Unavailable is set when FortiOS refused ("Command fail ...", "% ...").
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

// BGPPeer is one neighbor row of the summary.
type BGPPeer struct {
	Neighbor netip.Addr `json:"neighbor"`
	Version  int        `json:"version"`
	RemoteAS uint32     `json:"remote_as"`
	MsgRcvd  uint64     `json:"msg_rcvd"`
	MsgSent  uint64     `json:"msg_sent"`
	TblVer   uint64     `json:"tbl_ver"`
	InQ      uint64     `json:"inq"`
	OutQ     uint64     `json:"outq"`
	UpDown   string     `json:"up_down"` // raw: "05:48:47", "09w3d01h", "never"
	// StateText is the last column as printed: a state ("Active", "Idle",
	// "Idle (Admin)") or, for an established session, the prefix count.
	StateText   string       `json:"state_text"`
	Established bool         `json:"established"`
	PfxRcd      int64        `json:"pfx_rcd"` // -1 when not established
	Span        parsers.Span `json:"span"`
}

// Peer returns the row of neighbor a.
func (s *BGPSummary) Peer(a netip.Addr) (BGPPeer, bool) {
	for _, p := range s.Peers {
		if p.Neighbor == a {
			return p, true
		}
	}
	return BGPPeer{}, false
}

// ParseBGPSummary reads `get router info bgp summary`. An empty output
// (BGP not configured) is an empty result.
func ParseBGPSummary(out string) (*BGPSummary, error) {
	lines, any := content(out)
	s := &BGPSummary{Peers: []BGPPeer{}}
	if !any {
		return s, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		s.Unavailable, s.UnavailableText = u, text
		return s, nil
	}
	inTable, seen := false, false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		f := strings.Fields(t)
		switch {
		case t == "":
			continue
		case strings.Contains(t, "BGP router identifier "):
			seen = true
			_, r, _ := strings.Cut(t, "BGP router identifier ")
			id, as, _ := strings.Cut(r, ",")
			s.RouterID, _ = netip.ParseAddr(strings.TrimSpace(id))
			if k := strings.LastIndex(as, " "); k >= 0 {
				s.LocalAS, _ = atou32(as[k+1:])
			}
		case strings.HasPrefix(t, "BGP table version is "):
			seen = true
			s.TableVersion = u64(strings.TrimPrefix(t, "BGP table version is "))
		case len(f) > 2 && f[0] == "Neighbor" && f[1] == "V":
			seen, inTable = true, true
		case strings.HasPrefix(t, "Total number of neighbors"):
			seen, inTable = true, false
		case inTable:
			p, ok := summaryRow(f)
			if !ok {
				return nil, perr(cmdBGPSummary, n, l, "expected a neighbor row")
			}
			p.Span = parsers.Span{Start: n, End: n}
			s.Peers = append(s.Peers, p)
		case strings.HasSuffix(t, " entries") || strings.HasPrefix(t, "VRF ") ||
			strings.HasPrefix(t, "RIB entries") || strings.HasPrefix(t, "Peers "):
			// counters FortiOS prints before the table
		case !seen:
			return nil, perr(cmdBGPSummary, n, l, "expected \"BGP router identifier\" or the neighbor table")
		}
	}
	if !seen {
		return nil, perr(cmdBGPSummary, 1, "", "no BGP summary in output")
	}
	return s, nil
}

// summaryRow reads "10.205.35.95 4 65302 107081 107168 12 0 0 05:48:47 1".
func summaryRow(f []string) (BGPPeer, bool) {
	var p BGPPeer
	if len(f) < 10 {
		return p, false
	}
	var err error
	if p.Neighbor, err = netip.ParseAddr(f[0]); err != nil {
		return p, false
	}
	var ok [7]bool
	p.Version, ok[0] = atoi(f[1])
	p.RemoteAS, ok[1] = asn(f[2])
	p.MsgRcvd, ok[2] = atou64(f[3])
	p.MsgSent, ok[3] = atou64(f[4])
	p.TblVer, ok[4] = atou64(f[5])
	p.InQ, ok[5] = atou64(f[6])
	p.OutQ, ok[6] = atou64(f[7])
	for _, o := range ok {
		if !o {
			return p, false
		}
	}
	p.UpDown = f[8]
	p.StateText = strings.Join(f[9:], " ")
	p.PfxRcd = -1
	if n, isNum := atou64(p.StateText); isNum {
		p.Established, p.PfxRcd = true, int64(n)
	}
	return p, true
}

// asn reads "65001" or asdot "1.10".
func asn(s string) (uint32, bool) {
	if hi, lo, ok := strings.Cut(s, "."); ok {
		h, ok1 := atou32(hi)
		l, ok2 := atou32(lo)
		return h<<16 | l, ok1 && ok2 && h < 65536 && l < 65536
	}
	return atou32(s)
}
