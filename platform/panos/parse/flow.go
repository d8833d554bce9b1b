package parse

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const (
	cmdFlow   = "show vpn flow"
	cmdTunnel = "show vpn tunnel"
)

// Flow is one tunnel of `show vpn flow` (a table row) or of
// `show vpn flow tunnel-id N` (a detail block, which fills the counters).
type Flow struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// State is as printed: "active", "init", and "inactiv" (the table
	// cuts the word at 7 characters).
	State   string     `json:"state"`
	Monitor string     `json:"monitor,omitempty"` // "off", "on"
	Local   netip.Addr `json:"local,omitzero"`
	Peer    netip.Addr `json:"peer,omitzero"`
	PeerRaw string     `json:"peer_raw,omitempty"` // as printed (may be masked)
	Inner   string     `json:"inner_interface,omitempty"`
	Outer   string     `json:"outer_interface,omitempty"`
	// Detail-only fields.
	GatewayID     string `json:"gateway_id,omitempty"`
	MonitorStatus string `json:"monitor_status,omitempty"`
	LocalSPI      uint32 `json:"local_spi,omitempty"`
	RemoteSPI     uint32 `json:"remote_spi,omitempty"`
	EncapPackets  uint64 `json:"encap_packets"`
	DecapPackets  uint64 `json:"decap_packets"`
	EncapBytes    uint64 `json:"encap_bytes"`
	DecapBytes    uint64 `json:"decap_bytes"`
	AuthErrors    uint64 `json:"authentication_errors"`
	DecryptErrors uint64 `json:"decryption_errors"`
	ReplayPackets uint64 `json:"replay_packets"`
	TunnelMTU     int    `json:"tunnel_mtu,omitempty"`
	// Proxy is the "proxy-id:" sub-block: the traffic selectors the
	// tunnel negotiates (0.0.0.0/0 protocol 0 unless proxy IDs are
	// configured). HasProxy is false without the block.
	ProxyLocal    netip.Prefix `json:"proxy_local,omitzero"`
	ProxyRemote   netip.Prefix `json:"proxy_remote,omitzero"`
	ProxyProtocol int          `json:"proxy_protocol,omitempty"`
	HasProxy      bool         `json:"has_proxy,omitempty"`
	// Detail is true for a detail block (counters are meaningful).
	Detail bool         `json:"detail,omitempty"`
	Span   parsers.Span `json:"span"`
}

// Active reports state "active".
func (f Flow) Active() bool { return f.State == "active" }

// ParseFlow reads `show vpn flow` (the tunnel table, with its "total ...
// configured" header lines) and `show vpn flow tunnel-id N` (one
// "tunnel NAME" block of "key: value" lines, whose indented "proxy-id:"
// sub-block repeats the keys "local ip" and "protocol" for the traffic
// selectors). An empty table is valid.
func ParseFlow(out string) ([]Flow, error) {
	ls := splitLines(out, "show vpn")
	var res []Flow
	var cur *Flow
	table, seen := false, false
	proxyIndent := -1 // indent of "proxy-id:" while inside its block
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		low := strings.ToLower(t)
		switch {
		case t == "" || isDashes(t):
			continue
		case strings.HasPrefix(low, "total ") || strings.HasPrefix(low, "filter "):
			seen = true
			continue
		case strings.HasPrefix(t, "id ") && strings.Contains(t, "tunnel-i/f"):
			table, seen = true, true
			continue
		case isTunnelHead(t):
			// "tunnel  NAME"; with a proxy ID the name is "TUNNEL:PROXY".
			res = append(res, Flow{Name: strings.TrimSpace(t[len("tunnel "):]), Detail: true,
				Span: parsers.Span{Start: l.n, End: l.n}})
			cur, seen, table = &res[len(res)-1], true, false
			continue
		}
		if cur != nil {
			indent := len(l.text) - len(strings.TrimLeft(l.text, " \t"))
			if proxyIndent >= 0 && indent <= proxyIndent {
				proxyIndent = -1
			}
			if k, v, ok := keyValue(t); ok {
				k = strings.ToLower(k)
				switch {
				case k == "proxy-id" && v == "":
					proxyIndent, cur.HasProxy = indent, true
				case proxyIndent >= 0:
					cur.setProxy(k, v)
				default:
					cur.set(k, v)
				}
				cur.Span.Cover(l.n)
				continue
			}
			// "key type: auto key" comes back as "key <redacted>" from the
			// redaction every output goes through: a masked line is no
			// fact, and no reason to drop the block.
			if strings.HasSuffix(t, ":") || strings.HasPrefix(low, "packets received") || strings.Contains(t, "<redacted>") {
				cur.Span.Cover(l.n)
				continue
			}
			return nil, perr(cmdFlow, l.n, l.text, "not a key: value line of a tunnel block")
		}
		if !table {
			return nil, perr(cmdFlow, l.n, l.text, "line before the flow table header")
		}
		f := strings.Fields(t)
		if len(f) < 7 {
			return nil, perr(cmdFlow, l.n, l.text, "flow row with fewer than 7 columns")
		}
		n := len(f)
		res = append(res, Flow{ID: f[0], Name: strings.Join(f[1:n-5], " "), State: f[n-5],
			Monitor: f[n-4], Local: addr(f[n-3]), PeerRaw: f[n-2], Peer: addr(f[n-2]), Inner: f[n-1],
			Span: parsers.Span{Start: l.n, End: l.n}})
	}
	if !seen {
		return nil, noContent(cmdFlow, ls)
	}
	return res, nil
}

