package fortios

import (
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform/fortios/parse"
)

// rankNetlink is the rank of the kernel's interface listing: it shows the
// running state and packet counters that `get system interface` (a
// configuration view, rank 1) does not, so it outranks it.
const rankNetlink = 2

// netlink reads `diagnose netlink interface list [NAME]`. Its flags are
// the kernel's: "up" is administratively up, "run" the link running
// (IFF_RUNNING), so the line state is up and run together rather than
// the configured status. rxp/txp are the interface's packet counters, and
// two samples give its traffic rate (previousNetlink).
// The listing prints no address: each interface takes the address of
// the newest `get system interface` read for it (joined both ways, see
// joinAddress), so the state that outranks that listing does not lose it.
// Listing one NAME proves nothing about the others.
func (r reader) netlink(ifs []parse.NetlinkInterface) {
	l := evidence.Listing[evidence.Interface]{Out: r.o, Scope: r.scope(), Rank: rankNetlink}
	for _, it := range ifs {
		up, run := it.Flag("up"), it.Flag("run")
		f := evidence.Interface{Name: it.Name, AdminDown: !up, Up: up, LineUp: up && run,
			StateRaw: "flags=" + strings.Join(it.Flags, " "), MTU: it.MTU, Ref: r.ref(it.Span)}
		if it.HasStats {
			f.InPackets, f.OutPackets, f.HasCounters = it.RxPackets, it.TxPackets, true
			if prev, ok := r.previousNetlink(it); ok {
				secs := uint64(it.StatTime - prev.StatTime)
				f.InRate, f.OutRate = (it.RxBytes-prev.RxBytes)*8/secs, (it.TxBytes-prev.TxBytes)*8/secs
				f.HasRates = true
			}
		}
		if c := r.configuredAddress(it.Name); c != nil {
			f.Address, f.MaskUnknown = c.Address, c.MaskUnknown
		}
		f.Ref.MarkWhere(evidence.AttrState, "flags=")
		f.Ref.MarkWhere(evidence.AttrCounters, "stat: ")
		f.Ref.MarkWhere(evidence.AttrMTU, "mtu=")
		l.Items = append(l.Items, f)
	}
	r.cpe.Interfaces = append(r.cpe.Interfaces, l)
}

// previousNetlink is the newest earlier kernel sample of it, with counters
// and the device clock, from which its traffic rate is the byte counters'
// difference over the clock's: FortiOS prints no rate of its own. A
// sample whose counters went down (cleared, or the interface re-created)
// or whose clock did not advance gives none.
func (r reader) previousNetlink(it parse.NetlinkInterface) (parse.NetlinkInterface, bool) {
	if it.StatTime == 0 {
		return parse.NetlinkInterface{}, false
	}
	for i := len(r.cpe.Interfaces) - 1; i >= 0; i-- {
		prev, ok := r.cpe.Interfaces[i].Out.Parsed.([]parse.NetlinkInterface)
		if !ok || r.cpe.Interfaces[i].Out == r.o {
			continue
		}
		for _, p := range prev {
			if p.Name != it.Name || !p.HasStats {
				continue
			}
			if p.StatTime <= 0 || p.StatTime >= it.StatTime || p.RxBytes > it.RxBytes || p.TxBytes > it.TxBytes {
				return parse.NetlinkInterface{}, false
			}
			return p, true
		}
	}
	return parse.NetlinkInterface{}, false
}

// configuredAddress is the newest `get system interface` state of name
// read so far, nil when none.
func (r reader) configuredAddress(name string) *evidence.Interface {
	for i := len(r.cpe.Interfaces) - 1; i >= 0; i-- {
		if r.cpe.Interfaces[i].Rank != 1 {
			continue
		}
		for j := range r.cpe.Interfaces[i].Items {
			if it := &r.cpe.Interfaces[i].Items[j]; evidence.SameInterface(it.Name, name) && it.Address.IsValid() {
				return it
			}
		}
	}
	return nil
}

// joinAddress gives the kernel listings read before this `get system
// interface` the address it shows for each interface.
func (r reader) joinAddress(it evidence.Interface) {
	for i := range r.cpe.Interfaces {
		if r.cpe.Interfaces[i].Rank != rankNetlink {
			continue
		}
		for j := range r.cpe.Interfaces[i].Items {
			if x := &r.cpe.Interfaces[i].Items[j]; evidence.SameInterface(x.Name, it.Name) {
				x.Address, x.MaskUnknown = it.Address, it.MaskUnknown
			}
		}
	}
}
