package iosxe

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// bgpState collects "router bgp" lines. Neighbors are keyed by address (or
// peer-group name) and VRF, because the same statement may be spread over
// the global part and an address family.
type bgpState struct {
	cfg       *parsers.BGPConfig
	order     []string
	nbrs      map[string]*parsers.BGPNeighborConfig
	af        string // "" global, "ipv4" (unicast), "vrf:NAME", "other"
	inTmpl    bool   // inside "template peer-session|peer-policy"
	noDefault bool   // "no bgp default ipv4-unicast"
	explicit  map[string]bool
}

// startBGP opens "router bgp ASN" (asplain or asdot).
func (p *cfgParser) startBGP(n int, asn string) error {
	as, err := cfgParseASN(asn)
	if err != nil {
		return err
	}
	if p.rc.BGP == nil {
		p.rc.BGP = &parsers.BGPConfig{ASN: as}
		p.bgp = &bgpState{nbrs: map[string]*parsers.BGPNeighborConfig{}, explicit: map[string]bool{}}
	}
	st := p.bgp
	st.cfg = p.rc.BGP
	st.af, st.inTmpl = "", false
	st.cfg.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		st.cfg.Span.Cover(n)
		return st.line(n, t)
	}
	return nil
}

func cfgParseASN(s string) (uint32, error) {
	if hi, lo, ok := strings.Cut(s, "."); ok {
		h, err1 := strconv.ParseUint(hi, 10, 16)
		l, err2 := strconv.ParseUint(lo, 10, 16)
		if err1 != nil || err2 != nil {
			return 0, devErrWant("an AS number, not " + strconv.Quote(s))
		}
		return uint32(h<<16 | l), nil
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, devErrWant("an AS number, not " + strconv.Quote(s))
	}
	return uint32(v), nil
}

func (st *bgpState) line(n int, t string) error {
	f := strings.Fields(t)
	switch {
	case f[0] == "template":
		st.inTmpl = true
	case strings.HasPrefix(f[0], "exit-peer-"):
		st.inTmpl = false
	case st.inTmpl:
	case f[0] == "address-family":
		st.af = "other"
		switch {
		case len(f) >= 4 && f[1] == "ipv4" && f[2] == "vrf":
			st.af = "vrf:" + f[3]
		case len(f) == 2 && f[1] == "ipv4", len(f) == 3 && f[1] == "ipv4" && f[2] == "unicast":
			st.af = "ipv4"
		case len(f) >= 5 && f[1] == "ipv4" && f[2] == "unicast" && f[3] == "vrf":
			st.af = "vrf:" + f[4]
		}
	case f[0] == "exit-address-family":
		st.af = ""
	case st.af == "other":
	case f[0] == "bgp" && len(f) >= 3 && f[1] == "router-id":
		if a, err := netip.ParseAddr(f[2]); err == nil {
			st.cfg.RouterID = a
		} else if f[2] == "interface" && len(f) >= 4 {
			st.cfg.RouterIDInterface = parsers.InterfaceName(f[3])
		}
	case f[0] == "bgp" && len(f) >= 2 && f[1] == "log-neighbor-changes":
		st.cfg.LogNeighborChanges = true
	case f[0] == "no" && len(f) >= 4 && f[1] == "bgp" && f[2] == "default" && f[3] == "ipv4-unicast":
		st.noDefault = true
	case f[0] == "network" && len(f) >= 2:
		st.network(f[1:])
	case f[0] == "redistribute" && len(f) >= 2:
		st.cfg.Redistribute = append(st.cfg.Redistribute, strings.Join(f[1:], " "))
	case f[0] == "neighbor" && len(f) >= 3:
		return st.neighbor(n, f[1], f[2:], false)
	case f[0] == "no" && len(f) >= 4 && f[1] == "neighbor":
		return st.neighbor(n, f[2], f[3:], true)
	}
	return nil
}

