package panos

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
)

// Dialect is a PAN-OS CPE's words: operational show commands and ping;
// fixes as configuration-mode set commands, committed.
type Dialect struct{}

// mtuProbeRepeat is the echoes per DF probe: two, so that one lost echo
// does not read as a size limit.
const mtuProbeRepeat = 2

// ipv4ICMPHeaders is what PAN-OS ping's size leaves out: like iputils
// (which it runs), size is the ICMP payload, and vcdiag's sizes are whole
// IPv4 packets ("1400(1428) bytes of data").
const ipv4ICMPHeaders = 28

// Show returns the command for q, as Plan sends it, so that a report's
// "verify with" can be pasted at the CPE's prompt. A family PAN-OS
// cannot show in a command vcdiag reads gives the nearest command that
// does show it (routes received before the import rules: the peer's
// prefix counters), or ""
// (the log).
func (Dialect) Show(q evidence.Query) string {
	switch q.Family {
	case evidence.FamilyIKE:
		return "show vpn ike-sa"
	case evidence.FamilyChildSA:
		return "show vpn ipsec-sa"
	case evidence.FamilyInterface:
		if q.Interface != "" {
			return "show interface " + q.Interface
		}
		return "show vpn flow"
	case evidence.FamilyConfig:
		return "show vpn tunnel"
	case evidence.FamilyBGPNeighbor, evidence.FamilyRoutesReceived:
		// PAN-OS keeps no Adj-RIB-In listing: what a peer sent before
		// the import rules shows only as the peer's "Incoming total".
		return "show routing protocol bgp peer"
	case evidence.FamilyRoutesAccepted:
		return "show routing protocol bgp loc-rib"
	case evidence.FamilyRoutesAdvertised:
		return "show routing protocol bgp rib-out"
	case evidence.FamilyRouteLookup:
		if q.VRF != "" {
			return "show routing route virtual-router " + q.VRF
		}
		return "show routing route"
	case evidence.FamilyPing:
		src := ""
		if a, err := netip.ParseAddr(q.Source); err == nil {
			src = "source " + a.String() + " "
		}
		if q.DF {
			return fmt.Sprintf("ping %shost %s count %d do-not-fragment yes size %d", src, q.Address, mtuProbeRepeat, max(q.Size-ipv4ICMPHeaders, 0))
		}
		return "ping " + src + "host " + q.Address.String() + " count 5"
	case evidence.FamilyVersion:
		return "show system info"
	case evidence.FamilyLog:
		return "" // no log command is read yet
	}
	return ""
}

// Fix returns the configuration for f as PAN-OS set commands (in
// `configure`, then `commit`), steps separated by " / "; "" where the
// right words depend on configuration vcdiag cannot see (object names of
// IKE crypto profiles, peer groups) or are not certain.
func (Dialect) Fix(f evidence.Fix) string {
	n := strconv.Itoa(f.N)
	cfg := func(l ...string) string {
		return "`" + strings.Join(append(append([]string{"configure"}, l...), "commit"), " / ") + "`"
	}
	unit := "set network interface tunnel units " + f.Interface
	switch f.Key {
	case evidence.FixTunnelAddress:
		if !strings.HasPrefix(f.Interface, "tunnel.") {
			return ""
		}
		return cfg(unit + " ip " + f.Prefix.String())
	case evidence.FixIPMTU:
		if !strings.HasPrefix(f.Interface, "tunnel.") {
			return ""
		}
		return cfg(unit + " mtu " + n)
	case evidence.FixBGPLocalAS:
		if f.N2 != 0 && f.N2 != f.N {
			return ""
		}
		return cfg("set network virtual-router <VR> protocol bgp local-as " + n)
	case evidence.FixDFPing:
		src := ""
		if f.Address2.IsValid() {
			src = f.Address2.String()
		}
		return "`" + Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Address: f.Address, Source: src, Size: f.N}) + "`"
	}
	return ""
}
