package linux

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// The command families of a Linux CPE (platform.Command.Kind; what `vcdiag
// parse` shows).
const (
	KindSAs         = "swanctl-sas"        // swanctl --list-sas
	KindConns       = "swanctl-conns"      // swanctl --list-conns
	KindSwanVersion = "swanctl-version"    // swanctl --version
	KindLinks       = "ip-link"            // ip [-d] [-s] [-j] link show [dev X]
	KindPing        = "ping"               // ping -c N ... X
	KindBGPSummary  = "frr-bgp-summary"    // vtysh -c 'show bgp summary [json]'
	KindBGPNeighbor = "frr-bgp-neighbor"   // vtysh -c 'show ip bgp neighbors X'
	KindBGPRoutes   = "frr-bgp-routes"     // vtysh -c 'show bgp ipv4 unicast neighbors X routes json'
	KindRouteLookup = "frr-route-lookup"   // vtysh -c 'show ip route X [json]'
	KindFRRConfig   = "frr-running-config" // vtysh -c 'show running-config'
	KindFRRVersion  = "frr-version"        // vtysh -c 'show version'
	KindJournal     = "journal"            // journalctl --no-pager ...
)

// Identify recognises a command line as typed at a shell, or a vtysh
// command as typed inside vtysh ("show bgp summary" pasted from a vtysh
// session), and returns its canonical form: the exact line Plan sends.
func (Platform) Identify(line string) (platform.Command, bool) {
	argv, err := splitArgv(strings.TrimSpace(line))
	if err != nil || len(argv) == 0 {
		return platform.Command{}, false
	}
	switch argv[0] {
	case "swanctl":
		return identifySwanctl(argv[1:])
	case "ip":
		return identifyIP(argv[1:])
	case "ping":
		return identifyPing(argv)
	case "journalctl":
		return platform.Command{Text: strings.Join(argv, " "), Kind: KindJournal, Families: fam(evidence.FamilyLog)}, true
	case "vtysh":
		rest := argv[1:]
		if len(rest) >= 2 && rest[0] == "-N" {
			rest = rest[2:]
		}
		if len(rest) != 2 || rest[0] != "-c" {
			return platform.Command{}, false
		}
		return identifyVtysh(rest[1])
	}
	// A vtysh command typed inside vtysh.
	return identifyVtysh(strings.Join(argv, " "))
}

func fam(f ...evidence.Family) []evidence.Family { return f }

func identifySwanctl(args []string) (platform.Command, bool) {
	if len(args) == 0 {
		return platform.Command{}, false
	}
	switch args[0] {
	case "--list-sas", "-l":
		c := platform.Command{Text: "swanctl --list-sas", Kind: KindSAs, Families: fam(evidence.FamilyIKE, evidence.FamilyChildSA)}
		if i := slices.IndexFunc(args, func(a string) bool { return a == "--ike" || a == "-i" }); i > 0 && i+1 < len(args) {
			// One connection's SAs: a listing keyed by it.
			c.Text += " --ike " + args[i+1]
			c.Arg = args[i+1]
		}
		return c, true
	case "--list-conns", "-L":
		return platform.Command{Text: "swanctl --list-conns", Kind: KindConns, Families: fam(evidence.FamilyConfig)}, true
	case "--version", "-v":
		return platform.Command{Text: "swanctl --version", Kind: KindSwanVersion, Families: fam(evidence.FamilyVersion)}, true
	}
	return platform.Command{}, false
}

// identifyIP recognises ip link show and ip address show (text or JSON,
// any order of -d and -s): one family, the address form with addresses.
func identifyIP(args []string) (platform.Command, bool) {
	json := false
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		switch args[i] {
		case "-j", "-json":
			json = true
		}
		i++
	}
	if i == len(args) {
		return platform.Command{}, false
	}
	obj := ""
	switch {
	case isPrefixOf(args[i], "link", 1):
		obj = "link"
	case isPrefixOf(args[i], "address", 1) || args[i] == "addr":
		obj = "address"
	default:
		return platform.Command{}, false
	}
	rest := args[i+1:]
	if len(rest) > 0 && (rest[0] == "show" || rest[0] == "list" || rest[0] == "ls" || rest[0] == "lst") {
		rest = rest[1:]
	}
	dev := ""
	switch {
	case len(rest) == 2 && rest[0] == "dev":
		dev = rest[1]
	case len(rest) == 1:
		dev = rest[0]
	case len(rest) != 0:
		return platform.Command{}, false
	}
	text := "ip -d -s " + obj + " show"
	variant := "text"
	if json {
		text, variant = "ip -j -d -s "+obj+" show", "json"
	}
	if dev != "" {
		text += " dev " + dev
	}
	return platform.Command{Text: text, Kind: KindLinks, Arg: dev, Variant: variant, Families: fam(evidence.FamilyInterface)}, true
}

