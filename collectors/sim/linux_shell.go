package sim

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// linuxServerVersion is what Debian 12's OpenSSH announces.
const linuxServerVersion = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2"

// shellLine runs one line at the bash prompt.
func (c *cli) shellLine(line string) error {
	words, _ := shellWords(line)
	if len(words) == 0 {
		return nil
	}
	switch words[0] {
	case "exit", "logout":
		_ = c.flush()
		return errSessionEnd
	}
	if err := c.wait(c.srv.opts.Faults.SlowPerCommand); err != nil {
		return err
	}
	out, err := c.srv.site.Render(c.srv.cpe, line, c.srv.now())
	if errors.Is(err, ErrInvalidInput) {
		c.writeOutput("bash: " + words[0] + ": command not found\n")
		return nil
	}
	if err != nil {
		return err
	}
	if c.srv.opts.PingWait && words[0] == "ping" && strings.Contains(out, " 0 received") {
		if err := c.wait(pingWaitLinux(out)); err != nil {
			return err
		}
	}
	c.writeOutput(out)
	return nil
}

// pingWaitLinux is how long a ping that got nothing back takes: one
// second per echo sent.
func pingWaitLinux(out string) time.Duration {
	var sent int
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, " packets transmitted") {
			fmt.Sscanf(l, "%d", &sent)
		}
	}
	return time.Duration(sent) * time.Second
}
