package parse

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

// Interfaces is the output of show interfaces [NAME] [extensive|detail|
// statistics] (Terse false) or show interfaces terse [NAME] (Terse true).
type Interfaces struct {
	Terse bool
	Items []Interface
}

// Interface is one physical interface ("gr-0/0/0") or logical unit
// ("gr-0/0/0.0", "st0.0"). The terse form fills the name, the admin and
// link columns and the addresses only.
type Interface struct {
	Name    string
	Logical bool
	// Parent is a logical unit's physical interface when the output
	// listed it before the unit.
	Parent string
	// AdminText and LinkText are the printed states: "Enabled" or
	// "Administratively down" and "Up" or "Down" for a physical
	// interface, the Admin and Link columns in the terse form. A logical
	// unit of the long form has Flags instead.
	AdminText, LinkText string
	// Flags are a logical unit's state flags ("Up", "Point-To-Point",
	// "Device-Down"), up to the IP-Header or Encapsulation word.
	Flags []string
	// MTU is a physical interface's "MTU: N" (0 and MTUUnlimited for
	// "Unlimited"), or a logical unit's inet MTU.
	MTU          int
	MTUUnlimited bool
	Protocols    []Protocol
	// TunnelSource and TunnelDestination are read from a gr- unit's
	// "IP-Header destination:source:47:..." flag.
	TunnelSource, TunnelDestination netip.Addr
	Keepalive                       *Keepalive
	InPackets, OutPackets           uint64
	HasCounters                     bool
	// InBPS and OutBPS are the first "Input bytes : N  R bps" and "Output
	// bytes" lines that print a rate: a physical interface's traffic
	// statistics, a logical unit's transit statistics (HasRates).
	InBPS, OutBPS uint64
	HasRates      bool
	Span          parsers.Span
	// Line numbers of the attributes, for citations.
	StateLines, AddressLines, EndpointLines, CounterLines, MTULines, RateLines []int
}

// Protocol is one address family of a logical unit: "Protocol inet, MTU:
// 1500" and its addresses, or a terse Proto column entry.
type Protocol struct {
	Family string
	MTU    int
	// Addresses are read from "Destination: 10.0.0/24, Local: 10.0.0.1"
	// and "Local: 10.0.0.1" lines, or the terse Local column.
	Addresses []Address
}

// Address is one local address. Prefix carries the mask when the output
// shows it (a destination prefix, a terse "/N"); otherwise it is a host
// prefix and MaskUnknown is set.
type Address struct {
	Local       netip.Prefix
	MaskUnknown bool
	// Remote is a point-to-point destination or terse Remote column as
	// printed.
	Remote string
	Line   int
}

// Keepalive is what an interface prints of keepalives: "Keepalive
// settings: Interval 10 seconds, Up-count 1, Down-count 3" and "Keepalive
// statistics" (PPP and HDLC), or "Gre keepalives configured: On" (OAM on a
// gr- unit).
type Keepalive struct {
	On                 bool
	Interval           time.Duration
	UpCount, DownCount int
	Lines              []int
}

// ParseInterfaces reads show interfaces NAME [extensive|detail|statistics]
// and show interfaces terse [NAME] of Junos SRX and vSRX (12.3X48 to 20.x,
// genieparser and ntc-templates fixtures). Deliberately ignored: queue,
// CoS, MAC, PCS and filter statistics, error counters, rates, flags of
// address families. An empty output is a valid empty listing; an output
// whose first line is neither an interface header nor a terse row is a
// *parsers.ParseError.
func ParseInterfaces(out string) (*Interfaces, error) {
	const cmd = "show interfaces"
	ls := prep(out)
	res := &Interfaces{}
	if len(ls) == 0 {
		return res, nil
	}
	first := ls[0].trim()
	switch {
	case isTerseHeader(first) || isTerseRow(first):
		res.Terse = true
		return res, parseTerse(cmd, ls, res)
	case strings.HasPrefix(first, "Physical interface:") || strings.HasPrefix(first, "Logical interface "):
		return res, parseLong(cmd, ls, res)
	}
	return nil, perr(cmd, ls[0].n, ls[0].text, "not an interface header or terse row")
}

