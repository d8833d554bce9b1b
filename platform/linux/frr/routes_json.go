package frr

import (
	"encoding/json"
	"net/netip"
	"strings"
)

const cmdRoutesJSON = "show bgp ipv4 unicast neighbors X routes json"

// pathJSON covers both shapes: the adj-RIB entries of
// received-routes/advertised-routes and the paths of routes.
type pathJSON struct {
	Network       string `json:"network"`
	AddrPrefix    string `json:"addrPrefix"`
	Prefix        string `json:"prefix"`
	PrefixLen     *int   `json:"prefixLen"`
	NextHop       string `json:"nextHop"`
	NextHopGlobal string `json:"nextHopGlobal"`
	Nexthops      []struct {
		IP   string `json:"ip"`
		Used bool   `json:"used"`
	} `json:"nexthops"`
	Metric        *int64          `json:"metric"`
	LocPrf        *int64          `json:"locPrf"`
	Weight        *int64          `json:"weight"`
	Path          string          `json:"path"`
	BGPOriginCode string          `json:"bgpOriginCode"`
	Origin        string          `json:"origin"`
	Valid         bool            `json:"valid"`
	Bestpath      bool            `json:"bestpath"`
	Multipath     bool            `json:"multipath"`
	PathFrom      string          `json:"pathFrom"`
	Applied       map[string]bool `json:"appliedStatusSymbols"`
}

func (pj *pathJSON) path(key string) (Path, error) {
	p := Path{Metric: -1, LocPrf: -1, Weight: -1}
	pfx := key
	if pfx == "" {
		pfx = pj.Network
	}
	pf, err := netip.ParsePrefix(pfx)
	if err != nil {
		return p, errString("bad prefix " + pfx)
	}
	p.Prefix = pf
	nh := pj.NextHop
	if nh == "" {
		nh = pj.NextHopGlobal
	}
	if nh == "" && len(pj.Nexthops) > 0 {
		nh = pj.Nexthops[0].IP
	}
	if nh != "" {
		a, err := netip.ParseAddr(nh)
		if err != nil {
			return p, errString("bad next hop " + nh)
		}
		p.NextHop = a
	}
	if pj.Metric != nil {
		p.Metric = *pj.Metric
	}
	if pj.LocPrf != nil {
		p.LocPrf = *pj.LocPrf
	}
	if pj.Weight != nil {
		p.Weight = *pj.Weight
	}
	p.PathText = pj.Path
	p.ASPath = asPath(pj.Path)
	p.Origin = pj.BGPOriginCode
	switch pj.Origin {
	case "IGP":
		p.Origin = "i"
	case "EGP":
		p.Origin = "e"
	case "incomplete":
		p.Origin = "?"
	}
	p.Valid = pj.Valid || pj.Applied["*"]
	p.Best = pj.Bestpath || pj.Applied[">"]
	p.Multipath = pj.Multipath || pj.Applied["="]
	p.Internal = pj.PathFrom == "internal" || pj.Applied["i"]
	return p, nil
}

// ParseRoutesJSON reads the JSON of the neighbor received-routes,
// advertised-routes and routes listings: "receivedRoutes" and
// "advertisedRoutes" map a prefix to one entry, "routes" maps a prefix to
// a list of paths. A {"warning": ...} document (or FRR's bare "warning"
// fragment) is a list with Unavailable set.
func ParseRoutesJSON(out string) (*RouteList, error) {
	rl := newRouteList()
	if strings.TrimSpace(out) == "" {
		return rl, nil
	}
	if msg, ok := warningText(out); ok {
		rl.setWarning(msg)
		return rl, nil
	}
	if !jsonStart(out) {
		return nil, perr(cmdRoutesJSON, 1, firstLine(out), "want a JSON object")
	}
	w := newWalker(cmdRoutesJSON, out)
	known := false
	_, err := w.object(func(key string) error {
		switch key {
		case "warning":
			var msg string
			_, err := w.value(&msg)
			rl.setWarning(msg)
			known = true
			return err
		case "bgpLocalRouterId", "routerId":
			var id string
			if _, err := w.value(&id); err != nil {
				return err
			}
			rl.RouterID, _ = netip.ParseAddr(id)
		case "localAS":
			var raw json.RawMessage
			if _, err := w.value(&raw); err != nil {
				return err
			}
			rl.LocalAS, _ = parseASN(string(raw))
		case "bgpTableVersion", "tableVersion":
			_, err := w.value(&rl.TableVersion)
			return err
		case "vrfName":
			_, err := w.value(&rl.VRF)
			return err
		case "totalPrefixCounter":
			_, err := w.value(&rl.Total)
			return err
		case "filteredPrefixCounter":
			_, err := w.value(&rl.Filtered)
			return err
		case "receivedRoutes", "advertisedRoutes":
			rl.Kind = strings.TrimSuffix(key, "Routes")
			known = true
			return rl.readAdj(w)
		case "routes":
			rl.Kind = "routes"
			known = true
			return rl.readRoutes(w)
		default:
			return w.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	if !known && rl.Total < 0 && !rl.RouterID.IsValid() {
		return nil, perr(cmdRoutesJSON, 1, firstLine(out), "no receivedRoutes, advertisedRoutes or routes key")
	}
	return rl, nil
}

func (rl *RouteList) setWarning(msg string) {
	rl.Unavailable, _ = classifyWarning(msg)
	if rl.Unavailable == Available {
		rl.Unavailable = OtherWarning
	}
	rl.UnavailableText = msg
}

func (rl *RouteList) readAdj(w *walker) error {
	_, err := w.object(func(key string) error {
		var pj pathJSON
		sp, err := w.value(&pj)
		if err != nil {
			return err
		}
		p, err := pj.path(key)
		if err != nil {
			return w.errorf(err, "bad route")
		}
		p.Span = sp
		rl.Paths = append(rl.Paths, p)
		return nil
	})
	return err
}

func (rl *RouteList) readRoutes(w *walker) error {
	_, err := w.object(func(key string) error {
		if w.peek() != '[' {
			return w.errorf(errString("want a list of paths"), "bad routes entry")
		}
		_, err := w.array(func() error {
			var pj pathJSON
			sp, err := w.value(&pj)
			if err != nil {
				return err
			}
			p, err := pj.path(key)
			if err != nil {
				return w.errorf(err, "bad route")
			}
			p.Span = sp
			rl.Paths = append(rl.Paths, p)
			return nil
		})
		return err
	})
	return err
}