// isTunnelHead reports the first line of a detail block, "tunnel  NAME":
// two words, the second no key (a key line reads "tunnel mtu:  1424").
func isTunnelHead(t string) bool {
	f := strings.Fields(t)
	return len(f) == 2 && f[0] == "tunnel" && !strings.HasSuffix(f[1], ":")
}

// setProxy reads a line of the proxy-id sub-block.
func (f *Flow) setProxy(k, v string) {
	switch k {
	case "local ip":
		f.ProxyLocal, _ = netip.ParsePrefix(v)
	case "remote ip":
		f.ProxyRemote, _ = netip.ParsePrefix(v)
	case "protocol":
		if n, ok := atoi(v); ok {
			f.ProxyProtocol = n
		} else {
			f.ProxyProtocol = -1
		}
	}
}

func (f *Flow) set(k, v string) {
	num := func() uint64 { n, _ := atou(strings.Fields(v + " 0")[0]); return n }
	switch k {
	case "id":
		f.ID = v
	case "gateway id":
		f.GatewayID = v
	case "local ip":
		f.Local = addr(v)
	case "peer ip":
		f.PeerRaw, f.Peer = v, addr(v)
	case "inner interface":
		f.Inner = v
	case "outer interface":
		f.Outer = v
	case "state":
		f.State = v
	case "monitor":
		f.Monitor = v
	case "monitor status":
		f.MonitorStatus = v
	case "local spi":
		f.LocalSPI, _ = spi(v)
	case "remote spi":
		f.RemoteSPI, _ = spi(v)
	case "encap packets":
		f.EncapPackets = num()
	case "decap packets":
		f.DecapPackets = num()
	case "encap bytes":
		f.EncapBytes = num()
	case "decap bytes":
		f.DecapBytes = num()
	case "authentication errors":
		f.AuthErrors = num()
	case "decryption errors":
		f.DecryptErrors = num()
	case "replay packets":
		f.ReplayPackets = num()
	case "tunnel mtu":
		f.TunnelMTU = int(num())
	}
}

// TunnelConfig is one row of `show vpn tunnel`: the configured IPsec
// tunnel with its proxy IDs and proposal.
type TunnelConfig struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Gateway     string       `json:"gateway"`
	LocalProxy  netip.Prefix `json:"local_proxy,omitzero"`
	LocalPort   string       `json:"local_port,omitempty"` // "0:0" (protocol:port)
	RemoteProxy netip.Prefix `json:"remote_proxy,omitzero"`
	RemotePort  string       `json:"remote_port,omitempty"`
	Proposals   string       `json:"proposals"` // "ESP tunl [DH14][AES256][SHA256] 3600-sec 0-kb"
	// Read from Proposals: the PFS group ("[DH14]"; 0 without one), the
	// encryption and authentication words as printed ("AES256",
	// "SHA256", "NULL"), tunnel mode ("tunl") and the lifetime.
	PFSGroup   int           `json:"pfs_group,omitempty"`
	Encryption []string      `json:"encryption,omitempty"`
	Auth       []string      `json:"auth,omitempty"`
	Tunnel     bool          `json:"tunnel_mode"`
	Lifetime   time.Duration `json:"lifetime,omitempty"`
	Span       parsers.Span  `json:"span"`
}

