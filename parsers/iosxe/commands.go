package iosxe

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Command is a recognised command line.
type Command struct {
	Kind parsers.Kind
	// Text is the canonical, unabbreviated command ("show ip bgp summary"),
	// output filter included.
	Text string
	// Arg is the address or name the command is about, when it has one:
	// the peer of "show crypto ipsec sa peer X", the neighbor of
	// "show ip bgp neighbors X routes", the target of "ping X", the
	// interface of "show interfaces Tunnel1" and "show crypto ipsec sa
	// interface Tunnel1", the remote of "show crypto ikev2 sa remote X" and
	// "show crypto session remote X", the address or prefix of "show ip
	// route X" and "show ip cef X".
	Arg string
	// Variant distinguishes the BGP route listings: "advertised-routes",
	// "received-routes", "routes" (and "" for the whole table).
	Variant string
	// VRF is the VRF the command names: "show ip route vrf V ...", "show
	// ip cef vrf V ...", "ping vrf V X", "show bgp vpnv4 unicast vrf V
	// ...", "show ip bgp [vpnv4] vrf V ...".
	VRF string
	// Mask is the mask of "show ip route X MASK" / "show ip cef X MASK".
	Mask string
	// Filter is the output filter after the first "|", its first word
	// expanded: "section crypto ikev2", "include username". A filtered
	// output holds only part of what the command prints.
	Filter string
	// Scope says which part of the output the command selects when it is
	// not the whole: "interface Tunnel1" for "show running-config
	// interface Tunnel1", "peer 198.51.100.1" / "interface Tunnel1" for
	// show crypto ipsec sa, "remote X" / "local X" for show crypto ikev2 sa
	// and show crypto session. "" for the full output.
	Scope string
	// Detail is set for the detail forms: show crypto ikev2 sa ... detail,
	// show crypto ipsec sa ... detail, show crypto session ... detail, show
	// ip cef ... detail.
	Detail bool
}

// vocabulary lists the full words of the commands vcdiag reads, so that
// abbreviations people type in session logs ("sh cry ikev2 sa det",
// "sh ip bgp sum") can be expanded to the words IOS accepts.
var vocabulary = []string{
	"show", "crypto", "ikev2", "ipsec", "session", "detail", "interfaces", "running-config",
	"ip", "bgp", "summary", "neighbors", "advertised-routes", "received-routes", "routes",
	"route", "version", "peer", "ipv4", "unicast", "ping", "source", "repeat", "size",
	"df-bit", "timeout", "vrf", "section", "include", "interface", "brief", "isakmp",
	"logging", "cef", "remote", "local", "vpnv4",
}

// argWords are the words whose next word is an argument (a name or an
// address), never expanded: a VRF called "R" is not "route".
var argWords = map[string]bool{"vrf": true, "rd": true, "peer": true, "remote": true, "local": true, "source": true}

// Canonical expands an abbreviated IOS command word by word. A word is
// expanded only when it is a unique prefix of a known word; arguments
// (addresses, interface names, the name after "vrf") are kept as typed.
func Canonical(cmd string) string {
	words := strings.Fields(strings.TrimSpace(cmd))
	for i, w := range words {
		lw := strings.ToLower(w)
		if w == "|" {
			// After a pipe only the output filters follow; their words are
			// not command words ("| s ikev2" is "| section ikev2").
			expandFilters(words[i+1:])
			break
		}
		if i > 0 && argWords[words[i-1]] {
			continue
		}
		if lw == "sa" {
			words[i] = lw
			continue
		}
		if i > 0 && (words[i-1] == "running-config" || words[i-1] == "ip" || words[i-1] == "sa") && (lw == "int" || lw == "inter") {
			// "sh run int Tu1", "sh ip int br", "sh cry ipsec sa int Tu1":
			// IOS spells it "interface" there.
			words[i] = "interface"
			continue
		}
		var match string
		n := 0
		for _, v := range vocabulary {
			if v == lw {
				match, n = v, 1
				break
			}
			if strings.HasPrefix(v, lw) {
				match = v
				n++
			}
		}
		switch {
		case n == 1:
			words[i] = match
		case lw == "int" || lw == "inter":
			words[i] = "interfaces"
		case lw == "s" || lw == "sh":
			words[i] = "show"
		case lw == "r" || lw == "ro":
			words[i] = "route"
		case lw == "re":
			words[i] = "repeat"
		case lw == "c":
			words[i] = "crypto"
		case lw == "ip":
			words[i] = "ip"
		}
	}
	// "show interface Tunnel1" is accepted by IOS as "show interfaces Tunnel1".
	if len(words) >= 2 && words[0] == "show" && words[1] == "interface" {
		words[1] = "interfaces"
	}
	return strings.Join(words, " ")
}

// outputFilters are the words IOS accepts after "|".
var outputFilters = []string{"section", "include", "exclude", "begin", "count"}

func expandFilters(words []string) {
	if len(words) == 0 {
		return
	}
	lw := strings.ToLower(words[0])
	for _, f := range outputFilters {
		if strings.HasPrefix(f, lw) {
			words[0] = f
			return
		}
	}
}

