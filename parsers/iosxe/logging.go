package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdLogging = "show logging"

// ParseLogging parses `show logging` (IOS 12.4/15.x, IOS-XE 3.x-17.x; also
// `show logging | include X`, which prints matching buffer lines only).
//
// The header gives the syslog counters ("Syslog logging: enabled (0
// messages dropped, 20 messages rate-limited, 0 flushes, 0 overruns, ...)"),
// the console, monitor, buffer and trap destinations (enabled, level,
// messages logged), the "Logging to X" servers and the "Log Buffer (N
// bytes):" size. After it, every log line (ParseSyslogLine) is a message, in
// the order printed, with its span. Buffer lines that are not log lines
// belong to the message above them (the banner %SYS-5-RESTART prints, a
// traceback, the indented rest of %CRYPTO-4-PKT_REPLAY_ERR); before the
// first message they are the tail of a message the ring buffer overwrote
// (Leading), or, when the overwritten part left the tag, a message marked
// Truncated. Message discriminators, filter modules, TLS profiles, the
// source-interface table, prompts and banners are ignored.
//
// An output with neither the header nor any log line is a ParseError naming
// its first line.
func ParseLogging(out string) (*parsers.Logging, error) {
	p := loggingParser{l: &parsers.Logging{Messages: []parsers.SyslogMessage{}}}
	first, firstLine := 0, ""
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		if t == "" || parsers.IsBanner(t) || isEchoOrPrompt(t) {
			continue
		}
		if first == 0 {
			first, firstLine = n, t
		}
		if !p.inBuffer && p.header(n, line, t) {
			continue
		}
		p.buffer(n, line, t)
	}
	if !p.l.Header && len(p.l.Messages) == 0 {
		return nil, &parsers.ParseError{Command: cmdLogging, Line: first, Text: firstLine,
			Msg: `want the "Syslog logging:" header or log messages`}
	}
	return p.l, nil
}

// isEchoOrPrompt reports a prompt ("R1#") or an echoed command ("R1#show
// logging", "show logging | include BGP") before or after the output.
func isEchoOrPrompt(t string) bool {
	if strings.HasPrefix(t, "show ") || strings.HasPrefix(t, "sh ") {
		return true
	}
	if !isPrompt(t) {
		return false
	}
	_, after, _ := strings.Cut(t, "#")
	return after == "" || strings.HasPrefix(after, "sh")
}

type loggingParser struct {
	l        *parsers.Logging
	inBuffer bool
	host     *parsers.LogHost // "Logging to" block being read
}

// header reads one line before the buffer. It reports false for a line
// that is not part of the header: a log line, or any line of an output
// that has no header.
func (p *loggingParser) header(n int, line, t string) bool {
	l := p.l
	if IsLogLine(line) {
		return false
	}
	switch {
	case strings.HasPrefix(t, "Syslog logging:"):
		l.Header = true
		syslogCounters(l, strings.TrimSpace(strings.TrimPrefix(t, "Syslog logging:")))
	case !l.Header:
		return false
	case strings.HasPrefix(t, "Log Buffer ("):
		l.BufferBytes = int(atou(strings.TrimPrefix(t, "Log Buffer (")))
		p.inBuffer, p.host = true, nil
	case strings.HasPrefix(t, "Console logging:"):
		l.Console = logDestination(n, t)
	case strings.HasPrefix(t, "Monitor logging:"):
		l.Monitor = logDestination(n, t)
	case strings.HasPrefix(t, "Buffer logging:"):
		l.Buffer = logDestination(n, t)
	case strings.HasPrefix(t, "Trap logging:"):
		l.Trap = logDestination(n, t)
		p.host = nil
	case strings.HasPrefix(t, "Logging to ") && !strings.HasPrefix(t, "Logging to:"):
		l.Hosts = append(l.Hosts, logHost(n, strings.TrimPrefix(t, "Logging to ")))
		p.host = &l.Hosts[len(l.Hosts)-1]
	case p.host != nil && line[0] == ' ' && !strings.HasSuffix(t, ":"):
		hostLine(p.host, n, t)
	default:
		p.host = nil
	}
	l.Span.Cover(n)
	return true
}

