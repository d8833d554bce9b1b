package evidence

import (
	"net/netip"
	"time"
)

// MinCounterWindow is the shortest time between two samples over which
// counters that did not move mean something: GRE keepalives (DI's default
// period is 10 s) are the only traffic a tunnel is sure to carry, so two
// samples closer than that can both fall between keepalives on a healthy
// but idle tunnel. Live collection never samples closer than this.
const MinCounterWindow = 10 * time.Second

// NextHop is where a route sends traffic.
type NextHop struct {
	Address   netip.Addr
	Interface string
}

// RouteEntry is one routing (or forwarding) table entry.
type RouteEntry struct {
	Prefix netip.Prefix
	// Protocol is "bgp", "static", "connected", ... as the platform maps
	// its codes.
	Protocol string
	VRF      string
	NextHops []NextHop
	Ref      Ref
}

// LongestMatch returns the entry of entries with the longest prefix that
// contains addr.
func LongestMatch(entries []RouteEntry, addr netip.Addr) (RouteEntry, bool) {
	var best RouteEntry
	found := false
	for _, e := range entries {
		if e.Prefix.IsValid() && e.Prefix.Contains(addr) && (!found || e.Prefix.Bits() > best.Prefix.Bits()) {
			best, found = e, true
		}
	}
	return best, found
}

// Ping is one ping run on the CPE, as its output reports it.
type Ping struct {
	// Target is the address the output says it pinged; Source the source
	// address or interface it says it used ("" when not printed).
	Target netip.Addr
	Source string
	VRF    string
	Size   int
	DF     bool
	// Sent and Received count echoes; FragNeeded counts "fragmentation
	// needed" answers (DF set and a hop's MTU smaller), Timeouts the
	// unanswered ones.
	Sent, Received                    int
	FragNeeded, Timeouts, Unreachable int
	Marks                             string
	Timeout                           time.Duration
	RTTMin, RTTAvg, RTTMax            time.Duration
	HasRTT                            bool
	Ref                               Ref
}

// Percent is the success rate, 0-100.
func (p Ping) Percent() int {
	if p.Sent == 0 {
		return 0
	}
	return p.Received * 100 / p.Sent
}

// LogKind classifies a syslog message for the checks.
type LogKind string

// The log messages the checks read.
const (
	LogBGPAuthInvalid  LogKind = "bgp-md5-invalid"  // TCP MD5: the digest does not match (passwords differ)
	LogBGPAuthMissing  LogKind = "bgp-md5-missing"  // TCP MD5: a digest was expected and none came (one side has no password)
	LogBGPAuthUnwanted LogKind = "bgp-md5-unwanted" // TCP MD5: a digest came and none was expected
	LogBGPNotification LogKind = "bgp-notification" // a NOTIFICATION sent or received
	LogBGPAdjChange    LogKind = "bgp-adjchange"    // a session went up or down
	LogIKE             LogKind = "ike"              // IKE negotiation errors
	LogIPsec           LogKind = "ipsec"            // IPsec errors (replay, no SA, ...)
	LogLineProtocol    LogKind = "line-protocol"    // an interface's line protocol changed
	LogLink            LogKind = "link"             // an interface's link changed
	LogOther           LogKind = "other"
)

// LogEvent is one syslog message, from a log listing or printed in the
// middle of another output.
type LogEvent struct {
	Kind LogKind
	// Code is the message's own identifier ("%TCP-6-BADAUTH").
	Code string
	// At is when it was logged (zero when not printed or not readable);
	// AtRaw as printed.
	At    time.Time
	AtRaw string
	// Peer is the remote address the message is about (the BGP neighbor,
	// the IKE peer), Local the local one; Interface the interface.
	Peer, Local netip.Addr
	Interface   string
	// Detail is the part a summary quotes: "Invalid MD5 digest",
	// "2/2 (peer in wrong AS)", "changed state to down".
	Detail string
	Text   string
	Ref    Ref
}

// Version is what a CPE says about its software and hardware.
type Version struct {
	Hostname, Software, Version, Model string
	Ref                                Ref
}

// Config is what one configuration output showed. A full configuration
// lists everything; a partial one (a section, a filtered listing, one
// interface) is only trusted for what it shows.
type Config struct {
	Hostname     string
	Interfaces   []InterfaceConfig
	IKEProposals []IKEProposal
	IKEPolicies  []IKEPolicy
	// IKEv1 holds the lines configuring IKEv1 (ISAKMP) policies; HasIKEv2
	// says an IKEv2 profile exists.
	IKEv1     []Ref
	HasIKEv2  bool
	IPsec     []IPsecPolicy
	Selectors []CryptoSelector
	BGP       *BGPConfig
	Ref       Ref
}

// Interface returns the configured interface with the name, or nil.
func (c *Config) Interface(name string) *InterfaceConfig {
	if c == nil {
		return nil
	}
	for i := range c.Interfaces {
		if SameInterface(c.Interfaces[i].Name, name) {
			return &c.Interfaces[i]
		}
	}
	return nil
}

// MTUTarget is one tunnel whose path MTU a collector measures: DF pings to
// Target sourced from Source, up to Hi bytes.
type MTUTarget struct {
	Tunnel, Target, Source string
	// SourceAddr is the CPE tunnel address, for a platform whose ping
	// cannot be sourced from an interface name (PAN-OS).
	SourceAddr string
	Hi         int
}
