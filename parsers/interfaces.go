package parsers

import (
	"net/netip"
	"time"
)

// Interface is one interface block of `show interfaces [NAME]`, with the
// tunnel lines a GRE tunnel adds.
type Interface struct {
	Name string `json:"name"`
	// Status is the raw line state: "up", "down", "administratively down".
	Status string `json:"status"`
	// Protocol is the raw line-protocol state: "up", "down".
	Protocol    string       `json:"protocol"`
	Hardware    string       `json:"hardware,omitempty"`
	Description string       `json:"description,omitempty"`
	Address     netip.Prefix `json:"address"`
	MTU         int          `json:"mtu,omitempty"`
	BandwidthKb int          `json:"bandwidth_kbit,omitempty"`

	// Keepalive: KeepaliveSet is false for "Keepalive not set".
	KeepaliveSet     bool          `json:"keepalive_set"`
	KeepalivePeriod  time.Duration `json:"-"`
	KeepaliveRetries int           `json:"keepalive_retries,omitempty"`

	TunnelSource       netip.Addr `json:"tunnel_source"`
	TunnelSourceIface  string     `json:"tunnel_source_interface,omitempty"`
	TunnelDestination  netip.Addr `json:"tunnel_destination"`
	TunnelProtocol     string     `json:"tunnel_protocol,omitempty"` // "GRE/IP"
	TunnelTransportMTU int        `json:"tunnel_transport_mtu,omitempty"`
	TunnelProtection   string     `json:"tunnel_protection_profile,omitempty"` // IPsec profile name
	TunnelVRF          string     `json:"tunnel_vrf,omitempty"`
	// LinestateEvaluation is the text after "Tunnel linestate evaluation":
	// "up", or "down - reason".
	LinestateEvaluation string `json:"linestate_evaluation,omitempty"`
	// LinestateReason is the reason of a "down - reason" evaluation, as
	// printed ("no output interface", "keepalive down"); "" when up. See
	// parsers/iosxe's ifTunnelLine for the reasons IOS prints.
	LinestateReason string `json:"linestate_reason,omitempty"`
	// PMTUD is true when "Path MTU Discovery, ager ..." is printed
	// (tunnel path-mtu-discovery configured).
	PMTUD bool `json:"path_mtu_discovery"`

	InputRateBps  uint64        `json:"input_rate_bps"`
	OutputRateBps uint64        `json:"output_rate_bps"`
	InputPackets  uint64        `json:"input_packets"`
	InputBytes    uint64        `json:"input_bytes"`
	OutputPackets uint64        `json:"output_packets"`
	OutputBytes   uint64        `json:"output_bytes"`
	InputErrors   uint64        `json:"input_errors"`
	OutputErrors  uint64        `json:"output_errors"`
	InputDrops    uint64        `json:"input_drops"`
	OutputDrops   uint64        `json:"output_drops"`
	RateInterval  time.Duration `json:"-"` // "5 minute input rate" -> 5m

	// Fields below were added for fuller capture; all are as printed.
	MACAddress    string `json:"mac_address,omitempty"`
	BIA           string `json:"bia,omitempty"`
	IPUnnumbered  string `json:"ip_unnumbered,omitempty"` // "Interface is unnumbered. Using address of X"
	DelayUsec     int    `json:"delay_usec,omitempty"`
	Reliability   string `json:"reliability,omitempty"` // "255/255"
	TxLoad        string `json:"txload,omitempty"`
	RxLoad        string `json:"rxload,omitempty"`
	Encapsulation string `json:"encapsulation,omitempty"` // "TUNNEL", "ARPA"
	Duplex        string `json:"duplex,omitempty"`
	Speed         string `json:"speed,omitempty"`
	MediaType     string `json:"media_type,omitempty"`
	KeepaliveSec  int    `json:"keepalive_sec,omitempty"`
	TunnelKey     string `json:"tunnel_key,omitempty"` // "disabled", "0x64"
	// TunnelSourceRaw is the printed source when it is not an address
	// ("UNKNOWN": no usable source interface).
	TunnelSourceRaw     string `json:"tunnel_source_raw,omitempty"`
	TunnelTTL           int    `json:"tunnel_ttl,omitempty"`
	TunnelTxBandwidthKb int    `json:"tunnel_transmit_bandwidth_kbps,omitempty"`
	TunnelRxBandwidthKb int    `json:"tunnel_receive_bandwidth_kbps,omitempty"`
	TunnelProtectionVia string `json:"tunnel_protection,omitempty"` // "IPSec"
	PMTUDAgerMin        int    `json:"pmtud_ager_mins,omitempty"`
	PMTUDMinMTU         int    `json:"pmtud_min_mtu,omitempty"`
	LastInput           string `json:"last_input,omitempty"`
	LastOutput          string `json:"last_output,omitempty"`
	OutputHang          string `json:"output_hang,omitempty"`
	LastClearing        string `json:"last_clearing,omitempty"`
	InputQueueSize      int    `json:"input_queue_size"`
	InputQueueMax       int    `json:"input_queue_max,omitempty"`
	InputQueueFlushes   uint64 `json:"input_queue_flushes"`
	OutputQueueSize     int    `json:"output_queue_size"`
	OutputQueueMax      int    `json:"output_queue_max"`
	QueueingStrategy    string `json:"queueing_strategy,omitempty"`
	RateIntervalSec     int    `json:"rate_interval_sec,omitempty"`
	InputRatePps        uint64 `json:"input_rate_pps"`
	OutputRatePps       uint64 `json:"output_rate_pps"`
	// Counters holds every other "N name" counter of the block, keyed by
	// its printed name in snake case: "crc", "no_buffer", "interface_resets",
	// "broadcasts", "output_broadcasts", "unknown_protocol_drops".
	Counters map[string]uint64 `json:"counters,omitempty"`

	Span Span `json:"span"`
}

// LineUp reports whether the line protocol is up.
func (i Interface) LineUp() bool { return i.Status == "up" && i.Protocol == "up" }
