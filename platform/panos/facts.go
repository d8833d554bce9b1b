package panos

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// reader turns one parsed output into facts of its CPE.
type reader struct {
	o   *evidence.Output
	cpe *evidence.CPE
	cmd platform.Command
}

// ref points at a record's lines, its first line marked as its head.
func (r reader) ref(span parsers.Span) evidence.Ref {
	ref := evidence.RefTo(r.o, span)
	ref.Mark(evidence.AttrHead, span.Start)
	return ref
}

// scope is a whole listing, partial when an output filter was applied.
func (r reader) scope() evidence.Scope { return evidence.Scope{Partial: filtered(r.cmd.Text)} }

// Ranks of the listings: detail forms outrank tables.
const (
	rankTable  = 1
	rankDetail = 2
)

// ikeState maps a PAN-OS IKE SA state. IKEv1's numeric phase-1 state is
// not interpreted (Virtual Connect is IKEv2 only).
func ikeState(sa parse.IKESA) evidence.IKEState {
	s := strings.ToLower(sa.State)
	switch {
	case sa.Up():
		return evidence.IKEEstablished
	case sa.Version == 2 && strings.Contains(s, "delet"):
		return evidence.IKEDeleting
	case sa.Version == 2 && (strings.Contains(s, "init") || strings.Contains(s, "nego") || strings.Contains(s, "auth")):
		return evidence.IKENegotiating
	}
	return evidence.IKEDown
}

// algorithms reads "PSK/DH14/A256/SHA256": the DH group, encryption and
// the hash. With CBC the hash is the integrity (PAN-OS prints no PRF of
// its own: unknown). With GCM ("G128", "G256": the spelling of the ESP
// column of show vpn ipsec-sa, assumed for IKE too) integrity is none and
// the hash can only be the PRF.
func algorithms(a string) (enc, integ, prf string, dh int) {
	hash := ""
	for _, p := range strings.Split(a, "/") {
		switch u := strings.ToUpper(strings.TrimSpace(p)); {
		case strings.HasPrefix(u, "DH"):
			fmt.Sscanf(u, "DH%d", &dh)
		case u == "A128", u == "AES128":
			enc = "aes-cbc-128"
		case u == "A192":
			enc = "aes-cbc-192"
		case u == "A256", u == "AES256":
			enc = "aes-cbc-256"
		case u == "G128", u == "GCM128":
			enc = "aes-gcm-128"
		case u == "G256", u == "GCM256":
			enc = "aes-gcm-256"
		case u == "SHA1", u == "SHA256", u == "SHA384", u == "SHA512":
			hash = strings.ToLower(u)
		case u == "SHA2":
			hash = "" // IKEv1 phase 2 prints "SHA2" without its size
		}
	}
	if strings.HasPrefix(enc, "aes-gcm") {
		return enc, "none", hash, dh
	}
	return enc, hash, "", dh
}

// ikeSAs reads show vpn ike-sa: an IKE SA per row of the phase-1 and IKEv2
// SA tables. The rows name the peer but not its port, and the
// "Established" column has no year, so the age stays unknown. A listing
// of one gateway, a filtered one, or one with a masked peer proves
// nothing about the others.
func (r reader) ikeSAs(v *parse.IKESAs) {
	s := r.scope()
	if r.cmd.Arg != "" {
		s.Partial = true
	}
	l := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: s, Rank: rankTable}
	for _, sa := range v.SAs {
		if !sa.Peer.IsValid() {
			l.Scope.Partial = true
			continue
		}
		enc, integ, prf, dh := algorithms(sa.Algorithm)
		f := evidence.IKESA{Version: sa.Version, Remote: netip.AddrPortFrom(sa.Peer, 0),
			State: ikeState(sa), StateRaw: sa.State, Encryption: enc, Integrity: integ, PRF: prf, DHGroup: dh,
			ID: sa.GatewayID + "/" + sa.SN, Ref: r.ref(sa.Span)}
		for _, a := range []evidence.Attr{evidence.AttrState, evidence.AttrAlgorithms, evidence.AttrEndpoints, evidence.AttrAge} {
			f.Ref.Mark(a, sa.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, l)
}

// transform reads "ESP/A256/SHA256" as normalised transforms.
func transform(a string) []string {
	var out []string
	for _, p := range strings.Split(a, "/") {
		switch u := strings.ToUpper(strings.TrimSpace(p)); u {
		case "A128":
			out = append(out, "esp-aes-128")
		case "A192":
			out = append(out, "esp-aes-192")
		case "A256":
			out = append(out, "esp-aes-256")
		case "G128", "GCM128":
			out = append(out, "esp-gcm-128")
		case "G256", "GCM256":
			out = append(out, "esp-gcm-256")
		case "SHA1", "SHA256", "SHA384", "SHA512":
			out = append(out, "esp-"+strings.ToLower(u)+"-hmac")
		}
	}
	return out
}

// ipsecSAs reads show vpn ipsec-sa: one child SA per tunnel, with its
// inbound and outbound SPIs. It has no counters (show vpn flow tunnel-id
// N does) and no selectors; PAN-OS ESP is tunnel mode.
func (r reader) ipsecSAs(v *parse.IPsecSAs) {
	s := r.scope()
	if r.cmd.Arg != "" {
		s.Partial = true
	}
	l := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: s, Rank: rankTable}
	for _, sa := range v.SAs {
		if !sa.Peer.IsValid() {
			l.Scope.Partial = true
			continue
		}
		f := evidence.ChildSA{Peer: sa.Peer, RemoteEndpoint: sa.Peer, PFSUnknown: true, Ref: r.ref(sa.Span)}
		esp := func(spi uint32) evidence.ESPSA {
			e := evidence.ESPSA{SPI: fmt.Sprintf("0x%08X", spi), Active: true, Transform: transform(sa.Algorithm),
				Mode: "tunnel", Ref: r.ref(sa.Span)}
			e.Ref.Mark(evidence.AttrSAs, sa.Span.Start)
			return e
		}
		if sa.SPIIn != 0 && sa.SPIOut != 0 {
			f.Inbound, f.Outbound = []evidence.ESPSA{esp(sa.SPIIn)}, []evidence.ESPSA{esp(sa.SPIOut)}
		}
		for _, a := range []evidence.Attr{evidence.AttrState, evidence.AttrSAs, evidence.AttrTransform, evidence.AttrEndpoints, evidence.AttrAge} {
			f.Ref.Mark(a, sa.Span.Start)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, l)
}
