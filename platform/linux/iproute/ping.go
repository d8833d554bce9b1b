package iproute

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdPing = "ping"

// ProblemKind classifies a ping error line.
type ProblemKind int

// The problems iputils ping reports.
const (
	ProblemOther           ProblemKind = iota
	ProblemFragNeeded                  // "From R icmp_seq=1 Frag needed and DF set (mtu = 1400)"
	ProblemMessageTooLong              // "ping: local error: message too long, mtu=1400", "ping: sendmsg: Message too long"
	ProblemNetUnreachable              // "ping: connect: Network is unreachable", "Destination Net Unreachable"
	ProblemHostUnreachable             // "From R icmp_seq=1 Destination Host Unreachable"
	ProblemUnknownIface                // "ping: unknown iface: gre9", "SO_BINDTODEVICE gre9: No such device"
	ProblemBadSource                   // "ping: bind: Cannot assign requested address"
	ProblemUnknownHost                 // "ping: X: Name or service not known"
	ProblemNoReply                     // 100% packet loss, nothing else said
)

var problemNames = [...]string{"other", "frag-needed", "message-too-long", "net-unreachable",
	"host-unreachable", "unknown-iface", "bad-source", "unknown-host", "no-reply"}

func (k ProblemKind) String() string {
	if k >= 0 && int(k) < len(problemNames) {
		return problemNames[k]
	}
	return "ProblemKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText makes a ProblemKind travel as its name.
func (k ProblemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Problem is one error line of a ping, or the statistics line of a ping
// that got no reply at all (ProblemNoReply).
type Problem struct {
	Kind ProblemKind `json:"kind"`
	// MTU is the path or local MTU a frag-needed or message-too-long
	// error names; 0 when none.
	MTU  int        `json:"mtu,omitempty"`
	Seq  int        `json:"icmp_seq,omitempty"`
	From netip.Addr `json:"from"`
	Line int        `json:"line"`
	Text string     `json:"text"`
}

// Reply is one echo reply line:
//
//	64 bytes from 100.64.0.2: icmp_seq=1 ttl=64 time=0.672 ms
type Reply struct {
	Bytes int           `json:"bytes"`
	From  netip.Addr    `json:"from"`
	Seq   int           `json:"icmp_seq"`
	TTL   int           `json:"ttl"`
	RTT   time.Duration `json:"rtt_ns"`
	Dup   bool          `json:"dup,omitempty"`
	Line  int           `json:"line"`
}

// Ping is the parsed output of iputils ping.
type Ping struct {
	// Target is as printed in the PING line; TargetAddr its address.
	Target     string     `json:"target"`
	TargetAddr netip.Addr `json:"target_addr"`
	// Source is the "from ADDR" of the PING line (-I ADDR or -I IFACE);
	// Interface is the interface name printed after it, if any.
	Source    netip.Addr `json:"source"`
	Interface string     `json:"interface,omitempty"`
	// PayloadSize is the ICMP data size (-s), PacketSize the IP packet
	// size: "1372(1400) bytes of data".
	PayloadSize int `json:"payload_size"`
	PacketSize  int `json:"packet_size"`

	Replies []Reply `json:"replies"`

	HasStats    bool          `json:"has_stats"`
	Sent        int           `json:"sent"`
	Received    int           `json:"received"`
	Errors      int           `json:"errors,omitempty"`
	Duplicates  int           `json:"duplicates,omitempty"`
	LossPercent float64       `json:"loss_percent"`
	Time        time.Duration `json:"time_ns"`

	HasRTT  bool          `json:"has_rtt"`
	RTTMin  time.Duration `json:"rtt_min_ns"`
	RTTAvg  time.Duration `json:"rtt_avg_ns"`
	RTTMax  time.Duration `json:"rtt_max_ns"`
	RTTMdev time.Duration `json:"rtt_mdev_ns"`

	Problems []Problem `json:"problems,omitempty"`
	// Args is the command line when parsed with ParsePingCommand.
	Args *PingArgs    `json:"args,omitempty"`
	Span parsers.Span `json:"span"`

	statsLine int
	statsText string
}

// DF reports whether the pings were sent with Don't Fragment: from the
// command line (-M do) when known, else inferred from an MTU error.
func (p *Ping) DF() bool {
	if p.Args != nil && p.Args.PMTUDisc == "do" {
		return true
	}
	for _, pr := range p.Problems {
		if pr.Kind == ProblemFragNeeded || pr.Kind == ProblemMessageTooLong {
			return true
		}
	}
	return false
}

// Has returns the first problem of kind k.
func (p *Ping) Has(k ProblemKind) (Problem, bool) {
	for _, pr := range p.Problems {
		if pr.Kind == k {
			return pr, true
		}
	}
	return Problem{}, false
}

// ParsePing parses iputils ping output (stdout then stderr, as the lab
// captures keep them). Output with neither a PING line, a statistics line
// nor a ping error line is a *parsers.ParseError.
func ParsePing(out string) (*Ping, error) {
	p := &Ping{Replies: []Reply{}}
	known := false
	for i, l := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(l)
		ok := false
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "PING "):
			ok = p.header(t)
		case strings.Contains(t, " bytes from ") && strings.Contains(t, "icmp_seq="):
			ok = p.reply(t, n)
		case strings.HasPrefix(t, "--- ") && strings.HasSuffix(t, " ping statistics ---"):
			ok = true
		case strings.Contains(t, " packets transmitted, "):
			ok = p.stats(t, n)
		case strings.HasPrefix(t, "rtt ") || strings.HasPrefix(t, "round-trip "):
			ok = p.rtt(t)
		default:
			if pr, isProblem := classify(t, n); isProblem {
				p.Problems = append(p.Problems, pr)
				ok = true
			} else if strings.HasPrefix(t, "ping: Warning") || strings.HasPrefix(t, "Warning:") {
				ok = true
			}
		}
		if ok {
			known = true
			p.Span.Cover(n)
		}
	}
	if !known {
		lines := parsers.Lines(out)
		for i, l := range lines {
			if strings.TrimSpace(l) != "" {
				return nil, &parsers.ParseError{Command: cmdPing, Line: i + 1, Text: l, Msg: "want a ping line (PING ..., replies, statistics, or a ping: error)"}
			}
		}
		return nil, &parsers.ParseError{Command: cmdPing, Msg: "empty output"}
	}
	// Error lines (stderr) follow the statistics in a capture, so "no
	// reply at all" is only known once everything is read.
	if p.HasStats && p.Sent > 0 && p.Received == 0 && len(p.Problems) == 0 {
		p.Problems = append(p.Problems, Problem{Kind: ProblemNoReply, Line: p.statsLine, Text: p.statsText})
	}
	p.statsLine, p.statsText = 0, ""
	return p, nil
}

