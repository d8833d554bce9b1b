package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// messageFields reads the addresses, interface and state a message names.
// The shapes read, as IOS and IOS-XE print them:
//
//	%BGP-5-ADJCHANGE: neighbor 10.12.1.2 active Down BGP Notification received
//	%BGP-5-ADJCHANGE: neighbor 10.0.0.1 vpn vrf MGMT Up
//	%BGP-3-NOTIFICATION: sent to neighbor 10.12.1.1 passive 2/2 (peer in wrong AS) 2 bytes FF78
//	%BGP-3-NOTIFICATION: received from neighbor 10.0.0.23 4/0 (hold time expired) 0 bytes
//	%BGP-5-NBR_RESET: Neighbor 10.12.1.2 active reset (BGP Notification received)
//	%TCP-6-BADAUTH: Invalid MD5 digest from 172.16.13.3(15096) to 172.16.13.1(179) tableid - 0
//	%TCP-6-BADAUTH: Invalid MD5 digest from 10.5.0.1(646) to 10.8.0.1(23386) (RST) tableid - 0
//	%TCP-6-BADAUTH: No MD5 digest from 10.10.10.1(23217) to 10.10.10.2(179)
//	%TCP-6-BADAUTH: Invalid MD5 digest from 2406:6400:4::(37854) to 2406:6400:4::1(179) tableid - 0
//	%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel46, changed state to down
//	%LINK-3-UPDOWN: Interface Tunnel46, changed state to up
//	%LINK-5-CHANGED: Interface Tunnel46, changed state to administratively down
//	%DIALER-6-BIND: Interface Vi1 bound to profile Di1
//	%DIALER-6-UNBIND: Interface Vi1 unbound from profile Di1
//	%SYS-5-CONFIG_I: Configured from console by cisco on vty1 (10.10.20.50)
//	%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP .  Peer 198.51.100.1:500 Id: 198.51.100.1
//	%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is DOWN.  Peer 10.0.0.2:500       Id: 10.0.0.2
//	%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=103.1.1.1, input interface=GigabitEthernet1
//	%CRYPTO-4-IKMP_NO_SA: IKE message from 198.51.100.1 has no SA and is not an initialization offer
//	%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main Mode failed with peer at 10.2.2.1
//	%IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000012345678901234 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 5, src_addr 198.51.100.129, dest_addr 192.0.2.1, SPI 0x1a2b3c4d
//
// Text it does not know only gives Addresses.
func messageFields(m *parsers.SyslogMessage) {
	t := m.Text
	m.Addresses = scanAddrs(t, m.Addresses[:0])
	if len(m.Addresses) == 0 {
		m.Addresses = nil
	}
	switch {
	case m.Facility == "BGP" || strings.HasPrefix(m.Facility, "BGP_"):
		bgpFields(m, t)
	case m.Facility == "TCP" && m.Mnemonic == "BADAUTH":
		badAuthFields(m, t)
	case m.Facility == "DIALER":
		dialerFields(m, t)
	case m.Facility == "SYS" && m.Mnemonic == "CONFIG_I":
		if _, by, ok := strings.Cut(t, " by "); ok {
			m.User = devFirstField(by)
		}
	case isCryptoFacility(m.Facility):
		cryptoFields(m, t)
	case m.Facility == "IOSXE":
		// The data plane's messages nest their own tag: "%IOSXE-3-PLATFORM:
		// R0/0: cpp_cp: QFP:0.0 Thread:000 TS:... %IPSEC-3-HMAC_ERROR: ...".
		if i := strings.Index(t, " %"); i >= 0 {
			if start, end, ok := scanTag(t, i+1); ok {
				fac, _, _ := strings.Cut(t[start:end], "-")
				if isCryptoFacility(fac) {
					cryptoFields(m, t[end+1:])
				}
			}
		}
	}
	if m.Interface == "" {
		m.Interface = interfaceIn(t)
	}
	if m.State == "" {
		if _, st, ok := strings.Cut(t, "changed state to "); ok {
			m.State = strings.TrimSpace(st)
		}
	}
}

