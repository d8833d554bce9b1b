package parsers

import (
	"net/netip"
	"time"
)

// IKEv2SA is one IKEv2 security association as `show crypto ikev2 sa [detail]`
// prints it. Fields that only the detail form prints are zero otherwise.
type IKEv2SA struct {
	TunnelID int            `json:"tunnel_id"`
	Local    netip.AddrPort `json:"local"`
	Remote   netip.AddrPort `json:"remote"`
	FVRF     string         `json:"fvrf"`
	IVRF     string         `json:"ivrf"`
	// Status is the raw status word (READY, INIT, UNKNOWN, DELETE, ...).
	// Only READY means established.
	Status string `json:"status"`

	Encryption  string        `json:"encryption,omitempty"` // normalised: aes-gcm-256
	PRF         string        `json:"prf,omitempty"`        // normalised: sha512
	Integrity   string        `json:"integrity,omitempty"`  // normalised "Hash:": sha512, none with GCM
	DHGroup     int           `json:"dh_group,omitempty"`
	AuthSign    string        `json:"auth_sign,omitempty"`
	AuthVerify  string        `json:"auth_verify,omitempty"`
	Lifetime    time.Duration `json:"-"`
	ActiveTime  time.Duration `json:"-"`
	SessionID   int           `json:"session_id,omitempty"`
	LocalSPI    string        `json:"local_spi,omitempty"`
	RemoteSPI   string        `json:"remote_spi,omitempty"`
	LocalID     string        `json:"local_id,omitempty"`
	RemoteID    string        `json:"remote_id,omitempty"`
	Description string        `json:"status_description,omitempty"`
	NATDetected bool          `json:"nat_t_detected,omitempty"`
	Initiator   *bool         `json:"initiator,omitempty"` // nil when not printed
	IPv6        bool          `json:"ipv6,omitempty"`

	// LocalAddr, LocalPort, RemoteAddr and RemotePort split Local and Remote
	// (the JSON of a netip.AddrPort is "192.0.2.1:500", IOS prints "/500").
	LocalAddr  netip.Addr `json:"local_addr"`
	LocalPort  int        `json:"local_port"`
	RemoteAddr netip.Addr `json:"remote_addr"`
	RemotePort int        `json:"remote_port"`

	// LifetimeSec and ActiveTimeSec repeat Lifetime and ActiveTime in the
	// seconds IOS prints ("Life/Active Time: 86400/1757 sec"), because JSON
	// renders a time.Duration in nanoseconds.
	LifetimeSec   int    `json:"lifetime_sec,omitempty"`
	ActiveTimeSec int    `json:"active_time_sec,omitempty"`
	KeySize       int    `json:"key_size,omitempty"`
	CEID          int    `json:"ce_id,omitempty"`
	PQC           string `json:"pqc_key_exchange,omitempty"` // "ML-KEM-1024"
	// Message-id bookkeeping of the detail form; a request queue that grows
	// between samples points at a peer that stopped answering.
	LocalReqMsgID   int `json:"local_req_msg_id,omitempty"`
	RemoteReqMsgID  int `json:"remote_req_msg_id,omitempty"`
	LocalNextMsgID  int `json:"local_next_msg_id,omitempty"`
	RemoteNextMsgID int `json:"remote_next_msg_id,omitempty"`
	LocalReqQueued  int `json:"local_req_queued,omitempty"`
	RemoteReqQueued int `json:"remote_req_queued,omitempty"`
	LocalWindow     int `json:"local_window,omitempty"`
	RemoteWindow    int `json:"remote_window,omitempty"`
	DPDInterval     int `json:"dpd_interval_sec,omitempty"` // 0: DPD off
	DPDRetry        int `json:"dpd_retry,omitempty"`
	// NATSide is "inside" or "outside" when NAT-T is detected.
	NATSide       string         `json:"nat_t_side,omitempty"`
	PushedIP      netip.Addr     `json:"pushed_ip,omitzero"`
	AssignedHost  netip.Addr     `json:"assigned_host_addr,omitzero"`
	RemoteSubnets []netip.Prefix `json:"remote_subnets,omitempty"`
	PeerType      string         `json:"peer_type,omitempty"`

	Span Span `json:"span"`
}

// Ready reports whether the SA is established.
func (s IKEv2SA) Ready() bool { return s.Status == "READY" }

// IPsecIdent is a proxy identity: "(192.0.2.1/255.255.255.255/47/0)".
type IPsecIdent struct {
	Prefix   netip.Prefix `json:"prefix"`
	Protocol int          `json:"protocol"` // 47 = GRE, 0 = any IP
	Port     int          `json:"port"`
	// Addr and Mask are the printed halves of Prefix; Mask is kept as IOS
	// prints it ("255.255.255.0", or "128" for IPv6).
	Addr netip.Addr `json:"addr"`
	Mask string     `json:"mask"`
}

