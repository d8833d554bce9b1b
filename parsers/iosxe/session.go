package iosxe

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdCryptoSession = "show crypto session"

// ParseCryptoSession parses `show crypto session [detail]` and its
// `local X` / `remote X` variants as IOS 15 and IOS-XE 16/17 print them.
// Each "Interface:" line starts a session. Older releases print "IKE SA:",
// newer "IKEv1 SA:" / "IKEv2 SA:"; IPv6 sessions wrap the IKE SA line before
// "remote". A down static tunnel shows "Interface: (unknown)" or a
// "DOWN"/"DOWN-NEGOTIATING" status with no IKE SA. The "Code:" legend,
// "System IP" lines and other lines this parser does not know are ignored.
func ParseCryptoSession(out string) ([]parsers.CryptoSession, error) {
	lines := parsers.Lines(out)
	sessions := []parsers.CryptoSession{}
	var cur *parsers.CryptoSession
	for i := 0; i < len(lines); i++ {
		n := i + 1
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "Interface:") {
			sessions = append(sessions, parsers.CryptoSession{
				Interface: afterColon(t), IKESAs: []parsers.CryptoSessionIKE{},
				Flows: []parsers.CryptoSessionFlow{}, Span: parsers.Span{Start: n, End: n},
			})
			cur = &sessions[len(sessions)-1]
			continue
		}
		if cur == nil {
			if parsers.IsBanner(t) || isSessionPreamble(t) || isEchoOrPrompt(t) {
				continue
			}
			return nil, perr(cmdCryptoSession, n, t, `expected "Interface: NAME"`)
		}
		cur.Span.Cover(n)
		if v, rest, ok := ikeSALine(t); ok {
			if !strings.Contains(rest, "remote") {
				// IPv6: "IKEv2 SA: local A/500" then "remote B/500 Active".
				if j := nextNonBlank(lines, i+1); j < len(lines) {
					i = j
					cur.Span.Cover(j + 1)
					rest += " " + strings.TrimSpace(lines[j])
				}
			}
			ike, err := sessionIKE(v, rest)
			if err != nil {
				return nil, perr(cmdCryptoSession, i+1, t, err.Error())
			}
			cur.IKESAs = append(cur.IKESAs, ike)
			continue
		}
		if err := sessionLine(cur, t); err != nil {
			return nil, perr(cmdCryptoSession, n, t, err.Error())
		}
	}
	return sessions, nil
}

// isSessionPreamble reports the lines before the first session: the title
// and the capability legend ("Code: C - IKE Configuration mode, ...",
// "K - Keepalives, ...").
func isSessionPreamble(t string) bool {
	return t == "Crypto session current status" || strings.HasPrefix(t, "Code:") ||
		len(t) > 4 && t[1:4] == " - " && t[0] >= 'A' && t[0] <= 'Z'
}

// ikeSALine recognises "IKE SA:", "IKEv1 SA:" and "IKEv2 SA:" and returns
// the version word and the rest of the line.
func ikeSALine(t string) (version, rest string, ok bool) {
	for _, v := range []string{"IKEv2", "IKEv1", "IKE"} {
		if r, ok := strings.CutPrefix(t, v+" SA:"); ok {
			return v, strings.TrimSpace(r), true
		}
	}
	return "", "", false
}

// sessionIKE reads "local 192.0.2.1/500 remote 198.51.100.1/500 Active".
func sessionIKE(version, rest string) (parsers.CryptoSessionIKE, error) {
	ike := parsers.CryptoSessionIKE{Version: version}
	f := strings.Fields(rest)
	if len(f) < 4 || f[0] != "local" || f[2] != "remote" {
		return ike, errString("IKE SA: want local ADDR/PORT remote ADDR/PORT STATUS")
	}
	l, ok1 := addrPort(f[1])
	r, ok2 := addrPort(f[3])
	if !ok1 || !ok2 {
		return ike, errString("IKE SA: address is not ADDR/PORT")
	}
	ike.Local, ike.Remote = l, r
	ike.LocalAddr, ike.LocalPort = l.Addr(), int(l.Port())
	ike.RemoteAddr, ike.RemotePort = r.Addr(), int(r.Port())
	ike.Status = strings.Join(f[4:], " ")
	return ike, nil
}

type errString string

func (e errString) Error() string { return string(e) }

