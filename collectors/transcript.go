package collectors

import (
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// Transcript is a saved terminal session or show-tech file, cut into the
// commands it contains.
type Transcript struct {
	// Name is the file the transcript was read from.
	Name string
	// Started is the session start a PuTTY log header records; zero when
	// the file has none.
	Started time.Time
	Blocks  []Block
	// Notes say what the reader left out: lines cut at
	// TranscriptLimits.MaxLineBytes.
	Notes []string
}

// Block is one command and the output that followed it.
type Block struct {
	// Hostname is the router name from the prompt ("" in a show-tech file
	// read on its own, which has no prompt).
	Hostname string
	// Command is the command as typed (abbreviations kept), with typing
	// corrections applied.
	Command string
	// Output is what the router printed, cleaned of pager debris, terminal
	// escapes and the exec-timestamp banner, lines joined by "\n".
	Output string
	// Line is the 1-based line of the command in the file.
	Line int
	// At is when the command ran: the router's clock from the exec
	// timestamp banner, else the logging program's line timestamp; zero
	// when the file has neither.
	At time.Time
	// ConfigMode marks commands typed in configuration mode. They are kept
	// for the record (already redacted) but never parsed as show output.
	ConfigMode bool
}

// ReadTranscript reads a terminal session log (prompt lines such as
// "cpe1#show crypto ikev2 sa" followed by output) or a show-tech file
// ("------------------ show version ------------------" separators), or a
// mix of both, and returns its command blocks in file order. A command
// that appears twice gives two blocks (two samples).
//
// It tolerates LF, CRLF and CR line ends, ANSI escape sequences, typing
// erased with backspaces, "--More--" pager debris, PuTTY log headers,
// "[2026-11-26 10:21:03] " line timestamps and the
// "terminal exec prompt timestamp" banner. Text before the first prompt
// or separator (login banners) is dropped.
//
// The file is read line by line within DefaultTranscriptLimits
// (ReadTranscriptWith takes others).
func ReadTranscript(name string, r io.Reader) (*Transcript, error) {
	return ReadTranscriptWith(name, r, TranscriptLimits{})
}

// ReadTranscriptWith is ReadTranscript within lim: a file larger than
// lim.MaxBytes is refused (an error wrapping ErrTranscriptLimit that names
// the file, the limit and its flag), and a line longer than
// lim.MaxLineBytes is cut to that length, the rest of it skipped unread
// and the cut noted in Transcript.Notes. Zero fields take the defaults.
func ReadTranscriptWith(name string, r io.Reader, lim TranscriptLimits) (*Transcript, error) {
	lim = lim.WithDefaults()
	if err := checkTranscriptSize(name, r, lim); err != nil {
		return nil, err
	}
	lr := newLineReader(name, r, lim)
	t := &Transcript{Name: name}
	var (
		cur  *Block
		out  []string
		host string
	)
	flush := func() {
		if cur != nil {
			finish(cur, out)
			t.Blocks = append(t.Blocks, *cur)
		}
		cur, out = nil, nil
	}
	for i := 0; ; i++ {
		raw, ok, err := lr.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		stamp, raw := lineStamp(raw)
		l, debris := cleanLine(raw)
		if debris {
			continue
		}
		if started, ok := logHeader(l); ok {
			if t.Started.IsZero() {
				t.Started = started
			}
			continue
		}
		if p, ok := parsePrompt(l); ok {
			flush()
			host = p.host
			if p.cmd != "" {
				cur = &Block{Hostname: p.host, Command: p.cmd, Line: i + 1, At: stamp, ConfigMode: p.config}
			}
			continue
		}
		if cmd, ok := separator(l); ok {
			flush()
			cur = &Block{Hostname: host, Command: cmd, Line: i + 1, At: stamp}
			continue
		}
		if cur != nil {
			out = append(out, l)
		}
	}
	flush()
	if note := lr.note(); note != "" {
		t.Notes = append(t.Notes, note)
	}
	return t, nil
}

// cleanLine replays a raw line the way a terminal would show it: escape
// sequences are dropped, backspace and carriage return move the cursor and
// later characters overwrite earlier ones. That undoes erased typing
// ("sh\b\bshow") and the pager's "\b\b\b...   \b\b\b" erase. debris
// reports a line that held nothing but a "--More--" prompt.
func cleanLine(raw string) (line string, debris bool) {
	buf := make([]byte, 0, len(raw))
	cur := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == 0x1b:
			i = skipEscape(raw, i)
		case c == '\b' || c == 0x7f:
			if cur > 0 {
				cur--
			}
		case c == '\r':
			cur = 0
		case c < 0x20 && c != '\t':
			// bell and other controls print nothing
		default:
			if cur < len(buf) {
				buf[cur] = c
			} else {
				buf = append(buf, c)
			}
			cur++
		}
	}
	line = strings.TrimRight(string(buf), " \t")
	if strings.Contains(line, "--More--") {
		line = stripMore(line)
		if strings.TrimSpace(line) == "" {
			return "", true
		}
	}
	return line, false
}

