package iproute

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdLink = "ip link show"

// Links is the parsed output of `ip link show` / `ip address show`.
type Links struct {
	Links []Link `json:"links"`
	// DeviceMissing is set for `Device "X" does not exist.`: a valid
	// answer saying the interface is absent. Device names it, and
	// MissingLine is its line.
	DeviceMissing bool   `json:"device_missing,omitempty"`
	Device        string `json:"device,omitempty"`
	MissingLine   int    `json:"missing_line,omitempty"`
	// JSON is true when the output was `ip -j`.
	JSON bool `json:"json"`
}

// Link is one interface:
//
//	7: gre1@NONE: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1476 qdisc noqueue state UNKNOWN ...
type Link struct {
	Index int    `json:"index"`
	Name  string `json:"name"`
	// Parent is the text after "@": "NONE" for a tunnel without a lower
	// device, "if26" for a veth peer in another namespace, "eth0".
	Parent string   `json:"parent,omitempty"`
	Flags  []string `json:"flags"`
	MTU    int      `json:"mtu"`
	Qdisc  string   `json:"qdisc,omitempty"`
	Master string   `json:"master,omitempty"`
	// State is the raw operstate: UP, DOWN, UNKNOWN (normal for tunnels
	// and TUN devices), LOWERLAYERDOWN, DORMANT, NOTPRESENT.
	State string `json:"state"`
	Mode  string `json:"mode,omitempty"`
	Group string `json:"group,omitempty"`
	QLen  int    `json:"qlen,omitempty"`

	// LinkType is the word after "link/": gre, ether, none, loopback.
	LinkType string `json:"link_type"`
	// Address is the link-layer address (a MAC, or the local transport
	// address of a GRE link); Peer the "peer" address (GRE remote) and
	// Broadcast the "brd" address.
	Address   string `json:"address,omitempty"`
	Peer      string `json:"peer,omitempty"`
	Broadcast string `json:"broadcast,omitempty"`
	LinkNetns string `json:"link_netns,omitempty"`
	Alias     string `json:"alias,omitempty"`

	// Kind is the -d link kind: gre, vti, ipip, xfrm, veth, tun ...
	Kind   string  `json:"kind,omitempty"`
	Tunnel *Tunnel `json:"tunnel,omitempty"`

	Stats     *Stats       `json:"stats,omitempty"`
	Addresses []Address    `json:"addresses,omitempty"`
	Span      parsers.Span `json:"span"`
}

