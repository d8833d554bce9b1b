package panos

import (
	"fmt"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// flowChildSAs reads the detail blocks of show vpn flow tunnel-id N as
// IPsec SAs with counters: the block names the peer, both SPIs and the
// ESP encap/decap packet and error counters, which show vpn ipsec-sa
// lacks. It prints no transform: the transform of the same SA pair (same
// peer and SPIs) from the latest show vpn ipsec-sa read on this CPE is
// carried over, and without it the transform stays unknown. The listing
// outranks show vpn ipsec-sa, so two samples of the block are what the
// counter check compares. A table (no detail) adds nothing here.
func (r reader) flowChildSAs(v []parse.Flow) {
	for _, f := range v {
		if !f.Detail || !f.Peer.IsValid() || f.LocalSPI == 0 || f.RemoteSPI == 0 {
			continue
		}
		c := evidence.ChildSA{Interface: f.Inner, Peer: f.Peer, LocalEndpoint: f.Local, RemoteEndpoint: f.Peer,
			Encaps: f.EncapPackets, Decaps: f.DecapPackets, HasCounters: true, PFSUnknown: true, Ref: r.ref(f.Span)}
		in, out := spiText(f.LocalSPI), spiText(f.RemoteSPI)
		transform := r.ipsecTransform(f.Peer.String(), in, out)
		esp := func(spi string) evidence.ESPSA {
			e := evidence.ESPSA{SPI: spi, Active: f.Active(), StateRaw: f.State, Transform: transform, Mode: "tunnel", Ref: r.ref(f.Span)}
			e.Ref.MarkWhere(evidence.AttrSAs, "local spi:", "remote spi:")
			return e
		}
		if f.Active() {
			c.Inbound, c.Outbound = []evidence.ESPSA{esp(in)}, []evidence.ESPSA{esp(out)}
		}
		if f.HasProxy && f.ProxyProtocol >= 0 {
			// The proxy ID is the traffic selector pair the SA carries.
			c.Local = evidence.Selector{Prefix: f.ProxyLocal, Protocol: f.ProxyProtocol}
			c.Remote = evidence.Selector{Prefix: f.ProxyRemote, Protocol: f.ProxyProtocol}
			c.Ref.MarkWhere(evidence.AttrSelectors, "proxy-id:", "remote ip:")
		}
		errs := map[string]uint64{}
		for k, n := range map[string]uint64{"authentication errors": f.AuthErrors, "decryption errors": f.DecryptErrors, "replay packets": f.ReplayPackets} {
			if n > 0 {
				errs[k] = n
			}
		}
		if len(errs) > 0 {
			c.Errors = errs
		}
		c.Ref.MarkWhere(evidence.AttrState, "state:")
		c.Ref.MarkWhere(evidence.AttrSAs, "local spi:", "remote spi:")
		c.Ref.MarkWhere(evidence.AttrEndpoints, "local ip:", "peer ip:")
		c.Ref.MarkWhere(evidence.AttrCounters, "encap packets:", "decap packets:")
		c.Ref.MarkWhere(evidence.AttrErrors, "authentication errors:", "decryption errors:", "replay packets:")
		if transform != nil {
			c.Ref.MarkWhere(evidence.AttrTransform, "protocol:")
		}
		r.cpe.ChildSAs = append(r.cpe.ChildSAs, evidence.Listing[evidence.ChildSA]{Out: r.o,
			Scope: evidence.Scope{Key: f.Peer.String(), Partial: filtered(r.cmd.Text)}, Rank: rankDetail, Items: []evidence.ChildSA{c}})
	}
}

// spiText is an SPI as the IPsec SA facts spell it.
func spiText(spi uint32) string { return fmt.Sprintf("0x%08X", spi) }

// ipsecTransform returns the transform show vpn ipsec-sa gave for the SA
// pair with these SPIs to peer, or nil.
func (r reader) ipsecTransform(peer, in, out string) []string {
	for i := len(r.cpe.ChildSAs) - 1; i >= 0; i-- {
		l := r.cpe.ChildSAs[i]
		if l.Out == nil || l.Out.Kind != KindIPsecSA {
			continue
		}
		for _, c := range l.Items {
			if c.Peer.String() != peer || !c.HasSA() {
				continue
			}
			if c.Inbound[0].SPI == in && c.Outbound[0].SPI == out {
				return c.Inbound[0].Transform
			}
		}
	}
	return nil
}
