package junos

import (
	"slices"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/junos/parse"
)

// interfaces reads show interfaces [NAME] [extensive|detail|statistics]
// and show interfaces terse [NAME]: one fact per physical interface and
// logical unit. A unit's state follows its physical interface when the
// output listed it: Junos prints no admin state per unit in the long form,
// so a disabled unit reads as line down, not admin down. Keepalive is
// known only where the output prints keepalive lines.
func (r reader) interfaces(v *parse.Interfaces) {
	rank := 2
	if v.Terse {
		rank = 1
	}
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: rank}
	byName := map[string]parse.Interface{}
	for _, it := range v.Items {
		if !it.Logical {
			byName[it.Name] = it
		}
	}
	for _, it := range v.Items {
		f := evidence.Interface{Name: it.Name, MTU: it.MTU, IsTunnel: it.Logical && isTunnelName(it.Name),
			TunnelSource: it.TunnelSource, TunnelDestination: it.TunnelDestination,
			InPackets: it.InPackets, OutPackets: it.OutPackets, HasCounters: it.HasCounters, Ref: r.ref(it.Span)}
		parent, hasParent := byName[it.Parent]
		f.AdminDown, f.Up, f.LineUp, f.StateRaw = ifState(it, parent, hasParent && it.Parent != "")
		if a, ok := firstAddress(it); ok {
			f.Address, f.MaskUnknown = a.Local, a.MaskUnknown
		}
		if k := it.Keepalive; k != nil {
			f.Keepalive = evidence.Keepalive{Known: true, On: k.On, Period: k.Interval, Retries: k.DownCount}
			f.Ref.Mark(evidence.AttrKeepalive, k.Lines...)
		}
		f.Ref.Mark(evidence.AttrState, it.StateLines...)
		f.Ref.Mark(evidence.AttrAddress, it.AddressLines...)
		f.Ref.Mark(evidence.AttrEndpoints, it.EndpointLines...)
		f.Ref.Mark(evidence.AttrCounters, it.CounterLines...)
		f.Ref.Mark(evidence.AttrMTU, it.MTULines...)
		if it.HasRates {
			f.InRate, f.OutRate, f.HasRates = it.InBPS, it.OutBPS, true
			f.Ref.Mark(evidence.AttrRates, it.RateLines...)
		}
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
}

// isTunnelName reports whether a unit is a tunnel: GRE (gr-) or a
// route-based IPsec secure tunnel (st0).
func isTunnelName(name string) bool {
	return strings.HasPrefix(name, "gr-") || strings.HasPrefix(name, "st0.")
}

// ifState returns admin down, up, line up and the printed state of it.
func ifState(it, parent parse.Interface, hasParent bool) (adminDown, up, lineUp bool, raw string) {
	switch {
	case it.AdminText != "" || it.LinkText != "": // a physical interface, or a terse row
		adminDown = strings.EqualFold(it.AdminText, "down") || strings.Contains(strings.ToLower(it.AdminText), "disabled") ||
			strings.Contains(strings.ToLower(it.AdminText), "administratively")
		up = strings.EqualFold(it.LinkText, "up")
		raw = it.AdminText + "/" + it.LinkText
		return adminDown, up, up && !adminDown, raw
	}
	// A logical unit of the long form: its flags, under its parent.
	down := slices.Contains(it.Flags, "Down")
	devDown := slices.Contains(it.Flags, "Device-Down") || slices.Contains(it.Flags, "Link-Layer-Down")
	up = !devDown
	if hasParent {
		adminDown, _, _, _ = ifState(parent, parse.Interface{}, false)
		up = up && strings.EqualFold(parent.LinkText, "up") && !adminDown
	}
	return adminDown, up, up && !down, "Flags: " + strings.Join(it.Flags, " ")
}

// firstAddress returns the first inet address with a local address, else
// the first address of any family.
func firstAddress(it parse.Interface) (parse.Address, bool) {
	var other parse.Address
	found := false
	for _, p := range it.Protocols {
		for _, a := range p.Addresses {
			if !a.Local.IsValid() {
				continue
			}
			if p.Family == "inet" || (p.Family == "" && a.Local.Addr().Is4()) {
				return a, true
			}
			if !found {
				other, found = a, true
			}
		}
	}
	return other, found
}
