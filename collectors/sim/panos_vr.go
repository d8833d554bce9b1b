package sim

import (
	"net/netip"
	"strings"
)

// panosVR is one virtual router of the CPE. PAN-OS (legacy routing
// engine) sets BGP's local AS per virtual router, with no per-peer
// override like IOS's "neighbor ... local-as": a tunnel whose activation
// form gives the CPE another ASN than the router's gets a virtual router
// of its own ("vr-dcb"), holding its GRE and IPsec tunnel interfaces and
// its BGP peer. The default virtual router holds the rest.
type panosVR struct {
	name    string
	id      int
	as      uint32
	tunnels []*Tunnel
}

// panosVRs lists the CPE's virtual routers, default first.
func (r *renderer) panosVRs() []*panosVR {
	c := r.cpe
	vrs := []*panosVR{{name: "default", id: 1, as: c.ASN}}
	for _, t := range c.Tunnels {
		as := t.Config.LocalAS
		if as == 0 || as == c.ASN {
			vrs[0].tunnels = append(vrs[0].tunnels, t)
			continue
		}
		var vr *panosVR
		for _, v := range vrs {
			if v.as == as {
				vr = v
			}
		}
		if vr == nil {
			vr = &panosVR{name: "vr-dc" + strings.ToLower(t.DC), id: len(vrs) + 1, as: as}
			vrs = append(vrs, vr)
		}
		vr.tunnels = append(vr.tunnels, t)
	}
	return vrs
}

// panosVROf is the virtual router a tunnel's interfaces and peer are in.
func (r *renderer) panosVROf(t *Tunnel) *panosVR {
	for _, v := range r.panosVRs() {
		for _, x := range v.tunnels {
			if x == t {
				return v
			}
		}
	}
	return nil
}

// has reports a tunnel of the virtual router.
func (v *panosVR) has(t *Tunnel) bool {
	for _, x := range v.tunnels {
		if x == t {
			return true
		}
	}
	return false
}

// panosBGPPaths are the BGP paths of one virtual router, with the best
// path per prefix chosen among them (the oldest, as between equal eBGP
// paths): each virtual router runs its own BGP.
func (r *renderer) panosBGPPaths(v *panosVR) []bgpPath {
	var out []bgpPath
	for _, p := range r.bgpTable() {
		if !p.local() && v.has(p.tunnel) {
			p.best = false
			out = append(out, p)
		}
	}
	for i := 0; i < len(out); {
		j, best := i, i
		for j < len(out) && out[j].prefix == out[i].prefix {
			if out[j].age > out[best].age {
				best = j
			}
			j++
		}
		out[best].best = true
		i = j
	}
	return out
}

// panosStaticsOf are a virtual router's static routes: in the default
// one IOS's (the default route, discards, pinned transport IPs, a
// scenario's extras); in each, the DI GRE address of its tunnels routed
// into their IPsec tunnel interface, which is how PAN-OS puts GRE into
// IPsec. Where DI uses one address for both, that route would swallow
// IKE itself: it is left out.
func (r *renderer) panosStaticsOf(v *panosVR) []staticRoute {
	gre := map[netip.Prefix]*Tunnel{}
	for _, t := range r.cpe.Tunnels {
		if t.Form.GREDestination != t.Form.IPsecPeer {
			gre[netip.PrefixFrom(t.Form.GREDestination, 32)] = t
		}
	}
	var out []staticRoute
	if v.id == 1 {
		for _, s := range r.statics() {
			if gre[s.p] == nil {
				out = append(out, s)
			}
		}
	}
	for _, t := range v.tunnels {
		if p := netip.PrefixFrom(t.Form.GREDestination, 32); gre[p] == t {
			out = append(out, staticRoute{p, panosIPsecIf(t)})
		}
	}
	return out
}
