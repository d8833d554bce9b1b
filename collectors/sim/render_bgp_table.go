package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

const bgpTableHeader = `Status codes: s suppressed, d damped, h history, * valid, > best, i - internal, 
              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter, 
              x best-external, a additional-path, c RIB-compressed, 
              t secondary path, L long-lived-stale,
Origin codes: i - IGP, e - EGP, ? - incomplete
RPKI validation codes: V valid, I invalid, N Not found

     Network          Next Hop            Metric LocPrf Weight Path
`

// showBGP renders "show ip bgp": every path.
func (r *renderer) showBGP() string {
	paths := r.bgpTable()
	if len(paths) == 0 {
		return ""
	}
	var b strings.Builder
	r.writeBGPRows(&b, paths, true)
	return b.String()
}

// bgpRoutes renders "show ip bgp neighbors X received-routes|routes|
// advertised-routes". IOS prints nothing at all when the list is empty.
func (r *renderer) bgpRoutes(n netip.Addr, variant string) string {
	t := r.neighborTunnel(n)
	if t == nil {
		return "% No such neighbor or address family\n"
	}
	var paths []bgpPath
	switch variant {
	case "advertised-routes":
		paths = r.advertised(t)
	default: // received-routes and routes: nothing is filtered inbound
		paths = r.received(t)
	}
	if len(paths) == 0 {
		return ""
	}
	var b strings.Builder
	r.writeBGPRows(&b, paths, false)
	fmt.Fprintf(&b, "\nTotal number of prefixes %d \n", len(paths))
	return b.String()
}

func (r *renderer) writeBGPRows(b *strings.Builder, paths []bgpPath, grouped bool) {
	fmt.Fprintf(b, "BGP table version is %d, local router ID is %s\n", 1+len(r.bgpTable()), r.routerID())
	b.WriteString(bgpTableHeader)
	var prev netip.Prefix
	for _, p := range paths {
		network := bgpNetwork(p.prefix)
		if grouped && p.prefix == prev {
			network = ""
		}
		prev = p.prefix
		codes := "*  "
		switch {
		case p.best && p.ribFail:
			codes = "r> "
		case p.best:
			codes = "*> "
		}
		nh, metric, weight, path := "0.0.0.0", "0", "32768", "i"
		if p.nexthop.IsValid() {
			nh = p.nexthop.String()
		}
		if p.tunnel != nil {
			metric, weight = "", "0"
			path = fmt.Sprintf("%d i", p.tunnel.Form.DIASN)
		}
		rest := fmt.Sprintf("%-15s %10s %6s %6s %s", nh, metric, "", weight, path)
		if len(network) > 16 {
			fmt.Fprintf(b, " %s  %s\n%s%s\n", codes, network, strings.Repeat(" ", 23), rest)
			continue
		}
		fmt.Fprintf(b, " %s  %-16s %s\n", codes, network, rest)
	}
}

// bgpNetwork prints a prefix as the BGP table does: without the length
// when it is the classful one ("203.0.113.0", "10.0.0.0", "0.0.0.0").
func bgpNetwork(p netip.Prefix) string {
	if p.Bits() == 0 || p.Bits() == classfulBits(p.Addr()) {
		return p.Addr().String()
	}
	return p.String()
}
