package sim

import (
	"net/netip"
	"strconv"
	"strings"
)

// junosDispatch renders one Junos operational command as vcdiag's Junos
// plan sends it: show version, show configuration | display set, the IKE
// and IPsec SAs, show interfaces, show bgp, show route, show log and
// ping. Output pipes vcdiag uses (| display set, | last N, | no-more) are
// applied; a command the CLI does not have is ErrInvalidInput (the shell
// layer prints Junos's caret and error line).
func (r *renderer) junosDispatch(line string) (string, error) {
	cmd, pipes := splitPipes(line)
	w := strings.Fields(cmd)
	if len(w) == 0 {
		return "", ErrInvalidInput
	}
	if w[0] == "ping" {
		return r.junosPing(w[1:]), nil
	}
	if w[0] != "show" || len(w) < 2 {
		return "", ErrInvalidInput
	}
	out, err := r.junosShow(w[1:], pipes)
	if err != nil {
		return "", err
	}
	for _, p := range pipes {
		f := strings.Fields(p)
		switch {
		case len(f) == 2 && f[0] == "last":
			n, err := strconv.Atoi(f[1])
			if err != nil || n < 1 {
				return "", ErrInvalidInput
			}
			out = lastLines(out, n)
		case len(f) == 1 && f[0] == "no-more", len(f) == 2 && f[0] == "display" && f[1] == "set":
		default:
			return "", ErrInvalidInput
		}
	}
	return out, nil
}

// splitPipes splits "show configuration | display set" into the command
// and its pipes.
func splitPipes(line string) (string, []string) {
	parts := strings.Split(line, "|")
	var pipes []string
	for _, p := range parts[1:] {
		pipes = append(pipes, strings.TrimSpace(p))
	}
	return strings.TrimSpace(parts[0]), pipes
}

// lastLines keeps the last n lines of out.
func lastLines(out string, n int) string {
	ls := strings.SplitAfter(out, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "")
}

func hasPipe(pipes []string, p string) bool {
	for _, x := range pipes {
		if strings.Join(strings.Fields(x), " ") == p {
			return true
		}
	}
	return false
}

// junosShow renders show WORDS.
func (r *renderer) junosShow(w []string, pipes []string) (string, error) {
	switch {
	case len(w) == 1 && w[0] == "version":
		return r.junosVersion(), nil
	case len(w) == 1 && w[0] == "configuration":
		if !hasPipe(pipes, "display set") {
			// vcdiag reads the set form only; the curly-brace form is not
			// simulated.
			return "", ErrInvalidInput
		}
		return r.junosConfig(), nil
	case w[0] == "security":
		return r.junosSecurity(w[1:])
	case w[0] == "interfaces":
		return r.junosInterfaces(w[1:])
	case w[0] == "bgp":
		return r.junosBGP(w[1:])
	case w[0] == "route":
		return r.junosRoute(w[1:])
	case len(w) == 2 && w[0] == "log" && w[1] == "messages":
		return r.junosLog(), nil
	}
	return "", ErrInvalidInput
}

// junosSecurity renders show security ike|ipsec security-associations
// [detail] and show security ipsec statistics [index N].
func (r *renderer) junosSecurity(w []string) (string, error) {
	switch {
	case len(w) >= 2 && w[1] == "security-associations" && (len(w) == 2 || len(w) == 3 && w[2] == "detail"):
		detail := len(w) == 3
		switch w[0] {
		case "ike":
			return r.junosIKE(detail), nil
		case "ipsec":
			return r.junosIPsec(detail), nil
		}
	case len(w) == 2 && w[0] == "ipsec" && w[1] == "statistics":
		return r.junosIPsecStats(nil), nil
	case len(w) == 4 && w[0] == "ipsec" && w[1] == "statistics" && w[2] == "index":
		for _, t := range r.cpe.Tunnels {
			if strconv.Itoa(junosIndex(t)) == w[3] && t.state().ipsecSA {
				return r.junosIPsecStats(t), nil
			}
		}
		return "error: No SA found for the index specified\n", nil
	}
	return "", ErrInvalidInput
}

// junosBGP renders show bgp summary and show bgp neighbor [X].
func (r *renderer) junosBGP(w []string) (string, error) {
	switch {
	case len(w) == 1 && w[0] == "summary":
		return r.junosBGPSummary(), nil
	case len(w) == 1 && w[0] == "neighbor":
		return r.junosBGPNeighbors(netip.Addr{}), nil
	case len(w) == 2 && w[0] == "neighbor":
		a, err := netip.ParseAddr(w[1])
		if err != nil {
			return "", ErrInvalidInput
		}
		return r.junosBGPNeighbors(a), nil
	}
	return "", ErrInvalidInput
}

// junosRoute renders show route X and show route
// receive-protocol|advertising-protocol bgp X [hidden].
func (r *renderer) junosRoute(w []string) (string, error) {
	switch {
	case len(w) == 1:
		a, err := netip.ParseAddr(w[0])
		if err != nil {
			p, perr := netip.ParsePrefix(w[0])
			if perr != nil {
				return "", ErrInvalidInput
			}
			return r.junosRouteLookup(p, true), nil
		}
		return r.junosRouteLookup(netip.PrefixFrom(a, 32), false), nil
	case len(w) >= 3 && (w[0] == "receive-protocol" || w[0] == "advertising-protocol") && w[1] == "bgp":
		a, err := netip.ParseAddr(w[2])
		if err != nil {
			return "", ErrInvalidInput
		}
		hidden := len(w) == 4 && w[3] == "hidden"
		if len(w) > 4 || len(w) == 4 && !hidden {
			return "", ErrInvalidInput
		}
		if w[0] == "receive-protocol" {
			return r.junosReceived(a, hidden), nil
		}
		if hidden {
			return "", ErrInvalidInput
		}
		return r.junosAdvertised(a), nil
	}
	return "", ErrInvalidInput
}
