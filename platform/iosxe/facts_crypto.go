package iosxe

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// Ranks of the crypto listings: the detail forms say the most; show crypto
// session only says up or down (and counters in its detail form).
const (
	rankSession = 1
	rankBrief   = 2
	rankDetail  = 3
)

func (r reader) rank() int {
	if isDetail(r.cmd.Text) {
		return rankDetail
	}
	return rankBrief
}

// ikeState maps IOS's IKEv2 status words.
func ikeState(status string) evidence.IKEState {
	switch strings.ToUpper(status) {
	case "READY":
		return evidence.IKEEstablished
	case "IN-NEG", "INIT", "IN-NEGOTIATION", "NEGOTIATING":
		return evidence.IKENegotiating
	case "DELETE", "DELETED", "DELETING":
		return evidence.IKEDeleting
	}
	return evidence.IKEDown
}

func (r reader) ikeSAs(sas []parsers.IKEv2SA) {
	l := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: r.scope(), Rank: r.rank()}
	for _, sa := range sas {
		f := evidence.IKESA{
			Version: 2, Local: sa.Local, Remote: sa.Remote, FVRF: sa.FVRF, IVRF: sa.IVRF,
			State: ikeState(sa.Status), StateRaw: sa.Status, StateNote: sa.Description,
			Encryption: sa.Encryption, PRF: sa.PRF, Integrity: sa.Integrity, DHGroup: sa.DHGroup,
			Lifetime: sa.Lifetime, Age: sa.ActiveTime, AgeKnown: sa.ActiveTimeSec > 0 || sa.ActiveTime > 0,
			NATT: sa.NATDetected, NATSide: sa.NATSide, Ref: r.ref(sa.Span),
		}
		if f.Encryption != "" && f.Integrity == "" && strings.Contains(f.Encryption, "gcm") {
			f.Integrity = "none"
		}
		f.ID = sa.LocalSPI + "/" + sa.RemoteSPI
		if sa.LocalSPI == "" && sa.RemoteSPI == "" {
			f.ID = fmt.Sprintf("tunnel-id %d, session-id %d", sa.TunnelID, sa.SessionID)
		}
		f.Ref.Mark(evidence.AttrHead, sa.Span.Start)
		f.Ref.Mark(evidence.AttrState, sa.Span.Start)
		f.Ref.MarkWhere(evidence.AttrState, "Status Description")
		f.Ref.MarkWhere(evidence.AttrAlgorithms, "Encr:", "Encryption:")
		f.Ref.MarkWhere(evidence.AttrAge, "Life/Active Time")
		f.Ref.MarkWhere(evidence.AttrEndpoints, "NAT-T")
		l.Items = append(l.Items, f)
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, l)
}

func (r reader) childSAs(flows []parsers.IPsecFlow) {
	s := r.scope()
	if r.cmd.Arg == "" && strings.Contains(r.cmd.Text, " interface ") {
		// "show crypto ipsec sa interface X" lists one interface's flows:
		// it proves what is there, not what is missing.
		s.Partial = true
	}
	l := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: s, Rank: r.rank()}
	for _, f := range flows {
		c := evidence.ChildSA{
			Interface: f.Interface, VRF: f.ProtectedVRF, Peer: f.Peer, PeerPort: f.PeerPort,
			LocalEndpoint: f.LocalEndpoint, RemoteEndpoint: f.RemoteEndpoint,
			Local:  evidence.Selector{Prefix: f.LocalIdent.Prefix, Protocol: f.LocalIdent.Protocol, Port: f.LocalIdent.Port},
			Remote: evidence.Selector{Prefix: f.RemoteIdent.Prefix, Protocol: f.RemoteIdent.Protocol, Port: f.RemoteIdent.Port},
			PFS:    f.PFS, Encaps: f.PktsEncaps, Decaps: f.PktsDecaps, HasCounters: true,
			Errors: f.Errors, PlaintextMTU: f.PlaintextMTU, PathMTU: f.PathMTU, Ref: r.ref(f.Span),
		}
		if f.PFS {
			c.PFSGroup = f.DHGroup
		}
		if !c.RemoteEndpoint.IsValid() {
			c.RemoteEndpoint = f.Peer
		}
		for _, sa := range f.Inbound {
			c.Inbound = append(c.Inbound, r.esp(sa))
		}
		for _, sa := range f.Outbound {
			c.Outbound = append(c.Outbound, r.esp(sa))
		}
		c.Ref.Mark(evidence.AttrHead, lineRange(headSpan(f.Span, 4))...)
		c.Ref.MarkWhere(evidence.AttrSelectors, "local  ident", "remote ident", "local ident")
		c.Ref.MarkWhere(evidence.AttrCounters, "#pkts encaps", "#pkts decaps")
		c.Ref.MarkWhere(evidence.AttrErrors, "#pkts no sa", "failed", "invalid prot", "invalid identity", "replay", "internal err")
		c.Ref.MarkWhere(evidence.AttrMTU, "plaintext mtu")
		c.Ref.MarkWhere(evidence.AttrPFS, "PFS (Y/N)", "DH group")
		for _, sa := range append(append([]parsers.ESPSA(nil), f.Inbound...), f.Outbound...) {
			c.Ref.Mark(evidence.AttrSAs, sa.Span.Start, sa.Span.End)
			c.Ref.Mark(evidence.AttrTransform, lineRange(parsers.Span{Start: sa.Span.Start, End: sa.Span.Start + 2})...)
		}
		l.Items = append(l.Items, c)
	}
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, l)
}

