package junos

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
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

// scope is the listing's scope: keyed by the command's argument, partial
// when an output filter may have left lines out.
func (r reader) scope() evidence.Scope {
	return evidence.Scope{Key: r.cmd.Arg, Partial: r.cmd.Variant == "filtered"}
}

func spanOf(o *evidence.Output) parsers.Span {
	return parsers.Span{Start: 1, End: max(len(o.Lines), 1)}
}

// ike reads show security ike security-associations [detail]. The brief
// form shows no local address, algorithms or age: those stay unknown.
func (r reader) ike(v *parse.IKESAs) {
	rank := 1
	if v.Detail {
		rank = 2
	}
	l := evidence.Listing[evidence.IKESA]{Out: r.o, Scope: r.scope(), Rank: rank}
	for _, sa := range v.SAs {
		f := evidence.IKESA{Version: sa.Version, Remote: netip.AddrPortFrom(sa.RemoteAddr, sa.RemotePort),
			StateRaw: sa.StateText, ID: sa.InitiatorCookie + "_i " + sa.ResponderCookie + "_r", NATT: sa.NATT, Ref: r.ref(sa.Span)}
		if sa.LocalAddr.IsValid() {
			f.Local = netip.AddrPortFrom(sa.LocalAddr, sa.LocalPort)
		}
		switch sa.State {
		case parse.SAStateUp:
			f.State = evidence.IKEEstablished
		default:
			f.State = evidence.IKEDown
		}
		a := sa.Algorithms
		if a.Encryption != "" {
			f.Encryption = junosEncryption(a.Encryption)
		}
		if a.PRF != "" {
			f.PRF = parsers.NormalizeHash(strings.TrimPrefix(a.PRF, "hmac-"))
		}
		if a.Authentication != "" {
			f.Integrity = junosIntegrity(a.Authentication)
		}
		f.DHGroup = parsers.NormalizeDHGroup(a.DHGroup)
		f.Ref.Mark(evidence.AttrState, sa.Span.Start)
		f.Ref.MarkWhere(evidence.AttrState, "State:")
		f.Ref.MarkWhere(evidence.AttrAlgorithms, "Encryption", "Authentication", "Pseudo random", "Diffie-Hellman")
		f.Ref.MarkWhere(evidence.AttrEndpoints, "Local:", "Remote:")
		f.Ref.MarkWhere(evidence.AttrAge, "Lifetime:")
		l.Items = append(l.Items, f)
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, l)
}

// junosEncryption normalises "aes256-cbc", "aes-256-cbc", "aes-256-gcm".
func junosEncryption(s string) string {
	n := strings.ToLower(s)
	size := ""
	for _, k := range []string{"128", "192", "256"} {
		if strings.Contains(n, k) {
			size = k
		}
	}
	switch {
	case strings.Contains(n, "gcm"):
		return "aes-gcm-" + size
	case strings.HasPrefix(n, "aes"):
		return "aes-cbc-" + size
	case strings.Contains(n, "3des"):
		return "3des"
	}
	return n
}

// junosIntegrity normalises "hmac-sha256-128", "sha256", "hmac-sha1-96".
func junosIntegrity(s string) string {
	n := strings.TrimPrefix(strings.ToLower(s), "hmac-")
	for _, h := range []string{"sha512", "sha384", "sha256", "sha1", "md5"} {
		if strings.HasPrefix(strings.ReplaceAll(n, "-", ""), h) {
			return h
		}
	}
	return parsers.NormalizeHash(n)
}

// ipsec reads show security ipsec security-associations [detail]: one
// child SA per tunnel index, with its inbound and outbound ESP SA. The
// brief and detail forms carry no packet counters (HasCounters false);
// Junos route-based VPNs negotiate 0.0.0.0/0 selectors, so the selectors
// are read from the detail form only.
func (r reader) ipsec(v *parse.IPsecSAs) {
	rank := 1
	if v.Detail {
		rank = 2
	}
	l := evidence.Listing[evidence.ChildSA]{Out: r.o, Scope: r.scope(), Rank: rank}
	index := map[uint64]int{}
	for _, sa := range v.SAs {
		i, ok := index[sa.ID]
		if !ok {
			i = len(l.Items)
			index[sa.ID] = i
			c := evidence.ChildSA{Interface: sa.BindInterface, Peer: sa.Gateway, PeerPort: int(sa.Port),
				LocalEndpoint: sa.LocalGateway, RemoteEndpoint: sa.Gateway, Ref: r.ref(sa.Span)}
			l.Items = append(l.Items, c)
		}
		c := &l.Items[i]
		c.Ref.Span.End = max(c.Ref.Span.End, sa.Span.End)
		c.Ref.Mark(evidence.AttrSAs, sa.Span.Start)
		c.Ref.Mark(evidence.AttrState, sa.Span.Start)
		c.Ref.Mark(evidence.AttrTransform, sa.Span.Start)
		e := evidence.ESPSA{SPI: sa.SPIText, Active: sa.State == "" || strings.EqualFold(sa.State, "installed"),
			StateRaw: sa.State, Mode: "tunnel", UDPEncap: sa.NATT, Ref: r.ref(sa.Span)}
		if sa.Encryption != "" {
			e.Transform = append(e.Transform, "esp-"+strings.TrimPrefix(junosEncryption(sa.Encryption), "aes-cbc-"))
			if strings.HasPrefix(e.Transform[0], "esp-aes-gcm") {
				e.Transform[0] = "esp-gcm-" + strings.TrimPrefix(e.Transform[0], "esp-aes-gcm-")
			} else if !strings.HasPrefix(e.Transform[0], "esp-3des") {
				e.Transform[0] = "esp-aes-" + strings.TrimPrefix(e.Transform[0], "esp-")
			}
		}
		if a := sa.Authentication; a != "" && a != "none" {
			e.Transform = append(e.Transform, "esp-"+junosIntegrity(a)+"-hmac")
		}
		switch sa.Direction {
		case parse.Inbound:
			c.Inbound = append(c.Inbound, e)
		case parse.Outbound:
			c.Outbound = append(c.Outbound, e)
		}
	}
	r.cpe.ChildSAs = append(r.cpe.ChildSAs, l)
}

// version reads show version.
func (r reader) version(v *Version) {
	f := evidence.Version{Hostname: v.Hostname, Software: "Junos", Version: v.Junos, Model: v.Model, Ref: r.ref(v.Span)}
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{f}})
}
