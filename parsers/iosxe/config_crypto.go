package iosxe

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

func cfgSecs(n int) time.Duration { return time.Duration(n) * time.Second }

// startCrypto opens a "crypto ..." section. Sections vcdiag does not read
// (crypto pki, crypto isakmp, crypto map NAME local-address) are skipped.
func (p *cfgParser) startCrypto(n int, f []string) error {
	name := ""
	if len(f) >= 4 {
		name = f[3]
	}
	switch {
	case f[1] == "ikev2" && f[2] == "proposal" && name != "":
		p.startIKEv2Proposal(n, name)
	case f[1] == "ikev2" && f[2] == "policy" && name != "":
		p.rc.IKEv2Policies = append(p.rc.IKEv2Policies, parsers.IKEv2Policy{Name: name})
		pol := &p.rc.IKEv2Policies[len(p.rc.IKEv2Policies)-1]
		pol.Span.Cover(n)
		p.body = func(n int, t string, _ int) error {
			pol.Span.Cover(n)
			g := strings.Fields(t)
			switch {
			case g[0] == "proposal" && len(g) >= 2:
				pol.Proposals = append(pol.Proposals, g[1:]...)
			case len(g) >= 3 && g[0] == "match" && g[1] == "fvrf":
				pol.MatchFVRF = g[2]
			case len(g) >= 4 && g[0] == "match" && g[1] == "address" && g[2] == "local":
				pol.MatchAddressLocal = append(pol.MatchAddressLocal, g[3:]...)
			}
			return nil
		}
	case f[1] == "ikev2" && f[2] == "keyring" && name != "":
		p.startKeyring(n, name)
	case f[1] == "ikev2" && f[2] == "profile" && name != "":
		p.startIKEv2Profile(n, name)
	case f[1] == "ipsec" && f[2] == "transform-set" && name != "":
		p.rc.TransformSets = append(p.rc.TransformSets, parsers.TransformSet{
			Name: name, Transforms: parsers.NormalizeTransform(strings.Join(f[4:], " ")), Mode: "tunnel",
		})
		ts := &p.rc.TransformSets[len(p.rc.TransformSets)-1]
		ts.Span.Cover(n)
		p.body = func(n int, t string, _ int) error {
			ts.Span.Cover(n)
			if g := strings.Fields(t); len(g) >= 2 && g[0] == "mode" {
				ts.Mode = g[1]
			}
			return nil
		}
	case f[1] == "ipsec" && f[2] == "profile" && name != "":
		p.startIPsecProfile(n, name)
	case f[1] == "map" && len(f) >= 4:
		return p.startCryptoMap(n, f)
	}
	return nil
}

func (p *cfgParser) startIKEv2Proposal(n int, name string) {
	p.rc.IKEv2Proposals = append(p.rc.IKEv2Proposals, parsers.IKEv2Proposal{Name: name})
	pr := &p.rc.IKEv2Proposals[len(p.rc.IKEv2Proposals)-1]
	pr.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		pr.Span.Cover(n)
		g := strings.Fields(t)
		if len(g) < 2 {
			return nil
		}
		switch g[0] {
		case "encryption":
			for _, e := range g[1:] {
				pr.Encryption = append(pr.Encryption, parsers.NormalizeEncryption(e, 0))
			}
		case "integrity":
			for _, e := range g[1:] {
				pr.Integrity = append(pr.Integrity, parsers.NormalizeHash(e))
			}
		case "prf":
			for _, e := range g[1:] {
				pr.PRF = append(pr.PRF, parsers.NormalizeHash(e))
			}
		case "group":
			for _, e := range g[1:] {
				if d := parsers.NormalizeDHGroup(e); d != 0 {
					pr.DHGroups = append(pr.DHGroups, d)
				}
			}
		}
		return nil
	}
}

// startKeyring reads a keyring. The key itself, in "pre-shared-key [local|
// remote] [0|6|7] SECRET", is never kept.
func (p *cfgParser) startKeyring(n int, name string) {
	p.rc.IKEv2Keyrings = append(p.rc.IKEv2Keyrings, parsers.IKEv2Keyring{Name: name})
	kr := &p.rc.IKEv2Keyrings[len(p.rc.IKEv2Keyrings)-1]
	kr.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		kr.Span.Cover(n)
		g := strings.Fields(t)
		if g[0] == "peer" && len(g) >= 2 {
			kr.Peers = append(kr.Peers, parsers.IKEv2KeyringPeer{Name: g[1]})
			return nil
		}
		if len(kr.Peers) == 0 {
			return nil
		}
		peer := &kr.Peers[len(kr.Peers)-1]
		switch g[0] {
		case "address":
			peer.Address = cfgAddrWithMask(g[1:])
		case "pre-shared-key":
			peer.HasPSK = true
		}
		return nil
	}
}