// HasFlag reports whether the flags list has f ("UP", "LOWER_UP", "NO-CARRIER").
func (l Link) HasFlag(f string) bool {
	for _, x := range l.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// AdminUp reports the UP flag (the link was set up).
func (l Link) AdminUp() bool { return l.HasFlag("UP") }

// Running reports UP and LOWER_UP and no NO-CARRIER: the link can pass
// traffic as far as the kernel knows.
func (l Link) Running() bool {
	return l.HasFlag("UP") && l.HasFlag("LOWER_UP") && !l.HasFlag("NO-CARRIER")
}

// Tunnel is the -d detail line of an IP tunnel (gre, gretap, ip6gre, vti,
// ipip, sit, ip6tnl) or an xfrm interface:
//
//	gre remote 198.51.100.2 local 198.51.100.1 ttl 255 tos inherit pmtudisc ikey 0.0.0.1 okey 0.0.0.1 ...
type Tunnel struct {
	// Remote and Local are invalid when printed as "any".
	Remote netip.Addr `json:"remote"`
	Local  netip.Addr `json:"local"`
	Dev    string     `json:"dev,omitempty"`
	// TTL is 0 with TTLInherit ("ttl inherit").
	TTL        int    `json:"ttl"`
	TTLInherit bool   `json:"ttl_inherit,omitempty"`
	TOS        string `json:"tos,omitempty"`
	// PMTUDisc is true for "pmtudisc", false for "nopmtudisc";
	// PMTUDiscSet says whether either was printed.
	PMTUDisc    bool `json:"pmtudisc"`
	PMTUDiscSet bool `json:"pmtudisc_set"`
	// IKey and OKey are the GRE keys as printed (dotted quad); "key X"
	// sets both.
	IKey  string `json:"ikey,omitempty"`
	OKey  string `json:"okey,omitempty"`
	ISeq  bool   `json:"iseq,omitempty"`
	OSeq  bool   `json:"oseq,omitempty"`
	ICsum bool   `json:"icsum,omitempty"`
	OCsum bool   `json:"ocsum,omitempty"`
	IfID  string `json:"if_id,omitempty"` // xfrm interfaces
	Line  int    `json:"line"`
}

// Address is one "inet"/"inet6" line of `ip address show`.
type Address struct {
	Family string `json:"family"` // inet, inet6
	// Prefix is the local address with its prefix length; with a peer
	// ("inet 100.64.0.1 peer 100.64.0.2/32") the length belongs to Peer.
	Prefix    netip.Prefix `json:"prefix"`
	Peer      netip.Prefix `json:"peer"`
	Broadcast netip.Addr   `json:"broadcast"`
	Scope     string       `json:"scope,omitempty"`
	Label     string       `json:"label,omitempty"`
	Line      int          `json:"line"`
}

// Stats are the -s counters of a link.
type Stats struct {
	RX Counters `json:"rx"`
	TX Counters `json:"tx"`
}

// Counters are one direction's counters; a column the output lacks is 0.
type Counters struct {
	Bytes      uint64 `json:"bytes"`
	Packets    uint64 `json:"packets"`
	Errors     uint64 `json:"errors"`
	Dropped    uint64 `json:"dropped"`
	Overrun    uint64 `json:"overrun,omitempty"`
	Missed     uint64 `json:"missed,omitempty"`
	Multicast  uint64 `json:"multicast,omitempty"`
	Carrier    uint64 `json:"carrier,omitempty"`
	Collisions uint64 `json:"collisions,omitempty"`
	Line       int    `json:"line"` // the values line
}

// ParseLinks parses `ip [-d] [-s] [-o] link|address show [dev X]`, text or
// (-j) JSON.
func ParseLinks(out string) (*Links, error) {
	t := strings.TrimLeft(out, " \t\r\n")
	if strings.HasPrefix(t, "[") {
		return parseLinksJSON(out)
	}
	return parseLinksText(out)
}

// deviceMissing reads `Device "X" does not exist.`.
func deviceMissing(t string) (string, bool) {
	rest, ok := strings.CutPrefix(t, "Device \"")
	if !ok {
		return "", false
	}
	name, tail, ok := strings.Cut(rest, "\"")
	return name, ok && strings.TrimSpace(tail) == "does not exist."
}

// parseHeader reads "N: NAME[@PARENT]: <FLAGS> key value ...".
func parseHeader(t string) (Link, bool) {
	var l Link
	num, rest, ok := strings.Cut(t, ": ")
	if !ok || !isDigits(num) {
		return l, false
	}
	name, rest, ok := strings.Cut(rest, ": <")
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return l, false
	}
	flags, rest, ok := strings.Cut(rest, ">")
	if !ok {
		return l, false
	}
	l.Index, _ = strconv.Atoi(num)
	l.Name, l.Parent, _ = strings.Cut(name, "@")
	l.Flags = []string{}
	if flags != "" {
		l.Flags = strings.Split(flags, ",")
	}
	f := strings.Fields(rest)
	for i := 0; i+1 < len(f); i++ {
		k, v := f[i], f[i+1]
		switch k {
		case "mtu":
			l.MTU, _ = strconv.Atoi(v)
		case "qdisc":
			l.Qdisc = v
		case "master":
			l.Master = v
		case "state":
			l.State = v
		case "mode":
			l.Mode = v
		case "group":
			l.Group = v
		case "qlen":
			l.QLen, _ = strconv.Atoi(v)
		default:
			continue
		}
		i++
	}
	return l, true
}

