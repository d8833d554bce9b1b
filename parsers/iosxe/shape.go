package iosxe

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Garbage in, error out. Most parsers here read the lines they know and
// skip the rest, which is right for real output (releases add lines) but
// turns random bytes, a binary file or another command's output into an
// empty answer: no BGP routes, no neighbors, an empty configuration, each
// a verdict waiting to happen. So before a parser runs, the output must
// have at least one line that only its command prints: a header, a legend,
// a row of its table, or the message IOS prints for the command's empty
// answer ("% Network not in table", "% No such neighbor"). An output of
// blanks, banners, prompts and command echoes only is the command's empty
// answer and goes to the parser as is (an empty BGP table, a `| section`
// that matched nothing, no SAs).
//
// The lines are chosen from real outputs (../shared/corpus and testdata)
// so that every real output of a command has one, and none of the outputs
// of the other commands vcdiag reads does; parse_garbage_test.go holds both.

// shape is what one command's output is recognised by.
type shape struct {
	// want says what was looked for, for the error.
	want string
	// own reports whether a line (raw, without trailing blanks; t trimmed)
	// is one of the command's own.
	own func(raw, t string) bool
	// neutral, when set, names more lines that prove nothing either way
	// (the "!" separators of a configuration, which a ping prints too).
	neutral func(t string) bool
}

// shapes has one entry per command family parsed here.
var shapes = map[parsers.Kind]shape{
	parsers.KindIKEv2SA: {
		want: `a "Tunnel-id Local Remote fvrf/ivrf Status" header or SA rows`,
		own:  isIKEv2SALine,
	},
	parsers.KindIPsecSA: {
		want: `an "interface: NAME" line, a "local ident" / "remote ident" flow or "#pkts" counters`,
		own:  isIPsecSALine,
	},
	parsers.KindCryptoSession: {
		want: `"Crypto session current status", "Session status:" or "IKEv2 SA:" / "IPSEC FLOW:" lines`,
		own:  isCryptoSessionLine,
	},
	parsers.KindInterfaces: {
		want: `an interface header ("Tunnel1 is up, line protocol is up") or its "Hardware is" / "Tunnel source" lines`,
		own:  isInterfacesLine,
	},
	parsers.KindInterfaceBrief: {
		want: `the "Interface IP-Address OK? Method Status Protocol" header or its rows`,
		own:  isInterfaceBriefLine,
	},
	parsers.KindRunningConfig: {
		want:    `"Building configuration", "Current configuration" or configuration lines (interface, router, crypto, ip ...)`,
		own:     isConfigLine,
		neutral: isConfigSeparator,
	},
	parsers.KindBGPSummary: {
		want: `"BGP router identifier", the "Neighbor V AS MsgRcvd" header or neighbor rows`,
		own:  isBGPSummaryLine,
	},
	parsers.KindBGPNeighbors: {
		want: `"BGP neighbor is" blocks or "% No such neighbor"`,
		own:  isBGPNeighborsLine,
	},
	parsers.KindBGPRoutes: {
		want: `a "Network  Next Hop" header, "BGP table version", "Total number of prefixes" or route rows`,
		own:  isBGPTableLine,
	},
	parsers.KindRouteLookup: {
		want: `"Routing entry for" or "% Network not in table"`,
		own:  isRouteLookupLine,
	},
	parsers.KindRouteTable: {
		want: `the "Codes:" legend, "Gateway of last resort" or route entries ("B  203.0.113.0/25 [20/0] via ...")`,
		own:  isRouteTableLine,
	},
	parsers.KindPing: {
		want: `"Sending N, SIZE-byte ICMP Echos" or "Success rate is"`,
		own:  isPingLine,
	},
	parsers.KindVersion: {
		want: `"uptime is", "System image file is" or "Configuration register is"`,
		own:  isVersionLine,
	},
	parsers.KindLogging: {
		want: `the "Syslog logging:" header or log messages`,
		own:  isLoggingLine,
	},
	parsers.KindCEF: {
		want: `the "Prefix  Next Hop  Interface" header, entries ("203.0.113.0/25" and its "nexthop" lines) or "CEF not running"`,
		own:  isCEFLine,
	},
}

// checkShape returns a *parsers.ParseError naming the first line of out
// when out holds something but no line of c's output. It stops at the
// first line that is one, so a real output costs a few lines, not a pass.
func checkShape(c Command, out string) error {
	s, ok := shapes[c.Kind]
	if !ok {
		return nil
	}
	first, firstText := 0, ""
	sc := lineScanner{rest: out}
	for sc.next() {
		raw := strings.TrimRight(sc.line, " \t")
		t := strings.TrimSpace(raw)
		if isNeutralLine(t) || s.neutral != nil && s.neutral(t) {
			continue
		}
		if s.own(raw, t) {
			return nil
		}
		if first == 0 {
			first, firstText = sc.n, t
		}
	}
	if first == 0 {
		return nil // blanks, banners and prompts only: the empty answer
	}
	name, _, _ := strings.Cut(c.Text, " |")
	return &parsers.ParseError{
		Command: c.Text, Line: first, Text: clip(firstText, 72),
		Msg: fmt.Sprintf("no line of it looks like %s output: expected %s", name, s.want),
	}
}

