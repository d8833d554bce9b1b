package linux

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// Dialect is a Linux CPE's words: swanctl and ip for what they show, vtysh
// for BGP and routes, iputils ping; fixes in swanctl.conf, FRR and
// iproute2 terms.
type Dialect struct{}

// mtuProbeRepeat is the echoes per DF probe: two, so that one lost echo
// does not read as a size limit.
const mtuProbeRepeat = 2

// ipv4ICMPHeaders is what ping -s leaves out of the packet size: iputils'
// -s is the ICMP payload, vcdiag's sizes (like IOS's) are whole IPv4
// packets: 20 bytes of IP header and 8 of ICMP.
const ipv4ICMPHeaders = 28

// vtysh quotes one FRR command as vcdiag sends it.
func vtysh(cmd string) string { return "vtysh -c '" + cmd + "'" }

// Show returns the command for q, as Plan sends it, so that a report's
// "verify with" can be pasted into a shell on the CPE.
func (Dialect) Show(q evidence.Query) string {
	vrf := ""
	if q.VRF != "" {
		vrf = " vrf " + q.VRF
	}
	switch q.Family {
	case evidence.FamilyIKE, evidence.FamilyChildSA:
		return "swanctl --list-sas"
	case evidence.FamilyInterface:
		// The address form: the link, its GRE details, its address and
		// its counters in one output.
		if q.Interface != "" {
			return "ip -d -s address show dev " + q.Interface
		}
		return "ip -d -s address show"
	case evidence.FamilyConfig:
		return vtysh("show running-config")
	case evidence.FamilyBGPNeighbor:
		if q.Neighbor.IsValid() {
			return vtysh("show ip bgp" + vrf + " neighbors " + q.Neighbor.String())
		}
		return vtysh("show bgp" + vrf + " summary json")
	case evidence.FamilyRoutesReceived, evidence.FamilyRoutesAccepted, evidence.FamilyRoutesAdvertised:
		listing := map[evidence.Family]string{evidence.FamilyRoutesReceived: "received-routes",
			evidence.FamilyRoutesAccepted: "routes", evidence.FamilyRoutesAdvertised: "advertised-routes"}[q.Family]
		return vtysh("show bgp" + vrf + " ipv4 unicast neighbors " + q.Neighbor.String() + " " + listing + " json")
	case evidence.FamilyRouteLookup:
		return vtysh("show ip route" + vrf + " " + q.Address.String() + " json")
	case evidence.FamilyPing:
		src := ""
		if q.Source != "" {
			src = " -I " + q.Source
		}
		if q.DF {
			return fmt.Sprintf("ping -M do -s %d -c %d -W 2%s %s", max(q.Size-ipv4ICMPHeaders, 0), mtuProbeRepeat, src, q.Address)
		}
		return "ping -c 5 -W 2" + src + " " + q.Address.String()
	case evidence.FamilyLog:
		return journalCommand
	case evidence.FamilyVersion:
		return vtysh("show version")
	}
	return vtysh("show running-config")
}

// journalCommand reads the newest charon, bgpd and kernel messages (the
// kernel logs TCP MD5 failures: "MD5 Hash failed for (peer, port)->...").
// It needs the systemd-journal (or adm) group; without it the output says
// so and the log is not available.
const journalCommand = "journalctl --no-pager -o short-iso -n 1000 -t charon -t charon-systemd -t bgpd -t zebra -t kernel"

