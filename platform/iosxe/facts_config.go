package iosxe

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// configScope says what a configuration output lists: the whole
// configuration ("show running-config"), one interface ("show
// running-config interface Tunnel1", keyed "interface Tunnel1"), or only
// what a filter kept ("| include", "| section": partial, trusted for what
// it shows and never for what it lacks).
func (r reader) configScope() evidence.Scope {
	s := evidence.Scope{}
	head, _, _ := strings.Cut(r.cmd.Text, "|")
	w := strings.Fields(head)
	if len(w) >= 4 && w[2] == "interface" {
		s.Key = "interface " + parsers.InterfaceName(strings.Join(w[3:], ""))
	} else if len(w) > 2 {
		// "show running-config all", "... brief", "... partition X": not
		// the plain listing; trust what it shows only.
		s.Partial = w[2] != "all"
	}
	if filterOf(r.cmd.Text) != "" {
		s.Partial = true
	}
	return s
}

func (r reader) config(rc *parsers.RunningConfig) {
	c := evidence.Config{Hostname: rc.Hostname, Ref: r.ref(parsers.Span{Start: 1, End: len(r.o.Lines)})}
	for _, ic := range rc.Interfaces {
		c.Interfaces = append(c.Interfaces, r.interfaceConfig(ic))
	}
	for _, p := range rc.IKEv2Proposals {
		f := evidence.IKEProposal{Name: p.Name, Encryption: p.Encryption, PRF: p.PRF, Integrity: p.Integrity,
			DHGroups: p.DHGroups, Ref: r.ref(p.Span)}
		f.Ref.Mark(evidence.AttrAlgorithms, lineRange(p.Span)...)
		c.IKEProposals = append(c.IKEProposals, f)
	}
	for _, p := range rc.IKEv2Profiles {
		f := evidence.IKEPolicy{Name: p.Name, Lifetime: p.Lifetime, FVRF: p.MatchFVRF, Ref: r.ref(p.Span)}
		for _, m := range p.MatchIdentityRemote {
			if pfx, ok := identityPrefix(m); ok {
				f.Peers = append(f.Peers, pfx)
			}
		}
		f.Ref.Mark(evidence.AttrHead, p.Span.Start)
		f.Ref.MarkWhere(evidence.AttrLifetime, "lifetime")
		c.IKEPolicies = append(c.IKEPolicies, f)
	}
	c.HasIKEv2 = len(rc.IKEv2Profiles) > 0
	for i, l := range r.o.Lines {
		if strings.HasPrefix(l, "crypto isakmp policy") || strings.HasPrefix(l, "crypto isakmp profile") {
			ref := r.ref(parsers.Span{Start: i + 1, End: i + 1})
			ref.Mark(evidence.AttrHead, i+1)
			c.IKEv1 = append(c.IKEv1, ref)
		}
	}
	c.IPsec = r.ipsecPolicies(rc)
	c.Selectors = r.selectors(rc)
	if rc.BGP != nil {
		c.BGP = r.bgpConfig(rc.BGP)
	}
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{
		Out: r.o, Scope: r.configScope(), Rank: 1, Items: []evidence.Config{c}})
}

// identityPrefix reads "address 198.51.100.1 [255.255.255.255]" of match
// identity remote.
func identityPrefix(m string) (netip.Prefix, bool) {
	f := strings.Fields(m)
	if len(f) < 2 || f[0] != "address" {
		return netip.Prefix{}, false
	}
	a, err := netip.ParseAddr(f[1])
	if err != nil {
		return netip.Prefix{}, false
	}
	bits := a.BitLen()
	if len(f) >= 3 {
		if m, err := netip.ParseAddr(f[2]); err == nil && m.Is4() {
			bits = maskBits(m)
		}
	}
	return netip.PrefixFrom(a, bits).Masked(), true
}

func maskBits(m netip.Addr) int {
	b := m.As4()
	n := 0
	for _, x := range b {
		for i := 7; i >= 0; i-- {
			if x&(1<<i) == 0 {
				return n
			}
			n++
		}
	}
	return n
}

