package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// BGPNeighbor is one "Peer:" block of `show bgp neighbor [X]`.
type BGPNeighbor struct {
	Addr        netip.Addr `json:"addr"`
	Port        uint16     `json:"port,omitempty"`
	AS          uint32     `json:"as"`
	LocalAddr   netip.Addr `json:"local_addr,omitzero"`
	LocalPort   uint16     `json:"local_port,omitempty"`
	LocalAS     uint32     `json:"local_as"`
	Description string     `json:"description,omitempty"`
	Group       string     `json:"group,omitempty"`
	Type        string     `json:"type,omitempty"` // Internal, External
	State       BGPState   `json:"state"`
	StateText   string     `json:"state_text"`
	LastState   string     `json:"last_state,omitempty"`
	LastEvent   string     `json:"last_event,omitempty"`
	LastError   string     `json:"last_error,omitempty"` // "None", "Hold Timer Expired Error"
	// Export and Import are the policy expressions inside "[ ]", as printed.
	Export []string `json:"export,omitempty"`
	Import []string `json:"import,omitempty"`
	// AuthConfigured: "Authentication key is configured" or AuthKey in Options.
	AuthConfigured bool   `json:"auth_configured,omitempty"`
	Flaps          uint64 `json:"flaps"`
	LastFlapEvent  string `json:"last_flap_event,omitempty"`
	// Errors are the "Error: 'X' Sent: N Recv: M" lines.
	Errors   []BGPErrorCount `json:"errors,omitempty"`
	PeerID   netip.Addr      `json:"peer_id,omitzero"`
	LocalID  netip.Addr      `json:"local_id,omitzero"`
	Holdtime uint64          `json:"holdtime,omitempty"`
	Tables   []BGPRIBCounts  `json:"tables,omitempty"`
	Span     parsers.Span    `json:"span"`
}

// BGPErrorCount is one "Error: 'Cease' Sent: 0 Recv: 6" line.
type BGPErrorCount struct {
	Name string `json:"name"`
	Sent uint64 `json:"sent"`
	Recv uint64 `json:"recv"`
}

// BGPRIBCounts is one "Table inet.0" block of a neighbor.
type BGPRIBCounts struct {
	Table      string `json:"table"`
	Active     uint64 `json:"active"`
	Received   uint64 `json:"received"`
	Accepted   uint64 `json:"accepted"`
	Suppressed uint64 `json:"suppressed"`
	Advertised uint64 `json:"advertised"`
}

// Established reports whether the session is up.
func (n BGPNeighbor) Established() bool { return n.State == BGPEstablished }

const cmdBGPNeighbor = "show bgp neighbor"

// ParseBGPNeighbors reads `show bgp neighbor [X]`.
func ParseBGPNeighbors(out string) ([]BGPNeighbor, error) {
	ls := prep(out)
	var r []BGPNeighbor
	var cur *BGPNeighbor
	for _, l := range ls {
		t := l.trim()
		if strings.HasPrefix(t, "Peer: ") {
			n, ok := neighborHead(t)
			if !ok {
				return nil, perr(cmdBGPNeighbor, l.n, t, "want \"Peer: ADDR AS N Local: ADDR AS N\"")
			}
			n.Span = parsers.Span{Start: l.n, End: l.n}
			r = append(r, n)
			cur = &r[len(r)-1]
			continue
		}
		if cur == nil {
			if strings.HasPrefix(t, "warning:") || strings.HasPrefix(t, "error:") {
				continue // "error: BGP is not running" is a valid empty answer
			}
			return nil, perr(cmdBGPNeighbor, l.n, t, "want \"Peer:\"")
		}
		cur.Span.Cover(l.n)
		neighborLine(cur, t)
	}
	return r, nil
}

func neighborHead(t string) (BGPNeighbor, bool) {
	var n BGPNeighbor
	f := strings.Fields(t)
	// Peer: 10.169.14.240+60606 AS 65151 Local: 10.189.5.252+179 AS 65171
	if len(f) < 4 || f[2] != "AS" {
		return n, false
	}
	var ok bool
	if n.Addr, n.Port, ok = addrPort(f[1]); !ok {
		return n, false
	}
	if n.AS, ok = u32(f[3]); !ok {
		return n, false
	}
	if len(f) >= 8 && f[4] == "Local:" {
		n.LocalAddr, n.LocalPort, _ = addrPort(f[5])
		n.LocalAS, _ = u32(f[7])
	}
	return n, true
}

