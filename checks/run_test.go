package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

func run(f *fixture) *Report { return Run(f.p, f.site(), RunOptions{Version: "test", Now: t0}) }

func find(t *testing.T, rep *Report, tunnel, id string) Result {
	t.Helper()
	for _, tr := range rep.Tunnels {
		if tr.Name != tunnel {
			continue
		}
		if r, ok := resultOf(tr, id); ok {
			return r
		}
	}
	for _, r := range rep.SiteChecks {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no result %s for %s", id, tunnel)
	return Result{}
}

func dump(rep *Report) string {
	var b strings.Builder
	for _, tr := range rep.Tunnels {
		for _, s := range tr.Stages {
			for _, r := range s.Checks {
				fmt.Fprintf(&b, "%s %s %s: %s\n", tr.Name, r.ID, r.Status, r.Summary)
			}
		}
	}
	for _, r := range rep.SiteChecks {
		fmt.Fprintf(&b, "site %s %s: %s\n", r.ID, r.Status, r.Summary)
	}
	return b.String()
}

// checkInvariants holds for every report: verdicts cite lines, skips name
// the blocker, the planted secrets never appear.
func checkInvariants(t *testing.T, rep *Report) {
	t.Helper()
	all := append([]Result(nil), rep.SiteChecks...)
	for _, tr := range rep.Tunnels {
		for _, s := range tr.Stages {
			all = append(all, s.Checks...)
		}
	}
	for _, r := range all {
		if (r.Status == Pass || r.Status == Warn || r.Status == Fail) && !cited(r.Evidence) {
			t.Errorf("%s is %s without evidence: %s", r.ID, r.Status, r.Summary)
		}
		if r.Hint == "" || r.Verify == "" {
			t.Errorf("%s has no hint or verify", r.ID)
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"PLANTEDPSKSECRET", "0822455D0A16PLANTED"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("report contains secret %q", secret)
		}
	}
}

func TestHealthySitePasses(t *testing.T) {
	rep := run(healthy(t))
	checkInvariants(t, rep)
	if rep.Status != Pass {
		t.Errorf("Run(healthy).Status = %v, want pass\n%s", rep.Status, dump(rep))
	}
	for _, tr := range rep.Tunnels {
		if tr.RootCause != nil {
			t.Errorf("%s root cause = %+v, want none", tr.Name, tr.RootCause)
		}
		if tr.Interface == "" {
			t.Errorf("%s interface not reported", tr.Name)
		}
	}
	if got := find(t, rep, "tunnel1", "gre.endpoints").Verify; got != "show interfaces Tunnel1" {
		t.Errorf("verify = %q, want rendered interface", got)
	}
}

func nbr(f *fixture, di string) *parsers.BGPNeighbor {
	return &f.out["nbr:"+di].Parsed.([]parsers.BGPNeighbor)[0]
}

func TestRootCauses(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *fixture)
		tunnel string
		want   string
		// also: extra checks and the status they must have
		also map[string]Status
	}{
		{"no IKEv2 SA", func(f *fixture) {
			for _, k := range []string{"ikev2#1", "ikev2#2"} {
				f.out[k].Parsed = f.out[k].Parsed.([]parsers.IKEv2SA)[1:]
			}
		}, "tunnel1", "ikev2.sa-present", map[string]Status{"ikev2.sa-ready": Unknown}},
		{"IKEv2 INIT", func(f *fixture) {
			for _, k := range []string{"ikev2#1", "ikev2#2"} {
				f.out[k].Parsed.([]parsers.IKEv2SA)[0].Status = "INIT"
			}
		}, "tunnel1", "ikev2.sa-ready", nil},
		{"IKEv2 bouncing", func(f *fixture) {
			sa := &f.out["ikev2#2"].Parsed.([]parsers.IKEv2SA)[0]
			sa.LocalSPI, sa.ActiveTime = "AAAA", 3e9
		}, "tunnel1", "ikev2.not-bouncing", nil},
		{"IKEv2 wrong DH", func(f *fixture) {
			for _, k := range []string{"ikev2#1", "ikev2#2"} {
				f.out[k].Parsed.([]parsers.IKEv2SA)[0].DHGroup = 14
			}
		}, "tunnel1", "ikev2.proposal", nil},
		{"IPsec permit ip", func(f *fixture) {
			for _, k := range []string{"ipsec#1", "ipsec#2"} {
				fl := &f.out[k].Parsed.([]parsers.IPsecFlow)[0]
				fl.LocalIdent.Protocol, fl.RemoteIdent.Protocol = 0, 0
			}
		}, "tunnel1", "ipsec.crypto-acl-gre", nil},
		{"IPsec one-way", func(f *fixture) {
			f.out["ipsec#2"].Parsed.([]parsers.IPsecFlow)[1].PktsDecaps = 990
		}, "tunnel2", "ipsec.counters-rising", nil},
		{"GRE down", func(f *fixture) {
			for _, k := range []string{"if:Tunnel1#1", "if:Tunnel1#2"} {
				r := &f.out[k].Parsed.([]parsers.Interface)[0]
				r.Protocol, r.LinestateEvaluation = "down", "down - keepalive failure"
			}
		}, "tunnel1", "gre.line-protocol", nil},
		{"GRE interface missing", func(f *fixture) {
			f.p.Tunnels[0].Interface = "Tunnel9"
		}, "tunnel1", "gre.interface-found", map[string]Status{"gre.keepalive": Unknown, "gre.line-protocol": Unknown}},
		{"ping fails", func(f *fixture) {
			p := f.out["ping:100.64.1.1"].Parsed.(*parsers.Ping)
			p.Received, p.Percent, p.Marks = 0, 0, "....."
		}, "tunnel1", "ping.tunnel-ip", nil},
		{"BGP bad peer AS", func(f *fixture) {
			n := nbr(f, "100.64.1.1")
			n.State, n.LastReset, n.LastNotificationReceived = "Idle", "00:00:12, due to BGP Notification received", "2/2 (peer in wrong AS)"
		}, "tunnel1", "bgp.established", map[string]Status{"site.failover-ready": Fail}},
		{"BGP neighbor on transport IP", func(f *fixture) {
			f.out["run"].Parsed.(*parsers.RunningConfig).BGP.Neighbors[0].Address = mustAddr("198.51.100.2")
		}, "tunnel1", "bgp.neighbor-configured", nil},
		{"no backup /24", func(f *fixture) {
			f.setTable(&f.p.Tunnels[1], "received-routes", [][2]string{{"203.0.113.128/25", "100.64.2.1"}})
		}, "tunnel2", "routes.backup-24", map[string]Status{"site.failover-ready": Fail, "routes.received": Pass}},
		{"extra advertised", func(f *fixture) {
			f.setTable(&f.p.Tunnels[0], "advertised-routes", [][2]string{{"0.0.0.0/0", "0.0.0.0"}, {"10.0.0.0/8", "0.0.0.0"}})
		}, "tunnel1", "routes.advertised-default-only", nil},
		{"hairpin", func(f *fixture) {
			f.out["route:203.0.113.1"].Parsed.(*parsers.RouteLookup).Route.NextHops[0].Address = mustAddr("100.64.2.1")
		}, "tunnel1", "routes.best-path", nil},
		{"no adjust-mss", func(f *fixture) {
			f.out["run"].Parsed.(*parsers.RunningConfig).Interfaces[0].AdjustMSS = 0
		}, "tunnel1", "mtu.adjust-mss", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthy(t)
			tt.mutate(f)
			rep := run(f)
			checkInvariants(t, rep)
			var tr *TunnelReport
			for i := range rep.Tunnels {
				if rep.Tunnels[i].Name == tt.tunnel {
					tr = &rep.Tunnels[i]
				}
			}
			if tr.RootCause == nil || tr.RootCause.Check != tt.want {
				t.Fatalf("root cause = %+v, want %s\n%s", tr.RootCause, tt.want, dump(rep))
			}
			if tr.Status != Fail || rep.Status != Fail || rep.ExitCode() != 2 {
				t.Errorf("status tunnel %v report %v, want fail", tr.Status, rep.Status)
			}
			above := false
			for _, s := range tr.Stages {
				if above {
					for _, r := range s.Checks {
						if r.Status != Skip || r.BlockedBy != tt.want {
							t.Errorf("%s = %v blocked by %q, want skip blocked by %s", r.ID, r.Status, r.BlockedBy, tt.want)
						}
					}
				}
				above = above || s.Stage == tr.RootCause.Stage
			}
			for id, st := range tt.also {
				if r := find(t, rep, tt.tunnel, id); r.Status != st {
					t.Errorf("%s = %v (%s), want %v", id, r.Status, r.Summary, st)
				}
			}
		})
	}
}

