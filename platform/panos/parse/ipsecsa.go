package parse

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIPsecSA = "show vpn ipsec-sa"

// IPsecSA is one row of `show vpn ipsec-sa [tunnel X]`.
type IPsecSA struct {
	GatewayID string     `json:"gateway_id"` // "GwID/client IP"
	TunnelID  string     `json:"tunnel_id"`
	Peer      netip.Addr `json:"peer,omitzero"`
	PeerRaw   string     `json:"peer_raw"`
	Tunnel    string     `json:"tunnel"`  // "VyOS-tunnel" of "VyOS-tunnel(VyOS)"
	Gateway   string     `json:"gateway"` // "VyOS"
	Algorithm string     `json:"algorithm"`
	SPIIn     uint32     `json:"spi_in"`
	SPIOut    uint32     `json:"spi_out"`
	// Lifetime is the seconds half of "3600/Unlimited"; LifeKB the other
	// half as printed.
	Lifetime time.Duration `json:"lifetime"`
	LifeKB   string        `json:"life_kb,omitempty"`
	Remain   time.Duration `json:"remain"`
	Span     parsers.Span  `json:"span"`
}

// IPsecSAs is the whole of `show vpn ipsec-sa`. None records a "no IPSec
// SA found" answer: a valid empty result.
type IPsecSAs struct {
	SAs  []IPsecSA `json:"sas"`
	None bool      `json:"none,omitempty"`
}

// ParseIPsecSA reads `show vpn ipsec-sa [tunnel X]` (PAN-OS 8.x-11.x;
// 8.x has no remain-time column). The "Show IPSec SA: Total ..." summary
// is ignored.
func ParseIPsecSA(out string) (*IPsecSAs, error) {
	ls := splitLines(out, "show vpn")
	res := &IPsecSAs{}
	inTable, seen, remain := false, false, true
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "":
			continue
		case isDashes(t):
			continue
		case strings.HasPrefix(low, "show ipsec sa"):
			seen = true
			continue
		case strings.Contains(low, "no ipsec sa") || strings.HasPrefix(low, "there is no"):
			res.None, seen = true, true
			continue
		case strings.HasPrefix(t, "GwID") && strings.Contains(t, "SPI(in)"):
			// PAN-OS 8.x prints no remain-time column.
			inTable, seen, remain = true, true, strings.Contains(t, "remain-time")
			continue
		}
		if !inTable {
			return nil, perr(cmdIPsecSA, l.n, l.text, "line before the IPsec SA table header")
		}
		sa, err := ipsecRow(l, remain)
		if err != nil {
			return nil, err
		}
		res.SAs = append(res.SAs, sa)
	}
	if !seen {
		return nil, noContent(cmdIPsecSA, ls)
	}
	return res, nil
}

func ipsecRow(l line, remain bool) (IPsecSA, error) {
	f := strings.Fields(l.text)
	bad := func(msg string) (IPsecSA, error) { return IPsecSA{}, perr(cmdIPsecSA, l.n, l.text, msg) }
	if !remain {
		// Read the row as if it had a remain-time column, left empty.
		f = append(f, "-")
	}
	if len(f) < 9 {
		return bad("IPsec SA row with fewer than 9 columns")
	}
	// Tunnel(Gateway) ends the first word ending in ")" from column 4;
	// the algorithm runs from there to the four fixed columns.
	k := -1
	for i := 3; i < len(f)-5; i++ {
		if strings.HasSuffix(f[i], ")") && strings.Contains(strings.Join(f[3:i+1], " "), "(") {
			k = i
			break
		}
	}
	if k < 0 {
		return bad("no Tunnel(Gateway) column")
	}
	tg := strings.Join(f[3:k+1], " ")
	p := strings.LastIndexByte(tg[:len(tg)-1], '(')
	if p < 0 {
		return bad("no Tunnel(Gateway) column")
	}
	n := len(f)
	in, ok1 := spi(f[n-4])
	out, ok2 := spi(f[n-3])
	if !ok1 || !ok2 {
		return bad("bad SPI")
	}
	sa := IPsecSA{GatewayID: f[0], TunnelID: f[1], PeerRaw: f[2], Peer: addr(f[2]),
		Tunnel: tg[:p], Gateway: tg[p+1 : len(tg)-1], Algorithm: strings.Join(f[k+1:n-4], " "),
		SPIIn: in, SPIOut: out, Span: parsers.Span{Start: l.n, End: l.n}}
	life, kb, _ := strings.Cut(f[n-2], "/")
	if v, ok := atou(life); ok {
		sa.Lifetime = time.Duration(v) * time.Second
	}
	sa.LifeKB = kb
	if v, ok := atou(f[n-1]); ok {
		sa.Remain = time.Duration(v) * time.Second
	} else if remain {
		return bad("bad remain-time")
	}
	return sa, nil
}
