package iosxe

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIKEv2SA = "show crypto ikev2 sa"

// ParseIKEv2SA parses `show crypto ikev2 sa [detail]` and its `local X` /
// `remote X` variants as IOS 15 and IOS-XE 16/17 print them, IPv4 and IPv6
// layouts alike. Every SA row ("1  192.0.2.1/500  198.51.100.1/500
// none/none  READY") starts a record; the indented lines under it fill the
// record in. Columns are split on white space, never on fixed offsets,
// because their width changes with the address length and genieparser's
// fixtures collapse runs of spaces. Detail lines this parser does not know
// (new releases add some) are ignored; lines outside any SA that are not
// headers are an error.
func ParseIKEv2SA(out string) ([]parsers.IKEv2SA, error) {
	lines := parsers.Lines(out)
	sas := []parsers.IKEv2SA{}
	var cur *parsers.IKEv2SA
	inSubnets := false
	for i := 0; i < len(lines); i++ {
		n := i + 1
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "" || parsers.IsBanner(t):
			continue
		case strings.HasPrefix(t, "Tunnel-id"),
			strings.Contains(t, "Crypto IKEv2") && strings.HasSuffix(t, "SA"):
			cur, inSubnets = nil, false
			continue
		case parsers.IsDigits(firstField(t)):
			sa, last, err := ikev2Row(lines, i)
			if err != nil {
				return nil, err
			}
			sa.LocalAddr, sa.LocalPort = sa.Local.Addr(), int(sa.Local.Port())
			sa.RemoteAddr, sa.RemotePort = sa.Remote.Addr(), int(sa.Remote.Port())
			sas = append(sas, sa)
			cur, inSubnets = &sas[len(sas)-1], false
			i = last
			continue
		}
		if cur == nil {
			if isEchoOrPrompt(t) {
				continue // "cpe1#show crypto ikev2 sa" pasted with the output
			}
			return nil, perr(cmdIKEv2SA, n, t, "expected an IKEv2 SA row (Tunnel-id Local Remote fvrf/ivrf Status)")
		}
		cur.Span.Cover(n)
		if inSubnets {
			if p, ok := subnetLine(t); ok {
				cur.RemoteSubnets = append(cur.RemoteSubnets, p)
				continue
			}
			inSubnets = false
		}
		if t == "Remote subnets:" {
			inSubnets = true
			continue
		}
		ikev2Detail(cur, t)
	}
	return sas, nil
}

// ikev2Row reads the SA row at lines[i]: one line in the IPv4 layout, or
// three in the IPv6 layout ("1 none/none READY", "Local A/500",
// "Remote B/500"). It returns the index of the last line consumed.
func ikev2Row(lines []string, i int) (parsers.IKEv2SA, int, error) {
	n := i + 1
	t := strings.TrimSpace(lines[i])
	f := strings.Fields(t)
	var sa parsers.IKEv2SA
	sa.TunnelID, _ = strconv.Atoi(f[0])
	sa.Span.Cover(n)
	if len(f) >= 5 {
		if l, ok := addrPort(f[1]); ok {
			r, ok := addrPort(f[2])
			if !ok {
				return sa, i, perr(cmdIKEv2SA, n, t, "remote address: want ADDR/PORT")
			}
			sa.Local, sa.Remote = l, r
			sa.FVRF, sa.IVRF = splitVRF(f[3])
			sa.Status = strings.Join(f[4:], " ")
			return sa, i, nil
		}
	}
	if len(f) < 3 || !strings.Contains(f[1], "/") {
		return sa, i, perr(cmdIKEv2SA, n, t, "expected Tunnel-id Local Remote fvrf/ivrf Status")
	}
	// IPv6 layout: the addresses follow on their own lines.
	sa.IPv6 = true
	sa.FVRF, sa.IVRF = splitVRF(f[1])
	sa.Status = strings.Join(f[2:], " ")
	for _, side := range []string{"Local", "Remote"} {
		i = nextNonBlank(lines, i+1)
		if i >= len(lines) {
			return sa, len(lines) - 1, perr(cmdIKEv2SA, len(lines), "", "missing "+side+" ADDR/PORT line of an IPv6 SA")
		}
		lf := strings.Fields(lines[i])
		ap, ok := netip.AddrPort{}, false
		if len(lf) == 2 && lf[0] == side {
			ap, ok = addrPort(lf[1])
		}
		if !ok {
			return sa, i, perr(cmdIKEv2SA, i+1, strings.TrimSpace(lines[i]), "expected "+side+" ADDR/PORT")
		}
		if side == "Local" {
			sa.Local = ap
		} else {
			sa.Remote = ap
		}
		sa.Span.Cover(i + 1)
	}
	return sa, i, nil
}

