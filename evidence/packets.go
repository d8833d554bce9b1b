package evidence

import (
	"net/netip"
	"sort"
	"time"
)

// Packets is what one or more packet captures (files or a live capture)
// showed about IKE, NAT-T, ESP and GRE. It is built by collectors/capture
// and is vendor-neutral: checks read it without knowing how it was decoded.
//
// It is bounded: everything is aggregated per IKE SA attempt, ESP flow or
// GRE tunnel, never per packet, and the number of flows is capped (Notes
// says when the cap dropped something). Lines fields hold a few one-line
// packet summaries ("frame 12 10:21:03.123456 192.0.2.1:500 > ...") that a
// finding can cite; they are not a packet list.
type Packets struct {
	// Sources are the capture files read, or "live eth0" for a live capture.
	Sources []string
	// Start and End are the timestamps of the first and last frame read.
	Start, End time.Time
	// Frames is the number of frames read; Decoded the number that were
	// IKE, ESP, NAT keepalive or GRE and went into the aggregates below.
	Frames, Decoded uint64
	// Categories counts frames by what they carried (see Categories).
	Categories Categories
	// Errors counts per-packet decode failures by reason ("truncated IKE",
	// "bad GRE header", "unknown link type 147"). A malformed packet never
	// stops a run; it is counted here.
	Errors map[string]uint64
	// ErrorExamples are the first few failures, each naming its frame
	// ("ikev2.pcap: frame 12: truncated IKE: ...").
	ErrorExamples []string
	// Notes are limits that were hit: the flow cap, IP fragments that were
	// counted but not reassembled, a file that ended early.
	Notes []string

	// IKE is one entry per IKE SA attempt (initiator SPI and address pair),
	// in order of first appearance.
	IKE []IKEConversation
	// IKEMessages counts IKE messages by exchange and direction over all
	// conversations (kept even when a conversation's exchange list is capped).
	IKEMessages []ExchangeCount
	// IKENotifies counts cleartext notify payloads by name over all messages.
	IKENotifies []NameCount
	// ESP is one entry per ESP SA seen: (source, destination, SPI), native
	// or UDP-encapsulated.
	ESP []ESPFlow
	// GRE is one entry per GRE tunnel: outer (source, destination, key),
	// unordered: both directions of a tunnel are one entry.
	GRE []GRETunnel
	// NATKeepalives counts NAT-T keepalives (a single 0xFF byte on UDP 4500)
	// per direction.
	NATKeepalives []PairCount
}

// Categories counts frames by what they carried. A frame is counted once,
// by its outermost classification.
type Categories struct {
	IKE500    uint64 // IKE on UDP 500
	IKE4500   uint64 // IKE on UDP 4500 after the non-ESP marker
	ESP       uint64 // native ESP (IP protocol 50)
	ESPInUDP  uint64 // ESP-in-UDP on 4500
	NATKeep   uint64 // NAT-T keepalives
	GRE       uint64 // GRE carrying data (not keepalives)
	GREKeep   uint64 // Cisco GRE keepalives as sent: GRE carrying IP/GRE proto 0
	GREKeepRx uint64 // reflected keepalives: a bare GRE header with protocol 0
	Fragments uint64 // IP fragments other than the first (not reassembled)
	Other     uint64 // everything else (TCP, DNS, ICMP, ...)
}

// IKEConversation is one IKE SA attempt: the messages that share an
// initiator SPI between one pair of addresses.
type IKEConversation struct {
	// Initiator is the address and port of the side that sent the first
	// request (IKEv2 I flag); Responder the other side. Ports change to
	// 4500 after NAT-T; these are the first seen.
	Initiator, Responder netip.AddrPort
	// Version is 1 (ISAKMP) or 2.
	Version int
	// InitiatorSPI and ResponderSPI are the header SPIs; ResponderSPI is
	// zero when the responder never answered.
	InitiatorSPI, ResponderSPI uint64
	// NATT is set when the conversation moved to UDP 4500.
	NATT bool
	// Requests and Responses count messages of any exchange.
	Requests, Responses uint64
	// FirstSeen and LastSeen bound the conversation in time.
	FirstSeen, LastSeen time.Time
	// Exchanges are the exchanges in order of first appearance, at most
	// maxExchanges; ExchangesDropped counts the ones beyond.
	Exchanges        []IKEExchange
	ExchangesDropped uint64
	// VendorIDs are the vendor ID payloads seen, known ones by name
	// ("Cisco", "strongSwan"), others as hex.
	VendorIDs []string
	// Lines are packet summaries: the first few and the last few.
	Lines []string
	// LinesDropped counts summaries left out of Lines.
	LinesDropped uint64
}