// network reads "network 10.0.0.0 mask 255.0.0.0" or the classful
// "network 10.0.0.0".
func (st *bgpState) network(f []string) {
	a, err := netip.ParseAddr(f[0])
	if err != nil || !a.Is4() {
		if pfx, err := netip.ParsePrefix(f[0]); err == nil {
			st.cfg.Networks = append(st.cfg.Networks, pfx)
		}
		return
	}
	bits := 8
	switch b := a.As4()[0]; {
	case b >= 192:
		bits = 24
	case b >= 128:
		bits = 16
	}
	if a.IsUnspecified() {
		bits = 0 // "network 0.0.0.0": the default route
	}
	if len(f) >= 3 && f[1] == "mask" {
		if mb, ok := cfgMaskBits(f[2]); ok {
			bits = mb
		}
	}
	if pfx, err := a.Prefix(bits); err == nil {
		st.cfg.Networks = append(st.cfg.Networks, pfx)
	}
}

// get returns the record for a neighbor key in the current VRF, and its id,
// creating it.
func (st *bgpState) get(key string) (*parsers.BGPNeighborConfig, string) {
	vrf := ""
	if strings.HasPrefix(st.af, "vrf:") {
		vrf = strings.TrimPrefix(st.af, "vrf:")
	}
	id := vrf + "|" + key
	if nb, ok := st.nbrs[id]; ok {
		return nb, id
	}
	nb := &parsers.BGPNeighborConfig{VRF: vrf}
	if a, err := netip.ParseAddr(key); err == nil {
		nb.Address = a
	} else {
		nb.Name = key
	}
	st.nbrs[id] = nb
	st.order = append(st.order, id)
	return nb, id
}

// neighbor applies "neighbor KEY WORDS..." (or its "no" form). Passwords
// are noted, never kept.
func (st *bgpState) neighbor(n int, key string, f []string, neg bool) error {
	nb, id := st.get(key)
	nb.Lines = append(nb.Lines, n)
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	switch f[0] {
	case "peer-group":
		if len(f) == 1 {
			nb.Name = key
		} else {
			nb.PeerGroup = f[1]
		}
	case "remote-as":
		as, err := cfgParseASN(arg(1))
		if err != nil {
			return err
		}
		nb.RemoteAS = as
	case "local-as":
		return cfgLocalAS(nb, f)
	case "password":
		nb.HasPassword = !neg
	case "description":
		nb.Description = strings.Join(f[1:], " ")
	case "shutdown":
		nb.Shutdown = !neg
	case "update-source":
		nb.UpdateSource = parsers.InterfaceName(arg(1))
	case "ebgp-multihop":
		nb.EBGPMultihop = 255
		if len(f) >= 2 {
			nb.EBGPMultihop = devAtoi(f[1])
		}
	case "timers":
		nb.Timers = strings.Join(f[1:], " ")
		nb.KeepaliveSec, nb.HoldTimeSec = devAtoi(arg(1)), devAtoi(arg(2))
	case "cfgInherit":
		if arg(1) == "peer-session" {
			nb.InheritPeerSession = arg(2)
		}
	case "activate":
		nb.Activated = !neg
		st.explicit[id] = true
	default:
		st.neighborPolicy(nb, f, neg)
	}
	return nil
}

// cfgLocalAS reads "local-as N [no-prepend [replace-as [dual-as]]]".
func cfgLocalAS(nb *parsers.BGPNeighborConfig, f []string) error {
	if len(f) < 2 {
		// A bare "local-as" (never valid IOS) sets nothing.
		return nil
	}
	as, err := cfgParseASN(f[1])
	if err != nil {
		return err
	}
	nb.LocalAS = as
	for _, w := range f[2:] {
		switch w {
		case "no-prepend":
			nb.LocalASNoPrepend = true
		case "replace-as":
			nb.LocalASReplaceAS = true
		case "dual-as":
			nb.LocalASDualAS = true
		}
	}
	return nil
}

