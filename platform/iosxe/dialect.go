package iosxe

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// Dialect is IOS-XE's words for the commands that show facts and the
// configuration that fixes what the checks find.
type Dialect struct{}

// mtuProbeRepeat is the echoes per DF probe: two, so that one lost echo
// does not read as a size limit.
const mtuProbeRepeat = 2

// Show returns the IOS command for q. The commands are the ones Plan
// sends, so a check's "verify with" can be pasted as is.
func (Dialect) Show(q evidence.Query) string {
	vrf := ""
	if q.VRF != "" {
		vrf = "vrf " + q.VRF + " "
	}
	switch q.Family {
	case evidence.FamilyIKE:
		return "show crypto ikev2 sa detail"
	case evidence.FamilyChildSA:
		if q.Peer.IsValid() {
			return "show crypto ipsec sa peer " + q.Peer.String() + " detail"
		}
		return "show crypto ipsec sa detail"
	case evidence.FamilyInterface:
		if q.Interface != "" {
			return "show interfaces " + parsers.InterfaceName(q.Interface)
		}
		return "show interfaces"
	case evidence.FamilyConfig:
		if q.Interface != "" {
			return "show running-config interface " + parsers.InterfaceName(q.Interface)
		}
		return "show running-config"
	case evidence.FamilyBGPNeighbor:
		switch {
		case q.Neighbor.IsValid() && q.VRF != "":
			return "show ip bgp vpnv4 vrf " + q.VRF + " neighbors " + q.Neighbor.String()
		case q.Neighbor.IsValid():
			return "show ip bgp neighbors " + q.Neighbor.String()
		case q.VRF != "":
			return "show bgp vpnv4 unicast vrf " + q.VRF + " summary"
		}
		return "show ip bgp summary"
	case evidence.FamilyRoutesReceived, evidence.FamilyRoutesAccepted, evidence.FamilyRoutesAdvertised:
		listing := map[evidence.Family]string{evidence.FamilyRoutesReceived: "received-routes",
			evidence.FamilyRoutesAccepted: "routes", evidence.FamilyRoutesAdvertised: "advertised-routes"}[q.Family]
		if q.VRF != "" {
			return "show ip bgp vpnv4 vrf " + q.VRF + " neighbors " + q.Neighbor.String() + " " + listing
		}
		return "show ip bgp neighbors " + q.Neighbor.String() + " " + listing
	case evidence.FamilyRouteLookup:
		return "show ip route " + vrf + q.Address.String()
	case evidence.FamilyPing:
		if q.DF {
			return fmt.Sprintf("ping %s%s size %d df-bit source %s repeat %d", vrf, q.Address, q.Size, q.Source, mtuProbeRepeat)
		}
		return "ping " + vrf + q.Address.String() + " source " + q.Source + " repeat 5"
	case evidence.FamilyLog:
		return "show logging"
	case evidence.FamilyVersion:
		return "show version"
	}
	return "show running-config"
}

