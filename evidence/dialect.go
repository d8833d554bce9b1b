package evidence

import (
	"fmt"
	"net/netip"
	"strings"
)

// Dialect says things in a platform's own words: the command that shows a
// fact (for "verify with:" and "was not collected" reasons) and the
// configuration that makes a fix. Checks speak in Queries and Fixes;
// the CPE's platform renders them, so no device syntax lives in checks/.
type Dialect interface {
	// Show returns the command that shows what q asks about.
	Show(q Query) string
	// Fix returns the configuration (or action) that applies f, in the
	// platform's words; "" when the platform has no words for it (the
	// check's own hint then stands alone).
	Fix(f Fix) string
}

// Query asks to see one family of facts, about one thing.
type Query struct {
	Family Family
	// Peer, Neighbor, Interface, Address and Source narrow the query; which
	// ones apply depends on the family.
	Peer      netip.Addr
	Neighbor  netip.Addr
	Interface string
	Address   netip.Addr
	Source    string
	VRF       string
	// Size and DF are for pings.
	Size int
	DF   bool
}

// FixKey names a remediation.
type FixKey string

// The remediations checks ask a dialect to spell out.
const (
	FixIKEProposal       FixKey = "ike-proposal"        // Values: encryption, prf, integrity, dh groups
	FixIPsecTransform    FixKey = "ipsec-transform"     // Values: transforms; N: PFS group (0 none); Mode
	FixCryptoSelectorGRE FixKey = "crypto-selector-gre" // Address: GRE source, Address2: GRE destination
	FixKeepalive         FixKey = "keepalive"           // Interface
	FixNoShutdown        FixKey = "no-shutdown"         // Interface
	FixTunnelSource      FixKey = "tunnel-source"       // Interface, Address
	FixTunnelDestination FixKey = "tunnel-destination"  // Interface, Address
	FixTunnelAddress     FixKey = "tunnel-address"      // Interface, Prefix
	FixTunnelVRF         FixKey = "tunnel-vrf"          // Interface, VRF ("" removes it)
	FixAdjustMSS         FixKey = "adjust-mss"          // Interface, N
	FixPMTUD             FixKey = "pmtud"               // Interface
	FixIPMTU             FixKey = "ip-mtu"              // Interface, N
	FixBGPNeighbor       FixKey = "bgp-neighbor"        // Neighbor, N: remote AS
	FixBGPRemoteAS       FixKey = "bgp-remote-as"       // Neighbor, N
	FixBGPLocalAS        FixKey = "bgp-local-as"        // Neighbor, N: the customer AS, N2: the router's AS
	FixBGPPassword       FixKey = "bgp-password"        // Neighbor
	FixBGPDefaultOnly    FixKey = "bgp-default-only"    // Neighbor
	FixBGPAcceptPrefixes FixKey = "bgp-accept-prefixes" // Neighbor, Prefixes; Values: the inbound policy names
	FixDFPing            FixKey = "df-ping"             // Address: target, Interface: source, N: size
)

// Fix is one remediation with its arguments.
type Fix struct {
	Key       FixKey
	Interface string
	Neighbor  netip.Addr
	Address   netip.Addr
	Address2  netip.Addr
	Prefix    netip.Prefix
	Prefixes  []netip.Prefix
	VRF       string
	Mode      string
	N, N2     int
	Values    []string
}

// GenericDialect is the Dialect of a CPE whose platform is not known (a
// capture without show output): it describes instead of spelling commands.
type GenericDialect struct{}

// Show describes the query.
func (GenericDialect) Show(q Query) string {
	var about []string
	for _, a := range []netip.Addr{q.Peer, q.Neighbor, q.Address} {
		if a.IsValid() {
			about = append(about, a.String())
		}
	}
	if q.Interface != "" {
		about = append(about, q.Interface)
	}
	s := "the device's " + strings.ReplaceAll(string(q.Family), "-", " ") + " output"
	if len(about) > 0 {
		s += " for " + strings.Join(about, " ")
	}
	if q.Family == FamilyPing {
		s = fmt.Sprintf("a ping to %s from %s", q.Address, q.Source)
		if q.DF {
			s = fmt.Sprintf("a %d-byte ping with DF set to %s from %s", q.Size, q.Address, q.Source)
		}
	}
	return s
}

// Fix has no words: the checks' hints stand alone.
func (GenericDialect) Fix(Fix) string { return "" }
