package frr

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Summary is `show bgp [vrf all] summary [json]`: one table per VRF and
// address family.
type Summary struct {
	Tables []SummaryTable `json:"tables"`
	// Unavailable is set when FRR answered with a warning instead
	// ("% No BGP process is configured").
	Unavailable     Unavailable `json:"unavailable,omitempty"`
	UnavailableText string      `json:"unavailable_text,omitempty"`
}

// SummaryTable is one "IPv4 Unicast Summary" block (text) or one
// "ipv4Unicast" object (JSON).
type SummaryTable struct {
	VRF           string       `json:"vrf,omitempty"`
	AddressFamily string       `json:"address_family,omitempty"` // "IPv4 Unicast" or "ipv4Unicast" as printed
	RouterID      netip.Addr   `json:"router_id"`
	LocalAS       uint32       `json:"local_as"`
	TableVersion  uint64       `json:"table_version"`
	Peers         []Peer       `json:"peers"`
	Span          parsers.Span `json:"span"`
}

// Peer is one neighbor row of a summary.
type Peer struct {
	// Neighbor is the row's key as printed: an address, an interface name
	// for an unnumbered peer, or "host(addr)" with show-hostname.
	Neighbor  string       `json:"neighbor"`
	Addr      netip.Addr   `json:"addr,omitzero"`       // zero for an interface peer
	Interface string       `json:"interface,omitempty"` // unnumbered peer's interface
	Hostname  string       `json:"hostname,omitempty"`
	RemoteAS  uint32       `json:"remote_as"`
	LocalAS   uint32       `json:"local_as,omitempty"` // JSON and wide text only
	MsgRcvd   uint64       `json:"msg_rcvd"`
	MsgSent   uint64       `json:"msg_sent"`
	TblVer    uint64       `json:"tbl_ver"`
	InQ       uint64       `json:"inq"`
	OutQ      uint64       `json:"outq"`
	UpDown    string       `json:"up_down"` // raw: "00:01:36", "1d02h03m", "never"
	UptimeMs  int64        `json:"uptime_ms,omitempty"`
	State     SessionState `json:"state"`
	// StateText is the state as printed: "Established", "Idle (Admin)",
	// "Active"; for an Established text row, the PfxRcd column.
	StateText string `json:"state_text"`
	// PeerState is FRR's JSON "peerState": OK, Policy, Admin, PfxCt,
	// Passive, "NSF passive".
	PeerState string `json:"peer_state,omitempty"`
	// AdminDown: "Idle (Admin)" (neighbor or instance shut down).
	AdminDown bool `json:"admin_down,omitempty"`
	// PrefixOverflow: "Idle (PfxCt)" (maximum-prefix reached).
	PrefixOverflow bool `json:"prefix_overflow,omitempty"`
	// PolicyIn/PolicyOut: ebgp-requires-policy and no inbound/outbound
	// policy: the session is Established but FRR drops the routes
	// ("(Policy)" in text; JSON says only "peerState":"Policy", which
	// sets both).
	PolicyIn  bool `json:"policy_in,omitempty"`
	PolicyOut bool `json:"policy_out,omitempty"`
	// NoNeg: Established but the address family was not negotiated.
	NoNeg bool `json:"no_neg,omitempty"`
	// PfxRcd and PfxSnt are -1 when not printed ("(Policy)", "NoNeg").
	PfxRcd                 int64        `json:"pfx_rcd"`
	PfxSnt                 int64        `json:"pfx_snt"`
	Description            string       `json:"description,omitempty"`
	ConnectionsEstablished int          `json:"connections_established,omitempty"`
	ConnectionsDropped     int          `json:"connections_dropped,omitempty"`
	Span                   parsers.Span `json:"span"`
}

// Established reports whether the session is up.
func (p Peer) Established() bool { return p.State == StateEstablished }

// Peers returns the peers of every table in order.
func (s *Summary) Peers() []Peer {
	var out []Peer
	for _, t := range s.Tables {
		out = append(out, t.Peers...)
	}
	return out
}

// Peer returns the first peer whose Neighbor or address is name.
func (s *Summary) Peer(name string) (Peer, bool) {
	a, _ := netip.ParseAddr(name)
	for _, t := range s.Tables {
		for _, p := range t.Peers {
			if p.Neighbor == name || p.Interface == name || (a.IsValid() && p.Addr == a) {
				return p, true
			}
		}
	}
	return Peer{}, false
}

