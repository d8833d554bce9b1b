package fortios

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// The command families of a FortiGate (platform.Command.Kind; what
// `vcdiag parse` shows).
const (
	KindStatus      = "fortios-status"       // get system status
	KindInterfaces  = "fortios-interfaces"   // get system interface
	KindGRE         = "fortios-gre-tunnel"   // show system gre-tunnel [NAME]
	KindIKE         = "fortios-ike-gateways" // diagnose vpn ike gateway list [name X]
	KindTunnels     = "fortios-vpn-tunnels"  // diagnose vpn tunnel list [name X]
	KindNetlink     = "fortios-netlink"      // diagnose netlink interface list [NAME]
	KindBGPSummary  = "fortios-bgp-summary"  // get router info bgp summary
	KindBGPNeighbor = "fortios-bgp-neighbor" // get router info bgp neighbors [X]
	KindBGPRoutes   = "fortios-bgp-routes"   // get router info bgp neighbors X received-routes|routes|advertised-routes
	KindRouteTable  = "fortios-route-table"  // get router info routing-table all
	KindRouteDetail = "fortios-route-detail" // get router info routing-table details X
	KindPing        = "fortios-ping"         // execute ping X
	KindPingOptions = "fortios-ping-options" // execute ping-options ...: no output to read
)

// kindFamilies are the fact families each kind's output fills.
var kindFamilies = map[string][]evidence.Family{
	KindStatus:      {evidence.FamilyVersion},
	KindInterfaces:  {evidence.FamilyInterface},
	KindGRE:         {evidence.FamilyConfig},
	KindIKE:         {evidence.FamilyIKE},
	KindTunnels:     {evidence.FamilyChildSA},
	KindNetlink:     {evidence.FamilyInterface},
	KindBGPSummary:  {evidence.FamilyBGPNeighbor},
	KindBGPNeighbor: {evidence.FamilyBGPNeighbor},
	KindRouteTable:  {evidence.FamilyRouteLookup},
	KindRouteDetail: {evidence.FamilyRouteLookup},
	KindPing:        {evidence.FamilyPing},
}

// routeListings map the last word of a neighbor route listing to its family.
var routeListings = map[string]evidence.Family{
	"received-routes":   evidence.FamilyRoutesReceived,
	"routes":            evidence.FamilyRoutesAccepted,
	"advertised-routes": evidence.FamilyRoutesAdvertised,
}

// Identify recognises a FortiOS command line as typed (abbreviated, any
// case in keywords, with a "| grep" filter) and returns its canonical
// form, the exact line Plan sends. A line typed after a prompt ("FGT-1 #
// get ...") is recognised without the prompt.
func (Platform) Identify(line string) (platform.Command, bool) {
	m, err := matchLine(strings.TrimSpace(line))
	if err != nil {
		return platform.Command{}, false
	}
	c := platform.Command{Text: m.text, Kind: m.shape.kind, Arg: m.arg}
	switch m.shape.kind {
	case KindBGPRoutes:
		last := m.shape.words[len(m.shape.words)-1]
		c.Variant, c.Families = last, []evidence.Family{routeListings[last]}
	case KindGRE:
		if m.shape.words[1] == "full-configuration" {
			c.Variant = "full"
		}
		c.Families = kindFamilies[c.Kind]
	case KindPingOptions:
		// An option, not a listing: it fills nothing, and its argument
		// is the option it sets.
		c.Arg = m.shape.words[2]
		c.Variant = strings.Join(m.args, " ")
		if c.Variant == "" {
			c.Variant = m.shape.words[3]
		}
	default:
		c.Families = kindFamilies[c.Kind]
	}
	if m.filter != "" && c.Kind != KindPingOptions {
		c.Variant = strings.TrimSpace(c.Variant + " filtered")
	}
	return c, true
}

// filterOf returns the output filter of a canonical command ("grep
// vc-dca" of "get system interface | grep vc-dca"), "" when none.
func filterOf(text string) string {
	_, f, ok := strings.Cut(text, " | ")
	if !ok {
		return ""
	}
	return f
}