// ikev2Detail fills sa from one indented detail line; unknown lines are
// ignored on purpose.
func ikev2Detail(sa *parsers.IKEv2SA, t string) {
	switch {
	case strings.HasPrefix(t, "Encr:"):
		ikev2Algorithms(sa, t)
	case strings.HasPrefix(t, "PQC Key Exchange:"):
		sa.PQC = afterColon(t)
	case strings.HasPrefix(t, "Life/Active Time:"):
		life, active, _ := strings.Cut(strings.TrimSuffix(afterColon(t), " sec"), "/")
		sa.LifetimeSec = atoi(life)
		sa.ActiveTimeSec = atoi(active)
		sa.Lifetime = time.Duration(sa.LifetimeSec) * time.Second
		sa.ActiveTime = time.Duration(sa.ActiveTimeSec) * time.Second
	case strings.HasPrefix(t, "CE id:"):
		ce, sid, _ := strings.Cut(strings.TrimPrefix(t, "CE id:"), ",")
		sa.CEID = atoi(ce)
		sa.SessionID = atoi(afterColon(sid))
	case strings.HasPrefix(t, "Local spi:"):
		if f := strings.Fields(t); len(f) >= 6 {
			sa.LocalSPI, sa.RemoteSPI = f[2], f[5]
		}
	case strings.HasPrefix(t, "Status Description:"):
		sa.Description = afterColon(t)
	case strings.HasPrefix(t, "Local id:"):
		sa.LocalID = afterColon(t)
	case strings.HasPrefix(t, "Remote id:"):
		sa.RemoteID = afterColon(t)
	case strings.HasPrefix(t, "Local req msg id:"):
		sa.LocalReqMsgID, sa.RemoteReqMsgID = localRemote(t)
	case strings.HasPrefix(t, "Local next msg id:"):
		sa.LocalNextMsgID, sa.RemoteNextMsgID = localRemote(t)
	case strings.HasPrefix(t, "Local req queued:"):
		sa.LocalReqQueued, sa.RemoteReqQueued = localRemote(t)
	case strings.HasPrefix(t, "Local window:"):
		sa.LocalWindow, sa.RemoteWindow = localRemote(t)
	case strings.HasPrefix(t, "DPD configured for"):
		// "DPD configured for 10 seconds, retry 2"
		f := strings.Fields(t)
		if len(f) >= 6 {
			sa.DPDInterval = atoi(f[3])
			sa.DPDRetry = atoi(f[len(f)-1])
		}
	case strings.HasPrefix(t, "NAT-T is"):
		f := strings.Fields(t)
		sa.NATDetected = len(f) >= 3 && f[2] == "detected"
		if sa.NATDetected && len(f) >= 4 {
			sa.NATSide = f[3]
		}
	case strings.HasPrefix(t, "Initiator of SA"):
		v := strings.EqualFold(afterColon(t), "yes")
		sa.Initiator = &v
	case strings.HasPrefix(t, "Pushed IP address:"):
		sa.PushedIP, _ = netip.ParseAddr(afterColon(t))
	case strings.HasPrefix(t, "Assigned host addr:"):
		sa.AssignedHost, _ = netip.ParseAddr(afterColon(t))
	case strings.HasPrefix(t, "PEER TYPE:"):
		sa.PeerType = afterColon(t)
	}
}

// ikev2Algorithms reads "Encr: AES-GCM, keysize: 256, PRF: SHA512,
// Hash: None, DH Grp:21, Auth sign: PSK, Auth verify: PSK[, QR]".
func ikev2Algorithms(sa *parsers.IKEv2SA, t string) {
	var encr string
	for part := range strings.SplitSeq(t, ",") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Encr":
			encr = v
		case "keysize":
			sa.KeySize = atoi(v)
		case "PRF":
			sa.PRF = parsers.NormalizeHash(v)
		case "Hash":
			sa.Integrity = parsers.NormalizeHash(v)
		case "DH Grp":
			sa.DHGroup = parsers.NormalizeDHGroup(v)
		case "Auth sign":
			sa.AuthSign = v
		case "Auth verify":
			sa.AuthVerify = v
		}
	}
	if encr != "" {
		sa.Encryption = parsers.NormalizeEncryption(encr, sa.KeySize)
	}
}

// localRemote reads "Local window:      5   Remote window:      5".
func localRemote(t string) (int, int) {
	l, r, _ := strings.Cut(t, "Remote")
	return atoi(afterColon(l)), atoi(afterColon(r))
}

// subnetLine reads a "10.0.0.0 255.0.0.0" line under "Remote subnets:".
func subnetLine(t string) (netip.Prefix, bool) {
	a, m, ok := strings.Cut(t, " ")
	if !ok {
		return netip.Prefix{}, false
	}
	return maskPrefix(a, strings.TrimSpace(m))
}

// addrPort reads IOS's "192.0.2.1/500" or "2001:DB8::1/500".
func addrPort(s string) (netip.AddrPort, bool) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return netip.AddrPort{}, false
	}
	a, err := netip.ParseAddr(s[:i])
	if err != nil {
		return netip.AddrPort{}, false
	}
	p, err := strconv.ParseUint(s[i+1:], 10, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(a, uint16(p)), true
}

// maskPrefix builds a prefix from an address and a dotted mask ("255.0.0.0")
// or a prefix length ("128"). Non-contiguous masks give false.
func maskPrefix(addr, mask string) (netip.Prefix, bool) {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.Prefix{}, false
	}
	bits := -1
	if m, err := netip.ParseAddr(mask); err == nil && m.Is4() {
		b := m.As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		ones := 0
		for v&0x80000000 != 0 {
			v <<= 1
			ones++
		}
		if v == 0 {
			bits = ones
		}
	} else if n, err := strconv.Atoi(mask); err == nil {
		bits = n
	}
	p, err := a.Prefix(bits)
	if err != nil || bits < 0 {
		return netip.Prefix{}, false
	}
	return p, true
}

func splitVRF(s string) (string, string) {
	f, i, _ := strings.Cut(s, "/")
	return f, i
}

func perr(cmd string, line int, text, msg string) error {
	return &parsers.ParseError{Command: cmd, Line: line, Text: text, Msg: msg}
}

// afterColon returns the trimmed text after the first colon.
func afterColon(s string) string {
	_, v, _ := strings.Cut(s, ":")
	return strings.TrimSpace(v)
}

func firstField(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// atoi reads the leading decimal digits of s (after white space); 0 when
// there are none. Device counters never carry a sign.
func atoi(s string) int {
	s = strings.TrimSpace(s)
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func nextNonBlank(lines []string, i int) int {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	return i
}
