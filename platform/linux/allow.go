package linux

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// allowed accepts only exact argv shapes that read: swanctl's list
// commands, ip's link, address and route-get views, vtysh -c with one
// show command, a bounded ping, and journalctl without a pager or follow.
// The line is split as a shell would and refused when it holds anything a
// shell would interpret (splitArgv). A refusal wraps platform.ErrNotAllowed.
func allowed(cmd string) error {
	refuse := func(why string) error {
		return fmt.Errorf("%w: %q: %s", platform.ErrNotAllowed, cmd, why)
	}
	argv, err := splitArgv(cmd)
	if err != nil {
		return refuse(err.Error())
	}
	if len(argv) == 0 {
		return refuse("empty command")
	}
	var why string
	switch argv[0] {
	case "swanctl":
		why = allowSwanctl(argv[1:])
	case "ip":
		why = allowIP(argv[1:])
	case "vtysh":
		why = allowVtysh(argv[1:])
	case "ping":
		why = allowPing(argv[1:])
	case "journalctl":
		why = allowJournal(argv[1:])
	case "sudo", "su", "doas":
		why = "vcdiag does not raise privileges: give the user the groups it needs (docs/platforms/linux.md)"
	case "cat", "less", "more", "head", "tail", "grep", "awk", "sed":
		why = "vcdiag reads no files on a Linux CPE: its configuration files hold secrets"
	default:
		why = fmt.Sprintf("%q is not a command vcdiag runs on Linux (swanctl, ip, vtysh, ping, journalctl)", argv[0])
	}
	if why != "" {
		return refuse(why)
	}
	return nil
}

// allowSwanctl: --list-sas (-l) with --ike NAME, --raw, --pretty or
// --noblock; --list-conns (-L) with --raw or --pretty; --version.
func allowSwanctl(args []string) string {
	if len(args) == 0 {
		return "a bare swanctl prints help; name the list"
	}
	switch args[0] {
	case "--list-sas", "-l":
		for i := 1; i < len(args); i++ {
			switch args[i] {
			case "--raw", "-r", "--pretty", "-P", "--noblock", "-n":
			case "--ike", "-i":
				if i+1 >= len(args) {
					return "--ike needs a connection name"
				}
				i++
			default:
				return fmt.Sprintf("%q is not a --list-sas option vcdiag uses", args[i])
			}
		}
		return ""
	case "--list-conns", "-L":
		for _, a := range args[1:] {
			if a != "--raw" && a != "-r" && a != "--pretty" && a != "-P" {
				return fmt.Sprintf("%q is not a --list-conns option vcdiag uses", a)
			}
		}
		return ""
	case "--version":
		if len(args) > 1 {
			return "--version takes no arguments"
		}
		return ""
	}
	return fmt.Sprintf("swanctl %s is not a list command (only --list-sas, --list-conns, --version)", args[0])
}

// ipOptions are the global options of ip that only change how it prints.
var ipOptions = []string{"-d", "-details", "-s", "-stats", "-statistics", "-j", "-json", "-p", "-pretty", "-4", "-o", "-oneline", "-h", "-human"}

// allowIP: ip [options] link|address show [dev NAME | NAME], ip [options]
// route get ADDRESS. Never xfrm: "ip xfrm state" prints keys.
func allowIP(args []string) string {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		if !slices.Contains(ipOptions, args[i]) {
			return fmt.Sprintf("ip option %q is not one vcdiag uses", args[i])
		}
		i++
	}
	if i == len(args) {
		return "ip needs an object (link, address, route get)"
	}
	obj, rest := args[i], args[i+1:]
	switch {
	case isPrefixOf(obj, "link", 1):
		return allowShowDev(rest, "link")
	case isPrefixOf(obj, "address", 1) || obj == "addr":
		return allowShowDev(rest, "address")
	case isPrefixOf(obj, "route", 1):
		if len(rest) == 2 && rest[0] == "get" {
			if _, err := netip.ParseAddr(rest[1]); err == nil {
				return ""
			}
			return fmt.Sprintf("ip route get needs an address, not %q", rest[1])
		}
		return "only \"ip route get ADDRESS\" is allowed"
	case isPrefixOf(obj, "xfrm", 1):
		return "ip xfrm prints the SAs' keys: vcdiag reads SAs with swanctl --list-sas"
	}
	return fmt.Sprintf("ip %s is not an object vcdiag reads", obj)
}

// allowShowDev: [show|list|ls] [dev NAME | NAME].
func allowShowDev(rest []string, obj string) string {
	if len(rest) > 0 && (rest[0] == "show" || rest[0] == "list" || rest[0] == "ls" || rest[0] == "lst") {
		rest = rest[1:]
	}
	switch {
	case len(rest) == 0:
		return ""
	case len(rest) == 2 && rest[0] == "dev" && validIfName(rest[1]):
		return ""
	case len(rest) == 1 && validIfName(rest[0]) && rest[0] != "dev":
		return ""
	}
	return fmt.Sprintf("only \"ip %s show [dev NAME]\" is allowed", obj)
}

