package checks

import "github.com/vcdiag/vcdiag/evidence"

// causes is what a proven fault of the tunnel interface or its transport
// (missing, shut, sourced from a down interface, wrong endpoints, wrong
// VRF) produces on the lower rungs: no IKE SA, no IPsec SA, no ESP
// traffic. Such a fault outranks those symptoms as the root cause.
var causes = []string{"ikev2.sa-present", "ikev2.sa-ready", "ipsec.sa-present", "ipsec.counters-rising"}

// Ladder returns the tunnel checks in ladder order: the stages bottom to
// top, and within a stage the order in which a root cause is chosen. This
// slice is the one place the order is defined; there is no registration.
// Hints and docs speak of facts, never of one platform's commands: the
// CPE's platform spells the verify command and the configuration fixes.
func Ladder() []Check {
	return []Check{
		// Rung 1: IKEv2. The proposal check comes first: when the
		// configured proposal cannot match the activation form, that is the
		// cause and a missing SA its consequence. It never passes without
		// evidence: with no SA and a matching configuration it is unknown
		// and ikev2.sa-present is the root cause.
		{ID: "ikev2.proposal", Stage: StageIKEv2, Title: "IKEv2 algorithms match the activation form", Run: checkIKEv2Proposal,
			Verify: verify{Family: evidence.FamilyIKE},
			Hint:   "Configure the IKEv2 proposal with exactly the encryption, PRF/integrity and DH group of the activation form (with AES-GCM the integrity is NULL), and attach it to the IKEv2 policy.",
			Doc:    "Compares the negotiated encryption, PRF, integrity and DH group (and lifetime) with the profile's ike expectations. With GCM integrity must be none. Without an established SA it checks that some configured proposal offers them."},
		{ID: "ikev2.sa-present", Stage: StageIKEv2, Title: "An IKEv2 SA to the DI IPsec peer exists", Run: checkIKEv2SAPresent,
			Verify: verify{Family: evidence.FamilyIKE},
			Hint:   "Make the CPE start IKEv2 to the DI IPsec peer: check reachability of the DI IPsec IP, that a firewall passes UDP 500 and 4500, that the crypto selector covers GRE between the GRE transport IPs, and that interesting traffic (GRE keepalives, BGP) exists. DI does not always initiate: the CPE must. If IKE packets do flow, a pre-shared key or identity mismatch also ends here: the AUTHENTICATION_FAILED notify is encrypted on the wire, so read the CPE's IKE diagnostics or debug output.",
			Doc:    "Looks for an IKEv2 SA whose remote address is the profile's ipsec_peer. Without it nothing above can work. Common causes: no interesting traffic to trigger IKE, a wrong crypto selector, no route to the DI IPsec IP, UDP 500/4500 blocked, IKEv1 (ISAKMP) configured instead of IKEv2, a pre-shared key or identity mismatch (IKE_AUTH fails and the SA is removed)."},
		{ID: "ikev2.sa-ready", Stage: StageIKEv2, Title: "The IKEv2 SA is established", Run: checkIKEv2SAReady,
			Verify: verify{Family: evidence.FamilyIKE},
			Hint:   "Compare the IKEv2 settings with the activation form: version 2, encryption and integrity (with GCM, integrity is NULL), PRF, DH group and lifetime; check the pre-shared key, and that UDP 500/4500 pass both ways.",
			Doc:    "An SA still negotiating, being deleted or down never finished: parameter mismatch (proposal, DH group, PRF), wrong pre-shared key, or the peer's answers blocked (UDP 500/4500)."},
		{ID: "ikev2.not-bouncing", Stage: StageIKEv2, Title: "The IKEv2 SA is stable between two samples", Run: checkIKEv2NotBouncing,
			Verify: verify{Family: evidence.FamilyIKE},
			Hint:   "An SA that keeps being re-created points at DPD timeouts, lifetime mismatch or an unstable path to the DI IPsec IP: check the CPE's IKE logs and the path, and match the lifetime to the activation form.",
			Doc:    "Compares two samples: the same SA (same SPIs) must still be there and its active time must have grown. An SA re-created between samples is bouncing, unless the old one is listed as being deleted beside it or had reached the end of its lifetime (a scheduled rekey); up less than a minute warns. Needs two samples; with one it is unknown."},
		{ID: "ikev2.local-address", Stage: StageIKEv2, Title: "The IKEv2 SA uses the customer IPsec IP, without NAT", Run: checkIKEv2LocalAddress,
			Verify: verify{Family: evidence.FamilyIKE},
			Hint:   "Source IKE from the customer IPsec IP given in the activation form (the interface or address the IKE policy is bound to).",
			Doc:    "The SA's local address must be the profile's ipsec_local. NAT-T detected means a NAT device sits between the CPE and DI (warn): IKE and ESP then run over UDP 4500."},
		// Rung 2: IPsec.
		{ID: "ipsec.sa-present", Stage: StageIPsec, Title: "Inbound and outbound ESP SAs to the DI peer are active", Run: checkIPsecSAPresent,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Check the IPsec settings against the activation form: transforms (encryption and integrity), PFS group, lifetime, tunnel mode, and the source and destination IPsec addresses.",
			Doc:    "Looks for the IPsec SA to ipsec_peer with at least one inbound and one outbound ESP SA, active. A child SA without ESP SAs means phase 2 did not complete: transform, PFS or traffic selector mismatch."},
		{ID: "ipsec.crypto-acl-gre", Stage: StageIPsec, Title: "IPsec protects GRE between the GRE transport IPs", Run: checkIPsecCryptoACL,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Write the crypto selector (ACL) for GRE only, between the customer and DI GRE transport IPs as hosts; selecting all IP does not work.",
			Doc:    "The configured crypto selector (policy-based IPsec) or else the negotiated traffic selectors must be protocol 47 between gre_source and gre_destination as /32 hosts. Selecting all IP (protocol 0) fails."},
		{ID: "ipsec.transform", Stage: StageIPsec, Title: "IPsec transform, mode, PFS and lifetime match the activation form", Run: checkIPsecTransform,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Set the IPsec transforms, mode, PFS group and lifetime to the activation form's values.",
			Doc:    "Compares the negotiated ESP transform, mode and PFS group, and the configured IPsec policy of the tunnel (transforms, mode, PFS group, lifetime), with the profile's ipsec expectations. A PFS group other than the form's does not stop the tunnel from coming up, because IKEv2 builds the first child SA without a PFS exchange, but the first rekey fails: it is a fail. With no expectation set it reports what is used."},
		{ID: "ipsec.counters-rising", Stage: StageIPsec, Title: "ESP traffic flows both ways", Run: checkIPsecCountersRising,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Make traffic flow both ways: if only encaps rise DI is not returning ESP or a firewall drops it inbound; if both are flat nothing is sent into the tunnel (enable GRE keepalives, check BGP).",
			Doc:    "Compares the SA's encapsulated and decapsulated packet counters between two samples: both must rise (GRE keepalives and BGP alone do that). Encaps rising with decaps flat is a one-way tunnel. Needs two samples at least 10 s (one GRE keepalive period) apart: over a shorter window a counter that did not move is unknown, not a fault. A proven fault of the tunnel interface or its source (gre.*) outranks it as the root cause."},
		{ID: "ipsec.errors", Stage: StageIPsec, Title: "IPsec error counters are not rising", Run: checkIPsecErrors,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Rising IPsec errors (replay, verify failed, no SA) point at packet loss or reordering on the path, or a key mismatch after rekey: clear the SA and watch the counters.",
			Doc:    "Reads the non-zero error counters of the SA (no SA, verify failed, replay failed, ...). Zero is a pass; non-zero and rising between samples warns; non-zero with one sample is unknown."},
		// Rung 3: GRE. The configuration and state causes come first, so
		// that a wrong endpoint or a down source is named before the line
		// protocol it brings down.
		{ID: "gre.interface-found", Stage: StageGRE, Title: "The GRE tunnel interface exists", Run: checkGREInterfaceFound,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"}, Explains: causes,
			Hint: "Configure the GRE tunnel interface with the customer GRE transport IP as its source and the DI GRE transport IP as its destination, or name it in the profile (interface:).",
			Doc:  "Finds the tunnel interface: the profile's interface, else the configured interface whose tunnel destination is gre_destination, else an interface state with that destination. It is missing only when an output that would list it (the full configuration, a full interface listing, the interface's own listing) does not; otherwise unknown. The other GRE checks need it."},
		{ID: "gre.endpoints", Stage: StageGRE, Title: "Tunnel source and destination are the assigned transport IPs", Run: checkGREEndpoints,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"}, Explains: causes,
			Hint: "Set the tunnel source to the customer GRE transport IP (or the interface holding it) and the destination to the DI GRE transport IP from the activation form.",
			Doc:  "The tunnel source (resolved from the source interface when one is named) must be gre_source and the destination gre_destination. DI's GRE and IPsec endpoints are different devices, so gre_destination may differ from ipsec_peer. A wrong endpoint is a cause: it outranks the missing SA or flat ESP counters it produces."},
		{ID: "gre.source-up", Stage: StageGRE, Title: "The tunnel's source interface is up", Run: checkGRESourceUp,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"}, Explains: causes,
			Hint: "Bring the tunnel's source interface up (it carries the customer GRE and IPsec transport IP), then check the WAN link.",
			Doc:  "A tunnel is only as up as the interface it is sourced from. Fails when the tunnel reports its source down, when the source interface is shut or down, or when the source has no usable address; passes when the source interface, or the tunnel itself, is up. A down source is a cause: it outranks the missing SA or flat ESP counters it produces."},
		{ID: "gre.tunnel-ip", Stage: StageGRE, Title: "The tunnel interface has the assigned IP and mask", Run: checkGRETunnelIP,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"},
			Hint:   "Set the tunnel interface address and mask exactly as the activation form assigns.",
			Doc:    "The interface address must equal cpe_tunnel_ip, mask included; a wrong address or mask breaks the ping and the BGP session."},
		{ID: "gre.vrf", Stage: StageGRE, Title: "The tunnel's transport VRF matches the source interface's VRF", Run: checkGREVRF,
			Verify: verify{Family: evidence.FamilyConfig, About: "interface"}, Explains: causes,
			Hint: "Make the tunnel's transport VRF the VRF of the interface that holds the GRE transport IP, or remove it when the transport is in the global table.",
			Doc:  "When the transport (source) interface is in a VRF, the tunnel must use the same VRF for its transport; when no VRF is used the check passes as not applicable."},
		{ID: "gre.line-protocol", Stage: StageGRE, Title: "The tunnel line protocol is up", Run: checkGRELineProtocol,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"}, Explains: causes,
			Hint: "With keepalives on, the line protocol goes down when DI's keepalive replies do not come back: check the tunnel source/destination, the tunnel VRF, and that no firewall drops GRE into or out of IPsec.",
			Doc:  "The tunnel interface must be up, and its line protocol up. Down with keepalives means GRE replies do not return; the reason the device gives is quoted. A tunnel that is administratively down is a cause that outranks the missing SA it produces."},
		{ID: "gre.keepalive", Stage: StageGRE, Title: "GRE keepalives are on", Run: checkGREKeepalive,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"},
			Hint:   "Enable keepalives on the tunnel (every 10 s, 3 retries); if the CPE cannot send GRE keepalives, tell Cisco so they disable theirs.",
			Doc:    "DI enables GRE keepalives by default. Without them on the CPE the line protocol cannot reflect the path, and DI must be told to disable its own. Off is a warning."},
		{ID: "gre.counters-rising", Stage: StageGRE, Title: "Tunnel input and output packets are rising", Run: checkGRECountersRising,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"},
			Hint:   "If output rises but input does not, GRE is sent but nothing returns: check for a firewall dropping GRE into or out of IPsec and the IPsec counters.",
			Doc:    "Compares the tunnel interface's input and output packets between two samples; keepalives alone move both. Needs two samples at least 10 s (one GRE keepalive period) apart: over a shorter window a counter that did not move is unknown, not a fault."},
		// Rung 4: ping.
		{ID: "ping.tunnel-ip", Stage: StagePing, Title: "The DI tunnel IP answers a ping through the tunnel", Run: checkPingTunnelIP,
			Verify: verify{Family: evidence.FamilyPing, About: "ping"},
			Hint:   "Ping from the CPE tunnel IP to the DI tunnel IP (not between transport IPs: the crypto selector passes only GRE, so that ping fails by design). If it fails, check the tunnel IP/mask and any firewall dropping GRE inside IPsec.",
			Doc:    "Reads the pings whose output says they went to di_tunnel_ip from the tunnel (a ping to another address or from elsewhere does not count): 100% passes, partial loss warns, 0% fails. A transport-to-transport ping is meaningless here."},
		// Rung 5: BGP.
		{ID: "bgp.neighbor-configured", Stage: StageBGP, Title: "BGP neighbor is the DI tunnel IP", Run: checkBGPNeighborConfigured,
			Verify: verify{Family: evidence.FamilyBGPNeighbor},
			Hint:   "Configure the BGP neighbor as the DI tunnel IP, with the DI ASN as its remote AS; not the transport IPs.",
			Doc:    "BGP must have neighbor di_tunnel_ip (in the configuration, or shown by the session listing). A neighbor on a transport IP is a common mistake: the eBGP neighbor addresses are the tunnel IPs. Not configured needs a full configuration to prove it."},
		{ID: "bgp.remote-as", Stage: StageBGP, Title: "The neighbor's remote AS is the DI ASN", Run: checkBGPRemoteAS,
			Verify: verify{Family: evidence.FamilyBGPNeighbor, About: "neighbor"},
			Hint:   "Set the neighbor's remote AS to the DI ASN of the activation form.",
			Doc:    "The neighbor's remote AS must be di_asn; otherwise DI's OPEN is refused with NOTIFICATION 2/2 (bad peer AS)."},
		{ID: "bgp.local-as", Stage: StageBGP, Title: "The CPE uses the customer ASN", Run: checkBGPLocalAS,
			Verify: verify{Family: evidence.FamilyBGPNeighbor, About: "neighbor"},
			Hint:   "Use the customer ASN of the activation form: as the BGP process's AS or, when one CPE needs a different ASN per tunnel, as the neighbor's local AS.",
			Doc:    "The AS the CPE presents (the BGP process's AS, or the neighbor's local AS) must be cpe_asn; DI refuses anything else with NOTIFICATION 2/2."},
		{ID: "bgp.password", Stage: StageBGP, Title: "The BGP passwords agree (TCP MD5)", Run: checkBGPPassword,
			Verify: verify{Family: evidence.FamilyLog},
			Hint:   "Set the BGP password exactly as shown in Control Hub on the neighbor, or remove it on both sides; a password on one side only fails with \"no MD5 digest\", different ones with \"invalid MD5 digest\".",
			Doc:    "Fails when the evidence proves a TCP MD5 authentication failure for the DI tunnel IP: log messages about its segments (invalid digest: the passwords differ; no digest: one side only), or a reset reason naming MD5. Passes when the session is established (the passwords agree, or neither side has one). Otherwise unknown: a password cannot be compared, only its effect. Says whether a password is configured, never its value."},
		{ID: "bgp.established", Stage: StageBGP, Title: "The BGP session is Established", Run: checkBGPEstablished,
			Verify: verify{Family: evidence.FamilyBGPNeighbor, About: "neighbor"},
			Hint:   "Read the last reset reason: 2/2 bad peer AS means an AS mismatch; 4/0 hold timer expired usually means MTU (large updates dropped); MD5 messages mean the password; otherwise check that nothing blocks TCP 179 inside GRE.",
			Doc:    "The neighbor must be Established. Otherwise the last reset, the notifications and the log give the cause: AS mismatch (2/2), hold timer expired (4/0, often MTU), MD5 password, BGP blocked inside GRE."},
		{ID: "bgp.stable", Stage: StageBGP, Title: "The BGP session is not flapping", Run: checkBGPStable,
			Verify: verify{Family: evidence.FamilyBGPNeighbor, About: "neighbor"},
			Hint:   "A session up for only seconds or minutes is flapping: check the tunnel's stability (IKEv2, keepalives) and the MTU rung (hold timer expiries).",
			Doc:    "Established for more than about two minutes; a shorter up time warns."},
		// Rung 6: routes.
		{ID: "routes.received", Stage: StageRoutes, Title: "The CPE has this DC's /25 from DI", Run: checkRoutesReceived,
			Verify: verify{Family: evidence.FamilyRoutesAccepted, About: "neighbor"},
			Hint:   "The tunnel's DC /25 is missing: check the inbound policy on the neighbor, then ask Cisco TAC to verify the advertisement on DI's side.",
			Doc:    "The tunnel to DC-A must receive and keep the lower /25 of di_network (DC-B the upper), and the IaaS /25 when ordered. Judges what the CPE kept after its inbound policy; when DI sends a prefix (the routes received before policy) and the CPE drops it, the inbound policy is named as the cause."},
		{ID: "routes.backup-24", Stage: StageRoutes, Title: "The CPE has the backup /24 from DI on this tunnel", Run: checkRoutesBackup24,
			Verify: verify{Family: evidence.FamilyRoutesAccepted, About: "neighbor"},
			Hint:   "Accept the /24 on both tunnels (the inbound policy must permit the /24 as well as the /25); without it failover does not work.",
			Doc:    "Both tunnels must carry the shared /24: when one tunnel drops, its /25 disappears and the /24 on the other tunnel carries the traffic. Judges what the CPE kept, not only what DI sent: a /24 that DI sends but an inbound filter drops breaks failover just the same."},
		{ID: "routes.advertised-default-only", Stage: StageRoutes, Title: "The CPE advertises exactly 0.0.0.0/0", Run: checkRoutesAdvertisedDefaultOnly,
			Verify: verify{Family: evidence.FamilyRoutesAdvertised, About: "neighbor"},
			Hint:   "Advertise only the default route to DI (originate 0.0.0.0/0 to the neighbor and filter everything else outbound).",
			Doc:    "DI accepts only 0.0.0.0/0 from the customer; more specific prefixes are not accepted. Both extra prefixes and a missing default fail. A default originated for the neighbor counts."},
		{ID: "routes.best-path", Stage: StageRoutes, Title: "Traffic to this DC's /25 uses this tunnel", Run: checkRoutesBestPath,
			Verify: verify{Family: evidence.FamilyRouteLookup, About: "dc-host"},
			Hint:   "Send each DC's /25 through its own tunnel (longest match): remove static routes, weights or local preference that pull it to the other tunnel; otherwise traffic hairpins through DI's WAN and firewalls may drop it.",
			Doc:    "The route to the DC's /25, in the tunnel's routing table, must point at this tunnel's DI tunnel IP. Any lookup that answers counts: an address inside the /25, the /25 itself (exact), a full table (longest match), the routing or the forwarding table. Via the other tunnel while this one is up is asymmetric routing (hairpin)."},
		// Rung 7: MTU.
		{ID: "mtu.adjust-mss", Stage: StageMTU, Title: "The TCP MSS is adjusted on the tunnel", Run: checkMTUAdjustMSS,
			Verify: verify{Family: evidence.FamilyConfig, About: "interface"},
			Hint:   "Adjust the TCP MSS on the tunnel interface to 1350 or lower.",
			Doc:    "The TCP MSS must be clamped to at most the profile's mss (default 1350), leaving room for GRE and ESP; without it large TCP segments fragment or black-hole. A setting above the form's while DF pings of MSS + 40 bytes cross the tunnel is only a warning: the measurement shows it fits this path."},
		{ID: "mtu.pmtud", Stage: StageMTU, Title: "Path MTU discovery is on for the tunnel", Run: checkMTUPMTUD,
			Verify: verify{Family: evidence.FamilyInterface, About: "interface"},
			Hint:   "Turn on path MTU discovery on the tunnel interface and allow ICMP 'fragmentation needed' on the path.",
			Doc:    "Path MTU discovery lets the tunnel track the real path MTU. Without it non-TCP traffic that is too large relies on fragmentation, and if ICMP is blocked it black-holes. The Virtual Connect documentation asks for it (or an equivalent) on the customer side, so missing fails."},
		{ID: "mtu.ip-mtu", Stage: StageMTU, Title: "The tunnel IP MTU fits after GRE and ESP", Run: checkMTUIPMTU,
			Verify: verify{Family: evidence.FamilyChildSA, About: "peer"},
			Hint:   "Set the tunnel's IP MTU to the IPsec plaintext MTU minus 24 (28 with a tunnel key).",
			Doc:    "The tunnel's IP MTU (set, or the default transport MTU - 24) must not exceed the IPsec plaintext MTU minus GRE's 24 bytes (28 with a key); otherwise packets fragment after encryption. Without a plaintext MTU from the SA it is computed from the transform."},
		{ID: "mtu.path", Stage: StageMTU, Title: "The path carries the tunnel's MTU (measured with DF pings)", Run: checkMTUPath,
			Verify: verify{Family: evidence.FamilyPing, About: "df-ping"},
			Hint:   "Lower the tunnel's IP MTU to the largest DF size that passes and its TCP MSS to 40 below it, and allow ICMP type 3 code 4 (fragmentation needed) on the underlay path.",
			Doc:    "Reads the DF-bit pings from the tunnel to the DI tunnel IP (vcdiag run sends them: a binary search, at most 12 pings, each tunnel's sweep bounded by a deadline) and compares the largest size that passes with what the configuration claims: the tunnel's IP MTU, capped by the IPsec plaintext MTU less GRE. Smaller fails, saying whether the path reports it (fragmentation needed: PMTUD can adapt) or drops it silently (a black hole, ICMP filtered). A TCP MSS above the measured size - 40 warns. Without DF pings it is unknown."},
	}
}

