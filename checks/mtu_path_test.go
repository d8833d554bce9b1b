package checks

import (
	"fmt"
	"github.com/vcdiag/vcdiag/evidence"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

// addDFPing adds one probe of the MTU sweep, in IOS format: marks "!!"
// (answered), "M." (fragmentation needed) or ".." (no reply).
func addDFPing(t testing.TB, f *fixture, tt *profile.Tunnel, size int, marks string) {
	t.Helper()
	ok := strings.Count(marks, "!")
	rate := fmt.Sprintf("Success rate is 0 percent (0/%d)", len(marks))
	if ok > 0 {
		rate = fmt.Sprintf("Success rate is %d percent (%d/%d), round-trip min/avg/max = 21/22/24 ms", ok*100/len(marks), ok, len(marks))
	}
	text := fmt.Sprintf(`Type escape sequence to abort.
Sending %d, %d-byte ICMP Echos to %s, timeout is 2 seconds:
Packet sent with a source address of %s
Packet sent with the DF bit set
%s
%s
`, len(marks), size, tt.DITunnelIP, tt.CPETunnelIP.Addr(), marks, rate)
	cmd := cmdDFPing(tt, tt.Interface, size)
	at := t0.Add(time.Duration(len(f.cpe.Outputs)) * time.Second)
	o := output(cmd, parsers.KindPing, tt.DITunnelIP.String(), "", text, at)
	p := &parsers.Ping{Target: tt.DITunnelIP, Repeat: len(marks), Size: size, Source: tt.CPETunnelIP.Addr().String(), DF: true,
		Marks: marks, Sent: len(marks), Received: ok, Timeouts: strings.Count(marks, "."), FragNeeded: strings.Count(marks, "M"),
		Timeout: 2 * time.Second, TimeoutSec: 2, Span: parsers.Span{Start: 2, End: 6}}
	if ok > 0 {
		p.Percent, p.HasRTT, p.RTTAvg, p.RTTAvgMs = ok*100/len(marks), true, 22*time.Millisecond, 22
	}
	f.add(fmt.Sprintf("df:%s:%d", tt.DITunnelIP, size), o, p)
}

// withoutDF drops the fixture's DF pings.
func withoutDF(f *fixture) {
	outs := f.cpe.Outputs[:0]
	for _, o := range f.cpe.Outputs {
		if p, ok := o.Parsed.(*parsers.Ping); ok && p.DF {
			continue
		}
		outs = append(outs, o)
	}
	f.cpe.Outputs = outs
}

type dfStep struct {
	size  int
	marks string
}

func TestMTUPath(t *testing.T) {
	sweep := func(ps ...dfStep) []dfStep { return ps }
	blackHole := sweep(dfStep{1400, ".."}, dfStep{1000, "!!"}, dfStep{1200, "!!"}, dfStep{1300, "!!"}, dfStep{1350, ".."},
		dfStep{1325, ".."}, dfStep{1312, "!!"}, dfStep{1318, "!!"}, dfStep{1321, "!!"}, dfStep{1323, ".."}, dfStep{1322, "!!"})
	tests := []struct {
		name   string
		probes []dfStep
		mod    func(f *fixture)
		status Status
		want   []string // in summary, observed, expected or hint
	}{
		{"claim holds", sweep(dfStep{1400, "!!"}), nil, Pass,
			[]string{"carries 1400-byte", "IP MTU 1400; plaintext mtu 1446 - GRE 24 = 1422", "1 DF ping"}},
		{"the local limit above the claim is not a finding", sweep(dfStep{1400, "!!"}, dfStep{1401, "M."}), nil, Pass,
			[]string{"1401 bytes does not (M.)"}},
		{"black hole", blackHole, nil, Fail,
			[]string{"only 1322-byte", "below the 1400", "black hole", `1323 bytes gets ".."`, "ip mtu 1322", "ip tcp adjust-mss 1282",
				"ICMP type 3 code 4", "TCP MSS 1350 is above 1322 - 40", "11 DF pings in 10s"}},
		{"fragmentation needed reported", sweep(dfStep{1400, "M."}, dfStep{1000, "!!"}, dfStep{1360, "!!"}, dfStep{1361, "M."}), nil, Fail,
			[]string{"only 1360-byte", "fragmentation needed is reported", "PMTUD can adapt", "ip mtu 1360", "keep it allowed"}},
		{"nothing passes", sweep(dfStep{1400, ".."}, dfStep{1000, ".."}), nil, Fail,
			[]string{"no DF ping through Tunnel1 gets a reply, even 1000 bytes", "Find the size that passes"}},
		{"no DF ping", nil, nil, Unknown,
			[]string{"no DF ping through Tunnel1", "ping 100.64.1.1 size 1400 df-bit source Tunnel1 repeat 2", "--mtu-sweep"}},
		{"stops short of the claim", sweep(dfStep{1300, "!!"}), nil, Unknown,
			[]string{"stop at 1300 bytes, below the 1400"}},
		{"only sizes above the claim", sweep(dfStep{1500, "M."}), nil, Unknown,
			[]string{"only DF pings above 1400"}},
		{"adjust-mss too high for the measured size", sweep(dfStep{1400, "!!"}), func(f *fixture) {
			ifConfig(f, "Tunnel1").AdjustMSS = 1380
		}, Warn, []string{"TCP MSS 1380 on Tunnel1 is above the measured 1400 - 40 = 1360", "ip tcp adjust-mss 1360"}},
		{"no ip mtu: the transport less GRE, capped by plaintext", sweep(dfStep{1422, "!!"}), func(f *fixture) {
			ifConfig(f, "Tunnel1").IPMTU = 0
		}, Pass, []string{"carries 1422-byte", "default (no IP MTU set) 1476; plaintext mtu 1446 - GRE 24 = 1422"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthy(t)
			withoutDF(f)
			tun := &f.p.Tunnels[0]
			for _, p := range tt.probes {
				addDFPing(t, f, tun, p.size, p.marks)
			}
			if tt.mod != nil {
				tt.mod(f)
			}
			readFacts(f.cpe)
			r := checkMTUPath(tun, f.cpe)
			text := strings.Join([]string{r.Summary, r.Observed, r.Expected, r.Hint}, "\n")
			if r.Status != tt.status {
				t.Errorf("checkMTUPath(%s) = %v, want %v\n%s", tt.name, r.Status, tt.status, text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("checkMTUPath(%s) does not say %q:\n%s", tt.name, w, text)
				}
			}
			if r.Status == Pass || r.Status == Fail || r.Status == Warn {
				if !cited(r.Evidence) {
					t.Errorf("checkMTUPath(%s) = %v without evidence", tt.name, r.Status)
				}
			}
		})
	}
}

// TestMTUPathIgnoresOtherPings: pings without DF, from another source or
// to another target are not measurements of this tunnel.
func TestMTUPathIgnoresOtherPings(t *testing.T) {
	f := healthy(t)
	withoutDF(f)
	t2 := &f.p.Tunnels[1]
	addDFPing(t, f, t2, 1400, "!!") // tunnel2's target
	readFacts(f.cpe)
	r := checkMTUPath(&f.p.Tunnels[0], f.cpe)
	if r.Status != Unknown {
		t.Errorf("checkMTUPath(tunnel1) with only tunnel2's DF ping = %v (%s), want unknown", r.Status, r.Summary)
	}
}

func TestMTUTargets(t *testing.T) {
	f := healthy(t)
	readFacts(f.cpe)
	got := MTUTargets(f.p, "cpe1", f.cpe)
	// SourceAddr (the CPE tunnel IP) is for a platform whose ping cannot
	// name an interface.
	want := []evidence.MTUTarget{{Tunnel: "tunnel1", Target: "100.64.1.1", Source: "Tunnel1", SourceAddr: "100.64.1.2", Hi: 1400},
		{Tunnel: "tunnel2", Target: "100.64.2.1", Source: "Tunnel2", SourceAddr: "100.64.2.2", Hi: 1400}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("MTUTargets(healthy) = %v, want %v", got, want)
	}
	if got := MTUTargets(f.p, "cpe9", f.cpe); len(got) != 0 {
		t.Errorf("MTUTargets(other CPE) = %v, want none", got)
	}
}

// ifConfig is the fixture running-config's section of an interface.
func ifConfig(f *fixture, name string) *parsers.InterfaceConfig {
	rc := f.out["run"].Parsed.(*parsers.RunningConfig)
	for i := range rc.Interfaces {
		if rc.Interfaces[i].Name == name {
			return &rc.Interfaces[i]
		}
	}
	panic("fixture: no interface " + name)
}
