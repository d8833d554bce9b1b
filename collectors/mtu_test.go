package collectors_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/vcdiag/vcdiag/platform"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

// pathRunner answers DF pings like an IOS router on a tunnel whose path
// carries limit bytes: larger sizes get mark ("M" or "."), every probe
// takes delay.
type pathRunner struct {
	limit int
	mark  byte
	delay time.Duration
	err   error

	mu   sync.Mutex
	sent []string
}

func (p *pathRunner) Run(ctx context.Context, cmd string) (string, error) {
	p.mu.Lock()
	p.sent = append(p.sent, cmd)
	p.mu.Unlock()
	if p.err != nil {
		return "", p.err
	}
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	var target, source string
	var size, repeat int
	if _, err := fmt.Sscanf(cmd, "ping %s size %d df-bit source %s repeat %d", &target, &size, &source, &repeat); err != nil {
		return "", fmt.Errorf("unexpected command %q: %v", cmd, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Type escape sequence to abort.\nSending %d, %d-byte ICMP Echos to %s, timeout is 2 seconds:\n", repeat, size, target)
	b.WriteString("Packet sent with a source address of 100.64.1.2\nPacket sent with the DF bit set\n")
	if size <= p.limit {
		fmt.Fprintf(&b, "%s\nSuccess rate is 100 percent (%d/%d), round-trip min/avg/max = 18/19/21 ms\n", strings.Repeat("!", repeat), repeat, repeat)
	} else {
		marks := []byte(strings.Repeat(".", repeat))
		marks[0] = p.mark
		fmt.Fprintf(&b, "%s\nSuccess rate is 0 percent (0/%d)\n", marks, repeat)
	}
	return b.String(), nil
}

func TestSweepMTUFindsTheLargestSize(t *testing.T) {
	tests := []struct {
		name              string
		limit             int
		mark              byte
		largest, smallest int
		maxProbes         int
	}{
		{"claim holds: one probe", 1400, 'M', 1400, 0, 1},
		{"claim holds above hi", 1500, 'M', 1400, 0, 1},
		{"black hole at 1322", 1322, '.', 1322, 1323, collectors.MaxMTUProbes},
		{"fragmentation needed at 1322", 1322, 'M', 1322, 1323, collectors.MaxMTUProbes},
		{"one below the claim", 1399, '.', 1399, 1400, collectors.MaxMTUProbes},
		{"the floor exactly", 1000, '.', 1000, 1001, collectors.MaxMTUProbes},
		{"below the floor: stops after two", 900, '.', 0, 1000, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &pathRunner{limit: tt.limit, mark: tt.mark}
			sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1", 1000, 1400, time.Minute)
			if sw.Largest != tt.largest || sw.SmallestFailed != tt.smallest {
				t.Errorf("SweepMTU(limit %d) = largest %d, smallest failed %d, want %d, %d", tt.limit, sw.Largest, sw.SmallestFailed, tt.largest, tt.smallest)
			}
			if len(sw.Probes) > tt.maxProbes || len(r.sent) != len(sw.Probes) {
				t.Errorf("SweepMTU(limit %d) sent %d pings (%d recorded), want at most %d", tt.limit, len(r.sent), len(sw.Probes), tt.maxProbes)
			}
			if sw.Stopped != "" {
				t.Errorf("SweepMTU(limit %d) stopped early: %s", tt.limit, sw.Stopped)
			}
			for _, cmd := range r.sent {
				if err := collectors.Allowed(cmd); err != nil {
					t.Errorf("sent %q, which the allowlist refuses: %v", cmd, err)
				}
			}
			if got, want := r.sent[0], "ping 100.64.1.1 size 1400 df-bit source Tunnel1 repeat 2"; got != want {
				t.Errorf("first probe = %q, want %q (the claimed size first)", got, want)
			}
		})
	}
}

func TestSweepMTUBoundedProbes(t *testing.T) {
	r := &pathRunner{limit: 5000, mark: '.'}
	sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1", 1, 1<<20, time.Minute)
	if len(r.sent) != collectors.MaxMTUProbes || sw.Stopped != "probe limit" {
		t.Errorf("SweepMTU over 1..1M sent %d pings, stopped %q; want %d and \"probe limit\"", len(r.sent), sw.Stopped, collectors.MaxMTUProbes)
	}
	if sw.Largest == 0 || sw.SmallestFailed <= sw.Largest {
		t.Errorf("SweepMTU kept no bracket: largest %d, smallest failed %d", sw.Largest, sw.SmallestFailed)
	}
}

func TestSweepMTUHonoursTheDeadline(t *testing.T) {
	r := &pathRunner{limit: 1322, mark: '.', delay: 40 * time.Millisecond}
	start := time.Now()
	sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1", 1000, 1400, 150*time.Millisecond)
	took := time.Since(start)
	if sw.Stopped != "deadline" {
		t.Errorf("SweepMTU stopped %q, want \"deadline\"", sw.Stopped)
	}
	// No probe starts once less than the longest probe is left, so the
	// sweep ends within the deadline plus scheduling slack.
	if took > 300*time.Millisecond || len(r.sent) > 4 {
		t.Errorf("SweepMTU took %s with %d pings, want about 150ms and at most 4", took, len(r.sent))
	}
	if sw.Elapsed <= 0 || sw.Elapsed > took {
		t.Errorf("Elapsed = %s, want in (0, %s]", sw.Elapsed, took)
	}
}

func TestSweepMTUStops(t *testing.T) {
	t.Run("cancelled context sends nothing", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := &pathRunner{limit: 1400}
		sw := collectors.SweepMTU(ctx, r, collectors.IOS, "100.64.1.1", "Tunnel1", 1000, 1400, time.Minute)
		if len(r.sent) != 0 || sw.Stopped == "" {
			t.Errorf("SweepMTU(cancelled) sent %d, stopped %q; want nothing sent and a reason", len(r.sent), sw.Stopped)
		}
	})
	t.Run("session error ends the sweep", func(t *testing.T) {
		r := &pathRunner{err: collectors.ErrSessionLost}
		sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1", 1000, 1400, time.Minute)
		if len(r.sent) != 1 || !strings.Contains(sw.Stopped, "session lost") || !errors.Is(sw.Probes[0].Err, collectors.ErrSessionLost) {
			t.Errorf("SweepMTU(lost) sent %d, stopped %q; want one ping and the session error", len(r.sent), sw.Stopped)
		}
	})
	t.Run("a source the allowlist refuses is never sent", func(t *testing.T) {
		r := &pathRunner{limit: 1400}
		sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1 | include x", 1000, 1400, time.Minute)
		if len(r.sent) != 0 || !errors.Is(sw.Probes[0].Err, platform.ErrNotAllowed) {
			t.Errorf("SweepMTU(piped source) sent %v, err %v; want nothing sent, ErrNotAllowed", r.sent, sw.Probes[0].Err)
		}
	})
	t.Run("bad range", func(t *testing.T) {
		r := &pathRunner{limit: 1400}
		if sw := collectors.SweepMTU(context.Background(), r, collectors.IOS, "100.64.1.1", "Tunnel1", 1400, 1000, time.Minute); len(r.sent) != 0 || sw.Stopped == "" {
			t.Errorf("SweepMTU(1400..1000) sent %d, stopped %q", len(r.sent), sw.Stopped)
		}
	})
}

