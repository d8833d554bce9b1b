package profile

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Defaults applied when a profile leaves the field out.
const (
	DefaultBandwidthLimitMbps = 250 // the service limit for both tunnels together
	DefaultMSS                = 1350
	DefaultPort               = 22
	// PlatformIOSXE is the platform of a CPE whose profile names none.
	// Which platforms exist is platform/registry's business: Load only
	// normalises the name and checks it against Rules.Platforms.
	PlatformIOSXE = "cisco_iosxe"
)

// validator checks a decoded profile against the rules of the service and
// collects every violation.
type validator struct {
	pos   *positions
	rules Rules
	errs  ErrorList
}

// Rules are checks whose values come from outside the package: which CPE
// platforms exist is platform/registry's list, not the profile's.
type Rules struct {
	// Platforms are the accepted cpes[].platform values; empty accepts any.
	Platforms []string
}

// errorf reports a problem with the field at path, unless decoding already
// reported that field (or its parent) as unreadable.
func (v *validator) errorf(path, format string, args ...any) {
	if v.pos.isBad(path) {
		return
	}
	file := ""
	if v.pos != nil {
		file = v.pos.file
	}
	m := v.pos.where(path)
	v.errs = append(v.errs, &Error{File: file, Line: m.line, col: m.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// check applies defaults and normalisation to p, links its tunnels, and
// returns every rule it breaks. pos is nil for profiles built in code.
func check(p *Profile, pos *positions, rules Rules) ErrorList {
	v := &validator{pos: pos, rules: rules}
	v.defaults(p)
	v.site(p)
	v.ike("ike", &p.IKE)
	v.ipsec("ipsec", &p.IPsec)
	v.cpes(p)
	v.tunnels(p)
	v.probes(p)
	p.link()
	return v.errs
}

// link points every tunnel back at its profile.
func (p *Profile) link() {
	for i := range p.Tunnels {
		p.Tunnels[i].Site = p
	}
}

// defaults fills fields the file left out (or set to null). A value given
// explicitly, even 0, is kept and validated: "mss: 0" is a mistake, not a
// request for the default.
func (v *validator) defaults(p *Profile) {
	if p.BandwidthLimitMbps == 0 && !v.pos.isSet("bandwidth_limit_mbps") {
		p.BandwidthLimitMbps = DefaultBandwidthLimitMbps
	}
	if p.MSS == 0 && !v.pos.isSet("mss") {
		p.MSS = DefaultMSS
	}
	for i := range p.CPEs {
		c := &p.CPEs[i]
		if c.Port == 0 && !v.pos.isSet(fmt.Sprintf("cpes[%d].port", i)) {
			c.Port = DefaultPort
		}
		if c.Platform == "" && !v.pos.isSet(fmt.Sprintf("cpes[%d].platform", i)) {
			c.Platform = PlatformIOSXE
		}
	}
}

func (v *validator) site(p *Profile) {
	if p.Name == "" {
		v.errorf("name", "missing: a short name for the site, e.g. acme-east")
	}
	if !p.DINetwork.IsValid() {
		v.errorf("di_network", "missing: the /24 Cisco assigned to the region, e.g. 203.0.113.0/24")
	} else {
		v.slash24("di_network", p.DINetwork)
	}
	if p.IaaSNetwork.IsValid() {
		v.slash24("iaas_network", p.IaaSNetwork)
		if p.DINetwork.IsValid() && p.IaaSNetwork.Overlaps(p.DINetwork) {
			v.errorf("iaas_network", "%s overlaps di_network %s", p.IaaSNetwork, p.DINetwork)
		}
	}
	if p.BandwidthLimitMbps <= 0 {
		v.errorf("bandwidth_limit_mbps", "%d: want a positive number of Mbps (the service allows %d for both tunnels together)",
			p.BandwidthLimitMbps, DefaultBandwidthLimitMbps)
	}
	if p.MSS < 500 || p.MSS > 1460 {
		v.errorf("mss", "%d is outside the range of ip tcp adjust-mss (500-1460); the service asks for %d or lower",
			p.MSS, DefaultMSS)
	}
}

// slash24 checks a Cisco-assigned network: IPv4, exactly /24, written as the
// network (a host address with /24 is usually a copy of the wrong cell).
func (v *validator) slash24(path string, n netip.Prefix) {
	switch {
	case !n.Addr().Is4():
		v.errorf(path, "%s is not an IPv4 prefix (Cisco assigns an IPv4 /24)", n)
	case n.Bits() != 24:
		v.errorf(path, "%s is not a /24 (Cisco assigns one /24 per region; DC-A serves its lower /25, DC-B its upper /25)", n)
	case n.Masked() != n:
		v.errorf(path, "%s is a host address, not a network: the network is %s", n, n.Masked())
	}
}

func (v *validator) cpes(p *Profile) {
	switch n := len(p.CPEs); {
	case n == 0:
		v.errorf("cpes", "missing: the CPE (or two CPEs) that terminate the tunnels")
	case n > 2:
		v.errorf("cpes[2]", "a site has at most two CPEs (one per tunnel); found %d", n)
	}
	seen := map[string]int{}
	for i := range p.CPEs {
		c := &p.CPEs[i]
		path := fmt.Sprintf("cpes[%d]", i)
		if c.Name == "" {
			v.errorf(path+".name", "missing: the CPE's name, used by tunnels[].cpe and in reports")
		} else if j, dup := seen[c.Name]; dup {
			v.errorf(path+".name", "%q is already the name of cpes[%d]", c.Name, j)
		} else {
			seen[c.Name] = i
		}
		v.host(path+".host", c.Host)
		if c.Port < 1 || c.Port > 65535 {
			v.errorf(path+".port", "%d is not a TCP port (1-65535)", c.Port)
		}
		c.Platform = strings.ToLower(c.Platform)
		if len(v.rules.Platforms) > 0 && !slices.Contains(v.rules.Platforms, c.Platform) {
			v.errorf(path+".platform", "%q is not a supported platform (supported: %s)", c.Platform, strings.Join(v.rules.Platforms, ", "))
		}
		if len(p.TunnelsOf(c.Name)) == 0 && c.Name != "" && len(p.Tunnels) > 0 {
			v.errorf(path, "CPE %q terminates no tunnel: remove it, or set a tunnel's cpe to it", c.Name)
		}
	}
}

var hostnameRE = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?$`)

// host checks how vcdiag will reach the CPE: an address or a DNS name.
func (v *validator) host(path, h string) {
	if h == "" {
		v.errorf(path, "missing: the CPE's management address or DNS name")
		return
	}
	if a, err := netip.ParseAddr(h); err == nil {
		if a.Zone() != "" {
			v.errorf(path, "%s has an IPv6 zone; write the address alone", h)
		}
		return
	}
	switch {
	case strings.Contains(h, "@"):
		v.errorf(path, "%q holds a user name; put it in username", h)
	case strings.Contains(h, ":"):
		v.errorf(path, "%q holds a port; put it in port", h)
	case !hostnameRE.MatchString(h) || len(h) > 253:
		v.errorf(path, "%q is not an IP address or DNS name", h)
	}
}
