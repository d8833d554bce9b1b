package junos

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// config reads show configuration: the IKE gateways, proposals and IPsec
// policies (listing keyed "crypto", partial: vcdiag does not read every
// way Junos can spell them) and the BGP groups (keyed "routing"). The
// interfaces (gr- and st0 units) are not read yet, so neither listing is
// a whole configuration: a missing interface is never inferred from it.
func (r reader) config(v *parse.Config) {
	cfg := evidence.Config{Ref: r.ref(spanOf(r.o))}
	for _, p := range v.IKEProposals {
		ip := evidence.IKEProposal{Name: p.Name, Ref: r.ref(p.Span)}
		if p.EncryptionAlgorithm != "" {
			ip.Encryption = []string{junosEncryption(p.EncryptionAlgorithm)}
		}
		if p.AuthenticationAlgorithm != "" {
			ip.Integrity = []string{junosIntegrity(p.AuthenticationAlgorithm)}
		}
		if g := parsers.NormalizeDHGroup(p.DHGroup); g > 0 {
			ip.DHGroups = []int{g}
		}
		cfg.IKEProposals = append(cfg.IKEProposals, ip)
	}
	lifetime := map[string]time.Duration{}
	for _, p := range v.IKEProposals {
		lifetime[p.Name] = time.Duration(p.LifetimeSeconds) * time.Second
	}
	for _, g := range v.IKEGateways {
		if g.Version == "v2-only" {
			cfg.HasIKEv2 = true
		} else {
			// Junos gateways default to IKEv1 unless version v2-only.
			cfg.IKEv1 = append(cfg.IKEv1, r.ref(g.Span))
		}
		pol := evidence.IKEPolicy{Name: g.Name, Ref: r.ref(g.Span)}
		for _, a := range g.Addresses {
			if ad, err := netip.ParseAddr(a); err == nil {
				pol.Peers = append(pol.Peers, netip.PrefixFrom(ad, ad.BitLen()))
			}
		}
		for _, ip := range v.IKEPolicies {
			if ip.Name == g.IKEPolicy && len(ip.Proposals) == 1 {
				pol.Lifetime = lifetime[ip.Proposals[0]]
			}
		}
		cfg.IKEPolicies = append(cfg.IKEPolicies, pol)
	}
	for _, vpn := range v.VPNs {
		ipol := evidence.IPsecPolicy{Name: vpn.Name, Mode: "tunnel", Ref: r.ref(vpn.Span)}
		if vpn.BindInterface != "" {
			ipol.Interfaces = []string{vpn.BindInterface}
		}
		for _, g := range v.IKEGateways {
			if g.Name == vpn.Gateway {
				for _, a := range g.Addresses {
					if ad, err := netip.ParseAddr(a); err == nil {
						ipol.Peers = append(ipol.Peers, ad)
					}
				}
			}
		}
		for _, p := range v.IPsecPolicies {
			if p.Name != vpn.IPsecPolicy {
				continue
			}
			ipol.PFSGroup = parsers.NormalizeDHGroup(p.PFSGroup)
			for _, name := range p.Proposals {
				for _, pr := range v.IPsecProposals {
					if pr.Name == name {
						ipol.Transforms = append(ipol.Transforms, espTransform(pr))
						if pr.LifetimeSeconds > 0 {
							ipol.Lifetime = time.Duration(pr.LifetimeSeconds) * time.Second
						}
					}
				}
			}
		}
		cfg.IPsec = append(cfg.IPsec, ipol)
	}
	partial := r.cmd.Variant == "filtered"
	if len(v.IKEProposals)+len(v.IKEGateways)+len(v.VPNs) > 0 {
		c := cfg
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: "crypto", Partial: true}, Rank: 1, Items: []evidence.Config{c}})
	}
	if len(v.BGPGroups) > 0 || v.LocalAS != 0 {
		b := evidence.Config{Ref: cfg.Ref, BGP: bgpConfig(r, v)}
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: "routing", Partial: partial}, Rank: 1, Items: []evidence.Config{b}})
	}
}

// espTransform is an IPsec proposal's transforms, normalised.
func espTransform(p parse.Proposal) []string {
	var t []string
	if e := p.EncryptionAlgorithm; e != "" {
		n := junosEncryption(e)
		if strings.HasPrefix(n, "aes-gcm-") {
			t = append(t, "esp-gcm-"+strings.TrimPrefix(n, "aes-gcm-"))
		} else {
			t = append(t, "esp-aes-"+strings.TrimPrefix(n, "aes-cbc-"))
		}
	}
	if a := p.AuthenticationAlgorithm; a != "" {
		t = append(t, "esp-"+junosIntegrity(a)+"-hmac")
	}
	return t
}

// bgpConfig is the BGP groups' neighbors, each with what it inherits from
// its group.
func bgpConfig(r reader, v *parse.Config) *evidence.BGPConfig {
	b := &evidence.BGPConfig{LocalAS: v.LocalAS, Ref: r.ref(spanOf(r.o))}
	for _, g := range v.BGPGroups {
		for _, n := range g.Neighbors {
			a, err := netip.ParseAddr(n.Addr)
			if err != nil {
				continue
			}
			nc := evidence.BGPNeighborConfig{Address: a, RemoteAS: n.PeerAS, LocalAS: n.LocalAS,
				PasswordSet: n.AuthConfigured || g.AuthConfigured, Ref: r.ref(n.Span)}
			if nc.RemoteAS == 0 {
				nc.RemoteAS = g.PeerAS
			}
			if nc.LocalAS == 0 {
				nc.LocalAS = g.LocalAS
			}
			// Junos applies the neighbor's import/export instead of the group's.
			imp, exp := n.Import, n.Export
			if len(imp) == 0 {
				imp = g.Import
			}
			if len(exp) == 0 {
				exp = g.Export
			}
			for _, p := range imp {
				nc.InboundPolicy = append(nc.InboundPolicy, "policy-statement "+p)
			}
			for _, p := range exp {
				nc.OutboundPolicy = append(nc.OutboundPolicy, "policy-statement "+p)
			}
			nc.Ref.MarkWhere(evidence.AttrRemoteAS, "peer-as")
			nc.Ref.MarkWhere(evidence.AttrPassword, "authentication-key")
			nc.Ref.MarkWhere(evidence.AttrPolicy, "import", "export")
			nc.Ref.MarkWhere(evidence.AttrLocalAS, "local-as")
			b.Neighbors = append(b.Neighbors, nc)
		}
	}
	return b
}