// ESPSA is one inbound or outbound ESP SA inside an IPsec flow.
type ESPSA struct {
	SPI       string   `json:"spi"`       // "0xAF2C1743"
	Transform []string `json:"transform"` // normalised: [esp-gcm-256] or [esp-aes-256 esp-sha256-hmac]
	Mode      string   `json:"mode"`      // tunnel or transport
	ConnID    int      `json:"conn_id,omitempty"`
	// RemainingLifetime is the seconds part of "remaining key lifetime".
	RemainingLifetime time.Duration `json:"-"`
	RemainingKB       int64         `json:"remaining_kb,omitempty"`
	IVSize            int           `json:"iv_size,omitempty"`
	Status            string        `json:"status"` // raw: ACTIVE(ACTIVE)

	// SPIDecimal is the "(2938902339)" part, kept as printed: an identifier.
	SPIDecimal string `json:"spi_decimal,omitempty"`
	// RemainingLifetimeSec repeats RemainingLifetime in seconds.
	RemainingLifetimeSec int    `json:"remaining_lifetime_sec,omitempty"`
	FlowID               int    `json:"flow_id,omitempty"`     // "flow_id: HW:49" -> 49
	FlowEngine           string `json:"flow_engine,omitempty"` // "flow_id: HW:49" -> "HW"
	SiblingFlags         string `json:"sibling_flags,omitempty"`
	CryptoMap            string `json:"crypto_map,omitempty"`
	Initiator            *bool  `json:"initiator,omitempty"` // IOS-XE 17: "initiator : False"
	ESN                  bool   `json:"esn,omitempty"`
	UDPEncap             bool   `json:"udp_encap,omitempty"` // NAT-T: "{Tunnel UDP-Encaps, }"
	ReplayDetection      bool   `json:"replay_detection,omitempty"`
	ReplayWindow         int    `json:"replay_window,omitempty"`
	// KBRekeyDisabled is set by "Kilobyte Volume Rekey has been disabled".
	KBRekeyDisabled bool `json:"kb_rekey_disabled,omitempty"`
	Span            Span `json:"span"`
}

// IPsecFlow is one "protected vrf / local ident / remote ident" block of
// `show crypto ipsec sa [detail|peer X]`, under its interface.
type IPsecFlow struct {
	Interface    string     `json:"interface"`
	CryptoMapTag string     `json:"crypto_map_tag,omitempty"`
	LocalAddr    netip.Addr `json:"local_addr"`
	ProtectedVRF string     `json:"protected_vrf,omitempty"`
	LocalIdent   IPsecIdent `json:"local_ident"`
	RemoteIdent  IPsecIdent `json:"remote_ident"`
	Peer         netip.Addr `json:"peer"`
	PeerPort     int        `json:"peer_port"`

	PktsEncaps  uint64 `json:"pkts_encaps"`
	PktsEncrypt uint64 `json:"pkts_encrypt"`
	PktsDigest  uint64 `json:"pkts_digest"`
	PktsDecaps  uint64 `json:"pkts_decaps"`
	PktsDecrypt uint64 `json:"pkts_decrypt"`
	PktsVerify  uint64 `json:"pkts_verify"`
	// Errors holds the non-zero error counters by their IOS label
	// ("no sa (send)", "verify failed", "replay failed (rcv)", ...).
	Errors map[string]uint64 `json:"errors,omitempty"`

	LocalEndpoint  netip.Addr `json:"local_crypto_endpoint"`
	RemoteEndpoint netip.Addr `json:"remote_crypto_endpoint"`
	PlaintextMTU   int        `json:"plaintext_mtu,omitempty"`
	PathMTU        int        `json:"path_mtu,omitempty"`
	IPMTU          int        `json:"ip_mtu,omitempty"`
	IPMTUIDB       string     `json:"ip_mtu_idb,omitempty"`
	OutboundSPI    string     `json:"current_outbound_spi"`
	PFS            bool       `json:"pfs"`
	DHGroup        int        `json:"dh_group,omitempty"`

	Inbound  []ESPSA `json:"inbound_esp_sas"`
	Outbound []ESPSA `json:"outbound_esp_sas"`

	// OutboundSPIDecimal is the "(1953318940)" part of OutboundSPI, as printed.
	OutboundSPIDecimal string `json:"current_outbound_spi_decimal,omitempty"`
	Flags              string `json:"flags,omitempty"` // "origin_is_acl,"
	PQC                string `json:"pqc_key_exchange,omitempty"`
	// Counters holds the non-zero non-error counters (compressed, tagged, ...).
	Counters map[string]uint64 `json:"counters,omitempty"`
	// InboundAH and OutboundAH are the AH SAs (OSPFv3 authentication uses
	// them; Virtual Connect does not).
	InboundAH  []ESPSA `json:"inbound_ah_sas,omitempty"`
	OutboundAH []ESPSA `json:"outbound_ah_sas,omitempty"`
	// InterfaceSpan covers the "interface:" and "Crypto map tag:" lines the
	// flow shares with the other flows of its interface.
	InterfaceSpan Span `json:"interface_span"`

	Span Span `json:"span"`
}

