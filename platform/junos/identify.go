package junos

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// The command families of a Junos CPE (platform.Command.Kind; what `vcdiag
// parse` shows).
const (
	KindIKE         = "junos-ike-sa"      // show security ike security-associations [detail] [X]
	KindIPsec       = "junos-ipsec-sa"    // show security ipsec security-associations [detail]
	KindIPsecStats  = "junos-ipsec-stats" // show security ipsec statistics [index N]
	KindInterfaces  = "junos-interfaces"  // show interfaces [X] [extensive|statistics|terse|detail]
	KindBGPSummary  = "junos-bgp-summary" // show bgp summary
	KindBGPNeighbor = "junos-bgp-neighbor"
	KindBGPRoutes   = "junos-bgp-routes" // show route receive-protocol|advertising-protocol bgp X
	KindRoute       = "junos-route"      // show route X
	KindConfig      = "junos-config"     // show configuration [path] [| display set]
	KindVersion     = "junos-version"    // show version
	KindLog         = "junos-log"        // show log messages
	KindPing        = "junos-ping"       // ping X ... count N
)

// The Variants of KindBGPRoutes.
const (
	VariantReceived   = "receive-protocol"        // accepted routes (not hidden)
	VariantHidden     = "receive-protocol-hidden" // received routes rejected by import policy
	VariantAdvertised = "advertising-protocol"
)

func fam(f ...evidence.Family) []evidence.Family { return f }

// Identify recognises a Junos CLI line, abbreviated or not, with output
// filters, and returns its canonical form: the exact line Plan sends for
// the same question. Filters that leave lines out (match, except, find,
// last, count) are kept in the text and make the variant "filtered".
func (Platform) Identify(s string) (platform.Command, bool) {
	l, err := splitLine(strings.TrimSpace(s))
	if err != nil {
		return platform.Command{}, false
	}
	w := l.words
	var c platform.Command
	switch {
	case expand(w[0], "show") != "":
		var ok bool
		if c, ok = showShape(w[1:]); !ok {
			return platform.Command{}, false
		}
	case expand(w[0], "ping") != "":
		p, why := pingArgs(w[1:])
		if why != "" && p.target.IsValid() && p.count == 0 {
			// A ping pasted from a session without a count still reads.
			why = ""
		}
		if why != "" {
			return platform.Command{}, false
		}
		c = platform.Command{Text: p.text(), Kind: KindPing, Arg: p.target.String(), Families: fam(evidence.FamilyPing)}
		if p.count == 0 {
			c.Text = strings.Replace(c.Text, " count 0", "", 1)
		}
		if p.df {
			c.Variant = "df"
		}
		return c, true
	default:
		return platform.Command{}, false
	}
	for _, f := range l.filters {
		switch k := expand(f[0], "no-more", "display", "match", "except", "find", "count", "last"); k {
		case "no-more":
			// Paging only: the output is the same.
		case "display":
			if len(f) == 2 && expand(f[1], "set") == "set" {
				c.Text += " | display set"
				continue
			}
			return platform.Command{}, false
		case "match", "except", "find", "last", "count":
			c.Text += " | " + k
			for _, a := range f[1:] {
				if k == "last" {
					c.Text += " " + a
				} else {
					c.Text += ` "` + a + `"`
				}
			}
			if c.Kind != KindLog {
				c.Variant = "filtered"
			}
		default:
			return platform.Command{}, false
		}
	}
	return c, true
}

// showShape recognises the words after "show" of a command vcdiag reads
// and returns it with its canonical text.
func showShape(w []string) (platform.Command, bool) {
	no := platform.Command{}
	if len(w) == 0 {
		return no, false
	}
	switch expand(w[0], "version", "configuration", "security", "interfaces", "bgp", "route", "log") {
	case "version":
		return platform.Command{Text: "show version", Kind: KindVersion, Families: fam(evidence.FamilyVersion)}, len(w) == 1
	case "configuration":
		path, ok := configPath(w[1:])
		if !ok {
			return no, false
		}
		return platform.Command{Text: strings.TrimSpace("show configuration " + path), Kind: KindConfig, Arg: path,
			Families: fam(evidence.FamilyConfig)}, true
	case "security":
		return securityShape(w[1:])
	case "interfaces":
		return interfacesShape(w[1:])
	case "bgp":
		if len(w) == 2 && expand(w[1], "summary") != "" {
			return platform.Command{Text: "show bgp summary", Kind: KindBGPSummary, Families: fam(evidence.FamilyBGPNeighbor)}, true
		}
		if len(w) >= 2 && len(w) <= 3 && expand(w[1], "neighbor") != "" {
			c := platform.Command{Text: "show bgp neighbor", Kind: KindBGPNeighbor, Families: fam(evidence.FamilyBGPNeighbor)}
			if len(w) == 3 {
				a, err := netip.ParseAddr(w[2])
				if err != nil {
					return no, false
				}
				c.Text += " " + a.String()
				c.Arg = a.String()
			}
			return c, true
		}
	case "route":
		return routeShape(w[1:])
	case "log":
		// show log FILE reads a syslog file of /var/log: messages (the
		// default), or the file an engineer set up for kmd ("kmd",
		// "kmd-logs"). A file name only: no path.
		if len(w) == 2 {
			name := w[1]
			if expand(name, "messages") != "" {
				name = "messages"
			}
			if logFile.MatchString(name) {
				return platform.Command{Text: "show log " + name, Kind: KindLog, Arg: name, Families: fam(evidence.FamilyLog)}, true
			}
		}
	}
	return no, false
}

