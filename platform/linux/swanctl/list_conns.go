package swanctl

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdListConns = "swanctl --list-conns"

// Conns is the parsed output of `swanctl --list-conns`: the connections
// charon has loaded. An empty slice means none is loaded.
type Conns struct {
	Conns []Conn `json:"conns"`
}

// Conn is one connection:
//
//	vc-a: IKEv2, no reauthentication, rekeying every 14400s, dpd delay 10s
type Conn struct {
	Name string `json:"name"`
	// Version is "IKEv2", "IKEv1" or "IKEv1/2" as printed.
	Version string `json:"version"`
	// Reauth is the reauthentication interval, 0 for "no reauthentication".
	Reauth time.Duration `json:"reauth_ns"`
	// Rekey is the IKE_SA rekey interval; 0 for "no rekeying" (NoRekey)
	// or when not printed (IKEv1).
	Rekey   time.Duration `json:"rekey_ns"`
	NoRekey bool          `json:"no_rekey,omitempty"`
	// DPDDelay is 0 when DPD is off (swanctl then omits it).
	DPDDelay time.Duration `json:"dpd_delay_ns"`

	// LocalAddrs and RemoteAddrs are as configured (addresses, names,
	// ranges, %any); LocalIPs/RemoteIPs hold those that are addresses.
	LocalAddrs  []string     `json:"local_addrs"`
	RemoteAddrs []string     `json:"remote_addrs"`
	LocalIPs    []netip.Addr `json:"local_ips"`
	RemoteIPs   []netip.Addr `json:"remote_ips"`

	LocalAuth  []Auth       `json:"local_auth"`
	RemoteAuth []Auth       `json:"remote_auth"`
	Children   []ConnChild  `json:"children"`
	Span       parsers.Span `json:"span"`
}

// Auth is one authentication round of a connection. It names identities
// and certificates only: swanctl prints no secret and Auth has no field
// for one.
type Auth struct {
	// Class is as printed: "pre-shared key", "public key", "EAP",
	// "eap-mschapv2", "XAuth", "any".
	Class string `json:"class"`
	// Method is Class reduced: "psk", "pubkey", "eap", "xauth", "any", or
	// Class lower-cased.
	Method  string       `json:"method"`
	ID      string       `json:"id,omitempty"`
	EAPID   string       `json:"eap_id,omitempty"`
	XAuthID string       `json:"xauth_id,omitempty"`
	AAAID   string       `json:"aaa_id,omitempty"`
	Groups  string       `json:"groups,omitempty"`
	Certs   string       `json:"certs,omitempty"`
	CACerts string       `json:"cacerts,omitempty"`
	Span    parsers.Span `json:"span"`
}

// ConnChild is one child config:
//
//	vc-a-child: TUNNEL, rekeying every 3600s, dpd action is start
type ConnChild struct {
	Name string `json:"name"`
	Mode string `json:"mode"` // TUNNEL, TRANSPORT, BEET, PASS, DROP
	// Rekey, RekeyBytes and RekeyPackets are 0 when not set; NoRekey is
	// "no rekeying".
	Rekey        time.Duration `json:"rekey_ns"`
	RekeyBytes   uint64        `json:"rekey_bytes,omitempty"`
	RekeyPackets uint64        `json:"rekey_packets,omitempty"`
	NoRekey      bool          `json:"no_rekey,omitempty"`
	// DPDAction is "clear", "trap", "start" (restart) or "" when the IKE
	// config has no DPD.
	DPDAction string            `json:"dpd_action,omitempty"`
	LocalTS   []TrafficSelector `json:"local_ts"`
	RemoteTS  []TrafficSelector `json:"remote_ts"`
	Interface string            `json:"interface,omitempty"`
	Priority  int               `json:"priority,omitempty"`
	Span      parsers.Span      `json:"span"`
}

// ParseListConns parses `swanctl --list-conns`.
func ParseListConns(out string) (*Conns, error) {
	lines := parsers.Lines(out)
	res := &Conns{Conns: []Conn{}}
	var conn *Conn
	var auth *Auth
	var child *ConnChild
	for i, l := range lines {
		n := i + 1
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		ind := indent(l)
		if ind == 0 {
			c, ok := parseConnHeader(t)
			if !ok {
				return nil, perr(cmdListConns, n, l, headerMsg(t, "a connection line \"NAME: IKEvN, ...\""))
			}
			c.Span = parsers.Span{Start: n, End: n}
			res.Conns = append(res.Conns, c)
			conn, auth, child = &res.Conns[len(res.Conns)-1], nil, nil
			continue
		}
		if conn == nil {
			return nil, perr(cmdListConns, n, l, "indented line before any connection line")
		}
		conn.Span.Cover(n)
		if ind <= 2 {
			auth, child = nil, nil
			switch {
			case strings.HasPrefix(t, "local:"):
				conn.addAddr(strings.TrimSpace(t[len("local:"):]), true)
			case strings.HasPrefix(t, "remote:"):
				conn.addAddr(strings.TrimSpace(t[len("remote:"):]), false)
			case strings.HasSuffix(t, " authentication:"):
				auth = conn.addAuth(t, n)
			default:
				if c, ok := parseConnChild(t); ok {
					c.Span = parsers.Span{Start: n, End: n}
					conn.Children = append(conn.Children, c)
					child = &conn.Children[len(conn.Children)-1]
				}
			}
			continue
		}
		switch {
		case child != nil:
			child.Span.Cover(n)
			if err := child.line(t, n, l); err != nil {
				return nil, err
			}
		case auth != nil:
			auth.Span.Cover(n)
			auth.line(t)
		}
	}
	return res, nil
}

