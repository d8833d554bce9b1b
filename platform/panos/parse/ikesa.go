package parse

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIKESA = "show vpn ike-sa"

// IKESA is one row of an "IKEv1 phase-1 SAs" or "IKEv2 SAs" table.
type IKESA struct {
	Version   int        `json:"version"`    // 1 or 2
	GatewayID string     `json:"gateway_id"` // "GwID/client IP" or "Gateway ID" column
	Peer      netip.Addr `json:"peer,omitzero"`
	PeerRaw   string     `json:"peer_raw"` // as printed (may be masked)
	Gateway   string     `json:"gateway"`
	Role      string     `json:"role"`           // Init or Resp
	Mode      string     `json:"mode,omitempty"` // IKEv1: Main, Aggr
	SN        string     `json:"sn,omitempty"`   // IKEv2 SA serial number
	Algorithm string     `json:"algorithm"`      // "PSK/DH14/A128/SHA1"
	// Established and Expiration are as printed ("Jul.31 01:35:00"):
	// PAN-OS prints no year.
	Established string `json:"established,omitempty"`
	Expiration  string `json:"expiration,omitempty"`
	// State is the ST column as printed: a number on IKEv1 ("13"), a word
	// on IKEv2 ("Established").
	State    string       `json:"state"`
	Xt       string       `json:"xt,omitempty"`
	Children string       `json:"children,omitempty"` // "Phase2" (v1) or "Child" (v2) count
	Span     parsers.Span `json:"span"`
}

// Up reports an IKEv2 SA in state Established. For IKEv1 the numeric
// state is not interpreted: callers read State.
func (s IKESA) Up() bool {
	return s.Version == 2 && (strings.EqualFold(s.State, "Established") || strings.EqualFold(s.State, "Mature"))
}

// ChildSA is one row of an "IKEv1 phase-2 SAs" or "IKEv2 IPSec Child SAs"
// table.
type ChildSA struct {
	Version   int          `json:"version"`
	Gateway   string       `json:"gateway"`
	TunnelID  string       `json:"tunnel_id"`
	Tunnel    string       `json:"tunnel"`
	GatewayID string       `json:"gateway_id,omitempty"` // v1 "GwID/IP", v2 "ID"
	Parent    string       `json:"parent,omitempty"`     // v2 parent IKE SA SN
	Role      string       `json:"role"`
	Algorithm string       `json:"algorithm,omitempty"` // v1 prints "ESP/    /tunl/SHA2": spaces squeezed
	SPIIn     uint32       `json:"spi_in"`
	SPIOut    uint32       `json:"spi_out"`
	MsgID     string       `json:"msg_id,omitempty"`
	State     string       `json:"state"` // "9" (v1), "Mature" (v2)
	Xt        string       `json:"xt,omitempty"`
	Span      parsers.Span `json:"span"`
}

// IKESAs is the whole of `show vpn ike-sa [gateway X]`.
type IKESAs struct {
	SAs      []IKESA   `json:"sas"`
	Children []ChildSA `json:"children"`
	// NoIKEv1 and NoIKEv2 record "There is no IKEv1/IKEv2 SA found."
	NoIKEv1 bool `json:"no_ikev1,omitempty"`
	NoIKEv2 bool `json:"no_ikev2,omitempty"`
}

type ikeTable int

const (
	tabNone ikeTable = iota
	tabSA
	tabChild
)

// ParseIKESA reads `show vpn ike-sa [gateway X]` (PAN-OS 9.1-11.x): the
// IKEv1 phase-1 and phase-2 tables and the IKEv2 SA and child SA tables.
// Columns are read by word, anchored on the Role column, because names
// overflow the padded columns. Summary lines ("Show IKEv1 IKE SA: Total
// ...") are ignored.
func ParseIKESA(out string) (*IKESAs, error) {
	ls := splitLines(out, "show vpn")
	res := &IKESAs{}
	version, kind := 0, tabNone
	var header []string
	seen := false
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "":
			kind = tabNone
			continue
		case strings.HasPrefix(low, "ikev1 "):
			version, kind, seen = 1, tabNone, true
			continue
		case strings.HasPrefix(low, "ikev2 "):
			version, kind, seen = 2, tabNone, true
			continue
		case strings.HasPrefix(low, "there is no ikev1"):
			res.NoIKEv1, seen = true, true
			continue
		case strings.HasPrefix(low, "there is no ikev2"):
			res.NoIKEv2, seen = true, true
			continue
		case strings.HasPrefix(low, "show ike") || strings.HasPrefix(low, "show ikev"):
			seen = true
			continue
		case isDashes(t):
			continue
		}
		f := strings.Fields(t)
		if hasWord(f, "Role") && (hasWord(f, "Peer-Address") || hasWord(f, "TnID")) {
			header, seen = f, true
			kind = tabSA
			if hasWord(f, "TnID") {
				kind = tabChild
			}
			if version == 0 {
				version = 1
				if hasWord(f, "SN") || hasWord(f, "Parent") {
					version = 2
				}
			}
			continue
		}
		if kind == tabNone {
			return nil, perr(cmdIKESA, l.n, l.text, "line outside any IKE SA table")
		}
		var err error
		if kind == tabSA {
			err = res.addSA(version, header, f, l)
		} else {
			err = res.addChild(version, header, f, l)
		}
		if err != nil {
			return nil, err
		}
	}
	if !seen {
		return nil, noContent(cmdIKESA, ls)
	}
	return res, nil
}

