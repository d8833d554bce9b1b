package fortios

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// rankVPN is the rank of the VPN diagnostics: the detail forms.
const rankVPN = 3

// ikeState maps a FortiOS IKE SA state.
func ikeState(s parse.SAState) evidence.IKEState {
	switch s {
	case parse.StateEstablished:
		return evidence.IKEEstablished
	case parse.StateConnecting:
		return evidence.IKENegotiating
	}
	return evidence.IKEDown
}

// gateways reads `diagnose vpn ike gateway list`: an IKE SA per "id/spi"
// block. A gateway listed without one has no SA (the listing would have
// printed it); "name X" lists one gateway, keyed by name where the checks
// ask by peer address, so it proves nothing about absence.
func (r reader) gateways(gs []parse.IKEGateway) {
	s := r.scope()
	if strings.Contains(r.cmd.Text, " name ") {
		s = evidence.Scope{Partial: true}
	}
	l := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: s, Rank: rankVPN}
	for _, g := range gs {
		for _, sa := range g.SAs {
			enc, prf, integ := ikeAlgorithms(sa, g.Version)
			f := evidence.IKESA{Version: g.Version,
				Local:  netip.AddrPortFrom(g.Local, g.LocalPort),
				Remote: netip.AddrPortFrom(g.Remote, g.RemotePort),
				State:  ikeState(sa.State), StateRaw: sa.StatusText,
				Encryption: enc, PRF: prf, Integrity: integ,
				Lifetime: sa.Lifetime, Age: sa.Age, AgeKnown: sa.State == parse.StateEstablished,
				ID:   sa.InitiatorSPI + "/" + sa.ResponderSPI,
				NATT: g.RemotePort == 4500 || g.LocalPort == 4500,
				Ref:  r.ref(g.Span)}
			if n, err := strconv.Atoi(strings.TrimPrefix(sa.DHGroup, "DH")); err == nil {
				f.DHGroup = n
			}
			f.Ref.Mark(evidence.AttrState, sa.Span.Start)
			f.Ref.MarkWhere(evidence.AttrState, "status: ")
			f.Ref.MarkWhere(evidence.AttrAlgorithms, "proposal: ", "PRF:", "DH group")
			f.Ref.MarkWhere(evidence.AttrAge, "status: ", "lifetime/rekey")
			f.Ref.MarkWhere(evidence.AttrLifetime, "lifetime/rekey")
			f.Ref.MarkWhere(evidence.AttrEndpoints, "addr: ")
			l.Items = append(l.Items, f)
		}
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, l)
}

// ikeAlgorithms normalises an IKE SA's proposal as package parsers names
// algorithms. FortiOS prints the proposal in its configuration words,
// "aes256-sha256" (AES-CBC-256 with SHA-256) or, for an AEAD cipher,
// "aes256gcm-prfsha384" (AES-GCM-256, no separate integrity, PRF SHA-384);
// 7.x lists an AEAD SA as "aes256gcm" alone, its PRF unknown.
// In IKEv2 a non-AEAD proposal's hash is both the integrity and the PRF
// algorithm (FortiOS has no separate PRF setting for them), so PRF is
// that hash; IKEv1 has no negotiated PRF. The DH group is never printed
// by the gateway list: it stays unknown.
func ikeAlgorithms(sa parse.IKESA, version int) (enc, prf, integ string) {
	e, h := strings.ToLower(sa.Encryption), strings.ToLower(sa.Integrity)
	if e == "" {
		return "", "", ""
	}
	switch {
	case strings.HasPrefix(e, "aes") && strings.HasSuffix(e, "gcm"):
		enc = "aes-gcm-" + strings.TrimSuffix(strings.TrimPrefix(e, "aes"), "gcm")
	case strings.HasPrefix(e, "aes") && len(e) > 3 && e[3] >= '0' && e[3] <= '9':
		enc = "aes-cbc-" + strings.TrimPrefix(e, "aes")
	default:
		enc = parsers.NormalizeEncryption(e, 0)
	}
	if p, ok := strings.CutPrefix(h, "prf"); ok {
		// An AEAD proposal: the second word is the PRF.
		return enc, parsers.NormalizeHash(p), "none"
	}
	if h == "" {
		// "proposal: aes256gcm" alone (7.x): an AEAD cipher has no
		// integrity; the PRF is not printed and stays unknown.
		if sa.PRF != "" {
			prf = parsers.NormalizeHash(sa.PRF)
		}
		if strings.HasPrefix(enc, "aes-gcm") || strings.HasPrefix(enc, "chacha20") {
			integ = "none"
		}
		return enc, prf, integ
	}
	integ = parsers.NormalizeHash(h)
	prf = parsers.NormalizeHash(sa.PRF)
	if sa.PRF == "" {
		prf = ""
		if version == 2 {
			prf = integ
		}
	}
	return enc, prf, integ
}

