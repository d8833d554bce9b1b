package parse

import (
	"strings"
)

// ParseConfig reads `show configuration [HIERARCHY] [| display set]`.
// under names the hierarchy the command asked for ("security ike",
// "protocols bgp", "" for the whole configuration): the curly-brace form
// prints its statements relative to it.
func ParseConfig(out, under string) (*Config, error) {
	ls := prep(out)
	st, err := flatten(ls, under)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	for _, s := range st {
		c.apply(s)
	}
	return c, nil
}

func find[T any](list *[]T, name string, nameOf func(*T) string, mk func(string) T) *T {
	for i := range *list {
		if nameOf(&(*list)[i]) == name {
			return &(*list)[i]
		}
	}
	*list = append(*list, mk(name))
	return &(*list)[len(*list)-1]
}

func after(w []string, i int) string {
	if i < len(w) {
		return w[i]
	}
	return ""
}

func (c *Config) apply(s stmt) {
	w := s.words
	switch {
	case len(w) >= 3 && w[0] == "routing-options" && w[1] == "autonomous-system":
		c.LocalAS, _ = u32(w[2])
	case len(w) >= 5 && w[0] == "security" && (w[1] == "ike" || w[1] == "ipsec") && w[2] == "proposal":
		list := &c.IKEProposals
		if w[1] == "ipsec" {
			list = &c.IPsecProposals
		}
		p := find(list, w[3], func(p *Proposal) string { return p.Name }, func(n string) Proposal { return Proposal{Name: n} })
		p.Span.Cover(s.n)
		v := after(w, 5)
		switch w[4] {
		case "authentication-method":
			p.AuthenticationMethod = v
		case "dh-group":
			p.DHGroup = v
		case "authentication-algorithm":
			p.AuthenticationAlgorithm = v
		case "prf":
			p.PRF = v
		case "encryption-algorithm":
			p.EncryptionAlgorithm = v
		case "protocol":
			p.Protocol = v
		case "lifetime-seconds":
			p.LifetimeSeconds, _ = u64(v)
		}
	case len(w) >= 5 && w[0] == "security" && w[1] == "ike" && w[2] == "policy":
		p := find(&c.IKEPolicies, w[3], func(p *IKEPolicy) string { return p.Name }, func(n string) IKEPolicy { return IKEPolicy{Name: n} })
		p.Span.Cover(s.n)
		switch w[4] {
		case "mode":
			p.Mode = after(w, 5)
		case "proposals":
			p.Proposals = append(p.Proposals, w[5:]...)
		case "proposal-set":
			p.ProposalSet = after(w, 5)
		case "pre-shared-key":
			p.PSKConfigured, p.PSKFormat = true, after(w, 5)
		}
	case len(w) >= 5 && w[0] == "security" && w[1] == "ipsec" && w[2] == "policy":
		p := find(&c.IPsecPolicies, w[3], func(p *Policy) string { return p.Name }, func(n string) Policy { return Policy{Name: n} })
		p.Span.Cover(s.n)
		switch w[4] {
		case "perfect-forward-secrecy":
			p.PFSGroup = after(w, 6)
		case "proposals":
			p.Proposals = append(p.Proposals, w[5:]...)
		case "proposal-set":
			p.ProposalSet = after(w, 5)
		}
	case len(w) >= 5 && w[0] == "security" && w[1] == "ike" && w[2] == "gateway":
		g := find(&c.IKEGateways, w[3], func(g *IKEGateway) string { return g.Name }, func(n string) IKEGateway { return IKEGateway{Name: n} })
		g.Span.Cover(s.n)
		v := after(w, 5)
		switch w[4] {
		case "ike-policy":
			g.IKEPolicy = v
		case "address":
			g.Addresses = append(g.Addresses, w[5:]...)
		case "external-interface":
			g.ExternalInterface = v
		case "local-address":
			g.LocalAddress = v
		case "version":
			g.Version = v
		case "dead-peer-detection":
			g.DPD = true
		case "no-nat-traversal":
			g.NoNATTraversal = true
		case "local-identity":
			g.LocalIdentity = strings.Join(w[5:], " ")
		case "remote-identity":
			g.RemoteIdentity = strings.Join(w[5:], " ")
		}
	case len(w) >= 5 && w[0] == "security" && w[1] == "ipsec" && w[2] == "vpn":
		c.applyVPN(s)
	case len(w) >= 3 && w[0] == "protocols" && w[1] == "bgp":
		c.applyBGP(s)
	case len(w) >= 5 && w[0] == "interfaces" && w[2] == "unit":
		c.applyUnit(s)
	case len(w) >= 6 && w[0] == "security" && w[1] == "flow" && w[2] == "tcp-mss" && w[4] == "mss":
		if n, ok := u32(w[5]); ok && n < 1<<16 {
			c.TCPMSS = append(c.TCPMSS, TCPMSS{Kind: w[3], MSS: int(n), Line: s.n})
		}
	case len(w) >= 6 && w[0] == "protocols" && w[1] == "oam" && w[2] == "gre-tunnel" && w[3] == "interface":
		k := find(&c.GREKeepalives, w[4], func(k *GREKeepalive) string { return k.Interface },
			func(n string) GREKeepalive { return GREKeepalive{Interface: n} })
		k.Span.Cover(s.n)
		if n, ok := u32(after(w, 6)); ok && n < 1<<16 {
			switch w[5] {
			case "keepalive-time":
				k.Interval = int(n)
			case "hold-time":
				k.Hold = int(n)
			}
		}
	}
}

