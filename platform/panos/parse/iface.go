package parse

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdIface = "show interface"

// HardwareIf is one row of the hardware table of `show interface all`.
type HardwareIf struct {
	Name  string       `json:"name"`
	ID    string       `json:"id"`
	Speed string       `json:"speed_duplex_state"` // "1000/full/up/auto" as printed
	State string       `json:"state"`              // third field: "up", "down((autoneg))"
	MAC   string       `json:"mac"`
	Span  parsers.Span `json:"span"`
}

// LogicalIf is one row of the logical table of `show interface all` or
// `show interface logical`; continuation lines add addresses.
type LogicalIf struct {
	Name       string         `json:"name"`
	ID         string         `json:"id"`
	Vsys       string         `json:"vsys"`
	Zone       string         `json:"zone,omitempty"`
	Forwarding string         `json:"forwarding"` // "vr:default", "N/A", "ha"
	Tag        string         `json:"tag"`
	Addresses  []netip.Prefix `json:"addresses,omitempty"`
	Span       parsers.Span   `json:"span"`
}

// Interfaces is `show interface all|logical`.
type Interfaces struct {
	Hardware []HardwareIf `json:"hardware"`
	Logical  []LogicalIf  `json:"logical"`
}

// ParseInterfaces reads `show interface all` and `show interface logical`
// (PAN-OS 8.x-11.x). Aggregation-group member lists are ignored.
func ParseInterfaces(out string) (*Interfaces, error) {
	ls := splitLines(out, "show interface")
	res := &Interfaces{}
	table, seen := "", false
	var logCols map[string]int
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "" || isDashes(t):
			continue
		case strings.HasPrefix(low, "total configured"):
			seen, table = true, ""
			continue
		case strings.HasPrefix(t, "name") && strings.Contains(t, "mac address"):
			table, seen = "hw", true
			continue
		case strings.HasPrefix(t, "name") && strings.Contains(t, "forwarding"):
			table, seen, logCols = "log", true, columns(l.text)
			continue
		case strings.HasPrefix(low, "aggregation groups"):
			table = "agg"
			continue
		}
		f := strings.Fields(t)
		switch table {
		case "agg":
			continue
		case "hw":
			if len(f) != 4 {
				return nil, perr(cmdIface, l.n, l.text, "hardware row is not name, id, speed/duplex/state, mac")
			}
			st := strings.Split(f[2], "/")
			h := HardwareIf{Name: f[0], ID: f[1], Speed: f[2], MAC: f[3], Span: parsers.Span{Start: l.n, End: l.n}}
			if len(st) >= 3 {
				h.State = st[2]
			}
			res.Hardware = append(res.Hardware, h)
		case "log":
			if len(f) == 1 && len(res.Logical) > 0 && l.text[0] == ' ' {
				lg := &res.Logical[len(res.Logical)-1]
				if p, err := netip.ParsePrefix(f[0]); err == nil {
					lg.Addresses = append(lg.Addresses, p)
				}
				lg.Span.Cover(l.n)
				continue
			}
			if len(f) < 6 {
				return nil, perr(cmdIface, l.n, l.text, "logical row with fewer than 6 columns")
			}
			n := len(f)
			lg := LogicalIf{Name: f[0], ID: f[1], Vsys: f[2], Forwarding: f[n-3], Tag: f[n-2],
				Span: parsers.Span{Start: l.n, End: l.n}}
			if n >= 7 {
				lg.Zone = strings.Join(f[3:n-3], " ")
			}
			_ = logCols
			if p, err := netip.ParsePrefix(f[n-1]); err == nil {
				lg.Addresses = append(lg.Addresses, p)
			}
			res.Logical = append(res.Logical, lg)
		default:
			return nil, perr(cmdIface, l.n, l.text, "line outside the interface tables")
		}
	}
	if !seen {
		return nil, noContent(cmdIface, ls)
	}
	return res, nil
}

// InterfaceDetail is `show interface tunnel.N` (or any one logical
// interface): the configuration block and the logical counters.
type InterfaceDetail struct {
	Name          string         `json:"name"`
	ID            string         `json:"id,omitempty"`
	VirtualRouter string         `json:"virtual_router,omitempty"`
	MTU           int            `json:"mtu,omitempty"`
	Addresses     []netip.Prefix `json:"addresses,omitempty"`
	Zone          string         `json:"zone,omitempty"`
	Vsys          string         `json:"vsys,omitempty"`
	// AdjustMSS is "Adjust TCP MSS: yes" (the adjustment itself is not
	// printed); AdjustMSSKnown is false without the line.
	AdjustMSS      bool `json:"adjust_tcp_mss"`
	AdjustMSSKnown bool `json:"adjust_tcp_mss_known"`
	// GRE is the GRE tunnel block PAN-OS 9.1+ prints for a tunnel
	// interface bound to a GRE tunnel; nil for any other interface.
	GRE *GRETunnel `json:"gre,omitempty"`
	// Counters holds the "name   value" lines of the logical counters
	// section ("bytes received", "packets dropped", ...).
	Counters map[string]uint64 `json:"counters,omitempty"`
	Span     parsers.Span      `json:"span"`
}

