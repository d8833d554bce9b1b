package sim

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// errSessionEnd ends a CLI session: the user typed exit, or a fault
// dropped it.
var errSessionEnd = errors.New("session ended")

// IOS's pager prompt and the sequence that erases it again (backspaces,
// blanks, backspaces) once a key is pressed.
const (
	morePrompt        = " --More-- "
	defaultTermLength = 24
	defaultTermWidth  = 80
	maxTermValue      = 512
	enableTries       = 3
)

var moreErase = strings.Repeat("\b", len(morePrompt)) + strings.Repeat(" ", len(morePrompt)) + strings.Repeat("\b", len(morePrompt))

// cli is one interactive vty session on the simulated router: a line
// editor with echo, the > and # prompts, enable, terminal settings and
// the --More-- pager, around Site.Render. It runs in one goroutine and
// reads its input synchronously, as the router's exec process does, so a
// --More-- simply waits for the next key.
type cli struct {
	srv  *Server
	user string
	in   io.Reader
	w    io.Writer
	// done is closed when the connection ends; a slow-device wait gives
	// up then.
	done <-chan struct{}
	// drop closes the connection (disconnect-midway).
	drop func()

	rbuf    [1024]byte
	pending []byte       // received, not yet consumed
	out     bytes.Buffer // written, not yet flushed
	skipLF  bool         // the last line ended in \r: ignore a following \n
	esc     int          // position inside an ANSI escape sequence

	priv15    bool
	length    int
	width     int
	timestamp bool
	lines     int // non-blank lines received (disconnect-midway)
	// session is the dialect's own per-session state (FortiOS's
	// execute ping-options), nil until the dialect sets it.
	session any
}

func newCLI(srv *Server, user string, rw io.ReadWriter, done <-chan struct{}, drop func()) *cli {
	return &cli{srv: srv, user: user, in: rw, w: rw, done: done, drop: drop,
		length: defaultTermLength, width: defaultTermWidth}
}

func (c *cli) prompt() string {
	if d := c.dialect(); d != nil {
		return d.prompt(c)
	}
	if c.priv15 {
		return c.srv.cpe + "#"
	}
	return c.srv.cpe + ">"
}

func (c *cli) write(s string) { c.out.WriteString(s) }

// writeOutput writes command output with IOS's CRLF line ends.
func (c *cli) writeOutput(s string) {
	c.out.WriteString(strings.ReplaceAll(s, "\n", "\r\n"))
}

// flush sends what was written; it is called before every blocking read
// and wait, so echo and output reach the client in few packets.
func (c *cli) flush() error {
	if c.out.Len() == 0 {
		return nil
	}
	_, err := c.w.Write(c.out.Bytes())
	c.out.Reset()
	return err
}

// readByte returns the next input byte, flushing output first when it
// has to wait.
func (c *cli) readByte() (byte, error) {
	for len(c.pending) == 0 {
		if err := c.flush(); err != nil {
			return 0, err
		}
		n, err := c.in.Read(c.rbuf[:])
		if n > 0 {
			c.pending = c.rbuf[:n]
			break
		}
		if err != nil {
			return 0, err
		}
	}
	b := c.pending[0]
	c.pending = c.pending[1:]
	return b, nil
}

// readKey returns the next key for the pager: \n right after a \r is the
// same key press.
func (c *cli) readKey() (byte, error) {
	for {
		b, err := c.readByte()
		if err != nil {
			return 0, err
		}
		if b == '\n' && c.skipLF {
			c.skipLF = false
			continue
		}
		c.skipLF = b == '\r'
		return b, nil
	}
}

// readLine reads one line, echoing it when echo is set (not for the
// enable secret). \r, \n and \r\n all end a line; backspace and DEL
// erase, Ctrl-U kills the line, other control keys and ANSI escape
// sequences (arrow keys) are ignored.
func (c *cli) readLine(echo bool) (string, error) {
	var line []byte
	for {
		b, err := c.readKey()
		if err != nil {
			return "", err
		}
		if c.esc > 0 {
			c.skipEscape(b)
			continue
		}
		switch {
		case b == '\r' || b == '\n':
			c.write("\r\n")
			return string(line), nil
		case b == 0x1b:
			c.esc = 1
		case b == 0x08 || b == 0x7f:
			if len(line) > 0 {
				line = line[:len(line)-1]
				if echo {
					c.write("\b \b")
				}
			}
		case b == 0x15:
			if echo {
				c.write(strings.Repeat("\b \b", len(line)))
			}
			line = line[:0]
		case b >= 0x20 && b < 0x7f:
			line = append(line, b)
			if echo {
				c.out.WriteByte(b)
			}
		}
	}
}

// skipEscape consumes an escape sequence: ESC [ params final, or ESC X.
func (c *cli) skipEscape(b byte) {
	switch {
	case c.esc == 1 && (b == '[' || b == 'O'):
		c.esc = 2
	case c.esc == 2 && (b >= 0x30 && b <= 0x3f || b >= 0x20 && b <= 0x2f):
		// parameter or intermediate byte
	default:
		c.esc = 0
	}
}