// applyUnit reads set interfaces IFD unit N ...: description, disable,
// family inet address|mtu, tunnel source|destination.
func (c *Config) applyUnit(s stmt) {
	w := s.words
	name := w[1] + "." + w[3]
	u := find(&c.Units, name, func(u *Unit) string { return u.Name }, func(n string) Unit { return Unit{Name: n} })
	u.Span.Cover(s.n)
	switch after(w, 4) {
	case "description":
		u.Description = strings.Trim(strings.Join(w[5:], " "), `"`)
	case "disable":
		u.Disabled = true
	case "family":
		if after(w, 5) != "inet" {
			return
		}
		switch after(w, 6) {
		case "address":
			if u.Address == "" {
				u.Address = after(w, 7)
			}
			u.AddressLines = append(u.AddressLines, s.n)
		case "mtu":
			if n, ok := u32(after(w, 7)); ok && n < 1<<16 {
				u.MTU = int(n)
				u.MTULines = append(u.MTULines, s.n)
			}
		}
	case "tunnel":
		switch after(w, 5) {
		case "source":
			u.TunnelSource = after(w, 6)
		case "destination":
			u.TunnelDestination = after(w, 6)
		default:
			return
		}
		u.TunnelLines = append(u.TunnelLines, s.n)
	}
}

func (c *Config) applyVPN(s stmt) {
	w := s.words
	v := find(&c.VPNs, w[3], func(v *VPN) string { return v.Name }, func(n string) VPN { return VPN{Name: n} })
	v.Span.Cover(s.n)
	x := after(w, 5)
	switch w[4] {
	case "bind-interface":
		v.BindInterface = x
	case "establish-tunnels":
		v.EstablishTunnels = x
	case "vpn-monitor":
		v.VPNMonitor = true
	case "df-bit":
		v.DFBit = x
	case "traffic-selector":
		if len(w) >= 8 {
			v.TrafficSelectors = append(v.TrafficSelectors, x+" "+w[6]+" "+w[7])
		}
	case "ike":
		switch x {
		case "gateway":
			v.Gateway = after(w, 6)
		case "ipsec-policy":
			v.IPsecPolicy = after(w, 6)
		case "proxy-identity":
			v.ProxyLines = append(v.ProxyLines, s.n)
			switch after(w, 6) {
			case "local":
				v.ProxyLocal = after(w, 7)
			case "remote":
				v.ProxyRemote = after(w, 7)
			case "service":
				v.ProxyService = after(w, 7)
			}
		}
	}
}

func (c *Config) applyBGP(s stmt) {
	w := s.words
	if w[2] != "group" || len(w) < 5 {
		return
	}
	g := find(&c.BGPGroups, w[3], func(g *BGPGroup) string { return g.Name }, func(n string) BGPGroup { return BGPGroup{Name: n} })
	g.Span.Cover(s.n)
	if w[4] == "neighbor" && len(w) >= 6 {
		n := find(&g.Neighbors, w[5], func(n *BGPNeighCfg) string { return n.Addr }, func(a string) BGPNeighCfg { return BGPNeighCfg{Addr: a} })
		n.Span.Cover(s.n)
		if len(w) >= 7 {
			bgpAttr(w[6:], &n.PeerAS, &n.LocalAS, &n.Import, &n.Export, &n.AuthConfigured, &n.Description)
		}
		return
	}
	if w[4] == "type" {
		g.Type = after(w, 5)
	}
	if w[4] == "local-address" {
		g.LocalAddress = after(w, 5)
	}
	var desc string
	bgpAttr(w[4:], &g.PeerAS, &g.LocalAS, &g.Import, &g.Export, &g.AuthConfigured, &desc)
}

func bgpAttr(w []string, peerAS, localAS *uint32, imp, exp *[]string, auth *bool, desc *string) {
	switch w[0] {
	case "peer-as":
		*peerAS, _ = u32(after(w, 1))
	case "local-as":
		*localAS, _ = u32(after(w, 1))
	case "import":
		*imp = append(*imp, w[1:]...)
	case "export":
		*exp = append(*exp, w[1:]...)
	case "authentication-key", "authentication-key-chain":
		*auth = true
	case "description":
		*desc = after(w, 1)
	}
}
