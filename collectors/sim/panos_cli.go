package sim

import (
	"errors"
	"net/netip"
	"strings"
)

// panosLine runs one line at the PAN-OS operational prompt. exit and quit
// end the session; "set cli ..." terminal settings are accepted silently
// (the simulator does not page, so "set cli pager off" changes nothing).
// A first word PAN-OS does not know is "Unknown command: WORD"; a known
// one with arguments it does not take is "Invalid syntax." (the two
// refusals platform/panos's Session().Failed recognises).
func (c *cli) panosLine(line string) error {
	words := strings.Fields(line)
	switch words[0] {
	case "exit", "quit":
		_ = c.flush()
		return errSessionEnd
	case "set":
		if len(words) >= 3 && words[1] == "cli" {
			return nil
		}
		c.writeOutput("Invalid syntax.\n\n")
		return nil
	}
	if err := c.wait(c.srv.opts.Faults.SlowPerCommand); err != nil {
		return err
	}
	out, err := c.srv.site.Render(c.srv.cpe, line, c.srv.now())
	if errors.Is(err, ErrInvalidInput) {
		c.writeOutput(panosRefusal(words[0]))
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

// panosVerbs are the operational-mode verbs PAN-OS knows.
var panosVerbs = map[string]bool{"show": true, "ping": true, "set": true, "test": true, "request": true,
	"clear": true, "debug": true, "configure": true, "traceroute": true, "ssh": true, "less": true, "tail": true}

// panosRefusal is PAN-OS's answer to a line it cannot run.
func panosRefusal(verb string) string {
	if panosVerbs[verb] {
		return "Invalid syntax.\n\n"
	}
	return "Unknown command: " + verb + "\n"
}

// panosDispatch renders one PAN-OS operational command line, with the
// output filters "| match WORD" and "| except WORD" applied.
func (r *renderer) panosDispatch(line string) (string, error) {
	parts := strings.Split(line, "|")
	out, err := r.panosCommand(strings.Fields(parts[0]))
	if err != nil {
		return "", err
	}
	for _, f := range parts[1:] {
		fw := strings.Fields(f)
		if len(fw) != 2 || fw[0] != "match" && fw[0] != "except" {
			return "", ErrInvalidInput
		}
		out = filterLines(out, fw[1], fw[0] == "match")
	}
	return out, nil
}

// filterLines keeps the lines that contain word (or, with keep false,
// those that do not).
func filterLines(text, word string, keep bool) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(text, "\n") {
		if l != "" && strings.Contains(l, word) == keep {
			b.WriteString(l)
		}
	}
	return b.String()
}

// panosCommand renders the words of one command, without filters.
func (r *renderer) panosCommand(w []string) (string, error) {
	if len(w) == 0 {
		return "", ErrInvalidInput
	}
	if w[0] == "ping" {
		return r.panosPing(w[1:])
	}
	if w[0] != "show" || len(w) < 2 {
		return "", ErrInvalidInput
	}
	arg := func(n int, key string) (string, bool) {
		switch {
		case len(w) == n:
			return "", true
		case len(w) == n+2 && w[n] == key:
			return w[n+1], true
		}
		return "", false
	}
	switch strings.Join(w[1:min(len(w), 3)], " ") {
	case "vpn ike-sa":
		if g, ok := arg(3, "gateway"); ok {
			return r.panosIKESA(g), nil
		}
	case "vpn ipsec-sa":
		if t, ok := arg(3, "tunnel"); ok {
			return r.panosIPsecSA(t), nil
		}
	case "vpn flow":
		if id, ok := arg(3, "tunnel-id"); ok {
			if id == "" {
				return r.panosFlowTable(), nil
			}
			return r.panosFlowDetail(id), nil
		}
	case "vpn tunnel":
		if n, ok := arg(3, "name"); ok {
			return r.panosTunnelConfig(n), nil
		}
	case "routing route":
		if vr, ok := arg(3, "virtual-router"); ok && (vr == "" || vr == "default") {
			return r.panosRoutes(), nil
		}
	case "system info":
		if len(w) == 3 {
			return r.panosSystemInfo(), nil
		}
	}
	if len(w) == 5 && w[1] == "routing" && w[2] == "protocol" && w[3] == "bgp" {
		switch w[4] {
		case "peer":
			return r.panosBGPPeers(), nil
		case "loc-rib":
			return r.panosLocRIB(), nil
		case "rib-out":
			return r.panosRIBOut(), nil
		case "summary":
			return r.panosBGPSummary(), nil
		}
	}
	if len(w) == 3 && w[1] == "interface" {
		return r.panosInterface(w[2])
	}
	return "", ErrInvalidInput
}

// panosTunnelByIf finds a CPE's tunnel by its tunnel interface.
func (r *renderer) panosTunnelByIf(name string) *Tunnel {
	for _, t := range r.cpe.Tunnels {
		if t.Interface == name {
			return t
		}
	}
	return nil
}

// panosHasAddr reports an address configured on one of the CPE's
// interfaces (a ping source must be one).
func (r *renderer) panosHasAddr(a netip.Addr) bool {
	c := r.cpe
	if c.Public.Addr() == a || c.LAN.Addr() == a || c.Loopback1.IsValid() && c.Loopback1.Addr() == a {
		return true
	}
	for _, t := range c.Tunnels {
		if t.Config.TunnelIP.Addr() == a {
			return true
		}
	}
	return false
}