func isTerseHeader(t string) bool {
	f := strings.Fields(t)
	return len(f) >= 3 && f[0] == "Interface" && f[1] == "Admin" && f[2] == "Link"
}

func isUpDown(s string) bool { return s == "up" || s == "down" }

func isTerseRow(t string) bool {
	f := strings.Fields(t)
	return len(f) >= 3 && isUpDown(f[1]) && isUpDown(f[2]) && !strings.Contains(f[0], ":")
}

// parseTerse reads rows "NAME ADMIN LINK [PROTO [LOCAL [--> REMOTE]]]" and
// their indented continuation lines "[PROTO] [LOCAL [--> REMOTE]]".
func parseTerse(cmd string, ls []line, res *Interfaces) error {
	for _, l := range ls {
		t := l.trim()
		if isTerseHeader(t) {
			continue
		}
		f := strings.Fields(t)
		indented := strings.HasPrefix(l.text, " ")
		if !indented {
			if !isTerseRow(t) {
				return perr(cmd, l.n, l.text, "not a terse interface row")
			}
			it := Interface{Name: f[0], Logical: strings.Contains(f[0], "."), AdminText: f[1], LinkText: f[2],
				Span: parsers.Span{Start: l.n, End: l.n}, StateLines: []int{l.n}}
			res.Items = append(res.Items, it)
			f = f[3:]
		} else if len(res.Items) == 0 {
			return perr(cmd, l.n, l.text, "continuation line before any interface")
		}
		it := &res.Items[len(res.Items)-1]
		it.Span.End = l.n
		if len(f) > 0 && !addrish(f[0]) {
			it.Protocols = append(it.Protocols, Protocol{Family: f[0]})
			f = f[1:]
		}
		if len(f) == 0 {
			continue
		}
		if len(it.Protocols) == 0 {
			return perr(cmd, l.n, l.text, "address without a protocol")
		}
		a := Address{Line: l.n}
		a.Local, a.MaskUnknown = localPrefix(f[0])
		if len(f) >= 3 && f[1] == "-->" {
			a.Remote = f[2]
		}
		p := &it.Protocols[len(it.Protocols)-1]
		p.Addresses = append(p.Addresses, a)
		it.AddressLines = append(it.AddressLines, l.n)
	}
	return nil
}

// addrish reports whether a terse token is a Local column value rather
// than a protocol name (which starts with a letter): an address, a prefix,
// an ISO address or a hex value (tnp).
func addrish(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || strings.ContainsAny(s, "/:"))
}

// localPrefix reads "10.0.0.4/8" or "10.1.1.1" (a host prefix, mask
// unknown); an invalid prefix for anything else ("0x4").
func localPrefix(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p, false
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}

// longState tracks where in a record parseLong is.
type longState struct {
	res      *Interfaces
	cur      int  // index of the record being read
	inProto  bool // past a "Protocol" line of a unit
	seenFlag bool // the unit's own Flags line was read
	seenIn   bool // the record's first "Input packets" was read
	seenOut  bool
	rateIn   bool // the record's first "Input bytes ... bps" was read
	rateOut  bool
}

func (st *longState) item() *Interface { return &st.res.Items[st.cur] }

// parseLong reads the physical and logical records of the long forms.
func parseLong(cmd string, ls []line, res *Interfaces) error {
	st := longState{res: res, cur: -1}
	phys := "" // the last physical interface, a unit's parent
	for _, l := range ls {
		t := l.trim()
		var it Interface
		switch {
		case strings.HasPrefix(t, "Physical interface:"):
			var err error
			if it, err = physicalHeader(cmd, l, t); err != nil {
				return err
			}
			phys = it.Name
		case strings.HasPrefix(t, "Logical interface "):
			f := strings.Fields(t)
			if len(f) < 3 {
				return perr(cmd, l.n, l.text, "logical interface without a name")
			}
			it = Interface{Name: f[2], Logical: true, Span: parsers.Span{Start: l.n, End: l.n}}
			if phys != "" && strings.HasPrefix(f[2], phys+".") {
				it.Parent = phys
			}
		default:
			if st.cur < 0 {
				return perr(cmd, l.n, l.text, "line before any interface header")
			}
			st.item().Span.End = l.n
			st.line(l, t)
			continue
		}
		res.Items = append(res.Items, it)
		st = longState{res: res, cur: len(res.Items) - 1}
	}
	return nil
}

