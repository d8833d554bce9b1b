package frr

import (
	"encoding/json"
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdSummaryJSON = "show bgp summary json"

type peerJSON struct {
	Hostname               string          `json:"hostname"`
	RemoteAs               json.RawMessage `json:"remoteAs"`
	LocalAs                json.RawMessage `json:"localAs"`
	MsgRcvd                uint64          `json:"msgRcvd"`
	MsgSent                uint64          `json:"msgSent"`
	TableVersion           uint64          `json:"tableVersion"`
	Outq                   uint64          `json:"outq"`
	Inq                    uint64          `json:"inq"`
	PeerUptime             string          `json:"peerUptime"`
	PeerUptimeMsec         int64           `json:"peerUptimeMsec"`
	PfxRcd                 *int64          `json:"pfxRcd"`
	PrefixReceivedCount    *int64          `json:"prefixReceivedCount"`
	PfxSnt                 *int64          `json:"pfxSnt"`
	State                  string          `json:"state"`
	PeerState              string          `json:"peerState"`
	ConnectionsEstablished int             `json:"connectionsEstablished"`
	ConnectionsDropped     int             `json:"connectionsDropped"`
	Desc                   string          `json:"desc"`
	IDType                 string          `json:"idType"`
}

// ParseSummaryJSON reads `show bgp summary json`, `show bgp vrf all
// [ipv4] summary json` and `show bgp ipv4 unicast summary json` (the
// table without the address-family wrapper).
func ParseSummaryJSON(out string) (*Summary, error) {
	s := &Summary{}
	if strings.TrimSpace(out) == "" {
		return s, nil
	}
	if msg, ok := warningText(out); ok {
		s.Unavailable, _ = classifyWarning(msg)
		if s.Unavailable == Available {
			s.Unavailable = OtherWarning
		}
		s.UnavailableText = msg
		return s, nil
	}
	if !jsonStart(out) {
		return nil, perr(cmdSummaryJSON, 1, firstLine(out), "want a JSON object")
	}
	w := newWalker(cmdSummaryJSON, out)
	var direct *SummaryTable
	_, err := w.object(func(key string) error {
		switch {
		case key == "warning":
			var msg string
			if _, err := w.value(&msg); err != nil {
				return err
			}
			s.Unavailable, _ = classifyWarning(msg)
			if s.Unavailable == Available {
				s.Unavailable = OtherWarning
			}
			s.UnavailableText = msg
			return nil
		case isAFKey(key):
			return s.readTable(w, "", key)
		case isTableKey(key):
			if direct == nil {
				s.Tables = append(s.Tables, SummaryTable{})
				direct = &s.Tables[len(s.Tables)-1]
			}
			return direct.readKey(w, key)
		}
		// A VRF of `show bgp vrf all summary json`.
		if w.peek() != '{' {
			return w.skip()
		}
		_, err := w.object(func(af string) error {
			if !isAFKey(af) || w.peek() != '{' {
				return w.skip()
			}
			return s.readTable(w, key, af)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	if direct != nil {
		direct.Span = parsers.Span{Start: 1, End: len(w.li)}
	}
	return s, nil
}

func firstLine(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func isAFKey(k string) bool {
	return strings.HasPrefix(k, "ipv4") || strings.HasPrefix(k, "ipv6") || strings.HasPrefix(k, "l2Vpn")
}

func isTableKey(k string) bool {
	switch k {
	case "routerId", "as", "peers", "vrfName", "vrfId", "tableVersion":
		return true
	}
	return false
}

func (s *Summary) readTable(w *walker, vrf, af string) error {
	t := SummaryTable{VRF: vrf, AddressFamily: af}
	sp, err := w.object(func(key string) error { return t.readKey(w, key) })
	if err != nil {
		return err
	}
	t.Span = sp
	s.Tables = append(s.Tables, t)
	return nil
}

// readKey consumes the value of one key of a summary table object.
func (t *SummaryTable) readKey(w *walker, key string) error {
	switch key {
	case "routerId":
		var id string
		if _, err := w.value(&id); err != nil {
			return err
		}
		a, err := netip.ParseAddr(id)
		if err != nil {
			return w.errorf(err, "bad routerId")
		}
		t.RouterID = a
	case "as":
		var raw json.RawMessage
		if _, err := w.value(&raw); err != nil {
			return err
		}
		as, ok := parseASN(string(raw))
		if !ok {
			return w.errorf(errString("bad AS "+string(raw)), "bad as")
		}
		t.LocalAS = as
	case "vrfName":
		var v string
		if _, err := w.value(&v); err != nil {
			return err
		}
		if t.VRF == "" {
			t.VRF = v
		}
	case "tableVersion":
		if _, err := w.value(&t.TableVersion); err != nil {
			return err
		}
	case "peers":
		_, err := w.object(func(name string) error {
			var pj peerJSON
			sp, err := w.value(&pj)
			if err != nil {
				return err
			}
			p, err := pj.peer(name)
			if err != nil {
				return w.errorf(err, "bad peer "+name)
			}
			p.Span = sp
			t.Peers = append(t.Peers, p)
			return nil
		})
		return err
	default:
		return w.skip()
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

func (pj *peerJSON) peer(name string) (Peer, error) {
	p := Peer{PfxRcd: -1, PfxSnt: -1}
	p.setNeighbor(name)
	if pj.Hostname != "" {
		p.Hostname = pj.Hostname
	}
	var ok bool
	if p.RemoteAS, ok = parseASN(string(pj.RemoteAs)); !ok && len(pj.RemoteAs) > 0 {
		// "remoteAs":"external" for `remote-as external` peers not yet up.
		p.RemoteAS = 0
	}
	if len(pj.LocalAs) > 0 {
		p.LocalAS, _ = parseASN(string(pj.LocalAs))
	}
	p.MsgRcvd, p.MsgSent, p.TblVer = pj.MsgRcvd, pj.MsgSent, pj.TableVersion
	p.InQ, p.OutQ = pj.Inq, pj.Outq
	p.UpDown, p.UptimeMs = pj.PeerUptime, pj.PeerUptimeMsec
	p.StateText, p.PeerState = pj.State, pj.PeerState
	st, ok := parseState(pj.State)
	if !ok {
		return p, errString("unknown state " + pj.State)
	}
	p.State = st
	p.AdminDown = strings.HasSuffix(pj.State, "(Admin)") || pj.PeerState == "Admin"
	p.PrefixOverflow = strings.HasSuffix(pj.State, "(PfxCt)") || pj.PeerState == "PfxCt"
	if pj.PeerState == "Policy" {
		p.PolicyIn, p.PolicyOut = true, true
	}
	switch {
	case pj.PfxRcd != nil:
		p.PfxRcd = *pj.PfxRcd
	case pj.PrefixReceivedCount != nil:
		p.PfxRcd = *pj.PrefixReceivedCount
	}
	if pj.PfxSnt != nil {
		p.PfxSnt = *pj.PfxSnt
	}
	if pj.IDType == "interface" && p.Interface == "" {
		p.Interface = name
	}
	p.Description = pj.Desc
	p.ConnectionsEstablished, p.ConnectionsDropped = pj.ConnectionsEstablished, pj.ConnectionsDropped
	return p, nil
}
