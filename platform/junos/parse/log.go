package parse

import (
	"regexp"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Log is `show log messages` (or another syslog file, `show log kmd`): one
// entry per message line. Junos writes "MMM dd hh:mm:ss  HOST PROCESS[PID]:
// MESSAGE" (two spaces after the time; older kernels log as "/kernel:"
// without a PID, and some files leave the host out).
type Log struct {
	Entries []LogEntry `json:"entries"`
}

// LogEntry is one syslog message.
type LogEntry struct {
	// AtRaw is the time as printed ("Dec  1 09:12:33"); Junos prints no
	// year unless configured to.
	AtRaw string `json:"at_raw"`
	Host  string `json:"host,omitempty"`
	// Process is the daemon without its PID: "kmd", "iked", "rpd",
	// "kernel" ("/kernel" on older releases is read as "kernel").
	Process string `json:"process"`
	// Tag is the message's own identifier when it starts with one
	// ("RPD_BGP_NEIGHBOR_STATE_CHANGED", "KMD_VPN_DOWN_ALARM_USER").
	Tag     string `json:"tag,omitempty"`
	Message string `json:"message"`
	Line    int    `json:"line"`
}

// logLine is a Junos syslog line: the time (with an optional year and
// fraction, "time-format year millisecond"), an optional host, the process
// with an optional PID, and the message.
var logLine = regexp.MustCompile(`^([A-Z][a-z]{2} [ \d]\d(?: \d{4})? \d\d:\d\d:\d\d(?:\.\d+)?(?: \d{4})?)\s+(?:([A-Za-z0-9][\w.-]*)\s+)?(/?[A-Za-z][\w.-]*)(?:\[\d+\])?: (.*)$`)

// logTag is a message's leading identifier: capitals, digits, underscores.
var logTag = regexp.MustCompile(`^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): `)

// ParseLog reads a Junos syslog file as `show log FILE` prints it.
// "last message repeated N times" and "logfile turned over" lines and
// anything else that is not a message are passed over; an output with no
// message line and something else in it is a *parsers.ParseError (an
// empty output, or one a `| match` emptied, is a valid empty log).
func ParseLog(out string) (*Log, error) {
	const cmd = "show log messages"
	lg := &Log{}
	first := line{}
	for _, l := range prep(out) {
		t := l.trim()
		m := logLine.FindStringSubmatch(t)
		if m == nil {
			if first.n == 0 {
				first = line{n: l.n, text: t}
			}
			continue
		}
		e := LogEntry{AtRaw: m[1], Host: m[2], Process: strings.TrimPrefix(m[3], "/"), Message: m[4], Line: l.n}
		if tm := logTag.FindStringSubmatch(e.Message); tm != nil {
			e.Tag = tm[1]
		}
		lg.Entries = append(lg.Entries, e)
	}
	if len(lg.Entries) == 0 && first.n > 0 {
		return nil, perr(cmd, first.n, first.text, "no syslog line: want \"MMM dd hh:mm:ss HOST PROCESS[PID]: MESSAGE\"")
	}
	return lg, nil
}

// Span is the entry's line, for citations.
func (e LogEntry) Span() parsers.Span { return parsers.Span{Start: e.Line, End: e.Line} }
