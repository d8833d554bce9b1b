package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidInput is returned for a command the simulated router does not
// know. A CLI layer prints InvalidInputText under a caret, as IOS does.
var ErrInvalidInput = errors.New("invalid input")

// InvalidInputText is IOS's message for a command it cannot parse.
const InvalidInputText = "% Invalid input detected at '^' marker."

// ErrUnknownCPE is returned when Render is asked about a router the site
// does not have.
var ErrUnknownCPE = errors.New("no such CPE")

// Render returns what the CPE named cpe prints for command at time at: the
// output only, without the echoed command or the prompt. Commands may be
// abbreviated as IOS allows ("sh cry ikev2 sa det").
func (s *Site) Render(cpe, command string, at time.Time) (string, error) {
	c := s.CPE(cpe)
	if c == nil {
		return "", fmt.Errorf("render %q on %s: %w", command, cpe, ErrUnknownCPE)
	}
	r := &renderer{site: s, cpe: c, at: at, el: s.elapsed(at)}
	var out string
	var err error
	if d := dialectOf(s.Platform); d != nil {
		out, err = d.render(r, command)
	} else {
		out, err = r.dispatch(strings.Fields(command))
	}
	if err != nil {
		return "", fmt.Errorf("render %q on %s: %w", command, cpe, err)
	}
	return out, nil
}

// renderer carries what every command renderer needs.
type renderer struct {
	site *Site
	cpe  *CPE
	at   time.Time
	el   time.Duration // time since Site.Start
}

// route is one command family: its keywords, with "A" for an address, "I"
// for an interface name, "N" for a number, and the function rendering it
// from the placeholders' values.
type route struct {
	words []string
	fn    func(r *renderer, args []string) (string, error)
}

func fixed(f func(r *renderer) string) func(*renderer, []string) (string, error) {
	return func(r *renderer, _ []string) (string, error) { return f(r), nil }
}

var routes = []route{
	{[]string{"terminal", "length", "N"}, fixed(func(*renderer) string { return "" })},
	{[]string{"terminal", "width", "N"}, fixed(func(*renderer) string { return "" })},
	{[]string{"terminal", "exec", "prompt", "timestamp"}, fixed(func(*renderer) string { return "" })},
	{[]string{"show", "version"}, fixed((*renderer).version)},
	{[]string{"show", "running-config"}, fixed((*renderer).runningConfig)},
	{[]string{"show", "crypto", "ikev2", "sa"}, fixed((*renderer).ikev2SA)},
	{[]string{"show", "crypto", "ikev2", "sa", "detailed"}, fixed((*renderer).ikev2SA)},
	{[]string{"show", "crypto", "ipsec", "sa"}, fixed(func(r *renderer) string { return r.ipsecSA(netip.Addr{}) })},
	{[]string{"show", "crypto", "ipsec", "sa", "detail"}, fixed(func(r *renderer) string { return r.ipsecSA(netip.Addr{}) })},
	{[]string{"show", "crypto", "ipsec", "sa", "peer", "A"}, ipsecPeer},
	{[]string{"show", "crypto", "ipsec", "sa", "peer", "A", "detail"}, ipsecPeer},
	{[]string{"show", "crypto", "session"}, fixed((*renderer).cryptoSession)},
	{[]string{"show", "crypto", "session", "detail"}, fixed((*renderer).cryptoSession)},
	{[]string{"show", "interfaces"}, fixed((*renderer).allInterfaces)},
	{[]string{"show", "interfaces", "I"}, func(r *renderer, a []string) (string, error) { return r.interfaceByName(a[0]) }},
	{[]string{"show", "ip", "bgp", "summary"}, fixed((*renderer).bgpSummary)},
	{[]string{"show", "bgp", "ipv4", "unicast", "summary"}, fixed((*renderer).bgpSummary)},
	{[]string{"show", "ip", "bgp"}, fixed((*renderer).showBGP)},
	{[]string{"show", "ip", "bgp", "neighbors"}, fixed(func(r *renderer) string { return r.bgpNeighbors(netip.Addr{}) })},
	{[]string{"show", "ip", "bgp", "neighbors", "A"}, bgpNeighbor},
	{[]string{"show", "ip", "bgp", "neighbors", "A", "received-routes"}, bgpListing("received-routes")},
	{[]string{"show", "ip", "bgp", "neighbors", "A", "routes"}, bgpListing("routes")},
	{[]string{"show", "ip", "bgp", "neighbors", "A", "advertised-routes"}, bgpListing("advertised-routes")},
	{[]string{"show", "ip", "route"}, fixed(func(r *renderer) string { return r.routeTable(false) })},
	{[]string{"show", "ip", "route", "bgp"}, fixed(func(r *renderer) string { return r.routeTable(true) })},
	{[]string{"show", "ip", "route", "A"}, routeLookup},
	{[]string{"show", "ip", "route", "A", "A"}, routeLookup},
	{[]string{"show", "logging"}, fixed((*renderer).logging)},
}

