package sim

import (
	"encoding/json"
	"fmt"
	"strings"
)

// linkInfo is one network interface of the Linux CPE, as ip link shows it.
type linkInfo struct {
	index          int
	name, kind     string // kind: "loopback", "ether", "gre"
	up             bool
	mtu            int
	local, remote  string // GRE endpoints
	key            int
	pmtudisc       bool
	rxB, rxP       int64
	txB, txP       int64
	mac            string
	minMTU, maxMTU int
	inet           string // the IPv4 address with its length ("100.64.1.2/30"), "" when none
}

// links lists the CPE's interfaces: lo, eth0 (transport), eth1 (LAN), and
// one GRE device per tunnel (gre0 and friends exist once ip_gre is
// loaded, which is why the tunnels start at index 7).
func (r *renderer) links() []linkInfo {
	c := r.cpe
	mac := linuxMAC(c.MAC)
	out := []linkInfo{
		{index: 1, name: "lo", kind: "loopback", up: true, mtu: 65536, mac: "00:00:00:00:00:00"},
		{index: 2, name: "eth0", kind: "ether", up: true, mtu: 1500, mac: mac + "01", minMTU: 68, maxMTU: 65535},
		{index: 3, name: "eth1", kind: "ether", up: true, mtu: 1500, mac: mac + "02", minMTU: 68, maxMTU: 65535},
	}
	var rx, tx [2]int64
	for _, t := range c.Tunnels {
		st := t.state()
		fl := r.flows(t)
		idx := 7
		if t.Interface == "gre2" {
			idx = 8
		}
		l := linkInfo{index: idx, name: t.Interface, kind: "gre", up: !t.Config.LinkDown, mtu: t.ipMTU(),
			local: greSource(c, t).String(), remote: t.Config.GREDestination.String(), key: t.Config.TunnelKey,
			pmtudisc: t.Config.PMTUD, minMTU: 68, maxMTU: 65511}
		if t.Config.TunnelIP.IsValid() {
			l.inet = t.Config.TunnelIP.String()
		}
		if !st.lineUp {
			fl.pktsIn, fl.bytesIn = 0, 0
		}
		l.rxP, l.rxB, l.txP, l.txB = fl.pktsIn, fl.bytesIn, fl.pktsOut, fl.bytesOut
		rx[0] += fl.bytesIn + fl.pktsIn*56
		rx[1] += fl.pktsIn
		tx[0] += fl.bytesOut + fl.pktsOut*56
		tx[1] += fl.pktsOut
		out = append(out, l)
	}
	out[1].rxB, out[1].rxP, out[1].txB, out[1].txP = rx[0]+912_337, rx[1]+8_113, tx[0]+701_554, tx[1]+7_090
	return out
}

// linuxMAC turns IOS's "5254.0012.a001" into the first five octets of a
// Linux MAC ("52:54:00:12:a0:").
func linuxMAC(ios string) string {
	h := strings.ReplaceAll(ios, ".", "")
	if len(h) < 10 {
		h = "525400120000"
	}
	return fmt.Sprintf("%s:%s:%s:%s:%s:", h[0:2], h[2:4], h[4:6], h[6:8], h[8:10])
}

// ipCommand renders "ip [-d] [-s] [-j] link|address show [dev] [NAME]".
func (r *renderer) ipCommand(args []string) string {
	var details, stats, js bool
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-d", "-details":
			details = true
		case "-s", "-stats", "-statistics":
			stats = true
		case "-j", "-json":
			js = true
		default:
			return fmt.Sprintf("Option \"%s\" is unknown, try \"ip -help\".\n", args[0])
		}
		args = args[1:]
	}
	if len(args) == 0 || args[0] != "link" && args[0] != "l" && args[0] != "address" && args[0] != "addr" && args[0] != "a" {
		return "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
	}
	addresses := args[0][0] == 'a'
	args = args[1:]
	if len(args) > 0 && (args[0] == "show" || args[0] == "list" || args[0] == "ls") {
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "dev" {
		args = args[1:]
	}
	all := r.links()
	sel := all
	if len(args) == 1 {
		sel = nil
		for _, l := range all {
			if l.name == args[0] {
				sel = append(sel, l)
			}
		}
		if sel == nil {
			return fmt.Sprintf("Device \"%s\" does not exist.\n", args[0])
		}
	} else if len(args) > 1 {
		return fmt.Sprintf("Error: either \"dev\" is duplicate, or \"%s\" is a garbage.\n", args[1])
	}
	if js {
		return linksJSON(sel, details, stats)
	}
	var b strings.Builder
	for _, l := range sel {
		writeLink(&b, l, details, stats, addresses)
	}
	return b.String()
}

func (l linkInfo) flags() []string {
	var f []string
	switch l.kind {
	case "loopback":
		f = []string{"LOOPBACK"}
	case "gre":
		f = []string{"POINTOPOINT", "NOARP"}
	default:
		f = []string{"BROADCAST", "MULTICAST"}
	}
	if l.up {
		f = append(f, "UP", "LOWER_UP")
	}
	return f
}

func (l linkInfo) operstate() string {
	switch {
	case !l.up:
		return "DOWN"
	case l.kind == "ether":
		return "UP"
	}
	return "UNKNOWN"
}

func (l linkInfo) ifname() string {
	if l.kind == "gre" {
		return l.name + "@NONE"
	}
	return l.name
}

