package checks

import (
	"fmt"
	"net/netip"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/iosxe"
	"github.com/vcdiag/vcdiag/profile"
)

// The fixtures of these tests are an IOS-XE CPE: outputs in IOS words with
// their parsed records, read into facts by platform/iosxe (ReadParsed), the
// way a live run or a transcript reads them. The checks themselves never
// see those words.

const (
	cmdRunning    = "show running-config"
	cmdIKEv2      = "show crypto ikev2 sa detail"
	cmdIPsec      = "show crypto ipsec sa detail"
	cmdSession    = "show crypto session detail"
	cmdBGPSummary = "show ip bgp summary"
)

func cmdNeighbor(t *profile.Tunnel) string { return "show ip bgp neighbors " + t.DITunnelIP.String() }

func cmdNeighborRoutes(t *profile.Tunnel, variant string) string {
	return cmdNeighbor(t) + " " + variant
}

func cmdRoute(host netip.Addr) string { return "show ip route " + host.String() }

func cmdPing(t *profile.Tunnel) string {
	return "ping " + t.DITunnelIP.String() + " source " + t.Interface + " repeat 5"
}

func cmdDFPing(t *profile.Tunnel, source string, size int) string {
	return fmt.Sprintf("ping %s size %d df-bit source %s repeat 2", t.DITunnelIP, size, source)
}

// readFacts rebuilds a CPE's facts from its outputs' parsed records.
func readFacts(cpe *evidence.CPE) {
	*cpe = evidence.CPE{Name: cpe.Name, Host: cpe.Host, Outputs: cpe.Outputs, Problems: cpe.Problems,
		Platform: iosxe.Name, Dialect: iosxe.Dialect{}}
	for _, o := range cpe.Outputs {
		if c, ok := (iosxe.Platform{}).Identify(o.Command); ok {
			o.Families = c.Families
		}
		if o.Err == nil && o.Parsed != nil {
			iosxe.ReadParsed(o, o.Parsed, cpe)
		}
	}
}