// sessionLine fills s from one line of its block.
func sessionLine(s *parsers.CryptoSession, t string) error {
	switch {
	case strings.HasPrefix(t, "Session status:"):
		s.Status = afterColon(t)
	case strings.HasPrefix(t, "Peer:"):
		return sessionPeer(s, t)
	case strings.HasPrefix(t, "Profile:"):
		s.Profile = afterColon(t)
	case strings.HasPrefix(t, "Uptime:"):
		s.Uptime = afterColon(t)
	case strings.HasPrefix(t, "Session ID:"):
		s.SessionID = atoi(afterColon(t))
	case strings.HasPrefix(t, "Phase1_id:"):
		s.Phase1ID = afterColon(t)
	case strings.HasPrefix(t, "Desc:"):
		s.Desc = afterColon(t)
	case strings.HasPrefix(t, "Username:"):
		s.Username = afterColon(t)
	case strings.HasPrefix(t, "Group:"):
		s.Group = afterColon(t)
	case strings.HasPrefix(t, "Assigned address:"):
		s.Assigned, _ = netip.ParseAddr(afterColon(t))
	case strings.HasPrefix(t, "Capabilities:"):
		if len(s.IKESAs) > 0 {
			sessionCapabilities(&s.IKESAs[len(s.IKESAs)-1], t)
		}
	case strings.HasPrefix(t, "IPSEC FLOW:"):
		s.Flows = append(s.Flows, sessionFlow(afterColon(t)))
	case len(s.Flows) > 0:
		sessionFlowLine(&s.Flows[len(s.Flows)-1], t)
	}
	return nil
}

// sessionPeer reads "Peer: 198.51.100.1 port 500 fvrf: (none) ivrf: (none)".
func sessionPeer(s *parsers.CryptoSession, t string) error {
	f := strings.Fields(afterColon(t))
	if len(f) == 0 {
		return errString("Peer: missing address")
	}
	a, err := netip.ParseAddr(f[0])
	if err != nil {
		return errString("Peer: not an IP address")
	}
	s.Peer = a
	for i := 1; i+1 < len(f); i++ {
		switch f[i] {
		case "port":
			s.PeerPort = atoi(f[i+1])
		case "fvrf:":
			s.FVRF = f[i+1]
		case "ivrf:":
			s.IVRF = f[i+1]
		}
	}
	return nil
}

// sessionCapabilities reads "Capabilities:DN connid:4 lifetime:12:47:36".
func sessionCapabilities(ike *parsers.CryptoSessionIKE, t string) {
	for _, w := range strings.Fields(t) {
		k, v, _ := strings.Cut(w, ":")
		switch k {
		case "Capabilities":
			ike.Capability = v
		case "connid":
			ike.ConnID = atoi(v)
		case "lifetime":
			ike.Lifetime = v
		}
	}
}

// sessionFlow reads the ACL of "IPSEC FLOW: permit 47 host A host B".
func sessionFlow(acl string) parsers.CryptoSessionFlow {
	f := strings.Fields(acl)
	fl := parsers.CryptoSessionFlow{ACL: strings.Join(f, " ")}
	if len(f) < 2 {
		return fl
	}
	fl.Action, fl.Protocol = f[0], f[1]
	rest := f[2:]
	fl.Source, rest = aclAddr(rest)
	fl.Destination, _ = aclAddr(rest)
	return fl
}

// aclAddr reads one ACL address: "host A", "A/MASK", "A/LEN" or "any".
func aclAddr(f []string) (netip.Prefix, []string) {
	if len(f) == 0 {
		return netip.Prefix{}, f
	}
	switch {
	case f[0] == "host" && len(f) > 1:
		a, err := netip.ParseAddr(f[1])
		if err != nil {
			return netip.Prefix{}, f[2:]
		}
		return netip.PrefixFrom(a, a.BitLen()), f[2:]
	case f[0] == "any":
		return netip.Prefix{}, f[1:]
	}
	a, m, _ := strings.Cut(f[0], "/")
	p, _ := maskPrefix(a, m)
	return p, f[1:]
}

// sessionFlowLine reads the lines under an IPSEC FLOW:
// "Active SAs: 2, origin: crypto map",
// "Inbound:  #pkts dec'ed 4 drop 0 life (KB/Sec) 4605665/2949",
// "Outbound: #pkts enc'ed 4 drop 1 life (KB/Sec) KB Vol Rekey Disabled/2949".
func sessionFlowLine(fl *parsers.CryptoSessionFlow, t string) {
	switch {
	case strings.HasPrefix(t, "Active SAs:"):
		n, origin, _ := strings.Cut(afterColon(t), ",")
		fl.ActiveSAs = atoi(n)
		fl.Origin = afterColon(origin)
	case strings.HasPrefix(t, "Inbound:"):
		fl.InDecrypted, fl.InDrop, fl.InLifeKB, fl.InLifeSec = sessionDirection(t)
	case strings.HasPrefix(t, "Outbound:"):
		fl.OutEncrypted, fl.OutDrop, fl.OutLifeKB, fl.OutLifeSec = sessionDirection(t)
	}
}

func sessionDirection(t string) (pkts, drop uint64, kb int64, sec int) {
	f := strings.Fields(t)
	for i := 0; i+1 < len(f); i++ {
		switch f[i] {
		case "dec'ed", "enc'ed":
			pkts, _ = strconv.ParseUint(f[i+1], 10, 64)
		case "drop":
			drop, _ = strconv.ParseUint(f[i+1], 10, 64)
		}
	}
	if _, life, ok := strings.Cut(t, "(KB/Sec)"); ok {
		k, s, _ := strings.Cut(strings.TrimSpace(life), "/")
		kb, _ = strconv.ParseInt(k, 10, 64) // "KB Vol Rekey Disabled" stays 0
		sec = atoi(s)
	}
	return pkts, drop, kb, sec
}
