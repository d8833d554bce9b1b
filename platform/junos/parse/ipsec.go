package parse

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Direction is the direction of an IPsec SA.
type Direction uint8

// The SA directions: "<" inbound, ">" outbound.
const (
	DirUnknown Direction = iota
	Inbound
	Outbound
)

func (d Direction) String() string {
	switch d {
	case Inbound:
		return "inbound"
	case Outbound:
		return "outbound"
	}
	return "unknown"
}

// MarshalText writes the name.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// IPsecSAs is `show security ipsec security-associations [detail]`: one
// record per SA and direction.
type IPsecSAs struct {
	// ActiveTunnels is "Total active tunnels: N", -1 when not printed.
	ActiveTunnels int       `json:"active_tunnels"`
	SAs           []IPsecSA `json:"sas"`
	Detail        bool      `json:"detail,omitempty"`
}

// IPsecSA is one direction of an IPsec SA.
type IPsecSA struct {
	// ID is the tunnel index (131073), shared by both directions.
	ID        uint64    `json:"id"`
	Direction Direction `json:"direction"`
	// Algorithm is the table column as printed ("ESP:aes-cbc-256/sha256");
	// Protocol, Encryption and Authentication are split from it or read
	// from the detail form.
	Algorithm      string `json:"algorithm,omitempty"`
	Protocol       string `json:"protocol,omitempty"`
	Encryption     string `json:"encryption,omitempty"`
	Authentication string `json:"authentication,omitempty"`
	SPI            uint32 `json:"spi"`
	SPIText        string `json:"spi_text"`
	// Remaining is the hard lifetime left.
	Remaining time.Duration `json:"remaining"`
	// LifeKB is the lifesize left in kilobytes, -1 for "unlim".
	LifeKB int64 `json:"life_kb"`
	// Monitor is the vpn-monitor column: "-" (not monitored), "U", "D".
	Monitor string     `json:"monitor,omitempty"`
	VSys    string     `json:"vsys,omitempty"`
	Port    uint16     `json:"port"`
	Gateway netip.Addr `json:"gateway"`
	NATT    bool       `json:"nat_t,omitempty"` // port 4500

	// Detail form only.
	VPNName        string     `json:"vpn_name,omitempty"`
	LocalGateway   netip.Addr `json:"local_gateway,omitzero"`
	BindInterface  string     `json:"bind_interface,omitempty"` // st0.0
	LocalIdentity  string     `json:"local_identity,omitempty"` // "ipv4(0.0.0.0-255.255.255.255)"
	RemoteIdentity string     `json:"remote_identity,omitempty"`
	TrafficSel     string     `json:"traffic_selector,omitempty"`
	Version        string     `json:"version,omitempty"` // IKEv2
	// PFSGroup is "PFS group: DH-group-20" of the detail form (Junos
	// 21.x and later print it; "N/A" without PFS), as printed.
	PFSGroup     string       `json:"pfs_group,omitempty"`
	State        string       `json:"state,omitempty"` // installed
	MonitorState string       `json:"monitor_state,omitempty"`
	Span         parsers.Span `json:"span"`
}

// Tunnel returns the SAs of tunnel index id.
func (s *IPsecSAs) Tunnel(id uint64) []IPsecSA {
	var out []IPsecSA
	for _, x := range s.SAs {
		if x.ID == id {
			out = append(out, x)
		}
	}
	return out
}

const cmdIPsec = "show security ipsec security-associations"

