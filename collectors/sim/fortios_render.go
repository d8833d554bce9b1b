package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// fortiosRoutes are the FortiOS commands the simulator answers, in
// Site.Render's route templates ("A" an address). Keywords may be
// abbreviated, as the FortiOS CLI allows.
var fortiosRoutes = []route{
	{[]string{"get", "system", "status"}, fixed((*renderer).fortiosStatus)},
	{[]string{"get", "system", "interface"}, fixed((*renderer).fortiosInterfaces)},
	{[]string{"show", "system", "gre-tunnel"}, fixed((*renderer).fortiosGRETunnels)},
	{[]string{"diagnose", "vpn", "ike", "gateway", "list"}, fixed((*renderer).fortiosIKEGateways)},
	{[]string{"diagnose", "vpn", "tunnel", "list"}, fixed((*renderer).fortiosTunnels)},
	{[]string{"get", "router", "info", "bgp", "summary"}, fixed((*renderer).fortiosBGPSummary)},
	{[]string{"get", "router", "info", "bgp", "neighbors"}, fixed(func(r *renderer) string { return r.fortiosBGPNeighbors(netip.Addr{}) })},
	{[]string{"get", "router", "info", "bgp", "neighbors", "A"}, func(r *renderer, a []string) (string, error) {
		return r.fortiosBGPNeighbors(netip.MustParseAddr(a[0])), nil
	}},
	{[]string{"get", "router", "info", "bgp", "neighbors", "A", "received-routes"}, fortiosListing("received-routes")},
	{[]string{"get", "router", "info", "bgp", "neighbors", "A", "routes"}, fortiosListing("routes")},
	{[]string{"get", "router", "info", "bgp", "neighbors", "A", "advertised-routes"}, fortiosListing("advertised-routes")},
	{[]string{"get", "router", "info", "routing-table", "all"}, fixed((*renderer).fortiosRouteTable)},
	{[]string{"get", "router", "info", "routing-table", "details", "A"}, func(r *renderer, a []string) (string, error) {
		return r.fortiosRouteDetails(netip.MustParseAddr(a[0])), nil
	}},
}

func fortiosListing(variant string) func(*renderer, []string) (string, error) {
	return func(r *renderer, a []string) (string, error) {
		return r.fortiosBGPRoutes(netip.MustParseAddr(a[0]), variant), nil
	}
}

// fortiosDispatch renders one FortiOS command line. Several lines
// (execute ping-options ... then execute ping, as vcdiag's DF probe is
// one command) run in order, the options applying to the ping. A verb or
// object FortiOS does not have is ErrInvalidInput (the CLI prints
// "Unknown action 0"); a known command with an argument it cannot read
// prints FortiOS's parse error.
func (r *renderer) fortiosDispatch(command string) (string, error) {
	opts := defaultPingOptions()
	var out strings.Builder
	for _, line := range strings.Split(command, "\n") {
		words := strings.Fields(line)
		switch {
		case len(words) == 0:
			continue
		case isPingOptions(words):
			out.WriteString(opts.set(words[2:]))
		case isPing(words):
			out.WriteString(r.fortiosPing(words[2:], opts))
		default:
			s, err := r.fortiosCommand(words)
			if err != nil {
				return "", err
			}
			out.WriteString(s)
		}
	}
	return out.String(), nil
}

// fortiosCommand renders one get, show or diagnose line.
func (r *renderer) fortiosCommand(words []string) (string, error) {
	for _, rt := range fortiosRoutes {
		if args, ok := match(words, rt.words); ok {
			return rt.fn(r, args)
		}
	}
	// A known command whose argument does not read: FortiOS names the
	// word it stopped at.
	for _, rt := range fortiosRoutes {
		n := len(rt.words)
		if len(words) > n {
			if _, ok := match(words[:n], rt.words); ok {
				return fmt.Sprintf(fortiosParseError, words[n]), nil
			}
		}
		if len(words) == n {
			for i, w := range rt.words {
				if w == "A" {
					if _, ok := match(words[:i], rt.words[:i]); ok {
						return fmt.Sprintf(fortiosParseError, words[i]), nil
					}
				}
			}
		}
	}
	return "", ErrInvalidInput
}

// fortiosTunnelByNeighbor is the tunnel whose configured BGP neighbor is
// a (nil when none).
func (r *renderer) fortiosTunnelByNeighbor(a netip.Addr) *Tunnel {
	for _, t := range r.cpe.Tunnels {
		if t.Config.Neighbor == a {
			return t
		}
	}
	return nil
}

// fortiosMask renders a prefix as FortiOS's "A M".
func fortiosMask(p netip.Prefix) string {
	return p.Addr().String() + " " + mask(p.Bits())
}