// syslogCounters reads "enabled (0 messages dropped, 20 messages
// rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)".
func syslogCounters(l *parsers.Logging, s string) {
	l.Syslog = s
	l.SyslogEnabled = strings.HasPrefix(s, "enabled")
	_, in, _ := strings.Cut(s, "(")
	devSegments(strings.TrimSuffix(in, ")"), func(seg string) {
		num, what, _ := strings.Cut(seg, " ")
		v := atou(num)
		switch what {
		case "messages dropped":
			l.MessagesDropped = v
		case "messages rate-limited":
			l.RateLimited = v
		case "flushes":
			l.Flushes = v
		case "overruns":
			l.Overruns = v
		}
	})
}

// logDestination reads "Console logging: level debugging, 734 messages
// logged, xml disabled," / "Buffer logging:  disabled, xml disabled," /
// "Trap logging: level informational, 1190 message lines logged".
func logDestination(n int, t string) parsers.LogDestination {
	_, v, _ := strings.Cut(t, ":")
	v = strings.TrimSpace(v)
	d := parsers.LogDestination{Text: v, Line: n, Enabled: !strings.HasPrefix(v, "disabled")}
	devSegments(v, func(seg string) {
		switch {
		case strings.HasPrefix(seg, "level "):
			d.Level = strings.TrimPrefix(seg, "level ")
		case strings.HasSuffix(seg, " messages logged"), strings.HasSuffix(seg, " message lines logged"):
			d.Logged = atou(seg)
		}
	})
	return d
}

// logHost reads "55.55.55.70  (Mgmt-vrf) (udp port 514, audit disabled,".
func logHost(n int, s string) parsers.LogHost {
	h := parsers.LogHost{Span: parsers.Span{Start: n, End: n}}
	name := devFirstField(s)
	if a, err := netip.ParseAddr(name); err == nil {
		h.Address = a
	} else {
		h.Name = name
	}
	rest := s[len(name):]
	for {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			break
		}
		grp := rest[i+1:]
		end := strings.IndexByte(grp, ')')
		if end >= 0 {
			grp, rest = grp[:end], grp[end+1:]
		} else {
			rest = ""
		}
		if f := strings.Fields(grp); len(f) >= 3 && f[1] == "port" {
			h.Transport, h.Port = f[0], int(atou(f[2]))
			hostLine(&h, n, grp)
		} else if end >= 0 && len(f) == 1 {
			h.VRF = f[0]
		}
	}
	return h
}

// hostLine reads the indented lines of a "Logging to" block: "link up),",
// "1189 message lines logged,".
func hostLine(h *parsers.LogHost, n int, t string) {
	h.Span.Cover(n)
	devSegments(t, func(seg string) {
		seg = strings.TrimRight(seg, ")")
		switch {
		case seg == "link up" || seg == "link down":
			up := seg == "link up"
			h.LinkUp = &up
		case strings.HasSuffix(seg, " message lines logged"):
			h.Logged = atou(seg)
		}
	})
}

// buffer reads one line of the log buffer.
func (p *loggingParser) buffer(n int, line, t string) {
	l := p.l
	p.inBuffer = true
	if m, ok := ParseSyslogLine(line); ok {
		m.Span = parsers.Span{Start: n, End: n}
		l.Messages = append(l.Messages, m)
		return
	}
	if len(l.Messages) == 0 {
		// The ring buffer overwrote the start of the oldest message.
		if m, ok := truncatedMessage(t); ok && len(l.Leading) == 0 {
			m.Span = parsers.Span{Start: n, End: n}
			l.Messages = append(l.Messages, m)
			return
		}
		l.Leading = append(l.Leading, t)
		return
	}
	m := &l.Messages[len(l.Messages)-1]
	m.Continuation = append(m.Continuation, t)
	m.Span.End = n
}

// truncatedMessage reads a line whose start was overwritten but whose tag
// survives: "7:04: %LINEPROTO-5-UPDOWN: Line protocol on ...".
func truncatedMessage(t string) (parsers.SyslogMessage, bool) {
	i := strings.Index(t, ": %")
	if i < 0 {
		return parsers.SyslogMessage{}, false
	}
	h, ok := scanLogHead(t[i+2:])
	if !ok || h.tagEnd == 0 || h.ts != "" {
		return parsers.SyslogMessage{}, false
	}
	m := h.message(t[i+2:])
	m.Truncated = true
	return m, true
}