// Fix returns the IOS configuration for f, lines separated by " / " (a
// report line holds one string): "`interface Tunnel1 / ip tcp adjust-mss
// 1350`".
func (Dialect) Fix(f evidence.Fix) string {
	iface := "interface " + parsers.InterfaceName(f.Interface)
	n := strconv.Itoa(f.N)
	lines := func(l ...string) string {
		for i := range l {
			l[i] = strings.TrimSpace(l[i])
		}
		return "`" + strings.Join(l, " / ") + "`"
	}
	switch f.Key {
	case evidence.FixIKEProposal:
		return lines(ikeProposal(f.Values)...)
	case evidence.FixIPsecTransform:
		out := []string{"crypto ipsec transform-set VC " + strings.Join(transformWords(f.Values), " ")}
		if f.Mode != "" {
			out = append(out, " mode "+f.Mode)
		}
		out = append(out, "crypto ipsec profile <profile>", " set transform-set VC")
		if f.N > 0 {
			out = append(out, " set pfs group"+n)
		} else {
			out = append(out, " no set pfs")
		}
		return lines(out...)
	case evidence.FixCryptoSelectorGRE:
		return lines("ip access-list extended <crypto ACL>", " permit gre host "+f.Address.String()+" host "+f.Address2.String())
	case evidence.FixKeepalive:
		return lines(iface, " keepalive 10 3")
	case evidence.FixNoShutdown:
		return lines(iface, " no shutdown")
	case evidence.FixTunnelSource:
		return lines(iface, " tunnel source "+f.Address.String())
	case evidence.FixTunnelDestination:
		return lines(iface, " tunnel destination "+f.Address.String())
	case evidence.FixTunnelAddress:
		return lines(iface, " ip address "+f.Prefix.Addr().String()+" "+mask(f.Prefix.Bits()))
	case evidence.FixTunnelVRF:
		if f.VRF == "" {
			return lines(iface, " no tunnel vrf")
		}
		return lines(iface, " tunnel vrf "+f.VRF)
	case evidence.FixAdjustMSS:
		return lines(iface, " ip tcp adjust-mss "+n)
	case evidence.FixPMTUD:
		return lines(iface, " tunnel path-mtu-discovery")
	case evidence.FixIPMTU:
		return lines(iface, " ip mtu "+n)
	case evidence.FixBGPNeighbor:
		return lines("router bgp <ASN>", " neighbor "+f.Neighbor.String()+" remote-as "+n)
	case evidence.FixBGPRemoteAS:
		return lines("router bgp <ASN>", " neighbor "+f.Neighbor.String()+" remote-as "+n)
	case evidence.FixBGPLocalAS:
		if f.N2 != 0 && f.N2 != f.N {
			return lines("router bgp "+strconv.Itoa(f.N2), " neighbor "+f.Neighbor.String()+" local-as "+n+" no-prepend replace-as")
		}
		return lines("router bgp " + n)
	case evidence.FixBGPPassword:
		return lines("router bgp <ASN>", " neighbor "+f.Neighbor.String()+" password <the BGP password from Control Hub>")
	case evidence.FixBGPDefaultOnly:
		return lines("ip prefix-list VC-OUT permit 0.0.0.0/0", "router bgp <ASN>",
			" neighbor "+f.Neighbor.String()+" default-originate", " neighbor "+f.Neighbor.String()+" prefix-list VC-OUT out")
	case evidence.FixBGPAcceptPrefixes:
		var out []string
		for _, p := range f.Prefixes {
			for _, pol := range f.Values {
				if name, ok := strings.CutPrefix(pol, "prefix-list "); ok {
					out = append(out, "ip prefix-list "+name+" permit "+p.String())
				}
			}
		}
		if len(out) == 0 {
			return ""
		}
		return lines(out...)
	case evidence.FixDFPing:
		return "`" + Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: f.Address, Source: f.Interface, Size: f.N}) + "`"
	}
	return ""
}

// ikeProposal spells an IKEv2 proposal: values are "encryption=...",
// "prf=...", "integrity=...", "group=..." pairs.
func ikeProposal(values []string) []string {
	out := []string{"crypto ikev2 proposal VC"}
	for _, v := range values {
		k, val, _ := strings.Cut(v, "=")
		switch k {
		case "encryption", "prf", "integrity":
			out = append(out, " "+k+" "+val)
		case "group":
			out = append(out, " group "+val)
		}
	}
	return out
}

// transformWords spells normalised transform names the way the
// transform-set command takes them: "esp-gcm-256" is "esp-gcm 256".
func transformWords(ts []string) []string {
	var out []string
	for _, t := range ts {
		switch {
		case strings.HasPrefix(t, "esp-gcm-"), strings.HasPrefix(t, "esp-aes-"), strings.HasPrefix(t, "esp-gmac-"):
			i := strings.LastIndexByte(t, '-')
			out = append(out, t[:i]+" "+t[i+1:])
		default:
			out = append(out, t)
		}
	}
	return out
}

func mask(bits int) string {
	if bits < 0 || bits > 32 {
		return "255.255.255.255"
	}
	v := ^uint32(0) << (32 - bits)
	if bits == 0 {
		v = 0
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}).String()
}
