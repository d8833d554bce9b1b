package iosxe

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIPsecSA = "show crypto ipsec sa"

// ipsecParser holds the state of one pass over `show crypto ipsec sa`.
type ipsecParser struct {
	flows []parsers.IPsecFlow
	// The interface block the next flow belongs to.
	iface, mapTag string
	localAddr     netip.Addr
	ifSpan        parsers.Span
	flow          *parsers.IPsecFlow
	sas           *[]parsers.ESPSA // SA list of the current "inbound esp sas:" section
	sa            *parsers.ESPSA
	// transforms caches NormalizeTransform: thousands of SAs share a
	// handful of transform strings.
	transforms map[string][]string
}

// ParseIPsecSA parses `show crypto ipsec sa` in all its forms (plain,
// detail, peer X [detail], interface X, IPv6) as IOS 15 and IOS-XE 16/17
// print them. Each "protected vrf" / "local ident" block is one flow, under
// the latest "interface:" line; an interface may hold several flows (crypto
// maps, DMVPN). A flow whose SAs are not negotiated prints "current
// outbound spi: 0x0(0)" and empty SA sections: it is kept, with no SAs.
//
// The parser is a single pass with no regular expressions: on a router with
// thousands of peers this output runs to hundreds of thousands of lines.
// Lines it does not know are ignored; PCP (compression) SAs are not kept.
func ParseIPsecSA(out string) ([]parsers.IPsecFlow, error) {
	// Sizing the slice up front saves most copies of a growing slice of
	// large records. A detail flow block with its two SAs is about 2 KB;
	// counting the blocks exactly cost a tenth of the parse.
	p := ipsecParser{
		flows:      make([]parsers.IPsecFlow, 0, len(out)/2048+1),
		transforms: map[string][]string{},
	}
	sc := lineScanner{rest: out}
	for sc.next() {
		t := strings.TrimSpace(sc.line)
		if t == "" {
			continue
		}
		if err := p.line(sc.n, t); err != nil {
			return nil, err
		}
	}
	return p.flows, nil
}

// lineScanner walks output line by line with the numbering of
// parsers.Lines (CRLF, CR and LF all end a line) without splitting the
// whole output into a slice first.
type lineScanner struct {
	rest string
	line string
	n    int
}

func (s *lineScanner) next() bool {
	if s.rest == "" || s.n == 0 && (s.rest == "\n" || s.rest == "\r\n" || s.rest == "\r") {
		// parsers.Lines reads a lone line end as no lines at all.
		return false
	}
	// IndexByte is vectorised; IndexAny("\r\n") is not, and the scan
	// dominated the profile.
	end, skip := len(s.rest), 0
	if i := strings.IndexByte(s.rest, '\n'); i >= 0 {
		end, skip = i, 1
	}
	line := s.rest[:end]
	if j := strings.IndexByte(line, '\r'); j >= 0 {
		if j == end-1 && skip == 1 {
			line = line[:j] // CRLF
		} else {
			end, skip, line = j, 1, line[:j] // a lone CR ends the line
		}
	}
	s.line, s.rest = line, s.rest[min(end+skip, len(s.rest)):]
	s.n++
	return true
}

func (p *ipsecParser) line(n int, t string) error {
	switch {
	case strings.HasPrefix(t, "interface:"):
		p.iface, p.mapTag, p.localAddr = afterColon(t), "", netip.Addr{}
		p.ifSpan = parsers.Span{Start: n, End: n}
		p.flow, p.sas, p.sa = nil, nil, nil
		return nil
	case p.iface == "":
		if parsers.IsBanner(t) || isNoSAs(t) || isEchoOrPrompt(t) {
			return nil
		}
		return perr(cmdIPsecSA, n, t, `expected "interface: NAME"`)
	case strings.HasPrefix(t, "Crypto map tag:"):
		return p.mapTagLine(n, t)
	case strings.HasPrefix(t, "protected vrf:"):
		p.newFlow(n)
		p.flow.ProtectedVRF = afterColon(t)
		return nil
	case strings.HasPrefix(t, "local ") && strings.Contains(t, "ident"):
		if p.flow == nil || p.flow.LocalIdent.Addr.IsValid() {
			p.newFlow(n)
		}
		return p.ident(n, t, &p.flow.LocalIdent)
	}
	if p.flow == nil {
		// Lines between "interface:" and the first flow ("IPsecv6 policy
		// name: ...") belong to the interface.
		return nil
	}
	p.flow.Span.Cover(n)
	if p.sa != nil {
		if done, err := p.saLine(n, t); done || err != nil {
			return err
		}
	}
	return p.flowLine(n, t)
}

