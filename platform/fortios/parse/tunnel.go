package parse

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdTunnel = "diagnose vpn tunnel list"

// Tunnel is one phase-1 tunnel of `diagnose vpn tunnel list`: a static
// tunnel, a dial-up template or a dial-up instance (Parent set).
type Tunnel struct {
	VDOM       string     `json:"vdom,omitempty"` // "0" of "list all ipsec tunnel in vd 0"
	Name       string     `json:"name"`
	Parent     string     `json:"parent,omitempty"` // dial-up instance's template
	Version    int        `json:"version"`
	Serial     int        `json:"serial"`
	Local      netip.Addr `json:"local,omitzero"`
	LocalPort  uint16     `json:"local_port,omitempty"`
	Remote     netip.Addr `json:"remote,omitzero"`
	RemotePort uint16     `json:"remote_port,omitempty"`
	DstMTU     int        `json:"dst_mtu,omitempty"`
	BoundIf    int        `json:"bound_if,omitempty"` // interface index
	TunMode    string     `json:"tun_mode,omitempty"` // "intf" of tun=intf
	Mode       string     `json:"mode,omitempty"`     // "auto/1" as printed
	// Encap is the encapsulation before the slash: "none" or "GRE"
	// (phase1 "set encapsulation gre").
	Encap        string        `json:"encap,omitempty"`
	EncapLocal   netip.Addr    `json:"encap_local,omitzero"`
	EncapRemote  netip.Addr    `json:"encap_remote,omitzero"`
	Options      []string      `json:"options,omitempty"` // "npu", "frag-rfc", ...
	NPU          bool          `json:"npu"`               // offloaded: counters may stay 0
	ProxyIDNum   int           `json:"proxyid_num"`
	RxPackets    uint64        `json:"rx_packets"`
	TxPackets    uint64        `json:"tx_packets"`
	RxBytes      uint64        `json:"rx_bytes"`
	TxBytes      uint64        `json:"tx_bytes"`
	DPDMode      string        `json:"dpd_mode,omitempty"` // on-demand, on-idle, disable
	DPDIdle      time.Duration `json:"dpd_idle,omitempty"`
	DPDRetry     int           `json:"dpd_retry,omitempty"`
	DPDCount     int           `json:"dpd_count,omitempty"` // unanswered probes
	NATTMode     string        `json:"natt_mode,omitempty"` // none, keepalive, silent
	NATTInterval int           `json:"natt_interval,omitempty"`
	NATTPort     uint16        `json:"natt_remote_port,omitempty"`
	ProxyIDs     []ProxyID     `json:"proxyids"`
	Span         parsers.Span  `json:"span"`
}

// ProxyID is one phase-2 selector pair with its SAs.
type ProxyID struct {
	Name          string       `json:"name"`
	Proto         int          `json:"proto"` // 47 = GRE (transport-mode GRE over IPsec)
	SACount       int          `json:"sa_count"`
	AutoNegotiate bool         `json:"auto_negotiate,omitempty"`
	TransportMode bool         `json:"transport_mode,omitempty"`
	Src           Selector     `json:"src"`
	Dst           Selector     `json:"dst"`
	SAs           []TunnelSA   `json:"sas"`
	Span          parsers.Span `json:"span"`
}

// Selector is "proto:start-end:port" (or "proto:addr/mask:port").
type Selector struct {
	Proto int        `json:"proto"`
	Start netip.Addr `json:"start,omitzero"`
	End   netip.Addr `json:"end,omitzero"`
	Port  int        `json:"port"`
	Raw   string     `json:"raw"`
}

