package sim

import (
	"net/netip"
	"sort"
	"time"
)

// bgpPath is one path in the CPE's BGP table.
type bgpPath struct {
	prefix  netip.Prefix
	nexthop netip.Addr // zero: 0.0.0.0
	tunnel  *Tunnel    // nil: locally originated
	age     time.Duration
	best    bool
	ribFail bool // best, but a static route with a lower distance wins
}

func (p bgpPath) local() bool { return p.tunnel == nil }

// bgpTable builds the CPE's BGP table: what each established neighbor
// sends, plus the locally originated networks, with best paths chosen as
// IOS does for equal eBGP paths (the oldest wins).
func (r *renderer) bgpTable() []bgpPath {
	c := r.cpe
	var paths []bgpPath
	if !c.NoDefaultNetwork {
		paths = append(paths, bgpPath{prefix: netip.MustParsePrefix("0.0.0.0/0"), nexthop: c.Gateway, age: c.Uptime})
	}
	for _, p := range c.ExtraNetworks {
		paths = append(paths, bgpPath{prefix: p, age: c.Uptime})
	}
	for _, t := range c.Tunnels {
		if !t.state().bgpUp {
			continue
		}
		for _, p := range t.DIRoutes {
			paths = append(paths, bgpPath{prefix: p, nexthop: t.Form.DITunnelIP, tunnel: t, age: t.BGPAge + r.el})
		}
	}
	sort.SliceStable(paths, func(i, j int) bool { return prefixLess(paths[i].prefix, paths[j].prefix) })
	statics := map[netip.Prefix]bool{}
	for _, s := range r.statics() {
		statics[s.p] = true
	}
	for i := 0; i < len(paths); {
		j, best := i, i
		for j < len(paths) && paths[j].prefix == paths[i].prefix {
			if paths[j].age > paths[best].age {
				best = j
			}
			j++
		}
		paths[best].best = true
		paths[best].ribFail = !paths[best].local() && statics[paths[best].prefix]
		i = j
	}
	return paths
}

func prefixLess(a, b netip.Prefix) bool {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c < 0
	}
	return a.Bits() < b.Bits()
}

// advertised lists what the CPE sends a neighbor: its best local routes
// the VC-OUT prefix-list permits (learned DI routes never pass it).
func (r *renderer) advertised(t *Tunnel) []bgpPath {
	if !t.state().bgpUp {
		return nil
	}
	permit := map[netip.Prefix]bool{netip.MustParsePrefix("0.0.0.0/0"): true}
	if r.cpe.ExtraPermit {
		for _, p := range r.cpe.ExtraNetworks {
			permit[p] = true
		}
	}
	var out []bgpPath
	for _, p := range r.bgpTable() {
		if p.best && p.local() && permit[p.prefix] {
			out = append(out, p)
		}
	}
	return out
}

// received lists the paths a neighbor sent (kept by soft-reconfiguration).
func (r *renderer) received(t *Tunnel) []bgpPath {
	var out []bgpPath
	for _, p := range r.bgpTable() {
		if p.tunnel == t {
			out = append(out, p)
		}
	}
	return out
}

// neighborTunnel finds the tunnel whose configured neighbor is a.
func (r *renderer) neighborTunnel(a netip.Addr) *Tunnel {
	for _, t := range r.cpe.Tunnels {
		if t.Config.Neighbor == a {
			return t
		}
	}
	return nil
}