// ParseIPsecSAs reads `show security ipsec security-associations` in its
// table form or its detail form.
func ParseIPsecSAs(out string) (*IPsecSAs, error) {
	ls := prep(out)
	r := &IPsecSAs{ActiveTunnels: -1}
	if len(ls) == 0 {
		return r, nil
	}
	for _, l := range ls {
		if strings.HasPrefix(l.trim(), "ID:") {
			r.Detail = true
			return r, parseIPsecDetail(ls, r)
		}
	}
	hdr := false
	for _, l := range ls {
		t := l.trim()
		switch {
		case strings.HasPrefix(t, "Total active tunnels:"):
			// "Total active tunnels: 2     Total Ipsec sas: 2" on newer
			// releases: the count is the first word.
			n, ok := u64(firstWord(strings.TrimPrefix(t, "Total active tunnels:")))
			if !ok {
				return nil, perr(cmdIPsec, l.n, t, "want a tunnel count")
			}
			r.ActiveTunnels = int(n)
			continue
		case strings.HasPrefix(t, "Total "): // "Total Ipsec sas: 4"
			continue
		case strings.HasPrefix(t, "ID") && strings.Contains(t, "Gateway"):
			hdr = true
			continue
		case !hdr:
			return nil, perr(cmdIPsec, l.n, t, "want \"Total active tunnels\" or the \"ID Algorithm SPI\" header")
		}
		sa, ok := ipsecRow(t)
		if !ok {
			return nil, perr(cmdIPsec, l.n, t, "want \"<ID ALG SPI LIFE MON VSYS PORT GATEWAY\"")
		}
		sa.Span = parsers.Span{Start: l.n, End: l.n}
		r.SAs = append(r.SAs, sa)
	}
	if !hdr && r.ActiveTunnels > 0 {
		return nil, perr(cmdIPsec, ls[0].n, ls[0].trim(), "active tunnels but no SA table")
	}
	return r, nil
}

// ipsecRow reads "<131073 ESP:aes-cbc-256/sha256 9beb1bf0 729/ unlim - root 4500 35.187.170.191".
func ipsecRow(t string) (IPsecSA, bool) {
	var sa IPsecSA
	f := strings.Fields(t)
	// Join a lifetime printed as "729/ unlim".
	for i := 0; i+1 < len(f); i++ {
		if strings.HasSuffix(f[i], "/") {
			f = append(f[:i:i], append([]string{f[i] + f[i+1]}, f[i+2:]...)...)
			break
		}
	}
	if len(f) != 8 || len(f[0]) < 2 {
		return sa, false
	}
	switch f[0][0] {
	case '<':
		sa.Direction = Inbound
	case '>':
		sa.Direction = Outbound
	default:
		return sa, false
	}
	var ok bool
	if sa.ID, ok = u64(f[0][1:]); !ok {
		return sa, false
	}
	sa.Algorithm = f[1]
	splitAlgorithm(&sa, f[1])
	if !setSPI(&sa, f[2]) {
		return sa, false
	}
	sec, kb, _ := strings.Cut(f[3], "/")
	s, ok := u64(sec)
	if !ok {
		return sa, false
	}
	sa.Remaining = time.Duration(s) * time.Second
	sa.LifeKB = -1
	if v, ok := u64(kb); ok {
		sa.LifeKB = int64(v)
	}
	sa.Monitor, sa.VSys = f[4], f[5]
	p, err := strconv.ParseUint(f[6], 10, 16)
	a, err2 := netip.ParseAddr(f[7])
	if err != nil || err2 != nil {
		return sa, false
	}
	sa.Port, sa.Gateway, sa.NATT = uint16(p), a, p == 4500
	return sa, true
}

// firstWord is s's first space-separated word, "" when none.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func setSPI(sa *IPsecSA, s string) bool {
	// Junos 21.x and later (iked) print "0x6304b842", older kmd releases
	// "6304b842", and drop a leading zero ("d4f041d").
	v, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"), 16, 32)
	if err != nil {
		return false
	}
	sa.SPI, sa.SPIText = uint32(v), s
	return true
}

// splitAlgorithm reads "ESP:aes-cbc-256/sha256" and "ESP:aes-gcm-256/None".
func splitAlgorithm(sa *IPsecSA, s string) {
	proto, rest, ok := strings.Cut(s, ":")
	if !ok {
		return
	}
	sa.Protocol = proto
	enc, auth, _ := strings.Cut(rest, "/")
	sa.Encryption, sa.Authentication = enc, auth
}
