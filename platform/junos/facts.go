package junos

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

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
		if lt, ok := r.ikeLifetime(sa.Gateway); ok {
			setIKEAge(&f, sa, lt)
		}
		f.Ref.Mark(evidence.AttrState, sa.Span.Start)
		f.Ref.MarkWhere(evidence.AttrState, "State:")
		f.Ref.MarkWhere(evidence.AttrAlgorithms, "Encryption", "Authentication", "Pseudo random", "Diffie-Hellman")
		f.Ref.MarkWhere(evidence.AttrEndpoints, "Local:", "Remote:")
		f.Ref.MarkWhere(evidence.AttrAge, "Lifetime:")
		l.Items = append(l.Items, f)
	}
	r.cpe.IKESAs = append(r.cpe.IKESAs, l)
}

// setIKEAge sets the age of an SA from the time it has left: Junos prints
// only "Expires in N seconds"; with the lifetime configured for its
// gateway it gives the age.
func setIKEAge(f *evidence.IKESA, sa parse.IKESA, lifetime time.Duration) {
	if sa.Remaining > 0 && sa.Remaining <= lifetime {
		f.Lifetime, f.Age, f.AgeKnown = lifetime, lifetime-sa.Remaining, true
	}
}

// backfillIKEAges sets the ages of the IKE SAs read before the
// configuration (a live run sends the sampled commands first): each
// detail listing is parsed again for its SAs' gateways and time left.
func (r reader) backfillIKEAges() {
	for _, l := range r.cpe.IKESAs {
		if l.Out == nil || l.Out.Kind != KindIKE || l.Rank != 2 {
			continue
		}
		v, err := parse.ParseIKESAs(l.Out.Text)
		if err != nil || len(v.SAs) != len(l.Items) {
			continue
		}
		for i, sa := range v.SAs {
			if l.Items[i].AgeKnown {
				continue
			}
			if lt, ok := r.ikeLifetime(sa.Gateway); ok {
				setIKEAge(&l.Items[i], sa, lt)
			}
		}
	}
}

// ikeLifetime is the lifetime configured for the IKE gateway's proposal,
// from a configuration read before this output (or, through
// backfillIKEAges, after it).
func (r reader) ikeLifetime(gateway string) (time.Duration, bool) {
	if gateway == "" {
		return 0, false
	}
	for i := len(r.cpe.Configs) - 1; i >= 0; i-- {
		for _, c := range r.cpe.Configs[i].Items {
			for _, p := range c.IKEPolicies {
				if p.Name == gateway && p.Lifetime > 0 {
					return p.Lifetime, true
				}
			}
		}
	}
	return 0, false
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
			c.Local, _ = identitySelector(sa.LocalIdentity)
			c.Remote, _ = identitySelector(sa.RemoteIdentity)
			c.Ref.MarkWhere(evidence.AttrSelectors, "Local Identity:", "Remote Identity:")
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
		if a := sa.Authentication; hasIntegrity(a) {
			e.Transform = append(e.Transform, "esp-"+junosIntegrity(a)+"-hmac")
		}
		if g := parsers.NormalizeDHGroup(sa.PFSGroup); g > 0 {
			c.PFS, c.PFSGroup = true, g
			c.Ref.MarkWhere(evidence.AttrPFS, "PFS group:")
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

// identitySelector reads an SA's negotiated identity: the range form of
// iked releases, "ipv4(0.0.0.0-255.255.255.255)" (any protocol), and the
// kmd forms "ipv4_subnet(any:0,[0..7]=0.0.0.0/0)" and
// "ipv4(gre:0,[0..3]=192.0.2.1)" (protocol:port, then the address).
func identitySelector(s string) (evidence.Selector, bool) {
	open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || close < open {
		return evidence.Selector{}, false
	}
	body := s[open+1 : close]
	if lo, hi, ok := strings.Cut(body, "-"); ok && !strings.Contains(body, "=") {
		a, err1 := netip.ParseAddr(lo)
		b, err2 := netip.ParseAddr(hi)
		if err1 != nil || err2 != nil {
			return evidence.Selector{}, false
		}
		for bits := 0; bits <= a.BitLen(); bits++ {
			p := netip.PrefixFrom(a, bits).Masked()
			if p.Addr() == a && lastAddr(p) == b {
				return evidence.Selector{Prefix: p}, true
			}
		}
		return evidence.Selector{}, false
	}
	proto, rest, ok := strings.Cut(body, ",")
	_, addr, ok2 := strings.Cut(rest, "=")
	if !ok || !ok2 {
		return evidence.Selector{}, false
	}
	name, _, _ := strings.Cut(proto, ":")
	sel := evidence.Selector{Protocol: serviceProtocol(name)}
	if n, err := strconv.Atoi(name); err == nil {
		sel.Protocol = n
	}
	if p, err := netip.ParsePrefix(addr); err == nil {
		sel.Prefix = p
	} else if a, err := netip.ParseAddr(addr); err == nil {
		sel.Prefix = netip.PrefixFrom(a, a.BitLen())
	} else {
		return evidence.Selector{}, false
	}
	return sel, true
}

// lastAddr is the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := range b {
		host := p.Bits() - i*8
		switch {
		case host <= 0:
			b[i] = 0xff
		case host < 8:
			b[i] |= 0xff >> host
		}
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// hasIntegrity reports whether an SA's authentication names a separate
// integrity algorithm: "None" (older releases) and "aes256-gcm" (21.x and
// later print the AEAD cipher there) do not.
func hasIntegrity(a string) bool {
	a = strings.ToLower(a)
	return a != "" && a != "none" && a != "-" && !strings.Contains(a, "gcm")
}

// version reads show version.
func (r reader) version(v *Version) {
	f := evidence.Version{Hostname: v.Hostname, Software: "Junos", Version: v.Junos, Model: v.Model, Ref: r.ref(v.Span)}
	r.cpe.Versions = append(r.cpe.Versions, evidence.Listing[evidence.Version]{Out: r.o, Scope: r.scope(), Rank: 1,
		Items: []evidence.Version{f}})
}
