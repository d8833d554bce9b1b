package parse

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIKE = "diagnose vpn ike gateway list"

// SAState is the state of one IKE SA as `diagnose vpn ike gateway list`
// prints it in its status line.
type SAState uint8

// The IKE SA states.
const (
	StateUnknown SAState = iota
	StateEstablished
	StateConnecting
	StateOther
)

var saStateNames = [...]string{"unknown", "established", "connecting", "other"}

func (s SAState) String() string {
	if int(s) < len(saStateNames) {
		return saStateNames[s]
	}
	return "unknown"
}

// MarshalText writes the name.
func (s SAState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// SACounts is an "IKE SA: created 1/1  established 1/1  time 0/0/0 ms"
// line: FortiOS prints current/total for each.
type SACounts struct {
	Created          uint64 `json:"created"`
	CreatedTotal     uint64 `json:"created_total"`
	Established      uint64 `json:"established"`
	EstablishedTotal uint64 `json:"established_total"`
}

// IKEGateway is one phase-1 gateway (a static tunnel, a dial-up template
// or one of its dynamic instances) of `diagnose vpn ike gateway list`.
type IKEGateway struct {
	VDOM           string        `json:"vdom,omitempty"` // "root" of "vd: root/0"
	Name           string        `json:"name"`
	Version        int           `json:"version"` // 1 or 2
	Interface      string        `json:"interface,omitempty"`
	InterfaceIndex int           `json:"interface_index,omitempty"`
	Local          netip.Addr    `json:"local,omitzero"`
	LocalPort      uint16        `json:"local_port,omitempty"`
	Remote         netip.Addr    `json:"remote,omitzero"`
	RemotePort     uint16        `json:"remote_port,omitempty"`
	Created        time.Duration `json:"created,omitempty"` // "created: 189s ago"
	// VirtualLocal/VirtualRemote: "virtual-interface-addr: A -> B" (mode-cfg, ADVPN).
	VirtualLocal  netip.Addr `json:"virtual_local,omitzero"`
	VirtualRemote netip.Addr `json:"virtual_remote,omitzero"`
	PPK           string     `json:"ppk,omitempty"` // gateway-level "PPK: no"
	IKESAs        SACounts   `json:"ike_sas"`
	IPsecSAs      SACounts   `json:"ipsec_sas"`
	SAs           []IKESA    `json:"sas"`
	// Fields keeps other "key: value" lines of the gateway as printed
	// (tun_id, remote_location, network-id, auto-discovery, ...).
	Fields map[string]string `json:"fields,omitempty"`
	Span   parsers.Span      `json:"span"`
}

// Established reports whether one of the gateway's IKE SAs is established.
func (g IKEGateway) Established() bool {
	for _, s := range g.SAs {
		if s.State == StateEstablished {
			return true
		}
	}
	return false
}

// IKESA is one "id/spi:" block of a gateway. The key material FortiOS
// prints (key:, SK_ei/er/ai/ar:) is never kept.
type IKESA struct {
	ID           int           `json:"id"`
	InitiatorSPI string        `json:"initiator_spi"` // hex as printed
	ResponderSPI string        `json:"responder_spi"`
	Direction    string        `json:"direction,omitempty"` // initiator, responder
	State        SAState       `json:"state"`
	StatusText   string        `json:"status_text"`   // "established 189-189s ago = 10ms"
	Age          time.Duration `json:"age,omitempty"` // time since established
	// Proposal is as printed ("aes128-sha256"); Encryption and Integrity
	// are its two halves. PRF and DHGroup are set when a release prints
	// them on their own lines.
	Proposal      string        `json:"proposal,omitempty"`
	Encryption    string        `json:"encryption,omitempty"`
	Integrity     string        `json:"integrity,omitempty"`
	PRF           string        `json:"prf,omitempty"`
	DHGroup       string        `json:"dh_group,omitempty"`
	PPK           string        `json:"ppk,omitempty"`
	Lifetime      time.Duration `json:"lifetime,omitempty"`
	RekeyIn       time.Duration `json:"rekey_in,omitempty"`
	DPDSent       uint32        `json:"dpd_sent"`
	DPDRecv       uint32        `json:"dpd_recv"`
	MessageIDSent uint64        `json:"message_id_sent,omitempty"`
	MessageIDRecv uint64        `json:"message_id_recv,omitempty"`
	Span          parsers.Span  `json:"span"`
}

// ParseIKEGateways reads `diagnose vpn ike gateway list [name X]`. An
// empty output (no gateway) is an empty, valid result.
func ParseIKEGateways(out string) ([]IKEGateway, error) {
	lines, any := content(out)
	gws := []IKEGateway{}
	if !any {
		return gws, nil
	}
	var g *IKEGateway
	var sa *IKESA
	vdom := ""
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		key, val, ok := strings.Cut(t, ":")
		val = strings.TrimSpace(val)
		if !ok {
			if g == nil {
				return nil, perr(cmdIKE, n, l, "expected \"vd:\" or \"name:\" starting a gateway")
			}
			continue
		}
		switch {
		case key == "vd":
			vdom, _, _ = strings.Cut(val, "/")
			g, sa = nil, nil
			continue
		case key == "name" && (g == nil || g.Name != ""):
			gws = append(gws, IKEGateway{VDOM: vdom, Name: val})
			g, sa = &gws[len(gws)-1], nil
			g.Span.Cover(n)
			if n > 1 && strings.HasPrefix(strings.TrimSpace(lines[i-1]), "vd:") {
				g.Span.Cover(n - 1)
			}
			continue
		case g == nil:
			return nil, perr(cmdIKE, n, l, "expected \"vd:\" or \"name:\" starting a gateway")
		}
		g.Span.Cover(n)
		if key == "id/spi" {
			g.SAs = append(g.SAs, IKESA{})
			sa = &g.SAs[len(g.SAs)-1]
			sa.Span.Cover(n)
			f := strings.Fields(val)
			if len(f) >= 1 {
				sa.ID, _ = atoi(f[0])
			}
			if len(f) >= 2 {
				sa.InitiatorSPI, sa.ResponderSPI, _ = strings.Cut(f[1], "/")
			}
			continue
		}
		if sa != nil && readSALine(sa, key, val) {
			sa.Span.Cover(n)
			continue
		}
		if err := readGatewayLine(g, key, val); err != "" {
			return nil, perr(cmdIKE, n, l, err)
		}
	}
	if len(gws) == 0 {
		return nil, perr(cmdIKE, 1, lines[0], "no gateway in output")
	}
	return gws, nil
}

