package iosxe

import "strings"

// A configuration has no header a filtered output keeps (`| section crypto`
// prints bare blocks, `| include neighbor` bare indented lines), so its
// lines are recognised by their first keyword: a line at the margin must
// start with a global configuration command, an indented line with a
// sub-mode one. The words are those of real configurations (the corpus,
// the lab, the field cases); IOS has more, and a configuration holds
// dozens of these, so a missing one never matters. What matters is that no
// line of another show output starts with one: their lines start with a
// capital, a digit, or a lower-case word not listed here ("reliability",
// "fast", "iss:"), and "no" counts only before a listed word (`show ip cef`
// prints "no route").

// configGlobal lists global commands; a non-nil value lists the words that
// may follow ("router bgp", not "router uptime is": a hostname "router"
// starts a show version line).
var configGlobal = map[string][]string{
	"aaa": nil, "access-list": nil, "alias": nil, "archive": nil, "banner": nil, "boot": nil,
	"bridge": nil, "call-home": nil, "cdp": nil, "class-map": nil, "clock": nil, "crypto": nil,
	"default": nil, "dial-peer": nil, "diagnostic": nil, "dot1x": nil, "enable": nil,
	"errdisable": nil, "event": nil, "exception": nil, "file": nil, "flow": nil, "hostname": nil,
	"interface": nil, "ip": nil, "ipv6": nil, "key": nil, "license": nil, "line": nil, "lldp": nil,
	"logging": nil, "login": nil, "memory": nil, "monitor": nil, "mpls": nil, "multilink": nil,
	"netconf-yang": nil, "no": nil, "ntp": nil, "object-group": nil, "parameter-map": nil,
	"platform": nil, "policy-map": nil, "privilege": nil, "radius": nil, "radius-server": nil,
	"restconf": nil, "route-map": nil, "service": nil,
	"snmp-server": nil, "spanning-tree": nil, "subscriber": nil, "tacacs": nil, "tacacs-server": nil,
	"telemetry": nil, "template": nil, "track": nil, "transceiver": nil, "username": nil,
	"version": nil, "virtual-service": nil, "vlan": nil, "voice": nil, "vrf": nil, "vtp": nil,
	"zone": nil, "zone-pair": nil, "host-reachability": nil,
	"router": {"bgp", "ospf", "ospfv3", "eigrp", "rip", "isis", "odr", "lisp", "static"},
}

// configAlone are the global commands that take no argument.
var configAlone = map[string]bool{
	"end": true, "control-plane": true, "redundancy": true, "boot-start-marker": true,
	"boot-end-marker": true,
}

// configSub lists sub-mode commands (interface, router bgp, crypto
// proposals, keyrings, profiles, maps, route-maps, lines, address families).
var configSub = map[string]bool{
	"neighbor": true, "network": true, "address-family": true, "bgp": true, "redistribute": true,
	"description": true, "ip": true, "ipv6": true, "tunnel": true, "negotiation": true,
	"set": true, "match": true, "service-policy": true, "encapsulation": true, "bandwidth": true,
	"mtu": true, "keepalive": true, "vrf": true, "authentication": true, "pre-shared-key": true,
	"peer": true, "address": true, "proposal": true, "mode": true, "keyring": true, "group": true,
	"encryption": true, "integrity": true, "prf": true, "lifetime": true, "dpd": true,
	"identity": true, "template": true, "send-community": true, "update-source": true,
	"remote-as": true, "route-reflector-client": true, "transport": true, "stopbits": true,
	"password": true, "login": true, "exec-timeout": true, "privilege": true, "logging": true,
	"speed": true, "duplex": true, "media-type": true, "channel-group": true, "switchport": true,
	"standby": true, "vrrp": true, "load-interval": true, "permit": true, "deny": true,
	"remark": true, "default-information": true, "maximum-paths": true, "timers": true,
	"distance": true, "rd": true, "route-target": true, "crypto": true, "cdp": true, "arp": true,
	"police": true, "class": true, "priority": true, "shape": true, "queue-limit": true,
	"subject-name": true, "enrollment": true, "revocation-check": true, "rsakeypair": true,
	"certificate": true, "pfs": true, "ikev2-profile": true, "transform-set": true,
	"match-address": true, "pppoe-client": true, "dialer": true, "dialer-group": true, "ppp": true,
	"pppoe": true, "nat": true, "hold-queue": true, "default": true, "no": true,
}

// configSubAlone are the sub-mode commands that take no argument.
var configSubAlone = map[string]bool{
	"shutdown": true, "exit-address-family": true, "exit-peer-policy": true, "exit-peer-session": true,
	"synchronization": true, "auto-summary": true, "quit": true, "exit": true,
}

// isConfigLine reports a line of a configuration: its framing ("Building
// configuration...", "Current configuration : 4213 bytes", "end") or a
// command line.
func isConfigLine(raw, t string) bool {
	if hasPrefixAny(t, "Building configuration", "Current configuration") {
		return true
	}
	f := strings.Fields(t)
	if raw[0] == ' ' || raw[0] == '\t' {
		return isSubCommand(f)
	}
	return isGlobalCommand(f)
}

func isGlobalCommand(f []string) bool {
	if len(f) == 1 {
		return configAlone[f[0]]
	}
	follow, ok := configGlobal[f[0]]
	switch {
	case !ok:
		return false
	case f[0] == "no" || f[0] == "default":
		return isGlobalCommand(f[1:])
	case f[0] == "ip" || f[0] == "ipv6":
		return isKeyword(f[1])
	case f[0] == "interface":
		return f[1][0] >= 'A' && f[1][0] <= 'Z' // Tunnel1, GigabitEthernet1
	case follow != nil:
		for _, w := range follow {
			if f[1] == w {
				return true
			}
		}
		return false
	}
	return true
}

func isSubCommand(f []string) bool {
	if len(f) == 0 {
		return false
	}
	if len(f) == 1 {
		return configSubAlone[f[0]]
	}
	switch f[0] {
	case "no", "default":
		return isSubCommand(f[1:])
	case "ip", "ipv6":
		// "ip address", "ipv6 enable"; not "ipv6 MPLS Label capability:"
		// (show bgp neighbors).
		return isKeyword(f[1])
	}
	return configSub[f[0]]
}

// isKeyword reports an IOS command word: lower case, digits, hyphens.
func isKeyword(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' && i > 0 || c == '-' && i > 0) {
			return false
		}
	}
	return w != ""
}

// isConfigSeparator reports the "!" separators and comments of a
// configuration: they prove nothing, since a ping prints "!!!!!".
func isConfigSeparator(t string) bool {
	return strings.HasPrefix(t, "!")
}
