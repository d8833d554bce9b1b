package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const (
	cmdInterfaces = "get system interface"
	cmdGRE        = "show system gre-tunnel"
)

// Interface is one entry of `get system interface`.
type Interface struct {
	Name   string       `json:"name"`
	Mode   string       `json:"mode,omitempty"` // static, dhcp, pppoe
	Prefix netip.Prefix `json:"prefix,omitzero"`
	Status string       `json:"status,omitempty"` // up, down
	Up     bool         `json:"up"`
	Type   string       `json:"type,omitempty"` // physical, tunnel, loopback, ...
	VDOM   string       `json:"vdom,omitempty"`
	// Fields keeps every other "key: value" pair as printed.
	Fields map[string]string `json:"fields,omitempty"`
	Span   parsers.Span      `json:"span"`
}

// ParseInterfaces reads `get system interface`: "== [ NAME ]" then one
// line of "key: value" pairs per interface.
func ParseInterfaces(out string) ([]Interface, error) {
	lines, any := content(out)
	ifs := []Interface{}
	if !any {
		return ifs, nil
	}
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "== [") && strings.HasSuffix(t, "]"):
			name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, "== ["), "]"))
			ifs = append(ifs, Interface{Name: name, Span: parsers.Span{Start: n, End: n}})
		case strings.HasPrefix(t, "name: "):
			if len(ifs) == 0 || ifs[len(ifs)-1].Span.End != n-1 {
				ifs = append(ifs, Interface{Span: parsers.Span{Start: n, End: n}})
			}
			f := &ifs[len(ifs)-1]
			f.Span.Cover(n)
			ifacePairs(f, t)
		default:
			return nil, perr(cmdInterfaces, n, l, "expected \"== [ NAME ]\" or \"name: ...\"")
		}
	}
	return ifs, nil
}

// ifacePairs reads "name: port1 mode: dhcp ip: A M status: up ...".
func ifacePairs(f *Interface, t string) {
	words := strings.Fields(t)
	var key string
	var val []string
	flush := func() {
		if key == "" {
			return
		}
		v := strings.Join(val, " ")
		switch key {
		case "name":
			f.Name = v
		case "mode":
			f.Mode = v
		case "ip":
			if len(val) == 2 {
				f.Prefix, _ = maskPrefix(val[0], val[1])
			}
		case "status":
			f.Status, f.Up = v, v == "up"
		case "type":
			f.Type = v
		case "vdom":
			f.VDOM = v
		default:
			if f.Fields == nil {
				f.Fields = map[string]string{}
			}
			f.Fields[key] = v
		}
	}
	for _, w := range words {
		if strings.HasSuffix(w, ":") && len(w) > 1 {
			flush()
			key, val = strings.TrimSuffix(w, ":"), nil
			continue
		}
		val = append(val, w)
	}
	flush()
}

// GRETunnel is one entry of `show system gre-tunnel` (configuration).
type GRETunnel struct {
	Name              string            `json:"name"`
	Interface         string            `json:"interface,omitempty"` // the IPsec phase1 interface it rides
	RemoteGW          netip.Addr        `json:"remote_gw,omitzero"`
	LocalGW           netip.Addr        `json:"local_gw,omitzero"`
	KeepaliveInterval int               `json:"keepalive_interval"` // 0 = keepalive off (the default)
	KeepaliveFailTime int               `json:"keepalive_failtimes,omitempty"`
	Settings          map[string]string `json:"settings,omitempty"` // every "set" as printed
	Span              parsers.Span      `json:"span"`
}

// ParseGRETunnels reads `show system gre-tunnel` (or `show full-configuration
// system gre-tunnel`). "config system gre-tunnel" with no edit is an empty
// result.
func ParseGRETunnels(out string) ([]GRETunnel, error) {
	lines, any := content(out)
	gs := []GRETunnel{}
	if !any {
		return gs, nil
	}
	var g *GRETunnel
	inBlock := false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		f := strings.Fields(t)
		switch {
		case t == "":
			continue
		case t == "config system gre-tunnel":
			inBlock = true
		case !inBlock:
			if strings.HasPrefix(t, "#") || t == "config vdom" || strings.HasPrefix(t, "edit ") && len(gs) == 0 {
				continue
			}
			return nil, perr(cmdGRE, n, l, "expected \"config system gre-tunnel\"")
		case f[0] == "edit" && len(f) >= 2:
			gs = append(gs, GRETunnel{Name: unquote(strings.Join(f[1:], " ")), Settings: map[string]string{}})
			g = &gs[len(gs)-1]
			g.Span.Cover(n)
		case f[0] == "next":
			if g != nil {
				g.Span.Cover(n)
			}
			g = nil
		case f[0] == "end":
			inBlock, g = false, nil
		case f[0] == "set" && len(f) >= 3 && g != nil:
			g.Span.Cover(n)
			v := unquote(strings.Join(f[2:], " "))
			g.Settings[f[1]] = v
			switch f[1] {
			case "interface":
				g.Interface = v
			case "remote-gw":
				g.RemoteGW, _ = netip.ParseAddr(v)
			case "local-gw":
				g.LocalGW, _ = netip.ParseAddr(v)
			case "keepalive-interval":
				g.KeepaliveInterval, _ = atoi(v)
			case "keepalive-failtimes":
				g.KeepaliveFailTime, _ = atoi(v)
			}
		default:
			if g != nil {
				g.Span.Cover(n)
			}
		}
	}
	return gs, nil
}