// readGatewayLine stores one gateway-level line; it returns a message when
// a known line cannot be read.
func readGatewayLine(g *IKEGateway, key, val string) string {
	switch key {
	case "version":
		v, ok := atoi(val)
		if !ok {
			return "bad IKE version"
		}
		g.Version = v
	case "interface":
		f := strings.Fields(val)
		if len(f) > 0 {
			g.Interface = f[0]
		}
		if len(f) > 1 {
			g.InterfaceIndex, _ = atoi(f[1])
		}
	case "addr":
		l, r, ok := strings.Cut(val, "->")
		la, lp, ok1 := addrPort(strings.TrimSpace(l))
		ra, rp, ok2 := addrPort(strings.TrimSpace(r))
		if !ok || !ok1 || !ok2 {
			return "expected \"addr: LOCAL:PORT -> REMOTE:PORT\""
		}
		g.Local, g.LocalPort, g.Remote, g.RemotePort = la, lp, ra, rp
	case "virtual-interface-addr":
		l, r, _ := strings.Cut(val, "->")
		g.VirtualLocal, _, _ = addrPort(strings.TrimSpace(l))
		g.VirtualRemote, _, _ = addrPort(strings.TrimSpace(r))
	case "created":
		g.Created, _ = secondsAgo(val)
	case "PPK":
		g.PPK = val
	case "IKE SA", "IPsec SA":
		c, ok := saCounts(val)
		if !ok {
			return "expected \"created N/N  established N/N\""
		}
		if key == "IKE SA" {
			g.IKESAs = c
		} else {
			g.IPsecSAs = c
		}
	case "key", "SK_ei", "SK_er", "SK_ai", "SK_ar", "SK_pi", "SK_pr", "SK_d":
		// key material: never kept
	default:
		if g.Fields == nil {
			g.Fields = map[string]string{}
		}
		if _, dup := g.Fields[key]; !dup {
			g.Fields[key] = val
		}
	}
	return ""
}

// readSALine stores one line of an id/spi block; false when the key is not
// an SA key.
func readSALine(sa *IKESA, key, val string) bool {
	switch key {
	case "direction":
		sa.Direction = val
	case "status":
		sa.StatusText = val
		w, rest, _ := strings.Cut(val, " ")
		// 7.x writes "connecting, state 3, started 22s ago".
		switch strings.TrimRight(w, ",") {
		case "established":
			sa.State = StateEstablished
			if a, _, ok := strings.Cut(rest, "-"); ok {
				if s, ok := atou64(a); ok {
					sa.Age = time.Duration(s) * time.Second
				}
			}
		case "connecting":
			sa.State = StateConnecting
		default:
			sa.State = StateOther
		}
	case "proposal":
		sa.Proposal = val
		sa.Encryption, sa.Integrity, _ = strings.Cut(val, "-")
	case "encryption":
		sa.Encryption = val
	case "authentication", "integrity":
		sa.Integrity = val
	case "prf":
		sa.PRF = val
	case "dh-group", "DH group", "dh_group":
		sa.DHGroup = val
	case "PPK":
		sa.PPK = val
	case "lifetime/rekey":
		if a, b, ok := slash(val); ok {
			sa.Lifetime, sa.RekeyIn = time.Duration(a)*time.Second, time.Duration(b)*time.Second
		}
	case "DPD sent/recv":
		a, b, _ := strings.Cut(val, "/")
		sa.DPDSent, _ = hex32(a)
		sa.DPDRecv, _ = hex32(b)
	case "message-id sent/recv":
		sa.MessageIDSent, sa.MessageIDRecv, _ = slash(val)
	case "key", "child", "SK_ei", "SK_er", "SK_ai", "SK_ar", "SK_pi", "SK_pr", "SK_d", "peer-id", "QKD":
		// key material is never kept; the rest carries nothing checked
	default:
		return false
	}
	return true
}

// secondsAgo reads "189s ago".
func secondsAgo(s string) (time.Duration, bool) {
	f := strings.Fields(s)
	if len(f) == 0 || !strings.HasSuffix(f[0], "s") {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSuffix(f[0], "s"), 10, 32)
	return time.Duration(n) * time.Second, err == nil
}

// saCounts reads "created 1/2  established 1/2  time 0/0/0 ms".
func saCounts(s string) (SACounts, bool) {
	var c SACounts
	f := strings.Fields(s)
	got := 0
	for i := 0; i+1 < len(f); i++ {
		switch f[i] {
		case "created":
			a, b, ok := slash(f[i+1])
			if !ok {
				return c, false
			}
			c.Created, c.CreatedTotal = a, b
			got++
		case "established":
			a, b, ok := slash(f[i+1])
			if !ok {
				return c, false
			}
			c.Established, c.EstablishedTotal = a, b
			got++
		}
	}
	return c, got > 0
}
