package panos

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/panos/parse"
)

// tunnelConfigs reads show vpn tunnel: per IPsec tunnel, its proxy ID (the
// traffic selector PAN-OS negotiates: 0.0.0.0/0 protocol 0 unless proxy IDs
// are configured) and its IPsec proposal (transforms, PFS group,
// lifetime). They become the crypto selector and IPsec policy of the DI
// peer the tunnel leads to. The output names the tunnel and its IKE
// gateway, not the peer: the peer comes from the IKE and IPsec SA tables
// and the VPN flow table read before it; a tunnel whose peer they do not give is set aside with a
// note. The listing is partial: it is not the whole configuration.
func (r reader) tunnelConfigs(v []parse.TunnelConfig) {
	peers := r.tunnelPeers()
	cfg := evidence.Config{Ref: r.ref(spanOfTunnels(v))}
	var unmapped []string
	for _, tc := range v {
		peer, ok := peers[strings.ToLower(tc.Name)]
		if !ok {
			peer, ok = peers["gw:"+strings.ToLower(tc.Gateway)]
		}
		if !ok {
			unmapped = append(unmapped, tc.Name)
			continue
		}
		ref := r.ref(tc.Span)
		ref.Mark(evidence.AttrSelectors, tc.Span.Start)
		ref.Mark(evidence.AttrTransform, tc.Span.Start)
		ref.Mark(evidence.AttrPFS, tc.Span.Start)
		ref.Mark(evidence.AttrLifetime, tc.Span.Start)
		rule := evidence.SelectorRule{Permit: true, Protocol: parse.Protocol(tc.LocalPort),
			Source: tc.LocalProxy, Destination: tc.RemoteProxy,
			AnySource: tc.LocalProxy.Bits() == 0, AnyDest: tc.RemoteProxy.Bits() == 0,
			Text: "proxy-id " + tc.LocalProxy.String() + " " + tc.LocalPort + " -> " + tc.RemoteProxy.String() + " " + tc.RemotePort,
			Line: tc.Span.Start}
		if p := parse.Protocol(tc.RemotePort); p != rule.Protocol {
			rule.Protocol = -1 // the two sides disagree: no protocol the checks know
		}
		cfg.Selectors = append(cfg.Selectors, evidence.CryptoSelector{Peer: peer, Name: tc.Name, Defined: true,
			Rules: []evidence.SelectorRule{rule}, Ref: ref})
		pol := evidence.IPsecPolicy{Name: tc.Name, Peers: []netip.Addr{peer}, PFSGroup: tc.PFSGroup,
			Lifetime: tc.Lifetime, Ref: ref}
		if tc.Tunnel {
			pol.Mode = "tunnel"
		}
		if set := proposalTransforms(tc); len(set) > 0 {
			pol.Transforms = [][]string{set}
		}
		cfg.IPsec = append(cfg.IPsec, pol)
	}
	if len(unmapped) > 0 {
		r.o.Notes = append(r.o.Notes, "IPsec tunnels whose DI peer the IKE/IPsec SA tables read before did not give were set aside: "+strings.Join(unmapped, ", "))
	}
	r.cpe.Configs = append(r.cpe.Configs, evidence.Listing[evidence.Config]{Out: r.o,
		Scope: evidence.Scope{Key: "crypto", Partial: true}, Rank: rankTable, Items: []evidence.Config{cfg}})
}

// tunnelPeers maps tunnel names (and "gw:"+gateway names) to their peers,
// from the show vpn ipsec-sa, show vpn flow (which lists down tunnels too)
// and show vpn ike-sa read on this CPE, later outputs overriding.
func (r reader) tunnelPeers() map[string]netip.Addr {
	m := map[string]netip.Addr{}
	for _, o := range r.cpe.Outputs {
		switch v := o.Parsed.(type) {
		case *parse.IPsecSAs:
			for _, sa := range v.SAs {
				if sa.Peer.IsValid() {
					m[strings.ToLower(sa.Tunnel)] = sa.Peer
					m["gw:"+strings.ToLower(sa.Gateway)] = sa.Peer
				}
			}
		case []parse.Flow:
			for _, f := range v {
				if f.Peer.IsValid() {
					m[strings.ToLower(f.Name)] = f.Peer
				}
			}
		case *parse.IKESAs:
			for _, sa := range v.SAs {
				if sa.Peer.IsValid() {
					m["gw:"+strings.ToLower(sa.Gateway)] = sa.Peer
				}
			}
		}
	}
	return m
}

// proposalTransforms turns "[AES256][SHA256]" into normalised ESP
// transforms; nil when a word is not one vcdiag knows.
func proposalTransforms(tc parse.TunnelConfig) []string {
	var out []string
	for _, e := range tc.Encryption {
		switch e {
		case "AES128", "AES-128-CBC":
			out = append(out, "esp-aes-128")
		case "AES192", "AES-192-CBC":
			out = append(out, "esp-aes-192")
		case "AES256", "AES-256-CBC":
			out = append(out, "esp-aes-256")
		case "AES128GCM", "AES-128-GCM", "GCM128":
			out = append(out, "esp-gcm-128")
		case "AES256GCM", "AES-256-GCM", "GCM256":
			out = append(out, "esp-gcm-256")
		default:
			return nil
		}
	}
	for _, a := range tc.Auth {
		switch a {
		case "SHA1", "SHA256", "SHA384", "SHA512":
			out = append(out, "esp-"+strings.ToLower(a)+"-hmac")
		case "NONE":
		default:
			return nil
		}
	}
	return out
}

// spanOfTunnels covers every row.
func spanOfTunnels(v []parse.TunnelConfig) (s parsers.Span) {
	for _, tc := range v {
		s.Cover(tc.Span.Start)
	}
	return s
}
