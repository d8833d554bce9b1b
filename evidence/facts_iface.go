package evidence

import (
	"net/netip"
	"strings"
	"time"
)

// DownReason is why a tunnel interface says its line protocol is down, in
// platform-neutral terms.
type DownReason string

// Down reasons a platform recognises in its own words.
const (
	ReasonNone          DownReason = ""
	ReasonSourceDown    DownReason = "source-down"    // the tunnel's source interface or address is down
	ReasonNoRoute       DownReason = "no-route"       // no route to the tunnel destination
	ReasonKeepalive     DownReason = "keepalive"      // keepalive replies stopped
	ReasonNoDestination DownReason = "no-destination" // no tunnel destination configured
	ReasonOther         DownReason = "other"
)

// Keepalive is a tunnel's keepalive setting as an interface reports it.
type Keepalive struct {
	// Known is false when the output does not say.
	Known   bool
	On      bool
	Period  time.Duration
	Retries int
	// NotApplicable, when set, is why the platform has no GRE keepalive
	// to show at all ("PAN-OS has no GRE keepalive counter; ..."): the
	// check is then skip with this reason, neither a pass nor unknown.
	NotApplicable string
}

// Interface is the state of one interface: up or down and why, addresses,
// the tunnel's endpoints and settings as the device reports them, counters
// and rates.
type Interface struct {
	Name string
	// AdminDown is set when the interface is administratively disabled;
	// Up is the line state, LineUp the line protocol.
	AdminDown  bool
	Up, LineUp bool
	// StateRaw is the state as printed ("up/down").
	StateRaw      string
	DownReason    DownReason
	DownReasonRaw string
	Address       netip.Prefix
	// MaskUnknown is set when the output shows the address without its
	// mask (Address is then a host prefix).
	MaskUnknown bool
	// Tunnel fields (IsTunnel): source address and interface, destination,
	// transport VRF.
	IsTunnel          bool
	TunnelSource      netip.Addr
	TunnelSourceIface string
	// TunnelSourceRaw is the printed source when it is not an address.
	TunnelSourceRaw   string
	TunnelDestination netip.Addr
	TunnelVRF         string
	TunnelKey         bool
	TransportMTU      int
	Keepalive         Keepalive
	// PMTUD reports path MTU discovery on the tunnel; PMTUDKnown is false
	// when the output would not show it.
	PMTUD, PMTUDKnown bool
	MTU               int
	// Packet counters (HasCounters) and rates (HasRates), bit/s.
	InPackets, OutPackets uint64
	HasCounters           bool
	InRate, OutRate       uint64
	HasRates              bool
	Ref                   Ref
}

// InterfaceConfig is one configured interface.
type InterfaceConfig struct {
	Name        string
	Description string
	Address     netip.Prefix
	VRF         string
	Shutdown    bool
	IPMTU       int
	AdjustMSS   int
	// MSSUnknown is set by a platform whose interface settings cannot show
	// a TCP MSS adjustment (Linux clamps MSS in firewall rules): AdjustMSS
	// 0 then means "not shown", not "none".
	MSSUnknown bool
	// PMTUDUnknown is set by a platform whose interface settings do not
	// show path MTU discovery: PMTUD false then means "not shown".
	PMTUDUnknown bool
	// AddressUnknown and IPMTUUnknown are set by a platform whose tunnel
	// settings do not hold the tunnel's address or IP MTU (FortiOS: the GRE
	// tunnel's settings are in one table, its address and MTU in the
	// interface table): a zero Address or IPMTU then means "not shown".
	AddressUnknown, IPMTUUnknown bool
	// Tunnel settings (IsTunnel).
	IsTunnel bool
	// TunnelSource is the configured source: an address, or an interface
	// name (TunnelSourceIface) whose address the checks resolve.
	TunnelSource      netip.Addr
	TunnelSourceIface string
	TunnelDestination netip.Addr
	TunnelMode        string // "gre" when GRE (the default), else as written
	TunnelVRF         string
	TunnelKey         bool
	Protection        string // the IPsec policy protecting the tunnel
	Keepalive         Keepalive
	PMTUD             bool
	Ref               Ref
}

// SameInterface compares interface names as a user and a device may spell
// them ("tunnel1", "Tunnel1", "Tu1" after a platform normalised it).
func SameInterface(a, b string) bool { return a != "" && strings.EqualFold(a, b) }
