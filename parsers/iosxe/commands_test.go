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
		{"show crypto ikev2 sa detail", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa detail", Detail: true}, true},
		{"sh cry ikev2 sa det", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa detail", Detail: true}, true},
		{"sh crypto ipsec sa peer 198.51.100.1 detail", Command{Kind: parsers.KindIPsecSA, Text: "show crypto ipsec sa peer 198.51.100.1 detail", Arg: "198.51.100.1", Scope: "peer 198.51.100.1", Detail: true}, true},
		{"show crypto session detail", Command{Kind: parsers.KindCryptoSession, Text: "show crypto session detail", Detail: true}, true},
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
		{"show ip route vrf CUST 203.0.113.1", Command{Kind: parsers.KindRouteLookup, Text: "show ip route vrf CUST 203.0.113.1", Arg: "203.0.113.1", VRF: "CUST"}, true},
		{"show ip route bgp", Command{Kind: parsers.KindRouteTable, Text: "show ip route bgp", Arg: "bgp"}, true},
		{"ping 100.64.1.1 source Tunnel1 repeat 5", Command{Kind: parsers.KindPing, Text: "ping 100.64.1.1 source Tunnel1 repeat 5", Arg: "100.64.1.1"}, true},
		{"show version", Command{Kind: parsers.KindVersion, Text: "show version"}, true},
		{"show clock", Command{Text: "show clock"}, false},

		// show logging, show ip cef, show ip interface brief.
		{"show logging", Command{Kind: parsers.KindLogging, Text: "show logging"}, true},
		{"sh log", Command{Kind: parsers.KindLogging, Text: "show logging"}, true},
		{"sh logg | i BADAUTH", Command{Kind: parsers.KindLogging, Text: "show logging | include BADAUTH", Filter: "include BADAUTH"}, true},
		{"show logging onboard slot 0", Command{Text: "show logging onboard slot 0"}, false},
		{"show ip cef", Command{Kind: parsers.KindCEF, Text: "show ip cef"}, true},
		{"sh ip cef 203.0.113.1", Command{Kind: parsers.KindCEF, Text: "show ip cef 203.0.113.1", Arg: "203.0.113.1"}, true},
		{"show ip cef 203.0.113.0/25 detail", Command{Kind: parsers.KindCEF, Text: "show ip cef 203.0.113.0/25 detail", Arg: "203.0.113.0/25", Detail: true}, true},
		{"show ip cef 203.0.113.0 255.255.255.128", Command{Kind: parsers.KindCEF, Text: "show ip cef 203.0.113.0 255.255.255.128", Arg: "203.0.113.0", Mask: "255.255.255.128"}, true},
		{"show ip cef vrf DI 203.0.113.1 det", Command{Kind: parsers.KindCEF, Text: "show ip cef vrf DI 203.0.113.1 detail", Arg: "203.0.113.1", VRF: "DI", Detail: true}, true},
		{"show ip cef exact-route 10.1.1.1 20.1.1.1", Command{Text: "show ip cef exact-route 10.1.1.1 20.1.1.1"}, false},
		{"sh ip int br", Command{Kind: parsers.KindInterfaceBrief, Text: "show ip interface brief"}, true},
		{"show ip interface brief | include Tunnel", Command{Kind: parsers.KindInterfaceBrief, Text: "show ip interface brief | include Tunnel", Filter: "include Tunnel"}, true},

		// Route lookups with a mask and a VRF.
		{"show ip route 203.0.113.0 255.255.255.128", Command{Kind: parsers.KindRouteLookup, Text: "show ip route 203.0.113.0 255.255.255.128", Arg: "203.0.113.0", Mask: "255.255.255.128"}, true},
		{"sh ip ro vrf DI 203.0.113.0 255.255.255.0", Command{Kind: parsers.KindRouteLookup, Text: "show ip route vrf DI 203.0.113.0 255.255.255.0", Arg: "203.0.113.0", VRF: "DI", Mask: "255.255.255.0"}, true},
		{"show ip route vrf DI", Command{Kind: parsers.KindRouteTable, Text: "show ip route vrf DI", VRF: "DI"}, true},
		{"show ip route vrf R bgp", Command{Kind: parsers.KindRouteTable, Text: "show ip route vrf R bgp", Arg: "bgp", VRF: "R"}, true},
		{"show ip route | include 203.0.113", Command{Kind: parsers.KindRouteTable, Text: "show ip route | include 203.0.113", Filter: "include 203.0.113"}, true},

		// VRF and VPNv4 BGP forms.
		{"show bgp vpnv4 unicast vrf DI summary", Command{Kind: parsers.KindBGPSummary, Text: "show bgp vpnv4 unicast vrf DI summary", VRF: "DI"}, true},
		{"show bgp vpnv4 unicast vrf DI neighbors 100.64.1.1 routes", Command{Kind: parsers.KindBGPRoutes, Text: "show bgp vpnv4 unicast vrf DI neighbors 100.64.1.1 routes", Arg: "100.64.1.1", Variant: "routes", VRF: "DI"}, true},
		{"sh ip bgp vpnv4 vrf DI nei 100.64.1.1 adv", Command{Kind: parsers.KindBGPRoutes, Text: "show ip bgp vpnv4 vrf DI neighbors 100.64.1.1 advertised-routes", Arg: "100.64.1.1", Variant: "advertised-routes", VRF: "DI"}, true},
		{"show ip bgp vpnv4 vrf DI neighbors 100.64.1.1", Command{Kind: parsers.KindBGPNeighbors, Text: "show ip bgp vpnv4 vrf DI neighbors 100.64.1.1", Arg: "100.64.1.1", VRF: "DI"}, true},
		{"show ip bgp vrf DI summary", Command{Kind: parsers.KindBGPSummary, Text: "show ip bgp vrf DI summary", VRF: "DI"}, true},

		// ping with a VRF or a source.
		{"ping vrf DI 100.64.1.1 source Tunnel1", Command{Kind: parsers.KindPing, Text: "ping vrf DI 100.64.1.1 source Tunnel1", Arg: "100.64.1.1", VRF: "DI"}, true},
		{"ping 100.64.1.1 so Tu1 re 5", Command{Kind: parsers.KindPing, Text: "ping 100.64.1.1 source Tu1 repeat 5", Arg: "100.64.1.1"}, true},
		{"ping ip vrf DI 100.64.1.1", Command{Kind: parsers.KindPing, Text: "ping ip vrf DI 100.64.1.1", Arg: "100.64.1.1", VRF: "DI"}, true},

		// Partial running configs.
		{"show running-config interface Tunnel1", Command{Kind: parsers.KindRunningConfig, Text: "show running-config interface Tunnel1", Scope: "interface Tunnel1"}, true},
		{"sh run int tu1", Command{Kind: parsers.KindRunningConfig, Text: "show running-config interface tu1", Scope: "interface Tunnel1"}, true},
		{"sh run | s crypto ikev2", Command{Kind: parsers.KindRunningConfig, Text: "show running-config | section crypto ikev2", Filter: "section crypto ikev2"}, true},
		{"show run | i username", Command{Kind: parsers.KindRunningConfig, Text: "show running-config | include username", Filter: "include username"}, true},
		{"show running-config all", Command{Kind: parsers.KindRunningConfig, Text: "show running-config all"}, true},

		// Crypto forms narrowed to one peer or interface.
		{"show crypto ipsec sa interface Tunnel1", Command{Kind: parsers.KindIPsecSA, Text: "show crypto ipsec sa interface Tunnel1", Arg: "Tunnel1", Scope: "interface Tunnel1"}, true},
		{"sh cry ipsec sa int tu2 det", Command{Kind: parsers.KindIPsecSA, Text: "show crypto ipsec sa interface tu2 detail", Arg: "tu2", Scope: "interface Tunnel2", Detail: true}, true},
		{"show crypto ikev2 sa remote 198.51.100.1 detail", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa remote 198.51.100.1 detail", Arg: "198.51.100.1", Scope: "remote 198.51.100.1", Detail: true}, true},
		{"show crypto ikev2 sa local 192.0.2.1", Command{Kind: parsers.KindIKEv2SA, Text: "show crypto ikev2 sa local 192.0.2.1", Scope: "local 192.0.2.1"}, true},
		{"sh crypto session remote 198.51.100.1 det", Command{Kind: parsers.KindCryptoSession, Text: "show crypto session remote 198.51.100.1 detail", Arg: "198.51.100.1", Scope: "remote 198.51.100.1", Detail: true}, true},
		{"show interfaces Tunnel1 | include line protocol", Command{Kind: parsers.KindInterfaces, Text: "show interfaces Tunnel1 | include line protocol", Arg: "Tunnel1", Filter: "include line protocol"}, true},
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
