package parse

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdNetlink = "diagnose netlink interface list"

// NetlinkInterface is one interface of `diagnose netlink interface list
// [NAME]`: the kernel's view of it, where `get system interface` prints
// configuration. Flags are the kernel interface flags: "up" is
// administratively up, "run" the link running (IFF_RUNNING).
type NetlinkInterface struct {
	Name   string   `json:"name"`
	Type   int      `json:"type"` // 1 Ethernet, 768 IPsec, 778 GRE
	Index  int      `json:"index"`
	MTU    int      `json:"mtu,omitempty"`
	Master int      `json:"master,omitempty"`
	State  string   `json:"state,omitempty"` // "start present"
	Flags  []string `json:"flags,omitempty"`
	// Counters of the "stat:" line (HasStats), and the device's clock when
	// they were read ("@ time=1623951101", Unix seconds; 0 if not printed).
	RxPackets uint64       `json:"rx_packets"`
	TxPackets uint64       `json:"tx_packets"`
	RxBytes   uint64       `json:"rx_bytes"`
	TxBytes   uint64       `json:"tx_bytes"`
	RxErrors  uint64       `json:"rx_errors"`
	TxErrors  uint64       `json:"tx_errors"`
	RxDrops   uint64       `json:"rx_drops"`
	TxDrops   uint64       `json:"tx_drops"`
	HasStats  bool         `json:"has_stats"`
	StatTime  int64        `json:"stat_time,omitempty"`
	Span      parsers.Span `json:"span"`
}

// Flag reports whether the kernel flags include f.
func (n NetlinkInterface) Flag(f string) bool {
	for _, x := range n.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// ParseNetlinkInterfaces reads `diagnose netlink interface list [NAME]`
// (FortiOS 6.x and 7.x): an "if=NAME family=.. type=.. index=.. mtu=.."
// line opens each interface; "ref=.. state=start present fw_flags=..
// flags=up broadcast run multicast" (on its own line, or the head line's
// tail on some releases) carries the state and flags, "stat: rxp=.."
// the counters. The Qdisc, re:, te:, misc and input_type lines are
// ignored. An empty output is an empty result.
func ParseNetlinkInterfaces(out string) ([]NetlinkInterface, error) {
	lines, any := content(out)
	ifs := []NetlinkInterface{}
	if !any {
		return ifs, nil
	}
	if u, text, n, ok := warningOnly(lines); ok {
		return nil, perr(cmdNetlink, n, text, "refused: "+u.String())
	}
	var cur *NetlinkInterface
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "if="):
			ifs = append(ifs, NetlinkInterface{Span: parsers.Span{Start: n, End: n}})
			cur = &ifs[len(ifs)-1]
			netlinkPairs(cur, t)
			if cur.Name == "" {
				return nil, perr(cmdNetlink, n, l, "expected \"if=NAME\"")
			}
		case cur == nil:
			return nil, perr(cmdNetlink, n, l, "expected \"if=NAME family=...\"")
		case strings.HasPrefix(t, "stat:"):
			netlinkStats(cur, strings.TrimPrefix(t, "stat:"))
			cur.Span.Cover(n)
		default:
			netlinkPairs(cur, t)
			cur.Span.Cover(n)
		}
	}
	return ifs, nil
}

// netlinkPairs reads "key=value" words; "state=" takes the words up to
// the next key, "flags=" every word to the end of the line.
func netlinkPairs(f *NetlinkInterface, t string) {
	ws := strings.Fields(t)
	for i := 0; i < len(ws); i++ {
		k, v, ok := strings.Cut(ws[i], "=")
		if !ok {
			continue
		}
		switch k {
		case "if":
			f.Name = v
		case "type":
			f.Type, _ = atoi(v)
		case "index":
			f.Index, _ = atoi(v)
		case "mtu":
			f.MTU, _ = atoi(v)
		case "master":
			f.Master, _ = atoi(v)
		case "state":
			// "ref=.. state=start present": the trailing "input_type=0
			// state=3" line is another state, not this one.
			if f.State != "" {
				continue
			}
			st := []string{v}
			for i+1 < len(ws) && !strings.Contains(ws[i+1], "=") {
				i++
				st = append(st, ws[i])
			}
			f.State = strings.Join(st, " ")
		case "flags":
			f.Flags = append([]string{v}, ws[i+1:]...)
			return
		}
	}
}

// netlinkStats reads "rxp=N txp=N rxb=N txb=N rxe=N txe=N rxd=N txd=N
// mc=N collision=N @ time=N".
func netlinkStats(f *NetlinkInterface, t string) {
	kvs := kv(strings.Replace(t, "@ time=", "time=", 1))
	f.RxPackets, f.TxPackets = u64(kvs["rxp"]), u64(kvs["txp"])
	f.RxBytes, f.TxBytes = u64(kvs["rxb"]), u64(kvs["txb"])
	f.RxErrors, f.TxErrors = u64(kvs["rxe"]), u64(kvs["txe"])
	f.RxDrops, f.TxDrops = u64(kvs["rxd"]), u64(kvs["txd"])
	if tm, ok := atou64(kvs["time"]); ok && tm < 1<<62 {
		f.StatTime = int64(tm)
	}
	_, hasRx := kvs["rxp"]
	_, hasTx := kvs["txp"]
	f.HasStats = hasRx && hasTx
}
