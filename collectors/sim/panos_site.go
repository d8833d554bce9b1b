package sim

import "strings"

// panosDialect is a Palo Alto Networks firewall on PAN-OS 10.2 (legacy
// routing engine) as a Virtual Connect CPE, GRE over IPsec as PAN-OS
// builds it: a GRE tunnel per DC (GRE-DCA, GRE-DCB) bound to tunnel.1 /
// tunnel.2, which carry the activation form's tunnel IP and the eBGP
// session, and a route-based IPsec tunnel per DC (TUN-DCA, TUN-DCB) bound
// to tunnel.11 / tunnel.12, with a static route sending the DI GRE
// address into it (the proxy ID: GRE between the transport IPs). A
// tunnel whose CPE ASN differs from the router's gets a virtual router of
// its own (panos_vr.go). What platform/panos reads, rendered in
// panos_*.go: show system info, show vpn ike-sa / ipsec-sa / tunnel /
// flow, show interface tunnel.N, show routing protocol bgp peer / summary
// / loc-rib / rib-out, show routing route and ping.
func panosDialect() *dialect {
	return &dialect{
		title:         "PAN-OS",
		serverVersion: panosServerVersion,
		prompt:        func(c *cli) string { return c.user + "@" + c.srv.cpe + "> " },
		handle:        (*cli).panosLine,
		render:        (*renderer).panosDispatch,
		convert:       PANOSSite,
		noForm:        noPANOSForm,
		only:          panosOnly,
		expect:        panosExpect,
	}
}

// panosServerVersion is what PAN-OS's management sshd announces: its own
// OpenSSH build, versioned apart from upstream (nmap reports "OpenSSH
// 12.1" for PAN-OS 9.x to 11.x).
const panosServerVersion = "SSH-2.0-OpenSSH_12.1"

// panosRelease is the PAN-OS release show system info reports.
const panosRelease = "10.2.9-h1"

// PANOSSite turns a site built for IOS-XE into the same site on PAN-OS
// CPEs: the GRE tunnel interfaces tunnel.1 (DC-A) and tunnel.2 (DC-B),
// with GRE keepalives on as IOS has them (PAN-OS GRE tunnels send their
// own); ethernet1/1 as the internet side (loopback.1 where IOS sources
// GRE from Loopback1). Every value of the activation form stays as it
// was.
func PANOSSite(s *Site) *Site {
	s.Platform = PlatformPANOS
	for _, c := range s.CPEs {
		renamed := map[string]string{} // IOS tunnel name -> PAN-OS
		for _, t := range c.Tunnels {
			renamed[t.Interface] = panosTunnelIf(t.DC)
			t.Interface = panosTunnelIf(t.DC)
			if strings.HasPrefix(t.Config.Source, "Loopback") {
				t.Config.Source = "loopback.1"
			} else {
				t.Config.Source = panosPublicIf
			}
		}
		// A scenario's static routes name the IOS tunnels.
		for i, st := range c.Statics {
			if n, ok := renamed[st.Interface]; ok {
				c.Statics[i].Interface = n
			}
		}
	}
	return s
}

// The PAN-OS data interfaces: the internet side and the LAN.
const (
	panosPublicIf = "ethernet1/1"
	panosLANIf    = "ethernet1/2"
)

func panosTunnelIf(dc string) string {
	if dc == "B" {
		return "tunnel.2"
	}
	return "tunnel.1"
}

// panosIPsecIf is the tunnel interface the DC's IPsec tunnel is bound to:
// tunnel.11 for tunnel.1's.
func panosIPsecIf(t *Tunnel) string {
	return t.Interface[:len("tunnel.")] + "1" + t.Interface[len("tunnel."):]
}

// panosOnly are scenarios only the PAN-OS dialect shows.
var panosOnly = []Scenario{
	{Name: "gre-tunnel-disabled", Description: "the GRE tunnel GRE-DCA is disabled (set network tunnel gre GRE-DCA disabled yes): tunnel.1 down, no ping, BGP to DC-A down",
		Profile: "example", Expect: t1("gre.line-protocol"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.LinkDown = true })},
}

// noPANOSForm says why an IOS scenario has no PAN-OS counterpart: the
// fault cannot be configured on a PAN-OS route-based tunnel, or nothing
// PAN-OS's show commands print can reveal it.
var noPANOSForm = map[string]string{
	"routes-asymmetric": "tunnel2 lives in a virtual router of its own (vr-dcb: PAN-OS sets the local AS per virtual router, " +
		"and the form gives each tunnel its own); the LAN's traffic is routed in the default virtual router, which vcdiag's " +
		"route checks, reading the tunnel's virtual router, do not judge yet",
	"gre-keepalive-down": "a PAN-OS GRE tunnel has no key, the fault that makes IOS's keepalive replies vanish",
	"mtu-no-pmtud":       "PAN-OS has no per-tunnel path MTU discovery setting",
	"capacity-over":      "show interface tunnel.N prints counters but no rates, so the combined load cannot be read",
}

// panosExpect overrides a scenario's expected root cause where PAN-OS's
// evidence points at another rung than IOS's.
//
// ike-no-response, tunnel2-down: show vpn ike-sa lists only established
// IKE SAs; a negotiation that is never answered leaves no row (IOS keeps
// an IN-NEG SA), so the first failing rung is the SA's absence.
//
// ike-proposal-mismatch: the rejected negotiation leaves no SA, and the
// IKE crypto profile is not read (show vpn ike-sa prints the algorithms
// of established SAs only): the SA's absence, as on Linux.
//
// ipsec-one-way: the ESP counters are in show vpn flow tunnel-id N, whose
// ID the plan cannot know before collection; without them the first rung
// the evidence proves is GRE: DC-A's keepalive replies do not return.
//
// ike-bouncing: show vpn ike-sa prints when an SA was established as a
// date without a year, so the SA's age is not read and a new SA between
// two samples cannot be told from a rekey: ikev2.not-bouncing is unknown
// (never a pass), and no rung the evidence proves fails.
//
// bgp-md5-mismatch: show routing protocol bgp peer prints only
// "password set: yes"; no log is read, so a password the DC does not
// share is a session that never leaves Active, nothing more specific.
var panosExpect = map[string]map[string]string{
	"ike-no-response":       t1("ikev2.sa-present"),
	"tunnel2-down":          t2("ikev2.sa-present"),
	"ike-proposal-mismatch": {"tunnel1": "ikev2.sa-present", "tunnel2": "ikev2.sa-present"},
	"bgp-md5-mismatch":      t1("bgp.established"),
	"ipsec-one-way":         t1("gre.line-protocol"),
	"ike-bouncing":          {"tunnel1": "", "tunnel2": ""},
}
