package swanctl

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdListSAs = "swanctl --list-sas"

// SAs is the parsed output of `swanctl --list-sas`. An empty IKE slice is
// a valid answer: charon has no SA.
type SAs struct {
	IKE []IKESA `json:"ike_sas"`
}

// IKESA is one IKE_SA block of `swanctl --list-sas`:
//
//	vc-a: #1, ESTABLISHED, IKEv2, 8f56483545120f73_i* d6eb3d5e14d3bf24_r
type IKESA struct {
	Name     string `json:"name"`
	UniqueID uint32 `json:"uniqueid"`
	// State is the raw IKE_SA state: CREATED, CONNECTING, ESTABLISHED,
	// PASSIVE, REKEYING, REKEYED, DELETING, DESTROYING.
	State   string `json:"state"`
	Version int    `json:"version"` // 2 for IKEv2

	// InitiatorSPI and ResponderSPI are the 16 hex digits as printed;
	// Initiator is true when this end initiated (swanctl stars "_i*").
	InitiatorSPI string `json:"initiator_spi"`
	ResponderSPI string `json:"responder_spi"`
	Initiator    bool   `json:"initiator"`

	LocalID    string `json:"local_id"`
	RemoteID   string `json:"remote_id"`
	LocalHost  string `json:"local_host"` // as printed, normally an address
	RemoteHost string `json:"remote_host"`
	// LocalAddr and RemoteAddr are the IKE endpoints with their UDP ports;
	// port 4500 means UDP encapsulation (NAT-T, or kernel-libipsec, which
	// always encapsulates), not necessarily a NAT.
	LocalAddr     netip.AddrPort `json:"local_addr"`
	RemoteAddr    netip.AddrPort `json:"remote_addr"`
	LocalVIPs     []string       `json:"local_vips,omitempty"`
	RemoteVIPs    []string       `json:"remote_vips,omitempty"`
	RemoteEAPID   string         `json:"remote_eap_id,omitempty"`
	RemoteXAuthID string         `json:"remote_xauth_id,omitempty"`

	// Algorithms is empty before the IKE_SA_INIT exchange completed.
	Algorithms Algorithms `json:"algorithms"`

	// HasEstablished is true when "established Ns ago" was printed; the
	// durations below are zero when not printed.
	HasEstablished bool          `json:"has_established"`
	Established    time.Duration `json:"established_ns"`
	RekeyIn        time.Duration `json:"rekey_in_ns,omitempty"`
	ReauthIn       time.Duration `json:"reauth_in_ns,omitempty"`
	ExpiresIn      time.Duration `json:"expires_in_ns,omitempty"`

	// Tasks charon has queued, active or passive on this SA (e.g. the
	// IKE_INIT ... CHILD_CREATE chain of a CONNECTING SA).
	TasksQueued  []string `json:"tasks_queued,omitempty"`
	TasksActive  []string `json:"tasks_active,omitempty"`
	TasksPassive []string `json:"tasks_passive,omitempty"`

	Children []ChildSA    `json:"child_sas"`
	Span     parsers.Span `json:"span"`
}

// LocalSPI returns this end's IKE SPI: the initiator SPI when we initiated.
func (s IKESA) LocalSPI() string {
	if s.Initiator {
		return s.InitiatorSPI
	}
	return s.ResponderSPI
}

// RemoteSPI returns the peer's IKE SPI.
func (s IKESA) RemoteSPI() string {
	if s.Initiator {
		return s.ResponderSPI
	}
	return s.InitiatorSPI
}

// UDPEncap reports whether IKE runs on port 4500 on either side.
func (s IKESA) UDPEncap() bool { return s.LocalAddr.Port() == 4500 || s.RemoteAddr.Port() == 4500 }

// ChildSA is one CHILD_SA of an IKE_SA:
//
//	vc-a-child: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-256/HMAC_SHA2_256_128
type ChildSA struct {
	Name     string `json:"name"`
	UniqueID uint32 `json:"uniqueid"`
	ReqID    uint32 `json:"reqid"`
	// State is raw: CREATED, ROUTED, INSTALLING, INSTALLED, UPDATING,
	// REKEYING, REKEYED, RETRYING, DELETING, DELETED, DESTROYING.
	State string `json:"state"`
	// Mode is TUNNEL, TRANSPORT, BEET (PASS and DROP for shunts).
	Mode string `json:"mode"`
	// UDPEncap is true for "-in-UDP" (ESP in UDP 4500).
	UDPEncap   bool       `json:"udp_encap"`
	Protocol   string     `json:"protocol"` // ESP or AH
	Algorithms Algorithms `json:"algorithms"`

	HasInstalled bool          `json:"has_installed"`
	Installed    time.Duration `json:"installed_ns"`
	RekeyIn      time.Duration `json:"rekey_in_ns,omitempty"`
	ExpiresIn    time.Duration `json:"expires_in_ns,omitempty"`

	In  Direction `json:"in"`
	Out Direction `json:"out"`

	LocalTS  []TrafficSelector `json:"local_ts"`
	RemoteTS []TrafficSelector `json:"remote_ts"`
	Span     parsers.Span      `json:"span"`
}

