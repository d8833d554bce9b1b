package checks

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// Voice thresholds, per probe. The pass limits are the usual planning
// figures for interactive voice (ITU-T G.114 recommends at most 150 ms
// one-way delay; Cisco's voice QoS guidance asks for loss under 1 % and
// jitter under 30 ms). The fail limits are where calls become unusable
// rather than degraded: MOS 3.1 is R = 60, "many users dissatisfied" in
// ITU-T G.107 Table B.1.
const (
	voiceWarnLossPct  = 1.0
	voiceFailLossPct  = 5.0
	voiceWarnOneWay   = 150 * time.Millisecond
	voiceFailOneWay   = 300 * time.Millisecond
	voiceWarnJitter   = 30 * time.Millisecond
	voiceFailMOS      = 3.1
	voiceExpectedText = "per probe: loss < 1 %, one-way delay (RTT/2) < 150 ms, jitter < 30 ms; fail at loss >= 5 %, one-way > 300 ms or MOS < 3.1"
)

// Jitter is the mean absolute difference of consecutive round-trip times,
// in the spirit of RFC 3550 section 6.4.1 (interarrival jitter is the mean
// deviation of the difference D between consecutive packets' transit
// times). RFC 3550 smooths it with a 1/16 gain; over a short burst of
// pings the plain mean is the better estimate and is what ping-based voice
// tools report. Fewer than two RTTs give 0.
func Jitter(rtts []time.Duration) time.Duration {
	if len(rtts) < 2 {
		return 0
	}
	var sum time.Duration
	for i := 1; i < len(rtts); i++ {
		d := rtts[i] - rtts[i-1]
		if d < 0 {
			d = -d
		}
		sum += d
	}
	return sum / time.Duration(len(rtts)-1)
}

// EffectiveLatency is the one-way delay the E-model is fed: half the
// average RTT, plus twice the jitter (a de-jitter buffer of about two
// jitter periods) plus 10 ms of codec and packetisation delay. This is the
// simplification of ITU-T G.107 used by ping-based voice estimators.
func EffectiveLatency(avgRTT, jitter time.Duration) time.Duration {
	return avgRTT/2 + 2*jitter + 10*time.Millisecond
}

// RFactor is the ITU-T G.107 E-model transmission rating, simplified:
//
//	R = 93.2 - Id - Ie,eff
//
// 93.2 is R0 - Is with the G.107 defaults. Id, the delay impairment, uses
// the fit of Cole and Rosenbluth ("Voice over IP performance monitoring",
// ACM SIGCOMM CCR 31(2), 2001) to G.107 for d in ms:
//
//	Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)
//
// Ie,eff, the loss impairment, is G.107 equation 7-29 for G.711 (Ie = 0)
// with packet loss concealment (Bpl = 25.1, ITU-T G.113 Appendix I) and
// random loss (BurstR = 1):
//
//	Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl + Bpl)
//
// The result is clamped to 0..100.
func RFactor(effLatency time.Duration, lossPct float64) float64 {
	d := float64(effLatency) / float64(time.Millisecond)
	id := 0.024 * d
	if d > 177.3 {
		id += 0.11 * (d - 177.3)
	}
	const ie, bpl = 0.0, 25.1
	lossPct = math.Max(0, math.Min(100, lossPct))
	ieEff := ie + (95-ie)*lossPct/(lossPct+bpl)
	return math.Max(0, math.Min(100, 93.2-id-ieEff))
}

// MOS converts an R-factor to an estimated mean opinion score with ITU-T
// G.107 Annex B, equation B-4:
//
//	MOS = 1                                           R <= 0
//	MOS = 1 + 0.035 R + R (R - 60) (100 - R) 7e-6      0 < R < 100
//	MOS = 4.5                                         R >= 100
func MOS(r float64) float64 {
	switch {
	case r <= 0:
		return 1
	case r >= 100:
		return 4.5
	}
	return 1 + 0.035*r + r*(r-60)*(100-r)*7e-6
}

// ProbeMOS is the estimated MOS of one probe's statistics.
func ProbeMOS(r *evidence.ProbeResult) float64 {
	return MOS(RFactor(EffectiveLatency(r.Avg, r.Jitter), r.Loss()))
}

