package iosxe

import (
	"slices"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// This file reads the lines of one inbound or outbound ESP SA inside an
// IPsec flow of `show crypto ipsec sa detail` (spi, transform, conn id,
// sa timing, IV size, status).

// spiValue splits "0xAF2C1743(2938902339)"; "[Not Available]" gives "".
func spiValue(s string) (hex, dec string) {
	hex, dec, _ = strings.Cut(s, "(")
	if !strings.HasPrefix(hex, "0x") {
		return "", ""
	}
	return hex, strings.TrimSuffix(dec, ")")
}

// saLine reads one line of an ESP/AH SA; done is false for lines that are
// not SA lines (the next "spi:", a section header), which the caller reads.
func (p *ipsecParser) saLine(n int, t string) (done bool, err error) {
	sa := p.sa
	switch {
	case strings.HasPrefix(t, "transform:"):
		v := afterColon(t)
		tr, ok := p.transforms[v]
		if !ok {
			tr = parsers.NormalizeTransform(v)
			p.transforms[v] = tr
		}
		// Each record gets its own copy, so a caller editing one cannot
		// change another.
		sa.Transform = slices.Clone(tr)
	case strings.HasPrefix(t, "in use settings"):
		// "in use settings ={Tunnel UDP-Encaps, esn}"
		_, v, _ := strings.Cut(t, "{")
		for w := range strings.FieldsFuncSeq(strings.TrimSuffix(v, "}"), func(r rune) bool { return r == ',' || r == ' ' }) {
			switch strings.ToLower(w) {
			case "tunnel":
				sa.Mode = "tunnel"
			case "transport":
				sa.Mode = "transport"
			case "udp-encaps":
				sa.UDPEncap = true
			case "esn":
				sa.ESN = true
			}
		}
	case strings.HasPrefix(t, "conn id:"):
		saConnLine(sa, t)
	case strings.HasPrefix(t, "sa timing:"):
		saTiming(sa, t)
	case strings.HasPrefix(t, "IV size:"):
		sa.IVSize = atoi(afterColon(t))
	case strings.HasPrefix(t, "replay detection support:"):
		// "replay detection support: Y  replay window size: 1024"
		v := afterColon(t)
		sa.ReplayDetection = strings.HasPrefix(v, "Y")
		if _, w, ok := strings.Cut(v, "window size:"); ok {
			sa.ReplayWindow = atoi(w)
		}
	case strings.HasPrefix(t, "Status:"):
		sa.Status = afterColon(t)
	case strings.HasPrefix(t, "Kilobyte Volume Rekey"):
		sa.KBRekeyDisabled = strings.HasSuffix(t, "disabled")
	default:
		return false, nil
	}
	sa.Span.Cover(n)
	return true, nil
}

// saConnLine reads "conn id: 2049, flow_id: HW:49, sibling_flags
// FFFFFFFF80000008, crypto map: Tunnel1-head-0, initiator : False".
func saConnLine(sa *parsers.ESPSA, t string) {
	for part := range strings.SplitSeq(t, ",") {
		part = strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(part, "conn id:"):
			sa.ConnID = atoi(afterColon(part))
		case strings.HasPrefix(part, "flow_id:"):
			// "HW:49", "CSR:76", "Onboard VPN:124"
			v := afterColon(part)
			if i := strings.LastIndexByte(v, ':'); i >= 0 {
				sa.FlowEngine, v = v[:i], v[i+1:]
			}
			sa.FlowID = atoi(v)
		case strings.HasPrefix(part, "sibling_flags"):
			sa.SiblingFlags = strings.TrimSpace(strings.TrimPrefix(part, "sibling_flags"))
		case strings.HasPrefix(part, "crypto map:"):
			sa.CryptoMap = afterColon(part)
		case strings.HasPrefix(part, "initiator"):
			v := strings.EqualFold(afterColon(part), "true")
			sa.Initiator = &v
		}
	}
}

// saTiming reads the remaining lifetime in its three forms:
// "(k/sec): (4607999/3403)", "(sec): 94" and "4 hours, 2 mins";
// "is not applicable" leaves it zero.
func saTiming(sa *parsers.ESPSA, t string) {
	_, v, _ := strings.Cut(t, "lifetime")
	v = strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(v, "(k/sec):"):
		kb, sec, _ := strings.Cut(strings.Trim(afterColon(v), "()"), "/")
		sa.RemainingKB = int64(atoi(kb))
		sa.RemainingLifetimeSec = atoi(sec)
	case strings.HasPrefix(v, "(sec):"):
		sa.RemainingLifetimeSec = atoi(strings.Trim(afterColon(v), "()"))
	default:
		// "4 hours, 2 mins", "1 hours, 10 mins", "35 mins", "2 days, 1 hours"
		f := strings.Fields(strings.ReplaceAll(v, ",", " "))
		for i := 0; i+1 < len(f); i += 2 {
			k := atoi(f[i])
			switch {
			case strings.HasPrefix(f[i+1], "day"):
				sa.RemainingLifetimeSec += k * 86400
			case strings.HasPrefix(f[i+1], "hour"):
				sa.RemainingLifetimeSec += k * 3600
			case strings.HasPrefix(f[i+1], "min"):
				sa.RemainingLifetimeSec += k * 60
			case strings.HasPrefix(f[i+1], "sec"):
				sa.RemainingLifetimeSec += k
			}
		}
	}
	sa.RemainingLifetime = time.Duration(sa.RemainingLifetimeSec) * time.Second
}
