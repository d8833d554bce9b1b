package reports

import (
	"time"

	"github.com/vcdiag/vcdiag/checks"
)

// Test reports are built by hand: renderers only present a checks.Report,
// so their tests must not depend on the ladder's verdicts. Time and version
// are fixed so golden files are stable.

var testTime = time.Date(2025, 3, 14, 2, 7, 31, 0, time.UTC)

const testVersion = "0.1.0-test"

func cite(cpe, cmd string, lines ...string) []checks.Citation {
	return []checks.Citation{{Command: cmd, CPE: cpe, Lines: lines}}
}

func pass(id, summary, expected, observed string, ev []checks.Citation) checks.Result {
	return checks.Result{ID: id, Status: checks.Pass, Summary: summary, Expected: expected, Observed: observed, Evidence: ev}
}

// skipped marks every check of the stages after ladder[from] as blocked by
// blocker, the way the ladder reports rungs above a root cause. Skips carry
// no evidence (nil), as the checks package writes them.
func skipped(stages []checks.StageResult, blocker string) []checks.StageResult {
	out := make([]checks.StageResult, len(stages))
	for i, s := range stages {
		cs := make([]checks.Result, len(s.Checks))
		for j, c := range s.Checks {
			cs[j] = checks.Result{ID: c.ID, Status: checks.Skip, Summary: "not evaluated", BlockedBy: blocker}
		}
		out[i] = checks.StageResult{Stage: s.Stage, Status: checks.Skip, Checks: cs}
	}
	return out
}

// healthyStages is the ladder of a working tunnel from CPE cpe1.
func healthyStages(iface, peer, greDst, diIP string) []checks.StageResult {
	ikeSA := cite("cpe1", "show crypto ikev2 sa",
		"Tunnel-id Local                 Remote                fvrf/ivrf            Status ",
		"1         192.0.2.1/500         "+pad(peer+"/500", 22)+"none/none            READY  ",
		"      Life/Active Time: 86400/3641 sec")
	return []checks.StageResult{
		{Stage: checks.StageIKEv2, Status: checks.Pass, Checks: []checks.Result{
			pass("ikev2.sa-ready", "IKEv2 SA to "+peer+" is READY", "READY", "READY", ikeSA),
			pass("ikev2.not-bouncing", "IKEv2 SA active time grew between samples", "active time growing", "3641s -> 3702s", ikeSA),
			pass("ikev2.proposal", "IKEv2 proposal matches the profile", "aes-gcm-256/sha512/group 20", "aes-gcm-256/sha512/group 20",
				cite("cpe1", "show crypto ikev2 sa detail", "      Encr: AES-GCM, keysize: 256, PRF: SHA512, Hash: None, DH Grp:20, Auth sign: PSK, Auth verify: PSK")),
		}},
		{Stage: checks.StageIPsec, Status: checks.Pass, Checks: []checks.Result{
			pass("ipsec.sa-present", "IPsec SA to "+peer+" is installed", "inbound and outbound ESP SA", "2 SAs", cite("cpe1", "show crypto ipsec sa", "   current_peer "+peer+" port 500")),
			pass("ipsec.counters-rising", "encaps and decaps both rising", "both rising", "encaps +61, decaps +59", cite("cpe1", "show crypto ipsec sa", "    #pkts encaps: 18233, #pkts encrypt: 18233, #pkts digest: 18233", "    #pkts decaps: 18101, #pkts decrypt: 18101, #pkts verify: 18101")),
			pass("ipsec.crypto-acl-gre", "crypto ACL permits GRE between the transport IPs", "permit gre host 192.0.2.1 host "+greDst, "permit gre host 192.0.2.1 host "+greDst, nil),
		}},
		{Stage: checks.StageGRE, Status: checks.Pass, Checks: []checks.Result{
			pass("gre.line-protocol", iface+" line protocol is up", "up", "up", cite("cpe1", "show interfaces "+iface, iface+" is up, line protocol is up ")),
			pass("gre.keepalive", "GRE keepalive 10 3 configured", "keepalive set", "10 sec, retries 3", cite("cpe1", "show interfaces "+iface, "  Keepalive set (10 sec), retries 3")),
			pass("gre.endpoints", "tunnel source and destination match the profile", "192.0.2.1 -> "+greDst, "192.0.2.1 -> "+greDst, nil),
			pass("gre.tunnel-ip", "tunnel IP matches the profile", "100.64.1.2/30", "100.64.1.2/30", nil),
		}},
		{Stage: checks.StagePing, Status: checks.Pass, Checks: []checks.Result{
			pass("ping.tunnel-ip", "DI tunnel IP "+diIP+" answers", "success rate > 0", "100 percent (5/5)", cite("cpe1", "ping "+diIP+" source "+iface, "Success rate is 100 percent (5/5), round-trip min/avg/max = 11/12/14 ms")),
		}},
		{Stage: checks.StageBGP, Status: checks.Pass, Checks: []checks.Result{
			pass("bgp.neighbor-configured", "neighbor "+diIP+" is configured", "neighbor "+diIP, "neighbor "+diIP, nil),
			pass("bgp.remote-as", "remote-as matches the DI ASN", "64602", "64602", nil),
			pass("bgp.established", "BGP session to "+diIP+" is Established", "Established", "Established, up 2d03h", cite("cpe1", "show ip bgp summary", diIP+"      4        64602    4123    4120       17    0    0 2d03h           2")),
		}},
		{Stage: checks.StageRoutes, Status: checks.Pass, Checks: []checks.Result{
			pass("routes.received", "own DC /25 received", "203.0.113.0/25", "203.0.113.0/25", nil),
			pass("routes.backup-24", "backup /24 received", "203.0.113.0/24", "203.0.113.0/24", nil),
			pass("routes.advertised-default-only", "only 0.0.0.0/0 advertised", "0.0.0.0/0", "0.0.0.0/0", nil),
			pass("routes.best-path", "best path to the DC /25 uses this tunnel", "via "+diIP, "via "+diIP, nil),
		}},
		{Stage: checks.StageMTU, Status: checks.Pass, Checks: []checks.Result{
			pass("mtu.adjust-mss", "ip tcp adjust-mss 1350", "<= 1350", "1350", cite("cpe1", "show running-config interface "+iface, " ip tcp adjust-mss 1350")),
			pass("mtu.pmtud", "tunnel path-mtu-discovery is on", "enabled", "enabled", nil),
		}},
	}
}

