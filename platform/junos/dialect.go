package junos

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// Dialect is a Junos CPE's words: operational show commands and ping for
// what they show, set commands (configuration mode) for fixes.
type Dialect struct{}

// mtuProbeRepeat is the echoes per DF probe: two, so that one lost echo
// does not read as a size limit.
const mtuProbeRepeat = 2

// ipv4ICMPHeaders is what Junos ping's size leaves out: size is the ICMP
// payload, vcdiag's sizes are whole IPv4 packets (20 bytes of IP header
// and 8 of ICMP).
const ipv4ICMPHeaders = 28

// logLines is how much of the messages log vcdiag reads.
const logLines = 500

// Show returns the command for q, as Plan sends it, so that a report's
// "verify with" can be pasted at the CPE's > prompt.
func (Dialect) Show(q evidence.Query) string {
	switch q.Family {
	case evidence.FamilyIKE:
		return "show security ike security-associations detail"
	case evidence.FamilyChildSA:
		return "show security ipsec security-associations detail"
	case evidence.FamilyInterface:
		if q.Interface != "" {
			return "show interfaces " + q.Interface + " extensive"
		}
		return "show interfaces terse"
	case evidence.FamilyConfig:
		return "show configuration | display set"
	case evidence.FamilyBGPNeighbor:
		if q.Neighbor.IsValid() {
			return "show bgp neighbor " + q.Neighbor.String()
		}
		return "show bgp summary"
	case evidence.FamilyRoutesReceived:
		// Received routes that import policy rejected are hidden; the
		// kept ones are in the accepted listing.
		return "show route receive-protocol bgp " + q.Neighbor.String() + " hidden"
	case evidence.FamilyRoutesAccepted:
		return "show route receive-protocol bgp " + q.Neighbor.String()
	case evidence.FamilyRoutesAdvertised:
		return "show route advertising-protocol bgp " + q.Neighbor.String()
	case evidence.FamilyRouteLookup:
		return "show route " + q.Address.String()
	case evidence.FamilyPing:
		p := pingSpec{target: q.Address, count: 5}
		if q.Source != "" {
			if ifName.MatchString(q.Source) {
				p.iface = q.Source
			} else {
				p.source = q.Source
			}
		}
		if q.DF {
			p.count, p.df, p.size = mtuProbeRepeat, true, max(q.Size-ipv4ICMPHeaders, 0)
		}
		return p.text()
	case evidence.FamilyLog:
		return "show log messages | last " + strconv.Itoa(logLines)
	case evidence.FamilyVersion:
		return "show version"
	}
	return "show configuration | display set"
}

// ifUnit splits a logical interface name ("gr-0/0/0.1") into the words of
// a set command ("gr-0/0/0 unit 1"); unit 0 when none is named.
func ifUnit(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[:i] + " unit " + name[i+1:]
	}
	return name + " unit 0"
}

