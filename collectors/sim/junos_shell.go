package sim

import (
	"errors"
	"strings"
	"time"
)

// junosLine runs one line at the Junos operational-mode prompt: exit and
// quit end the session, "set cli ..." changes the session's terminal, and
// everything else is rendered. A command the CLI does not know gets
// Junos's caret under the first word it could not match and its error
// line ("unknown command." for the first word, "syntax error, expecting
// <command>." after it).
func (c *cli) junosLine(line string) error {
	words := strings.Fields(line)
	if len(words) == 0 {
		return nil
	}
	switch words[0] {
	case "exit", "quit", "logout":
		_ = c.flush()
		return errSessionEnd
	case "set":
		c.writeOutput(junosSetCLI(words))
		return nil
	}
	if err := c.wait(c.srv.opts.Faults.SlowPerCommand); err != nil {
		return err
	}
	out, err := c.srv.site.Render(c.srv.cpe, line, c.srv.now())
	if errors.Is(err, ErrInvalidInput) {
		c.writeOutput(junosSyntaxError(c.prompt(), line))
		return nil
	}
	if err != nil {
		return err
	}
	if c.srv.opts.PingWait && words[0] == "ping" && strings.Contains(out, " 0 packets received") {
		if err := c.wait(junosPingWait(out)); err != nil {
			return err
		}
	}
	c.writeOutput(out)
	return nil
}

// junosSetCLI answers the session settings vcdiag sends (set cli
// screen-length 0, set cli screen-width 0) as Junos does.
func junosSetCLI(words []string) string {
	if len(words) == 4 && words[1] == "cli" {
		switch words[2] {
		case "screen-length":
			return "Screen length set to " + words[3] + "\n"
		case "screen-width":
			return "Screen width set to " + words[3] + "\n"
		}
	}
	if len(words) >= 2 && words[1] == "cli" {
		return "syntax error.\n"
	}
	// Operational mode has no configuration "set".
	return "unknown command.\n"
}

// junosSyntaxError is the caret line and message of a rejected command:
// the caret sits under the word the CLI gave up at, counted from the
// start of the prompt line.
func junosSyntaxError(prompt, line string) string {
	col, first := junosBadWord(line)
	msg := "syntax error, expecting <command>."
	if first {
		msg = "unknown command."
	}
	return strings.Repeat(" ", len(prompt)+col) + "^\n" + msg + "\n"
}

// junosBadWord is the column of the first word of line the simulated CLI
// does not know, and whether that is the first word.
func junosBadWord(line string) (int, bool) {
	known := map[string]bool{"show": true, "ping": true, "set": true, "exit": true, "quit": true}
	col := strings.IndexFunc(line, func(r rune) bool { return r != ' ' })
	w := strings.Fields(line)
	if len(w) == 0 || !known[w[0]] {
		return max(col, 0), true
	}
	// The second word is the one a show command most often gets wrong.
	if len(w) > 1 {
		return strings.Index(line, w[1]), false
	}
	return len(line), false
}

// junosPingWait is how long a Junos ping that got nothing back takes: one
// second per echo sent.
func junosPingWait(out string) time.Duration {
	n := 0
	for _, l := range strings.Split(out, "\n") {
		if i := strings.Index(l, " packets transmitted"); i > 0 {
			for _, ch := range l[:i] {
				if ch >= '0' && ch <= '9' {
					n = n*10 + int(ch-'0')
				}
			}
		}
	}
	return time.Duration(n) * time.Second
}