// logFile is a syslog file name as show log takes it: no path, no dots
// leading anywhere.
var logFile = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// configPath reads the hierarchy after show configuration: the parts of
// it vcdiag reads (security ike|ipsec, protocols bgp, interfaces [X],
// routing-options, policy-options), or the whole.
func configPath(w []string) (string, bool) {
	if len(w) == 0 {
		return "", true
	}
	switch expand(w[0], "security", "protocols", "interfaces", "routing-options", "policy-options") {
	case "security":
		if len(w) == 1 {
			return "security", true
		}
		if k := expand(w[1], "ike", "ipsec"); k != "" && len(w) == 2 {
			return "security " + k, true
		}
	case "protocols":
		if len(w) == 1 {
			return "protocols", true
		}
		if len(w) == 2 && expand(w[1], "bgp") != "" {
			return "protocols bgp", true
		}
	case "interfaces":
		if len(w) == 1 {
			return "interfaces", true
		}
		if len(w) == 2 && ifName.MatchString(w[1]) {
			return "interfaces " + w[1], true
		}
	case "routing-options", "policy-options":
		if len(w) == 1 {
			return expand(w[0], "routing-options", "policy-options"), true
		}
	}
	return "", false
}

// securityShape: ike|ipsec security-associations [detail] [ADDRESS],
// ipsec statistics.
func securityShape(w []string) (platform.Command, bool) {
	no := platform.Command{}
	if len(w) < 2 {
		return no, false
	}
	proto := expand(w[0], "ike", "ipsec")
	if proto == "" {
		return no, false
	}
	if proto == "ipsec" && expand(w[1], "statistics") != "" {
		c := platform.Command{Text: "show security ipsec statistics", Kind: KindIPsecStats, Families: fam(evidence.FamilyChildSA)}
		switch {
		case len(w) == 2:
			return c, true
		case len(w) == 4 && expand(w[2], "index") != "":
			// index N: one tunnel's counters (N is the "ID:" of the SA listing).
			if n, err := strconv.ParseUint(w[3], 10, 32); err == nil {
				c.Arg = strconv.FormatUint(n, 10)
				c.Text += " index " + c.Arg
				return c, true
			}
		}
		return no, false
	}
	if expand(w[1], "security-associations") == "" && strings.ToLower(w[1]) != "sa" {
		return no, false
	}
	c := platform.Command{Text: "show security " + proto + " security-associations", Kind: KindIKE, Families: fam(evidence.FamilyIKE)}
	if proto == "ipsec" {
		c.Kind, c.Families = KindIPsec, fam(evidence.FamilyChildSA)
	}
	detail, addr := false, ""
	for _, x := range w[2:] {
		switch {
		case expand(x, "detail") != "" && !detail:
			detail = true
		case addr == "" && proto == "ike":
			a, err := netip.ParseAddr(x)
			if err != nil {
				return no, false
			}
			addr = a.String()
		default:
			return no, false
		}
	}
	if addr != "" {
		c.Text += " " + addr
		c.Arg = addr
	}
	if detail {
		c.Text += " detail"
		c.Variant = "detail"
	}
	return c, true
}

// interfacesShape: [IFACE] [extensive|statistics|terse|detail], or
// terse [IFACE].
func interfacesShape(w []string) (platform.Command, bool) {
	c := platform.Command{Text: "show interfaces", Kind: KindInterfaces, Families: fam(evidence.FamilyInterface)}
	for _, x := range w {
		if v := expand(x, "extensive", "statistics", "terse", "detail"); v != "" && c.Variant == "" {
			c.Variant = v
			continue
		}
		if c.Arg == "" && ifName.MatchString(x) {
			c.Arg = x
			continue
		}
		return platform.Command{}, false
	}
	if c.Arg != "" {
		c.Text += " " + c.Arg
	}
	if c.Variant != "" {
		c.Text += " " + c.Variant
	}
	return c, true
}

// routeShape: receive-protocol bgp X [hidden], advertising-protocol bgp X,
// or ADDRESS|PREFIX [exact].
func routeShape(w []string) (platform.Command, bool) {
	no := platform.Command{}
	if len(w) == 0 {
		return no, false
	}
	if dir := expand(w[0], "receive-protocol", "advertising-protocol"); dir != "" {
		if len(w) < 3 || len(w) > 4 || expand(w[1], "bgp") == "" {
			return no, false
		}
		a, err := netip.ParseAddr(w[2])
		if err != nil {
			return no, false
		}
		c := platform.Command{Text: "show route " + dir + " bgp " + a.String(), Kind: KindBGPRoutes, Arg: a.String()}
		switch {
		case dir == "advertising-protocol" && len(w) == 3:
			c.Variant, c.Families = VariantAdvertised, fam(evidence.FamilyRoutesAdvertised)
		case dir == "receive-protocol" && len(w) == 3:
			// What was kept: accepted, and so also received.
			c.Variant, c.Families = VariantReceived, fam(evidence.FamilyRoutesAccepted, evidence.FamilyRoutesReceived)
		case dir == "receive-protocol" && expand(w[3], "hidden") != "":
			c.Text += " hidden"
			c.Variant, c.Families = VariantHidden, fam(evidence.FamilyRoutesReceived)
		default:
			return no, false
		}
		return c, true
	}
	if len(w) > 2 {
		return no, false
	}
	c := platform.Command{Kind: KindRoute, Families: fam(evidence.FamilyRouteLookup)}
	if p, err := netip.ParsePrefix(w[0]); err == nil {
		c.Arg = p.Masked().String()
	} else if a, err := netip.ParseAddr(w[0]); err == nil {
		c.Arg = a.String()
	} else {
		return no, false
	}
	c.Text = "show route " + c.Arg
	if len(w) == 2 {
		if expand(w[1], "exact") == "" {
			return no, false
		}
		c.Text += " exact"
		c.Variant = "exact"
	}
	return c, true
}