// TunnelSA is one "SA:" block of a proxyid. Keys are never kept.
type TunnelSA struct {
	MTU           int           `json:"mtu,omitempty"`
	Expire        time.Duration `json:"expire,omitempty"`
	ReplayWin     int           `json:"replaywin,omitempty"`
	Seqno         uint64        `json:"seqno"` // outbound ESP sequence (hex as printed)
	ESN           bool          `json:"esn"`
	LifeBytes     uint64        `json:"life_bytes"` // bytes so far
	LifeBytesMax  uint64        `json:"life_bytes_max"`
	LifeRemaining time.Duration `json:"life_remaining,omitempty"`
	LifeTotal     time.Duration `json:"life_total,omitempty"`
	InSPI         uint32        `json:"in_spi"`
	OutSPI        uint32        `json:"out_spi"`
	Encryption    string        `json:"encryption,omitempty"` // esp= of the enc: line ("aes")
	EncKeyBytes   int           `json:"enc_key_bytes,omitempty"`
	Integrity     string        `json:"integrity,omitempty"` // ah= ("sha1", "null")
	DecPackets    uint64        `json:"dec_packets"`
	DecBytes      uint64        `json:"dec_bytes"`
	EncPackets    uint64        `json:"enc_packets"`
	EncBytes      uint64        `json:"enc_bytes"`
	Span          parsers.Span  `json:"span"`
}

type tunnelState struct {
	ts   []Tunnel
	vdom string
	sa   *TunnelSA
	dir  string // "dec" or "enc": which spi line an "ah=" continues
}

func (s *tunnelState) tun() *Tunnel { return &s.ts[len(s.ts)-1] }

func (s *tunnelState) pid() *ProxyID {
	t := s.tun()
	if len(t.ProxyIDs) == 0 {
		return nil
	}
	return &t.ProxyIDs[len(t.ProxyIDs)-1]
}

// ParseTunnels reads `diagnose vpn tunnel list [name X]`. An output with
// only the "list all ipsec tunnel in vd N" header is a valid empty result.
func ParseTunnels(out string) ([]Tunnel, error) {
	lines, any := content(out)
	s := &tunnelState{ts: []Tunnel{}}
	if !any {
		return s.ts, nil
	}
	header := false
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "list all ipsec tunnel in vd"):
			s.vdom = strings.TrimSpace(strings.TrimPrefix(t, "list all ipsec tunnel in vd"))
			header = true
			continue
		case strings.Trim(t, "-") == "":
			continue
		case strings.HasPrefix(t, "name="):
			if err := s.head(t); err != "" {
				return nil, perr(cmdTunnel, n, l, err)
			}
			s.tun().Span.Cover(n)
			continue
		case len(s.ts) == 0:
			return nil, perr(cmdTunnel, n, l, "expected \"name=\" starting a tunnel")
		}
		s.tun().Span.Cover(n)
		if err := s.line(t, n); err != "" {
			return nil, perr(cmdTunnel, n, l, err)
		}
	}
	if len(s.ts) == 0 && !header {
		return nil, perr(cmdTunnel, 1, lines[0], "no tunnel in output")
	}
	return s.ts, nil
}

// head reads "name=X ver=1 serial=9 L:0->R:0 tun_id=... dst_mtu=1500 ...".
func (s *tunnelState) head(t string) string {
	m := kv(t)
	tu := Tunnel{VDOM: s.vdom, Name: m["name"], Parent: m["parent"], ProxyIDs: []ProxyID{}}
	tu.Version, _ = atoi(m["ver"])
	tu.Serial, _ = atoi(m["serial"])
	tu.DstMTU, _ = atoi(m["dst_mtu"])
	for _, w := range strings.Fields(t) {
		if l, r, ok := strings.Cut(w, "->"); ok && !strings.Contains(w, "=") {
			la, lp, ok1 := addrPort(l)
			ra, rp, ok2 := addrPort(r)
			if !ok1 || !ok2 {
				return "expected \"LOCAL:PORT->REMOTE:PORT\""
			}
			tu.Local, tu.LocalPort, tu.Remote, tu.RemotePort = la, lp, ra, rp
		}
	}
	s.ts = append(s.ts, tu)
	s.sa = nil
	return ""
}

