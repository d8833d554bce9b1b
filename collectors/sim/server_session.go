package sim

import (
	"strings"

	"golang.org/x/crypto/ssh"
)

// serveSession answers one session channel's requests: pty-req and env
// are accepted (IOS ignores the terminal size: the pager uses "terminal
// length"), shell starts the CLI, exec runs one command. Everything runs
// until the channel or the connection closes.
func (s *Server) serveSession(sc *ssh.ServerConn, ch ssh.Channel, reqs <-chan *ssh.Request, done <-chan struct{}) {
	started := false
	for req := range reqs {
		switch req.Type {
		case "pty-req", "env":
			_ = req.Reply(true, nil)
		case "shell", "exec":
			var cmd struct{ Command string }
			if started || req.Type == "exec" && ssh.Unmarshal(req.Payload, &cmd) != nil {
				_ = req.Reply(false, nil)
				continue
			}
			started = true
			_ = req.Reply(true, nil)
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				c := newCLI(s, sc.User(), ch, done, func() { sc.Close() })
				if req.Type == "shell" {
					_ = c.run()
				} else {
					s.exec(c, cmd.Command)
				}
				// A vty session ends the connection, as on the router.
				_, _ = ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{0}))
				_ = ch.Close()
				_ = sc.Close()
			}()
		default:
			if req.WantReply {
				_ = req.Reply(false, nil)
			}
		}
	}
}

// exec runs one command of an SSH exec request at the login privilege
// (the same as the shell's first prompt), without the pager.
func (s *Server) exec(c *cli, line string) {
	c.length = 0
	if strings.TrimSpace(line) == "" {
		return
	}
	if err := c.received(line); err != nil {
		return
	}
	if err := c.handle(line); err != nil {
		return
	}
	_ = c.flush()
}