func physicalHeader(cmd string, l line, t string) (Interface, error) {
	parts := strings.Split(strings.TrimSpace(strings.TrimPrefix(t, "Physical interface:")), ",")
	name := strings.TrimSpace(parts[0])
	if name == "" || strings.Contains(name, " ") {
		return Interface{}, perr(cmd, l.n, l.text, "physical interface without a name")
	}
	it := Interface{Name: name, Span: parsers.Span{Start: l.n, End: l.n}, StateLines: []int{l.n}}
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		if s, ok := strings.CutPrefix(p, "Physical link is "); ok {
			it.LinkText = s
		} else if it.AdminText == "" {
			it.AdminText = p
		}
	}
	return it, nil
}

// line reads one line inside a record.
func (st *longState) line(l line, t string) {
	it := st.item()
	switch {
	case strings.HasPrefix(t, "Protocol "):
		st.inProto = true
		m := commaFields(t)
		fam := strings.TrimSuffix(strings.Fields(t)[1], ",")
		p := Protocol{Family: fam}
		if v, ok := m["MTU"]; ok {
			if n, err := strconv.Atoi(v); err == nil {
				p.MTU = n
			}
		}
		it.Protocols = append(it.Protocols, p)
		if fam == "inet" && p.MTU > 0 && it.MTU == 0 {
			it.MTU = p.MTU
			it.MTULines = append(it.MTULines, l.n)
		}
	case it.Logical && !st.inProto && !st.seenFlag && strings.HasPrefix(t, "Flags:"):
		st.seenFlag = true
		st.flags(l, strings.Fields(strings.TrimPrefix(t, "Flags:")))
	case strings.HasPrefix(t, "Destination:") || strings.HasPrefix(t, "Local:"):
		st.address(l, t)
	case strings.HasPrefix(t, "Keepalive settings:"):
		st.keepalive(l.n).On = true
		st.keepaliveSettings(t)
	case strings.HasPrefix(t, "Keepalive statistics"):
		st.keepalive(l.n)
	case strings.HasPrefix(strings.ToLower(t), "gre keepalives configured:"):
		k := st.keepalive(l.n)
		v, _, _ := strings.Cut(strings.TrimSpace(t[len("gre keepalives configured:"):]), ",")
		k.On = strings.EqualFold(strings.TrimSpace(v), "on")
	case !it.Logical && it.MTU == 0 && !it.MTUUnlimited && strings.Contains(t, "MTU: "):
		v, ok := commaFields(t)["MTU"]
		if !ok {
			return
		}
		if v == "Unlimited" {
			it.MTUUnlimited = true
		} else if n, err := strconv.Atoi(v); err == nil {
			it.MTU = n
		} else {
			return
		}
		it.MTULines = append(it.MTULines, l.n)
	default:
		st.counter(l, t)
	}
}

// flags reads a unit's "Flags: Up Point-To-Point SNMP-Traps 0x4000
// IP-Header 198.51.100.2:198.51.100.1:47:df:64:0 Encapsulation: GRE-NULL".
func (st *longState) flags(l line, f []string) {
	it := st.item()
	it.StateLines = append(it.StateLines, l.n)
	stop := false
	for i, w := range f {
		switch {
		case w == "IP-Header" && i+1 < len(f):
			stop = true
			p := strings.Split(f[i+1], ":")
			if len(p) < 2 {
				continue
			}
			d, err := netip.ParseAddr(p[0])
			s, err2 := netip.ParseAddr(p[1])
			if err == nil && err2 == nil {
				it.TunnelDestination, it.TunnelSource = d, s
				it.EndpointLines = append(it.EndpointLines, l.n)
			}
		case w == "Encapsulation:" || w == "IP-Header":
			stop = true
		case !stop && !strings.HasPrefix(w, "0x"):
			it.Flags = append(it.Flags, w)
		}
	}
}