// skipEscape returns the index of the last byte of the escape sequence
// starting at raw[i] (ESC): CSI "ESC [ ... final", OSC "ESC ] ... BEL|ST",
// or a two-byte "ESC x".
func skipEscape(raw string, i int) int {
	if i+1 >= len(raw) {
		return i
	}
	switch raw[i+1] {
	case '[':
		j := i + 2
		for j < len(raw) && (raw[j] < 0x40 || raw[j] > 0x7e) {
			j++
		}
		return min(j, len(raw)-1)
	case ']':
		j := i + 2
		for j < len(raw) {
			if raw[j] == 0x07 {
				return j
			}
			if raw[j] == 0x1b && j+1 < len(raw) && raw[j+1] == '\\' {
				return j + 1
			}
			j++
		}
		return len(raw) - 1
	}
	return i + 1
}

// stripMore removes " --More-- " prompts that survived cleanLine: logs
// that dropped the control characters keep the pager text glued before the
// next output line, followed by the ten blanks IOS prints to erase it.
func stripMore(l string) string {
	for {
		i := strings.Index(l, "--More--")
		if i < 0 {
			return l
		}
		start, end := i, i+len("--More--")
		if start > 0 && l[start-1] == ' ' {
			start--
		}
		if end < len(l) && l[end] == ' ' {
			end++
		}
		for n := 0; n < 10 && end < len(l) && l[end] == ' '; n++ {
			end++
		}
		l = l[:start] + l[end:]
	}
}

var stampRE = regexp.MustCompile(`^\[([0-9][0-9:./ T+-]{7,40}|[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4})\] ?`)

var stampLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04:05Z07:00",
	"2006/01/02 15:04:05", "2006.01.02 15:04:05", "Mon Jan _2 15:04:05 2006",
}

// lineStamp strips a "[2026-11-26 10:21:03] " prefix that a logging
// program (SecureCRT, MobaXterm, ts) put before a line, and returns its
// time. Brackets that do not hold a time are output and are kept.
func lineStamp(raw string) (time.Time, string) {
	if len(raw) == 0 || raw[0] != '[' {
		return time.Time{}, raw
	}
	m := stampRE.FindStringSubmatch(raw)
	if m == nil {
		return time.Time{}, raw
	}
	for _, layout := range stampLayouts {
		if ts, err := time.ParseInLocation(layout, strings.TrimSpace(m[1]), time.UTC); err == nil {
			return ts, raw[len(m[0]):]
		}
	}
	return time.Time{}, raw
}

var puttyTimeRE = regexp.MustCompile(`\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2}`)

