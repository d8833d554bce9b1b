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
	KeepalivePeriod  time.Duration `json:"keepalive_period,omitempty"`
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
	RateInterval  time.Duration `json:"rate_interval,omitempty"` // "5 minute input rate" -> 5m

	Span Span `json:"span"`
}

// LineUp reports whether the line protocol is up.
func (i Interface) LineUp() bool { return i.Status == "up" && i.Protocol == "up" }
