package iosxe

import (
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// One IOS / IOS-XE log message line, as `show logging` lists it and as a
// console or `terminal monitor` session prints it between (or in the middle
// of) the output of other commands (IOS 12.4/15.x, IOS-XE 3.x-17.x):
//
//	*Nov 26 10:21:03.123: %BGP-5-ADJCHANGE: neighbor 100.64.1.1 Down BGP Notification sent
//	Nov 26 10:21:03.123 UTC: %TCP-6-BADAUTH: Invalid MD5 digest from 100.64.1.1(179) to 100.64.1.2(40212) tableid - 0
//	000123: *Nov 26 10:21:03: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel1, changed state to down
//	*May 12 2020 13:35:15.181 UTC: %TCP-6-BADAUTH: ...           (service timestamps log datetime year)
//	.Nov 26 10:21:03.123: %SYS-5-CONFIG_I: ...                   (clock set, not synchronised)
//	000045: 1d02h: %LINK-3-UPDOWN: Interface Tunnel1, ...         (service timestamps log uptime)
//	%LINK-5-CHANGED: Interface Tunnel1, changed state to administratively down   (no timestamps)
//	<189>52: router1: *Mar  1 00:01:02.345 UTC: %LINK-3-UPDOWN: ... (as a syslog server stores it)
//	*Oct 07 03:10:04: mydevice.com %CRYPTO-4-RECVD_PKT_INV_SPI: ...
//	%PM-SP-4-ERR_DISABLE: ...                                     (%FACILITY-SUBFACILITY-SEVERITY-MNEMONIC)
//	000048: Dec  2 12:09:21.207: CEF-HWIDB: EDSP0 LES switching vector set to Null   (debug line)
//
// The grammar, read left to right: an optional "<PRI>", an optional
// sequence number and colon, an optional "host:", an optional clock flag
// ('*' or '.') and timestamp followed by a colon, an optional host name,
// then the "%TAG:" and the text. A day of one digit is padded with a space
// ("*Dec  3"). Timestamps are a date ("Mon D[ YYYY] hh:mm:ss[.fff][ ZONE]")
// or an uptime ("hh:mm:ss", "1d02h", "2w3d", "1y2w").

// IsSyslogLine reports whether line is one log message with a
// "%FACILITY-[SUBFACILITY-]SEVERITY-MNEMONIC:" tag, in any of the shapes
// above. It is strict: a line must start with the message (no indentation),
// every part before the tag must have its exact shape, and the tag must be
// upper-case words around a severity digit 0-7 and end in ':' — no line of
// real show output passes (tests hold it to every corpus output of every
// command). Debug lines (timestamp and text, no tag) are not messages for
// it: see IsLogLine.
func IsSyslogLine(line string) bool {
	h, ok := scanLogHead(line)
	return ok && h.tagEnd > 0
}

// IsLogLine reports whether line is a log message (IsSyslogLine) or a
// debug line with a date stamp ("*Nov 26 10:21:03.123: BGP: 100.64.1.1 went
// from Idle to Active"), as `debug` output prints into a session and the
// log buffer. The stamp must have its exact shape, so show output does not
// pass, with one known exception: the entries of `show monitor event-trace`
// have the very shape of debug lines.
func IsLogLine(line string) bool {
	_, ok := scanLogHead(line)
	return ok
}

// ParseSyslogLine reads one log line (IsLogLine) into a SyslogMessage: the
// sequence number, host, timestamp (parsed when it is a date; a stamp
// without a year keeps year 0), tag parts and text, and the addresses,
// interface and state the message names. ok is false when line is not a
// log line. Span is left for the caller, which knows the line number.
func ParseSyslogLine(line string) (m parsers.SyslogMessage, ok bool) {
	line = strings.TrimRight(line, " \t\r\n")
	h, ok := scanLogHead(line)
	if !ok {
		return m, false
	}
	m = h.message(line)
	return m, true
}

// logHead is where the parts of a log line are.
type logHead struct {
	seq      uint64
	host     string
	flag     byte
	ts       string // timestamp text
	date     bool
	year     int
	month    time.Month
	day      int
	clock    [3]int // hour, minute, second
	nsec     int
	zone     string
	uptime   time.Duration
	isUptime bool
	// tagStart and tagEnd delimit the tag ("BGP-5-ADJCHANGE") in the line;
	// tagEnd is 0 for a debug line. text is where the message text starts.
	tagStart, tagEnd int
	text             int
}

// scanLogHead reads the parts of a log line before its text. It allocates
// nothing: IsSyslogLine runs on every line of a transcript.
func scanLogHead(s string) (h logHead, ok bool) {
	if s == "" {
		return h, false
	}
	i := 0
	if s[0] == '<' { // <PRI> of a syslog server's copy
		j := 1
		for j < len(s) && j <= 4 && isDigit(s[j]) {
			j++
		}
		if j == 1 || j >= len(s) || s[j] != '>' {
			return h, false
		}
		i = j + 1
	}
	// Sequence number: digits, colon, space ("000123: ").
	if j := digitsEnd(s, i); j > i && j-i <= 10 && j+1 < len(s) && s[j] == ':' && s[j+1] == ' ' {
		h.seq = atou(s[i:j])
		i = j + 2
	}
	// "host: " before the timestamp or the tag.
	if j := hostEnd(s, i); j > i && j+2 < len(s) && s[j] == ':' && s[j+1] == ' ' && !isUptimeStamp(s[i:j]) {
		if k := j + 2; s[k] == '%' || s[k] == '*' || s[k] == '.' || isMonthAt(s, k) || isDigit(s[k]) {
			h.host, i = s[i:j], k
		}
	}
	if i < len(s) && (s[i] == '*' || s[i] == '.') {
		h.flag = s[i]
		i++
	}
	tsStart, colon := i, false
	if j, ok := h.scanTime(s, i); ok {
		h.ts = s[tsStart:j]
		i = j
		switch {
		case i < len(s) && s[i] == ':':
			colon = true
			i++
			if i < len(s) && s[i] != ' ' {
				return h, false
			}
			for i < len(s) && s[i] == ' ' {
				i++
			}
		case i < len(s) && s[i] == ' ' && h.date:
			// A syslog server's "Jan 18 10:17:22 HOST %TAG:": no colon,
			// the tag must follow.
			i++
		default:
			return h, false
		}
		// "mydevice.com %CRYPTO-...": a host between the stamp and the tag.
		if j := hostEnd(s, i); j > i && j+1 < len(s) && s[j] == ' ' && s[j+1] == '%' {
			if _, _, ok := scanTag(s, j+1); ok {
				h.host, i = s[i:j], j+1
			}
		}
	} else if h.flag != 0 {
		return h, false // a clock flag with no timestamp
	}
	if i < len(s) && s[i] == '%' {
		start, end, ok := scanTag(s, i)
		if !ok {
			return h, false
		}
		h.tagStart, h.tagEnd = start, end
		i = end + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		h.text = i
		return h, true
	}
	// No tag: a debug line needs a date stamp and its colon, then some
	// text. An uptime alone is not enough: "00:06:31: Config Sync: ..."
	// is a line of `show redundancy config-sync failures mcl`.
	if !colon || !h.date || i >= len(s) {
		return h, false
	}
	h.text = i
	return h, true
}

// scanTag reads "%FAC-SEV-MNEM:" or "%FAC-SUB-SEV-MNEM:" at s[i] == '%'. It
// returns where the tag (without % and colon) starts and ends; the colon is
// at end, followed by a space or the end of the line.
func scanTag(s string, i int) (start, end int, ok bool) {
	start = i + 1
	j := start
	parts, sev := 0, -1
	for {
		k := j
		for k < len(s) && isTagChar(s[k]) {
			k++
		}
		if k == j || k-j > 48 || !(s[j] >= 'A' && s[j] <= 'Z' || isDigit(s[j])) {
			return 0, 0, false
		}
		parts++
		if k-j == 1 && s[j] >= '0' && s[j] <= '7' {
			sev = parts
		}
		if k >= len(s) {
			return 0, 0, false
		}
		if s[k] == ':' {
			end = k
			break
		}
		if s[k] != '-' || parts == 4 {
			return 0, 0, false
		}
		j = k + 1
	}
	// The severity is the part before the mnemonic, and the facility and
	// mnemonic start with a letter.
	if parts < 3 || sev != parts-1 || !isUpper(s[start]) {
		return 0, 0, false
	}
	if m := strings.LastIndexByte(s[start:end], '-') + start + 1; !isUpper(s[m]) {
		return 0, 0, false
	}
	if end+1 < len(s) && s[end+1] != ' ' {
		return 0, 0, false
	}
	return start, end, true
}

func isTagChar(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' }
func isUpper(c byte) bool   { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// hostEnd returns the end of a host name starting at i: letters, digits,
// '.', '-' and '_', starting with a letter or digit.
func hostEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '.' || c == '-' || c == '_') {
			break
		}
		j++
	}
	if j > i && (s[i] == '.' || s[i] == '-') {
		return i
	}
	return j
}

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// isMonthAt reports whether a month name and a space start at s[i].
func isMonthAt(s string, i int) bool {
	return monthAt(s, i) > 0
}

