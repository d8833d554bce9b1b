package sim

import (
	"net/netip"
	"strings"
)

// linuxDialect is a Linux CPE: strongSwan 5.9 (swanctl), FRR 8.4
// (vtysh), iproute2 6.1, iputils and journald, behind a bash prompt.
func linuxDialect() *dialect {
	return &dialect{
		title:         "Linux",
		serverVersion: linuxServerVersion,
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + ":~$ " },
		handle:        (*cli).shellLine,
		render:        (*renderer).linuxDispatch,
		convert:       LinuxSite,
		noForm:        noLinuxForm,
		only:          linuxOnly,
		expect:        linuxExpect,
	}
}

// linuxVersion is what the Linux CPE runs, for show version and uname.
const (
	linuxKernel = "6.1.0-18-amd64"
	linuxFRR    = "8.4.4"
)

// LinuxSite turns a site built for IOS-XE into the same site on Linux
// CPEs: tunnel interfaces gre1 (DC-A) and gre2 (DC-B), eth0 as the
// transport, no GRE keepalives (Linux GRE has none). Every value of the
// activation form stays as it was.
func LinuxSite(s *Site) *Site {
	s.Platform = PlatformLinux
	s.ReflectsKeepalives = true
	for _, c := range s.CPEs {
		for _, t := range c.Tunnels {
			t.Interface = linuxTunnelIf(t.DC)
			t.Config.Keepalive = false
			if strings.HasPrefix(t.Config.Source, "Loopback") {
				t.Config.Source = "lo"
			} else {
				t.Config.Source = "eth0"
			}
		}
		for i, st := range c.Statics {
			if tt := c.tunnelByIOSName(st.Interface); tt != "" {
				c.Statics[i].Interface = tt
			}
		}
	}
	return s
}

// tunnelByIOSName maps "Tunnel1" in a scenario's static routes to the
// Linux name of the tunnel ("" when it is no tunnel interface).
func (c *CPE) tunnelByIOSName(name string) string {
	n := strings.TrimPrefix(name, "Tunnel")
	if n == name {
		return ""
	}
	switch n {
	case "1":
		return "gre1"
	case "2":
		return "gre2"
	}
	return ""
}

func linuxTunnelIf(dc string) string {
	if dc == "B" {
		return "gre2"
	}
	return "gre1"
}

// linuxOnly are scenarios that only the Linux dialect can show.
var linuxOnly = []Scenario{
	{Name: "routes-filtered-in", Description: "the CPE's inbound route-map on the DC-A neighbor drops the /24: received-routes has it, routes does not",
		Profile: "example", Expect: t1("routes.backup-24"), Site: map[string]string{"site.failover-ready": "fail"}, Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.InboundDeny = []netip.Prefix{DINetwork} })},
	{Name: "gre-link-down", Description: "gre1 is administratively down (ip link set gre1 down): state DOWN, no ping, BGP to DC-A down",
		Profile: "example", Expect: t1("gre.line-protocol"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.LinkDown = true })},
}

// noLinuxForm says why an IOS scenario has no Linux counterpart.
var noLinuxForm = map[string]string{
	"ipsec-acl-permits-ip":    "there is no crypto map ACL: strongSwan's traffic selectors are in swanctl.conf",
	"gre-keepalive-down":      "Linux GRE has no keepalives",
	"gre-no-keepalive-on-cpe": "Linux GRE has no keepalives",
	"mtu-no-mss":              "the MSS clamp is an nftables rule, which vcdiag does not read on Linux",
}

// linuxExpect overrides a scenario's expected root cause where the Linux
// evidence points at a different rung than IOS's.
//
// ike-proposal-mismatch: IOS keeps an SA to read the proposal from;
// strongSwan deletes the IKE_SA on NO_PROPOSAL_CHOSEN and --list-conns
// prints no proposals, so the first failing rung is the SA's absence.
var linuxExpect = map[string]map[string]string{
	"ike-proposal-mismatch": {"tunnel1": "ikev2.sa-present", "tunnel2": "ikev2.sa-present"},
}
