package panos

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
)

// The command families of a PAN-OS CPE (platform.Command.Kind; what
// `vcdiag parse` shows).
const (
	KindIKESA     = "panos-ike-sa"      // show vpn ike-sa [gateway X]
	KindIPsecSA   = "panos-ipsec-sa"    // show vpn ipsec-sa [tunnel X]
	KindFlow      = "panos-vpn-flow"    // show vpn flow [tunnel-id N]
	KindBGPPeer   = "panos-bgp-peer"    // show routing protocol bgp peer
	KindRoute     = "panos-route"       // show routing route [virtual-router X]
	KindInterface = "panos-interface"   // show interface tunnel.N (one logical interface)
	KindPing      = "panos-ping"        // ping source X host Y count N ...
	KindLocRIB    = "panos-loc-rib"     // show routing protocol bgp loc-rib
	KindRIBOut    = "panos-rib-out"     // show routing protocol bgp rib-out
	KindSystem    = "panos-system"      // show system info
	KindTunnel    = "panos-vpn-tunnel"  // show vpn tunnel [name X]
	KindBGPSum    = "panos-bgp-summary" // show routing protocol bgp summary
)

func fam(f ...evidence.Family) []evidence.Family { return f }

// Identify recognises a PAN-OS operational command as typed (runs of
// spaces, a prompt-free line, output filters "| match X" / "| except X")
// and returns its canonical form: the exact line Plan sends, with the
// filters kept (a filtered output proves presence only). PAN-OS completes
// words with Tab but does not accept abbreviations, so none are expanded.
func (Platform) Identify(line string) (platform.Command, bool) {
	parts := strings.Split(line, "|")
	words := strings.Fields(parts[0])
	var filters []string
	for _, f := range parts[1:] {
		fw := strings.Fields(f)
		if len(fw) != 2 || fw[0] != "match" && fw[0] != "except" {
			return platform.Command{}, false
		}
		filters = append(filters, " | "+fw[0]+" "+fw[1])
	}
	c, ok := identifyWords(words)
	if !ok {
		return platform.Command{}, false
	}
	c.Text = strings.Join(words, " ") + strings.Join(filters, "")
	return c, true
}

// filtered reports a command text with an output filter.
func filtered(text string) bool { return strings.Contains(text, "|") }

func identifyWords(w []string) (platform.Command, bool) {
	if len(w) == 0 {
		return platform.Command{}, false
	}
	if w[0] == "ping" {
		return identifyPing(w)
	}
	if w[0] != "show" || len(w) < 2 {
		return platform.Command{}, false
	}
	w = w[1:]
	arg := func(key string) (string, bool) {
		switch {
		case len(w) == 2:
			return "", true
		case len(w) == 4 && w[2] == key:
			return w[3], true
		}
		return "", false
	}
	switch {
	case len(w) >= 2 && w[0] == "vpn" && w[1] == "ike-sa":
		a, ok := arg("gateway")
		return platform.Command{Kind: KindIKESA, Arg: a, Families: fam(evidence.FamilyIKE)}, ok
	case len(w) >= 2 && w[0] == "vpn" && w[1] == "ipsec-sa":
		a, ok := arg("tunnel")
		return platform.Command{Kind: KindIPsecSA, Arg: a, Families: fam(evidence.FamilyChildSA)}, ok
	case len(w) >= 2 && w[0] == "vpn" && w[1] == "tunnel":
		a, ok := arg("name")
		return platform.Command{Kind: KindTunnel, Arg: a, Families: fam(evidence.FamilyConfig)}, ok
	case len(w) >= 2 && w[0] == "vpn" && w[1] == "flow":
		a, ok := arg("tunnel-id")
		if a != "" {
			// The detail block carries the SA's SPIs and ESP counters too.
			return platform.Command{Kind: KindFlow, Arg: a, Families: fam(evidence.FamilyInterface, evidence.FamilyChildSA)}, ok
		}
		return platform.Command{Kind: KindFlow, Arg: a, Families: fam(evidence.FamilyInterface)}, ok
	case len(w) == 4 && w[0] == "routing" && w[1] == "protocol" && w[2] == "bgp" && w[3] == "peer":
		return platform.Command{Kind: KindBGPPeer, Families: fam(evidence.FamilyBGPNeighbor)}, true
	case len(w) == 4 && w[0] == "routing" && w[1] == "protocol" && w[2] == "bgp" && w[3] == "summary":
		return platform.Command{Kind: KindBGPSum, Families: fam(evidence.FamilyConfig)}, true
	case len(w) == 4 && w[0] == "routing" && w[1] == "protocol" && w[2] == "bgp" && w[3] == "loc-rib":
		return platform.Command{Kind: KindLocRIB, Families: fam(evidence.FamilyRoutesAccepted)}, true
	case len(w) == 4 && w[0] == "routing" && w[1] == "protocol" && w[2] == "bgp" && w[3] == "rib-out":
		return platform.Command{Kind: KindRIBOut, Families: fam(evidence.FamilyRoutesAdvertised)}, true
	case len(w) == 2 && w[0] == "system" && w[1] == "info":
		return platform.Command{Kind: KindSystem, Families: fam(evidence.FamilyVersion)}, true
	case len(w) >= 2 && w[0] == "routing" && w[1] == "route":
		a, ok := arg("virtual-router")
		return platform.Command{Kind: KindRoute, Arg: a, Families: fam(evidence.FamilyRouteLookup)}, ok
	case len(w) == 2 && w[0] == "interface" && w[1] != "all" && w[1] != "logical" && w[1] != "hardware":
		return platform.Command{Kind: KindInterface, Arg: w[1], Families: fam(evidence.FamilyInterface)}, true
	}
	return platform.Command{}, false
}

// identifyPing recognises PAN-OS ping: Arg is the host, Variant "df" with
// do-not-fragment.
func identifyPing(w []string) (platform.Command, bool) {
	c := platform.Command{Kind: KindPing, Families: fam(evidence.FamilyPing)}
	for i := 1; i+1 < len(w); i++ {
		switch w[i] {
		case "host":
			a, err := netip.ParseAddr(w[i+1])
			if err != nil {
				return platform.Command{}, false
			}
			c.Arg = a.String()
		case "do-not-fragment":
			if w[i+1] == "yes" {
				c.Variant = "df"
			}
		}
	}
	return c, c.Arg != ""
}