func (r reader) esp(sa parsers.ESPSA) evidence.ESPSA {
	e := evidence.ESPSA{
		SPI: sa.SPI, StateRaw: sa.Status, Active: strings.HasPrefix(strings.ToUpper(sa.Status), "ACTIVE"),
		Transform: sa.Transform, Mode: strings.ToLower(sa.Mode), UDPEncap: sa.UDPEncap, Ref: r.ref(sa.Span),
	}
	e.Ref.Mark(evidence.AttrHead, sa.Span.Start)
	e.Ref.Mark(evidence.AttrState, sa.Span.End)
	e.Ref.Mark(evidence.AttrTransform, lineRange(parsers.Span{Start: sa.Span.Start, End: sa.Span.Start + 2})...)
	return e
}

// cryptoSessions reads show crypto session [detail]: the IKE SA's state
// and, in the detail form, the flows' counters. It ranks below the SA
// commands, which say more.
func (r reader) cryptoSessions(sessions []parsers.CryptoSession) {
	ikes := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: r.scope(), Rank: rankSession}
	childs := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: r.scope(), Rank: rankSession}
	detail := isDetail(r.cmd.Text)
	for _, s := range sessions {
		for _, ike := range s.IKESAs {
			f := evidence.IKESA{Local: ike.Local, Remote: ike.Remote, FVRF: s.FVRF, IVRF: s.IVRF,
				StateRaw: ike.Status, State: evidence.IKEDown, Ref: r.ref(s.Span)}
			switch ike.Version {
			case "IKEv2":
				f.Version = 2
			case "IKEv1":
				f.Version = 1
			}
			if strings.EqualFold(ike.Status, "Active") {
				f.State = evidence.IKEEstablished
			}
			if !f.Remote.IsValid() && ike.RemoteAddr.IsValid() {
				f.Remote = netip.AddrPortFrom(ike.RemoteAddr, uint16(ike.RemotePort))
			}
			f.Ref.MarkWhere(evidence.AttrHead, "Interface:", "Session status")
			f.Ref.MarkWhere(evidence.AttrState, "SA: local")
			ikes.Items = append(ikes.Items, f)
		}
		for _, fl := range s.Flows {
			c := evidence.ChildSA{Interface: s.Interface, Peer: s.Peer, PeerPort: s.PeerPort, RemoteEndpoint: s.Peer,
				Local:  evidence.Selector{Prefix: fl.Source, Protocol: protocolNumber(fl.Protocol)},
				Remote: evidence.Selector{Prefix: fl.Destination, Protocol: protocolNumber(fl.Protocol)},
				Ref:    r.ref(s.Span)}
			for i := 0; i < fl.ActiveSAs/2; i++ {
				c.Inbound = append(c.Inbound, evidence.ESPSA{Active: true, StateRaw: "Active SAs"})
				c.Outbound = append(c.Outbound, evidence.ESPSA{Active: true, StateRaw: "Active SAs"})
			}
			if detail {
				c.Encaps, c.Decaps, c.HasCounters = fl.OutEncrypted, fl.InDecrypted, true
			}
			c.Ref.MarkWhere(evidence.AttrHead, "Interface:", "Session status", "Peer:")
			c.Ref.MarkWhere(evidence.AttrSelectors, "FLOW:")
			c.Ref.MarkWhere(evidence.AttrSAs, "Active SAs")
			c.Ref.MarkWhere(evidence.AttrCounters, "#pkts")
			childs.Items = append(childs.Items, c)
		}
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, ikes)
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, childs)
}

// protocolNumber reads an IOS protocol word or number: 47 for gre, 0 for
// ip (any), -1 for anything else.
func protocolNumber(p string) int {
	switch strings.ToLower(p) {
	case "gre", "47":
		return 47
	case "ip", "0", "ipv6":
		return 0
	case "esp", "50":
		return 50
	case "tcp", "6":
		return 6
	case "udp", "17":
		return 17
	}
	return -1
}

// headSpan is the first n lines of a span.
func headSpan(s parsers.Span, n int) parsers.Span {
	if s.End > s.Start+n-1 {
		s.End = s.Start + n - 1
	}
	return s
}

// lineRange lists the line numbers of a span.
func lineRange(s parsers.Span) []int {
	var out []int
	for n := s.Start; n > 0 && n <= s.End; n++ {
		out = append(out, n)
	}
	return out
}