// logHeader recognises a PuTTY log header line and returns the session
// start it records.
func logHeader(l string) (time.Time, bool) {
	if !strings.HasPrefix(l, "=~=~=~=~") {
		return time.Time{}, false
	}
	if m := puttyTimeRE.FindString(l); m != "" {
		if ts, err := time.ParseInLocation("2006.01.02 15:04:05", m, time.UTC); err == nil {
			return ts, true
		}
	}
	return time.Time{}, true
}

type prompt struct {
	host, cmd string
	config    bool
}

var promptRE = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]{1,62})(?:\(([A-Za-z0-9._-]*)\))?([#>])(.*)$`)

// shellPromptRE is a POSIX shell prompt with what was typed after it:
// "user@host:~$ cmd", "root@host:/etc# cmd", "[user@host ~]$ cmd".
// Submatch 1 is the host name, 2 the command.
var shellPromptRE = regexp.MustCompile(`^\[?[A-Za-z_][\w.-]{0,31}@([A-Za-z0-9][\w.-]{0,62})(?::[^\s$#]*|\s+[^\]\s]*\])[$#](?:\s(.*))?$`)

// userAtHostPromptRE is the Junos and PAN-OS CLI prompt with what was typed
// after it: "netops@srx1> show bgp summary", "admin@PA-3220(active)> show
// vpn flow", "netops@srx1# show security ike" in configuration mode,
// optionally after a Junos cluster node tag ("{primary:node0}"), which
// Junos prints on the line above or before the prompt. Submatch 1 is the
// host, 2 the level, 3 the command.
var userAtHostPromptRE = regexp.MustCompile(`^(?:\{[\w:-]{1,40}\}\s*)?[A-Za-z_][\w.-]{0,31}@([A-Za-z0-9][\w.-]{0,62})(?:\([\w-]{1,32}\))?([>#])(?:\s(.*))?$`)

// fortiPromptRE is the FortiOS CLI prompt: "FGT60E # get system status",
// "FGT60E (root) # ..." in a VDOM or a config table, "FGT60E $ ..." for a
// read-only administrator. Submatch 1 is the host, 2 the command.
var fortiPromptRE = regexp.MustCompile(`^([A-Za-z0-9][\w.-]{0,62})(?: \([\w.-]{1,40}\))? [#$](?:\s(.*))?$`)

// fortiConfigVerbs are the FortiOS commands that change or walk the
// configuration: a line typed with one is a configuration command (and is
// redacted as one), wherever the prompt is.
var fortiConfigVerbs = map[string]bool{"config": true, "edit": true, "set": true, "unset": true, "next": true,
	"end": true, "append": true, "select": true, "unselect": true, "delete": true, "purge": true, "rename": true,
	"clone": true, "move": true, "abort": true}

// parsePrompt recognises a shell prompt (shellPromptRE), the Junos and
// PAN-OS "user@host> cmd" (userAtHostPromptRE), FortiOS's "host # cmd"
// (fortiPromptRE), and IOS's "host#cmd", "host>cmd" and "host(config-x)#cmd".
// One-letter host names are refused: "r>i 10.0.0.0/8" is a BGP table line
// (RIB failure), not a prompt. "do show ..." typed in configuration mode
// is an exec command and is read as one.
func parsePrompt(l string) (prompt, bool) {
	if m := shellPromptRE.FindStringSubmatch(l); m != nil {
		// A shell on a Linux CPE: "vcdiag@cpe1:~$ swanctl --list-sas".
		return prompt{host: m[1], cmd: eraseCarets(strings.TrimSpace(m[2]))}, true
	}
	if m := userAtHostPromptRE.FindStringSubmatch(l); m != nil {
		p := prompt{host: m[1], cmd: eraseCarets(strings.TrimSpace(m[3])), config: m[2] == "#"}
		if p.config {
			// "run show ..." in Junos configuration mode is an operational
			// command, as IOS's "do show ...".
			if rest, ok := strings.CutPrefix(p.cmd, "run "); ok {
				p.cmd, p.config = strings.TrimSpace(rest), false
			} else {
				p.cmd = registry.RedactConfigCommand(p.cmd)
			}
		}
		return p, true
	}
	if m := fortiPromptRE.FindStringSubmatch(l); m != nil {
		p := prompt{host: m[1], cmd: eraseCarets(strings.TrimSpace(m[2]))}
		if w := strings.Fields(p.cmd); len(w) > 0 && fortiConfigVerbs[w[0]] {
			p.config = true
			p.cmd = registry.RedactConfigCommand(p.cmd)
		}
		return p, true
	}
	m := promptRE.FindStringSubmatch(l)
	if m == nil {
		return prompt{}, false
	}
	p := prompt{host: m[1], cmd: eraseCarets(strings.TrimSpace(m[4])), config: m[2] != ""}
	if m[3] == ">" && m[2] != "" {
		return prompt{}, false // no IOS mode prompt ends in '>'
	}
	if p.config {
		if rest, ok := strings.CutPrefix(p.cmd, "do "); ok {
			p.cmd, p.config = strings.TrimSpace(rest), false
		} else {
			p.cmd = registry.RedactConfigCommand(p.cmd)
		}
	}
	return p, true
}

// eraseCarets applies "^H" typed as two visible characters (a terminal
// that echoes backspace as caret notation): "sh^H^Hshow" is "show".
func eraseCarets(s string) string {
	for {
		i := strings.Index(s, "^H")
		if i < 0 {
			return s
		}
		start := i
		if start > 0 {
			start--
		}
		s = s[:start] + s[i+2:]
	}
}

var sepRE = regexp.MustCompile(`^(?:-{5,} *([A-Za-z][^-].*?) *-{5,}|!-{2,} *((?:show|sh|ping) .+?))\s*$`)

// separator recognises the show-tech block headers
// "------------------ show ip bgp summary ------------------" and
// "!--- show ip bgp summary".
func separator(l string) (string, bool) {
	m := sepRE.FindStringSubmatch(l)
	if m == nil {
		return "", false
	}
	if m[1] != "" {
		return m[1], true
	}
	return m[2], true
}

// finish trims the output of a block: the exec timestamp banner (its time
// goes into At), then leading and trailing blank lines.
func finish(b *Block, out []string) {
	for len(out) > 0 && (parsers.IsBanner(out[0]) || strings.TrimSpace(out[0]) == "") {
		if ts, ok := bannerTime(out[0]); ok {
			b.At = ts
		}
		out = out[1:]
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	if len(out) > 0 {
		b.Output = strings.Join(out, "\n") + "\n"
	}
	if b.ConfigMode {
		b.Output = registry.RedactOutput(b.Command, b.Output)
	}
}

var bannerRE = regexp.MustCompile(`[*.]?(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?) +([A-Za-z][A-Za-z0-9+-]*) +[A-Z][a-z]{2} +([A-Z][a-z]{2}) +(\d{1,2}) +(\d{4})`)

// bannerTime reads the router clock from "Time source is NTP,
// 10:22:01.123 UTC Thu Nov 26 2026" (or "No time source, *10:22:01..."). A
// zone Go does not know is kept by name with a zero offset: samples from
// one router still compare correctly.
func bannerTime(l string) (time.Time, bool) {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "Time source is") && !strings.HasPrefix(t, "No time source") {
		return time.Time{}, false
	}
	m := bannerRE.FindStringSubmatch(t)
	if m == nil {
		return time.Time{}, false
	}
	s := m[3] + " " + m[4] + " " + m[5] + " " + m[1]
	if ts, err := time.ParseInLocation("Jan 2 2006 15:04:05 MST", s+" "+m[2], time.UTC); err == nil {
		return ts, true
	}
	ts, err := time.ParseInLocation("Jan 2 2006 15:04:05", s, time.UTC)
	return ts, err == nil
}