func TestOneSampleIsUnknown(t *testing.T) {
	f := healthy(t)
	var keep []*evidence.Output
	for _, o := range f.cpe.Outputs {
		if o.Sample < 2 {
			keep = append(keep, o)
		}
	}
	f.cpe.Outputs = keep
	rep := run(f)
	checkInvariants(t, rep)
	for _, id := range []string{"ikev2.not-bouncing", "ipsec.counters-rising", "gre.counters-rising"} {
		r := find(t, rep, "tunnel1", id)
		if r.Status != Unknown || !strings.Contains(r.Summary, "only one sample") {
			t.Errorf("%s = %v %q, want unknown: only one sample", id, r.Status, r.Summary)
		}
	}
	if rep.Tunnels[0].RootCause != nil || rep.Status != Unknown {
		t.Errorf("root cause %+v status %v, want none and unknown", rep.Tunnels[0].RootCause, rep.Status)
	}
}

func TestMissingAndBrokenEvidence(t *testing.T) {
	f := healthy(t)
	var keep []*evidence.Output
	for _, o := range f.cpe.Outputs {
		if o.Kind != parsers.KindBGPSummary && o.Kind != parsers.KindBGPNeighbors {
			keep = append(keep, o)
		}
	}
	f.cpe.Outputs = keep
	for _, k := range []string{"ikev2#1", "ikev2#2"} {
		f.out[k].Parsed = nil
		f.out[k].Err = &parsers.ParseError{Command: cmdIKEv2, Line: 7, Text: "garbage", Msg: "unexpected line"}
	}
	rep := run(f)
	checkInvariants(t, rep)
	// The crypto session listing is equivalent evidence of the SA's state;
	// the detail form's age is not in it, and the unreadable outputs are
	// named in the notes.
	if r := find(t, rep, "tunnel1", "ikev2.sa-ready"); r.Status != Pass || !strings.Contains(r.Evidence[0].Command, "session") {
		t.Errorf("ikev2.sa-ready = %v %q, want pass from show crypto session", r.Status, r.Summary)
	}
	if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "could not be parsed: line 7") }) {
		t.Errorf("notes %q do not name the unreadable output", rep.Notes)
	}
	if r := find(t, rep, "tunnel1", "bgp.established"); r.Status != Unknown || !strings.Contains(r.Summary, "was not collected") {
		t.Errorf("bgp.established = %v %q, want unknown: not collected", r.Status, r.Summary)
	}
	// Without the session listing nothing else shows the SA: unknown,
	// quoting why the detail form could not be read.
	f.cpe.Outputs = slices.DeleteFunc(f.cpe.Outputs, func(o *evidence.Output) bool { return o == f.out["session"] })
	rep = run(f)
	if r := find(t, rep, "tunnel1", "ikev2.sa-ready"); r.Status != Unknown || !strings.Contains(r.Summary, "could not be parsed: line 7") {
		t.Errorf("ikev2.sa-ready = %v %q, want unknown quoting the parse error", r.Status, r.Summary)
	}
	f.out["ping:100.64.1.1"].Parsed, f.out["ping:100.64.1.1"].Err = nil, fmt.Errorf("run ping on cpe1: %w", evidence.ErrCommandFailed)
	rep = run(f)
	if r := find(t, rep, "tunnel1", "ping.tunnel-ip"); r.Status != Unknown || !strings.Contains(r.Summary, "failed") {
		t.Errorf("ping.tunnel-ip = %v %q, want unknown: failed", r.Status, r.Summary)
	}
}