func checkSiteVoice(p *profile.Profile, ev *evidence.Site, _ []TunnelReport) Result {
	if len(p.Probes) == 0 {
		return Result{Status: Skip, Summary: "no probes configured (probes: in the profile)"}
	}
	var pr *evidence.Probes
	if ev != nil {
		pr = ev.Probes
	}
	if pr == nil || len(pr.Results) == 0 {
		return Result{Status: Skip, Summary: "probes not run (offline analysis, or --probes=false): run 'vcdiag probe --profile SITE.yaml' from where users sit"}
	}
	var lines, problems []string
	var statuses []Status
	for i := range pr.Results {
		r := &pr.Results[i]
		st, why := judgeProbe(r)
		statuses = append(statuses, st)
		lines = append(lines, ProbeLine(r))
		if st != Pass {
			problems = append(problems, fmt.Sprintf("%s %s: %s", probeLabel(r), st, why))
		}
	}
	res := Result{
		Status:   Worst(statuses...),
		Expected: voiceExpectedText,
		Observed: fmt.Sprintf("%d probes in %s (%d echo requests every %s per target, concurrently; %s)",
			len(pr.Results), pr.Duration.Round(100*time.Millisecond), pr.Count, pr.Interval, orNone(pr.Method)),
		Evidence: []Citation{{Command: fmt.Sprintf("vcdiag probe: ICMP echo x%d every %s from this machine", pr.Count, pr.Interval),
			At: pr.Started, Lines: lines}},
	}
	if len(problems) == 0 {
		res.Summary = fmt.Sprintf("all %d probes within the voice limits (loss < 1 %%, one-way < 150 ms, jitter < 30 ms)", len(pr.Results))
		return res
	}
	res.Summary = strings.Join(problems, "; ")
	for i := range pr.Results {
		if fix := pr.Results[i].Unavailable; fix != "" {
			res.Hint = fix
			break
		}
	}
	return res
}

// judgeProbe applies the voice limits to one probe. Underlay targets are
// DI's public peers: routers answer ICMP slowly and rate-limit it, so no
// reply is unknown and bad numbers there warn at most.
func judgeProbe(r *evidence.ProbeResult) (Status, string) {
	switch {
	case r.Unavailable != "":
		why, _, _ := strings.Cut(r.Unavailable, ":")
		return Unknown, "not probed: " + why + " (the hint has the fix)"
	case r.Sent == 0:
		return Unknown, "no echo request sent: " + orNone(r.Err)
	case r.Received == 0 && r.Kind == evidence.ProbeUnderlay:
		return Unknown, "no reply (ICMP may be filtered by the DI peer; not a fault by itself)"
	case r.Received == 0:
		return Fail, fmt.Sprintf("no reply to %d echo requests through the tunnels", r.Sent)
	}
	loss, oneWay, mos := r.Loss(), r.Avg/2, ProbeMOS(r)
	var fail, warn []string
	// One lost echo is never a failure on its own: with the default 20
	// requests it is already 5 %, and a single drop says little.
	if loss >= voiceFailLossPct && r.Sent-r.Received >= 2 {
		fail = append(fail, fmt.Sprintf("loss %.1f %% >= 5 %%", loss))
	} else if loss >= voiceWarnLossPct {
		warn = append(warn, fmt.Sprintf("loss %.1f %% >= 1 %%", loss))
	}
	if oneWay > voiceFailOneWay {
		fail = append(fail, fmt.Sprintf("one-way delay %s > 300 ms", voiceMS(oneWay)))
	} else if oneWay >= voiceWarnOneWay {
		warn = append(warn, fmt.Sprintf("one-way delay %s >= 150 ms", voiceMS(oneWay)))
	}
	if r.Jitter >= voiceWarnJitter {
		warn = append(warn, fmt.Sprintf("jitter %s >= 30 ms", voiceMS(r.Jitter)))
	}
	if mos < voiceFailMOS {
		fail = append(fail, fmt.Sprintf("MOS %.1f < 3.1", mos))
	}
	switch {
	case len(fail) > 0 && r.Kind != evidence.ProbeUnderlay:
		return Fail, strings.Join(append(fail, warn...), ", ")
	case len(fail) > 0 || len(warn) > 0:
		return Warn, strings.Join(append(fail, warn...), ", ")
	}
	return Pass, fmt.Sprintf("MOS %.1f", mos)
}

// ProbeLine is the one-line evidence for a probe, as the report cites it:
// "203.0.113.10 voice: 20 sent, 19 received, loss 5.0 %, rtt min/avg/max
// 10.2/12.5/30.1 ms, jitter 3.4 ms, MOS 4.2".
func ProbeLine(r *evidence.ProbeResult) string {
	head := probeLabel(r) + " " + string(r.Kind) + ": "
	switch {
	case r.Unavailable != "":
		return head + "not probed: " + r.Unavailable
	case r.Sent == 0:
		return head + "no echo request sent: " + orNone(r.Err)
	}
	s := fmt.Sprintf("%d sent, %d received, loss %.1f %%", r.Sent, r.Received, r.Loss())
	if r.Received > 0 {
		s += fmt.Sprintf(", rtt min/avg/max %s/%s/%s ms, jitter %s ms, MOS %.1f",
			voiceMSNum(r.Min), voiceMSNum(r.Avg), voiceMSNum(r.Max), voiceMSNum(r.Jitter), ProbeMOS(r))
	}
	if r.Err != "" {
		s += " (" + r.Err + ")"
	}
	return head + s
}

func probeLabel(r *evidence.ProbeResult) string {
	if r.Name != "" {
		return r.Addr.String() + " (" + r.Name + ")"
	}
	return r.Addr.String()
}

func voiceMSNum(d time.Duration) string {
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

func voiceMS(d time.Duration) string { return voiceMSNum(d) + " ms" }
