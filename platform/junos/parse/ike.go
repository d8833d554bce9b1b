package parse

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// SAState is the state Junos prints for an IKE SA.
type SAState uint8

// The IKE SA states.
const (
	SAStateUnknown SAState = iota
	SAStateUp
	SAStateDown
)

func (s SAState) String() string {
	switch s {
	case SAStateUp:
		return "up"
	case SAStateDown:
		return "down"
	}
	return "unknown"
}

// MarshalText writes the name.
func (s SAState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func saState(s string) SAState {
	switch strings.ToUpper(s) {
	case "UP":
		return SAStateUp
	case "DOWN":
		return SAStateDown
	}
	return SAStateUnknown
}

// IKESAs is `show security ike security-associations [detail]`.
type IKESAs struct {
	SAs    []IKESA `json:"sas"`
	Detail bool    `json:"detail,omitempty"`
}

// IKEAlgorithms are the negotiated algorithms of the detail form, as printed.
type IKEAlgorithms struct {
	Authentication string `json:"authentication,omitempty"` // "hmac-sha256-128"
	Encryption     string `json:"encryption,omitempty"`     // "aes256-cbc"
	PRF            string `json:"prf,omitempty"`            // "hmac-sha256"
	DHGroup        string `json:"dh_group,omitempty"`       // "DH-group-14"
}

// IKESA is one IKE SA (phase 1).
type IKESA struct {
	Index      uint64     `json:"index"`
	RemoteAddr netip.Addr `json:"remote_addr"`
	State      SAState    `json:"state"`
	StateText  string     `json:"state_text"`
	// InitiatorCookie and ResponderCookie are the IKE SPIs in hex, as printed.
	InitiatorCookie string `json:"initiator_cookie"`
	ResponderCookie string `json:"responder_cookie"`
	// Mode is "IKEv2", "Main" or "Aggressive" (IKEv1 exchange types).
	Mode    string `json:"mode"`
	Version int    `json:"version"` // 1 or 2

	// Detail form only.
	Gateway    string        `json:"gateway,omitempty"`
	Role       string        `json:"role,omitempty"` // Initiator, Responder
	AuthMethod string        `json:"auth_method,omitempty"`
	LocalAddr  netip.Addr    `json:"local_addr,omitzero"`
	LocalPort  uint16        `json:"local_port,omitempty"`
	RemotePort uint16        `json:"remote_port,omitempty"`
	Remaining  time.Duration `json:"remaining,omitempty"` // "Lifetime: Expires in N seconds"
	Algorithms IKEAlgorithms `json:"algorithms,omitzero"`
	// NATT is true when the SA floated to UDP 4500 or Junos says NAT was
	// detected.
	NATT           bool         `json:"nat_t,omitempty"`
	PeerIKEID      string       `json:"peer_ike_id,omitempty"`
	InputBytes     uint64       `json:"input_bytes,omitempty"`
	OutputBytes    uint64       `json:"output_bytes,omitempty"`
	InputPackets   uint64       `json:"input_packets,omitempty"`
	OutputPackets  uint64       `json:"output_packets,omitempty"`
	IPsecCreated   uint64       `json:"ipsec_created,omitempty"`
	IPsecDeleted   uint64       `json:"ipsec_deleted,omitempty"`
	ExternalIfName string       `json:"external_interface,omitempty"`
	Span           parsers.Span `json:"span"`
}

// Up reports whether the SA is UP.
func (s IKESA) Up() bool { return s.State == SAStateUp }

// SA returns the first SA with remote address a.
func (s *IKESAs) SA(a netip.Addr) (IKESA, bool) {
	for _, x := range s.SAs {
		if x.RemoteAddr == a {
			return x, true
		}
	}
	return IKESA{}, false
}

const cmdIKE = "show security ike security-associations"

func ikeVersion(mode string) int {
	if strings.EqualFold(mode, "IKEv2") {
		return 2
	}
	return 1
}

// ParseIKESAs reads `show security ike security-associations` in its
// table form or its detail form.
func ParseIKESAs(out string) (*IKESAs, error) {
	ls := prep(out)
	r := &IKESAs{}
	if len(ls) == 0 {
		return r, nil
	}
	first := ls[0].trim()
	if strings.HasPrefix(first, "IKE peer ") {
		r.Detail = true
		return r, parseIKEDetail(ls, r)
	}
	hdr := false
	for _, l := range ls {
		t := l.trim()
		switch {
		case strings.HasPrefix(t, "Index") && strings.Contains(t, "Remote Address"):
			hdr = true
			continue
		case !hdr:
			return nil, perr(cmdIKE, l.n, t, "want the \"Index State Initiator cookie\" header or \"IKE peer\"")
		}
		f := strings.Fields(t)
		if len(f) != 6 {
			return nil, perr(cmdIKE, l.n, t, "want 6 columns")
		}
		idx, ok := u64(f[0])
		a, err := netip.ParseAddr(f[5])
		if !ok || err != nil {
			return nil, perr(cmdIKE, l.n, t, "want an index and a remote address")
		}
		r.SAs = append(r.SAs, IKESA{Index: idx, State: saState(f[1]), StateText: f[1],
			InitiatorCookie: f[2], ResponderCookie: f[3], Mode: f[4], Version: ikeVersion(f[4]),
			RemoteAddr: a, Span: parsers.Span{Start: l.n, End: l.n}})
	}
	return r, nil
}

func parseIKEDetail(ls []line, r *IKESAs) error {
	var cur *IKESA
	// inNegotiation is set inside a "Negotiation type:" block (a phase 2
	// negotiation in progress under the SA): its Local:/Remote: lines are
	// the negotiation's, not the SA's.
	inNegotiation := false
	for _, l := range ls {
		t := l.trim()
		if strings.HasPrefix(t, "IKE peer ") {
			inNegotiation = false
			r.SAs = append(r.SAs, IKESA{Span: parsers.Span{Start: l.n, End: l.n}})
			cur = &r.SAs[len(r.SAs)-1]
			// IKE peer 192.0.2.1, Index 5622800, Gateway Name: gw-dca
			parts := strings.Split(strings.TrimPrefix(t, "IKE peer "), ",")
			a, _, ok := addrPort(strings.TrimSpace(parts[0]))
			if !ok {
				return perr(cmdIKE, l.n, t, "want the peer address")
			}
			cur.RemoteAddr = a
			for _, p := range parts[1:] {
				p = strings.TrimSpace(p)
				if v, ok := strings.CutPrefix(p, "Index "); ok {
					cur.Index, _ = u64(v)
				} else if v, ok := strings.CutPrefix(p, "Gateway Name:"); ok {
					cur.Gateway = strings.TrimSpace(v)
				}
			}
			continue
		}
		if cur == nil {
			return perr(cmdIKE, l.n, t, "want \"IKE peer\"")
		}
		cur.Span.Cover(l.n)
		if strings.HasPrefix(t, "Negotiation type:") {
			inNegotiation = true
		}
		if !inNegotiation {
			ikeDetailLine(cur, t)
		}
	}
	return nil
}

func ikeDetailLine(cur *IKESA, t string) {
	m := commaFields(t)
	if v, ok := m["Role"]; ok {
		cur.Role = v
	}
	if v, ok := m["State"]; ok {
		cur.State, cur.StateText = saState(v), v
	}
	if v, ok := m["Initiator cookie"]; ok {
		cur.InitiatorCookie = v
	}
	if v, ok := m["Responder cookie"]; ok {
		cur.ResponderCookie = v
	}
	if v, ok := m["Exchange type"]; ok {
		cur.Mode, cur.Version = v, ikeVersion(v)
	}
	if v, ok := m["Authentication method"]; ok {
		cur.AuthMethod = v
	}
	k, v, _ := keyValue(t)
	switch k {
	case "Local", "Remote":
		// Local: 198.51.100.2:500, Remote: 192.0.2.1:500
		for _, part := range strings.Split(t, ",") {
			pk, pv, _ := keyValue(part)
			a, p, ok := addrPort(pv)
			if !ok {
				continue
			}
			if pk == "Local" {
				cur.LocalAddr, cur.LocalPort = a, p
			} else if pk == "Remote" {
				cur.RemoteAddr, cur.RemotePort = a, p
			}
			if p == 4500 {
				cur.NATT = true
			}
		}
	case "Lifetime":
		cur.Remaining, _ = expiresIn(v)
	case "Authentication":
		cur.Algorithms.Authentication = v
	case "Encryption":
		cur.Algorithms.Encryption = v
	case "Pseudo random function":
		cur.Algorithms.PRF = v
	case "Diffie-Hellman group":
		cur.Algorithms.DHGroup = v
	case "Peer ike-id":
		cur.PeerIKEID = v
	case "Local gateway interface":
		cur.ExternalIfName = v
	case "Input  bytes", "Input bytes":
		cur.InputBytes, _ = u64(v)
	case "Output bytes":
		cur.OutputBytes, _ = u64(v)
	case "Input  packets", "Input packets":
		cur.InputPackets, _ = u64(v)
	case "Output packets":
		cur.OutputPackets, _ = u64(v)
	case "IPSec security associations", "IPsec security associations":
		// "2 created, 0 deleted"
		f := strings.Fields(strings.ReplaceAll(v, ",", ""))
		if len(f) >= 4 {
			cur.IPsecCreated, _ = u64(f[0])
			cur.IPsecDeleted, _ = u64(f[2])
		}
	}
	lt := strings.ToLower(t)
	if strings.Contains(lt, "nat") && (strings.Contains(lt, "detected") || strings.Contains(lt, "nat-t")) &&
		!strings.Contains(lt, "not detected") && !strings.Contains(lt, ": no") && !strings.Contains(lt, "disabled") {
		cur.NATT = true
	}
}