func TestNoEvidenceAndSkip(t *testing.T) {
	f := healthy(t)
	rep := Run(f.p, &evidence.Site{CPEs: map[string]*evidence.CPE{"cpe1": {Name: "cpe1", Problems: []string{"ssh: handshake failed"}}}}, RunOptions{})
	r := find(t, rep, "tunnel1", "ikev2.sa-present")
	if r.Status != Unknown || !strings.Contains(r.Summary, "ssh: handshake failed") {
		t.Errorf("no evidence: %v %q", r.Status, r.Summary)
	}
	if rep.ExitCode() != 3 {
		t.Errorf("exit code = %d, want 3", rep.ExitCode())
	}
	rep = Run(f.p, f.site(), RunOptions{Skip: []string{"mtu.pmtud", "site.capacity"}})
	if r := find(t, rep, "tunnel1", "mtu.pmtud"); r.Status != Skip || r.Summary != "skipped by --skip" {
		t.Errorf("skip: %v %q", r.Status, r.Summary)
	}
	if rep.Status != Pass {
		t.Errorf("status with skips = %v, want pass", rep.Status)
	}
}

func TestCapacity(t *testing.T) {
	f := healthy(t)
	for _, k := range []string{"if:Tunnel1#2", "if:Tunnel2#2"} {
		f.out[k].Parsed.([]parsers.Interface)[0].OutputRateBps = 130_000_000
	}
	if r := find(t, run(f), "", "site.capacity"); r.Status != Fail {
		t.Errorf("site.capacity = %v %q, want fail", r.Status, r.Summary)
	}
}

