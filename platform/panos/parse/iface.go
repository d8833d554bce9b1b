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
	// Counters holds the "name   value" lines of the logical counters
	// section ("bytes received", "packets dropped", ...).
	Counters map[string]uint64 `json:"counters,omitempty"`
	Span     parsers.Span      `json:"span"`
}

// ParseInterfaceDetail reads `show interface tunnel.N`.
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
