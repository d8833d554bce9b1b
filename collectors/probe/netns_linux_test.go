//go:build linux

package probe

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// netnsTarget makes a network namespace holding a target address, joined
// to this (root) namespace by a veth pair, and returns the target. It
// skips unless root with ip and nft. rules are nftables commands run in
// the target namespace (the lossy path: no netem needed).
func netnsTarget(t *testing.T, rules ...string) netip.Addr {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (network namespaces)")
	}
	for _, tool := range []string{"ip", "nft"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s", tool)
		}
	}
	// Names and a /30 unique to this process, so parallel runs do not collide.
	n := os.Getpid() % 250
	ns, host, peer := fmt.Sprintf("vcdprobe%d", os.Getpid()), fmt.Sprintf("vcdp%dh", os.Getpid()%100000), fmt.Sprintf("vcdp%dn", os.Getpid()%100000)
	sub := fmt.Sprintf("10.254.%d.", n)
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Skipf("%s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	run("ip", "netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	run("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "link", "del", host).Run() })
	run("ip", "addr", "add", sub+"1/30", "dev", host)
	run("ip", "link", "set", host, "up")
	run("ip", "-n", ns, "addr", "add", sub+"2/30", "dev", peer)
	run("ip", "-n", ns, "link", "set", peer, "up")
	run("ip", "-n", ns, "link", "set", "lo", "up")
	for _, r := range rules {
		run(append([]string{"ip", "netns", "exec", ns, "nft"}, strings.Fields(r)...)...)
	}
	return netip.MustParseAddr(sub + "2")
}

// voiceVerdict runs the site.voice check on probe evidence.
func voiceVerdict(t *testing.T, pr *evidence.Probes) checks.Result {
	t.Helper()
	p := &profile.Profile{Probes: []profile.Probe{{Address: pr.Results[0].Addr, Kind: profile.ProbeVoice}}}
	for _, sc := range checks.SiteChecks() {
		if sc.ID == "site.voice" {
			return sc.Run(p, &evidence.Site{Probes: pr}, nil)
		}
	}
	t.Fatal("no site.voice check")
	return checks.Result{}
}

func TestNetnsVoiceClean(t *testing.T) {
	target := netnsTarget(t)
	pr := Run(context.Background(), []Target{{Addr: target, Kind: evidence.ProbeVoice}},
		Options{Count: 50, Interval: 10 * time.Millisecond})
	r := voiceVerdict(t, pr)
	t.Logf("%s (%s): %v", r.Summary, r.Observed, r.Evidence)
	if pr.Results[0].Received < 49 || r.Status != checks.Pass {
		t.Errorf("clean path: site.voice = %v %q, want pass", r.Status, r.Summary)
	}
}

func TestNetnsVoiceLossy(t *testing.T) {
	target := netnsTarget(t,
		"add table inet vcd",
		"add chain inet vcd in { type filter hook input priority 0 ; }",
		"add rule inet vcd in icmp type echo-request numgen random mod 100 < 5 drop")
	start := time.Now()
	o := Options{Count: 200, Interval: 10 * time.Millisecond, Timeout: 500 * time.Millisecond}
	pr := Run(context.Background(), []Target{{Addr: target, Kind: evidence.ProbeVoice}}, o)
	r := voiceVerdict(t, pr)
	t.Logf("%s (%s): %v", r.Summary, r.Observed, r.Evidence)
	if r.Status != checks.Warn && r.Status != checks.Fail {
		t.Errorf("5 %% loss: site.voice = %v %q, want warn or fail", r.Status, r.Summary)
	}
	if el, limit := time.Since(start), o.Deadline()+2*time.Second; el > limit {
		t.Errorf("probe took %v, more than its deadline %v", el, limit)
	}
}

// TestNetnsPMTUBlackHole sweeps a path that silently drops DF packets over
// 1400 bytes (a PMTUD black hole: no "fragmentation needed" ever comes
// back): silence must be read as the limit, each time confirmed.
func TestNetnsPMTUBlackHole(t *testing.T) {
	target := netnsTarget(t,
		"add table inet vcd",
		"add chain inet vcd in { type filter hook input priority 0 ; }",
		"add rule inet vcd in ip length > 1400 drop")
	res := PMTU(context.Background(), target, PMTUOptions{})
	t.Logf("%+v", res)
	if res.Largest != 1400 || !strings.Contains(res.Limit, "silent twice") {
		t.Errorf("PMTU() = largest %d, limit %q, want 1400 and silent twice (why %q)", res.Largest, res.Limit, res.Why)
	}
}