// Identify recognises a command line. It returns false for commands vcdiag
// has no parser for.
func Identify(cmd string) (Command, bool) {
	c := Canonical(cmd)
	w := strings.Fields(c)
	out := Command{Text: c}
	for i, x := range w {
		if x == "|" {
			out.Filter = strings.Join(w[i+1:], " ")
			w = w[:i]
			break
		}
	}
	has := func(prefix ...string) bool {
		if len(w) < len(prefix) {
			return false
		}
		for i, p := range prefix {
			if w[i] != p {
				return false
			}
		}
		return true
	}
	switch {
	case len(w) >= 2 && w[0] == "ping":
		out.Kind, out.Arg, out.VRF = parsers.KindPing, pingTarget(w[1:]), pingVRF(w[1:])
	case has("show", "crypto", "ikev2", "sa"):
		out.Kind = parsers.KindIKEv2SA
		cryptoScope(w[4:], &out, "remote", "local")
	case has("show", "crypto", "ipsec", "sa"):
		out.Kind = parsers.KindIPsecSA
		cryptoScope(w[4:], &out, "peer", "interface", "vrf")
	case has("show", "crypto", "session"):
		out.Kind = parsers.KindCryptoSession
		cryptoScope(w[3:], &out, "remote", "local")
	case has("show", "interfaces"):
		out.Kind = parsers.KindInterfaces
		if len(w) >= 3 {
			out.Arg = strings.Join(w[2:], " ")
		}
	case has("show", "ip", "interface", "brief"), has("show", "ip", "interfaces", "brief"):
		out.Kind = parsers.KindInterfaceBrief
		if len(w) >= 5 {
			out.Arg = strings.Join(w[4:], " ")
		}
	case has("show", "running-config"):
		out.Kind = parsers.KindRunningConfig
		out.Scope = configScope(w[2:])
	case has("show", "ip", "bgp"), has("show", "bgp"):
		if !identifyBGP(w, &out) {
			return out, false
		}
	case has("show", "ip", "route"):
		identifyRoute(w, &out)
	case has("show", "ip", "cef"):
		if !identifyCEF(w[3:], &out) {
			return out, false
		}
	case has("show", "logging") && len(w) == 2:
		out.Kind = parsers.KindLogging
	case has("show", "version"):
		out.Kind = parsers.KindVersion
	default:
		return out, false
	}
	return out, true
}

// cryptoScope reads the qualifiers of show crypto ikev2 sa / ipsec sa /
// session: "remote X", "peer X", "interface X", "vrf V", "detail".
func cryptoScope(w []string, out *Command, scoped ...string) {
	for i := 0; i < len(w); i++ {
		switch {
		case w[i] == "detail":
			out.Detail = true
		case i+1 < len(w) && w[i] == "vrf":
			out.VRF = w[i+1]
			i++
		case i+1 < len(w) && slicesContains(scoped, w[i]):
			arg := w[i+1]
			if w[i] == "interface" || w[i] == "interfaces" {
				arg = parsers.InterfaceName(arg)
				w[i] = "interface"
			}
			out.Scope = w[i] + " " + arg
			if w[i] != "local" {
				out.Arg = w[i+1]
			}
			i++
		}
	}
}

func slicesContains(s []string, x string) bool {
	for _, v := range s {
		if v == x || x == "interfaces" && v == "interface" {
			return true
		}
	}
	return false
}

// configScope names the part of the configuration "show running-config
// ..." shows: "interface Tunnel1" for "interface Tunnel1"; "" for the
// whole configuration ("all", "full" and "brief" print all of it).
func configScope(w []string) string {
	if len(w) == 0 {
		return ""
	}
	switch w[0] {
	case "all", "full", "brief":
		return ""
	case "interface", "interfaces":
		if len(w) >= 2 {
			return "interface " + parsers.InterfaceName(strings.Join(w[1:], ""))
		}
	}
	return strings.Join(w, " ")
}

// identifyRoute recognises "show ip route [vrf V] [bgp | X [MASK]]".
func identifyRoute(w []string, out *Command) {
	rest := w[3:]
	if len(rest) >= 2 && rest[0] == "vrf" {
		out.VRF, rest = rest[1], rest[2:]
	}
	switch {
	case len(rest) == 0:
		out.Kind = parsers.KindRouteTable
	case len(rest) == 1 && rest[0] == "bgp":
		out.Kind, out.Arg = parsers.KindRouteTable, "bgp"
	default:
		out.Kind, out.Arg = parsers.KindRouteLookup, rest[0]
		if len(rest) >= 2 && isDottedMask(rest[1]) {
			out.Mask = rest[1]
		}
	}
}

// isDottedMask reports whether s is a dotted-quad mask ("255.255.255.128").
func isDottedMask(s string) bool {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return false
	}
	b := a.As4()
	inv := ^(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
	return inv&(inv+1) == 0 // ones, then zeros only
}