// run is the session: the prompt, then one command per line until exit,
// a dropped connection or a read error.
func (c *cli) run() error {
	c.write("\r\n" + c.prompt())
	for {
		line, err := c.readLine(true)
		if err != nil {
			return err
		}
		if strings.TrimSpace(line) != "" {
			if err := c.received(line); err != nil {
				return err
			}
			if err := c.handle(line); err != nil {
				return err
			}
		}
		c.write(c.prompt())
	}
}

// received logs a line and applies disconnect-midway.
func (c *cli) received(line string) error {
	c.srv.log.add(LoggedCommand{At: c.srv.opts.Clock(), User: c.user, Command: line})
	c.lines++
	if n := c.srv.opts.Faults.DisconnectAfter; n > 0 && c.lines > n {
		_ = c.flush()
		c.drop()
		return errSessionEnd
	}
	return nil
}

// handle runs one non-blank line, after the server's per-command
// latency.
func (c *cli) handle(line string) error {
	if err := c.wait(c.srv.opts.Latency.draw()); err != nil {
		return err
	}
	if d := c.dialect(); d != nil {
		return d.handle(c, line)
	}
	words := strings.Fields(line)
	verb := strings.ToLower(words[0])
	switch {
	case keyword(verb, "exit", 2) || keyword(verb, "logout", 4) || verb == "quit":
		_ = c.flush()
		return errSessionEnd
	case keyword(verb, "enable", 2):
		if len(words) > 2 || len(words) == 2 && words[1] != "15" {
			c.write(c.caret(line, wordColumn(line, 1)))
			return nil
		}
		if !c.priv15 {
			return c.enable()
		}
		return nil
	case keyword(verb, "disable", 4):
		c.priv15 = false
		return nil
	case keyword(verb, "terminal", 3):
		c.terminal(line, words)
		return nil
	}
	out, ok, err := c.command(line)
	if err != nil {
		return err
	}
	if !ok {
		c.write(out)
		return nil
	}
	return c.page(out)
}

// enable asks for the enable secret, without echo, up to three times.
// The rendered configuration has "no aaa new-model", so failure reads
// "% Bad secrets" as on such a router ("% Access denied" is AAA's).
func (c *cli) enable() error {
	want := []byte(c.srv.opts.EnableSecret)
	for range enableTries {
		c.write("Password: ")
		pw, err := c.readLine(false)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(pw), want) == 1 {
			c.priv15 = true
			return nil
		}
	}
	c.write("% Bad secrets\r\n\r\n")
	return nil
}

// terminalCommands are the terminal settings the router accepts, as
// Site.Render's route templates ("N" a number).
var terminalCommands = [][]string{
	{"terminal", "length", "N"},
	{"terminal", "width", "N"},
	{"terminal", "monitor"},
	{"terminal", "no", "monitor"},
	{"terminal", "exec", "prompt", "timestamp"},
	{"terminal", "no", "exec", "prompt", "timestamp"},
}

func (c *cli) terminal(line string, words []string) {
	for i, tmpl := range terminalCommands {
		args, ok := match(words, tmpl)
		if !ok {
			continue
		}
		switch i {
		case 0, 1:
			n, _ := strconv.Atoi(args[0])
			if n < 0 || n > maxTermValue {
				c.write(c.caret(line, wordColumn(line, 2)))
				return
			}
			if i == 1 {
				c.width = n
			} else if !c.srv.opts.Faults.IgnoresTerminalLength {
				c.length = n
			}
		case 4:
			c.timestamp = true
		case 5:
			c.timestamp = false
		}
		return
	}
	c.write(c.syntaxError(line, words, terminalCommands))
}

// page writes output through the --More-- pager: length-1 lines a page;
// space shows the next page, return the next line, any other key stops.
func (c *cli) page(text string) error {
	length := c.length
	if c.srv.opts.Faults.IgnoresTerminalLength {
		length = pagerStuckLength
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if length == 0 {
		c.writeOutput(text)
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	perPage, shown := length-1, 0
	for _, l := range lines {
		if shown >= perPage {
			c.write(morePrompt)
			k, err := c.readKey()
			if err != nil {
				return err
			}
			c.write(moreErase)
			switch k {
			case ' ':
				shown = 0
			case '\r', '\n':
				shown = perPage - 1
			default:
				return nil
			}
		}
		c.writeOutput(l)
		shown++
	}
	return nil
}

// wait delays output by d, giving up when the connection ends or the
// server closes.
func (c *cli) wait(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if err := c.flush(); err != nil {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-c.done:
		return errSessionEnd
	case <-c.srv.ctx.Done():
		return errSessionEnd
	}
}

// keyword reports whether w abbreviates kw with at least min letters.
func keyword(w, kw string, min int) bool {
	return len(w) >= min && strings.HasPrefix(kw, strings.ToLower(w))
}
