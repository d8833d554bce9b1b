package parse

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdPing = "execute ping"

// Ping is `execute ping X` (after `execute ping-options ...`).
type Ping struct {
	Target      netip.Addr    `json:"target"`
	DataBytes   int           `json:"data_bytes"`
	Sent        int           `json:"sent"`
	Received    int           `json:"received"`
	LossPercent int           `json:"loss_percent"`
	RTTMin      time.Duration `json:"rtt_min,omitempty"`
	RTTAvg      time.Duration `json:"rtt_avg,omitempty"`
	RTTMax      time.Duration `json:"rtt_max,omitempty"`
	// Errors are the lines ping printed instead of replies ("sendto
	// failed", "Unable to ping: ..."), in order.
	Errors []string     `json:"errors,omitempty"`
	Span   parsers.Span `json:"span"`
}

// ParsePing reads `execute ping X`. An output without the statistics line
// is a ParseError unless FortiOS refused the command outright.
func ParsePing(out string) (*Ping, error) {
	lines, any := content(out)
	p := &Ping{}
	if !any {
		return nil, perr(cmdPing, 0, "", "empty output")
	}
	stats := false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		f := strings.Fields(t)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "PING ") && len(f) >= 2:
			p.Target, _ = netip.ParseAddr(f[1])
			for j := 1; j < len(f); j++ {
				if f[j] == "data" && j > 0 {
					p.DataBytes, _ = atoi(f[j-1])
				}
			}
		case strings.Contains(t, " bytes from "):
		case strings.HasPrefix(t, "---") && strings.HasSuffix(t, "statistics ---"):
		case strings.Contains(t, "packets transmitted"):
			stats = true
			// Each count is two words before its label ("5 packets
			// transmitted"): a label in the first two words has none.
			for j := 2; j < len(f); j++ {
				w := strings.TrimSuffix(f[j], ",")
				switch w {
				case "transmitted":
					p.Sent, _ = atoi(f[j-2])
				case "received":
					p.Received, _ = atoi(f[j-2])
				case "loss":
					p.LossPercent, _ = atoi(strings.TrimSuffix(f[j-2], "%"))
				}
			}
		case strings.HasPrefix(t, "round-trip"):
			_, v, _ := strings.Cut(t, "=")
			ms := strings.Split(strings.TrimSuffix(strings.TrimSpace(v), " ms"), "/")
			if len(ms) == 3 {
				p.RTTMin, p.RTTAvg, p.RTTMax = msDur(ms[0]), msDur(ms[1]), msDur(ms[2])
			}
		default:
			p.Errors = append(p.Errors, t)
		}
		p.Span.Cover(n)
	}
	if !stats {
		if len(p.Errors) > 0 && pingRefusal(p.Errors[0]) {
			return p, nil // "Unable to ping: ..." / "Command fail": no statistics to read
		}
		for i, l := range lines {
			if strings.TrimSpace(l) != "" {
				return nil, perr(cmdPing, i+1, l, "expected \"PING\" and a \"packets transmitted\" statistics line")
			}
		}
	}
	return p, nil
}

func msDur(s string) time.Duration {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return time.Duration(f * float64(time.Millisecond))
}

// pingRefusal reports whether a line is FortiOS declining to ping.
func pingRefusal(t string) bool {
	if _, ok := classifyWarning(t); ok {
		return true
	}
	l := strings.ToLower(t)
	return strings.HasPrefix(l, "unable to ping") || strings.Contains(l, "sendto failed") ||
		strings.Contains(l, "network is unreachable") || strings.HasPrefix(l, "ping: ")
}