// GRETunnel is the GRE block of `show interface tunnel.N`:
//
//	GRE tunnel name:               netskope_mel1
//	tunnel interface state:        Up
//	keep alive enabled:            True
//	local-ip:                      10.254.1.253
//	peer-ip:                       163.116.198.36
//	stats:
//	   ka-send:                    295
//	   ka-recv:                    295
//
// The keepalive interval and retry are configuration only: not printed.
type GRETunnel struct {
	Name  string `json:"name"`
	State string `json:"state"` // "Up", "Down" as printed
	// Disabled is "disabled: True".
	Disabled bool `json:"disabled"`
	// KeepAlive is "keep alive enabled: True"; KeepAliveKnown is false
	// without the line.
	KeepAlive      bool         `json:"keep_alive"`
	KeepAliveKnown bool         `json:"keep_alive_known"`
	Local          netip.Addr   `json:"local_ip,omitzero"`
	Peer           netip.Addr   `json:"peer_ip,omitzero"`
	KASent         uint64       `json:"ka_send"`
	KAReceived     uint64       `json:"ka_recv"`
	KARetry        uint64       `json:"ka_curr_retry"`
	Span           parsers.Span `json:"span"`
}

// Up reports tunnel interface state Up.
func (g GRETunnel) Up() bool { return strings.EqualFold(g.State, "up") }

// set reads one "key: value" line of the GRE block; ok is false for a
// key the block does not have.
func (g *GRETunnel) set(k, v string) bool {
	yes := strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	num := func() uint64 { n, _ := atou(v); return n }
	switch strings.ToLower(k) {
	case "tunnel interface state":
		g.State = v
	case "disabled":
		g.Disabled = yes
	case "copy-tos", "stats", "ka-id", "ka-last-timestamp", "ka-recv-map", "ka-owner":
	case "keep alive enabled":
		g.KeepAlive, g.KeepAliveKnown = yes, true
	case "local-ip":
		g.Local = addr(v)
	case "peer-ip":
		g.Peer = addr(v)
	case "ka-send":
		g.KASent = num()
	case "ka-recv":
		g.KAReceived = num()
	case "ka-curr-retry":
		g.KARetry = num()
	default:
		return false
	}
	return true
}

// greLine reads a "key: value" line of the GRE block.
func greLine(g *GRETunnel, t string) bool {
	k, v, ok := keyValue(t)
	return ok && g.set(k, v)
}

// ParseInterfaceDetail reads `show interface tunnel.N` (PAN-OS 8.x-11.x):
// the configuration block, the GRE block of a GRE tunnel interface
// (9.1+), and the logical counters.
func ParseInterfaceDetail(out string) (*InterfaceDetail, error) {
	ls := splitLines(out, "show interface")
	d := &InterfaceDetail{Counters: map[string]uint64{}}
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		if t == "" || isDashes(t) {
			continue
		}
		switch {
		case strings.HasPrefix(t, "Name:"):
			// "Name: tunnel.1, ID: 256"
			a, b, _ := strings.Cut(t[len("Name:"):], ",")
			d.Name = strings.TrimSpace(a)
			if _, v, ok := keyValue(b); ok {
				d.ID = v
			}
			d.Span.Cover(l.n)
		case strings.HasPrefix(t, "Virtual router "):
			d.VirtualRouter = strings.TrimSpace(t[len("Virtual router "):])
		case strings.HasPrefix(t, "Interface MTU "):
			d.MTU, _ = atoi(strings.TrimSpace(t[len("Interface MTU "):]))
		case strings.HasPrefix(t, "Interface IP address:"):
			if p, err := netip.ParsePrefix(strings.TrimSpace(t[len("Interface IP address:"):])); err == nil {
				d.Addresses = append(d.Addresses, p)
			}
		case strings.HasPrefix(t, "GRE tunnel name:"):
			d.GRE = &GRETunnel{Name: strings.TrimSpace(t[len("GRE tunnel name:"):]), Span: parsers.Span{Start: l.n, End: l.n}}
		case strings.HasPrefix(t, "Adjust TCP MSS:"):
			v := strings.TrimSpace(t[len("Adjust TCP MSS:"):])
			d.AdjustMSS, d.AdjustMSSKnown = strings.EqualFold(v, "yes"), true
		case d.GRE != nil && strings.Contains(t, ":") && greLine(d.GRE, t):
			d.GRE.Span.Cover(l.n)
		case strings.HasPrefix(t, "Zone:"):
			z, vs, _ := strings.Cut(t[len("Zone:"):], ",")
			d.Zone = strings.TrimSpace(z)
			if _, v, ok := keyValue(vs); ok {
				d.Vsys = v
			}
		default:
			f := strings.Fields(t)
			if len(f) >= 2 && d.Name != "" {
				if v, ok := atou(f[len(f)-1]); ok {
					d.Counters[strings.Join(f[:len(f)-1], " ")] = v
				}
			}
		}
		if d.Name != "" {
			d.Span.Cover(l.n)
		}
	}
	if d.Name == "" {
		return nil, noContent(cmdIface, ls)
	}
	return d, nil
}
