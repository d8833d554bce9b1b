package iosxe

import (
	"fmt"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Command is a recognised command line.
type Command struct {
	Kind parsers.Kind
	// Text is the canonical, unabbreviated command ("show ip bgp summary").
	Text string
	// Arg is the address or name the command is about, when it has one:
	// the peer of "show crypto ipsec sa peer X", the neighbor of
	// "show ip bgp neighbors X routes", the target of "ping X", the
	// interface of "show interfaces Tunnel1".
	Arg string
	// Variant distinguishes the BGP route listings: "advertised-routes",
	// "received-routes", "routes" (and "" for the whole table).
	Variant string
}

// vocabulary lists the full words of the commands vcdiag reads, so that
// abbreviations people type in session logs ("sh cry ikev2 sa det",
// "sh ip bgp sum") can be expanded to the words IOS accepts.
var vocabulary = []string{
	"show", "crypto", "ikev2", "ipsec", "session", "detail", "interfaces", "running-config",
	"ip", "bgp", "summary", "neighbors", "advertised-routes", "received-routes", "routes",
	"route", "version", "peer", "ipv4", "unicast", "ping", "source", "repeat", "size",
	"df-bit", "timeout", "vrf", "section", "include", "interface", "brief", "isakmp",
}

// Canonical expands an abbreviated IOS command word by word. A word is
// expanded only when it is a unique prefix of a known word; arguments
// (addresses, interface names) are kept as typed.
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
		if lw == "sa" || lw == "int" && i > 0 && words[i-1] == "run" {
			words[i] = lw
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
	out := Command{Text: c}
	switch {
	case len(w) >= 2 && w[0] == "ping":
		out.Kind, out.Arg = parsers.KindPing, pingTarget(w[1:])
	case has("show", "crypto", "ikev2", "sa"):
		out.Kind = parsers.KindIKEv2SA
	case has("show", "crypto", "ipsec", "sa"):
		out.Kind = parsers.KindIPsecSA
		if len(w) >= 6 && w[4] == "peer" {
			out.Arg = w[5]
		}
	case has("show", "crypto", "session"):
		out.Kind = parsers.KindCryptoSession
	case has("show", "interfaces"):
		out.Kind = parsers.KindInterfaces
		if len(w) >= 3 {
			out.Arg = strings.Join(w[2:], " ")
		}
	case has("show", "running-config"):
		out.Kind = parsers.KindRunningConfig
	case has("show", "ip", "bgp"), has("show", "bgp"):
		if !identifyBGP(w, &out) {
			return out, false
		}
	case has("show", "ip", "route"):
		switch {
		case len(w) == 3 || len(w) == 4 && w[3] == "bgp":
			out.Kind = parsers.KindRouteTable
			if len(w) == 4 {
				out.Arg = "bgp"
			}
		case w[3] == "vrf" && len(w) >= 6:
			out.Kind, out.Arg = parsers.KindRouteLookup, w[5]
		case w[3] == "vrf":
			out.Kind = parsers.KindRouteTable
		default:
			out.Kind, out.Arg = parsers.KindRouteLookup, w[3]
		}
	case has("show", "version"):
		out.Kind = parsers.KindVersion
	default:
		return out, false
	}
	return out, true
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

// Parse runs the parser for cmd on out and returns its typed result:
// []parsers.IKEv2SA, []parsers.IPsecFlow, []parsers.CryptoSession,
// []parsers.Interface, *parsers.RunningConfig, *parsers.BGPSummary,
// []parsers.BGPNeighbor, *parsers.BGPTable, *parsers.RouteLookup,
// []parsers.Route, *parsers.Ping or *parsers.Version.
func Parse(cmd, out string) (any, error) {
	c, ok := Identify(cmd)
	if !ok {
		return nil, fmt.Errorf("no cisco_iosxe parser for %q", cmd)
	}
	return ParseCommand(c, out)
}

// ParseCommand is Parse for an already identified command.
func ParseCommand(c Command, out string) (any, error) {
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
	}
	return nil, fmt.Errorf("no parser for command kind %q", c.Kind)
}
