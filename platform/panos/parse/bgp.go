package parse

import (
	"net/netip"
	"strings"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdBGPPeer = "show routing protocol bgp peer"

// BGPPeer is one "Peer: NAME (id N)" block of
// `show routing protocol bgp peer [peer-name X]`.
type BGPPeer struct {
	Name          string        `json:"name"`
	VirtualRouter string        `json:"virtual_router,omitempty"`
	Group         string        `json:"group,omitempty"`
	PeeringType   string        `json:"peering_type,omitempty"` // eBGP, iBGP
	RemoteAS      uint32        `json:"remote_as"`
	Status        string        `json:"status"` // Established, Active, Connect, Idle, ... as printed
	StatusFor     time.Duration `json:"status_duration,omitempty"`
	// PasswordSet is "password set: yes": the password itself is never
	// printed nor kept.
	PasswordSet        bool         `json:"password_set"`
	RouterID           netip.Addr   `json:"peer_router_id,omitzero"`
	PeerAddr           netip.Addr   `json:"peer_address,omitzero"`
	PeerPort           uint16       `json:"peer_port,omitempty"`
	LocalAddr          netip.Addr   `json:"local_address,omitzero"`
	LocalPort          uint16       `json:"local_port,omitempty"`
	LastError          string       `json:"last_error,omitempty"`
	IncomingTotal      uint64       `json:"incoming_total"`
	IncomingAccepted   uint64       `json:"incoming_accepted"`
	IncomingRejected   uint64       `json:"incoming_rejected"`
	PolicyRejected     uint64       `json:"policy_rejected"`
	OutgoingTotal      uint64       `json:"outgoing_total"`
	OutgoingAdvertised uint64       `json:"outgoing_advertised"`
	Span               parsers.Span `json:"span"`
}

// Established reports status Established.
func (p BGPPeer) Established() bool { return strings.EqualFold(p.Status, "Established") }

// ParseBGPPeer reads `show routing protocol bgp peer [peer-name X]`
// (legacy routing engine, PAN-OS 8.x-11.x): "key: value" lines under each
// "Peer:" header, keys compared case-insensitively: "Peer status:
// Established, for 2324 seconds", "Remote AS:", "Remote Address:
// 169.254.253.1:179", "Local Address:", "Password set:", "Last error:",
// and the "Prefix counter for" block. The older spellings "status:",
// "status duration:" and "peer address:" are read too. Capability, timer
// and message-counter lines are ignored. An output with no Peer block is an error unless it is empty
// of content lines after the prompt.
func ParseBGPPeer(out string) ([]BGPPeer, error) {
	ls := splitLines(out, "show routing")
	var res []BGPPeer
	var cur *BGPPeer
	for _, l := range ls {
		t := strings.TrimSpace(l.text)
		if t == "" || isDashes(t) {
			continue
		}
		k, v, ok := keyValue(t)
		if ok && k == "Peer" {
			name, _, _ := strings.Cut(v, " (id")
			res = append(res, BGPPeer{Name: strings.TrimSpace(name), Span: parsers.Span{Start: l.n, End: l.n}})
			cur = &res[len(res)-1]
			continue
		}
		if cur == nil {
			return nil, perr(cmdBGPPeer, l.n, l.text, "line before any Peer: block")
		}
		cur.Span.Cover(l.n)
		if ok {
			cur.set(strings.ToLower(k), v)
		}
	}
	if res == nil && len(ls) > 0 {
		return nil, noContent(cmdBGPPeer, ls)
	}
	return res, nil
}

func (p *BGPPeer) set(k, v string) {
	num := func() uint64 { n, _ := atou(strings.Fields(v + " 0")[0]); return n }
	switch k {
	case "virtual router":
		p.VirtualRouter = v
	case "peer group":
		g, _, _ := strings.Cut(v, " (id")
		p.Group = strings.TrimSpace(g)
	case "peering type":
		p.PeeringType = v
	case "remote as":
		p.RemoteAS = uint32(num())
	case "status":
		p.Status = v
	case "peer status":
		// "Established, for 2324 seconds" (PAN-OS 8.x-11.x)
		st, dur, _ := strings.Cut(v, ",")
		p.Status = strings.TrimSpace(st)
		if f := strings.Fields(dur); len(f) >= 2 && f[0] == "for" {
			if n, ok := atou(f[1]); ok {
				p.StatusFor = time.Duration(n) * time.Second
			}
		}
	case "peer router id":
		p.RouterID = addr(v)
	case "status duration":
		p.StatusFor = time.Duration(num()) * time.Second
	case "password set":
		p.PasswordSet = v == "yes"
	case "peer address", "remote address":
		p.PeerAddr, p.PeerPort = addrPort(v)
	case "local address":
		p.LocalAddr, p.LocalPort = addrPort(v)
	case "last error":
		p.LastError = v
	case "incoming total":
		p.IncomingTotal = num()
	case "incoming accepted":
		p.IncomingAccepted = num()
	case "incoming rejected":
		p.IncomingRejected = num()
	case "policy rejected":
		p.PolicyRejected = num()
	case "outgoing total":
		p.OutgoingTotal = num()
	case "outgoing advertised":
		p.OutgoingAdvertised = num()
	}
}
