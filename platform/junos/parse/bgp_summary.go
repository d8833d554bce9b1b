package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// BGPState is a BGP finite-state-machine state.
type BGPState uint8

// The BGP states; Junos abbreviates Established to "Establ" in summaries.
const (
	BGPStateUnknown BGPState = iota
	BGPIdle
	BGPConnect
	BGPActive
	BGPOpenSent
	BGPOpenConfirm
	BGPEstablished
)

var bgpStateNames = [...]string{"unknown", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"}

func (s BGPState) String() string {
	if int(s) < len(bgpStateNames) {
		return bgpStateNames[s]
	}
	return "unknown"
}

// MarshalText writes the name.
func (s BGPState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func bgpState(s string) BGPState {
	switch s {
	case "Establ", "Established":
		return BGPEstablished
	case "Idle":
		return BGPIdle
	case "Connect":
		return BGPConnect
	case "Active":
		return BGPActive
	case "OpenSent":
		return BGPOpenSent
	case "OpenConfirm":
		return BGPOpenConfirm
	}
	return BGPStateUnknown
}

// PrefixCounts are "Active/Received/Accepted/Damped" for one RIB.
type PrefixCounts struct {
	Table    string `json:"table,omitempty"` // "inet.0", "" when the row does not name it
	Active   uint64 `json:"active"`
	Received uint64 `json:"received"`
	Accepted uint64 `json:"accepted"`
	Damped   uint64 `json:"damped"`
}

// BGPSummary is `show bgp summary`.
type BGPSummary struct {
	Groups    int       `json:"groups"`
	Peers     []BGPPeer `json:"peers"`
	DownPeers int       `json:"down_peers"`
	// Unavailable is a "warning:"/"error:" answer ("BGP is not running").
	Unavailable string `json:"unavailable,omitempty"`
}

// BGPPeer is one row of the peer table.
type BGPPeer struct {
	Addr      netip.Addr `json:"addr"`
	AS        uint32     `json:"as"`
	InPkt     uint64     `json:"in_pkt"`
	OutPkt    uint64     `json:"out_pkt"`
	OutQ      uint64     `json:"outq"`
	Flaps     uint64     `json:"flaps"`
	UpDown    string     `json:"up_down"` // raw: "42:37", "3w2d 4:19:15"
	State     BGPState   `json:"state"`
	StateText string     `json:"state_text"` // "Establ", "Active", "1/1/1/0 0/0/0/0"
	// Tables holds the prefix counts, from the row or from the
	// "  inet.0: 682/684/684/0" lines under it.
	Tables []PrefixCounts `json:"tables,omitempty"`
	Span   parsers.Span   `json:"span"`
}

// Established reports whether the session is up.
func (p BGPPeer) Established() bool { return p.State == BGPEstablished }

// Received is the received-prefix count of the first table.
func (p BGPPeer) Received() uint64 {
	if len(p.Tables) == 0 {
		return 0
	}
	return p.Tables[0].Received
}

// Peer returns the row of address a.
func (s *BGPSummary) Peer(a netip.Addr) (BGPPeer, bool) {
	for _, p := range s.Peers {
		if p.Addr == a {
			return p, true
		}
	}
	return BGPPeer{}, false
}

const cmdBGPSummary = "show bgp summary"

// ParseBGPSummary reads `show bgp summary`.
func ParseBGPSummary(out string) (*BGPSummary, error) {
	ls := prep(out)
	r := &BGPSummary{}
	var tables []string
	inTables, inPeers, seen := false, false, false
	for _, l := range ls {
		t := l.trim()
		f := strings.Fields(t)
		switch {
		case strings.HasPrefix(t, "warning:") || strings.HasPrefix(t, "error:"):
			r.Unavailable, seen = t, true
		case strings.HasPrefix(t, "Groups:"):
			// Groups: 1 Peers: 2 Down peers: 0
			seen = true
			if len(f) >= 7 {
				g, _ := u64(f[1])
				d, _ := u64(f[6])
				r.Groups, r.DownPeers = int(g), int(d)
			}
		case strings.HasPrefix(t, "Table") && strings.Contains(t, "Tot Paths"):
			inTables, seen = true, true
		case strings.HasPrefix(t, "Peer") && strings.Contains(t, "InPkt"):
			inTables, inPeers, seen = false, true, true
		case inTables:
			if _, ok := u64(f[0]); !ok {
				tables = append(tables, f[0])
			}
		case inPeers && l.text != t && strings.HasSuffix(f[0], ":") && len(r.Peers) > 0:
			// "  inet.0: 682/684/684/0" under an Establ row
			pc, ok := prefixCounts(f[len(f)-1])
			if !ok {
				return nil, perr(cmdBGPSummary, l.n, t, "want \"TABLE: a/r/a/d\"")
			}
			pc.Table = strings.TrimSuffix(f[0], ":")
			p := &r.Peers[len(r.Peers)-1]
			p.Tables = append(p.Tables, pc)
			p.Span.Cover(l.n)
		case inPeers:
			p, ok := bgpPeerRow(f, tables)
			if !ok {
				return nil, perr(cmdBGPSummary, l.n, t, "want \"PEER AS InPkt OutPkt OutQ Flaps Last-Up/Dwn State\"")
			}
			p.Span = parsers.Span{Start: l.n, End: l.n}
			r.Peers = append(r.Peers, p)
		}
	}
	if len(ls) > 0 && !seen {
		return nil, perr(cmdBGPSummary, ls[0].n, ls[0].trim(), "want \"Groups:\" or the peer table header")
	}
	return r, nil
}

func prefixCounts(s string) (PrefixCounts, bool) {
	f := strings.Split(s, "/")
	if len(f) != 4 {
		return PrefixCounts{}, false
	}
	var v [4]uint64
	for i, x := range f {
		n, ok := u64(x)
		if !ok {
			return PrefixCounts{}, false
		}
		v[i] = n
	}
	return PrefixCounts{Active: v[0], Received: v[1], Accepted: v[2], Damped: v[3]}, true
}

func bgpPeerRow(f []string, tables []string) (BGPPeer, bool) {
	var p BGPPeer
	if len(f) < 8 {
		return p, false
	}
	a, err := netip.ParseAddr(f[0])
	if err != nil {
		return p, false
	}
	p.Addr = a
	var ok bool
	if p.AS, ok = u32(f[1]); !ok {
		return p, false
	}
	nums := []*uint64{&p.InPkt, &p.OutPkt, &p.OutQ, &p.Flaps}
	for i, dst := range nums {
		if *dst, ok = u64(f[2+i]); !ok {
			return p, false
		}
	}
	rest := f[6:]
	// The state is the first word that is a state name or counts; what
	// comes before it is the up/down time.
	for i, w := range rest {
		if i == 0 {
			continue
		}
		if st := bgpState(w); st != BGPStateUnknown {
			p.UpDown, p.State, p.StateText = strings.Join(rest[:i], " "), st, strings.Join(rest[i:], " ")
			return p, true
		}
		if pc, ok := prefixCounts(w); ok {
			p.UpDown, p.State, p.StateText = strings.Join(rest[:i], " "), BGPEstablished, strings.Join(rest[i:], " ")
			for j, x := range rest[i:] {
				c, ok := prefixCounts(x)
				if !ok {
					return p, false
				}
				if j < len(tables) {
					c.Table = tables[j]
				}
				p.Tables = append(p.Tables, c)
			}
			_ = pc
			return p, true
		}
	}
	return p, false
}
