package linux

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/linux/swanctl"
)

// rankSAs is the rank of swanctl --list-sas: the one crypto listing, and
// as detailed as IOS's detail forms.
const rankSAs = 3

// ikeState maps a strongSwan IKE_SA state. REKEYING is an SA still in use
// while its successor is negotiated; REKEYED the old one, going away.
func ikeState(s string) evidence.IKEState {
	switch strings.ToUpper(s) {
	case "ESTABLISHED", "REKEYING":
		return evidence.IKEEstablished
	case "CREATED", "CONNECTING":
		return evidence.IKENegotiating
	case "DELETING", "DESTROYING", "REKEYED":
		return evidence.IKEDeleting
	}
	return evidence.IKEDown
}

// childActive reports a CHILD_SA state whose SAs carry traffic.
func childActive(s string) bool {
	switch strings.ToUpper(s) {
	case "INSTALLED", "REKEYING", "UPDATING":
		return true
	}
	return false
}

// sas reads swanctl --list-sas: an IKE SA per IKE_SA, a child SA per
// CHILD_SA with its SPIs, counters and selectors. A listing of one
// connection (--ike NAME) proves nothing about the others.
func (r reader) sas(v *swanctl.SAs) {
	s := r.scope()
	if r.cmd.Arg != "" {
		s = evidence.Scope{Partial: true}
	}
	ikes := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: s, Rank: rankSAs}
	children := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: s, Rank: rankSAs}
	for _, sa := range v.IKE {
		f := evidence.IKESA{
			Version: sa.Version, Local: sa.LocalAddr, Remote: sa.RemoteAddr,
			State: ikeState(sa.State), StateRaw: sa.State,
			Encryption: sa.Algorithms.Encryption, PRF: sa.Algorithms.PRF, Integrity: sa.Algorithms.Integrity,
			DHGroup: sa.Algorithms.DHGroup, Age: sa.Established, AgeKnown: sa.HasEstablished,
			ID:   sa.InitiatorSPI + "_i " + sa.ResponderSPI + "_r",
			NATT: sa.UDPEncap(), Ref: r.ref(sa.Span),
		}
		f.Ref.Mark(evidence.AttrState, sa.Span.Start)
		f.Ref.MarkWhere(evidence.AttrAlgorithms, "PRF_", "/MODP_", "/ECP_", "/CURVE")
		f.Ref.MarkWhere(evidence.AttrAge, "established ", "rekeying in", "reauth in")
		f.Ref.MarkWhere(evidence.AttrEndpoints, "  local  ", "  remote ")
		ikes.Items = append(ikes.Items, f)
		for _, c := range sa.Children {
			children.Items = append(children.Items, r.child(sa, c))
		}
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, ikes)
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, children)
}

// child is one CHILD_SA: its ESP SAs exist while it is installed.
func (r reader) child(sa swanctl.IKESA, c swanctl.ChildSA) evidence.ChildSA {
	f := evidence.ChildSA{
		Peer: sa.RemoteAddr.Addr(), PeerPort: int(sa.RemoteAddr.Port()),
		LocalEndpoint: sa.LocalAddr.Addr(), RemoteEndpoint: sa.RemoteAddr.Addr(),
		Encaps: c.Out.Packets, Decaps: c.In.Packets, HasCounters: c.In.Line > 0 || c.Out.Line > 0,
		// swanctl prints bytes and packets, never ESP errors.
		ErrorsUnknown: true,
		Ref:           r.ref(c.Span),
	}
	if len(c.LocalTS) > 0 {
		f.Local = selector(c.LocalTS[0])
	}
	if len(c.RemoteTS) > 0 {
		f.Remote = selector(c.RemoteTS[0])
	}
	if g := c.Algorithms.DHGroup; g > 0 {
		f.PFS, f.PFSGroup = true, g
	}
	if childActive(c.State) && c.In.SPIHex != "" && c.Out.SPIHex != "" {
		esp := func(d swanctl.Direction) evidence.ESPSA {
			e := evidence.ESPSA{SPI: d.SPIHex, Active: true, StateRaw: c.State, Transform: c.Algorithms.Transform,
				Mode: strings.ToLower(c.Mode), UDPEncap: c.UDPEncap, Ref: r.ref(c.Span)}
			e.Ref.Mark(evidence.AttrState, c.Span.Start)
			e.Ref.Mark(evidence.AttrSAs, d.Line)
			return e
		}
		f.Inbound = []evidence.ESPSA{esp(c.In)}
		f.Outbound = []evidence.ESPSA{esp(c.Out)}
	}
	f.Ref.Mark(evidence.AttrState, c.Span.Start)
	f.Ref.Mark(evidence.AttrTransform, c.Span.Start)
	f.Ref.Mark(evidence.AttrSAs, c.Span.Start, c.In.Line, c.Out.Line)
	f.Ref.Mark(evidence.AttrCounters, c.In.Line, c.Out.Line)
	f.Ref.MarkWhere(evidence.AttrSelectors, "    local  ", "    remote ")
	f.Ref.MarkWhere(evidence.AttrAge, "installed ", "rekeying in", "expires in")
	return f
}

func selector(ts swanctl.TrafficSelector) evidence.Selector {
	return evidence.Selector{Prefix: ts.Prefix, Protocol: ts.Protocol, Port: ts.Port}
}

// conns reads swanctl --list-conns: the IKEv2 connections and their
// peers. The list prints no proposals, no PFS group and no lifetimes
// (strongSwan's rekey times are not the lifetimes the form gives), so it
// yields no IPsec policy: a missing group there is not "no PFS". It is a
// partial configuration, trusted for what it shows.
func (r reader) conns(v *swanctl.Conns) {
	cfg := evidence.Config{Ref: r.ref(spanOf(r.o))}
	for _, c := range v.Conns {
		if strings.EqualFold(c.Version, "IKEv2") || c.Version == "2" {
			cfg.HasIKEv2 = true
		}
		pol := evidence.IKEPolicy{Name: c.Name, Ref: r.ref(c.Span)}
		for _, a := range c.RemoteIPs {
			pol.Peers = append(pol.Peers, netipPrefix(a))
		}
		cfg.IKEPolicies = append(cfg.IKEPolicies, pol)
	}
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
		Scope: evidence.Scope{Key: "crypto", Partial: true}, Rank: 1, Items: []evidence.Config{cfg}})
}