// bracketed returns the words inside the "[ ... ]" that follows key.
func bracketed(t, key string) []string {
	i := strings.Index(t, key)
	if i < 0 {
		return nil
	}
	rest := t[i+len(key):]
	open := strings.Index(rest, "[")
	if open < 0 {
		return nil
	}
	depth, end := 0, -1
	for j := open; j < len(rest); j++ {
		if rest[j] == '[' {
			depth++
		} else if rest[j] == ']' {
			if depth--; depth == 0 {
				end = j
				break
			}
		}
	}
	if end < 0 {
		return nil
	}
	return strings.Fields(rest[open+1 : end])
}

func neighborLine(n *BGPNeighbor, t string) {
	f := strings.Fields(t)
	k, v, _ := keyValue(t)
	switch {
	case k == "Description":
		n.Description = v
	case k == "Group":
		n.Group = strings.Fields(v + " x")[0]
	case k == "Type":
		// Type: External    State: Established    Flags: <Sync>
		n.Type = strings.Fields(v + " x")[0]
		if i := strings.Index(t, "State:"); i >= 0 {
			sf := strings.Fields(t[i+len("State:"):])
			if len(sf) > 0 {
				st := strings.SplitN(sf[0], "(", 2)[0]
				n.State, n.StateText = bgpState(st), st
			}
		}
	case k == "Last State":
		// Last State: OpenConfirm   Last Event: RecvKeepAlive
		if len(f) >= 3 {
			n.LastState = f[2]
		}
		if i := strings.Index(t, "Last Event:"); i >= 0 {
			n.LastEvent = strings.TrimSpace(t[i+len("Last Event:"):])
		}
	case k == "Last Error":
		n.LastError = v
	case strings.HasPrefix(t, "Export:") || strings.HasPrefix(t, "Import:"):
		if strings.HasPrefix(t, "Export:") {
			n.Export = bracketed(t, "Export:")
		}
		n.Import = append(n.Import, bracketed(t, "Import:")...)
	case t == "Authentication key is configured":
		n.AuthConfigured = true
	case k == "Options" && strings.Contains(" "+strings.Trim(v, "<>")+" ", " AuthKey "):
		n.AuthConfigured = true
	case k == "Number of flaps":
		n.Flaps, _ = u64(v)
	case k == "Last flap event":
		n.LastFlapEvent = v
	case k == "Error" && strings.Count(t, "'") >= 2:
		q := strings.Split(t, "'")
		e := BGPErrorCount{Name: q[1]}
		ef := strings.Fields(q[len(q)-1])
		for i := 0; i+1 < len(ef); i++ {
			switch ef[i] {
			case "Sent:":
				e.Sent, _ = u64(ef[i+1])
			case "Recv:":
				e.Recv, _ = u64(ef[i+1])
			}
		}
		n.Errors = append(n.Errors, e)
	case k == "Peer ID" && len(f) >= 6:
		n.PeerID, _ = netip.ParseAddr(f[2])
		n.LocalID, _ = netip.ParseAddr(f[5])
		if len(f) >= 9 {
			n.Holdtime, _ = u64(f[8])
		}
	case f[0] == "Table" && len(f) >= 2:
		n.Tables = append(n.Tables, BGPRIBCounts{Table: f[1]})
	case len(n.Tables) > 0 && strings.HasSuffix(k, "prefixes"):
		c := &n.Tables[len(n.Tables)-1]
		x, _ := u64(v)
		switch k {
		case "Active prefixes":
			c.Active = x
		case "Received prefixes":
			c.Received = x
		case "Accepted prefixes":
			c.Accepted = x
		case "Advertised prefixes":
			c.Advertised = x
		}
	case len(n.Tables) > 0 && k == "Suppressed due to damping":
		n.Tables[len(n.Tables)-1].Suppressed, _ = u64(v)
	}
}