// setNeighbor fills Neighbor, Addr, Interface and Hostname from the key.
func (p *Peer) setNeighbor(key string) {
	p.Neighbor = key
	k := strings.TrimPrefix(key, "*") // dynamic neighbor
	if h, rest, ok := strings.Cut(k, "("); ok && strings.HasSuffix(rest, ")") {
		p.Hostname = h
		k = strings.TrimSuffix(rest, ")")
	}
	if a, err := netip.ParseAddr(k); err == nil {
		p.Addr = a
	} else {
		p.Interface = k
	}
}

const cmdSummary = "show bgp summary"

// ParseSummary reads the text of `show bgp summary`, `show ip bgp
// summary [wide]` or `show bgp vrf all summary`.
func ParseSummary(out string) (*Summary, error) {
	lines := parsers.Lines(out)
	s := &Summary{}
	if firstContent(lines) < 0 {
		return s, nil
	}
	if u, text, _, ok := warningOnly(lines); ok {
		s.Unavailable, s.UnavailableText = u, text
		return s, nil
	}
	var (
		cur     *SummaryTable
		vrf, af string
		hdr     []string // column header fields when in a table
		wrapped string   // a neighbor printed alone on its line
	)
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			hdr = nil
			continue
		case strings.HasPrefix(t, "Instance ") && strings.HasSuffix(t, ":"):
			vrf = strings.TrimSuffix(strings.TrimPrefix(t, "Instance "), ":")
			continue
		case strings.HasSuffix(t, "):") && strings.Contains(t, " Summary (VRF "),
			strings.HasSuffix(t, " Summary:"):
			af, _, _ = strings.Cut(t, " Summary")
			if _, v, ok := strings.Cut(t, "(VRF "); ok {
				vrf = strings.TrimSuffix(v, "):")
			}
			continue
		case strings.HasPrefix(t, "BGP router identifier "):
			s.Tables = append(s.Tables, SummaryTable{VRF: vrf, AddressFamily: af})
			cur = &s.Tables[len(s.Tables)-1]
			cur.Span.Cover(n)
			if err := cur.readIdentity(t, n); err != nil {
				return nil, err
			}
			hdr = nil
			continue
		}
		if cur == nil {
			if _, ok := classifyWarning(t); ok {
				continue
			}
			return nil, perr(cmdSummary, n, l, "want \"BGP router identifier\" before this line")
		}
		cur.Span.Cover(n)
		switch {
		case strings.HasPrefix(t, "Neighbor ") && strings.Contains(t, "MsgRcvd"):
			hdr = strings.Fields(t)
		case hdr == nil:
			// Header lines between the identity and the column header, and
			// the trailer: checked loosely, they carry no verdict.
			if !summaryNoise(t) {
				return nil, perr(cmdSummary, n, l, "unexpected line in summary header")
			}
		default:
			f := strings.Fields(t)
			if len(f) == 1 && wrapped == "" && !strings.HasPrefix(t, "Total number") {
				wrapped = f[0]
				continue
			}
			if strings.HasPrefix(t, "Total number of neighbors") || strings.HasPrefix(t, "Displayed neighbors") {
				hdr = nil
				continue
			}
			if wrapped != "" {
				f = append([]string{wrapped}, f...)
				wrapped = ""
			}
			p, err := parseSummaryRow(f, hdr, n, l)
			if err != nil {
				return nil, err
			}
			p.Span = parsers.Span{Start: n, End: n}
			if len(f) > 0 && f[0] != strings.Fields(t)[0] {
				p.Span.Start = n - 1
			}
			cur.Peers = append(cur.Peers, p)
		}
	}
	if len(s.Tables) == 0 {
		return nil, perr(cmdSummary, 0, "", "no \"BGP router identifier\" line")
	}
	return s, nil
}

