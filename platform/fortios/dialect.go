package fortios

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// Dialect is a FortiGate's words: get, show and diagnose for what they
// show, execute ping (after its ping-options) for pings, and CLI
// configuration blocks for fixes.
type Dialect struct{}

// ipv4ICMPHeaders is what FortiOS's data-size leaves out of a packet:
// vcdiag's sizes are whole IPv4 packets (20 bytes of IP header, 8 of ICMP).
const ipv4ICMPHeaders = 28

// mtuProbeRepeat is the echoes per DF probe.
const mtuProbeRepeat = 2

// Show returns the command for q, as Plan sends it, so that a report's
// "verify with" can be pasted into the FortiGate's CLI. A ping is several
// lines: FortiOS sets a ping's source, size and DF bit with "execute
// ping-options" before "execute ping"; the lines are separated by "\n".
// The log has no read-only command vcdiag runs ("execute log display" is
// an execute): Show returns "" for it.
func (Dialect) Show(q evidence.Query) string {
	switch q.Family {
	case evidence.FamilyIKE:
		return "diagnose vpn ike gateway list"
	case evidence.FamilyChildSA:
		return "diagnose vpn tunnel list"
	case evidence.FamilyInterface:
		return "get system interface"
	case evidence.FamilyConfig:
		return "show system gre-tunnel"
	case evidence.FamilyBGPNeighbor:
		if q.Neighbor.IsValid() {
			return "get router info bgp neighbors " + q.Neighbor.String()
		}
		return "get router info bgp summary"
	case evidence.FamilyRoutesReceived, evidence.FamilyRoutesAccepted, evidence.FamilyRoutesAdvertised:
		listing := map[evidence.Family]string{evidence.FamilyRoutesReceived: "received-routes",
			evidence.FamilyRoutesAccepted: "routes", evidence.FamilyRoutesAdvertised: "advertised-routes"}[q.Family]
		return "get router info bgp neighbors " + q.Neighbor.String() + " " + listing
	case evidence.FamilyRouteLookup:
		return "get router info routing-table details " + q.Address.String()
	case evidence.FamilyPing:
		return pingLines(q)
	case evidence.FamilyVersion:
		return "get system status"
	case evidence.FamilyLog:
		return ""
	}
	return "show system gre-tunnel"
}

// pingLines are the lines of one ping: the options it needs, then the
// ping. The options last for the session, so every ping sets all of them
// (a DF probe must not leave the DF bit set for the next plain ping).
func pingLines(q evidence.Query) string {
	var l []string
	if a, err := netip.ParseAddr(q.Source); err == nil {
		l = append(l, "execute ping-options source "+a.String())
	}
	// ping-options source takes only an address: a source named by
	// interface (a check's verify command) is left out, and FortiOS then
	// sources the ping from the egress interface, the tunnel's own address.
	if q.DF {
		l = append(l, "execute ping-options df-bit yes",
			fmt.Sprintf("execute ping-options data-size %d", max(q.Size-ipv4ICMPHeaders, 0)),
			fmt.Sprintf("execute ping-options repeat-count %d", mtuProbeRepeat))
	} else {
		l = append(l, "execute ping-options df-bit no", "execute ping-options data-size 56",
			"execute ping-options repeat-count 5")
	}
	return strings.Join(append(l, "execute ping "+q.Address.String()), "\n")
}

// Fix returns the configuration for f in FortiOS CLI blocks, lines
// separated by " / "; "" where the FortiOS words are not certain.
func (Dialect) Fix(f evidence.Fix) string {
	n := strconv.Itoa(f.N)
	lines := func(l ...string) string { return "`" + strings.Join(l, " / ") + "`" }
	switch f.Key {
	case evidence.FixNoShutdown:
		return lines("config system interface", "edit "+f.Interface, "set status up", "end")
	case evidence.FixTunnelSource:
		return lines("config system gre-tunnel", "edit "+f.Interface, "set local-gw "+f.Address.String(), "end")
	case evidence.FixTunnelDestination:
		return lines("config system gre-tunnel", "edit "+f.Interface, "set remote-gw "+f.Address.String(), "end")
	case evidence.FixKeepalive:
		return lines("config system gre-tunnel", "edit "+f.Interface, "set keepalive-interval 10", "set keepalive-failtimes 3", "end")
	case evidence.FixTunnelAddress:
		if !f.Prefix.IsValid() {
			return ""
		}
		return lines("config system interface", "edit "+f.Interface, "set ip "+f.Prefix.Addr().String()+" 255.255.255.255",
			"set remote-ip <the DI tunnel IP> "+maskOf(f.Prefix.Bits()), "end")
	case evidence.FixAdjustMSS:
		return lines("config firewall policy", "edit <the policy to the tunnel>", "set tcp-mss-sender "+n, "set tcp-mss-receiver "+n, "end")
	case evidence.FixIPMTU:
		return lines("config system interface", "edit "+f.Interface, "set mtu-override enable", "set mtu "+n, "end")
	case evidence.FixBGPNeighbor, evidence.FixBGPRemoteAS:
		return lines("config router bgp", "config neighbor", "edit "+f.Neighbor.String(), "set remote-as "+n, "end", "end")
	case evidence.FixBGPLocalAS:
		if f.N2 != 0 && f.N2 != f.N {
			return lines("config router bgp", "config neighbor", "edit "+f.Neighbor.String(), "set local-as "+n, "end", "end")
		}
		return lines("config router bgp", "set as "+n, "end")
	case evidence.FixBGPPassword:
		return lines("config router bgp", "config neighbor", "edit "+f.Neighbor.String(), "set password <the BGP password from Control Hub>", "end", "end")
	case evidence.FixDFPing:
		return "`" + strings.ReplaceAll(pingLines(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: f.Address, Source: f.Interface, Size: f.N}), "\n", " / ") + "`"
	}
	// IKE proposals, transforms, selectors, PMTUD, policies: FortiOS words
	// exist (phase1-interface proposal, phase2-interface pfs) but their
	// mapping from the form's names is not verified yet.
	return ""
}

// maskOf spells a prefix length as a dotted mask.
func maskOf(bits int) string {
	if bits < 0 || bits > 32 {
		return ""
	}
	m := uint32(0)
	if bits > 0 {
		m = ^uint32(0) << (32 - bits)
	}
	return fmt.Sprintf("%d.%d.%d.%d", m>>24, m>>16&0xff, m>>8&0xff, m&0xff)
}