func (r reader) interfaceConfig(ic parsers.InterfaceConfig) evidence.InterfaceConfig {
	f := evidence.InterfaceConfig{
		Name: ic.Name, Description: ic.Description, Address: ic.Address, VRF: ic.VRF, Shutdown: ic.Shutdown,
		IPMTU: ic.IPMTU, AdjustMSS: ic.AdjustMSS, TunnelDestination: ic.TunnelDestination, TunnelVRF: ic.TunnelVRF,
		TunnelKey: ic.TunnelKey, Protection: ic.TunnelProtection, PMTUD: ic.PMTUD,
		IsTunnel:  strings.HasPrefix(strings.ToLower(ic.Name), "tunnel") || ic.TunnelSource != "" || ic.TunnelDestination.IsValid(),
		Keepalive: evidence.Keepalive{Known: true, On: ic.Keepalive, Period: ic.KeepalivePeriod, Retries: ic.KeepaliveRetries},
		Ref:       r.ref(ic.Span),
	}
	if a, err := netip.ParseAddr(ic.TunnelSource); err == nil {
		f.TunnelSource = a
	} else if ic.TunnelSource != "" {
		f.TunnelSourceIface = parsers.InterfaceName(ic.TunnelSource)
	}
	switch mode := strings.TrimSpace(ic.TunnelMode); {
	case mode == "" || strings.HasPrefix(mode, "gre"):
		f.TunnelMode = "gre"
	default:
		f.TunnelMode = mode
	}
	f.Ref.Mark(evidence.AttrHead, ic.Span.Start)
	f.Ref.MarkWhere(evidence.AttrAddress, "ip address", "ip unnumbered")
	f.Ref.MarkWhere(evidence.AttrVRF, "vrf forwarding", "ip vrf forwarding", "tunnel vrf")
	f.Ref.MarkWhere(evidence.AttrShutdown, "shutdown")
	f.Ref.MarkWhere(evidence.AttrMTU, "ip mtu")
	f.Ref.MarkWhere(evidence.AttrMSS, "adjust-mss")
	f.Ref.MarkWhere(evidence.AttrPMTUD, "path-mtu-discovery")
	f.Ref.MarkWhere(evidence.AttrKeepalive, "keepalive")
	f.Ref.MarkWhere(evidence.AttrEndpoints, "tunnel source", "tunnel destination")
	f.Ref.MarkWhere(evidence.AttrTransform, "tunnel protection", "crypto map")
	return f
}

// pfsGroup reads "group20" (set pfs group20); 0 when empty.
func pfsGroup(s string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(strings.ToLower(s), "group"))
	return n
}

// ipsecPolicies resolves what protects each tunnel and each crypto map
// peer: the IPsec profile (tunnel protection) or crypto map entry, with
// the transform sets they name.
func (r reader) ipsecPolicies(rc *parsers.RunningConfig) []evidence.IPsecPolicy {
	sets := map[string]parsers.TransformSet{}
	for _, ts := range rc.TransformSets {
		sets[ts.Name] = ts
	}
	resolve := func(p *evidence.IPsecPolicy, names []string) {
		for _, n := range names {
			ts, ok := sets[n]
			if !ok {
				continue
			}
			p.Transforms = append(p.Transforms, ts.Transforms)
			if p.Mode == "" {
				p.Mode = strings.ToLower(ts.Mode)
			}
			p.Ref.Mark(evidence.AttrTransform, lineRange(ts.Span)...)
		}
		if p.Mode == "" {
			p.Mode = "tunnel"
		}
	}
	var out []evidence.IPsecPolicy
	for _, ip := range rc.IPsecProfiles {
		p := evidence.IPsecPolicy{Name: ip.Name, PFSGroup: pfsGroup(ip.PFS), Lifetime: ip.Lifetime, Ref: r.ref(ip.Span)}
		if p.Lifetime == 0 && ip.LifetimeSec > 0 {
			p.Lifetime = time.Duration(ip.LifetimeSec) * time.Second
		}
		for _, ic := range rc.Interfaces {
			if ic.TunnelProtection == ip.Name {
				p.Interfaces = append(p.Interfaces, ic.Name)
			}
		}
		p.Ref.Mark(evidence.AttrHead, ip.Span.Start)
		p.Ref.MarkWhere(evidence.AttrTransform, "transform-set")
		p.Ref.MarkWhere(evidence.AttrPFS, "set pfs")
		p.Ref.MarkWhere(evidence.AttrLifetime, "lifetime")
		resolve(&p, ip.TransformSets)
		out = append(out, p)
	}
	for _, cm := range rc.CryptoMaps {
		p := evidence.IPsecPolicy{Name: cm.Name + " " + strconv.Itoa(cm.Seq), Peers: cm.Peers, PFSGroup: pfsGroup(cm.PFS),
			Lifetime: time.Duration(cm.LifetimeSec) * time.Second, Ref: r.ref(cm.Span)}
		p.Ref.Mark(evidence.AttrHead, cm.Span.Start)
		p.Ref.MarkWhere(evidence.AttrTransform, "transform-set")
		p.Ref.MarkWhere(evidence.AttrPFS, "set pfs")
		p.Ref.MarkWhere(evidence.AttrLifetime, "lifetime")
		resolve(&p, cm.TransformSets)
		out = append(out, p)
	}
	return out
}

