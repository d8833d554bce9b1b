package checks

import (
	"fmt"
	"net/netip"

	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/parsers"
)

// PlannedCommand is one command the ladder reads, with how many samples to
// take (--sample-interval apart) so counter checks can compute deltas.
type PlannedCommand struct {
	Command string `json:"command"`
	Samples int    `json:"samples"`
}

// The command texts the checks read. Collectors run exactly these (see
// Commands); checks name them in "was not collected" reasons.
const (
	cmdVersion    = "show version"
	cmdRunning    = "show running-config"
	cmdIKEv2      = "show crypto ikev2 sa detail"
	cmdIPsec      = "show crypto ipsec sa detail"
	cmdSession    = "show crypto session detail"
	cmdBGPSummary = "show ip bgp summary"
)

// Commands returns the IOS commands the ladder reads for one CPE, in
// collection order. The live collector and the transcript writers use it,
// and every check reads only these.
func Commands(p *profile.Profile, cpe string) []PlannedCommand {
	var tunnels []*profile.Tunnel
	for i := range p.Tunnels {
		if p.Tunnels[i].CPE == cpe {
			tunnels = append(tunnels, &p.Tunnels[i])
		}
	}
	out := []PlannedCommand{
		{cmdVersion, 1}, {cmdRunning, 1}, {cmdIKEv2, 2}, {cmdIPsec, 2}, {cmdSession, 1},
	}
	seen := map[string]bool{}
	add := func(cmd string, samples int) {
		if !seen[cmd] {
			seen[cmd] = true
			out = append(out, PlannedCommand{cmd, samples})
		}
	}
	for _, t := range tunnels {
		add(cmdInterfaces(t), 2)
	}
	for _, t := range tunnels {
		add(cmdPing(t), 1)
	}
	add(cmdBGPSummary, 1)
	for _, t := range tunnels {
		add(cmdNeighbor(t), 1)
		add(cmdNeighborRoutes(t, "received-routes"), 1)
		add(cmdNeighborRoutes(t, "routes"), 1)
		add(cmdNeighborRoutes(t, "advertised-routes"), 1)
	}
	for _, h := range routeHosts(p) {
		add(cmdRoute(h), 1)
	}
	return out
}

// cmdInterfaces is "show interfaces TunnelN", or "show interfaces" when the
// profile leaves the interface to be found by its GRE destination.
func cmdInterfaces(t *profile.Tunnel) string {
	if t.Interface == "" {
		return "show interfaces"
	}
	return "show interfaces " + parsers.InterfaceName(t.Interface)
}

// cmdPing pings the DI tunnel IP from the CPE tunnel interface (or its
// address when the interface is not named): tunnel IP to tunnel IP is the
// only ping that can work, the crypto ACL passes only GRE.
func cmdPing(t *profile.Tunnel) string {
	src := t.CPETunnelIP.Addr().String()
	if t.Interface != "" {
		src = parsers.InterfaceName(t.Interface)
	}
	return "ping " + t.DITunnelIP.String() + " source " + src + " repeat 5"
}

// cmdDFPing is one probe of the MTU sweep: size bytes with DF set from
// the tunnel (collectors.MTUProbeCommand sends the same text).
func cmdDFPing(t *profile.Tunnel, source string, size int) string {
	return fmt.Sprintf("ping %s size %d df-bit source %s repeat 2", t.DITunnelIP, size, source)
}

func cmdNeighbor(t *profile.Tunnel) string {
	return "show ip bgp neighbors " + t.DITunnelIP.String()
}

func cmdNeighborRoutes(t *profile.Tunnel, variant string) string {
	return cmdNeighbor(t) + " " + variant
}

func cmdRoute(host netip.Addr) string { return "show ip route " + host.String() }

// routeHosts are the first hosts of each DC /25 and of the /24s, in order,
// without repeats (the /24's first host is DC-A's).
func routeHosts(p *profile.Profile) []netip.Addr {
	var hosts []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, n := range []netip.Prefix{p.DINetwork, p.IaaSNetwork} {
		if !n.IsValid() {
			continue
		}
		for _, dc := range []profile.DC{profile.DCA, profile.DCB} {
			h := firstHost(halfOf(n, dc))
			if h.IsValid() && !seen[h] {
				seen[h] = true
				hosts = append(hosts, h)
			}
		}
	}
	return hosts
}