func (r *renderer) dispatch(words []string) (string, error) {
	if len(words) > 0 && strings.EqualFold(words[0], "ping") || len(words) > 0 && words[0] == "p" {
		return r.ping(words[1:])
	}
	for _, rt := range routes {
		if args, ok := match(words, rt.words); ok {
			return rt.fn(r, args)
		}
	}
	return "", ErrInvalidInput
}

// match reports whether words spell the route's keywords, each word a
// prefix of its keyword as IOS accepts, and returns the placeholders'
// values.
func match(words, tmpl []string) ([]string, bool) {
	if len(words) != len(tmpl) {
		return nil, false
	}
	var args []string
	for i, t := range tmpl {
		w := words[i]
		switch t {
		case "A":
			if _, err := netip.ParseAddr(w); err != nil {
				return nil, false
			}
			args = append(args, w)
		case "N":
			if _, err := strconv.Atoi(w); err != nil {
				return nil, false
			}
			args = append(args, w)
		case "I":
			args = append(args, w)
		default:
			if w == "" || !strings.HasPrefix(t, strings.ToLower(w)) {
				return nil, false
			}
		}
	}
	return args, true
}

func ipsecPeer(r *renderer, a []string) (string, error) {
	return r.ipsecSA(netip.MustParseAddr(a[0])), nil
}

func bgpNeighbor(r *renderer, a []string) (string, error) {
	return r.bgpNeighbors(netip.MustParseAddr(a[0])), nil
}

func bgpListing(variant string) func(*renderer, []string) (string, error) {
	return func(r *renderer, a []string) (string, error) {
		return r.bgpRoutes(netip.MustParseAddr(a[0]), variant), nil
	}
}

func routeLookup(r *renderer, a []string) (string, error) {
	ad := netip.MustParseAddr(a[0])
	if len(a) == 2 {
		m := netip.MustParseAddr(a[1])
		bits := maskBits(m)
		if bits < 0 {
			return "", ErrInvalidInput
		}
		return r.routeExact(netip.PrefixFrom(ad, bits).Masked()), nil
	}
	return r.routeLookup(ad), nil
}

// interfaceTypes are the interface names the CPE has, for expanding
// abbreviations ("tu1", "gi1", "Lo1").
var interfaceTypes = []string{"GigabitEthernet", "Tunnel", "Loopback"}

// canonicalInterface expands an abbreviated interface name; ok is false
// when the type is unknown.
func canonicalInterface(s string) (string, bool) {
	i := strings.IndexAny(s, "0123456789")
	if i <= 0 {
		return "", false
	}
	typ, num := strings.ToLower(s[:i]), s[i:]
	for _, t := range interfaceTypes {
		if strings.HasPrefix(strings.ToLower(t), typ) {
			return t + num, true
		}
	}
	return "", false
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// maskBits converts a dotted mask to a prefix length (-1 if not a mask).
func maskBits(m netip.Addr) int {
	if !m.Is4() {
		return -1
	}
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := 0
	for v&0x80000000 != 0 {
		n++
		v <<= 1
	}
	if v != 0 {
		return -1
	}
	return n
}

// mask renders a prefix length as a dotted mask.
func mask(bits int) string {
	v := uint32(0)
	if bits > 0 {
		v = ^uint32(0) << (32 - bits)
	}
	return fmt.Sprintf("%d.%d.%d.%d", v>>24, v>>16&255, v>>8&255, v&255)
}

// wildcard renders a prefix length as an ACL wildcard.
func wildcard(bits int) string {
	v := uint32(0)
	if bits < 32 {
		v = ^uint32(0) >> bits
	}
	return fmt.Sprintf("%d.%d.%d.%d", v>>24, v>>16&255, v>>8&255, v&255)
}