func healthyReport() *checks.Report {
	return &checks.Report{
		Schema:        checks.SchemaV1,
		VcdiagVersion: testVersion,
		GeneratedAt:   testTime,
		Profile:       checks.ProfileRef{Name: "acme-east", Region: "US-East"},
		Status:        checks.Pass,
		Tunnels: []checks.TunnelReport{
			{Name: "tunnel1", DC: "A", CPE: "cpe1", Interface: "Tunnel1", Status: checks.Pass,
				Stages: healthyStages("Tunnel1", "198.51.100.1", "198.51.100.2", "100.64.1.1")},
			{Name: "tunnel2", DC: "B", CPE: "cpe1", Interface: "Tunnel2", Status: checks.Pass,
				Stages: healthyStages("Tunnel2", "198.51.100.129", "198.51.100.130", "100.64.1.5")},
		},
		SiteChecks: []checks.Result{
			pass("site.capacity", "combined load 41 Mbps of 250 Mbps", "< 250 Mbps combined", "41 Mbps", nil),
			pass("site.failover-ready", "backup /24 learned on both tunnels", "203.0.113.0/24 on tunnel1 and tunnel2", "both", nil),
		},
	}
}

// brokenReport: tunnel1 fails at ikev2.sa-ready (rungs above skipped);
// tunnel2 works but has a warn (no keepalive) and an unknown (one sample);
// the site is near capacity and not ready for failover.
func brokenReport() *checks.Report {
	r := healthyReport()
	r.Status = checks.Fail
	r.Notes = []string{"cpe1: show crypto ipsec sa was captured once; counter deltas need two samples"}

	t1 := &r.Tunnels[0]
	t1.Status = checks.Fail
	hint := "Check reachability to the DI IPsec peer 198.51.100.1 and that UDP 500/4500 is not blocked; compare the IKEv2 proposal with the activation form."
	t1.RootCause = &checks.RootCause{Check: "ikev2.sa-ready", Stage: checks.StageIKEv2,
		Summary: "no READY IKEv2 SA to 198.51.100.1 (status DELETE)", Hint: hint}
	ike := t1.Stages[0]
	ike.Status = checks.Fail
	ike.Checks = []checks.Result{
		{ID: "ikev2.sa-ready", Status: checks.Fail, Summary: "no READY IKEv2 SA to 198.51.100.1 (status DELETE)",
			Expected: "IKEv2 SA to 198.51.100.1 in READY", Observed: "DELETE", Hint: hint, Verify: "show crypto ikev2 sa",
			Evidence: append(cite("cpe1", "show crypto ikev2 sa",
				"Tunnel-id Local                 Remote                fvrf/ivrf            Status ",
				"1         192.0.2.1/500         198.51.100.1/500      none/none            DELETE "),
				checks.Citation{Command: "show logging | include IKEV2", CPE: "cpe1",
					Lines: []string{"Mar 14 02:05:11.311: %IKEV2-5-RECV_CONNECTION_REQUEST: Received a packet for 100% of SAs"}})},
		{ID: "ikev2.not-bouncing", Status: checks.Skip, Summary: "not evaluated", BlockedBy: "ikev2.sa-ready"},
		ike.Checks[2],
	}
	t1.Stages = append([]checks.StageResult{ike}, skipped(t1.Stages[1:], "ikev2.sa-ready")...)

	t2 := &r.Tunnels[1]
	t2.Status = checks.Unknown
	ipsec, gre := &t2.Stages[1], &t2.Stages[2]
	ipsec.Status = checks.Unknown
	ipsec.Checks[1] = checks.Result{ID: "ipsec.counters-rising", Status: checks.Unknown,
		Summary:  "only one sample of show crypto ipsec sa: cannot tell whether counters rise",
		Expected: "encaps and decaps both rising", Observed: "one sample", Verify: "show crypto ipsec sa peer 198.51.100.129",
		Evidence: cite("cpe1", "show crypto ipsec sa", "    #pkts encaps: 18233, #pkts encrypt: 18233, #pkts digest: 18233")}
	gre.Status = checks.Warn
	gre.Checks[1] = checks.Result{ID: "gre.keepalive", Status: checks.Warn,
		Summary:  "no GRE keepalive on Tunnel2: a dead path is noticed only when BGP's hold timer expires",
		Expected: "keepalive 10 3", Observed: "keepalive not set",
		Hint:     "Configure 'keepalive 10 3' on Tunnel2, or ask Cisco to disable keepalives on the DI side.",
		Verify:   "show interfaces Tunnel2 | include Keepalive",
		Evidence: cite("cpe1", "show interfaces Tunnel2", "  Keepalive not set")}

	r.SiteChecks = []checks.Result{
		{ID: "site.capacity", Status: checks.Warn, Summary: "combined load 212 Mbps is 85% of the 250 Mbps site limit",
			Expected: "< 200 Mbps (80% of 250)", Observed: "212 Mbps", Hint: "Keep both tunnels together under 250 Mbps: one tunnel carries everything on failover.",
			Verify: "show interfaces Tunnel1 | include rate", Evidence: cite("cpe1", "show interfaces Tunnel2", "  5 minute output rate 212000000 bits/sec, 19876 packets/sec")},
		{ID: "site.failover-ready", Status: checks.Fail, Summary: "backup 203.0.113.0/24 is learned on tunnel2 only",
			Expected: "203.0.113.0/24 on tunnel1 and tunnel2", Observed: "tunnel2 only",
			Hint: "Bring tunnel1 up (see its root cause); failover needs the /24 on both tunnels.", Verify: "show ip bgp 203.0.113.0/24"},
	}
	return r
}