// HasSA reports whether the flow has at least one inbound and one outbound
// ESP SA (a flow with "current outbound spi: 0x0(0)" has none).
func (f IPsecFlow) HasSA() bool { return len(f.Inbound) > 0 && len(f.Outbound) > 0 }

// CryptoSessionIKE is an "IKEv2 SA: local A/500 remote B/500 Active" line.
type CryptoSessionIKE struct {
	Version    string         `json:"version"` // "IKEv2", "IKEv1" or "IKE" (older releases)
	Local      netip.AddrPort `json:"local"`
	Remote     netip.AddrPort `json:"remote"`
	Status     string         `json:"status"` // Active, Inactive
	Capability string         `json:"capabilities,omitempty"`
	Lifetime   string         `json:"lifetime,omitempty"`

	// LocalAddr, LocalPort, RemoteAddr and RemotePort split Local and Remote.
	LocalAddr  netip.Addr `json:"local_addr"`
	LocalPort  int        `json:"local_port"`
	RemoteAddr netip.Addr `json:"remote_addr"`
	RemotePort int        `json:"remote_port"`
	ConnID     int        `json:"conn_id,omitempty"`
}

// CryptoSessionFlow is an "IPSEC FLOW: permit 47 host A host B" line with its
// "Active SAs" line.
type CryptoSessionFlow struct {
	ACL       string `json:"acl"`
	ActiveSAs int    `json:"active_sas"`
	Origin    string `json:"origin,omitempty"`

	// Action, Protocol, Source and Destination are ACL's parts:
	// "permit 47 host A host B" -> permit, "47", A/32, B/32.
	Action      string       `json:"action,omitempty"`
	Protocol    string       `json:"protocol,omitempty"` // "47", "ip", "ipv6", "gre"
	Source      netip.Prefix `json:"source,omitzero"`
	Destination netip.Prefix `json:"destination,omitzero"`

	// The detail form's per-direction counters and remaining lifetimes.
	InDecrypted  uint64 `json:"inbound_pkts_decrypted"`
	InDrop       uint64 `json:"inbound_pkts_drop"`
	InLifeKB     int64  `json:"inbound_life_kb,omitempty"`
	InLifeSec    int    `json:"inbound_life_sec,omitempty"`
	OutEncrypted uint64 `json:"outbound_pkts_encrypted"`
	OutDrop      uint64 `json:"outbound_pkts_drop"`
	OutLifeKB    int64  `json:"outbound_life_kb,omitempty"`
	OutLifeSec   int    `json:"outbound_life_sec,omitempty"`
}

// CryptoSession is one session of `show crypto session [detail]`.
type CryptoSession struct {
	Interface string              `json:"interface"` // "(unknown)" for a down static tunnel
	Profile   string              `json:"profile,omitempty"`
	Status    string              `json:"status"` // UP-ACTIVE, DOWN, DOWN-NEGOTIATING, UP-IDLE, UP-NO-IKE
	Peer      netip.Addr          `json:"peer"`
	PeerPort  int                 `json:"peer_port"`
	FVRF      string              `json:"fvrf,omitempty"`
	IVRF      string              `json:"ivrf,omitempty"`
	SessionID int                 `json:"session_id,omitempty"`
	Uptime    string              `json:"uptime,omitempty"` // raw: "3d18h", "11:12:24"
	Phase1ID  string              `json:"phase1_id,omitempty"`
	Desc      string              `json:"desc,omitempty"`
	Username  string              `json:"username,omitempty"`
	Group     string              `json:"group,omitempty"`
	Assigned  netip.Addr          `json:"assigned_address,omitzero"`
	IKESAs    []CryptoSessionIKE  `json:"ike_sas"`
	Flows     []CryptoSessionFlow `json:"ipsec_flows"`
	Span      Span                `json:"span"`
}