// bgpFields reads the neighbor, VRF, state and notification of BGP messages.
func bgpFields(m *parsers.SyslogMessage, t string) {
	i := strings.Index(t, "neighbor ")
	if i < 0 {
		i = strings.Index(t, "Neighbor ")
	}
	if i < 0 {
		return
	}
	switch {
	case strings.HasPrefix(t, "sent to "):
		m.Direction = "sent"
	case strings.HasPrefix(t, "received from "):
		m.Direction = "received"
	}
	rest := t[i+len("neighbor "):]
	a, rest := leadingAddr(rest)
	if !a.IsValid() {
		return
	}
	m.Neighbor = a
	f := strings.Fields(rest)
	for len(f) > 0 {
		switch {
		case len(f) >= 3 && f[0] == "vpn" && f[1] == "vrf":
			m.VRF, f = f[2], f[3:]
			continue
		case len(f) >= 2 && f[0] == "vrf":
			m.VRF, f = f[1], f[2:]
			continue
		case f[0] == "active" || f[0] == "passive":
			f = f[1:]
			continue
		}
		break
	}
	switch {
	case len(f) > 0 && (f[0] == "Up" || f[0] == "Down"):
		m.State, m.Reason = f[0], strings.Join(f[1:], " ")
	case len(f) > 0 && isNotifyCode(f[0]):
		m.NotificationCode = f[0]
		r := strings.Join(f[1:], " ")
		if strings.HasPrefix(r, "(") {
			if j := strings.IndexByte(r, ')'); j > 0 {
				m.NotificationText = r[1:j]
			}
		}
	case len(f) > 1 && f[0] == "reset":
		m.Reason = strings.Trim(strings.Join(f[1:], " "), "()")
	}
}

// isNotifyCode reports whether s is a "code/subcode" pair: "2/2", "6/4".
func isNotifyCode(s string) bool {
	c, sub, ok := strings.Cut(s, "/")
	return ok && parsers.IsDigits(c) && parsers.IsDigits(sub)
}

// badAuthFields reads "<reason> from A(p) to B(p) ...", also with "A:p".
func badAuthFields(m *parsers.SyslogMessage, t string) {
	reason, rest, ok := strings.Cut(t, " from ")
	if !ok {
		return
	}
	m.Reason = reason
	from, rest := leadingAddrPort(rest)
	m.From = from
	if r, ok := strings.CutPrefix(strings.TrimSpace(rest), "to "); ok {
		m.To, _ = leadingAddrPort(r)
	}
}

// dialerFields reads "Interface Vi1 bound to profile Di1" and "unbound from
// profile".
func dialerFields(m *parsers.SyslogMessage, t string) {
	f := strings.Fields(t)
	if len(f) >= 6 && f[0] == "Interface" && f[len(f)-2] == "profile" {
		m.Interface, m.State, m.Profile = f[1], f[2], f[len(f)-1]
	}
}

func isCryptoFacility(f string) bool {
	return strings.HasPrefix(f, "CRYPTO") || strings.HasPrefix(f, "IKEV2") ||
		strings.HasPrefix(f, "IPSEC") || strings.HasPrefix(f, "ISAKMP")
}

// cryptoFields reads the peer and state of crypto and IKE messages.
func cryptoFields(m *parsers.SyslogMessage, t string) {
	if i := strings.Index(t, "Crypto tunnel "); i >= 0 {
		// "Crypto tunnel is UP .  Peer X:500 Id: X", "Crypto tunnel v2 is DOWN."
		if _, st, ok := strings.Cut(t[i:], " is "); ok {
			m.State = strings.TrimRight(devFirstField(st), ".")
		}
	}
	// "srcaddr=X, destaddr=Y" (IOS), "src_addr X, dest_addr Y" (the
	// IOS-XE data plane): the packet came from the peer.
	if src, ok := keyAddr(t, "srcaddr=", "src_addr "); ok {
		m.From, m.Peer = netip.AddrPortFrom(src, 0), netip.AddrPortFrom(src, 0)
	}
	if dst, ok := keyAddr(t, "destaddr=", "dest_addr "); ok {
		m.To = netip.AddrPortFrom(dst, 0)
	}
	if m.Peer.IsValid() {
		return
	}
	for _, key := range []string{"Peer ", "peer at ", "peer ", "Remote ", "remote ", "message from ", " from "} {
		i := strings.Index(t, key)
		if i < 0 {
			continue
		}
		if ap, _ := leadingAddrPort(t[i+len(key):]); ap.Addr().IsValid() {
			m.Peer = ap
			return
		}
	}
}