// identifyCEF recognises "show ip cef [vrf V] [X[/len] | X MASK] [detail]".
// Other forms (exact-route, summary, an interface) have no parser.
func identifyCEF(w []string, out *Command) bool {
	if len(w) >= 2 && w[0] == "vrf" {
		out.VRF, w = w[1], w[2:]
	}
	if len(w) > 0 && w[0] != "detail" {
		if _, err := netip.ParsePrefix(w[0]); err != nil {
			if _, err := netip.ParseAddr(w[0]); err != nil {
				return false
			}
		}
		out.Arg, w = w[0], w[1:]
		if len(w) > 0 && isDottedMask(w[0]) {
			out.Mask, w = w[0], w[1:]
		}
	}
	for _, x := range w {
		if x != "detail" {
			return false
		}
		out.Detail = true
	}
	out.Kind = parsers.KindCEF
	return true
}

// bgpQualifiers are the address-family words that may stand between
// "show [ip] bgp" and what is shown; "vrf" and "rd" take an argument.
var bgpQualifiers = map[string]bool{
	"all": true, "ipv4": true, "ipv6": true, "unicast": true, "multicast": true,
	"vpnv4": true, "vpnv6": true, "l2vpn": true, "evpn": true, "vrf": true, "rd": true,
}

// identifyBGP recognises "show [ip] bgp [AF...] summary|neighbors [X [listing]]"
// and the whole-table listing.
func identifyBGP(w []string, out *Command) bool {
	i := 2
	if w[1] == "ip" {
		i = 3
	}
	for i < len(w) && bgpQualifiers[w[i]] {
		if w[i] == "vrf" || w[i] == "rd" {
			if w[i] == "vrf" && i+1 < len(w) {
				out.VRF = w[i+1]
			}
			i++
		}
		i++
	}
	rest := w[min(i, len(w)):]
	switch {
	case len(rest) == 0:
		out.Kind = parsers.KindBGPRoutes
	case rest[0] == "summary":
		out.Kind = parsers.KindBGPSummary
	case rest[0] == "neighbors":
		out.Kind = parsers.KindBGPNeighbors
		if len(rest) >= 2 {
			out.Arg = rest[1]
		}
		if len(rest) >= 3 {
			switch rest[2] {
			case "advertised-routes", "received-routes", "routes":
				out.Kind, out.Variant = parsers.KindBGPRoutes, rest[2]
			}
		}
	default:
		return false
	}
	return true
}

func pingTarget(args []string) string {
	for i, a := range args {
		if a == "ip" && i == 0 {
			continue
		}
		if a == "vrf" {
			continue
		}
		if i > 0 && args[i-1] == "vrf" {
			continue
		}
		return a
	}
	return ""
}

// pingVRF returns V of "ping [ip] vrf V X".
func pingVRF(args []string) string {
	for i, a := range args {
		if a == "vrf" && i+1 < len(args) {
			return args[i+1]
		}
		if a != "ip" {
			return ""
		}
	}
	return ""
}

// Parse runs the parser for cmd on out and returns its typed result:
// []parsers.IKEv2SA, []parsers.IPsecFlow, []parsers.CryptoSession,
// []parsers.Interface, *parsers.RunningConfig, *parsers.BGPSummary,
// []parsers.BGPNeighbor, *parsers.BGPTable, *parsers.RouteLookup,
// []parsers.Route, *parsers.Ping, *parsers.Version, *parsers.Logging,
// *parsers.CEF or []parsers.InterfaceBrief.
func Parse(cmd, out string) (any, error) {
	c, ok := Identify(cmd)
	if !ok {
		return nil, fmt.Errorf("no cisco_iosxe parser for %q", cmd)
	}
	return ParseCommand(c, out)
}

// ParseCommand is Parse for an already identified command. An output that
// holds something but no line of the command's output (random bytes, a
// binary file, another command's output) is a *parsers.ParseError naming
// its first line; see checkShape.
func ParseCommand(c Command, out string) (any, error) {
	if err := checkShape(c, out); err != nil {
		return nil, err
	}
	return parseKind(c, out)
}

// parseKind runs the parser of c's command family.
func parseKind(c Command, out string) (any, error) {
	switch c.Kind {
	case parsers.KindIKEv2SA:
		return ParseIKEv2SA(out)
	case parsers.KindIPsecSA:
		return ParseIPsecSA(out)
	case parsers.KindCryptoSession:
		return ParseCryptoSession(out)
	case parsers.KindInterfaces:
		return ParseInterfaces(out)
	case parsers.KindRunningConfig:
		return ParseRunningConfig(out)
	case parsers.KindBGPSummary:
		return ParseBGPSummary(out)
	case parsers.KindBGPNeighbors:
		return ParseBGPNeighbors(out)
	case parsers.KindBGPRoutes:
		return ParseBGPTable(out)
	case parsers.KindRouteLookup:
		return ParseRouteLookup(out)
	case parsers.KindRouteTable:
		return ParseRouteTable(out)
	case parsers.KindPing:
		return ParsePing(out)
	case parsers.KindVersion:
		return ParseVersion(out)
	case parsers.KindLogging:
		return ParseLogging(out)
	case parsers.KindCEF:
		return ParseCEF(out)
	case parsers.KindInterfaceBrief:
		return ParseInterfaceBrief(out)
	}
	return nil, fmt.Errorf("no parser for command kind %q", c.Kind)
}