func summaryNoise(t string) bool {
	for _, p := range []string{"BGP table version", "RIB entries", "Peers ", "Total number of",
		"BGP activity", "Dynamic neighbors", "Displayed neighbors", "% No BGP neighbors",
		"BGP update-delay", "First neighbor", "Read-only mode", "Update delay", "%", "Total "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// readIdentity reads "BGP router identifier A, local AS number N [VRF v |
// VIEW v] vrf-id X".
func (t *SummaryTable) readIdentity(line string, n int) error {
	rest := strings.TrimPrefix(line, "BGP router identifier ")
	id, rest, ok := strings.Cut(rest, ", local AS number ")
	a, err := netip.ParseAddr(id)
	if !ok || err != nil {
		return perr(cmdSummary, n, line, "bad router identifier line")
	}
	t.RouterID = a
	f := strings.Fields(rest)
	if len(f) == 0 {
		return perr(cmdSummary, n, line, "missing local AS")
	}
	as, ok := parseASN(f[0])
	if !ok {
		return perr(cmdSummary, n, line, "bad local AS")
	}
	t.LocalAS = as
	for j := 1; j+1 < len(f); j++ {
		if f[j] == "VRF" || f[j] == "VIEW" {
			t.VRF = f[j+1]
		}
	}
	return nil
}

// parseSummaryRow reads one neighbor row split into fields. hdr is the
// column header (it says whether the wide LocalAS column is there).
func parseSummaryRow(f, hdr []string, n int, line string) (Peer, error) {
	wide := len(hdr) > 3 && hdr[3] == "LocalAS"
	need := 10
	if wide {
		need = 11
	}
	if len(f) < need {
		return Peer{}, perr(cmdSummary, n, line, "short neighbor row")
	}
	p := Peer{PfxRcd: -1, PfxSnt: -1}
	p.setNeighbor(f[0])
	if f[1] != "4" {
		return Peer{}, perr(cmdSummary, n, line, "BGP version column is not 4")
	}
	var ok bool
	if p.RemoteAS, ok = parseASN(f[2]); !ok {
		return Peer{}, perr(cmdSummary, n, line, "bad remote AS")
	}
	k := 3
	if wide {
		if p.LocalAS, ok = parseASN(f[3]); !ok {
			return Peer{}, perr(cmdSummary, n, line, "bad local AS")
		}
		k = 4
	}
	nums := []*uint64{&p.MsgRcvd, &p.MsgSent, &p.TblVer, &p.InQ, &p.OutQ}
	for j, dst := range nums {
		v, err := strconv.ParseUint(f[k+j], 10, 64)
		if err != nil {
			return Peer{}, perr(cmdSummary, n, line, "bad counter column")
		}
		*dst = v
	}
	k += len(nums)
	p.UpDown = f[k]
	k++
	rest := f[k:]
	// State/PfxRcd: a count, "(Policy)", "NoNeg", or a state, possibly
	// "Idle (Admin)" / "Idle (PfxCt)".
	switch st := rest[0]; {
	case parsers.IsDigits(st):
		p.State, p.StateText = StateEstablished, "Established"
		p.PfxRcd, _ = strconv.ParseInt(st, 10, 64)
		rest = rest[1:]
	case st == "(Policy)":
		p.State, p.StateText, p.PolicyIn = StateEstablished, "Established", true
		rest = rest[1:]
	case st == "NoNeg":
		p.State, p.StateText, p.NoNeg = StateEstablished, "Established", true
		rest = rest[1:]
	default:
		s, ok := parseState(st)
		if !ok {
			return Peer{}, perr(cmdSummary, n, line, "bad State/PfxRcd column")
		}
		p.State, p.StateText = s, st
		rest = rest[1:]
		if len(rest) > 0 && (rest[0] == "(Admin)" || rest[0] == "(PfxCt)") {
			p.StateText += " " + rest[0]
			p.AdminDown = rest[0] == "(Admin)"
			p.PrefixOverflow = rest[0] == "(PfxCt)"
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		if slices.Contains(hdr, "PfxSnt") {
			return Peer{}, perr(cmdSummary, n, line, "missing PfxSnt column")
		}
		return p, nil // FRR 7 prints no PfxSnt column
	}
	switch rest[0] {
	case "(Policy)":
		p.PolicyOut = true
	case "NoNeg":
		p.NoNeg = true
	default:
		v, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			return Peer{}, perr(cmdSummary, n, line, "bad PfxSnt column")
		}
		p.PfxSnt = v
	}
	if p.PolicyIn || p.PolicyOut {
		p.PeerState = "Policy"
	}
	if d := strings.Join(rest[1:], " "); d != "N/A" {
		p.Description = d
	}
	return p, nil
}