// isNoSAs accepts the one-liners some releases print instead of a table.
func isNoSAs(t string) bool {
	l := strings.ToLower(t)
	return strings.HasPrefix(l, "there are no") || strings.HasPrefix(l, "no sas") ||
		strings.HasPrefix(l, "no ipsec")
}

// mapTagLine reads "Crypto map tag: Tunnel1-head-0, local addr 192.0.2.1".
func (p *ipsecParser) mapTagLine(n int, t string) error {
	v := afterColon(t)
	tag, rest, _ := strings.Cut(v, ",")
	p.mapTag = strings.TrimSpace(tag)
	if a, ok := strings.CutPrefix(strings.TrimSpace(rest), "local addr"); ok {
		addr, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil {
			return perr(cmdIPsecSA, n, t, "local addr: not an IP address")
		}
		p.localAddr = addr
	}
	p.ifSpan.Cover(n)
	return nil
}

func (p *ipsecParser) newFlow(n int) {
	p.flows = append(p.flows, parsers.IPsecFlow{
		Interface:     p.iface,
		CryptoMapTag:  p.mapTag,
		LocalAddr:     p.localAddr,
		InterfaceSpan: p.ifSpan,
		Span:          parsers.Span{Start: n, End: n},
	})
	p.flow = &p.flows[len(p.flows)-1]
	p.sas, p.sa = nil, nil
}

// ident reads "local  ident (addr/mask/prot/port): (192.0.2.1/255.255.255.255/47/0)"
// and its IPv6 form "(2001:DB8::1/128/47/0)".
func (p *ipsecParser) ident(n int, t string, id *parsers.IPsecIdent) error {
	p.flow.Span.Cover(n)
	i := strings.LastIndexByte(t, '(')
	v := strings.TrimSuffix(t[i+1:], ")")
	// Split from the right: the address itself may contain no '/', but
	// IPv6 has colons, so only the last three '/' separate fields.
	j3 := strings.LastIndexByte(v, '/')
	j2 := strings.LastIndexByte(v[:max(j3, 0)], '/')
	j1 := strings.LastIndexByte(v[:max(j2, 0)], '/')
	if j1 <= 0 {
		return perr(cmdIPsecSA, n, t, "ident: want (addr/mask/prot/port)")
	}
	addr, err := netip.ParseAddr(v[:j1])
	if err != nil {
		return perr(cmdIPsecSA, n, t, "ident: not an IP address")
	}
	id.Addr, id.Mask = addr, v[j1+1:j2]
	id.Prefix, _ = maskPrefix(v[:j1], id.Mask)
	id.Protocol, id.Port = atoi(v[j2+1:j3]), atoi(v[j3+1:])
	return nil
}

// flowLine reads the per-flow lines between the ident and the SA sections.
func (p *ipsecParser) flowLine(n int, t string) error {
	f := p.flow
	switch {
	case strings.HasPrefix(t, "remote ") && strings.Contains(t, "ident"):
		return p.ident(n, t, &f.RemoteIdent)
	case strings.HasPrefix(t, "current_peer"):
		// "current_peer 198.51.100.1 port 500"
		fs := strings.Fields(t)
		if len(fs) < 2 {
			return perr(cmdIPsecSA, n, t, "current_peer: missing address")
		}
		a, err := netip.ParseAddr(fs[1])
		if err != nil {
			return perr(cmdIPsecSA, n, t, "current_peer: not an IP address")
		}
		f.Peer = a
		if len(fs) >= 4 {
			f.PeerPort = atoi(fs[3])
		}
	case strings.HasPrefix(t, "PERMIT") || strings.HasPrefix(t, "DENY"):
		if _, fl, ok := strings.Cut(t, "flags={"); ok {
			f.Flags = strings.TrimSuffix(fl, "}")
		}
	case t[0] == '#':
		return p.counters(n, t)
	case strings.HasPrefix(t, "local crypto endpt.:"), strings.HasPrefix(t, "remote crypto endpt.:"):
		return p.endpoints(n, t)
	case strings.HasPrefix(t, "plaintext mtu"):
		p.mtus(t)
	case strings.HasPrefix(t, "current outbound spi:"):
		f.OutboundSPI, f.OutboundSPIDecimal = spiValue(afterColon(t))
	case strings.HasPrefix(t, "PFS (Y/N):"):
		p.pfs(t)
	case strings.HasSuffix(t, "sas:"):
		p.section(t)
	case strings.HasPrefix(t, "spi:"):
		if p.sas == nil {
			return perr(cmdIPsecSA, n, t, "spi outside an SA section")
		}
		spi, dec := spiValue(afterColon(t))
		*p.sas = append(*p.sas, parsers.ESPSA{SPI: spi, SPIDecimal: dec, Span: parsers.Span{Start: n, End: n}})
		p.sa = &(*p.sas)[len(*p.sas)-1]
	}
	return nil
}