// Fix returns the configuration for f as Junos set commands (in
// configuration mode, then commit), steps separated by " / "; "" where
// Junos has no single right spelling vcdiag can name.
func (Dialect) Fix(f evidence.Fix) string {
	n := strconv.Itoa(f.N)
	lines := func(l ...string) string { return "`" + strings.Join(append(l, "commit"), " / ") + "`" }
	nb := f.Neighbor.String()
	switch f.Key {
	case evidence.FixIKEProposal:
		return lines(ikeProposal(f.Values)...)
	case evidence.FixIPsecTransform:
		return lines(ipsecProposal(f.Values, f.N)...)
	case evidence.FixNoShutdown:
		return lines("delete interfaces " + ifUnit(f.Interface) + " disable")
	case evidence.FixTunnelSource:
		return lines("set interfaces " + ifUnit(f.Interface) + " tunnel source " + f.Address.String())
	case evidence.FixTunnelDestination:
		return lines("set interfaces " + ifUnit(f.Interface) + " tunnel destination " + f.Address.String())
	case evidence.FixTunnelAddress:
		return lines("set interfaces " + ifUnit(f.Interface) + " family inet address " + f.Prefix.String())
	case evidence.FixIPMTU:
		return lines("set interfaces " + ifUnit(f.Interface) + " family inet mtu " + n)
	case evidence.FixAdjustMSS:
		return lines("set security flow tcp-mss gre-in mss "+n, "set security flow tcp-mss gre-out mss "+n)
	case evidence.FixKeepalive:
		return lines("set protocols oam gre-tunnel interface " + f.Interface + " keepalive-time 10 hold-time 30")
	case evidence.FixBGPNeighbor, evidence.FixBGPRemoteAS:
		return lines("set protocols bgp group <group> type external", "set protocols bgp group <group> neighbor "+nb+" peer-as "+n)
	case evidence.FixBGPLocalAS:
		if f.N2 != 0 && f.N2 != f.N {
			return lines("set protocols bgp group <group> neighbor " + nb + " local-as " + n + " private no-prepend-global-as")
		}
		return lines("set routing-options autonomous-system " + n)
	case evidence.FixBGPPassword:
		return lines("set protocols bgp group <group> neighbor " + nb + " authentication-key \"<the BGP password from Control Hub>\"")
	case evidence.FixBGPDefaultOnly:
		return lines("set policy-options policy-statement VC-OUT term default from route-filter 0.0.0.0/0 exact",
			"set policy-options policy-statement VC-OUT term default then accept",
			"set policy-options policy-statement VC-OUT term rest then reject",
			"set protocols bgp group <group> neighbor "+nb+" export VC-OUT")
	case evidence.FixBGPAcceptPrefixes:
		var out []string
		for _, pol := range f.Values {
			for _, p := range f.Prefixes {
				out = append(out, fmt.Sprintf("set policy-options policy-statement %s term webex from route-filter %s orlonger", pol, p))
			}
			out = append(out, "set policy-options policy-statement "+pol+" term webex then accept",
				"insert policy-options policy-statement "+pol+" term webex before term <the first rejecting term>")
		}
		if len(out) == 0 {
			return ""
		}
		return lines(out...)
	case evidence.FixDFPing:
		return "`" + Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: f.Address, Source: f.Interface, Size: f.N}) + "`"
	}
	// FixCryptoSelectorGRE, FixPMTUD, FixTunnelVRF: a route-based st0 VPN
	// has no crypto selector to fix, and the rest depends on the design.
	return ""
}

// ikeProposal spells an IKE proposal from the checks' normalised values.
func ikeProposal(values []string) []string {
	const p = "set security ike proposal VC-IKE "
	out := []string{p + "authentication-method pre-shared-keys"}
	for _, v := range values {
		k, val, _ := strings.Cut(v, "=")
		switch k {
		case "encryption":
			out = append(out, p+"encryption-algorithm "+junosCipher(val))
		case "integrity":
			if val != "none" {
				out = append(out, p+"authentication-algorithm "+junosHash(val))
			}
		case "group":
			out = append(out, p+"dh-group group"+val)
		}
	}
	return append(out, "set security ike policy <policy> proposals VC-IKE")
}

// ipsecProposal spells an ESP proposal and the PFS group.
func ipsecProposal(transforms []string, pfs int) []string {
	const p = "set security ipsec proposal VC-ESP "
	out := []string{p + "protocol esp"}
	for _, t := range transforms {
		a := strings.TrimPrefix(t, "esp-")
		if strings.Contains(a, "gcm") || strings.HasPrefix(a, "aes") {
			out = append(out, p+"encryption-algorithm "+junosCipher(a))
		} else {
			out = append(out, p+"authentication-algorithm hmac-"+strings.TrimSuffix(junosHash(a), "-hmac")+"-128")
		}
	}
	out = append(out, "set security ipsec policy <policy> proposals VC-ESP")
	if pfs > 0 {
		out = append(out, "set security ipsec policy <policy> perfect-forward-secrecy keys group"+strconv.Itoa(pfs))
	}
	return out
}

// junosCipher maps normalised cipher names to Junos keywords.
func junosCipher(a string) string {
	switch a {
	case "aes-gcm-256", "gcm-256":
		return "aes-256-gcm"
	case "aes-gcm-128", "gcm-128":
		return "aes-128-gcm"
	case "aes-cbc-256", "aes-256":
		return "aes-256-cbc"
	case "aes-cbc-128", "aes-128":
		return "aes-128-cbc"
	}
	return a
}

// junosHash maps normalised hash names to Junos keywords.
func junosHash(a string) string {
	switch strings.TrimSuffix(a, "-hmac") {
	case "sha512", "sha-512":
		return "sha-512"
	case "sha384":
		return "sha-384"
	case "sha256", "sha-256":
		return "sha-256"
	}
	return a
}
