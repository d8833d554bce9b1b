package iosxe

import (
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

func TestIdentify(t *testing.T) {
	tests := []struct {
		cmd  string
		want Command
		ok   bool
	}{
		{"show crypto ikev2 sa detail", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa detail"}, true},
		{"sh cry ikev2 sa det", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa detail"}, true},
		{"sh crypto ipsec sa peer 198.51.100.1 detail", Command{Kind: parsers.KindIPsecSA, Text: "show crypto ipsec sa peer 198.51.100.1 detail", Arg: "198.51.100.1"}, true},
		{"show crypto session detail", Command{Kind: parsers.KindCryptoSession, Text: "show crypto session detail"}, true},
		{"sh int Tunnel1", Command{Kind: parsers.KindInterfaces, Text: "show interfaces Tunnel1", Arg: "Tunnel1"}, true},
		{"show interface Tunnel2", Command{Kind: parsers.KindInterfaces, Text: "show interfaces Tunnel2", Arg: "Tunnel2"}, true},
		{"sh run", Command{Kind: parsers.KindRunningConfig, Text: "show running-config"}, true},
		{"sh ip bgp sum", Command{Kind: parsers.KindBGPSummary, Text: "show ip bgp summary"}, true},
		{"show bgp ipv4 unicast summary", Command{Kind: parsers.KindBGPSummary, Text: "show bgp ipv4 unicast summary"}, true},
		{"show ip bgp all summary", Command{Kind: parsers.KindBGPSummary, Text: "show ip bgp all summary"}, true},
		{"show ip bgp neighbors 100.64.1.1", Command{Kind: parsers.KindBGPNeighbors, Text: "show ip bgp neighbors 100.64.1.1", Arg: "100.64.1.1"}, true},
		{"show bgp all neighbors", Command{Kind: parsers.KindBGPNeighbors, Text: "show bgp all neighbors"}, true},
		{"sh ip bgp nei 100.64.1.1 adv", Command{Kind: parsers.KindBGPRoutes, Text: "show ip bgp neighbors 100.64.1.1 advertised-routes", Arg: "100.64.1.1", Variant: "advertised-routes"}, true},
		{"show ip bgp neighbors 100.64.1.1 received-routes", Command{Kind: parsers.KindBGPRoutes, Text: "show ip bgp neighbors 100.64.1.1 received-routes", Arg: "100.64.1.1", Variant: "received-routes"}, true},
		{"show bgp ipv4 unicast neighbors 100.64.1.1 routes", Command{Kind: parsers.KindBGPRoutes, Text: "show bgp ipv4 unicast neighbors 100.64.1.1 routes", Arg: "100.64.1.1", Variant: "routes"}, true},
		{"show ip bgp", Command{Kind: parsers.KindBGPRoutes, Text: "show ip bgp"}, true},
		{"show ip route 203.0.113.1", Command{Kind: parsers.KindRouteLookup, Text: "show ip route 203.0.113.1", Arg: "203.0.113.1"}, true},
		{"show ip route vrf CUST 203.0.113.1", Command{Kind: parsers.KindRouteLookup, Text: "show ip route vrf CUST 203.0.113.1", Arg: "203.0.113.1"}, true},
		{"show ip route bgp", Command{Kind: parsers.KindRouteTable, Text: "show ip route bgp", Arg: "bgp"}, true},
		{"ping 100.64.1.1 source Tunnel1 repeat 5", Command{Kind: parsers.KindPing, Text: "ping 100.64.1.1 source Tunnel1 repeat 5", Arg: "100.64.1.1"}, true},
		{"show version", Command{Kind: parsers.KindVersion, Text: "show version"}, true},
		{"show clock", Command{Text: "show clock"}, false},
		{"configure terminal", Command{Text: "configure terminal"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			got, ok := Identify(tt.cmd)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Identify(%q) = %+v, %v; want %+v, %v", tt.cmd, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCanonicalPipe(t *testing.T) {
	tests := map[string]string{
		"sh run | s ikev2 keyring":  "show running-config | section ikev2 keyring",
		"sh ip bgp sum | i 100.64":  "show ip bgp summary | include 100.64",
		"show run | sec router bgp": "show running-config | section router bgp",
	}
	for in, want := range tests {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}