// mtuTargets is what vcdiag run passes as LiveOptions.MTUTargets.
func mtuTargets(p *profile.Profile) func(string, *evidence.CPE) []evidence.MTUTarget {
	return func(cpe string, ev *evidence.CPE) []evidence.MTUTarget { return checks.MTUTargets(p, cpe, ev) }
}

// TestLiveSSHMTUSweep: over SSH against the simulator, every scenario
// whose tunnels are up measures what the simulated path carries, and
// mtu-blackhole's diagnosis names mtu.path with the measured and the
// configured MTU.
func TestLiveSSHMTUSweep(t *testing.T) {
	tests := []struct {
		scenario string
		want     map[string]int // tunnel -> largest DF size that passes
	}{
		{"healthy", map[string]int{"tunnel1": 1400, "tunnel2": 1400}},
		{"healthy-two-cpe", map[string]int{"dc-a": 1400, "dc-b": 1400}},
		{"mtu-no-mss", map[string]int{"tunnel1": 1400, "tunnel2": 1400}},
		{"mtu-no-pmtud", map[string]int{"tunnel1": 1400, "tunnel2": 1400}},
		{"mtu-blackhole", map[string]int{"tunnel1": 1322, "tunnel2": 1400}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			sc, ok := sim.ScenarioByName(tt.scenario)
			if !ok {
				t.Fatalf("no scenario %q", tt.scenario)
			}
			ls := startLiveSite(t, sc, sim.DeviceFaults{})
			rep, ev := ls.collect(t, collectors.SSHConfig{ConnectTimeout: 5 * time.Second, CommandTimeout: 5 * time.Second}, time.Minute)
			for _, tr := range rep.Tunnels {
				pt := ls.profile.Tunnel(tr.Name)
				if got := largestDF(ev.CPE(pt.CPE), pt.DITunnelIP.String()); got != tt.want[tr.Name] {
					t.Errorf("%s: largest DF ping that passed = %d, want %d", tr.Name, got, tt.want[tr.Name])
				}
				res := findResult(tr, "mtu.path")
				t.Logf("%s mtu.path %s: %s\n  expected: %s\n  observed: %s\n  hint: %s\n  verify: %s", tr.Name, res.Status, res.Summary, res.Expected, res.Observed, res.Hint, res.Verify)
				if want := sc.Expect[tr.Name]; want == "mtu.path" {
					for _, s := range []string{"1322", "1400", "black hole"} {
						if !strings.Contains(res.Summary+res.Observed+res.Expected, s) {
							t.Errorf("%s mtu.path does not say %q: %+v", tr.Name, s, res)
						}
					}
					if !strings.Contains(res.Hint, "ip mtu 1322") || !strings.Contains(res.Hint, "ICMP type 3 code 4") {
						t.Errorf("%s mtu.path hint = %q, want ip mtu 1322 and ICMP type 3 code 4", tr.Name, res.Hint)
					}
				} else if res.Status != checks.Pass && sc.Expect[tr.Name] == "" {
					t.Errorf("%s mtu.path = %s (%s), want pass", tr.Name, res.Status, res.Summary)
				}
			}
			ls.assertOnlyAllowlisted(t)
		})
	}
}

func largestDF(ev *evidence.CPE, target string) int {
	best := 0
	for _, o := range ev.Find(parsers.KindPing, target) {
		if p, ok := o.Parsed.(*parsers.Ping); ok && o.Err == nil && p.DF && p.Received > 0 {
			best = max(best, p.Size)
		}
	}
	return best
}

func findResult(tr checks.TunnelReport, id string) checks.Result {
	for _, st := range tr.Stages {
		for _, c := range st.Checks {
			if c.ID == id {
				return c
			}
		}
	}
	return checks.Result{}
}
