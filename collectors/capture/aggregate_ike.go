package capture

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers/ike"
)

// IKE payload and notify numbers used here (RFC 7296, IANA).
const (
	payloadSA       = 33
	notifyInvalidKE = 17
	notifyNATSrc    = 16388
	notifyNATDst    = 16389
	notifyStatusMin = 16384 // types below are errors
)

// ikeKey identifies an IKE SA attempt: version, initiator SPI and the
// unordered address pair (ports change when NAT-T moves to 4500).
type ikeKey struct {
	version uint8
	ispi    uint64
	lo, hi  netip.Addr
}

type ikeConv struct {
	c     evidence.IKEConversation
	lines lineBuf
}

func (a *aggregator) ikeMessage(f *frame, m *ike.IKE, natt bool) {
	a.pk.Decoded++
	if natt {
		a.pk.Categories.IKE4500++
	} else {
		a.pk.Categories.IKE500++
	}
	ver := int(m.MajorVersion)
	lo, hi := f.src, f.dst
	if hi.Less(lo) {
		lo, hi = hi, lo
	}
	src := netip.AddrPortFrom(f.src, f.sport)
	dst := netip.AddrPortFrom(f.dst, f.dport)
	k := ikeKey{m.MajorVersion, m.InitiatorSPI, lo, hi}
	conv := a.ike[k]
	if conv == nil && !a.full("IKE conversations", len(a.ike)) {
		conv = &ikeConv{c: evidence.IKEConversation{Version: ver, InitiatorSPI: m.InitiatorSPI,
			Initiator: src, Responder: dst, FirstSeen: f.ci.Timestamp}}
		if ver == 2 && !m.FromInitiator() {
			conv.c.Initiator, conv.c.Responder = dst, src
		}
		a.ike[k] = conv
		a.ikeOrder = append(a.ikeOrder, conv)
	}
	// Requests and responses: IKEv2 has the R flag; IKEv1 has none, so
	// messages from the initiator count as requests.
	fromInit := m.FromInitiator()
	if ver != 2 {
		fromInit = conv == nil || f.src == conv.c.Initiator.Addr()
	}
	isResp := m.IsResponse()
	if ver != 2 {
		isResp = !fromInit
	}
	name := ike.ExchangeName(m.MajorVersion, m.ExchangeType)
	a.msgs[evidence.ExchangeCount{Version: ver, Exchange: name, Response: isResp}]++
	var ex evidence.IKEExchange // scratch when the conversation is not tracked
	exp := &ex
	if conv != nil {
		exp = conv.message(f, m, name, isResp, fromInit != isResp || ver != 2, natt)
	}
	a.payloads(conv, exp, m, isResp)
	if conv != nil {
		conv.lines.add(a.rec(f, describeIKE(m, name, isResp)))
	}
}

// message updates the conversation's counters and returns the exchange
// the message belongs to (a scratch value once the exchange list is full).
func (c *ikeConv) message(f *frame, m *ike.IKE, name string, isResp, byInit, natt bool) *evidence.IKEExchange {
	cv := &c.c
	t := f.ci.Timestamp
	cv.LastSeen = t
	if natt {
		cv.NATT = true
	}
	if m.ResponderSPI != 0 {
		cv.ResponderSPI = m.ResponderSPI
	}
	if isResp {
		cv.Responses++
	} else {
		cv.Requests++
	}
	var ex *evidence.IKEExchange
	for i := len(cv.Exchanges) - 1; i >= 0; i-- {
		e := &cv.Exchanges[i]
		if e.MessageID == m.MessageID && e.Type == name && e.ByInitiator == byInit {
			ex = e
			break
		}
	}
	if ex == nil {
		if len(cv.Exchanges) >= maxExchanges {
			cv.ExchangesDropped++
			ex = &evidence.IKEExchange{}
		} else {
			cv.Exchanges = append(cv.Exchanges, evidence.IKEExchange{Type: name, MessageID: m.MessageID, ByInitiator: byInit, FirstSeen: t})
			ex = &cv.Exchanges[len(cv.Exchanges)-1]
		}
	}
	ex.LastSeen = t
	if isResp {
		ex.Responses++
	} else {
		ex.Requests++
	}
	return ex
}

// payloads records what the cleartext payloads say.
func (a *aggregator) payloads(conv *ikeConv, ex *evidence.IKEExchange, m *ike.IKE, isResp bool) {
	for i := range m.Payloads {
		p := &m.Payloads[i]
		switch {
		case p.SA != nil && m.MajorVersion == 2:
			props := summarise(p.SA)
			if isResp && len(props) > 0 {
				ex.Chosen = &props[0]
			} else if !isResp && ex.Offered == nil {
				ex.Offered = props
			}
		case p.KE != nil:
			// The first request's group: after INVALID_KE_PAYLOAD the
			// retry carries the responder's, and the difference matters.
			if !isResp && ex.KEGroup == 0 {
				ex.KEGroup = int(p.KE.Group)
			}
		case p.Notify != nil:
			a.notify(ex, p.Notify, isResp)
		case p.VendorID != nil && conv != nil:
			conv.c.VendorIDs = addOnce(conv.c.VendorIDs, vendorName(p.VendorID), maxVendorIDs)
		case p.Fragment != nil:
			ex.Fragments++
			ex.Encrypted = true
		case p.Encrypted:
			ex.Encrypted = true
		}
	}
}

