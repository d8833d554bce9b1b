package parse

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdPing = "ping"

// Ping is the result of `ping source X host Y count N [do-not-fragment]
// [size N]`, which PAN-OS answers with Linux iputils output.
type Ping struct {
	Target      netip.Addr    `json:"target,omitzero"`
	Source      netip.Addr    `json:"source,omitzero"`
	PayloadSize int           `json:"payload_size,omitempty"` // "56(84) bytes": 56
	Transmitted int           `json:"transmitted"`
	Received    int           `json:"received"`
	Errors      int           `json:"errors,omitempty"`
	LossPercent float64       `json:"loss_percent"`
	RTTMin      time.Duration `json:"rtt_min,omitempty"`
	RTTAvg      time.Duration `json:"rtt_avg,omitempty"`
	RTTMax      time.Duration `json:"rtt_max,omitempty"`
	// FragNeeded records "Frag needed and DF set (mtu = N)" or "Message
	// too long, mtu=N" answers; MTU is the mtu they report.
	FragNeeded bool         `json:"frag_needed,omitempty"`
	MTU        int          `json:"mtu,omitempty"`
	Span       parsers.Span `json:"span"`
}

var (
	pingHeadRE  = regexp.MustCompile(`^PING (\S+) \((\S+)\)(?: from (\S+))?.*?: (\d+)\(\d+\) bytes`)
	pingStatsRE = regexp.MustCompile(`^(\d+) packets transmitted, (\d+) (?:packets )?received,(?: \+(\d+) errors,)?.*?([\d.]+)% packet loss`)
	pingRTTRE   = regexp.MustCompile(`^(?:rtt|round-trip) min/avg/max(?:/mdev)? = ([\d.]+)/([\d.]+)/([\d.]+)`)
	pingMTURE   = regexp.MustCompile(`(?i)(?:frag needed and df set \(mtu = (\d+)\)|message too long, mtu=(\d+))`)
)

// ParsePing reads PAN-OS ping output. The statistics line is required.
func ParsePing(out string) (*Ping, error) {
	ls := splitLines(out, "ping ")
	p := &Ping{}
	stats := false
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if m := pingHeadRE.FindStringSubmatch(t); m != nil {
			p.Target = addr(m[2])
			p.Source = addr(m[3])
			p.PayloadSize, _ = atoi(m[4])
			p.Span.Cover(l.n)
		} else if m := pingStatsRE.FindStringSubmatch(t); m != nil {
			p.Transmitted, _ = atoi(m[1])
			p.Received, _ = atoi(m[2])
			p.Errors, _ = atoi(m[3])
			p.LossPercent, _ = strconv.ParseFloat(m[4], 64)
			stats = true
			p.Span.Cover(l.n)
		} else if m := pingRTTRE.FindStringSubmatch(t); m != nil {
			p.RTTMin, p.RTTAvg, p.RTTMax = ms(m[1]), ms(m[2]), ms(m[3])
			p.Span.Cover(l.n)
		} else if m := pingMTURE.FindStringSubmatch(t); m != nil {
			p.FragNeeded = true
			p.MTU, _ = atoi(m[1] + m[2])
			p.Span.Cover(l.n)
		}
	}
	if !stats {
		return nil, noContent(cmdPing, ls)
	}
	return p, nil
}

func ms(s string) time.Duration {
	f, _ := strconv.ParseFloat(s, 64)
	return time.Duration(f * float64(time.Millisecond))
}