// Direction is one "in"/"out" line of a CHILD_SA:
//
//	in  c1d2e3f4 (-|0x00000001),   1234 bytes,    10 packets,     3s ago
type Direction struct {
	SPI    uint32 `json:"spi"`
	SPIHex string `json:"spi_hex"`
	CPI    string `json:"cpi,omitempty"`  // IPComp CPI after "/", as printed
	Mark   string `json:"mark,omitempty"` // text inside "(...)": mark/mask or mark|if_id
	// Bytes and Packets are the SA's counters, as printed.
	Bytes   uint64 `json:"bytes"`
	Packets uint64 `json:"packets"`
	// HasLastUsed is true when "Ns ago" was printed (a packet was seen).
	HasLastUsed bool          `json:"has_last_used"`
	LastUsed    time.Duration `json:"last_used_ns"`
	Line        int           `json:"line"`
}

// ParseListSAs parses `swanctl --list-sas`. Output with no IKE_SA header
// line before its first non-blank line is a *parsers.ParseError; nothing, or
// only "no SAs", is an empty result.
func ParseListSAs(out string) (*SAs, error) {
	lines := parsers.Lines(out)
	res := &SAs{IKE: []IKESA{}}
	var ike *IKESA
	var child *ChildSA
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if indent(l) == 0 {
			if isNoSAs(t) && ike == nil {
				continue
			}
			sa, ok := parseIKEHeader(t)
			if !ok {
				return nil, perr(cmdListSAs, n, l, headerMsg(t, "an IKE_SA line \"NAME: #ID, STATE, IKEvN, SPI_i SPI_r\""))
			}
			sa.Span = parsers.Span{Start: n, End: n}
			res.IKE = append(res.IKE, sa)
			ike, child = &res.IKE[len(res.IKE)-1], nil
			continue
		}
		if ike == nil {
			return nil, perr(cmdListSAs, n, l, "indented line before any IKE_SA line")
		}
		if c, ok := parseChildHeader(t); ok && indent(l) <= 2 {
			c.Span = parsers.Span{Start: n, End: n}
			ike.Children = append(ike.Children, c)
			child = &ike.Children[len(ike.Children)-1]
			ike.Span.Cover(n)
			continue
		}
		var err error
		if indent(l) >= 4 && child != nil {
			err = child.line(t, n, l)
			child.Span.Cover(n)
		} else {
			err = ike.line(t, n, l)
		}
		if err != nil {
			return nil, err
		}
		ike.Span.Cover(n)
	}
	return res, nil
}

// headerMsg names the likeliest reason an unindented line is not a header.
func headerMsg(t, want string) string {
	if strings.Contains(t, "connecting to") || strings.Contains(t, "charon.vici") {
		return "swanctl could not reach charon over vici"
	}
	return "want " + want
}

func isNoSAs(t string) bool {
	t = strings.ToLower(strings.TrimSuffix(t, "."))
	return t == "no sas" || t == "no ike_sas" || t == "no sas found"
}

func perr(cmd string, n int, l, msg string) error {
	return &parsers.ParseError{Command: cmd, Line: n, Text: l, Msg: msg}
}

// parseIKEHeader reads "NAME: #ID, STATE, IKEvN, ISPI_i[*] RSPI_r[*]".
func parseIKEHeader(t string) (IKESA, bool) {
	var sa IKESA
	i := strings.LastIndex(t, ": #")
	if i <= 0 {
		return sa, false
	}
	sa.Name = t[:i]
	f := strings.Split(t[i+3:], ", ")
	if len(f) != 4 {
		return sa, false
	}
	id, ok := atou32(f[0])
	if !ok || !isUpperWord(f[1]) || !strings.HasPrefix(f[2], "IKEv") || !isDigits(f[2][4:]) {
		return sa, false
	}
	sa.UniqueID, sa.State = id, f[1]
	sa.Version, _ = strconv.Atoi(f[2][4:])
	spis := strings.Fields(f[3])
	if len(spis) != 2 {
		return sa, false
	}
	ispi, istar, ok1 := cutSPI(spis[0], "_i")
	rspi, rstar, ok2 := cutSPI(spis[1], "_r")
	if !ok1 || !ok2 {
		return sa, false
	}
	sa.InitiatorSPI, sa.ResponderSPI = ispi, rspi
	sa.Initiator = istar && !rstar
	return sa, true
}

