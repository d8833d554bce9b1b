package iosxe

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdRunningConfig = "show running-config"

// ParseRunningConfig parses `show running-config` from IOS and IOS-XE, in
// whole or in part ("show running-config interface Tunnel1", "show
// running-config | section bgp"), keeping only what the ladder reads:
// hostname, interfaces (tunnel settings, MTU, MSS, keepalive, VRFs),
// crypto ikev2 proposals / policies / keyrings / profiles, crypto ipsec
// transform-sets and profiles, crypto maps, access lists, router bgp,
// prefix-lists, route-maps and static routes.
//
// Every other line (and there are hundreds) is skipped, as are banners
// (whatever their text) and certificate hex. Secrets are never copied: a
// keyring peer says HasPSK, a BGP neighbor HasPassword. A device error line
// ("% Invalid input detected") is a *parsers.ParseError.
func ParseRunningConfig(out string) (*parsers.RunningConfig, error) {
	p := &cfgParser{rc: &parsers.RunningConfig{}}
	lines := parsers.Lines(out)
	for i, line := range lines {
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	p.finish()
	return p.rc, nil
}

// cfgParser walks the configuration one line at a time. A line in column 0
// opens a section (or is a one-line statement); indented lines belong to the
// open section, whose handler is body.
type cfgParser struct {
	rc          *parsers.RunningConfig
	body        func(n int, t string, depth int) error
	bannerDelim string
	bgp         *bgpState
}

func (p *cfgParser) line(n int, line string) error {
	if p.bannerDelim != "" {
		if strings.Contains(line, p.bannerDelim) {
			p.bannerDelim = ""
		}
		return nil
	}
	t := strings.TrimSpace(line)
	if t == "" || parsers.IsBanner(line) {
		return nil
	}
	if strings.HasPrefix(t, "% ") || strings.HasPrefix(t, "%Invalid") {
		return &parsers.ParseError{Command: cmdRunningConfig, Line: n, Text: line, Msg: "device error"}
	}
	depth := len(line) - len(strings.TrimLeft(line, " \t"))
	if depth > 0 {
		if p.body != nil && !strings.HasPrefix(t, "!") {
			if err := p.body(n, t, depth); err != nil {
				return &parsers.ParseError{Command: cmdRunningConfig, Line: n, Text: line, Msg: err.Error()}
			}
		}
		return nil
	}
	p.body = nil
	if err := p.top(n, t); err != nil {
		return &parsers.ParseError{Command: cmdRunningConfig, Line: n, Text: line, Msg: err.Error()}
	}
	return nil
}

// top handles a line in column 0.
func (p *cfgParser) top(n int, t string) error {
	f := strings.Fields(t)
	switch {
	case f[0] == "!" || strings.HasPrefix(f[0], "!"):
		return nil
	case f[0] == "banner" && len(f) >= 3:
		p.startBanner(t, f)
	case f[0] == "hostname" && len(f) >= 2:
		p.rc.Hostname = f[1]
	case f[0] == "interface" && len(f) >= 2:
		name := f[1]
		if len(f) >= 3 && f[2][0] >= '0' && f[2][0] <= '9' {
			name += f[2] // "interface Tunnel 1"; not "Virtual-Template1 type tunnel"
		}
		p.startInterface(n, name)
	case f[0] == "crypto" && len(f) >= 3:
		return p.startCrypto(n, f)
	case f[0] == "ip" && len(f) >= 3 && f[1] == "access-list":
		p.startNamedACL(n, f)
	case f[0] == "access-list" && len(f) >= 3:
		p.numberedACL(n, t, f)
	case f[0] == "router" && len(f) >= 3 && f[1] == "bgp":
		return p.startBGP(n, f[2])
	case f[0] == "ip" && len(f) >= 4 && f[1] == "prefix-list":
		return p.prefixList(n, f)
	case f[0] == "route-map" && len(f) >= 2:
		p.startRouteMap(n, f)
	case f[0] == "ip" && len(f) >= 4 && f[1] == "route":
		p.staticRoute(n, f[2:])
	}
	return nil
}

// startBanner skips "banner motd ^C ... ^C": the text may hold anything,
// including lines that look like configuration.
func (p *cfgParser) startBanner(t string, f []string) {
	delim := f[2]
	if !strings.HasPrefix(delim, "^C") && delim != "" {
		delim = delim[:1]
	} else {
		delim = "^C"
	}
	_, rest, _ := strings.Cut(t, delim)
	if !strings.Contains(rest, delim) {
		p.bannerDelim = delim
	}
}

func (p *cfgParser) finish() {
	if p.bgp != nil {
		p.bgp.finish(p.rc.BGP)
	}
	for i := range p.rc.Interfaces {
		ic := &p.rc.Interfaces[i]
		if strings.HasPrefix(ic.Name, "Tunnel") && ic.TunnelMode == "" {
			ic.TunnelMode = "gre ip" // the IOS default, never written out
		}
	}
}

func (p *cfgParser) startInterface(n int, name string) {
	p.rc.Interfaces = append(p.rc.Interfaces, parsers.InterfaceConfig{Name: parsers.InterfaceName(name)})
	ic := &p.rc.Interfaces[len(p.rc.Interfaces)-1]
	ic.Span.Cover(n)
	p.body = func(n int, t string, _ int) error {
		ic.Span.Cover(n)
		return cfgInterfaceLine(ic, t)
	}
}

// cfgInterfaceLine applies one line of an "interface" section.
func cfgInterfaceLine(ic *parsers.InterfaceConfig, t string) error {
	f := strings.Fields(t)
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	rest := func(i int) string { return strings.Join(f[min(i, len(f)):], " ") }
	switch {
	case f[0] == "description":
		ic.Description = strings.TrimSpace(strings.TrimPrefix(t, "description"))
	case f[0] == "vrf" && arg(1) == "forwarding", f[0] == "ip" && arg(1) == "vrf" && arg(2) == "forwarding":
		ic.VRF = f[len(f)-1]
	case f[0] == "ip" && arg(1) == "address" && len(f) >= 4 && arg(4) != "secondary":
		if pfx, ok := cfgPrefixFromMask(f[2], f[3]); ok {
			ic.Address, ic.AddressMask = pfx, f[3]
		}
	case f[0] == "ip" && arg(1) == "unnumbered":
		ic.Unnumbered = arg(2)
	case f[0] == "ipv6" && arg(1) == "address" && len(f) >= 3:
		ic.IPv6Addresses = append(ic.IPv6Addresses, rest(2))
	case f[0] == "shutdown":
		ic.Shutdown = true
	case f[0] == "mtu":
		ic.MTU = devAtoi(arg(1))
	case f[0] == "bandwidth":
		ic.BandwidthKb = devAtoi(arg(1))
	case f[0] == "encapsulation":
		ic.Encapsulation = rest(1)
		if strings.EqualFold(arg(1), "dot1q") {
			ic.VLAN = devAtoi(arg(2))
			if arg(3) == "second-dot1q" {
				ic.InnerVLAN = devAtoi(arg(4))
			}
		}
	case f[0] == "ip" && arg(1) == "mtu":
		ic.IPMTU = devAtoi(arg(2))
	case f[0] == "ip" && arg(1) == "tcp" && arg(2) == "adjust-mss":
		ic.AdjustMSS = devAtoi(arg(3))
	case f[0] == "ip" && arg(1) == "access-group" && arg(3) == "in":
		ic.AccessGroupIn = arg(2)
	case f[0] == "ip" && arg(1) == "access-group" && arg(3) == "out":
		ic.AccessGroupOut = arg(2)
	case f[0] == "service-policy" && arg(1) == "input":
		ic.PolicyIn = arg(2)
	case f[0] == "service-policy" && arg(1) == "output":
		ic.PolicyOut = arg(2)
	case f[0] == "keepalive", f[0] == "no" && arg(1) == "keepalive":
		cfgKeepalive(ic, f)
	case f[0] == "crypto" && arg(1) == "map":
		ic.CryptoMap = arg(2)
	case f[0] == "tunnel":
		cfgTunnelLine(ic, f)
	}
	return nil
}

// cfgKeepalive reads "keepalive [PERIOD [RETRIES]]" (IOS defaults 10 s, 3)
// and "no keepalive".
func cfgKeepalive(ic *parsers.InterfaceConfig, f []string) {
	if f[0] == "no" {
		ic.Keepalive, ic.KeepaliveSec, ic.KeepalivePeriod, ic.KeepaliveRetries = false, 0, 0, 0
		return
	}
	ic.Keepalive, ic.KeepaliveSec, ic.KeepaliveRetries = true, 10, 3
	if len(f) >= 2 {
		ic.KeepaliveSec = devAtoi(f[1])
	}
	if len(f) >= 3 {
		ic.KeepaliveRetries = devAtoi(f[2])
	}
	ic.KeepalivePeriod = cfgSecs(ic.KeepaliveSec)
}

func cfgTunnelLine(ic *parsers.InterfaceConfig, f []string) {
	if len(f) < 2 {
		return
	}
	switch f[1] {
	case "source":
		if len(f) >= 3 {
			ic.TunnelSource = f[2]
			if _, err := netip.ParseAddr(f[2]); err != nil {
				ic.TunnelSource = parsers.InterfaceName(strings.Join(f[2:], ""))
			}
		}
	case "destination":
		if len(f) >= 3 {
			if a, err := netip.ParseAddr(f[2]); err == nil {
				ic.TunnelDestination = a
			}
		}
	case "mode":
		ic.TunnelMode = strings.Join(f[2:], " ")
	case "vrf":
		if len(f) >= 3 {
			ic.TunnelVRF = f[2]
		}
	case "key":
		ic.TunnelKey = true
		if len(f) >= 3 {
			ic.TunnelKeyValue = f[2]
		}
	case "path-mtu-discovery":
		ic.PMTUD = true
	case "protection":
		// tunnel protection ipsec profile NAME [shared]
		if len(f) >= 5 && f[2] == "ipsec" && f[3] == "profile" {
			ic.TunnelProtection = f[4]
		}
	}
}

// cfgPrefixFromMask turns "192.0.2.1 255.255.255.252" into 192.0.2.1/30.
// A non-contiguous mask is not a prefix and gives false.
func cfgPrefixFromMask(addr, mask string) (netip.Prefix, bool) {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.Prefix{}, false
	}
	bits, ok := cfgMaskBits(mask)
	if !ok {
		return netip.Prefix{}, false
	}
	pfx, err := a.Prefix(bits)
	if err != nil {
		return netip.Prefix{}, false
	}
	// Keep the host address (the interface's own IP), not the network.
	return netip.PrefixFrom(a, pfx.Bits()), true
}

// cfgMaskBits returns the length of a dotted IPv4 mask.
func cfgMaskBits(mask string) (int, bool) {
	m, err := netip.ParseAddr(mask)
	if err != nil || !m.Is4() {
		return 0, false
	}
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	bits := 0
	for v&0x80000000 != 0 {
		bits++
		v <<= 1
	}
	if v != 0 {
		return 0, false
	}
	return bits, true
}

// wildcardOrMask converts "host A" / "A 255.255.255.255" style pairs used
// in keyrings and identities to a prefix: a missing mask means a host.
func cfgAddrWithMask(f []string) netip.Prefix {
	if len(f) == 0 {
		return netip.Prefix{}
	}
	if pfx, err := netip.ParsePrefix(f[0]); err == nil {
		return pfx
	}
	if len(f) >= 2 {
		if pfx, ok := cfgPrefixFromMask(f[0], f[1]); ok {
			return pfx.Masked()
		}
	}
	if a, err := netip.ParseAddr(f[0]); err == nil {
		return netip.PrefixFrom(a, a.BitLen())
	}
	return netip.Prefix{}
}

func cfgAtoiStrict(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, devErrWant("a number, not " + strconv.Quote(s))
	}
	return n, nil
}