// line reads one line inside a tunnel.
func (s *tunnelState) line(t string, n int) string {
	tu := s.tun()
	word, rest, _ := strings.Cut(t, " ")
	switch {
	case strings.HasPrefix(t, "bound_if="):
		m := kv(t)
		tu.BoundIf, _ = atoi(m["bound_if"])
		tu.TunMode, _, _ = strings.Cut(m["tun"], "/")
		tu.Mode = m["mode"]
		tu.Encap, _, _ = strings.Cut(m["encap"], "/")
		for k, v := range m {
			if strings.HasPrefix(k, "options[") {
				tu.Options = append(tu.Options, v)
				for _, w := range strings.Fields(t[strings.Index(t, k)+len(k)+1+len(v):]) {
					if strings.Contains(w, "=") {
						break
					}
					tu.Options = append(tu.Options, w)
				}
			}
		}
		for _, o := range tu.Options {
			tu.NPU = tu.NPU || o == "npu"
		}
	case word == "encap-addr:":
		l, r, _ := strings.Cut(rest, "->")
		tu.EncapLocal, _, _ = addrPort(strings.TrimSpace(l))
		tu.EncapRemote, _, _ = addrPort(strings.TrimSpace(r))
	case strings.HasPrefix(t, "proxyid_num="):
		tu.ProxyIDNum, _ = atoi(kv(t)["proxyid_num"])
	case word == "stat:":
		m := kv(rest)
		tu.RxPackets, tu.TxPackets = u64(m["rxp"]), u64(m["txp"])
		tu.RxBytes, tu.TxBytes = u64(m["rxb"]), u64(m["txb"])
	case word == "dpd:":
		m := kv(rest)
		tu.DPDMode = m["mode"]
		if ms, ok := atou64(strings.TrimSuffix(m["idle"], "ms")); ok {
			tu.DPDIdle = time.Duration(ms) * time.Millisecond
		}
		tu.DPDRetry, _ = atoi(m["retry"])
		tu.DPDCount, _ = atoi(m["count"])
	case word == "natt:":
		m := kv(rest)
		tu.NATTMode = m["mode"]
		tu.NATTInterval, _ = atoi(m["interval"])
		p, _ := atou32(m["remote_port"])
		tu.NATTPort = uint16(p)
	case strings.HasPrefix(t, "proxyid="):
		m := kv(t)
		p := ProxyID{Name: m["proxyid"], SAs: []TunnelSA{}}
		p.Proto, _ = atoi(m["proto"])
		p.SACount, _ = atoi(m["sa"])
		_, p.AutoNegotiate = m["auto-negotiate"]
		_, p.TransportMode = m["transport-mode"]
		p.Span.Cover(n)
		tu.ProxyIDs = append(tu.ProxyIDs, p)
		s.sa = nil
	case word == "src:" || word == "dst:":
		p := s.pid()
		if p == nil {
			return "selector outside a proxyid"
		}
		sel, ok := selector(strings.TrimSpace(rest))
		if !ok {
			return "expected selector \"PROTO:START-END:PORT\""
		}
		if word == "src:" {
			p.Src = sel
		} else {
			p.Dst = sel
		}
		p.Span.Cover(n)
	case word == "SA:":
		p := s.pid()
		if p == nil {
			return "SA outside a proxyid"
		}
		m := kv(rest)
		sa := TunnelSA{}
		sa.MTU, _ = atoi(m["mtu"])
		e, _, _ := strings.Cut(m["expire"], "/")
		sa.Expire = time.Duration(u64(e)) * time.Second
		sa.ReplayWin, _ = atoi(m["replaywin"])
		p.SAs = append(p.SAs, sa)
		s.sa = &p.SAs[len(p.SAs)-1]
		s.sa.Span.Cover(n)
		p.Span.Cover(n)
	default:
		return s.saLine(t, word, rest, n)
	}
	return ""
}