// section switches to the SA list a "inbound esp sas:" line announces.
func (p *ipsecParser) section(t string) {
	f := p.flow
	p.sa = nil
	switch t {
	case "inbound esp sas:":
		p.sas = &f.Inbound
	case "outbound esp sas:":
		p.sas = &f.Outbound
	case "inbound ah sas:":
		p.sas = &f.InboundAH
	case "outbound ah sas:":
		p.sas = &f.OutboundAH
	default:
		// PCP SAs and anything new: parse into a list nobody keeps.
		p.sas = new([]parsers.ESPSA)
	}
}

// counters reads "#pkts encaps: 4, #pkts encrypt: 4, #pkts digest: 4",
// "#pkts no sa (send) 0, #pkts invalid sa (rcv) 0", "##pkts replay failed
// (rcv): 0" and "#send errors 0, #recv errors 0".
func (p *ipsecParser) counters(n int, t string) error {
	for t != "" {
		part := t
		if i := strings.IndexByte(t, ','); i >= 0 {
			part, t = t[:i], t[i+1:]
		} else {
			t = ""
		}
		part = strings.TrimLeft(strings.TrimSpace(part), "#")
		part = strings.TrimPrefix(part, "pkts ")
		sp := strings.LastIndexByte(part, ' ')
		if sp < 0 {
			return perr(cmdIPsecSA, n, part, "counter: want LABEL VALUE")
		}
		label := strings.TrimSuffix(part[:sp], ":")
		v, err := strconv.ParseUint(part[sp+1:], 10, 64)
		if err != nil {
			return perr(cmdIPsecSA, n, part, "counter: value is not a number")
		}
		p.setCounter(label, v)
	}
	return nil
}

func (p *ipsecParser) setCounter(label string, v uint64) {
	f := p.flow
	switch label {
	case "encaps":
		f.PktsEncaps = v
	case "encrypt":
		f.PktsEncrypt = v
	case "digest":
		f.PktsDigest = v
	case "decaps":
		f.PktsDecaps = v
	case "decrypt":
		f.PktsDecrypt = v
	case "verify":
		f.PktsVerify = v
	case "compressed", "decompressed", "not compressed", "not decompressed",
		"tagged (send)", "untagged (rcv)", "not tagged (send)", "not untagged (rcv)":
		if v != 0 {
			if f.Counters == nil {
				f.Counters = map[string]uint64{}
			}
			f.Counters[label] = v
		}
	default:
		if v != 0 {
			if f.Errors == nil {
				f.Errors = map[string]uint64{}
			}
			f.Errors[label] = v
		}
	}
}

// endpoints reads "local crypto endpt.: A, remote crypto endpt.: B", which
// IOS-XE wraps after the comma for IPv6.
func (p *ipsecParser) endpoints(n int, t string) error {
	for part := range strings.SplitSeq(t, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, ":")
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil {
			return perr(cmdIPsecSA, n, t, "crypto endpt.: not an IP address")
		}
		if strings.HasPrefix(k, "local") {
			p.flow.LocalEndpoint = a
		} else {
			p.flow.RemoteEndpoint = a
		}
	}
	return nil
}

// mtus reads "plaintext mtu 1446, path mtu 1500, ip mtu 1500, ip mtu idb
// GigabitEthernet1" (IPv6: "ipv6 mtu", "ipv6 mtu idb").
func (p *ipsecParser) mtus(t string) {
	f := p.flow
	for part := range strings.SplitSeq(t, ",") {
		part = strings.TrimSpace(part)
		sp := strings.LastIndexByte(part, ' ')
		if sp < 0 {
			continue
		}
		k, v := part[:sp], part[sp+1:]
		switch k {
		case "plaintext mtu":
			f.PlaintextMTU = atoi(v)
		case "path mtu":
			f.PathMTU = atoi(v)
		case "ip mtu", "ipv6 mtu":
			f.IPMTU = atoi(v)
		case "ip mtu idb", "ipv6 mtu idb":
			f.IPMTUIDB = v
		}
	}
}

// pfs reads "PFS (Y/N): Y, DH group: group20[, PQC Key Exchange: ML-KEM-1024]".
func (p *ipsecParser) pfs(t string) {
	f := p.flow
	for part := range strings.SplitSeq(t, ",") {
		k, v, _ := strings.Cut(part, ":")
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "PFS (Y/N)":
			f.PFS = v == "Y"
		case "DH group":
			f.DHGroup = parsers.NormalizeDHGroup(v)
		case "PQC Key Exchange":
			f.PQC = v
		}
	}
}