// address reads "Destination: 172.16.1/24, Local: 172.16.1.55, Broadcast:
// 172.16.1.255" (Junos leaves out zero octets of the destination), and the
// point-to-point "Destination: 10.0.0.16, Local: 10.0.0.1".
func (st *longState) address(l line, t string) {
	it := st.item()
	m := commaFields(t)
	local, err := netip.ParseAddr(m["Local"])
	if err != nil {
		return // "x.x.x.x" in sanitised outputs
	}
	a := Address{Local: netip.PrefixFrom(local, local.BitLen()), MaskUnknown: true, Line: l.n}
	if d := m["Destination"]; strings.Contains(d, "/") {
		if bits, err := strconv.Atoi(d[strings.IndexByte(d, '/')+1:]); err == nil && bits >= 0 && bits <= local.BitLen() {
			a.Local, a.MaskUnknown = netip.PrefixFrom(local, bits), false
		}
	} else {
		a.Remote = d
	}
	if len(it.Protocols) == 0 {
		it.Protocols = append(it.Protocols, Protocol{})
	}
	p := &it.Protocols[len(it.Protocols)-1]
	p.Addresses = append(p.Addresses, a)
	it.AddressLines = append(it.AddressLines, l.n)
}

func (st *longState) keepalive(n int) *Keepalive {
	it := st.item()
	if it.Keepalive == nil {
		it.Keepalive = &Keepalive{}
	}
	it.Keepalive.Lines = append(it.Keepalive.Lines, n)
	return it.Keepalive
}

// keepaliveSettings reads "Keepalive settings: Interval 10 seconds,
// Up-count 1, Down-count 3".
func (st *longState) keepaliveSettings(t string) {
	k := st.item().Keepalive
	for _, part := range strings.Split(strings.TrimPrefix(t, "Keepalive settings:"), ",") {
		f := strings.Fields(part)
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 0 {
			continue
		}
		switch f[0] {
		case "Interval":
			k.Interval = time.Duration(n) * time.Second
		case "Up-count":
			k.UpCount = n
		case "Down-count":
			k.DownCount = n
		}
	}
}

// counter reads the first "Input packets : N" and "Output packets: N" of a
// record ("Input  packets:    17084    0 pps" in the extensive form); the
// IPv6, local and transit repeats that follow are not the totals.
func (st *longState) counter(l line, t string) {
	k, v, ok := keyValue(t)
	if !ok {
		return
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		return
	}
	n, ok := u64(f[0])
	if !ok {
		return
	}
	it := st.item()
	key := strings.Join(strings.Fields(k), " ")
	if len(f) >= 3 && f[2] == "bps" && (key == "Input bytes" || key == "Output bytes") {
		if r, ok := u64(f[1]); ok {
			switch {
			case key == "Input bytes" && !st.rateIn:
				st.rateIn, it.InBPS = true, r
			case key == "Output bytes" && !st.rateOut:
				st.rateOut, it.OutBPS = true, r
			default:
				return
			}
			it.HasRates = st.rateIn && st.rateOut
			it.RateLines = append(it.RateLines, l.n)
		}
		return
	}
	switch key {
	case "Input packets":
		if !st.seenIn {
			st.seenIn, it.InPackets, it.HasCounters = true, n, true
			it.CounterLines = append(it.CounterLines, l.n)
		}
	case "Output packets":
		if !st.seenOut {
			st.seenOut, it.OutPackets, it.HasCounters = true, n, true
			it.CounterLines = append(it.CounterLines, l.n)
		}
	}
}
