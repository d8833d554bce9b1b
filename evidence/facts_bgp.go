package evidence

import (
	"net/netip"
	"slices"
	"time"
)

// BGPState is a BGP finite-state-machine state.
type BGPState string

// The BGP states (RFC 4271), plus admin-down.
const (
	BGPIdle        BGPState = "Idle"
	BGPConnect     BGPState = "Connect"
	BGPActive      BGPState = "Active"
	BGPOpenSent    BGPState = "OpenSent"
	BGPOpenConfirm BGPState = "OpenConfirm"
	BGPEstablished BGPState = "Established"
	BGPAdminDown   BGPState = "Idle (Admin)"
)

// BGPNeighbor is the state of one BGP session.
type BGPNeighbor struct {
	Address  netip.Addr
	VRF      string
	RemoteAS uint32
	// LocalAS is the AS this device uses toward the neighbor (0: not
	// shown).
	LocalAS  uint32
	State    BGPState
	StateRaw string
	// Up is how long the session has been in its state (up time when
	// Established); UpKnown is false when not printed or not readable.
	Up      time.Duration
	UpKnown bool
	UpRaw   string
	// LastReset is why the session last went down, as printed;
	// NotificationSent/Received the last NOTIFICATION ("2/2 (peer in wrong
	// AS)").
	LastReset                              string
	NotificationSent, NotificationReceived string
	// Prefix counts; -1 when not shown.
	PrefixesReceived, PrefixesSent int
	ConnectionsDropped             int
	Ref                            Ref
}

// Established reports whether the session is up.
func (n BGPNeighbor) Established() bool { return n.State == BGPEstablished }

// BGPNeighborConfig is one configured BGP neighbor, with what it inherits
// from a peer group.
type BGPNeighborConfig struct {
	Address          netip.Addr
	VRF              string
	RemoteAS         uint32
	LocalAS          uint32 // per-neighbor local AS; 0 when not set
	PasswordSet      bool
	Shutdown         bool
	DefaultOriginate bool
	SoftReconfigIn   bool
	// InboundPolicy and OutboundPolicy name the filters applied, as the
	// platform calls them ("prefix-list DI-IN", "route-map X").
	InboundPolicy, OutboundPolicy []string
	Ref                           Ref
}

// BGPConfig is the configured BGP process.
type BGPConfig struct {
	LocalAS   uint32
	Neighbors []BGPNeighborConfig
	Ref       Ref
}

// Neighbor returns the configured neighbor with the address, or nil.
func (b *BGPConfig) Neighbor(a netip.Addr) *BGPNeighborConfig {
	if b == nil {
		return nil
	}
	for i := range b.Neighbors {
		if b.Neighbors[i].Address == a {
			return &b.Neighbors[i]
		}
	}
	return nil
}

// BGPRoute is one path of a BGP route listing (received, accepted or
// advertised).
type BGPRoute struct {
	Prefix  netip.Prefix
	NextHop netip.Addr
	Valid   bool
	Best    bool
	// RIBFailure marks a path BGP chose but could not install (a better
	// route of another protocol won).
	RIBFailure bool
	Path       []uint32
	// Originated marks the default route a per-neighbor default
	// origination sends without a route in the table.
	Originated bool
	VRF        string
	Ref        Ref
}

// Prefixes returns the distinct prefixes of routes, in order.
func Prefixes(routes []BGPRoute) []netip.Prefix {
	var out []netip.Prefix
	for _, r := range routes {
		if !slices.Contains(out, r.Prefix) {
			out = append(out, r.Prefix)
		}
	}
	return out
}
