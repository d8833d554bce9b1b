package sim

import (
	"net/netip"
	"time"
)

// ScenarioStart is the fixed start of every scenario, so generated
// transcripts are stable.
var ScenarioStart = time.Date(2026, 11, 26, 10, 21, 0, 0, time.UTC)

// Scenario is one documented failure mode (or a healthy site) and what the
// diagnosis must conclude from it.
type Scenario struct {
	Name        string
	Description string
	// Profile is the testdata profile the scenario is judged against:
	// "example" (testdata/profiles/example.yaml) or "two-cpe".
	Profile string
	// Expect maps every tunnel (profile name) to the check ID the ladder
	// must report as its root cause; "" means the tunnel has none.
	Expect map[string]string
	// Warn lists per tunnel (or "site") the check IDs that must come out
	// warn.
	Warn map[string][]string
	// Site maps site check IDs to their expected status when not pass.
	Site map[string]string
	// Status is the overall report status: "pass", "warn" or "fail".
	Status string
	// Build returns the site in this state.
	Build func(start time.Time) *Site
}

// acme modifies the healthy one-CPE site.
func acme(mod func(s *Site, t1, t2 *Tunnel)) func(time.Time) *Site {
	return func(start time.Time) *Site {
		s := NewSite(start)
		mod(s, s.CPEs[0].Tunnels[0], s.CPEs[0].Tunnels[1])
		return s
	}
}

func t1(check string) map[string]string { return map[string]string{"tunnel1": check, "tunnel2": ""} }
func t2(check string) map[string]string { return map[string]string{"tunnel1": "", "tunnel2": check} }