// SiteChecks returns the checks that judge the whole site, in order.
func SiteChecks() []SiteCheck {
	return []SiteCheck{
		{ID: "site.capacity", Title: "Both tunnels together stay under the bandwidth limit", Run: checkSiteCapacity,
			Verify: "the traffic rates of both tunnel interfaces",
			Hint:   "Keep the combined load of both tunnels under the limit (250 Mbit/s by default): on failure one tunnel carries everything. Shape or police traffic, or order more capacity.",
			Doc:    "Sums each tunnel's traffic rate (the larger of input and output, as the interface reports it) and compares with bandwidth_limit_mbps: 80% warns, over 100% fails."},
		{ID: "site.failover-ready", Title: "Failover is ready", Run: checkSiteFailoverReady,
			Verify: "both tunnels' BGP sessions and the /24 kept on each",
			Hint:   "Bring both tunnels up with BGP Established and the /24 kept on each, so either can carry all traffic when the other fails.",
			Doc:    "Both tunnels' BGP must be Established and the /24 kept on both. One tunnel down means the site is degraded, running on the other; a missing /24 means failover silently does not work."},
		{ID: "site.both-dcs", Title: "The tunnels cover both data centers", Run: checkSiteBothDCs,
			Verify: "the profile's tunnels and their tunnel destinations",
			Hint:   "Configure one tunnel to DC-A and one to DC-B as the activation form describes.",
			Doc:    "Informational: the profile's tunnels should go to DC-A and DC-B."},
		{ID: "site.voice", Title: "The path is good enough for voice (local probes)", Run: checkSiteVoice,
			Verify: "vcdiag probe --profile SITE.yaml",
			Hint:   "Find where the loss or delay comes from: compare the underlay probes (DI peers, outside the tunnels) with the voice probes (through them), read the IPsec error counters and the internet link's load, and check the CPE's QoS for voice (EF).",
			Doc:    "ICMP probes from the machine vcdiag runs on to the profile's probes: addresses (loss, min/avg/max RTT, jitter, E-model MOS). Per voice probe: loss < 1 %, one-way delay (RTT/2) < 150 ms and jitter < 30 ms pass; loss >= 5 %, one-way > 300 ms or MOS < 3.1 fail; in between warns. Underlay probes (DI IPsec/GRE peers) without reply are unknown: ICMP may be filtered there. No probes configured, or probes not run, is skip."},
	}
}