func TestSecretsScrubbed(t *testing.T) {
	for in, want := range map[string]string{
		" neighbor 100.64.1.1 password 7 0822455D0A16": " neighbor 100.64.1.1 password 7 <redacted>",
		"  pre-shared-key local 6 ABCDEF":              "  pre-shared-key local 6 <redacted>",
		"    Key disabled, sequencing disabled":        "    Key disabled, sequencing disabled",
	} {
		if got := scrub(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorsIsUsed(t *testing.T) {
	o := &evidence.Output{Command: "show version", Err: fmt.Errorf("x: %w", evidence.ErrNotCollected)}
	if got := evidence.Unusable(o); got != "show version was not collected" {
		t.Errorf("Unusable = %q", got)
	}
}

// TestFlatCountersNeedAKeepalivePeriod: over a window shorter than the GRE
// keepalive period an idle healthy tunnel moves no packet, so flat counters
// are unknown there, and a fault only over a long enough window.
func TestFlatCountersNeedAKeepalivePeriod(t *testing.T) {
	for _, tt := range []struct {
		gap  time.Duration
		want Status
	}{{time.Second, Unknown}, {10 * time.Second, Fail}} {
		f := healthy(t)
		first, second := f.out["ipsec#1"], f.out["ipsec#2"]
		second.At = first.At.Add(tt.gap)
		flows := second.Parsed.([]parsers.IPsecFlow)
		flows[1].PktsDecaps = first.Parsed.([]parsers.IPsecFlow)[1].PktsDecaps
		rep := Run(f.p, f.site(), RunOptions{})
		if r := find(t, rep, "tunnel2", "ipsec.counters-rising"); r.Status != tt.want {
			t.Errorf("decaps flat over %s: ipsec.counters-rising = %s (%s), want %s", tt.gap, r.Status, r.Summary, tt.want)
		}
	}
}
