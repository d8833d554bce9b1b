package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// FortiOS's refusals: an unknown verb or object, and a known command with
// an argument it cannot read. Each is followed by the return code line,
// as the CLI prints them.
const (
	fortiosUnknownAction = "Unknown action 0\nCommand fail. Return code -1\n"
	fortiosParseError    = "command parse error before '%s'\nCommand fail. Return code -61\n"
)

// fortiosPager is the FortiOS pager prompt (console output "more", the
// default) and what erases it once a key is pressed.
const (
	fortiosMore      = "--More-- "
	fortiosMoreErase = "\r          \r"
)

// pingOptions are the session's execute ping-options: they last until the
// session ends or the next ping-options changes them.
type pingOptions struct {
	source   netip.Addr // zero: the outgoing interface's address
	df       bool
	dataSize int
	repeat   int
}

func defaultPingOptions() pingOptions { return pingOptions{dataSize: 56, repeat: 5} }

// fortiosSession is the session's ping-options.
func (c *cli) fortiosSession() *pingOptions {
	if o, ok := c.session.(*pingOptions); ok {
		return o
	}
	o := defaultPingOptions()
	c.session = &o
	return &o
}

// fortiosLine runs one line at the FortiOS prompt: exit ends the session,
// ping-options change the session's options, everything else is rendered
// and paged.
func (c *cli) fortiosLine(line string) error {
	words := strings.Fields(line)
	switch strings.ToLower(words[0]) {
	case "exit", "quit":
		_ = c.flush()
		return errSessionEnd
	}
	if err := c.wait(c.srv.opts.Faults.SlowPerCommand); err != nil {
		return err
	}
	opts := c.fortiosSession()
	if isPingOptions(words) {
		c.writeOutput(opts.set(words[2:]))
		return nil
	}
	r := &renderer{site: c.srv.site, cpe: c.srv.site.CPE(c.srv.cpe), at: c.srv.now()}
	if r.cpe == nil {
		return fmt.Errorf("fortios session on %s: %w", c.srv.cpe, ErrUnknownCPE)
	}
	r.el = r.site.elapsed(r.at)
	var out string
	if isPing(words) {
		out = r.fortiosPing(words[2:], *opts)
		if c.srv.opts.PingWait && strings.Contains(out, " 0 packets received") {
			if err := c.wait(time.Duration(opts.repeat) * time.Second); err != nil {
				return err
			}
		}
	} else {
		var err error
		out, err = r.fortiosDispatch(line)
		if errors.Is(err, ErrInvalidInput) {
			out = fortiosUnknownAction
		} else if err != nil {
			return err
		}
	}
	return c.fortiosPage(out)
}

// fortiosPage writes output through the FortiOS pager: a page is the
// session's length less one line; a space shows the next page, q (or any
// other key) stops, as the console's "more" does.
func (c *cli) fortiosPage(text string) error {
	length := c.length
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if length <= 1 {
		c.writeOutput(text)
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	shown := 0
	for _, l := range lines {
		if shown >= length-1 {
			c.write(fortiosMore)
			k, err := c.readKey()
			if err != nil {
				return err
			}
			c.write(fortiosMoreErase)
			switch k {
			case ' ':
				shown = 0
			case '\r', '\n':
				shown = length - 2
			default:
				return nil
			}
		}
		c.writeOutput(l)
		shown++
	}
	return nil
}

// isPingOptions reports whether words are "execute ping-options ...",
// keywords abbreviated as FortiOS allows.
func isPingOptions(words []string) bool {
	return len(words) >= 2 && keyword(words[0], "execute", 4) && strings.EqualFold(words[1], "ping-options")
}

// isPing reports whether words are "execute ping ...".
func isPing(words []string) bool {
	return len(words) >= 2 && keyword(words[0], "execute", 4) && strings.EqualFold(words[1], "ping")
}

// set applies "execute ping-options OPTION VALUE" and returns what FortiOS
// prints: nothing when it took the option.
func (o *pingOptions) set(args []string) string {
	if len(args) == 0 {
		return fortiosUnknownAction
	}
	opt := strings.ToLower(args[0])
	if len(args) != 2 {
		if opt == "reset" && len(args) == 1 {
			*o = defaultPingOptions()
			return ""
		}
		return fmt.Sprintf(fortiosParseError, strings.Join(args, " "))
	}
	v := args[1]
	bad := fmt.Sprintf(fortiosParseError, v)
	switch opt {
	case "source":
		if v == "auto" {
			o.source = netip.Addr{}
			return ""
		}
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is4() {
			return bad
		}
		o.source = a
	case "df-bit":
		switch v {
		case "yes":
			o.df = true
		case "no":
			o.df = false
		default:
			return bad
		}
	case "data-size":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 65507 {
			return bad
		}
		o.dataSize = n
	case "repeat-count":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return bad
		}
		o.repeat = n
	case "timeout", "interval", "ttl", "tos", "pattern", "validate-reply", "view-settings", "adaptive-ping", "interface":
		// Accepted; the simulator's echoes do not depend on them.
	default:
		return fortiosUnknownAction
	}
	return ""
}
