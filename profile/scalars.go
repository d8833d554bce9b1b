package profile

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vcdiag/vcdiag/parsers"
)

// The decoders below turn one YAML value into one typed field. They check
// only that the value reads as its type; the rules of the service (a /24,
// a private ASN, ...) are in validate.go so that profiles built in code are
// held to them too.

func (d *decoder) str(dst *string) fieldFunc {
	return func(path string, v *yaml.Node) {
		if s, ok := d.scalar(path, v); ok {
			*dst = strings.TrimSpace(s)
		}
	}
}

func (d *decoder) integer(dst *int) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			d.errorf(v, path, "%q is not a whole number", s)
			return
		}
		*dst = n
	}
}

func (d *decoder) asn(dst *uint32) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		if err != nil {
			d.errorf(v, path, "%q is not an AS number (write it as a plain number, e.g. 64601)", s)
			return
		}
		*dst = uint32(n)
	}
}

func (d *decoder) addr(dst *netip.Addr) fieldFunc {
	return func(path string, v *yaml.Node) {
		if s, ok := d.scalar(path, v); ok {
			if a, ok := d.parseAddr(path, v, s); ok {
				*dst = a
			}
		}
	}
}

func (d *decoder) parseAddr(path string, n *yaml.Node, s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	switch {
	case err == nil && a.Zone() != "":
		d.errorf(n, path, "%s has an IPv6 zone; write the address alone", s)
	case err == nil:
		return a, true
	case strings.Contains(s, "/"):
		d.errorf(n, path, "%s is a prefix; want an address without /length", s)
	default:
		d.errorf(n, path, "%q is not an IP address", s)
	}
	return netip.Addr{}, false
}

func (d *decoder) prefix(dst *netip.Prefix) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			if _, aerr := netip.ParseAddr(s); aerr == nil {
				d.errorf(v, path, "%s has no prefix length; write it as address/length", s)
			} else {
				d.errorf(v, path, "%q is not a prefix (address/length)", s)
			}
			return
		}
		*dst = p
	}
}

// duration reads "24h", "3600s" or a bare number of seconds (86400), the
// two ways IOS and the activation form write lifetimes.
func (d *decoder) duration(dst *time.Duration) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n < 1<<32 {
			*dst = time.Duration(n) * time.Second
			return
		}
		dur, err := time.ParseDuration(s)
		if err != nil {
			d.errorf(v, path, "%q is not a duration (write 24h, 3600s or a number of seconds)", s)
			return
		}
		*dst = dur
	}
}

// names reads a list of names, or a single name as a one-item list
// ("encryption: aes-gcm-256"). An unreadable item keeps its slot (empty) so
// that later errors still name the right index.
func (d *decoder) names(dst *[]string) fieldFunc {
	return func(path string, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode {
			if s, ok := d.scalar(path, v); ok {
				*dst = []string{strings.TrimSpace(s)}
			}
			return
		}
		d.items(v, path, func(ip string, item *yaml.Node) {
			s, _ := d.scalar(ip, item)
			*dst = append(*dst, strings.TrimSpace(s))
		})
	}
}

// groups reads DH groups as numbers or "groupN", one or a list.
func (d *decoder) groups(dst *[]int) fieldFunc {
	return func(path string, v *yaml.Node) {
		one := func(ip string, item *yaml.Node) {
			g := 0
			if s, ok := d.scalar(ip, item); ok {
				if g, ok = parseGroup(s); !ok {
					d.errorf(item, ip, "%q is not a DH group (write 20 or group20)", s)
				}
			}
			*dst = append(*dst, g)
		}
		if v.Kind == yaml.ScalarNode {
			one(path, v)
			return
		}
		d.items(v, path, one)
	}
}

// pfs reads the PFS group: "group20", 20, or "none" (PFS must be off).
func (d *decoder) pfs(x *IPsecExpect) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "none", "no", "off", "false", "disabled":
			x.PFS, x.NoPFS = 0, true
			return
		}
		g, ok := parseGroup(s)
		if !ok {
			d.errorf(v, path, "%q is not a PFS group (write group20, 20 or none)", s)
			return
		}
		x.PFS = g
	}
}

// parseGroup accepts "20", "group20", "group 20" and "Group20"; stricter
// than parsers.NormalizeDHGroup, which digs a number out of any text, so
// that "grop20x" in a profile is an error rather than group 20.
func parseGroup(s string) (int, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSpace(strings.TrimPrefix(t, "group"))
	if t == "" || strings.Trim(t, "0123456789") != "" || len(t) > 4 {
		return 0, false
	}
	g := parsers.NormalizeDHGroup(t)
	return g, g > 0
}

// dc reads "A", "B", "DC-A", "dc_b" ... as DCA or DCB.
func (d *decoder) dc(dst *DC) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		t := strings.ToUpper(strings.TrimSpace(s))
		t = strings.TrimLeft(strings.TrimPrefix(t, "DC"), "-_ ")
		switch DC(t) {
		case DCA, DCB:
			*dst = DC(t)
		default:
			d.errorf(v, path, "%q is not a DC (A or B)", s)
		}
	}
}