// isNeutralLine reports the lines any output may have around it: blanks,
// the exec-prompt timestamp banner, a prompt with or without the command
// typed after it, a bare command echo and pager debris.
func isNeutralLine(t string) bool {
	return t == "" || parsers.IsBanner(t) || t == "--More--" || isPromptLine(t) ||
		strings.HasPrefix(t, "show ") || strings.HasPrefix(t, "sh ")
}

// isPromptLine reports "cpe1#", "cpe1>", "cpe1(config)#" and those followed
// by the command typed ("cpe1#show ip bgp"). Stricter than the parsers' own
// prompt test: a line of garbage with a '#' in it must not pass for one.
func isPromptLine(t string) bool {
	i := strings.IndexAny(t, "#>")
	if i <= 0 || i > 80 {
		return false
	}
	host := t[:i]
	if p := strings.IndexByte(host, '('); p > 0 && strings.HasSuffix(host, ")") {
		host = host[:p]
	}
	if len(host) > 63 {
		return false
	}
	for j := 0; j < len(host); j++ {
		if c := host[j]; !(isAlnum(c) || strings.IndexByte("._-/:@", c) >= 0) {
			return false
		}
	}
	// The command typed: a lower-case word ("show", "sh", "ping"), then
	// words, addresses, interface names and a "| include" pattern.
	echo := strings.TrimSpace(t[i+1:])
	if echo == "" {
		return true
	}
	if echo[0] < 'a' || echo[0] > 'z' {
		return false
	}
	for j := 0; j < len(echo); j++ {
		if c := echo[j]; !(isAlnum(c) || strings.IndexByte(" ./:|_-%,\"^*", c) >= 0) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// clip shortens s to at most n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// hasPrefixAny reports whether t starts with one of prefixes.
func hasPrefixAny(t string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func isIKEv2SALine(_, t string) bool {
	if strings.HasPrefix(t, "Tunnel-id") || strings.Contains(t, "Crypto IKEv2") {
		return true
	}
	// "1  192.0.2.1/500  198.51.100.1/500  none/none  READY", or the IPv6
	// layout's "1  none/none  READY".
	f := strings.Fields(t)
	return len(f) >= 3 && parsers.IsDigits(f[0]) && strings.Contains(f[1], "/") && isUpperWord(f[len(f)-1])
}

// isUpperWord reports a status word: "READY", "IN-NEG", "DELETE".
func isUpperWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func isIPsecSALine(_, t string) bool {
	return hasPrefixAny(t, "interface:", "Crypto map tag:", "protected vrf:", "#pkts ", "current_peer ") ||
		(strings.HasPrefix(t, "local ") || strings.HasPrefix(t, "remote ")) && strings.Contains(t, "ident (") ||
		isNoSAs(t)
}

func isCryptoSessionLine(_, t string) bool {
	if hasPrefixAny(t, "Crypto session current status", "Session status:", "IPSEC FLOW:") {
		return true
	}
	_, _, ok := ikeSALine(t)
	return ok
}

func isInterfacesLine(raw, t string) bool {
	if _, _, _, ok := ifHeader(raw); ok {
		return true
	}
	return hasPrefixAny(t, "Hardware is ", "Tunnel source ", "Tunnel protocol/transport ")
}

func isInterfaceBriefLine(_, t string) bool {
	if strings.HasPrefix(t, "Interface") && strings.Contains(t, "IP-Address") ||
		strings.HasPrefix(t, "Any interface listed with OK?") {
		return true
	}
	// Tunnel1  100.64.1.2  YES manual up  up
	f := strings.Fields(t)
	return len(f) >= 6 && (f[2] == "YES" || f[2] == "NO") && (isAddr(f[1]) || f[1] == "unassigned")
}

func isBGPSummaryLine(raw, t string) bool {
	if hasPrefixAny(t, "BGP router identifier", "% BGP not active") {
		return true
	}
	f := strings.Fields(t)
	switch {
	case len(f) > 2 && f[0] == "Neighbor" && f[1] == "V":
		return true
	case len(f) >= 9 && raw[0] != ' ' && isAddr(f[0]) && parsers.IsDigits(f[1]):
		// 100.64.1.1  4  64602  120  118  5  0  0  01:45:10  2 (at the
		// margin: an indented address and numbers are a BGP path line)
		return parsers.IsDigits(f[3]) && parsers.IsDigits(f[4]) && parsers.IsDigits(f[5])
	case len(f) >= 8 && (f[0] == "4" || f[0] == "6"):
		// The rest of a row whose long address was printed alone above.
		return parsers.IsDigits(f[2]) && parsers.IsDigits(f[3]) && parsers.IsDigits(f[4])
	}
	return false
}

func isBGPNeighborsLine(_, t string) bool {
	return hasPrefixAny(t, "BGP neighbor is ", "BGP state = ", "% No such neighbor", "% BGP not active")
}

func isBGPTableLine(raw, t string) bool {
	switch {
	case strings.HasPrefix(t, "Network") && strings.Contains(t, "Next Hop"),
		strings.HasPrefix(t, "BGP table version is") && strings.Contains(t, "local router ID"),
		hasPrefixAny(t, "Status codes:", "Origin codes:", "Total number of prefixes", "Originating default network",
			"% No such neighbor", "% BGP not active"):
		return true
	}
	return isBGPRouteRow(raw)
}

// isBGPRouteRow reports a path line: status codes with "*", ">" or "r",
// then a network (or, for another path of the network above, the next hop),
// then a next hop or a number: "*>  203.0.113.0/25  100.64.1.1  0  0
// 64602 i", "*>i10.2.2.2/32 ...", "*   10.0.0.2  0  100  0  65001 i". A
// network printed alone (its next hop wrapped to the next line) counts too.
func isBGPRouteRow(raw string) bool {
	i := 0
	for i < len(raw) && raw[i] == ' ' {
		i++
	}
	s := i
	for i < len(raw) && isStatusChar(raw[i]) {
		i++
	}
	status := strings.TrimSpace(raw[s:i])
	if !strings.ContainsAny(status, "*>") && !strings.HasPrefix(status, "r") {
		return false
	}
	f := strings.Fields(raw[i:])
	if len(f) == 0 {
		return false
	}
	if _, ok := parseNetwork(f[0]); !ok && !strings.HasPrefix(f[0], "[") {
		return false
	}
	if len(f) == 1 {
		// Only a network too long for its column is printed alone, and
		// those have a mask ("100.100.100.100/32", IPv6 prefixes): "*
		// 192.0.2.254" alone is a route lookup's descriptor block.
		return strings.Contains(f[0], "/")
	}
	return isAddr(f[1]) || parsers.IsDigits(f[1])
}

func isRouteLookupLine(_, t string) bool {
	return hasPrefixAny(t, "Routing entry for ", "Known via ", "Routing Descriptor Blocks", "Default gateway is") ||
		strings.HasPrefix(t, "%") && strings.Contains(t, "not in table")
}

func isRouteTableLine(raw, t string) bool {
	// Not "Routing Table: V": `show ip route vrf V X` prints it too; nor a
	// bare "Codes:", which starts traceroute's legend.
	if strings.HasPrefix(t, "Codes:") && strings.Contains(t, "C - connected") ||
		strings.HasPrefix(t, "Gateway of last resort") {
		return true
	}
	f := strings.Fields(t)
	if len(f) >= 2 && (strings.HasSuffix(t, " is subnetted") || strings.Contains(t, " is subnetted,") ||
		strings.Contains(t, " is variably subnetted")) {
		_, ok := parseNetwork(f[0])
		return ok
	}
	if isDistanceMetric(t) && strings.Contains(t, "] via ") {
		return true // a next hop under its entry
	}
	if raw == "" || raw[0] == ' ' {
		return false
	}
	_, k, ok := routeEntry(f, -1)
	if !ok || parsers.IsDigits(f[0]) { // "1 192.168.0.22 [AS 2516]": a traceroute hop
		return false
	}
	rest := entryRest(t, f[k])
	return rest == "" || isDistanceMetric(rest) || strings.Contains(rest, "directly connected") ||
		strings.HasPrefix(rest, "via ")
}

// isDistanceMetric reports a text starting with "[20/0]".
func isDistanceMetric(s string) bool {
	dm, _, ok := strings.Cut(strings.TrimPrefix(s, "["), "]")
	d, m, slash := strings.Cut(dm, "/")
	return ok && slash && strings.HasPrefix(s, "[") && parsers.IsDigits(d) && parsers.IsDigits(m)
}

func isPingLine(_, t string) bool {
	return strings.HasPrefix(t, "Sending ") && strings.Contains(t, "Echos") ||
		hasPrefixAny(t, "Success rate is ", "Packet sent with ")
}

// isVersionLine reports the lines only show version prints. Not the
// software banner: the log buffer holds it too (the restart message).
func isVersionLine(_, t string) bool {
	return hasPrefixAny(t, "System image file is ", "Configuration register is ") ||
		strings.Contains(t, " uptime is ")
}

func isLoggingLine(raw, t string) bool {
	return hasPrefixAny(t, "Syslog logging:", "Log Buffer (", "Console logging:", "Buffer logging:", "Trap logging:") ||
		IsLogLine(raw)
}

func isCEFLine(raw, t string) bool {
	switch {
	case strings.HasPrefix(t, "Prefix") && strings.Contains(t, "Next Hop"),
		strings.HasPrefix(t, "%") && strings.Contains(t, "CEF not"),
		strings.Contains(t, "CEF is enabled"),
		hasPrefixAny(t, "nexthop ", "attached to ", "recursive via "):
		return true
	}
	if raw == "" || raw[0] == ' ' || raw[0] == '\t' {
		return false
	}
	_, _, ok := cefEntryHead(t)
	return ok
}