func parseConnHeader(t string) (Conn, bool) {
	var c Conn
	i := strings.LastIndex(t, ": IKE")
	if i <= 0 {
		return c, false
	}
	f := strings.Split(t[i+2:], ", ")
	if len(f) < 2 || !strings.HasPrefix(f[0], "IKE") {
		return c, false
	}
	c.Name, c.Version = t[:i], f[0]
	for _, p := range f[1:] {
		var ok bool
		switch {
		case p == "no reauthentication":
			ok = true
		case p == "no rekeying":
			c.NoRekey, ok = true, true
		case strings.HasPrefix(p, "reauthentication every "):
			c.Reauth, ok = parseSeconds(strings.TrimPrefix(p, "reauthentication every "))
		case strings.HasPrefix(p, "rekeying every "):
			c.Rekey, ok = parseSeconds(strings.TrimPrefix(p, "rekeying every "))
		case strings.HasPrefix(p, "dpd delay "):
			c.DPDDelay, ok = parseSeconds(strings.TrimPrefix(p, "dpd delay "))
		}
		if !ok {
			return c, false
		}
	}
	return c, true
}

func (c *Conn) addAddr(a string, local bool) {
	ip, err := netip.ParseAddr(a)
	if local {
		c.LocalAddrs = append(c.LocalAddrs, a)
		if err == nil {
			c.LocalIPs = append(c.LocalIPs, ip)
		}
		return
	}
	c.RemoteAddrs = append(c.RemoteAddrs, a)
	if err == nil {
		c.RemoteIPs = append(c.RemoteIPs, ip)
	}
}

// addAuth starts an auth round from "local pre-shared key authentication:".
func (c *Conn) addAuth(t string, n int) *Auth {
	side, class, _ := strings.Cut(strings.TrimSuffix(t, " authentication:"), " ")
	a := Auth{Class: class, Method: authMethod(class), Span: parsers.Span{Start: n, End: n}}
	if side == "remote" {
		c.RemoteAuth = append(c.RemoteAuth, a)
		return &c.RemoteAuth[len(c.RemoteAuth)-1]
	}
	c.LocalAuth = append(c.LocalAuth, a)
	return &c.LocalAuth[len(c.LocalAuth)-1]
}

func authMethod(class string) string {
	switch lc := strings.ToLower(class); {
	case lc == "pre-shared key":
		return "psk"
	case lc == "public key":
		return "pubkey"
	case lc == "eap" || strings.HasPrefix(lc, "eap-"):
		return "eap"
	case lc == "xauth":
		return "xauth"
	default:
		return lc
	}
}

func (a *Auth) line(t string) {
	k, v, ok := strings.Cut(t, ": ")
	if !ok {
		return
	}
	switch k {
	case "id":
		a.ID = v
	case "eap_id":
		a.EAPID = v
	case "xauth_id":
		a.XAuthID = v
	case "aaa_id":
		a.AAAID = v
	case "groups":
		a.Groups = v
	case "certs":
		a.Certs = v
	case "cacerts":
		a.CACerts = v
	}
}

// parseConnChild reads "NAME: MODE, rekeying every Ns[ or N bytes][ or N
// packets][, dpd action is X]" or "NAME: MODE, no rekeying...".
func parseConnChild(t string) (ConnChild, bool) {
	var c ConnChild
	i := strings.LastIndex(t, ": ")
	if i <= 0 {
		return c, false
	}
	f := strings.Split(t[i+2:], ", ")
	if !isUpperWord(f[0]) {
		return c, false
	}
	c.Name, c.Mode = t[:i], f[0]
	for _, p := range f[1:] {
		switch {
		case p == "no rekeying":
			c.NoRekey = true
		case strings.HasPrefix(p, "rekeying every "):
			for _, r := range strings.Split(strings.TrimPrefix(p, "rekeying every "), " or ") {
				switch {
				case strings.HasSuffix(r, " bytes"):
					c.RekeyBytes, _ = atou64(strings.TrimSuffix(r, " bytes"))
				case strings.HasSuffix(r, " packets"):
					c.RekeyPackets, _ = atou64(strings.TrimSuffix(r, " packets"))
				default:
					c.Rekey, _ = parseSeconds(r)
				}
			}
		case strings.HasPrefix(p, "dpd action is "):
			c.DPDAction = strings.TrimPrefix(p, "dpd action is ")
		}
	}
	return c, true
}

func (c *ConnChild) line(t string, n int, l string) error {
	k, v, ok := strings.Cut(t, ":")
	if !ok {
		return nil
	}
	v = strings.TrimSpace(v)
	switch k {
	case "local", "remote":
		ts, ok := parseSelectors(v)
		if !ok {
			return perr(cmdListConns, n, l, "want a traffic selector ADDR/LEN[PROTO/PORT] or dynamic")
		}
		if k == "local" {
			c.LocalTS = ts
		} else {
			c.RemoteTS = ts
		}
	case "interface":
		c.Interface = v
	case "priority":
		c.Priority, _ = strconv.Atoi(v)
	}
	return nil
}