// neighborPolicy applies the per-address-family policy statements.
func (st *bgpState) neighborPolicy(nb *parsers.BGPNeighborConfig, f []string, neg bool) {
	if neg {
		return
	}
	dir := ""
	if len(f) >= 3 {
		dir = f[2]
	}
	switch f[0] {
	case "route-map":
		if dir == "in" {
			nb.RouteMapIn = f[1]
		} else if dir == "out" {
			nb.RouteMapOut = f[1]
		}
	case "prefix-list":
		if dir == "in" {
			nb.PrefixListIn = f[1]
		} else if dir == "out" {
			nb.PrefixListOut = f[1]
		}
	case "default-originate":
		nb.DefaultOriginate = true
	case "soft-reconfiguration":
		nb.SoftReconfigInbound = len(f) >= 2 && f[1] == "inbound"
	case "route-reflector-client":
		nb.RouteReflectorClient = true
	case "send-community":
		nb.SendCommunity = "standard"
		if len(f) >= 2 {
			nb.SendCommunity = f[1]
		}
	case "maximum-prefix":
		if len(f) >= 2 {
			nb.MaximumPrefix = devAtoi(f[1])
		}
	}
}

// finish splits peer-groups from neighbors, merges each group's settings
// into its members, and applies IOS's default IPv4 activation.
func (st *bgpState) finish(cfg *parsers.BGPConfig) {
	cfg.DefaultIPv4Unicast = !st.noDefault
	groups := map[string]*parsers.BGPNeighborConfig{}
	for _, id := range st.order {
		nb := st.nbrs[id]
		if !nb.Address.IsValid() {
			groups[nb.Name] = nb
		}
	}
	for _, id := range st.order {
		nb := st.nbrs[id]
		if !nb.Address.IsValid() {
			cfg.PeerGroups = append(cfg.PeerGroups, *nb)
			continue
		}
		if g, ok := groups[nb.PeerGroup]; ok && nb.PeerGroup != "" {
			cfgInherit(nb, g)
		}
		if !st.explicit[id] && !st.noDefault && nb.VRF == "" {
			nb.Activated = true // IOS activates global neighbors for IPv4 by default
		}
		if nb.VRF != "" && !st.explicit[id] {
			nb.Activated = true // a VRF neighbor is defined inside its family
		}
		sort.Ints(nb.Lines)
		cfg.Neighbors = append(cfg.Neighbors, *nb)
	}
}

// cfgInherit copies a peer-group's settings where the member has none.
func cfgInherit(nb, g *parsers.BGPNeighborConfig) {
	setU := func(dst *uint32, v uint32) {
		if *dst == 0 {
			*dst = v
		}
	}
	setS := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	setU(&nb.RemoteAS, g.RemoteAS)
	setU(&nb.LocalAS, g.LocalAS)
	setS(&nb.Description, g.Description)
	setS(&nb.UpdateSource, g.UpdateSource)
	setS(&nb.RouteMapIn, g.RouteMapIn)
	setS(&nb.RouteMapOut, g.RouteMapOut)
	setS(&nb.PrefixListIn, g.PrefixListIn)
	setS(&nb.PrefixListOut, g.PrefixListOut)
	setS(&nb.Timers, g.Timers)
	setS(&nb.SendCommunity, g.SendCommunity)
	nb.HasPassword = nb.HasPassword || g.HasPassword
	nb.DefaultOriginate = nb.DefaultOriginate || g.DefaultOriginate
	nb.SoftReconfigInbound = nb.SoftReconfigInbound || g.SoftReconfigInbound
	nb.RouteReflectorClient = nb.RouteReflectorClient || g.RouteReflectorClient
	nb.LocalASNoPrepend = nb.LocalASNoPrepend || g.LocalASNoPrepend
	nb.LocalASReplaceAS = nb.LocalASReplaceAS || g.LocalASReplaceAS
	if nb.EBGPMultihop == 0 {
		nb.EBGPMultihop = g.EBGPMultihop
	}
	if nb.MaximumPrefix == 0 {
		nb.MaximumPrefix = g.MaximumPrefix
	}
	nb.Lines = append(nb.Lines, g.Lines...)
}