// parseLinkLine reads "link/TYPE [ADDR] [brd X|peer X] [link-netns X] ...".
func (l *Link) parseLinkLine(t string) {
	f := strings.Fields(t)
	l.LinkType = strings.TrimPrefix(f[0], "link/")
	i := 1
	if i < len(f) && !isKeyword(f[i]) {
		l.Address = f[i]
		i++
	}
	for ; i+1 < len(f); i++ {
		switch f[i] {
		case "brd":
			l.Broadcast = f[i+1]
		case "peer":
			l.Peer = f[i+1]
		case "link-netns", "link-netnsid":
			l.LinkNetns = f[i+1]
		default:
			continue
		}
		i++
	}
}

func isKeyword(s string) bool {
	switch s {
	case "brd", "peer", "link-netns", "link-netnsid", "promiscuity", "permaddr", "allmulti", "minmtu":
		return true
	}
	return false
}

// tunnelKinds are the -d kinds whose detail line parseTunnel reads.
var tunnelKinds = map[string]bool{
	"gre": true, "gretap": true, "ip6gre": true, "ip6gretap": true, "vti": true, "vti6": true,
	"ipip": true, "sit": true, "ip6tnl": true, "xfrm": true, "erspan": true,
}

// parseTunnel reads the words after the kind of a tunnel's -d line.
func parseTunnel(f []string, n int) *Tunnel {
	tu := &Tunnel{Line: n}
	for i := 0; i < len(f); i++ {
		next := ""
		if i+1 < len(f) {
			next = f[i+1]
		}
		switch f[i] {
		case "remote":
			tu.Remote, _ = netip.ParseAddr(next)
			i++
		case "local":
			tu.Local, _ = netip.ParseAddr(next)
			i++
		case "dev":
			tu.Dev = next
			i++
		case "ttl", "hoplimit":
			if next == "inherit" {
				tu.TTLInherit = true
			} else {
				tu.TTL, _ = strconv.Atoi(next)
			}
			i++
		case "tos", "tclass":
			tu.TOS = next
			i++
		case "pmtudisc":
			tu.PMTUDisc, tu.PMTUDiscSet = true, true
		case "nopmtudisc":
			tu.PMTUDisc, tu.PMTUDiscSet = false, true
		case "key":
			tu.IKey, tu.OKey = next, next
			i++
		case "ikey":
			tu.IKey = next
			i++
		case "okey":
			tu.OKey = next
			i++
		case "if_id":
			tu.IfID = next
			i++
		case "iseq":
			tu.ISeq = true
		case "oseq":
			tu.OSeq = true
		case "icsum":
			tu.ICsum = true
		case "ocsum":
			tu.OCsum = true
		case "seq":
			tu.ISeq, tu.OSeq = true, true
		case "csum":
			tu.ICsum, tu.OCsum = true, true
		}
	}
	return tu
}

// parseAddress reads "inet 10.0.0.1/30 [peer P/L] [brd B] scope S [flags] [LABEL]".
func parseAddress(f []string, n int) (Address, bool) {
	a := Address{Family: f[0], Line: n}
	if len(f) < 2 {
		return a, false
	}
	p, err := netip.ParsePrefix(f[1])
	if err != nil {
		ip, err2 := netip.ParseAddr(f[1])
		if err2 != nil {
			return a, false
		}
		p = netip.PrefixFrom(ip, ip.BitLen())
	}
	a.Prefix = p
	for i := 2; i+1 < len(f); i++ {
		switch f[i] {
		case "peer":
			if pp, err := netip.ParsePrefix(f[i+1]); err == nil {
				a.Peer = pp
			} else if ip, err := netip.ParseAddr(f[i+1]); err == nil {
				a.Peer = netip.PrefixFrom(ip, ip.BitLen())
			}
		case "brd":
			a.Broadcast, _ = netip.ParseAddr(f[i+1])
		case "scope":
			a.Scope = f[i+1]
			if i+2 < len(f) && i+2 == len(f)-1 && f[len(f)-1] != "dynamic" && f[len(f)-1] != "noprefixroute" {
				a.Label = f[len(f)-1]
			}
		default:
			continue
		}
		i++
	}
	return a, true
}

func isDigits(s string) bool { return parsers.IsDigits(s) }