// saLine reads the lines that continue an "SA:" block.
func (s *tunnelState) saLine(t, word, rest string, n int) string {
	sa := s.sa
	if sa == nil {
		return "" // npu_flag=, run_tally=, unknown lines of a later release
	}
	m := kv(t)
	switch {
	case strings.HasPrefix(t, "seqno="):
		sa.Seqno, _ = hex64(m["seqno"])
		sa.ESN = m["esn"] == "1"
	case word == "life:":
		m = kv(rest)
		sa.LifeBytes, sa.LifeBytesMax, _ = slash(m["bytes"])
		a, b, _ := slash(m["timeout"])
		sa.LifeRemaining, sa.LifeTotal = time.Duration(a)*time.Second, time.Duration(b)*time.Second
	case (word == "dec:" || word == "enc:") && strings.HasPrefix(rest, "spi="):
		m = kv(rest)
		spi, _ := hex32(m["spi"])
		s.dir = word
		if word == "dec:" {
			sa.InSPI = spi
		} else {
			sa.OutSPI = spi
			sa.Encryption = m["esp"]
			sa.EncKeyBytes, _ = atoi(m["key"])
		}
		if a, ok := m["ah"]; ok && word == "enc:" {
			sa.Integrity = a
		}
	case strings.HasPrefix(t, "ah="):
		if s.dir == "enc:" {
			sa.Integrity = m["ah"]
		}
	case strings.HasPrefix(t, "dec:pkts/bytes="):
		for _, w := range strings.Fields(strings.ReplaceAll(t, ",", " ")) {
			k, v, _ := strings.Cut(w, "=")
			a, b, _ := slash(v)
			switch k {
			case "dec:pkts/bytes":
				sa.DecPackets, sa.DecBytes = a, b
			case "enc:pkts/bytes":
				sa.EncPackets, sa.EncBytes = a, b
			}
		}
	default:
		return "" // npu_flag= and lines a later release adds
	}
	sa.Span.Cover(n)
	if p := s.pid(); p != nil {
		p.Span.Cover(n)
	}
	return ""
}

// selector reads "47:0.0.0.0-255.255.255.255:0" or "0:10.0.0.0/255.255.255.0:0".
func selector(s string) (Selector, bool) {
	sel := Selector{Raw: s}
	p, rest, ok := strings.Cut(s, ":")
	i := strings.LastIndexByte(rest, ':')
	if !ok || i < 0 {
		return sel, false
	}
	var ok1, ok2 bool
	sel.Proto, ok1 = atoi(p)
	sel.Port, ok2 = atoi(rest[i+1:])
	if !ok1 || !ok2 {
		return sel, false
	}
	mid := rest[:i]
	if a, b, ok := strings.Cut(mid, "-"); ok {
		sel.Start, _ = netip.ParseAddr(a)
		sel.End, _ = netip.ParseAddr(b)
	} else if a, m, ok := strings.Cut(mid, "/"); ok {
		if pf, ok := maskPrefix(a, m); ok {
			sel.Start = pf.Masked().Addr()
			sel.End = lastAddr(pf.Masked())
		} else if pf, err := netip.ParsePrefix(mid); err == nil {
			sel.Start, sel.End = pf.Masked().Addr(), lastAddr(pf.Masked())
		}
	}
	return sel, true
}

// Prefix returns the selector as a prefix when its range is one.
func (s Selector) Prefix() (netip.Prefix, bool) {
	if !s.Start.IsValid() || !s.End.IsValid() || s.Start.BitLen() != s.End.BitLen() {
		return netip.Prefix{}, false
	}
	for bits := 0; bits <= s.Start.BitLen(); bits++ {
		p := netip.PrefixFrom(s.Start, bits)
		if p.Masked().Addr() == s.Start && lastAddr(p) == s.End {
			return p, true
		}
	}
	return netip.Prefix{}, false
}

// lastAddr is the highest address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
