package iosxe

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdPing = "ping"

// ParsePing parses the output of an IOS / IOS-XE `ping` (plain, with
// "source", "size N df-bit", "repeat N", and the interactive extended ping,
// whose prompts are skipped):
//
//	Type escape sequence to abort.
//	Sending 5, 1400-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:
//	Packet sent with a source address of 100.64.1.2
//	Packet sent with the DF bit set
//	M.M.M
//	Success rate is 0 percent (0/5)
//
// Mark lines may wrap (70 per line) and are joined. An IOS error line
// ("% Unrecognized host or address ...") or output without a "Success rate"
// line is a *parsers.ParseError: a ping that did not run has no result.
func ParsePing(out string) (*parsers.Ping, error) {
	lines := parsers.Lines(out)
	p := &parsers.Ping{}
	var marks strings.Builder
	seenSending, seenRate := false, false
	for i, line := range lines {
		n := i + 1
		t := strings.TrimSpace(line)
		switch {
		case t == "" || parsers.IsBanner(line):
			continue
		case strings.HasPrefix(t, "%"):
			return nil, &parsers.ParseError{Command: cmdPing, Line: n, Text: line, Msg: "device error"}
		case strings.HasPrefix(t, "Sending "):
			if err := pingSending(p, t); err != nil {
				return nil, &parsers.ParseError{Command: cmdPing, Line: n, Text: line, Msg: err.Error()}
			}
			seenSending = true
		case strings.HasPrefix(t, "Packet sent with a source address of "):
			p.Source = strings.TrimPrefix(t, "Packet sent with a source address of ")
		case strings.HasPrefix(t, "Packet sent with the DF bit set"):
			p.DF = true
		case strings.HasPrefix(t, "Success rate is "):
			if err := pingSuccess(p, t); err != nil {
				return nil, &parsers.ParseError{Command: cmdPing, Line: n, Text: line, Msg: err.Error()}
			}
			seenRate = true
		case seenSending && !seenRate && isPingMarks(t):
			marks.WriteString(t)
		default:
			// Command echo, "Type escape sequence to abort.", extended-ping
			// prompts ("Repeat count [5]: 5"), "Sweep range of sizes" etc.
			continue
		}
		p.Span.Cover(n)
	}
	if !seenRate {
		return nil, &parsers.ParseError{Command: cmdPing, Msg: "no \"Success rate is\" line: the ping did not complete"}
	}
	p.Marks = marks.String()
	for _, c := range p.Marks {
		switch c {
		case '.':
			p.Timeouts++
		case 'U':
			p.Unreachable++
		case 'M':
			p.FragNeeded++
		}
	}
	if p.Repeat == 0 {
		p.Repeat = p.Sent
	}
	p.Lost = p.Sent - p.Received
	return p, nil
}

// pingSending reads "Sending 5, 100-byte ICMP Echos to 100.64.1.1, timeout
// is 2 seconds:".
func pingSending(p *parsers.Ping, t string) error {
	rest := strings.TrimPrefix(t, "Sending ")
	cnt, rest, ok := strings.Cut(rest, ", ")
	if !ok {
		return devErrWant("\"Sending N, S-byte ICMP Echos to A, timeout is T seconds:\"")
	}
	var err error
	if p.Repeat, err = strconv.Atoi(cnt); err != nil {
		return devErrWant("a repeat count")
	}
	size, rest, _ := strings.Cut(rest, "-byte ")
	p.Size = devAtoi(size)
	_, rest, ok = strings.Cut(rest, " to ")
	if !ok {
		return devErrWant("a target (\"to ADDRESS\")")
	}
	target, rest, _ := strings.Cut(rest, ", ")
	if a, err := netip.ParseAddr(target); err == nil {
		p.Target = a
	} else {
		p.TargetRaw = target
	}
	if _, tmo, ok := strings.Cut(rest, "timeout is "); ok {
		p.TimeoutSec = devAtoi(devFirstField(tmo))
		p.Timeout = time.Duration(p.TimeoutSec) * time.Second
	}
	return nil
}

// pingSuccess reads "Success rate is 100 percent (5/5), round-trip
// min/avg/max = 1/2/4 ms".
func pingSuccess(p *parsers.Ping, t string) error {
	rest := strings.TrimPrefix(t, "Success rate is ")
	pct, rest, _ := strings.Cut(rest, " percent")
	var err error
	if p.Percent, err = strconv.Atoi(pct); err != nil {
		return devErrWant("a success percentage")
	}
	open, cls := strings.IndexByte(rest, '('), strings.IndexByte(rest, ')')
	if open < 0 || cls < open {
		return devErrWant("\"(received/sent)\"")
	}
	r, s, ok := strings.Cut(rest[open+1:cls], "/")
	if !ok {
		return devErrWant("\"(received/sent)\"")
	}
	p.Received, p.Sent = devAtoi(r), devAtoi(s)
	if _, rtt, ok := strings.Cut(rest, "min/avg/max = "); ok {
		v := strings.Split(devFirstField(rtt), "/")
		if len(v) == 3 {
			p.HasRTT = true
			p.RTTMinMs, p.RTTAvgMs, p.RTTMaxMs = devAtoi(v[0]), devAtoi(v[1]), devAtoi(v[2])
			p.RTTMin = time.Duration(p.RTTMinMs) * time.Millisecond
			p.RTTAvg = time.Duration(p.RTTAvgMs) * time.Millisecond
			p.RTTMax = time.Duration(p.RTTMaxMs) * time.Millisecond
		}
	}
	return nil
}

// isPingMarks reports whether t is a line of per-echo result characters:
// ! reply, . timeout, U unreachable, Q source quench, M could not fragment,
// ? unknown packet type, & TTL exceeded, B (IOS-XE) blocked, and a few others.
func isPingMarks(t string) bool {
	for i := 0; i < len(t); i++ {
		if !strings.ContainsRune("!.UQM?&BCANX", rune(t[i])) {
			return false
		}
	}
	return t != ""
}
