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
			// IKEv2 on Junos derives the PRF from the authentication
			// algorithm (sha-256: PRF hmac-sha256, as the SA detail shows).
			ip.Integrity = []string{junosIntegrity(p.AuthenticationAlgorithm)}
			ip.PRF = ip.Integrity
		}
		if p.PRF != "" {
			ip.PRF = []string{junosIntegrity(p.PRF)}
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
		if sel, ok := vpnSelector(r, vpn, ipol.Peers); ok {
			cfg.Selectors = append(cfg.Selectors, sel...)
		}
	}
	partial := r.cmd.Variant == "filtered"
	if len(v.IKEProposals)+len(v.IKEGateways)+len(v.VPNs) > 0 {
		c := cfg
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: "crypto", Partial: true}, Rank: 1, Items: []evidence.Config{c}})
		r.backfillIKEAges()
	}
	if len(v.Units) > 0 {
		u := evidence.Config{Ref: cfg.Ref, Interfaces: unitConfigs(r, v)}
		r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
			Scope: evidence.Scope{Key: "interfaces", Partial: true}, Rank: 1, Items: []evidence.Config{u}})
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

// vpnSelector is the traffic selector a route-based VPN negotiates: its
// proxy-identity (local, remote, service), each part defaulting to what
// Junos sends without it (0.0.0.0/0, any service). A VPN with IKEv2
// traffic-selector statements gives none: their combinations are not
// read.
func vpnSelector(r reader, vpn parse.VPN, peers []netip.Addr) ([]evidence.CryptoSelector, bool) {
	if len(vpn.TrafficSelectors) > 0 || len(peers) == 0 {
		return nil, false
	}
	rule := evidence.SelectorRule{Permit: true, Protocol: serviceProtocol(vpn.ProxyService),
		Source: netip.MustParsePrefix("0.0.0.0/0"), Destination: netip.MustParsePrefix("0.0.0.0/0"),
		AnySource: vpn.ProxyLocal == "", AnyDest: vpn.ProxyRemote == ""}
	rule.Text = "proxy-identity local " + orDefault(vpn.ProxyLocal, "0.0.0.0/0") + " remote " +
		orDefault(vpn.ProxyRemote, "0.0.0.0/0") + " service " + orDefault(vpn.ProxyService, "any")
	for _, x := range []struct {
		text string
		dst  *netip.Prefix
	}{{vpn.ProxyLocal, &rule.Source}, {vpn.ProxyRemote, &rule.Destination}} {
		if x.text == "" {
			continue
		}
		p, err := netip.ParsePrefix(x.text)
		if err != nil {
			return nil, false // a prefix vcdiag cannot read: no judgement
		}
		*x.dst = p
	}
	ref := r.ref(vpn.Span)
	if len(vpn.ProxyLines) > 0 {
		rule.Line = vpn.ProxyLines[0]
		ref.Mark(evidence.AttrSelectors, vpn.ProxyLines...)
	} else {
		rule.Line = vpn.Span.Start
		ref.Mark(evidence.AttrSelectors, vpn.Span.Start)
	}
	var out []evidence.CryptoSelector
	for _, p := range peers {
		out = append(out, evidence.CryptoSelector{Peer: p, Name: "vpn " + vpn.Name + " proxy-identity", Defined: true,
			Rules: []evidence.SelectorRule{rule}, Ref: ref})
	}
	return out, true
}

// serviceProtocol is the IP protocol of a proxy-identity service: any (0),
// junos-gre (47); -1 for another application.
func serviceProtocol(s string) int {
	switch strings.ToLower(s) {
	case "", "any":
		return 0
	case "junos-gre", "gre":
		return 47
	}
	return -1
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// unitConfigs are the configured logical units. Junos clamps TCP MSS per
// kind of traffic (security flow tcp-mss), not per interface: gre-in and
// gre-out (or all-tcp) are what applies to a gr- unit, the smaller of the
// two. A gr- unit has no path-MTU-discovery setting, so PMTUD is unknown.
func unitConfigs(r reader, v *parse.Config) []evidence.InterfaceConfig {
	mss, mssLines := greMSS(v.TCPMSS)
	var out []evidence.InterfaceConfig
	for _, u := range v.Units {
		ic := evidence.InterfaceConfig{Name: u.Name, Description: u.Description, Shutdown: u.Disabled, IPMTU: u.MTU,
			IsTunnel: isTunnelName(u.Name), Ref: r.ref(u.Span)}
		if p, err := netip.ParsePrefix(u.Address); err == nil {
			ic.Address = p
		}
		if strings.HasPrefix(u.Name, "gr-") {
			ic.TunnelMode = "gre"
			ic.TunnelSource, _ = netip.ParseAddr(u.TunnelSource)
			ic.TunnelDestination, _ = netip.ParseAddr(u.TunnelDestination)
			ic.AdjustMSS, ic.PMTUDUnknown = mss, true
			ic.Ref.Mark(evidence.AttrMSS, mssLines...)
			for _, k := range v.GREKeepalives {
				if k.Interface == u.Name {
					ic.Keepalive = evidence.Keepalive{Known: true, On: true,
						Period: time.Duration(k.Interval) * time.Second}
					if k.Interval > 0 && k.Hold > 0 {
						ic.Keepalive.Retries = k.Hold / k.Interval
					}
					ic.Ref.Mark(evidence.AttrKeepalive, k.Span.Start, k.Span.End)
				}
			}
		}
		ic.Ref.Mark(evidence.AttrAddress, u.AddressLines...)
		ic.Ref.Mark(evidence.AttrMTU, u.MTULines...)
		ic.Ref.Mark(evidence.AttrEndpoints, u.TunnelLines...)
		out = append(out, ic)
	}
	return out
}

// greMSS is the MSS clamp GRE traffic gets: the smaller of gre-in and
// gre-out when both are set, else all-tcp; 0 when neither is.
func greMSS(list []parse.TCPMSS) (int, []int) {
	by := map[string]parse.TCPMSS{}
	for _, m := range list {
		by[m.Kind] = m
	}
	in, okIn := by["gre-in"]
	out, okOut := by["gre-out"]
	switch {
	case okIn && okOut:
		return min(in.MSS, out.MSS), []int{in.Line, out.Line}
	case okIn:
		return in.MSS, []int{in.Line}
	case okOut:
		return out.MSS, []int{out.Line}
	}
	if a, ok := by["all-tcp"]; ok {
		return a.MSS, []int{a.Line}
	}
	return 0, nil
}