func (a *aggregator) notify(ex *evidence.IKEExchange, n *ike.NotifyPayload, isResp bool) {
	name := ike.NotifyName(n.Type)
	a.notifies[name]++
	ex.Notifies = addOnce(ex.Notifies, name, maxNotifies)
	switch {
	case n.Type == notifyNATSrc || n.Type == notifyNATDst:
		ex.NATDetection = true
	case n.Type < notifyStatusMin && ex.ErrorNotify == 0:
		ex.ErrorNotify = int(n.Type)
	}
	if n.Type == notifyInvalidKE {
		if g, ok := n.RequestedGroup(); ok {
			ex.RequestedGroup = int(g)
		}
	}
}

func addOnce(list []string, s string, max int) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	if len(list) >= max {
		return list
	}
	return append(list, s)
}

// describeIKE renders "IKE_SA_INIT request msgid 0 SA KE Ni N(NAT_DETECTION_SOURCE_IP)".
func describeIKE(m *ike.IKE, name string, isResp bool) string {
	var b strings.Builder
	if m.MajorVersion == 1 {
		b.WriteString("IKEv1 ")
	}
	b.WriteString(name)
	if m.MajorVersion == 2 {
		if isResp {
			b.WriteString(" response")
		} else {
			b.WriteString(" request")
		}
	}
	b.WriteString(" msgid ")
	b.WriteString(strconv.FormatUint(uint64(m.MessageID), 10))
	for i := range m.Payloads {
		p := &m.Payloads[i]
		b.WriteByte(' ')
		switch {
		case p.Notify != nil:
			b.WriteString("N(" + ike.NotifyName(p.Notify.Type))
			if g, ok := p.Notify.RequestedGroup(); ok && p.Notify.Type == notifyInvalidKE {
				b.WriteString(" group " + strconv.Itoa(int(g)))
			}
			b.WriteByte(')')
		case p.KE != nil:
			b.WriteString("KE(" + strconv.Itoa(int(p.KE.Group)) + ")")
		case p.Fragment != nil:
			b.WriteString("SKF(" + strconv.Itoa(int(p.Fragment.Number)) + "/" + strconv.Itoa(int(p.Fragment.Total)) + ")")
		default:
			b.WriteString(ike.PayloadName(p.Type))
		}
	}
	if m.Truncated {
		b.WriteString(" [truncated]")
	}
	return b.String()
}

func (c *ikeConv) build(a *aggregator) evidence.IKEConversation {
	out := c.c
	out.Lines, out.LinesDropped = c.lines.render(a, func(r lineRec) string { return r.text })
	return out
}

// knownVendorIDs names vendor ID payloads by their bytes (hex).
var knownVendorIDs = map[string]string{
	"12f5f28c457168a9702d9fe274cc0100": "Cisco Unity",
	"882fe56d6fd20dbc2251613b2ebe5beb": "strongSwan",
	"afcad71368a1f1c96b8696fc77570100": "DPD",
	"4a131c81070358455c5728f20e95452f": "RFC 3947 NAT-T",
	"90cb80913ebb696e086381b5ec427b1f": "draft-ietf-ipsec-nat-t-ike-02",
	"4048b7d56ebce88525e7de7f00d6c2d3": "IKE fragmentation",
	"1f07f70eaa6514d3b0fa96542a500100": "Cisco FlexVPN",
	"4865617274426561745f4e6f74696679": "Heartbeat Notify",
	"09002689dfd6b712":                 "XAUTH",
	"1e2b516905991c7d7c96fcbfb587e461": "Microsoft Windows",
	"cd60464335df21f87cfdb2fc68b6a448": "IPsec-Tools",
	"4f45606c50487c5662707575":         "Libreswan",
}

// vendorName names a vendor ID: known hashes by name, printable ones as
// text ("CISCO-DELETE-REASON" is Cisco's), others as hex.
func vendorName(b []byte) string {
	h := hex.EncodeToString(b)
	for prefix, name := range knownVendorIDs {
		if strings.HasPrefix(h, prefix) {
			return name
		}
	}
	printable := len(b) > 0
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			printable = false
			break
		}
	}
	if printable {
		s := string(b)
		if strings.HasPrefix(s, "CISCO") || strings.HasPrefix(s, "FLEXVPN") {
			return "Cisco (" + s + ")"
		}
		return s
	}
	if len(h) > 32 {
		h = h[:32] + "..."
	}
	return h
}
