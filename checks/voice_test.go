package checks

import (
	"math"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

func msd(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func TestJitter(t *testing.T) {
	tests := []struct {
		name string
		rtts []time.Duration
		want time.Duration
	}{
		{"none", nil, 0},
		{"one", []time.Duration{msd(10)}, 0},
		{"steady", []time.Duration{msd(10), msd(10), msd(10)}, 0},
		// |12-10| + |11-12| + |15-11| = 2 + 1 + 4 = 7 over 3 differences.
		{"worked", []time.Duration{msd(10), msd(12), msd(11), msd(15)}, msd(7) / 3},
		{"alternating", []time.Duration{msd(20), msd(40), msd(20), msd(40), msd(20)}, msd(20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Jitter(tt.rtts); got != tt.want {
				t.Errorf("Jitter(%v) = %v, want %v", tt.rtts, got, tt.want)
			}
		})
	}
}

// TestEModel checks R and MOS against examples worked by hand from the
// formulas cited in voice.go.
func TestEModel(t *testing.T) {
	tests := []struct {
		name           string
		avg, jitter    time.Duration
		loss           float64
		wantD          time.Duration
		wantR, wantMOS float64
	}{
		// d = 10 + 0 + 10 = 20 ms; Id = 0.48; R = 92.72;
		// MOS = 1 + 3.2452 + 92.72*32.72*7.28*7e-6 = 4.3998.
		{"lan", msd(20), 0, 0, msd(20), 92.72, 4.3998},
		// d = 50 + 10 + 10 = 70; Id = 1.68; Ie = 95*1/26.1 = 3.6398;
		// R = 87.8802; MOS = 4.2837.
		{"good wan", msd(100), msd(5), 1, msd(70), 87.8802, 4.2837},
		// d = 150 + 40 + 10 = 200 > 177.3: Id = 4.8 + 0.11*22.7 = 7.297;
		// R = 85.903; MOS = 4.2262.
		{"long delay", msd(300), msd(20), 0, msd(200), 85.903, 4.2262},
		// d = 60; Id = 1.44; Ie = 95*5/30.1 = 15.7807; R = 75.9793; MOS = 3.8634.
		{"5 % loss", msd(60), msd(10), 5, msd(60), 75.9793, 3.8634},
		// d = 410; Id = 9.84 + 25.597 = 35.437; Ie = 950/35.1 = 27.0655;
		// R = 30.6975; MOS = 1.6380.
		{"bad", msd(600), msd(50), 10, msd(410), 30.6975, 1.6380},
		// Everything lost: Ie = 95*100/125.1 = 75.94, R clamps at 0, MOS 1.
		{"all lost", msd(600), msd(50), 100, msd(410), 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := EffectiveLatency(tt.avg, tt.jitter)
			if d != tt.wantD {
				t.Errorf("EffectiveLatency(%v, %v) = %v, want %v", tt.avg, tt.jitter, d, tt.wantD)
			}
			r := RFactor(d, tt.loss)
			if math.Abs(r-tt.wantR) > 0.001 {
				t.Errorf("RFactor(%v, %v) = %.4f, want %.4f", d, tt.loss, r, tt.wantR)
			}
			if m := MOS(r); math.Abs(m-tt.wantMOS) > 0.0005 {
				t.Errorf("MOS(%.4f) = %.4f, want %.4f", r, m, tt.wantMOS)
			}
		})
	}
}

func TestMOSBounds(t *testing.T) {
	for _, tt := range []struct{ r, want float64 }{{-5, 1}, {0, 1}, {100, 4.5}, {120, 4.5}, {60, 1 + 2.1}} {
		if got := MOS(tt.r); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MOS(%v) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// probe builds a probe result with evenly alternating RTTs that give the
// wanted average and jitter.
func probe(addr string, kind evidence.ProbeKind, sent, recv int, avg, jitter time.Duration) evidence.ProbeResult {
	r := evidence.ProbeResult{Addr: netip.MustParseAddr(addr), Kind: kind, Sent: sent, Received: recv}
	for i := 0; i < recv; i++ {
		d := avg - jitter/2
		if i%2 == 1 {
			d = avg + jitter/2
		}
		r.RTTs = append(r.RTTs, d)
	}
	if recv > 0 {
		r.Min, r.Max, r.Avg, r.Jitter = r.RTTs[0], r.RTTs[0], avg, Jitter(r.RTTs)
		if recv > 1 {
			r.Max = r.RTTs[1]
		}
	}
	return r
}

func TestSiteVoice(t *testing.T) {
	p := &profile.Profile{Probes: []profile.Probe{{Address: netip.MustParseAddr("203.0.113.10")}}}
	site := func(rs ...evidence.ProbeResult) *evidence.Site {
		return &evidence.Site{Probes: &evidence.Probes{Count: 20, Interval: 200 * time.Millisecond,
			Duration: 4100 * time.Millisecond, Method: "unprivileged ICMP (ping socket)", Results: rs}}
	}
	V, U := evidence.ProbeVoice, evidence.ProbeUnderlay
	tests := []struct {
		name    string
		p       *profile.Profile
		ev      *evidence.Site
		want    Status
		summary string
	}{
		{"no probes configured", &profile.Profile{}, site(), Skip, "no probes configured (probes: in the profile)"},
		{"probes not run", p, &evidence.Site{}, Skip, "probes not run"},
		{"clean", p, site(probe("203.0.113.10", V, 20, 20, msd(30), msd(2))), Pass, "all 1 probes within the voice limits"},
		{"one lost in 20 warns", p, site(probe("203.0.113.10", V, 20, 19, msd(30), msd(2))), Warn, "loss 5.0 % >= 1 %"},
		{"two lost in 20 fail", p, site(probe("203.0.113.10", V, 20, 18, msd(30), msd(2))), Fail, "loss 10.0 % >= 5 %"},
		{"2 % loss warns", p, site(probe("203.0.113.10", V, 100, 98, msd(30), msd(2))), Warn, "loss 2.0 % >= 1 %"},
		{"slow warns", p, site(probe("203.0.113.10", V, 20, 20, msd(320), msd(2))), Warn, "one-way delay 160.0 ms >= 150 ms"},
		{"jittery warns", p, site(probe("203.0.113.10", V, 20, 20, msd(40), msd(35))), Warn, "jitter 35.0 ms >= 30 ms"},
		{"very slow fails", p, site(probe("203.0.113.10", V, 20, 20, msd(700), msd(2))), Fail, "one-way delay 350.0 ms > 300 ms"},
		{"voice silent fails", p, site(probe("203.0.113.10", V, 20, 0, 0, 0)), Fail, "no reply to 20 echo requests"},
		{"underlay silent unknown", p, site(probe("198.51.100.1", U, 20, 0, 0, 0)), Unknown, "ICMP may be filtered"},
		{"underlay lossy warns only", p, site(probe("198.51.100.1", U, 20, 10, msd(30), msd(2))), Warn, "loss 50.0 %"},
		{"no privilege unknown", p, site(evidence.ProbeResult{Addr: netip.MustParseAddr("203.0.113.10"), Kind: V,
			Unavailable: "no ICMP privilege: sudo setcap cap_net_raw+ep $(which vcdiag)"}), Unknown, "not probed: no ICMP privilege"},
		{"worst wins", p, site(probe("203.0.113.10", V, 20, 20, msd(30), msd(2)), probe("203.0.113.140", V, 20, 0, 0, 0)), Fail, "203.0.113.140 fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkSiteVoice(tt.p, tt.ev, nil)
			if r.Status != tt.want || !strings.Contains(r.Summary, tt.summary) {
				t.Errorf("checkSiteVoice() = %v %q, want %v containing %q", r.Status, r.Summary, tt.want, tt.summary)
			}
			if tt.ev.Probes != nil && len(tt.ev.Probes.Results) > 0 && tt.ev.Probes.Results[0].Unavailable != "" && !strings.Contains(r.Hint, "setcap") {
				t.Errorf("checkSiteVoice() hint = %q, want the privilege fix", r.Hint)
			}
			if r.Status != Skip && (len(r.Evidence) != 1 || len(r.Evidence[0].Lines) != len(tt.ev.Probes.Results)) {
				t.Errorf("checkSiteVoice() evidence = %v, want one line per probe", r.Evidence)
			}
		})
	}
}

func TestProbeLine(t *testing.T) {
	r := evidence.ProbeResult{Addr: netip.MustParseAddr("203.0.113.10"), Kind: evidence.ProbeVoice, Sent: 20, Received: 19,
		Min: msd(10.2), Avg: msd(12.5), Max: msd(30.1), Jitter: msd(3.4)}
	want := "203.0.113.10 voice: 20 sent, 19 received, loss 5.0 %, rtt min/avg/max 10.2/12.5/30.1 ms, jitter 3.4 ms, MOS 3.9" // R = 93.2 - 0.553 - 15.781 = 76.87
	if got := ProbeLine(&r); got != want {
		t.Errorf("ProbeLine() = %q, want %q", got, want)
	}
}
