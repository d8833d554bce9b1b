package iosxe

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
	ios "github.com/vcdiag/vcdiag/parsers/iosxe"
	"github.com/vcdiag/vcdiag/platform"
)

// Identify recognises an IOS command line, abbreviated or not, and says
// which fact families its output fills.
func (Platform) Identify(line string) (platform.Command, bool) {
	c, ok := ios.Identify(line)
	if !ok {
		return platform.Command{}, false
	}
	// A command that fills no family the ladder reads (the whole BGP
	// table) is still recognised: `vcdiag parse` reads it.
	out := platform.Command{Text: c.Text, Kind: string(c.Kind), Arg: c.Arg, Variant: c.Variant, Families: families(c)}
	if c.Kind == parsers.KindInterfaces && c.Arg != "" {
		// "show int tu1" and "show interfaces Tunnel1" are samples of one
		// command: name the interface the way IOS prints it.
		out.Arg = parsers.InterfaceName(c.Arg)
		out.Text = "show interfaces " + out.Arg
	}
	return out, true
}

// families maps an IOS command to the fact families its output fills.
func families(c ios.Command) []evidence.Family {
	switch c.Kind {
	case parsers.KindIKEv2SA:
		return []evidence.Family{evidence.FamilyIKE}
	case parsers.KindIPsecSA:
		return []evidence.Family{evidence.FamilyChildSA}
	case parsers.KindCryptoSession:
		return []evidence.Family{evidence.FamilyIKE, evidence.FamilyChildSA}
	case parsers.KindInterfaces:
		return []evidence.Family{evidence.FamilyInterface}
	case parsers.KindRunningConfig:
		return []evidence.Family{evidence.FamilyConfig}
	case parsers.KindBGPSummary, parsers.KindBGPNeighbors:
		return []evidence.Family{evidence.FamilyBGPNeighbor}
	case parsers.KindBGPRoutes:
		switch c.Variant {
		case "received-routes":
			return []evidence.Family{evidence.FamilyRoutesReceived}
		case "routes":
			return []evidence.Family{evidence.FamilyRoutesAccepted}
		case "advertised-routes":
			return []evidence.Family{evidence.FamilyRoutesAdvertised}
		}
		return nil
	case parsers.KindRouteLookup, parsers.KindRouteTable, parsers.KindCEF:
		return []evidence.Family{evidence.FamilyRouteLookup}
	case parsers.KindInterfaceBrief:
		return []evidence.Family{evidence.FamilyInterface}
	case parsers.KindLogging:
		return []evidence.Family{evidence.FamilyLog}
	case parsers.KindPing:
		return []evidence.Family{evidence.FamilyPing}
	case parsers.KindVersion:
		return []evidence.Family{evidence.FamilyVersion}
	}
	return nil
}

// filterOf returns the output filter of a canonical command ("include
// username" of "show running-config | include username"), "" when none.
func filterOf(text string) string {
	_, f, ok := strings.Cut(text, "|")
	if !ok {
		return ""
	}
	return strings.TrimSpace(f)
}

// vrfOf returns the VRF a canonical command names ("show ip route vrf DI
// X", "show bgp vpnv4 unicast vrf DI ..."), "" for the global table.
func vrfOf(text string) string {
	w := strings.Fields(text)
	for i := 0; i+1 < len(w); i++ {
		if w[i] == "vrf" && w[i+1] != "all" {
			return w[i+1]
		}
		if w[i] == "|" {
			break
		}
	}
	return ""
}

// isDetail reports a detail form ("show crypto ipsec sa detail").
func isDetail(text string) bool {
	head, _, _ := strings.Cut(text, "|")
	for _, w := range strings.Fields(head) {
		if w == "detail" {
			return true
		}
	}
	return false
}