// Scenarios is the catalogue, documented in docs/scenarios.md.
var Scenarios = []Scenario{
	{Name: "healthy", Description: "one CPE, both tunnels up, routes and MTU as the form says",
		Profile: "example", Expect: t1(""), Status: "pass",
		Build: acme(func(*Site, *Tunnel, *Tunnel) {})},
	{Name: "healthy-two-cpe", Description: "two CPEs with one tunnel each (tunnel protection on one, crypto map and separate GRE IP on the other), all up",
		Profile: "two-cpe", Expect: map[string]string{"dc-a": "", "dc-b": ""}, Status: "pass",
		Build: NewTwoCPESite},
	{Name: "ike-no-response", Description: "UDP 500 to the DC-A IPsec peer is blocked: tunnel1's IKEv2 SA never leaves IN-NEG",
		Profile: "example", Expect: t1("ikev2.sa-ready"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Faults.IKE = IKENoResponse })},
	{Name: "ike-proposal-mismatch", Description: "the CPE offers AES-CBC-256/SHA-256/group 14; both DCs answer NO_PROPOSAL_CHOSEN, no SA",
		Profile: "example", Expect: map[string]string{"tunnel1": "ikev2.proposal", "tunnel2": "ikev2.proposal"}, Status: "fail",
		Build: acme(func(_ *Site, a, b *Tunnel) {
			cr := Crypto{Encryption: "aes-cbc-256", Integrity: "sha256", PRF: "sha256", DHGroups: []int{14},
				IKELife: 24 * time.Hour, Transform: a.Config.Crypto.Transform, PFS: 20, IPsecLife: time.Hour}
			// One proposal serves both peers: DC-B rejects it as well.
			a.Config.Crypto, b.Config.Crypto = cr, cr
			a.Faults.IKE, b.Faults.IKE = IKERejected, IKERejected
		})},
	{Name: "ike-auth-failure", Description: "tunnel1's pre-shared key differs from DC-A's: IKE_AUTH fails, the SA is deleted at once",
		Profile: "example", Expect: t1("ikev2.sa-present"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.PSK = WrongPSK; a.Faults.IKE = IKERejected })},
	{Name: "ike-bouncing", Description: "tunnel1's IKEv2 SA is torn down and renegotiated every 9 s: active time resets between samples",
		Profile: "example", Expect: t1("ikev2.not-bouncing"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) {
			a.Faults.IKE, a.Faults.BouncePeriod = IKEBouncing, bouncingPeriod
			a.IKEAge = 30 * time.Second
		})},
	{Name: "ipsec-acl-permits-ip", Description: "tunnel1's crypto map ACL says permit ip: selectors are protocol 0, DC-A sends nothing back",
		Profile: "example", Expect: t1("ipsec.crypto-acl-gre"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.ACLProtocol = "ip" })},
	{Name: "ipsec-one-way", Description: "a firewall in front of the CPE drops inbound ESP: tunnel1 encaps rise, decaps stay 0",
		Profile: "example", Expect: t1("ipsec.counters-rising"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Faults.ESPInboundDropped = true })},
	{Name: "gre-keepalive-down", Description: "tunnel1 has a tunnel key DC-A does not: keepalive replies never return, line protocol down",
		Profile: "example", Expect: t1("gre.line-protocol"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.TunnelKey = 100 })},
	{Name: "gre-no-keepalive-on-cpe", Description: "tunnel1 has no keepalive: works, but a dead DC is never noticed",
		Profile: "example", Expect: t1(""), Warn: map[string][]string{"tunnel1": {"gre.keepalive"}}, Status: "warn",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.Keepalive = false })},
	// The wrong destination is the cause; the flat encaps it produces on
	// the IPsec rung are its symptom (causes outrank symptoms).
	{Name: "gre-wrong-destination", Description: "tunnel1's GRE destination is the DI IPsec IP: GRE misses the crypto ACL, encaps stay 0",
		Profile: "example", Expect: t1("gre.endpoints"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.GREDestination = a.Form.IPsecPeer })},
	{Name: "tunnel-ip-mismatch", Description: "Tunnel1 is numbered 100.64.1.6/30 instead of 100.64.1.2/30",
		Profile: "example", Expect: t1("gre.tunnel-ip"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.TunnelIP = netip.MustParsePrefix("100.64.1.6/30") })},
	{Name: "tunnel-ping-fail", Description: "an inbound ACL on Tunnel1 passes BGP but drops ICMP: the tunnel-IP ping fails",
		Profile: "example", Expect: t1("ping.tunnel-ip"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.InboundACL = true })},
	{Name: "bgp-wrong-remote-as", Description: "tunnel1's neighbor has remote-as 64603, DC-A is 64602: NOTIFICATION 2/2, Idle",
		Profile: "example", Expect: t1("bgp.remote-as"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.RemoteAS = 64603 })},
	{Name: "bgp-wrong-neighbor", Description: "tunnel1's BGP neighbor is the DI GRE transport IP, not the DI tunnel IP",
		Profile: "example", Expect: t1("bgp.neighbor-configured"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.Neighbor = a.Form.GREDestination })},
	// The log's %TCP-6-BADAUTH lines prove the password: the specific
	// cause, not the generic "Active".
	{Name: "bgp-md5-mismatch", Description: "tunnel1's BGP password differs from DC-A's: TCP MD5 drops every segment (%TCP-6-BADAUTH in the log), Active",
		Profile: "example", Expect: t1("bgp.password"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.BGPPassword = WrongBGPPass; a.Faults.DIPasswordDiffers = true })},
	{Name: "routes-missing-backup", Description: "DC-B sends only its /25 on tunnel2, not the /24: failover would silently fail",
		Profile: "example", Expect: t2("routes.backup-24"), Site: map[string]string{"site.failover-ready": "fail"}, Status: "fail",
		Build: acme(func(_ *Site, _, b *Tunnel) { b.DIRoutes = []netip.Prefix{DCBNet} })},
	{Name: "routes-extra-advertised", Description: "the CPE advertises 10.0.0.0/8 as well as 0.0.0.0/0 on both tunnels",
		Profile: "example", Expect: map[string]string{"tunnel1": "routes.advertised-default-only", "tunnel2": "routes.advertised-default-only"}, Status: "fail",
		Build: acme(func(s *Site, _, _ *Tunnel) {
			s.CPEs[0].ExtraNetworks = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
			s.CPEs[0].ExtraPermit = true
		})},
	{Name: "routes-no-default", Description: "no network 0.0.0.0: the CPE advertises nothing on either tunnel",
		Profile: "example", Expect: map[string]string{"tunnel1": "routes.advertised-default-only", "tunnel2": "routes.advertised-default-only"}, Status: "fail",
		Build: acme(func(s *Site, _, _ *Tunnel) { s.CPEs[0].NoDefaultNetwork = true })},
	{Name: "routes-asymmetric", Description: "a static route sends DC-B's /25 into Tunnel1 (the DC-B BGP path is a RIB-failure)",
		Profile: "example", Expect: t2("routes.best-path"), Status: "fail",
		Build: acme(func(s *Site, _, _ *Tunnel) {
			s.CPEs[0].Statics = []Static{{Prefix: DCBNet, Interface: "Tunnel1"}}
		})},
	{Name: "mtu-no-mss", Description: "Tunnel1 has no ip tcp adjust-mss",
		Profile: "example", Expect: t1("mtu.adjust-mss"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.MSS = 0 })},
	{Name: "mtu-no-pmtud", Description: "Tunnel1 has no tunnel path-mtu-discovery",
		Profile: "example", Expect: t1("mtu.pmtud"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Config.PMTUD = false })},
	{Name: "mtu-blackhole", Description: "a 1400-byte link on the path to DC-A and ICMP fragmentation-needed filtered: small pings pass, DF pings above 1322 bytes vanish while Tunnel1 claims ip mtu 1400",
		Profile: "example", Expect: t1("mtu.path"), Status: "fail",
		Build: acme(func(_ *Site, a, _ *Tunnel) { a.Faults.PathMTU, a.Faults.FragNeededFiltered = 1400, true })},
	{Name: "capacity-over", Description: "both tunnels up, but their 5-minute rates add up to about 280 Mbps in, 259 out: over 250",
		Profile: "example", Expect: t1(""), Site: map[string]string{"site.capacity": "fail"}, Status: "fail",
		Build: acme(func(_ *Site, a, b *Tunnel) {
			a.Traffic = Traffic{InBPS: 162_441_000, OutBPS: 148_902_000, InSize: 1012, OutSize: 884}
			b.Traffic = Traffic{InBPS: 118_337_000, OutBPS: 109_776_000, InSize: 998, OutSize: 902}
		})},
	{Name: "tunnel2-down", Description: "DC-B is unreachable: tunnel2 is down at IKE, tunnel1 carries all traffic over the /24",
		Profile: "example", Expect: t2("ikev2.sa-ready"), Status: "fail",
		Build: acme(func(_ *Site, _, b *Tunnel) { b.Faults.IKE = IKENoResponse })},
}

// ScenarioByName returns the named scenario.
func ScenarioByName(name string) (Scenario, bool) {
	for _, s := range Scenarios {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}
