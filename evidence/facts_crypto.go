package evidence

import (
	"net/netip"
	"time"
)

// IKEState is the state of an IKE SA in platform-neutral terms.
type IKEState string

// IKE SA states. Only IKEEstablished means the SA can carry CHILD_SAs.
const (
	IKEEstablished IKEState = "established" // IOS READY, strongSwan ESTABLISHED
	IKENegotiating IKEState = "negotiating" // IN-NEG, INIT, CONNECTING
	IKEDeleting    IKEState = "deleting"    // DELETE: going away (a rekey leaves the old one so)
	IKEDown        IKEState = "down"        // listed but not up (Inactive, UNKNOWN)
)

// IKESA is one IKE security association.
type IKESA struct {
	// Version is 2 for IKEv2, 1 for IKEv1 (ISAKMP).
	Version       int
	Local, Remote netip.AddrPort
	FVRF, IVRF    string
	State         IKEState
	// StateRaw is the state as the device printed it ("READY",
	// "DELETE"), StateNote its explanation when printed.
	StateRaw, StateNote string
	// Negotiated algorithms, normalised as in package parsers
	// ("aes-gcm-256", "sha512", "none" integrity with GCM); "" when the
	// output does not show them.
	Encryption, PRF, Integrity string
	// DHGroup is 0 when the output does not show it.
	DHGroup  int
	Lifetime time.Duration
	// Age is how long the SA has been up; AgeKnown is false when the
	// output does not say.
	Age      time.Duration
	AgeKnown bool
	// ID identifies this SA instance (its SPIs): a different ID for the
	// same peer in a later sample means it was re-created.
	ID string
	// NATT is set when NAT was detected (IKE on UDP 4500); NATSide is
	// "inside" (this device is behind the NAT) or "outside".
	NATT    bool
	NATSide string
	Ref     Ref
}

// Established reports whether the SA is up.
func (s IKESA) Established() bool { return s.State == IKEEstablished }

// Selector is one side of an IPsec traffic selector (proxy identity).
type Selector struct {
	Prefix netip.Prefix
	// Protocol is the IP protocol number (47 GRE); 0 means any.
	Protocol int
	Port     int
}

// ESPSA is one inbound or outbound ESP SA of a child SA.
type ESPSA struct {
	SPI       string
	Active    bool
	StateRaw  string
	Transform []string // normalised: [esp-gcm-256], [esp-aes-256 esp-sha256-hmac]
	Mode      string   // "tunnel" or "transport"
	UDPEncap  bool     // NAT-T: ESP in UDP 4500
	Ref       Ref
}

// ChildSA is one IPsec (child) SA bundle: the protected traffic between two
// selectors to one peer, with its inbound and outbound ESP SAs and
// counters.
type ChildSA struct {
	Interface string
	VRF       string
	Peer      netip.Addr
	PeerPort  int
	// LocalEndpoint and RemoteEndpoint are the ESP tunnel endpoints.
	LocalEndpoint, RemoteEndpoint netip.Addr
	Local, Remote                 Selector
	Inbound, Outbound             []ESPSA
	// PFSGroup is the DH group of PFS (0: no PFS, or not shown).
	PFS      bool
	PFSGroup int
	// PFSUnknown is set by a platform whose SA listing never shows PFS
	// (PAN-OS): PFS false then means "not shown", not "no PFS".
	PFSUnknown bool
	// Encaps and Decaps are the packets sent into and received from the
	// SA; HasCounters is false when the output does not carry them.
	Encaps, Decaps uint64
	HasCounters    bool
	// ErrorsUnknown is set by a platform whose SA listing prints packet
	// counters but no error counters (swanctl, FortiOS): an empty Errors
	// then means "not shown", not "all zero".
	ErrorsUnknown bool
	// Errors holds the non-zero error counters by the device's own label.
	Errors map[string]uint64
	// PlaintextMTU is the largest packet that fits after ESP (0: not
	// shown); PathMTU the underlay MTU the device assumes.
	PlaintextMTU, PathMTU int
	Ref                   Ref
}

// HasSA reports whether the bundle has at least one inbound and one
// outbound ESP SA.
func (c ChildSA) HasSA() bool { return len(c.Inbound) > 0 && len(c.Outbound) > 0 }

// ErrorTotal sums the error counters.
func (c ChildSA) ErrorTotal() uint64 {
	var n uint64
	for _, v := range c.Errors {
		n += v
	}
	return n
}

// IKEProposal is a configured IKE proposal: what the device offers.
type IKEProposal struct {
	Name                       string
	Encryption, PRF, Integrity []string
	DHGroups                   []int
	Ref                        Ref
}

// IKEPolicy is the configured IKE profile for a peer: its lifetime and
// the front-door VRF it matches.
type IKEPolicy struct {
	Name     string
	Peers    []netip.Prefix // peers it matches; empty when it matches any
	Lifetime time.Duration
	FVRF     string
	Ref      Ref
}

// IPsecPolicy is the configured protection of a tunnel interface or of the
// traffic to a peer: transforms, mode, PFS and lifetime.
type IPsecPolicy struct {
	Name string
	// Interfaces and Peers say what it protects: tunnel interfaces (tunnel
	// protection) or peers (crypto map).
	Interfaces []string
	Peers      []netip.Addr
	Transforms [][]string // one list per offered transform set, normalised
	Mode       string
	// PFSGroup is the DH group of PFS; 0 when PFS is off.
	PFSGroup int
	Lifetime time.Duration
	Ref      Ref
}

// SelectorRule is one entry of a configured crypto selector (crypto ACL).
type SelectorRule struct {
	Permit bool
	// Protocol is the IP protocol number (47 GRE, 0 any IP), -1 when not a
	// protocol the checks know.
	Protocol int
	// Source and Destination are the addresses; Host marks a /32 written
	// as a single host.
	Source, Destination netip.Prefix
	AnySource, AnyDest  bool
	Text                string // as written
	Line                int
}

// CryptoSelector is the configured selector for traffic to a peer (the
// crypto ACL of a crypto map entry). A tunnel-protection design has none:
// its selectors are the tunnel's own endpoints.
type CryptoSelector struct {
	Peer netip.Addr
	// Name is the ACL's name; Defined is false when the configuration
	// names an ACL that does not exist.
	Name    string
	Defined bool
	Rules   []SelectorRule
	Ref     Ref
}