func (p *cfgParser) startIKEv2Profile(n int, name string) {
	p.rc.IKEv2Profiles = append(p.rc.IKEv2Profiles, parsers.IKEv2Profile{Name: name})
	pf := &p.rc.IKEv2Profiles[len(p.rc.IKEv2Profiles)-1]
	pf.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		pf.Span.Cover(n)
		g := strings.Fields(t)
		switch {
		case len(g) >= 4 && g[0] == "match" && g[1] == "identity" && g[2] == "remote":
			pf.MatchIdentityRemote = append(pf.MatchIdentityRemote, strings.Join(g[3:], " "))
		case len(g) >= 3 && g[0] == "match" && g[1] == "fvrf":
			pf.MatchFVRF = g[2]
		case len(g) >= 3 && g[0] == "identity" && g[1] == "local":
			pf.IdentityLocal = strings.Join(g[2:], " ")
		case len(g) >= 3 && g[0] == "authentication":
			// "authentication remote pre-share key SECRET": keep the method only.
			if g[1] == "local" {
				pf.AuthLocal = g[2]
			} else if g[1] == "remote" {
				pf.AuthRemote = g[2]
			}
		case len(g) >= 3 && g[0] == "keyring" && g[1] == "local":
			pf.Keyring = g[2]
		case len(g) >= 2 && g[0] == "keyring":
			pf.Keyring = g[len(g)-1]
		case len(g) >= 2 && g[0] == "lifetime":
			pf.LifetimeSec = devAtoi(g[1])
			pf.Lifetime = cfgSecs(pf.LifetimeSec)
		case len(g) >= 2 && g[0] == "dpd":
			pf.DPD = strings.Join(g[1:], " ")
		}
		return nil
	}
}

func (p *cfgParser) startIPsecProfile(n int, name string) {
	p.rc.IPsecProfiles = append(p.rc.IPsecProfiles, parsers.IPsecProfile{Name: name})
	ip := &p.rc.IPsecProfiles[len(p.rc.IPsecProfiles)-1]
	ip.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		ip.Span.Cover(n)
		g := strings.Fields(t)
		if len(g) < 3 || g[0] != "set" {
			return nil
		}
		switch g[1] {
		case "transform-set":
			ip.TransformSets = append(ip.TransformSets, g[2:]...)
		case "ikev2-profile":
			ip.IKEv2Profile = g[2]
		case "pfs":
			ip.PFS = g[2]
		case "security-association":
			if len(g) >= 5 && g[2] == "lifetime" && g[3] == "seconds" {
				ip.LifetimeSec = devAtoi(g[4])
				ip.Lifetime = cfgSecs(ip.LifetimeSec)
			}
		}
		return nil
	}
}

// startCryptoMap reads "crypto map NAME SEQ ipsec-isakmp" entries; the
// one-line "crypto map NAME local-address IFACE" is not an entry.
func (p *cfgParser) startCryptoMap(n int, f []string) error {
	if f[3] == "local-address" || f[3] == "redundancy" || f[3] == "isakmp" {
		return nil
	}
	seq, err := cfgAtoiStrict(f[3])
	if err != nil {
		return err
	}
	e := parsers.CryptoMapEntry{Name: f[2], Seq: seq}
	if len(f) >= 5 {
		e.Type = f[4]
	}
	p.rc.CryptoMaps = append(p.rc.CryptoMaps, e)
	cm := &p.rc.CryptoMaps[len(p.rc.CryptoMaps)-1]
	cm.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		cm.Span.Cover(n)
		g := strings.Fields(t)
		switch {
		case len(g) >= 3 && g[0] == "set" && g[1] == "peer":
			if a, err := netip.ParseAddr(g[2]); err == nil {
				cm.Peers = append(cm.Peers, a)
			}
		case len(g) >= 3 && g[0] == "match" && g[1] == "address":
			cm.MatchACL = g[2]
		case len(g) >= 3 && g[0] == "set" && g[1] == "transform-set":
			cm.TransformSets = append(cm.TransformSets, g[2:]...)
		case len(g) >= 3 && g[0] == "set" && g[1] == "ikev2-profile":
			cm.IKEv2Profile = g[2]
		case len(g) >= 3 && g[0] == "set" && g[1] == "pfs":
			cm.PFS = g[2]
		case len(g) >= 5 && g[0] == "set" && g[1] == "security-association" && g[3] == "seconds":
			cm.LifetimeSec = devAtoi(g[4])
		}
		return nil
	}
	return nil
}