// tunnels reads `diagnose vpn tunnel list`: a child SA per proxyid (phase
// 2 selector), with its ESP SAs, SPIs and counters. The keys it prints
// are never read. A tunnel offloaded to an NPU may not count in software:
// its counters are not trusted.
func (r reader) tunnels(ts []parse.Tunnel) {
	s := r.scope()
	if strings.Contains(r.cmd.Text, " name ") {
		s = evidence.Scope{Partial: true}
	}
	l := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: s, Rank: rankVPN}
	for _, t := range ts {
		for _, p := range t.ProxyIDs {
			l.Items = append(l.Items, r.child(t, p))
		}
	}
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, l)
}

func (r reader) child(t parse.Tunnel, p parse.ProxyID) evidence.ChildSA {
	f := evidence.ChildSA{Interface: t.Name, Peer: t.Remote, PeerPort: int(t.RemotePort),
		LocalEndpoint: t.Local, RemoteEndpoint: t.Remote,
		Local: selector(p.Src), Remote: selector(p.Dst), Ref: r.ref(p.Span)}
	if t.Parent != "" {
		f.Interface = t.Parent
	}
	mode := "tunnel"
	if p.TransportMode {
		mode = "transport"
	}
	udp := t.NATTMode != "" && t.NATTMode != "none" || t.RemotePort == 4500
	for _, sa := range p.SAs {
		f.Encaps += sa.EncPackets
		f.Decaps += sa.DecPackets
		if sa.MTU > 0 {
			f.PlaintextMTU = sa.MTU
		}
		if sa.InSPI == 0 || sa.OutSPI == 0 {
			continue
		}
		esp := func(spi uint32) evidence.ESPSA {
			e := evidence.ESPSA{SPI: fmt.Sprintf("0x%08x", spi), Active: true, StateRaw: "SA",
				Transform: transform(sa), Mode: mode, UDPEncap: udp, Ref: r.ref(sa.Span)}
			e.Ref.MarkWhere(evidence.AttrSAs, "spi=")
			return e
		}
		f.Inbound = append(f.Inbound, esp(sa.InSPI))
		f.Outbound = append(f.Outbound, esp(sa.OutSPI))
	}
	f.HasCounters = len(p.SAs) > 0 && !t.NPU
	// The tunnel list prints packets and bytes per SA, no ESP errors.
	f.ErrorsUnknown = true
	f.Ref.Mark(evidence.AttrState, p.Span.Start)
	f.Ref.MarkWhere(evidence.AttrSAs, "spi=")
	f.Ref.MarkWhere(evidence.AttrTransform, "esp=", "ah=")
	f.Ref.MarkWhere(evidence.AttrCounters, "pkts/bytes")
	f.Ref.MarkWhere(evidence.AttrSelectors, "src: ", "dst: ")
	f.Ref.MarkWhere(evidence.AttrMTU, "mtu=")
	f.Ref.MarkWhere(evidence.AttrAge, "life: ")
	return f
}

// transform normalises an SA's algorithms: "aes" with a 16-byte key is
// esp-aes-128, "sha256" esp-sha256-hmac; GCM needs no integrity.
func transform(sa parse.TunnelSA) []string {
	var out []string
	bits := strconv.Itoa(sa.EncKeyBytes * 8)
	switch e := strings.ToLower(sa.Encryption); {
	case e == "":
	case strings.Contains(e, "gcm"):
		// FortiOS counts the GCM salt in the key: 20 bytes is AES-128.
		b := sa.EncKeyBytes
		if b == 20 || b == 36 {
			b -= 4
		}
		out = append(out, "esp-gcm-"+strconv.Itoa(b*8))
	case e == "aes" || strings.HasPrefix(e, "aes"):
		out = append(out, "esp-aes-"+bits)
	default:
		out = append(out, "esp-"+e)
	}
	switch i := strings.ToLower(sa.Integrity); i {
	case "", "null":
	case "sha1":
		out = append(out, "esp-sha-hmac")
	default:
		out = append(out, "esp-"+i+"-hmac")
	}
	return out
}

// selector is a FortiOS "proto:start-end:port" as a prefix, when the range
// is one (0.0.0.0-255.255.255.255 is 0.0.0.0/0; A-A is A/32).
func selector(s parse.Selector) evidence.Selector {
	sel := evidence.Selector{Protocol: s.Proto, Port: s.Port}
	if !s.Start.IsValid() {
		return sel
	}
	end := s.End
	if !end.IsValid() {
		end = s.Start
	}
	for bits := 0; bits <= s.Start.BitLen(); bits++ {
		p := netip.PrefixFrom(s.Start, bits).Masked()
		if p.Addr() == s.Start && lastAddr(p) == end {
			sel.Prefix = p
			break
		}
	}
	return sel
}

// lastAddr is the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := range b {
		bit := i * 8
		switch {
		case bit >= p.Bits():
			b[i] = 0xff
		case bit+8 > p.Bits():
			b[i] |= byte(0xff >> (p.Bits() - bit))
		}
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