// header reads "PING T (ADDR) [from SRC [IFACE]: ]N(M) bytes of data.".
func (p *Ping) header(t string) bool {
	rest := strings.TrimPrefix(t, "PING ")
	target, rest, ok := strings.Cut(rest, " (")
	if !ok {
		return false
	}
	addr, rest, ok := strings.Cut(rest, ")")
	if !ok {
		return false
	}
	p.Target = target
	p.TargetAddr, _ = netip.ParseAddr(addr)
	rest = strings.TrimSpace(rest)
	if from, ok := strings.CutPrefix(rest, "from "); ok {
		src, tail, _ := strings.Cut(from, ":")
		f := strings.Fields(src)
		if len(f) > 0 {
			p.Source, _ = netip.ParseAddr(f[0])
		}
		if len(f) > 1 {
			p.Interface = f[1]
		}
		rest = strings.TrimSpace(tail)
	}
	sizes, _, _ := strings.Cut(rest, " ")
	pay, pkt, _ := strings.Cut(sizes, "(")
	p.PayloadSize, _ = strconv.Atoi(pay)
	p.PacketSize, _ = strconv.Atoi(strings.TrimSuffix(pkt, ")"))
	return true
}

// reply reads "N bytes from ADDR[ (ADDR)]: icmp_seq=N ttl=N time=F ms [(DUP!)]".
func (p *Ping) reply(t string, n int) bool {
	r := Reply{Line: n}
	num, rest, _ := strings.Cut(t, " bytes from ")
	r.Bytes, _ = strconv.Atoi(num)
	from, rest, ok := strings.Cut(rest, ": ")
	if !ok {
		return false
	}
	if i := strings.LastIndexByte(from, '('); i >= 0 {
		from = strings.TrimSuffix(from[i+1:], ")")
	}
	r.From, _ = netip.ParseAddr(from)
	for _, f := range strings.Fields(rest) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "icmp_seq":
			r.Seq, _ = strconv.Atoi(v)
		case "ttl":
			r.TTL, _ = strconv.Atoi(v)
		case "time":
			r.RTT = millis(v)
		case "(DUP!)":
			r.Dup = true
		}
	}
	p.Replies = append(p.Replies, r)
	return true
}

