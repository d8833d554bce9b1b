package sim

import (
	"strings"
)

// fortiosDialect is a FortiGate-VM64 on FortiOS 7.2: route-based IPsec
// (one phase1-interface per DC, IKEv2), a GRE tunnel riding each IPsec
// interface (config system gre-tunnel) and eBGP over the GRE tunnel,
// behind the FortiOS CLI ("cpe1 # ").
func fortiosDialect() *dialect {
	return &dialect{
		title:         "FortiOS",
		serverVersion: fortiosServerVersion,
		prompt:        func(c *cli) string { return c.srv.cpe + " # " },
		handle:        (*cli).fortiosLine,
		render:        (*renderer).fortiosDispatch,
		convert:       FortiOSSite,
		noForm:        noFortiOSForm,
		expect:        fortiosExpect,
	}
}

// fortiosServerVersion is the SSH identification a FortiGate sends: its
// sshd hides the release behind a random token per boot, so no version
// can be read from it.
const fortiosServerVersion = "SSH-2.0-IqwNrtLbZa"

// fortiosRelease is what the simulated FortiGate runs.
const (
	fortiosModel   = "FortiGate-VM64"
	fortiosVersion = "v7.2.8,build1639,240313 (GA.M)"
)

// The FortiGate's ports: port1 is the internet side (IPsec and GRE
// source), port2 the LAN; a separate GRE transport IP sits on a loopback
// interface.
const (
	fortiosWAN      = "port1"
	fortiosLAN      = "port2"
	fortiosLoopback = "loop1"
)

// FortiOSSite turns a site built for IOS-XE into the same site on
// FortiGates: per DC a phase1-interface vc-dcX (the IPsec tunnel) and a
// GRE tunnel gre-dcX over it, which is the profile's interface. The
// activation form's values stay as they were. FortiOS GRE sends
// keepalives of its own when configured (keepalive-interval), so the
// tunnels keep the IOS site's keepalive setting.
func FortiOSSite(s *Site) *Site {
	s.Platform = PlatformFortiOS
	for _, c := range s.CPEs {
		for _, t := range c.Tunnels {
			t.Interface = fortiosGRE(t)
			// The GRE interface keeps FortiOS's own MTU (mtu-override
			// disable): the transport's less GRE.
			t.Config.IPMTU = 0
			if strings.HasPrefix(t.Config.Source, "Loopback") {
				t.Config.Source = fortiosLoopback
			} else {
				t.Config.Source = fortiosWAN
			}
		}
		for i, st := range c.Statics {
			if n := strings.TrimPrefix(st.Interface, "Tunnel"); n != st.Interface {
				for _, t := range c.Tunnels {
					if strings.TrimPrefix(t.Name, "tunnel") == n {
						c.Statics[i].Interface = t.Interface
					}
				}
			}
		}
	}
	return s
}

// fortiosGRE is the GRE tunnel (and its interface) of a tunnel:
// "gre-dca"; fortiosPhase1 the IPsec phase1-interface it rides: "vc-dca".
func fortiosGRE(t *Tunnel) string    { return "gre-dc" + strings.ToLower(t.DC) }
func fortiosPhase1(t *Tunnel) string { return "vc-dc" + strings.ToLower(t.DC) }

// noFortiOSForm says why an IOS scenario has no FortiOS counterpart.
var noFortiOSForm = map[string]string{
	"mtu-no-mss": "the MSS clamp is a firewall-policy setting (tcp-mss-sender/receiver), " +
		"which vcdiag does not read on FortiOS: the check is unknown either way",
	"mtu-no-pmtud": "FortiOS has no per-tunnel path MTU discovery switch that show system gre-tunnel " +
		"prints: the check is unknown either way",
}

// fortiosExpect overrides a scenario's expected root cause where the
// FortiOS evidence points at a different rung than IOS's.
//
// ike-proposal-mismatch: IOS keeps an SA to read the proposal from;
// FortiOS deletes the IKE SA on NO_PROPOSAL_CHOSEN (the gateway list shows
// the phase1 with no id/spi block) and the proposal it offers is only in
// its configuration, which vcdiag does not read: the first failing rung
// is the SA's absence.
//
// gre-keepalive-down: FortiOS prints no GRE line state. get system
// interface's status is the administrative one ("set status up"), so the
// dead keepalives show first where traffic must cross the tunnel: the
// tunnel-IP ping.
//
// bgp-md5-mismatch: IOS proves the password with %TCP-6-BADAUTH in its
// log; FortiOS shows its log only through execute log display, which
// vcdiag never runs, and the BGP password is configuration it does not
// read: what shows is a session that never leaves Active.
var fortiosExpect = map[string]map[string]string{
	"ike-proposal-mismatch": {"tunnel1": "ikev2.sa-present", "tunnel2": "ikev2.sa-present"},
	"gre-keepalive-down":    t1("ping.tunnel-ip"),
	"bgp-md5-mismatch":      t1("bgp.established"),
}