// unreachableReport: nothing could be collected from the CPE, so every
// check is unknown and the notes say why.
func unreachableReport() *checks.Report {
	r := &checks.Report{
		Schema: checks.SchemaV1, VcdiagVersion: testVersion, GeneratedAt: testTime,
		Profile:    checks.ProfileRef{Name: "acme-west", Region: "US-West"},
		Status:     checks.Unknown,
		SiteChecks: []checks.Result{},
		Notes:      []string{"cpe1: transcript cpe1.log could not be read: open cpe1.log: no such file or directory"},
	}
	for _, name := range []string{"tunnel1", "tunnel2"} {
		r.Tunnels = append(r.Tunnels, checks.TunnelReport{Name: name, DC: map[string]string{"tunnel1": "A", "tunnel2": "B"}[name], CPE: "cpe1", Status: checks.Unknown,
			Stages: []checks.StageResult{{Stage: checks.StageIKEv2, Status: checks.Unknown, Checks: []checks.Result{
				{ID: "ikev2.sa-ready", Status: checks.Unknown, Summary: "show crypto ikev2 sa was not collected from cpe1", Evidence: []checks.Citation{}},
			}}}})
	}
	return r
}

// fixtures names every test report; golden files are <name>.<format>.
var fixtures = []struct {
	name string
	r    func() *checks.Report
}{
	{"healthy", healthyReport},
	{"broken", brokenReport},
	{"unreachable", unreachableReport},
	{"uncollected", uncollectedReport},
}