// IKEExchange is one request/response exchange: a message ID in one
// direction (requests from the original initiator and from the responder
// have separate message ID counters in IKEv2).
type IKEExchange struct {
	// Type is the exchange name: "IKE_SA_INIT", "IKE_AUTH", ...
	Type string
	// MessageID is the header message ID.
	MessageID uint32
	// ByInitiator is set when the original initiator sent the request.
	ByInitiator bool
	// Requests and Responses count messages; more than one request with
	// the same message ID are retransmissions.
	Requests, Responses uint64
	// FirstSeen and LastSeen bound the exchange in time.
	FirstSeen, LastSeen time.Time
	// Notifies are the cleartext notify names seen in requests and
	// responses, once each, in order ("NO_PROPOSAL_CHOSEN").
	Notifies []string
	// ErrorNotify is the first error notify type (< 16384) of a response,
	// 0 when none.
	ErrorNotify int
	// RequestedGroup is the DH group an INVALID_KE_PAYLOAD asks for, 0 when none.
	RequestedGroup int
	// Offered are the proposals of the request's SA payload; Chosen the
	// one of the response, nil when none.
	Offered []ProposalSummary
	Chosen  *ProposalSummary
	// KEGroup is the DH group of the first request's KE payload (a retry
	// after INVALID_KE_PAYLOAD carries RequestedGroup), 0 when none.
	KEGroup int
	// NATDetection is set when NAT_DETECTION_* notifies were exchanged.
	NATDetection bool
	// Encrypted is set when the messages carry an SK/SKF payload: their
	// content (AUTH, TS, errors) cannot be read on the wire.
	Encrypted bool
	// Fragments counts SKF fragments (RFC 7383).
	Fragments uint64
}

// ProposalSummary is one SA proposal with normalised transform names, as
// vcdiag's profiles and IOS-XE's show commands spell them.
type ProposalSummary struct {
	// Protocol is "IKE", "ESP" or "AH".
	Protocol string
	// Encryption ("aes-gcm-256", "aes-cbc-128"), PRF ("sha512"),
	// Integrity ("sha256"), DHGroups (19, 20, 14); Raw keeps the IANA
	// names for transforms that have no normalised name.
	Encryption []string
	PRF        []string
	Integrity  []string
	DHGroups   []int
	Raw        []string `json:",omitempty"`
}

// ESPFlow is one ESP SA in one direction: source, destination and SPI.
type ESPFlow struct {
	Src, Dst netip.Addr
	SPI      uint32
	// UDPEncap is set for ESP-in-UDP (NAT-T, port 4500).
	UDPEncap bool
	// Packets and Bytes (IP length of the outer packet) counted.
	Packets, Bytes uint64
	// FirstSeq and LastSeq are the lowest and highest sequence numbers seen.
	FirstSeq, LastSeq uint32
	// Gaps is how many sequence numbers between FirstSeq and LastSeq were
	// never seen (lost before the capture point, or sampled away).
	Gaps uint64
	// Replays counts packets whose sequence number was already seen
	// (within a 4096-packet window) or is older than the window.
	Replays uint64
	// First and Last are the times of the first and last packet.
	First, Last time.Time
	// Lines are packet summaries: the first few and the last few.
	Lines        []string
	LinesDropped uint64
}

// GRETunnel is one GRE tunnel between two outer addresses (and key).
type GRETunnel struct {
	// A and B are the outer addresses, A the one that sent first.
	A, B netip.Addr
	// Key is the GRE key, when HasKey.
	Key    uint32
	HasKey bool
	// Packets and Bytes count both directions; PacketsAB and PacketsBA
	// split them.
	Packets, Bytes       uint64
	PacketsAB, PacketsBA uint64
	// Inner counts data packets by inner protocol name ("ipv4/tcp",
	// "ipv4/icmp", "ipv6", "gre-proto-0x88be").
	Inner map[string]uint64
	// KeepalivesSent counts Cisco keepalives as sent (outer X->Y carrying
	// inner IPv4 Y->X GRE protocol 0), per sender: SentByA, SentByB.
	KeepalivesSent   uint64
	SentByA, SentByB uint64
	// KeepalivesReflected counts the reflected keepalives (a bare GRE
	// header with protocol 0 coming back), per receiver: ReflectedToA is
	// a reply to a keepalive A sent.
	KeepalivesReflected        uint64
	ReflectedToA, ReflectedToB uint64
	// BGP counts TCP packets to or from port 179 inside the tunnel.
	BGP uint64
	// First and Last are the times of the first and last packet.
	First, Last time.Time
	// Lines are packet summaries: the first few and the last few.
	Lines        []string
	LinesDropped uint64
}

// ExchangeCount counts IKE messages of one exchange type and direction.
type ExchangeCount struct {
	Version  int
	Exchange string
	Response bool
	Count    uint64
}

// NameCount is a name and how often it was seen.
type NameCount struct {
	Name  string
	Count uint64
}

// PairCount counts packets from Src to Dst.
type PairCount struct {
	Src, Dst netip.AddrPort
	Count    uint64
}

// ErrorTotal returns the number of per-packet decode errors.
func (p *Packets) ErrorTotal() uint64 {
	var n uint64
	if p == nil {
		return 0
	}
	for _, c := range p.Errors {
		n += c
	}
	return n
}

// ErrorReasons returns the error reasons, most frequent first.
func (p *Packets) ErrorReasons() []NameCount {
	if p == nil {
		return nil
	}
	var out []NameCount
	for r, c := range p.Errors {
		out = append(out, NameCount{r, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}