// identifyPing recognises iputils ping; the canonical form is the line as
// typed (its options are what the output means), Arg the target and
// Variant "df" for a ping with -M do.
func identifyPing(argv []string) (platform.Command, bool) {
	if len(argv) < 2 {
		return platform.Command{}, false
	}
	target, err := netip.ParseAddr(argv[len(argv)-1])
	if err != nil {
		return platform.Command{}, false
	}
	c := platform.Command{Text: strings.Join(argv, " "), Kind: KindPing, Arg: target.String(), Families: fam(evidence.FamilyPing)}
	for i, a := range argv {
		if a == "-Mdo" || a == "-M" && i+1 < len(argv) && argv[i+1] == "do" {
			c.Variant = "df"
		}
	}
	return c, true
}

// vtyshWords expands the abbreviations vtysh accepts in the commands
// vcdiag reads ("sh ip bgp sum", "sh run").
var vtyshWords = map[string]string{
	"sh": "show", "sho": "show", "summ": "summary", "sum": "summary", "summa": "summary", "summar": "summary",
	"nei": "neighbors", "neigh": "neighbors", "neighbor": "neighbors", "neighbo": "neighbors",
	"run": "running-config", "running": "running-config", "ver": "version", "vers": "version",
	"rec": "received-routes", "received": "received-routes", "adv": "advertised-routes", "advertised": "advertised-routes",
	"uni": "unicast", "unic": "unicast",
}

// identifyVtysh recognises one vtysh show command; the canonical form is
// `vtysh -c '<command>'` with the words spelled out.
func identifyVtysh(cmd string) (platform.Command, bool) {
	words := strings.Fields(strings.ToLower(cmd))
	for i, w := range words {
		if full, ok := vtyshWords[w]; ok {
			words[i] = full
		}
	}
	if len(words) < 2 || words[0] != "show" {
		return platform.Command{}, false
	}
	json := words[len(words)-1] == "json"
	body := words[1:]
	if json {
		body = body[:len(body)-1]
	}
	c := platform.Command{Text: "vtysh -c '" + strings.Join(words, " ") + "'"}
	if json {
		c.Variant = "json"
	}
	// "show ip bgp ..." and "show bgp [ipv4 [unicast]] ..." are one family.
	bgp := func(b []string) ([]string, bool) {
		switch {
		case len(b) >= 2 && b[0] == "ip" && b[1] == "bgp":
			b = b[2:]
		case len(b) >= 1 && b[0] == "bgp":
			b = b[1:]
		default:
			return nil, false
		}
		if len(b) >= 2 && b[0] == "vrf" {
			b = b[2:] // the VRF is read from the output
		}
		if len(b) >= 1 && b[0] == "ipv4" {
			b = b[1:]
			if len(b) >= 1 && b[0] == "unicast" {
				b = b[1:]
			}
		}
		return b, true
	}
	if b, ok := bgp(body); ok {
		switch {
		case len(b) == 1 && b[0] == "summary":
			c.Kind, c.Families = KindBGPSummary, fam(evidence.FamilyBGPNeighbor)
			return c, true
		case len(b) == 2 && b[0] == "neighbors":
			if _, err := netip.ParseAddr(b[1]); err != nil {
				return platform.Command{}, false
			}
			c.Kind, c.Arg, c.Families = KindBGPNeighbor, b[1], fam(evidence.FamilyBGPNeighbor)
			return c, true
		case len(b) == 3 && b[0] == "neighbors":
			a, err := netip.ParseAddr(b[1])
			if err != nil {
				return platform.Command{}, false
			}
			f := map[string]evidence.Family{"received-routes": evidence.FamilyRoutesReceived,
				"routes": evidence.FamilyRoutesAccepted, "advertised-routes": evidence.FamilyRoutesAdvertised}[b[2]]
			if f == "" {
				return platform.Command{}, false
			}
			// The variant is the listing; JSON or text is told by the output.
			c.Kind, c.Arg, c.Variant, c.Families = KindBGPRoutes, a.String(), b[2], fam(f)
			return c, true
		}
		return platform.Command{}, false
	}
	switch {
	case len(body) == 1 && body[0] == "running-config":
		c.Kind, c.Families = KindFRRConfig, fam(evidence.FamilyConfig)
		return c, true
	case len(body) == 1 && body[0] == "version":
		c.Kind, c.Families = KindFRRVersion, fam(evidence.FamilyVersion)
		return c, true
	case len(body) >= 3 && body[0] == "ip" && body[1] == "route":
		b := body[2:]
		if len(b) >= 2 && b[0] == "vrf" {
			b = b[2:]
		}
		if len(b) != 1 {
			return platform.Command{}, false
		}
		if p, err := netip.ParsePrefix(b[0]); err == nil {
			c.Arg = p.String()
		} else if a, err := netip.ParseAddr(b[0]); err == nil {
			c.Arg = a.String()
		} else {
			return platform.Command{}, false
		}
		c.Kind, c.Families = KindRouteLookup, fam(evidence.FamilyRouteLookup)
		return c, true
	}
	return platform.Command{}, false
}