func hasWord(f []string, w string) bool {
	for _, x := range f {
		if x == w {
			return true
		}
	}
	return false
}

// roleIndex finds the last Init/Resp word of a row.
func roleIndex(f []string) int {
	for i := len(f) - 1; i >= 0; i-- {
		if f[i] == "Init" || f[i] == "Resp" {
			return i
		}
	}
	return -1
}

// afterRole maps the header columns after "Role" onto the row words after
// the role: Established/Expiration take two words, Algorithm takes what
// the others leave.
func afterRole(header, row []string) (map[string]string, bool) {
	hi := 0
	for hi < len(header) && header[hi] != "Role" {
		hi++
	}
	cols := header[min(hi+1, len(header)):]
	width := func(c string) int {
		if c == "Established" || c == "Expiration" {
			return 2
		}
		return 1
	}
	m := map[string]string{}
	i := 0
	for ci, c := range cols {
		if c == "Algorithm" {
			right := 0
			for _, c2 := range cols[ci+1:] {
				right += width(c2)
			}
			end := len(row) - right
			if end <= i {
				return nil, false
			}
			m[c] = strings.Join(row[i:end], " ")
			i = end
			continue
		}
		w := width(c)
		if i+w > len(row) {
			return nil, false
		}
		m[c] = strings.Join(row[i:i+w], " ")
		i += w
	}
	return m, i == len(row)
}

func (res *IKESAs) addSA(v int, header, f []string, l line) error {
	r := roleIndex(f)
	if r < 3 {
		return perr(cmdIKESA, l.n, l.text, "IKE SA row without gateway id, peer, name and role")
	}
	m, ok := afterRole(header, f[r+1:])
	if !ok {
		return perr(cmdIKESA, l.n, l.text, "IKE SA row does not match its header")
	}
	sa := IKESA{Version: v, GatewayID: f[0], PeerRaw: f[1], Peer: addr(f[1]),
		Gateway: strings.Join(f[2:r], " "), Role: f[r], Mode: m["Mode"], SN: m["SN"],
		Algorithm: m["Algorithm"], Established: m["Established"], Expiration: m["Expiration"],
		State: m["ST"], Xt: m["Xt"], Children: m["Phase2"] + m["Child"],
		Span: parsers.Span{Start: l.n, End: l.n}}
	res.SAs = append(res.SAs, sa)
	return nil
}

func (res *IKESAs) addChild(v int, header, f []string, l line) error {
	r := roleIndex(f)
	before := 3 // TnID Tunnel GwID/IP
	if hasWord(header, "Parent") {
		before = 4 // TnID Tunnel ID Parent
	}
	if r < before+1 {
		return perr(cmdIKESA, l.n, l.text, "child SA row without gateway, tunnel and role")
	}
	m, ok := afterRole(header, f[r+1:])
	if !ok {
		return perr(cmdIKESA, l.n, l.text, "child SA row does not match its header")
	}
	in, ok1 := spi(m["SPI(in)"])
	out, ok2 := spi(m["SPI(out)"])
	if !ok1 || !ok2 {
		return perr(cmdIKESA, l.n, l.text, "bad SPI")
	}
	g := r - before
	c := ChildSA{Version: v, Gateway: strings.Join(f[:g], " "), TunnelID: f[g], Tunnel: f[g+1],
		Role: f[r], Algorithm: m["Algorithm"], SPIIn: in, SPIOut: out, MsgID: m["MsgID"],
		State: m["ST"], Xt: m["Xt"], Span: parsers.Span{Start: l.n, End: l.n}}
	if before == 3 {
		c.GatewayID = f[g+2]
	} else {
		c.GatewayID, c.Parent = f[g+2], f[g+3]
	}
	res.Children = append(res.Children, c)
	return nil
}

// spi parses a hex SPI ("8827A3D9", "0x8827a3d9").
func spi(s string) (uint32, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	v, err := strconv.ParseUint(s, 16, 32)
	return uint32(v), err == nil
}