// Fix returns the configuration for f in a Linux CPE's terms, steps
// separated by " / ": swanctl.conf settings (then `swanctl --load-all`),
// FRR commands (in `vtysh`, `configure terminal`), ip commands.
func (Dialect) Fix(f evidence.Fix) string {
	n := strconv.Itoa(f.N)
	lines := func(l ...string) string { return "`" + strings.Join(l, " / ") + "`" }
	frr := func(l ...string) string {
		return lines(append([]string{"vtysh", "configure terminal"}, l...)...)
	}
	switch f.Key {
	case evidence.FixIKEProposal:
		return lines("swanctl.conf: connections.<conn>.proposals = "+ikeProposal(f.Values), "swanctl --load-all")
	case evidence.FixIPsecTransform:
		return lines("swanctl.conf: connections.<conn>.children.<child>.esp_proposals = "+espProposal(f.Values, f.N), "swanctl --load-all")
	case evidence.FixCryptoSelectorGRE:
		return lines("swanctl.conf: connections.<conn>.children.<child>.local_ts = "+f.Address.String()+"/32[gre]",
			"remote_ts = "+f.Address2.String()+"/32[gre]", "swanctl --load-all")
	case evidence.FixNoShutdown:
		return lines("ip link set dev " + f.Interface + " up")
	case evidence.FixTunnelSource:
		return lines("ip link set dev " + f.Interface + " type gre local " + f.Address.String())
	case evidence.FixTunnelDestination:
		return lines("ip link set dev " + f.Interface + " type gre remote " + f.Address.String())
	case evidence.FixTunnelAddress:
		return lines("ip address add " + f.Prefix.String() + " dev " + f.Interface)
	case evidence.FixAdjustMSS:
		return lines("nft add rule inet filter forward oifname \"" + f.Interface + "\" tcp flags syn tcp option maxseg size set " + n)
	case evidence.FixPMTUD:
		return lines("ip link set dev " + f.Interface + " type gre pmtudisc")
	case evidence.FixIPMTU:
		return lines("ip link set dev " + f.Interface + " mtu " + n)
	case evidence.FixBGPNeighbor, evidence.FixBGPRemoteAS:
		return frr("router bgp <ASN>", "neighbor "+f.Neighbor.String()+" remote-as "+n)
	case evidence.FixBGPLocalAS:
		if f.N2 != 0 && f.N2 != f.N {
			return frr("router bgp "+strconv.Itoa(f.N2), "neighbor "+f.Neighbor.String()+" local-as "+n+" no-prepend replace-as")
		}
		return frr("router bgp " + n)
	case evidence.FixBGPPassword:
		return frr("router bgp <ASN>", "neighbor "+f.Neighbor.String()+" password <the BGP password from Control Hub>")
	case evidence.FixBGPDefaultOnly:
		return frr("ip prefix-list VC-OUT permit 0.0.0.0/0", "router bgp <ASN>", "address-family ipv4 unicast",
			"neighbor "+f.Neighbor.String()+" default-originate", "neighbor "+f.Neighbor.String()+" prefix-list VC-OUT out")
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
		return frr(out...)
	case evidence.FixDFPing:
		return "`" + Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: f.Address, Source: f.Interface, Size: f.N}) + "`"
	}
	return ""
}

// ikeProposal spells an IKE proposal in strongSwan's keywords from the
// checks' normalised "encryption=aes-cbc-256" style values.
func ikeProposal(values []string) string {
	var parts []string
	for _, v := range values {
		k, val, _ := strings.Cut(v, "=")
		switch k {
		case "encryption", "integrity":
			parts = append(parts, swanAlgorithm(val))
		case "prf":
			parts = append(parts, "prf"+strings.TrimPrefix(swanAlgorithm(val), "prf"))
		case "group":
			parts = append(parts, dhGroup(val))
		}
	}
	return strings.Join(parts, "-")
}

// espProposal spells normalised transforms ("esp-gcm-256") and a PFS group.
func espProposal(transforms []string, pfs int) string {
	var parts []string
	for _, t := range transforms {
		parts = append(parts, swanAlgorithm(strings.TrimPrefix(t, "esp-")))
	}
	if pfs > 0 {
		parts = append(parts, dhGroup(strconv.Itoa(pfs)))
	}
	return strings.Join(parts, "-")
}

// swanAlgorithm maps vcdiag's normalised names to strongSwan keywords.
func swanAlgorithm(a string) string {
	switch a {
	case "aes-gcm-256", "gcm-256":
		return "aes256gcm16"
	case "aes-gcm-128", "gcm-128":
		return "aes128gcm16"
	case "aes-cbc-256", "aes-256":
		return "aes256"
	case "aes-cbc-128", "aes-128":
		return "aes128"
	case "sha512", "sha512-hmac", "sha-512":
		return "sha512"
	case "sha384", "sha384-hmac":
		return "sha384"
	case "sha256", "sha256-hmac", "sha-256":
		return "sha256"
	}
	return a
}

// dhGroup maps a DH group number to strongSwan's keyword.
func dhGroup(g string) string {
	switch g {
	case "14":
		return "modp2048"
	case "15":
		return "modp3072"
	case "16":
		return "modp4096"
	case "19":
		return "ecp256"
	case "20":
		return "ecp384"
	case "21":
		return "ecp521"
	case "24":
		return "modp2048s256"
	}
	return "group" + g
}