// stats reads "N packets transmitted, N received, [+N duplicates, ][+N
// errors, ]X% packet loss, time Nms".
func (p *Ping) stats(t string, n int) bool {
	for _, part := range strings.Split(t, ", ") {
		f := strings.Fields(part)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.Atoi(strings.TrimPrefix(f[0], "+"))
		switch {
		case len(f) > 2 && f[1] == "packet" && f[2] == "loss":
			p.LossPercent, _ = strconv.ParseFloat(strings.TrimSuffix(f[0], "%"), 64)
		case f[1] == "packets" || f[1] == "packet":
			p.Sent = v
		case f[1] == "received":
			p.Received = v
		case f[1] == "errors" || f[1] == "error":
			p.Errors = v
		case f[1] == "duplicates" || f[1] == "duplicate":
			p.Duplicates = v
		case f[0] == "time":
			p.Time = millis(strings.TrimSuffix(f[1], "ms"))
		}
	}
	p.HasStats, p.statsLine, p.statsText = true, n, t
	return true
}

// rtt reads "rtt min/avg/max/mdev = 0.577/0.666/0.758/0.061 ms[, ...]".
func (p *Ping) rtt(t string) bool {
	_, vals, ok := strings.Cut(t, " = ")
	if !ok {
		return false
	}
	vals, _, _ = strings.Cut(vals, " ")
	v := strings.Split(vals, "/")
	if len(v) < 3 {
		return false
	}
	p.HasRTT = true
	p.RTTMin, p.RTTAvg, p.RTTMax = millis(v[0]), millis(v[1]), millis(v[2])
	if len(v) > 3 {
		p.RTTMdev = millis(v[3])
	}
	return true
}

func millis(s string) time.Duration {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e9 {
		return 0
	}
	return time.Duration(f * float64(time.Millisecond))
}

// classify reads an error line; a ping that later gets its statistics line
// keeps its error lines too (stderr is appended after stdout).
func classify(t string, n int) (Problem, bool) {
	pr := Problem{Line: n, Text: t}
	lt := strings.ToLower(t)
	if from, ok := strings.CutPrefix(t, "From "); ok {
		f := strings.Fields(from)
		if len(f) > 0 {
			pr.From, _ = netip.ParseAddr(f[0])
		}
		for _, w := range f {
			if v, ok := strings.CutPrefix(w, "icmp_seq="); ok {
				pr.Seq, _ = strconv.Atoi(v)
			}
		}
	} else if !strings.HasPrefix(lt, "ping: ") {
		return pr, false
	}
	switch {
	case strings.Contains(lt, "frag needed"):
		pr.Kind = ProblemFragNeeded
	case strings.Contains(lt, "message too long"):
		pr.Kind = ProblemMessageTooLong
	case strings.Contains(lt, "network is unreachable") || strings.Contains(lt, "net unreachable"):
		pr.Kind = ProblemNetUnreachable
	case strings.Contains(lt, "host unreachable") || strings.Contains(lt, "no route to host"):
		pr.Kind = ProblemHostUnreachable
	case strings.Contains(lt, "unknown iface") || strings.Contains(lt, "so_bindtodevice") || strings.Contains(lt, "no such device"):
		pr.Kind = ProblemUnknownIface
	case strings.Contains(lt, "cannot assign requested address"):
		pr.Kind = ProblemBadSource
	case strings.Contains(lt, "name or service not known") || strings.Contains(lt, "unknown host") ||
		strings.Contains(lt, "temporary failure in name resolution"):
		pr.Kind = ProblemUnknownHost
	}
	pr.MTU = mtuOf(lt)
	return pr, true
}

// mtuOf reads "mtu=1400" or "(mtu = 1400)".
func mtuOf(lt string) int {
	i := strings.LastIndex(lt, "mtu")
	if i < 0 {
		return 0
	}
	s := strings.TrimLeft(lt[i+3:], " =")
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	v, _ := strconv.Atoi(s[:j])
	return v
}
