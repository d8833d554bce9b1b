package iproute

import (
	"encoding/json"
	"errors"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

type jsonLink struct {
	IfIndex   int             `json:"ifindex"`
	IfName    string          `json:"ifname"`
	Link      json.RawMessage `json:"link"`
	Flags     []string        `json:"flags"`
	MTU       int             `json:"mtu"`
	Qdisc     string          `json:"qdisc"`
	Master    string          `json:"master"`
	OperState string          `json:"operstate"`
	LinkMode  string          `json:"linkmode"`
	Group     string          `json:"group"`
	TxQLen    int             `json:"txqlen"`
	LinkType  string          `json:"link_type"`
	Address   string          `json:"address"`
	Broadcast string          `json:"broadcast"`
	PtP       bool            `json:"link_pointtopoint"`
	NetnsID   json.RawMessage `json:"link_netnsid"`
	IfAlias   string          `json:"ifalias"`
	Stats64   *jsonStats      `json:"stats64"`
	Stats     *jsonStats      `json:"stats"`
	LinkInfo  *struct {
		InfoKind string                     `json:"info_kind"`
		InfoData map[string]json.RawMessage `json:"info_data"`
	} `json:"linkinfo"`
	AddrInfo []struct {
		Family    string `json:"family"`
		Local     string `json:"local"`
		Address   string `json:"address"`
		PrefixLen int    `json:"prefixlen"`
		Broadcast string `json:"broadcast"`
		Scope     string `json:"scope"`
		Label     string `json:"label"`
	} `json:"addr_info"`
}

type jsonStats struct {
	RX map[string]json.Number `json:"rx"`
	TX map[string]json.Number `json:"tx"`
}

// parseLinksJSON decodes `ip -j ...` output. Each link's span is the line
// range of its object (line 1 for every link of compact JSON).
func parseLinksJSON(out string) (*Links, error) {
	norm := strings.ReplaceAll(strings.ReplaceAll(out, "\r\n", "\n"), "\r", "\n")
	nl := newlineOffsets(norm)
	lineAt := func(off int64) int { return sort.Search(len(nl), func(i int) bool { return int64(nl[i]) >= off }) + 1 }
	fail := func(off int64, msg string) error {
		n := lineAt(off)
		return &parsers.ParseError{Command: "ip -j link show", Line: n, Text: lineText(norm, nl, n), Msg: msg}
	}
	dec := json.NewDecoder(strings.NewReader(norm))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, fail(0, "want a JSON array of links")
	}
	res := &Links{Links: []Link{}, JSON: true}
	for dec.More() {
		start := dec.InputOffset()
		for start < int64(len(norm)) && strings.IndexByte(" \t\n,", norm[start]) >= 0 {
			start++
		}
		var jl jsonLink
		if err := dec.Decode(&jl); err != nil {
			off := dec.InputOffset()
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			return nil, fail(off, "bad JSON link object: "+err.Error())
		}
		end := dec.InputOffset()
		if jl.IfName == "" {
			return nil, fail(start, "JSON object without \"ifname\"")
		}
		l := jl.link()
		l.Span = parsers.Span{Start: lineAt(start), End: lineAt(end - 1)}
		res.Links = append(res.Links, l)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(dec.InputOffset(), "unterminated JSON array")
	}
	return res, nil
}

func newlineOffsets(s string) []int {
	var nl []int
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

func lineText(s string, nl []int, n int) string {
	start := 0
	if n-2 >= 0 && n-2 < len(nl) {
		start = nl[n-2] + 1
	}
	end := len(s)
	if n-1 < len(nl) {
		end = nl[n-1]
	}
	if start > end {
		return ""
	}
	t := s[start:end]
	if len(t) > 200 {
		t = t[:200]
	}
	return t
}

func (jl *jsonLink) link() Link {
	l := Link{
		Index: jl.IfIndex, Name: jl.IfName, Flags: jl.Flags, MTU: jl.MTU, Qdisc: jl.Qdisc,
		Master: jl.Master, State: jl.OperState, Mode: jl.LinkMode, Group: jl.Group, QLen: jl.TxQLen,
		LinkType: jl.LinkType, Address: jl.Address, Alias: jl.IfAlias,
	}
	if l.Flags == nil {
		l.Flags = []string{}
	}
	switch p := strings.TrimSpace(string(jl.Link)); {
	case p == "null":
		l.Parent = "NONE"
	case strings.HasPrefix(p, "\""):
		l.Parent, _ = strconv.Unquote(p)
	}
	if jl.PtP {
		l.Peer = jl.Broadcast
	} else {
		l.Broadcast = jl.Broadcast
	}
	if len(jl.NetnsID) > 0 {
		l.LinkNetns = strings.Trim(string(jl.NetnsID), "\"")
	}
	st := jl.Stats64
	if st == nil {
		st = jl.Stats
	}
	if st != nil {
		l.Stats = &Stats{RX: jsonCounters(st.RX), TX: jsonCounters(st.TX)}
	}
	if jl.LinkInfo != nil {
		l.Kind = jl.LinkInfo.InfoKind
		if tunnelKinds[l.Kind] {
			l.Tunnel = jsonTunnel(jl.LinkInfo.InfoData)
		}
	}
	for _, a := range jl.AddrInfo {
		addr, err := netip.ParseAddr(a.Local)
		if err != nil {
			continue
		}
		ad := Address{Family: a.Family, Scope: a.Scope, Label: a.Label}
		if a.Address != "" {
			if peer, err := netip.ParseAddr(a.Address); err == nil {
				ad.Prefix = netip.PrefixFrom(addr, addr.BitLen())
				ad.Peer = netip.PrefixFrom(peer, a.PrefixLen)
			}
		} else {
			ad.Prefix = netip.PrefixFrom(addr, a.PrefixLen)
		}
		ad.Broadcast, _ = netip.ParseAddr(a.Broadcast)
		l.Addresses = append(l.Addresses, ad)
	}
	return l
}

func jsonCounters(m map[string]json.Number) Counters {
	get := func(k string) uint64 {
		v, _ := strconv.ParseUint(m[k].String(), 10, 64)
		return v
	}
	return Counters{
		Bytes: get("bytes"), Packets: get("packets"), Errors: get("errors"), Dropped: get("dropped"),
		Overrun: get("over_errors"), Missed: get("missed_errors"), Multicast: get("multicast"),
		Carrier: get("carrier_errors"), Collisions: get("collisions"),
	}
}

func jsonTunnel(d map[string]json.RawMessage) *Tunnel {
	tu := &Tunnel{}
	str := func(k string) string {
		var s string
		if json.Unmarshal(d[k], &s) == nil {
			return s
		}
		return strings.TrimSpace(string(d[k]))
	}
	flag := func(k string) bool {
		var b bool
		return json.Unmarshal(d[k], &b) == nil && b
	}
	tu.Remote, _ = netip.ParseAddr(str("remote"))
	tu.Local, _ = netip.ParseAddr(str("local"))
	tu.Dev = str("link")
	if v, ok := d["ttl"]; ok {
		tu.TTL, _ = strconv.Atoi(strings.TrimSpace(string(v)))
		tu.TTLInherit = tu.TTL == 0
	}
	tu.TOS = str("tos")
	if _, ok := d["pmtudisc"]; ok {
		tu.PMTUDisc, tu.PMTUDiscSet = flag("pmtudisc"), true
	}
	tu.IKey, tu.OKey, tu.IfID = str("ikey"), str("okey"), str("if_id")
	tu.ISeq, tu.OSeq, tu.ICsum, tu.OCsum = flag("iseq"), flag("oseq"), flag("icsum"), flag("ocsum")
	return tu
}
