package sim

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// privileged are the commands IOS hides below privilege 15: at the >
// prompt the caret points at their last word.
var privileged = [][]string{{"show", "running-config"}}

// command runs a show or ping line, with an optional output filter, and
// returns its output (ok) or the error text IOS prints in its place.
func (c *cli) command(line string) (string, bool, error) {
	base, pipe, pipeCol, piped := splitPipe(line)
	words := strings.Fields(base)
	if len(words) == 0 {
		return c.caret(line, pipeCol-1), false, nil
	}
	if !c.priv15 {
		for _, p := range privileged {
			if len(words) >= len(p) {
				if _, ok := match(words[:len(p)], p); ok {
					return c.caret(line, wordColumn(line, len(p)-1)), false, nil
				}
			}
		}
	}
	faults := c.srv.opts.Faults
	if faults.OldRelease {
		if i := oldReleaseRejected(words); i >= 0 {
			return c.caret(line, wordColumn(line, i)), false, nil
		}
	}
	var f *filter
	if piped {
		var msg string
		if f, msg = c.parseFilter(line, pipe, pipeCol); msg != "" {
			return msg, false, nil
		}
	}
	if err := c.wait(faults.SlowPerCommand); err != nil {
		return "", false, err
	}
	at := c.srv.now()
	out, err := c.srv.site.Render(c.srv.cpe, base, at)
	if err != nil {
		return c.syntaxError(line, words, commandTemplates()), false, nil
	}
	if c.srv.opts.PingWait {
		if err := c.wait(pingWait(base, out)); err != nil {
			return "", false, err
		}
	}
	if _, ok := match(words, []string{"show", "version"}); ok && faults.OldRelease {
		out = oldVersion(out)
	}
	if f != nil {
		out = f.apply(out)
	}
	if c.timestamp && keyword(words[0], "show", 2) {
		out = timestampLines(at) + out
	}
	return out, true, nil
}

// timestampLines are what "terminal exec prompt timestamp" makes IOS
// print before each show command's output.
func timestampLines(at time.Time) string {
	load := 1 + int(at.Unix()%3)
	return fmt.Sprintf("Load for five secs: %d%%/0%%; one minute: 2%%; five minutes: 1%%\nTime source is NTP, %s\n\n",
		load, clock(at))
}

// caret is IOS's syntax error: a caret under column col of the typed
// line (after the prompt), the message and a blank line.
func (c *cli) caret(line string, col int) string {
	col = max(0, min(col, len(line)))
	return strings.Repeat(" ", len(c.prompt())+col) + "^\r\n" + InvalidInputText + "\r\n\r\n"
}

// syntaxError finds where IOS's parser would stop on words, given the
// command templates it knows: under the first word no template accepts,
// under the last word when a complete template rejected its value, or
// "% Incomplete command." when every word fits but more are needed.
func (c *cli) syntaxError(line string, words []string, templates [][]string) string {
	best, complete := 0, false
	for _, t := range templates {
		n := matchedWords(words, t)
		if n > best {
			best, complete = n, false
		}
		// A "*" template takes any arguments: all of them fitting means
		// the renderer rejected a value.
		if n == best && (n == len(t) || t[len(t)-1] == "*" && n >= len(t)) {
			complete = true
		}
	}
	switch {
	case best < len(words):
		return c.caret(line, wordColumn(line, best))
	case complete:
		return c.caret(line, wordColumn(line, len(words)-1))
	default:
		return "% Incomplete command.\r\n\r\n"
	}
}

// matchedWords counts the leading words that fit template t.
func matchedWords(words, t []string) int {
	n := 0
	for n < len(words) && n < len(t) {
		if t[n] == "*" {
			return len(words)
		}
		if _, ok := match(words[n:n+1], t[n:n+1]); !ok {
			break
		}
		n++
	}
	return n
}

// commandTemplates are Site.Render's commands plus ping (whose arguments
// the renderer checks itself: "*" accepts the rest).
func commandTemplates() [][]string {
	out := make([][]string, 0, len(routes)+1)
	for _, r := range routes {
		out = append(out, r.words)
	}
	return append(out, []string{"ping", "*"})
}

// wordColumn is the byte offset of the i-th blank-separated word of line
// (the end of the line when there are fewer words).
func wordColumn(line string, i int) int {
	n, in := -1, false
	for col, r := range line {
		blank := r == ' ' || r == '\t'
		if !blank && !in {
			n++
			if n == i {
				return col
			}
		}
		in = !blank
	}
	return len(line)
}

// splitPipe splits "show x | include y" at the first '|': the command,
// the filter text and the filter text's column in line.
func splitPipe(line string) (base, pipe string, col int, ok bool) {
	i := strings.IndexByte(line, '|')
	if i < 0 {
		return line, "", 0, false
	}
	return line[:i], line[i+1:], i + 1, true
}

// filter is an output modifier: "| include RE" and its kin.
type filter struct {
	kind string
	re   *regexp.Regexp
}

var filterKinds = []string{"include", "exclude", "begin", "section", "count"}

// parseFilter reads the text after '|' (starting at column col of line);
// on error it returns IOS's message instead.
func (c *cli) parseFilter(line, pipe string, col int) (*filter, string) {
	words := strings.Fields(pipe)
	if len(words) == 0 {
		return nil, "% Incomplete command.\r\n\r\n"
	}
	kind := ""
	for _, k := range filterKinds {
		if keyword(words[0], k, 1) {
			kind = k
			break
		}
	}
	kwCol := col + wordColumn(pipe, 0)
	if kind == "" {
		return nil, c.caret(line, kwCol)
	}
	expr := strings.TrimLeft(pipe[wordColumn(pipe, 0)+len(words[0]):], " \t")
	if expr == "" {
		return nil, "% Incomplete command.\r\n\r\n"
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, c.caret(line, col+wordColumn(pipe, 1))
	}
	return &filter{kind: kind, re: re}, ""
}

// apply filters output line by line. "section" keeps every top-level
// line with its indented children when any of them matches.
func (f *filter) apply(out string) string {
	lines := strings.SplitAfter(out, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	matches := func(l string) bool { return f.re.MatchString(strings.TrimRight(l, "\n")) }
	switch f.kind {
	case "include", "exclude":
		for _, l := range lines {
			if matches(l) == (f.kind == "include") {
				b.WriteString(l)
			}
		}
	case "begin":
		for i, l := range lines {
			if matches(l) {
				return strings.Join(lines[i:], "")
			}
		}
	case "count":
		n := 0
		for _, l := range lines {
			if matches(l) {
				n++
			}
		}
		fmt.Fprintf(&b, "Number of lines which match regexp = %d\n", n)
	case "section":
		for i := 0; i < len(lines); {
			j := i + 1
			for j < len(lines) && strings.HasPrefix(lines[j], " ") {
				j++
			}
			for _, l := range lines[i:j] {
				if matches(l) {
					b.WriteString(strings.Join(lines[i:j], ""))
					break
				}
			}
			i = j
		}
	}
	return b.String()
}