func monthAt(s string, i int) time.Month {
	if i+4 > len(s) || s[i+3] != ' ' {
		return 0
	}
	for k, m := range monthNames {
		if s[i:i+3] == m {
			return time.Month(k + 1)
		}
	}
	return 0
}

// scanTime reads a timestamp at s[i]: a date "Mon D[ YYYY] hh:mm:ss[.f][
// ZONE]" or an uptime "hh:mm:ss" / "1d02h". It returns the end of the
// stamp (the zone included, the colon after it not).
func (h *logHead) scanTime(s string, i int) (int, bool) {
	if mon := monthAt(s, i); mon > 0 {
		return h.scanDate(s, i+4, mon)
	}
	return h.scanUptime(s, i)
}

func (h *logHead) scanDate(s string, i int, mon time.Month) (int, bool) {
	if i < len(s) && s[i] == ' ' { // "Dec  3": day padded to two columns
		i++
	}
	j := digitsEnd(s, i)
	if j == i || j-i > 2 || j >= len(s) || s[j] != ' ' {
		return 0, false
	}
	day := int(atou(s[i:j]))
	i = j + 1
	year := 0
	if j := digitsEnd(s, i); j-i == 4 && j < len(s) && s[j] == ' ' {
		year, i = int(atou(s[i:j])), j+1
	}
	j, ok := h.scanClock(s, i)
	if !ok || day < 1 || day > 31 {
		return 0, false
	}
	i = j
	if i < len(s) && s[i] == '.' { // milliseconds (or micro-)
		k := digitsEnd(s, i+1)
		if k == i+1 || k-i-1 > 9 {
			return 0, false
		}
		ns := int(atou(s[i+1 : k]))
		for d := k - i - 1; d < 9; d++ {
			ns *= 10
		}
		h.nsec, i = ns, k
	}
	// A zone name: " UTC:" — a word of up to 7 letters, digits, +, -,
	// starting with a letter, directly followed by the colon.
	if i+1 < len(s) && s[i] == ' ' && isLetter(s[i+1]) {
		k := i + 1
		for k < len(s) && k-i <= 8 && (isLetter(s[k]) || isDigit(s[k]) || s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] == ':' && k-i-1 <= 7 {
			h.zone, i = s[i+1:k], k
		}
	}
	h.date, h.year, h.month, h.day = true, year, mon, day
	return i, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scanClock reads "hh:mm:ss" into h.clock.
func (h *logHead) scanClock(s string, i int) (int, bool) {
	for k := 0; k < 3; k++ {
		j := digitsEnd(s, i)
		if j-i != 2 && !(k == 0 && j-i == 1) {
			return 0, false
		}
		h.clock[k] = int(atou(s[i:j]))
		i = j
		if k < 2 {
			if i >= len(s) || s[i] != ':' {
				return 0, false
			}
			i++
		}
	}
	if h.clock[0] > 23 || h.clock[1] > 59 || h.clock[2] > 60 {
		return 0, false
	}
	return i, true
}

// scanUptime reads "hh:mm:ss" or "NdNNh" / "NwNd" / "NyNw". "hh:mm:ss.fff"
// is a time of day whose date was cut off (seen in documentation copies),
// neither an uptime nor a date.
func (h *logHead) scanUptime(s string, i int) (int, bool) {
	if j, ok := h.scanClock(s, i); ok {
		if j < len(s) && s[j] == '.' {
			k := digitsEnd(s, j+1)
			if k == j+1 || k-j-1 > 9 {
				return 0, false
			}
			return k, true
		}
		h.isUptime = true
		h.uptime = time.Duration(h.clock[0])*time.Hour + time.Duration(h.clock[1])*time.Minute +
			time.Duration(h.clock[2])*time.Second
		return j, true
	}
	end, d, ok := uptimeUnits(s, i)
	if !ok {
		return 0, false
	}
	h.isUptime, h.uptime = true, d
	return end, true
}

// uptimeUnits reads two number-unit pairs: "1d02h", "2w3d", "1y2w".
func uptimeUnits(s string, i int) (int, time.Duration, bool) {
	var d time.Duration
	for k := 0; k < 2; k++ {
		j := digitsEnd(s, i)
		if j == i || j-i > 4 || j >= len(s) {
			return 0, 0, false
		}
		n := time.Duration(atou(s[i:j]))
		switch s[j] {
		case 'y':
			d += n * 365 * 24 * time.Hour
		case 'w':
			d += n * 7 * 24 * time.Hour
		case 'd':
			d += n * 24 * time.Hour
		case 'h':
			d += n * time.Hour
		default:
			return 0, 0, false
		}
		i = j + 1
	}
	return i, d, true
}

// isUptimeStamp reports whether s is a whole uptime stamp ("1d02h"), which
// must not be taken for a host name.
func isUptimeStamp(s string) bool {
	end, _, ok := uptimeUnits(s, 0)
	return ok && end == len(s)
}

// message builds the record of a line whose head was scanned.
func (h *logHead) message(line string) parsers.SyslogMessage {
	m := parsers.SyslogMessage{Sequence: h.seq, Host: h.host, TimeText: h.ts, Zone: h.zone, Severity: -1}
	if h.flag != 0 {
		m.ClockFlag = string(h.flag)
	}
	switch {
	case h.date:
		m.Time = time.Date(h.year, h.month, h.day, h.clock[0], h.clock[1], h.clock[2], h.nsec, time.UTC)
	case h.isUptime:
		m.Uptime = h.uptime
		m.UptimeSec = int64(h.uptime / time.Second)
	}
	if h.tagEnd > 0 {
		setTag(&m, line[h.tagStart:h.tagEnd])
	}
	m.Text = strings.TrimSpace(line[h.text:])
	messageFields(&m)
	return m
}

// setTag splits "BGP-5-ADJCHANGE" / "PM-SP-4-ERR_DISABLE".
func setTag(m *parsers.SyslogMessage, tag string) {
	m.Tag = tag
	var parts [4]string
	p := devSplitN(tag, '-', parts[:0])
	n := len(p)
	m.Facility, m.Mnemonic = p[0], p[n-1]
	m.Severity = int(p[n-2][0] - '0')
	if n == 4 {
		m.Subfacility = p[1]
	}
}