func cutSPI(s, suffix string) (string, bool, bool) {
	star := strings.HasSuffix(s, "*")
	s = strings.TrimSuffix(s, "*")
	if !strings.HasSuffix(s, suffix) {
		return "", false, false
	}
	s = strings.TrimSuffix(s, suffix)
	return s, star, isHex(s)
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func isUpperWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// line reads one IKE_SA-level line (two-space indent).
func (sa *IKESA) line(t string, n int, l string) error {
	switch {
	case strings.HasPrefix(t, "local "):
		return sa.endpoint(t, n, l, true)
	case strings.HasPrefix(t, "remote "):
		return sa.endpoint(t, n, l, false)
	case strings.HasPrefix(t, "established "):
		return sa.lifetimes(t, n, l)
	case strings.HasPrefix(t, "queued:"):
		sa.TasksQueued = strings.Fields(strings.TrimPrefix(t, "queued:"))
	case strings.HasPrefix(t, "active:"):
		sa.TasksActive = strings.Fields(strings.TrimPrefix(t, "active:"))
	case strings.HasPrefix(t, "passive:"):
		sa.TasksPassive = strings.Fields(strings.TrimPrefix(t, "passive:"))
	case !strings.Contains(t, " ") && strings.Contains(t, "/"):
		sa.Algorithms = parseAlgorithms(t, false)
	}
	// Other lines (a later release's additions) are skipped on purpose.
	return nil
}

// endpoint reads "local  'ID' @ HOST[PORT] [VIPS]" and the remote line,
// which may add " EAP: 'X'" and " XAuth: 'Y'".
func (sa *IKESA) endpoint(t string, n int, l string, local bool) error {
	rest := strings.TrimSpace(t[strings.IndexByte(t, ' '):])
	if !strings.HasPrefix(rest, "'") {
		return perr(cmdListSAs, n, l, "want 'ID' @ HOST[PORT]")
	}
	j := strings.Index(rest[1:], "' @ ") + 1
	if j < 1 {
		return perr(cmdListSAs, n, l, "want 'ID' @ HOST[PORT]")
	}
	id, rest := rest[1:j], rest[j+4:]
	b := strings.IndexByte(rest, '[')
	e := strings.IndexByte(rest, ']')
	if b <= 0 || e < b {
		return perr(cmdListSAs, n, l, "want HOST[PORT]")
	}
	host, portS, tail := rest[:b], rest[b+1:e], rest[e+1:]
	port, err := strconv.ParseUint(portS, 10, 16)
	if err != nil {
		return perr(cmdListSAs, n, l, "bad port "+strconv.Quote(portS))
	}
	var ap netip.AddrPort
	if a, err := netip.ParseAddr(host); err == nil {
		ap = netip.AddrPortFrom(a, uint16(port))
	}
	var vips []string
	tail = strings.TrimSpace(tail)
	for tail != "" {
		switch {
		case strings.HasPrefix(tail, "EAP: '"), strings.HasPrefix(tail, "XAuth: '"):
			k := strings.Index(tail, "'")
			v, r, _ := strings.Cut(tail[k+1:], "'")
			if strings.HasPrefix(tail, "EAP") {
				sa.RemoteEAPID = v
			} else {
				sa.RemoteXAuthID = v
			}
			tail = strings.TrimSpace(r)
		case strings.HasPrefix(tail, "["):
			v, r, _ := strings.Cut(tail[1:], "]")
			vips = append(vips, strings.Fields(v)...)
			tail = strings.TrimSpace(r)
		default:
			tail = ""
		}
	}
	if local {
		sa.LocalID, sa.LocalHost, sa.LocalAddr, sa.LocalVIPs = id, host, ap, vips
	} else {
		sa.RemoteID, sa.RemoteHost, sa.RemoteAddr, sa.RemoteVIPs = id, host, ap, vips
	}
	return nil
}

// lifetimes reads "established 98s ago, rekeying in 12963s[, reauth in
// Ns][, expires in Ns]".
func (sa *IKESA) lifetimes(t string, n int, l string) error {
	for i, part := range strings.Split(t, ", ") {
		var d time.Duration
		var ok bool
		switch {
		case i == 0:
			d, ok = parseSeconds(strings.TrimPrefix(part, "established "))
			sa.Established, sa.HasEstablished = d, ok
		case strings.HasPrefix(part, "rekeying in "):
			d, ok = parseSeconds(strings.TrimPrefix(part, "rekeying in "))
			sa.RekeyIn = d
		case strings.HasPrefix(part, "reauth in "):
			d, ok = parseSeconds(strings.TrimPrefix(part, "reauth in "))
			sa.ReauthIn = d
		case strings.HasPrefix(part, "expires in "):
			d, ok = parseSeconds(strings.TrimPrefix(part, "expires in "))
			sa.ExpiresIn = d
		default:
			ok = true
		}
		if !ok {
			return perr(cmdListSAs, n, l, "bad duration "+strconv.Quote(part))
		}
	}
	return nil
}