func (l linkInfo) qdisc() string {
	if l.kind == "ether" {
		return "fq_codel"
	}
	return "noqueue"
}

// greOptions is the "gre remote ... local ..." part of ip -d.
func (l linkInfo) greOptions() string {
	s := fmt.Sprintf("gre remote %s local %s ttl 255 ", l.remote, l.local)
	if l.key != 0 {
		k := fmt.Sprintf("0.0.%d.%d", l.key>>8&255, l.key&255)
		s += "ikey " + k + " okey " + k + " "
	}
	if !l.pmtudisc {
		s += "nopmtudisc "
	}
	return s
}

// writeLink writes one link as ip link show does, or as ip address show
// does (no "mode", the addresses after the details, then the counters).
func writeLink(b *strings.Builder, l linkInfo, details, stats, addresses bool) {
	mode := "mode DEFAULT "
	if addresses {
		mode = ""
	}
	fmt.Fprintf(b, "%d: %s: <%s> mtu %d qdisc %s state %s %sgroup default qlen 1000\n",
		l.index, l.ifname(), strings.Join(l.flags(), ","), l.mtu, l.qdisc(), l.operstate(), mode)
	switch l.kind {
	case "gre":
		fmt.Fprintf(b, "    link/gre %s peer %s", l.local, l.remote)
	case "loopback":
		fmt.Fprintf(b, "    link/loopback %s brd %s", l.mac, l.mac)
	default:
		fmt.Fprintf(b, "    link/ether %s brd ff:ff:ff:ff:ff:ff", l.mac)
	}
	if details {
		fmt.Fprintf(b, " promiscuity 0  allmulti 0 minmtu %d maxmtu %d \n    ", l.minMTU, l.maxMTU)
		tso := 65536
		switch l.kind {
		case "gre":
			b.WriteString(l.greOptions())
		case "ether":
			b.WriteString("virtio_net ")
			tso = 524280
		}
		fmt.Fprintf(b, "addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size %d tso_max_segs 65535 gro_max_size 65536 ", tso)
		if l.kind == "ether" {
			b.WriteString("parentbus virtio parentdev virtio0 ")
		}
	}
	b.WriteString("\n")
	if addresses && l.inet != "" {
		fmt.Fprintf(b, "    inet %s scope global %s\n", l.inet, l.name)
		b.WriteString("       valid_lft forever preferred_lft forever\n")
	}
	if stats {
		b.WriteString("    RX:  bytes packets errors dropped  missed   mcast           \n")
		fmt.Fprintf(b, "    %10d %7d %6d %7d %7d %7d \n", l.rxB, l.rxP, 0, 0, 0, 0)
		b.WriteString("    TX:  bytes packets errors dropped carrier collsns           \n")
		fmt.Fprintf(b, "    %10d %7d %6d %7d %7d %7d \n", l.txB, l.txP, 0, 0, 0, 0)
	}
}

// kv is one JSON member; ip -j keeps its members in a fixed order.
type kv struct {
	k string
	v any
}

type object []kv

func (o object) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		v, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func linksJSON(ls []linkInfo, details, stats bool) string {
	var arr []object
	for _, l := range ls {
		o := object{{"ifindex", l.index}, {"ifname", l.name}, {"flags", l.flags()}, {"mtu", l.mtu},
			{"qdisc", l.qdisc()}, {"operstate", l.operstate()}, {"linkmode", "DEFAULT"}, {"group", "default"},
			{"txqlen", 1000}}
		switch l.kind {
		case "gre":
			o = append(o, kv{"link_type", "gre"}, kv{"address", l.local}, kv{"link_pointtopoint", true}, kv{"broadcast", l.remote})
		default:
			o = append(o, kv{"link_type", l.kind}, kv{"address", l.mac}, kv{"broadcast", map[bool]string{true: l.mac, false: "ff:ff:ff:ff:ff:ff"}[l.kind == "loopback"]})
		}
		if details {
			o = append(o, kv{"promiscuity", 0}, kv{"allmulti", 0}, kv{"min_mtu", l.minMTU}, kv{"max_mtu", l.maxMTU})
			if l.kind == "gre" {
				data := object{{"remote", l.remote}, {"local", l.local}, {"ttl", 0}, {"pmtudisc", l.pmtudisc}}
				o = append(o, kv{"linkinfo", object{{"info_kind", "gre"}, {"info_data", data}}})
			}
			o = append(o, kv{"inet6_addr_gen_mode", "eui64"}, kv{"num_tx_queues", 1}, kv{"num_rx_queues", 1},
				kv{"gso_max_size", 65536}, kv{"gso_max_segs", 65535}, kv{"tso_max_size", 65536}, kv{"tso_max_segs", 65535}, kv{"gro_max_size", 65536})
		}
		if stats {
			o = append(o, kv{"stats64", object{
				{"rx", object{{"bytes", l.rxB}, {"packets", l.rxP}, {"errors", 0}, {"dropped", 0}, {"over_errors", 0}, {"multicast", 0}}},
				{"tx", object{{"bytes", l.txB}, {"packets", l.txP}, {"errors", 0}, {"dropped", 0}, {"carrier_errors", 0}, {"collisions", 0}}},
			}})
		}
		arr = append(arr, o)
	}
	out, _ := json.Marshal(arr)
	return string(out) + "\n"
}