// validIfName reports a Linux interface name (IFNAMSIZ is 16 with the NUL).
func validIfName(s string) bool {
	if s == "" || len(s) > 15 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '/' || c == ':' || c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// allowVtysh: vtysh [-N NAMESPACE] -c 'show ...'. One show command, no
// configuration, no second -c.
func allowVtysh(args []string) string {
	if len(args) >= 2 && args[0] == "-N" {
		if !validIfName(args[1]) {
			return "-N needs a namespace name"
		}
		args = args[2:]
	}
	if len(args) != 2 || args[0] != "-c" {
		return "only \"vtysh -c 'show ...'\" with one show command is allowed"
	}
	words := strings.Fields(strings.ToLower(args[1]))
	if len(words) == 0 || !isPrefixOf(words[0], "show", 2) {
		return fmt.Sprintf("vtysh %q is not a show command", args[1])
	}
	return ""
}

// pingLimits bound the pings vcdiag sends: a count is required, so no ping
// runs forever, and none floods.
const (
	maxPingCount = 100
	maxPingWait  = 30
	maxDeadline  = 120
)

// allowPing: ping -c N [-W S] [-w S] [-i S>=0.2] [-I IFACE|ADDR] [-M do|dont|want]
// [-s SIZE] [-t TTL] [-n] [-q] [-4] ADDRESS.
func allowPing(args []string) string {
	if len(args) == 0 {
		return "ping needs a target"
	}
	target := args[len(args)-1]
	if _, err := netip.ParseAddr(target); err != nil {
		return fmt.Sprintf("ping's last word must be an IP address, not %q", target)
	}
	counted := false
	opts := args[:len(args)-1]
	for i := 0; i < len(opts); i++ {
		o := opts[i]
		if o == "-n" || o == "-q" || o == "-4" {
			continue
		}
		if len(o) < 2 || o[0] != '-' {
			return fmt.Sprintf("ping argument %q is not an option vcdiag uses", o)
		}
		flag, val := o[:2], o[2:]
		if !strings.Contains("cWwiIMst", flag[1:]) {
			return fmt.Sprintf("ping option %s is not one vcdiag uses (no flood, broadcast or pattern)", flag)
		}
		if val == "" {
			if i+1 >= len(opts) {
				return fmt.Sprintf("ping %s needs a value", flag)
			}
			i++
			val = opts[i]
		}
		switch flag {
		case "-c":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 || n > maxPingCount {
				return fmt.Sprintf("ping -c must be 1 to %d", maxPingCount)
			}
			counted = true
		case "-W":
			if n, err := strconv.ParseFloat(val, 64); err != nil || n <= 0 || n > maxPingWait {
				return fmt.Sprintf("ping -W must be a positive number of seconds up to %d", maxPingWait)
			}
		case "-w":
			if n, err := strconv.Atoi(val); err != nil || n < 1 || n > maxDeadline {
				return fmt.Sprintf("ping -w must be 1 to %d seconds", maxDeadline)
			}
		case "-i":
			if n, err := strconv.ParseFloat(val, 64); err != nil || n < 0.2 || n > 10 {
				return "ping -i must be 0.2 to 10 seconds (below 0.2 s is a flood)"
			}
		case "-I":
			if _, err := netip.ParseAddr(val); err != nil && !validIfName(val) {
				return fmt.Sprintf("ping -I needs an interface or an address, not %q", val)
			}
		case "-M":
			if val != "do" && val != "dont" && val != "want" {
				return "ping -M must be do, dont or want"
			}
		case "-s":
			if n, err := strconv.Atoi(val); err != nil || n < 0 || n > 65507 {
				return "ping -s must be 0 to 65507"
			}
		case "-t":
			if n, err := strconv.Atoi(val); err != nil || n < 1 || n > 255 {
				return "ping -t must be 1 to 255"
			}
		default:
			return fmt.Sprintf("ping option %s is not one vcdiag uses (no flood, broadcast or pattern)", flag)
		}
	}
	if !counted {
		return "ping needs -c: without a count it never ends"
	}
	return ""
}

// journalOutputs are the output formats journalctl may print in.
var journalOutputs = []string{"short", "short-iso", "short-precise", "short-iso-precise", "short-full", "cat"}

// allowJournal: journalctl --no-pager with -n, -o, -t, -u, --since, -b,
// -q, --utc. Never -f (it never ends) or anything that changes the journal.
func allowJournal(args []string) string {
	if !slices.Contains(args, "--no-pager") {
		return "journalctl needs --no-pager: a pager waits for keys"
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		switch name {
		case "--no-pager", "-b", "--boot", "-q", "--quiet", "--utc", "--no-hostname":
			if hasVal {
				return fmt.Sprintf("journalctl %s takes no value here", name)
			}
			continue
		case "-n", "--lines", "-o", "--output", "-t", "--identifier", "-u", "--unit", "--since", "-S":
		default:
			return fmt.Sprintf("journalctl option %q is not one vcdiag uses (never --follow, --vacuum, --rotate or --flush)", a)
		}
		if !hasVal {
			if i+1 >= len(args) {
				return fmt.Sprintf("journalctl %s needs a value", name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "-n", "--lines":
			if n, err := strconv.Atoi(val); err != nil || n < 1 || n > 100000 {
				return "journalctl -n must be 1 to 100000"
			}
		case "-o", "--output":
			if !slices.Contains(journalOutputs, val) {
				return fmt.Sprintf("journalctl -o %s is not a text format vcdiag reads", val)
			}
		}
	}
	return ""
}

// isPrefixOf reports whether word is an abbreviation of full at least min
// characters long (ip and vtysh accept unique prefixes).
func isPrefixOf(word, full string, min int) bool {
	return len(word) >= min && len(word) <= len(full) && strings.HasPrefix(full, word)
}
