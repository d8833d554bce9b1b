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
	Lifetime    time.Duration `json:"lifetime,omitempty"`
	ActiveTime  time.Duration `json:"active_time,omitempty"`
	SessionID   int           `json:"session_id,omitempty"`
	LocalSPI    string        `json:"local_spi,omitempty"`
	RemoteSPI   string        `json:"remote_spi,omitempty"`
	LocalID     string        `json:"local_id,omitempty"`
	RemoteID    string        `json:"remote_id,omitempty"`
	Description string        `json:"status_description,omitempty"`
	NATDetected bool          `json:"nat_t_detected,omitempty"`
	Initiator   *bool         `json:"initiator,omitempty"` // nil when not printed
	IPv6        bool          `json:"ipv6,omitempty"`

	Span Span `json:"span"`
}

// Ready reports whether the SA is established.
func (s IKEv2SA) Ready() bool { return s.Status == "READY" }

// IPsecIdent is a proxy identity: "(192.0.2.1/255.255.255.255/47/0)".
type IPsecIdent struct {
	Prefix   netip.Prefix `json:"prefix"`
	Protocol int          `json:"protocol"` // 47 = GRE, 0 = any IP
	Port     int          `json:"port"`
}

// ESPSA is one inbound or outbound ESP SA inside an IPsec flow.
type ESPSA struct {
	SPI       string   `json:"spi"`       // "0xAF2C1743"
	Transform []string `json:"transform"` // normalised: [esp-gcm-256] or [esp-aes-256 esp-sha256-hmac]
	Mode      string   `json:"mode"`      // tunnel or transport
	ConnID    int      `json:"conn_id,omitempty"`
	// RemainingLifetime is the seconds part of "remaining key lifetime".
	RemainingLifetime time.Duration `json:"remaining_lifetime,omitempty"`
	RemainingKB       int64         `json:"remaining_kb,omitempty"`
	IVSize            int           `json:"iv_size,omitempty"`
	Status            string        `json:"status"` // raw: ACTIVE(ACTIVE)
	Span              Span          `json:"span"`
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
}

// CryptoSessionFlow is an "IPSEC FLOW: permit 47 host A host B" line with its
// "Active SAs" line.
type CryptoSessionFlow struct {
	ACL       string `json:"acl"`
	ActiveSAs int    `json:"active_sas"`
	Origin    string `json:"origin,omitempty"`
}

// CryptoSession is one session of `show crypto session [detail]`.
type CryptoSession struct {
	Interface string              `json:"interface"` // "(unknown)" for a down static tunnel
	Profile   string              `json:"profile,omitempty"`
	Status    string              `json:"status"` // UP-ACTIVE, DOWN, DOWN-NEGOTIATING, UP-IDLE, UP-NO-IKE
	Peer      netip.Addr          `json:"peer"`
	PeerPort  int                 `json:"peer_port"`
	IKESAs    []CryptoSessionIKE  `json:"ike_sas"`
	Flows     []CryptoSessionFlow `json:"ipsec_flows"`
	Span      Span                `json:"span"`
}