// keyAddr reads the address after the first of keys found ("srcaddr=" of
// "srcaddr=103.1.1.1,").
func keyAddr(t string, keys ...string) (netip.Addr, bool) {
	for _, key := range keys {
		if i := strings.Index(t, key); i >= 0 {
			a, _ := leadingAddr(t[i+len(key):])
			return a, a.IsValid()
		}
	}
	return netip.Addr{}, false
}

// interfaceIn returns the interface named by "Interface X," / "Interface
// X:" / "interface=X", "" when none.
func interfaceIn(t string) string {
	for _, key := range []string{"Interface ", "interface="} {
		i := strings.Index(t, key)
		if i < 0 {
			continue
		}
		name := strings.TrimRight(devFirstField(t[i+len(key):]), ",:.")
		if name != "" {
			return name
		}
	}
	return ""
}

// leadingAddr reads the address at the start of s (after blanks) and
// returns the rest after it; the address ends at a blank, ',', '(', ')'
// or, for IPv4, ':'.
func leadingAddr(s string) (netip.Addr, string) {
	s = strings.TrimLeft(s, " ")
	j := 0
	for j < len(s) && isAddrChar(s[j]) {
		j++
	}
	tok := strings.TrimRight(s[:j], ".")
	if a, err := netip.ParseAddr(tok); err == nil {
		return a, s[len(tok):]
	}
	// IPv4 with ":port".
	if h, _, ok := strings.Cut(tok, ":"); ok && strings.Count(h, ".") == 3 {
		if a, err := netip.ParseAddr(h); err == nil {
			return a, s[len(h):]
		}
	}
	return netip.Addr{}, s
}

// leadingAddrPort reads "A(port)", "A:port" (IPv4) or "A" and the rest.
func leadingAddrPort(s string) (netip.AddrPort, string) {
	a, rest := leadingAddr(s)
	if !a.IsValid() {
		return netip.AddrPort{}, rest
	}
	var port uint64
	switch {
	case strings.HasPrefix(rest, "("):
		j := digitsEnd(rest, 1)
		if j > 1 && j < len(rest) && rest[j] == ')' {
			port, rest = atou(rest[1:j]), rest[j+1:]
		}
	case strings.HasPrefix(rest, ":") && a.Is4():
		j := digitsEnd(rest, 1)
		if j > 1 {
			port, rest = atou(rest[1:j]), rest[j:]
		}
	}
	if port > 65535 {
		port = 0
	}
	return netip.AddrPortFrom(a, uint16(port)), rest
}

func isAddrChar(c byte) bool {
	return isDigit(c) || c == '.' || c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanAddrs appends every IPv4 and IPv6 address of t, in order and
// without repeats: a run of address characters between non-word
// characters that parses, also as "A:port".
func scanAddrs(t string, dst []netip.Addr) []netip.Addr {
	for i := 0; i < len(t); {
		if !isAddrChar(t[i]) || i > 0 && isWordChar(t[i-1]) {
			i++
			continue
		}
		j := i
		for j < len(t) && isAddrChar(t[j]) {
			j++
		}
		if j < len(t) && isWordChar(t[j]) {
			// Part of a word ("0x3EA7", "decaps"): skip the word.
			for j < len(t) && (isWordChar(t[j]) || isAddrChar(t[j])) {
				j++
			}
			i = j
			continue
		}
		if strings.ContainsAny(t[i:j], ".:") {
			if a, _ := leadingAddr(t[i:j]); a.IsValid() && !containsAddr(dst, a) {
				dst = append(dst, a)
			}
		}
		i = j
	}
	return dst
}

func isWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_'
}

func containsAddr(as []netip.Addr, a netip.Addr) bool {
	for _, b := range as {
		if a == b {
			return true
		}
	}
	return false
}
