package parse

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Ping is `ping X [source Y] [count N] [do-not-fragment] [size N]`.
type Ping struct {
	Target   netip.Addr `json:"target,omitzero"`
	DataSize int        `json:"data_size,omitempty"` // "56 data bytes"
	Replies  int        `json:"replies"`             // reply lines seen
	Sent     int        `json:"sent"`
	Received int        `json:"received"`
	// LossPct is the printed loss; -1 when no statistics line was printed.
	LossPct float64       `json:"loss_pct"`
	RTTMin  time.Duration `json:"rtt_min,omitempty"`
	RTTAvg  time.Duration `json:"rtt_avg,omitempty"`
	RTTMax  time.Duration `json:"rtt_max,omitempty"`
	// MessageTooLong: "ping: sendto: Message too long" (a DF packet larger
	// than the outgoing MTU).
	MessageTooLong bool `json:"message_too_long,omitempty"`
	// FragNeeded: a router answered "frag needed and DF set"; FragMTU is
	// the MTU it gave, 0 when not printed.
	FragNeeded bool `json:"frag_needed,omitempty"`
	FragMTU    int  `json:"frag_mtu,omitempty"`
	// Errors are the "ping: ..." lines and ICMP errors, as printed.
	Errors []string     `json:"errors,omitempty"`
	Span   parsers.Span `json:"span"`
}

const cmdPing = "ping"

// ParsePing reads the output of Junos ping (FreeBSD ping underneath).
func ParsePing(out string) (*Ping, error) {
	ls := prep(out)
	p := &Ping{LossPct: -1}
	seen := false
	for _, l := range ls {
		t := l.trim()
		f := strings.Fields(t)
		switch {
		case strings.HasPrefix(t, "PING"):
			seen = true
			if len(f) >= 2 {
				if a, err := netip.ParseAddr(strings.Trim(f[1], "():")); err == nil {
					p.Target = a
				}
				if len(f) >= 3 {
					if a, err := netip.ParseAddr(strings.Trim(f[2], "():")); err == nil {
						p.Target = a
					}
				}
				if f[len(f)-1] == "-->" || len(f) >= 4 && f[len(f)-2] == "-->" {
					p.Target, _ = netip.ParseAddr(f[len(f)-1])
				}
			}
			for i := 1; i < len(f); i++ {
				if f[i] == "data" && i > 0 {
					p.DataSize, _ = strconv.Atoi(f[i-1])
				}
			}
		case strings.Contains(t, "bytes from") && strings.Contains(t, "time="):
			seen = true
			p.Replies++
		case strings.Contains(t, "packets transmitted"):
			seen = true
			pingStats(p, t)
		case strings.HasPrefix(t, "round-trip"):
			seen = true
			_, v, _ := strings.Cut(t, "=")
			nums := strings.Split(strings.TrimSuffix(strings.TrimSpace(v), " ms"), "/")
			if len(nums) >= 3 {
				p.RTTMin, p.RTTAvg, p.RTTMax = ms(nums[0]), ms(nums[1]), ms(nums[2])
			}
		case strings.HasPrefix(t, "ping:") || strings.HasPrefix(t, "ping6:"):
			seen = true
			p.Errors = append(p.Errors, t)
			if strings.Contains(strings.ToLower(t), "message too long") {
				p.MessageTooLong = true
			}
		case strings.Contains(t, "frag needed") || strings.Contains(t, "Frag needed"):
			seen = true
			p.FragNeeded = true
			p.Errors = append(p.Errors, t)
			if i := strings.Index(t, "MTU"); i >= 0 {
				p.FragMTU, _ = strconv.Atoi(strings.Trim(strings.TrimSpace(t[i+3:]), "=:) "))
			}
		case strings.HasPrefix(t, "---") || strings.HasPrefix(t, "Request timeout") ||
			strings.HasPrefix(t, "Vr HL") || strings.Contains(t, "bytes from"):
			if strings.Contains(t, "bytes from") {
				p.Errors = append(p.Errors, t)
			}
		default:
			if !seen {
				return nil, perr(cmdPing, l.n, t, "want \"PING\"")
			}
			continue
		}
		p.Span.Cover(l.n)
	}
	return p, nil
}

func pingStats(p *Ping, t string) {
	// 5 packets transmitted, 5 packets received, 0% packet loss
	for _, part := range strings.Split(t, ",") {
		f := strings.Fields(part)
		if len(f) < 2 {
			continue
		}
		switch {
		case strings.HasSuffix(part, "transmitted"):
			p.Sent, _ = strconv.Atoi(f[0])
		case strings.HasSuffix(part, "received"):
			p.Received, _ = strconv.Atoi(f[0])
		case strings.HasSuffix(part, "packet loss"):
			p.LossPct, _ = strconv.ParseFloat(strings.TrimSuffix(f[0], "%"), 64)
		}
	}
}

func ms(s string) time.Duration {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return time.Duration(v * float64(time.Millisecond))
}