// selectors reads the crypto ACL of every crypto map entry, per peer.
func (r reader) selectors(rc *parsers.RunningConfig) []evidence.CryptoSelector {
	var out []evidence.CryptoSelector
	for _, cm := range rc.CryptoMaps {
		var acl *parsers.AccessList
		for i := range rc.AccessLists {
			if rc.AccessLists[i].Name == cm.MatchACL {
				acl = &rc.AccessLists[i]
			}
		}
		for _, peer := range cm.Peers {
			s := evidence.CryptoSelector{Peer: peer, Name: cm.MatchACL, Defined: acl != nil, Ref: r.ref(cm.Span)}
			s.Ref.Mark(evidence.AttrHead, cm.Span.Start)
			s.Ref.MarkWhere(evidence.AttrSelectors, "match address")
			if acl != nil {
				s.Ref.Mark(evidence.AttrSelectors, acl.Span.Start)
				for _, e := range acl.Entries {
					if e.Action == "remark" {
						continue
					}
					s.Rules = append(s.Rules, selectorRule(e))
				}
			}
			out = append(out, s)
		}
	}
	return out
}

func selectorRule(e parsers.ACLEntry) evidence.SelectorRule {
	rule := evidence.SelectorRule{Permit: e.Action == "permit", Protocol: protocolNumber(e.Protocol),
		Text: strings.TrimSpace(e.Text), Line: e.Line}
	rule.Source, rule.AnySource = aclAddress(e.Source)
	rule.Destination, rule.AnyDest = aclAddress(e.Destination)
	return rule
}

// aclAddress reads an ACL address: "host A", "A 0.0.0.0", "any", or
// "A WILDCARD".
func aclAddress(s string) (netip.Prefix, bool) {
	f := strings.Fields(s)
	switch {
	case len(f) == 1 && f[0] == "any":
		return netip.Prefix{}, true
	case len(f) == 2 && f[0] == "host":
		if a, err := netip.ParseAddr(f[1]); err == nil {
			return netip.PrefixFrom(a, a.BitLen()), false
		}
	case len(f) == 2:
		a, err1 := netip.ParseAddr(f[0])
		w, err2 := netip.ParseAddr(f[1])
		if err1 == nil && err2 == nil && w.Is4() {
			b := w.As4()
			for i := range b {
				b[i] = ^b[i]
			}
			return netip.PrefixFrom(a, maskBits(netip.AddrFrom4(b))).Masked(), false
		}
	case len(f) == 1:
		if a, err := netip.ParseAddr(f[0]); err == nil {
			return netip.PrefixFrom(a, a.BitLen()), false
		}
	}
	return netip.Prefix{}, false
}

func (r reader) bgpConfig(b *parsers.BGPConfig) *evidence.BGPConfig {
	c := &evidence.BGPConfig{LocalAS: b.ASN, Ref: r.ref(b.Span)}
	c.Ref.Mark(evidence.AttrHead, b.Span.Start)
	c.Ref.Mark(evidence.AttrLocalAS, b.Span.Start)
	for _, n := range b.Neighbors {
		f := evidence.BGPNeighborConfig{Address: n.Address, VRF: n.VRF, RemoteAS: n.RemoteAS, LocalAS: n.LocalAS,
			PasswordSet: n.HasPassword, Shutdown: n.Shutdown, DefaultOriginate: n.DefaultOriginate,
			SoftReconfigIn: n.SoftReconfigInbound, Ref: r.ref(parsers.Span{Start: b.Span.Start, End: b.Span.End})}
		if n.PrefixListIn != "" {
			f.InboundPolicy = append(f.InboundPolicy, "prefix-list "+n.PrefixListIn)
		}
		if n.RouteMapIn != "" {
			f.InboundPolicy = append(f.InboundPolicy, "route-map "+n.RouteMapIn)
		}
		if n.PrefixListOut != "" {
			f.OutboundPolicy = append(f.OutboundPolicy, "prefix-list "+n.PrefixListOut)
		}
		if n.RouteMapOut != "" {
			f.OutboundPolicy = append(f.OutboundPolicy, "route-map "+n.RouteMapOut)
		}
		lines := slices.Clone(n.Lines)
		f.Ref.Mark(evidence.AttrHead, lines...)
		for _, ln := range lines {
			if ln < 1 || ln > len(r.o.Lines) {
				continue
			}
			t := r.o.Lines[ln-1]
			for _, m := range []struct {
				attr evidence.Attr
				word string
			}{{evidence.AttrRemoteAS, " remote-as "}, {evidence.AttrLocalAS, " local-as "}, {evidence.AttrPassword, " password"},
				{evidence.AttrOriginate, " default-originate"}, {evidence.AttrPolicy, " prefix-list "}, {evidence.AttrPolicy, " route-map "},
				{evidence.AttrPolicy, " filter-list "}, {evidence.AttrShutdown, " shutdown"}} {
				if strings.Contains(t, m.word) {
					f.Ref.Mark(m.attr, ln)
				}
			}
		}
		c.Neighbors = append(c.Neighbors, f)
	}
	return c
}