// Protocol returns the IP protocol number of a "Ptl:Port" cell ("47:0"
// is GRE, "0:0" any), -1 when unreadable.
func Protocol(cell string) int {
	p, _, _ := strings.Cut(cell, ":")
	if n, ok := atoi(p); ok {
		return n
	}
	return -1
}

// ParseTunnel reads `show vpn tunnel [name X]`: rows of TnID,
// "Name(Gateway)" (PAN-OS 8.x-11.x; separate name and gateway columns are
// read too), local proxy IP, Ptl:Port, remote proxy IP, Ptl:Port and the
// proposal (the rest of the line: "ESP tunl [DH2][NULL][MD5] 7200-sec").
func ParseTunnel(out string) ([]TunnelConfig, error) {
	ls := splitLines(out, "show vpn")
	var res []TunnelConfig
	table, seen := false, false
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		switch {
		case t == "" || isDashes(t):
			continue
		case strings.HasPrefix(strings.ToLower(t), "show ipsec tunnel"):
			seen = true
			continue
		case strings.HasPrefix(t, "TnID") && strings.Contains(t, "Gateway"):
			table, seen = true, true
			continue
		}
		if !table {
			return nil, perr(cmdTunnel, l.n, l.text, "line before the tunnel table header")
		}
		tc, err := tunnelRow(l)
		if err != nil {
			return nil, err
		}
		res = append(res, tc)
	}
	if !seen {
		return nil, noContent(cmdTunnel, ls)
	}
	return res, nil
}

func tunnelRow(l line) (TunnelConfig, error) {
	f := strings.Fields(l.text)
	p := -1 // first proxy column
	for i := 2; i+3 < len(f); i++ {
		if _, err := netip.ParsePrefix(f[i]); err == nil {
			p = i
			break
		}
	}
	if p < 2 {
		return TunnelConfig{}, perr(cmdTunnel, l.n, l.text, "tunnel row without name and proxy IDs")
	}
	tc := TunnelConfig{ID: f[0], LocalPort: f[p+1], RemotePort: f[p+3],
		Proposals: strings.Join(f[p+4:], " "), Span: parsers.Span{Start: l.n, End: l.n}}
	name := strings.Join(f[1:p], " ")
	if o := strings.LastIndexByte(name, '('); o > 0 && strings.HasSuffix(name, ")") {
		tc.Name, tc.Gateway = name[:o], name[o+1:len(name)-1]
	} else if p >= 3 {
		tc.Name, tc.Gateway = strings.Join(f[1:p-1], " "), f[p-1]
	} else {
		return TunnelConfig{}, perr(cmdTunnel, l.n, l.text, "tunnel row without a gateway")
	}
	tc.LocalProxy, _ = netip.ParsePrefix(f[p])
	rp, err := netip.ParsePrefix(f[p+2])
	if err != nil {
		return TunnelConfig{}, perr(cmdTunnel, l.n, l.text, "bad remote proxy ID")
	}
	tc.RemoteProxy = rp
	tc.readProposal()
	return tc, nil
}

// readProposal reads "ESP tunl [DH14][AES256][SHA256] 3600-sec 0-kb".
func (tc *TunnelConfig) readProposal() {
	for _, w := range strings.Fields(tc.Proposals) {
		switch {
		case w == "tunl":
			tc.Tunnel = true
		case strings.HasSuffix(w, "-sec"):
			if n, ok := atou(strings.TrimSuffix(w, "-sec")); ok {
				tc.Lifetime = time.Duration(n) * time.Second
			}
		case strings.HasPrefix(w, "["):
			for _, b := range strings.Split(strings.Trim(w, "[]"), "][") {
				switch u := strings.ToUpper(b); {
				case strings.HasPrefix(u, "DH"):
					tc.PFSGroup, _ = atoi(u[2:])
				case strings.HasPrefix(u, "SHA"), u == "MD5", u == "NONE":
					tc.Auth = append(tc.Auth, u)
				case u != "":
					tc.Encryption = append(tc.Encryption, u)
				}
			}
		}
	}
}
