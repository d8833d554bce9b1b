package sim

import (
	"net/netip"
	"time"
)

// Site is one Virtual Connect region: the customer routers and, through
// their tunnels, what the two DCs do.
type Site struct {
	Name string
	// Region is the profile's region (WriteProfile); "" keeps the one of
	// the scenario's testdata profile.
	Region string
	// Start is the scenario's reference time: the ages below are counted
	// back from it and counters grow from it.
	Start time.Time
	// Crypto is the IKEv2/IPsec suite the form prescribes (and the CPEs
	// use unless a tunnel's configuration overrides it).
	Crypto Crypto
	// IaaS is the optional IaaS /24 (zero when not ordered).
	IaaS netip.Prefix
	CPEs []*CPE
	// Platform is the CPEs' dialect: PlatformIOSXE ("" too) or
	// PlatformLinux (strongSwan + FRR + iproute2, see linux_site.go).
	Platform string
	// ReflectsKeepalives is set on a CPE that sends no GRE keepalives of
	// its own but routes DI's back (Linux: a Cisco keepalive is a packet
	// addressed to its sender).
	ReflectsKeepalives bool
}

// Crypto is an IKEv2 proposal and IPsec transform, in IOS keywords.
type Crypto struct {
	Encryption string // "aes-gcm-256", "aes-cbc-256"
	Integrity  string // "" with GCM, else "sha256"...
	PRF        string // "sha512"
	DHGroups   []int  // proposal groups, first one negotiated
	IKELife    time.Duration
	// Transform is the transform-set body ("esp-gcm 256").
	Transform string
	PFS       int
	IPsecLife time.Duration
}

// CPE is one customer router as configured, with the tunnels it
// terminates.
type CPE struct {
	Hostname string
	// Mgmt is the address vcdiag reaches the router at.
	Mgmt netip.Addr
	// Public is GigabitEthernet1 (the internet side, IPsec and GRE source);
	// Gateway its default gateway.
	Public  netip.Prefix
	Gateway netip.Addr
	// LAN is GigabitEthernet2.
	LAN netip.Prefix
	// ASN is "router bgp N".
	ASN uint32
	// Serial and MAC make show version and show interfaces look real.
	Serial string
	MAC    string
	// Uptime is how long the router had been up at Site.Start.
	Uptime  time.Duration
	Tunnels []*Tunnel
	// ExtraNetworks are "network" statements beyond 0.0.0.0 (each with a
	// static route to Null0 so it is in the RIB); ExtraPermit widens the
	// outbound prefix-list to let them out.
	ExtraNetworks []netip.Prefix
	ExtraPermit   bool
	// NoDefaultNetwork drops "network 0.0.0.0": nothing is advertised.
	NoDefaultNetwork bool
	// Statics are extra "ip route PREFIX INTERFACE" lines.
	Statics []Static
	// Loopback1 holds a GRE transport IP separate from the public one
	// (zero when unused).
	Loopback1 netip.Prefix
	// PinTransport adds /32 static routes to the DI transport IPs via the
	// internet gateway, so that a DI-advertised prefix covering them never
	// pulls the tunnel into itself.
	PinTransport bool
}

// Static is "ip route PREFIX MASK INTERFACE".
type Static struct {
	Prefix    netip.Prefix
	Interface string
}

// Tunnel is one GRE-over-IPsec tunnel: the activation form's values (what
// should be), the CPE's configuration of it (what the customer typed) and
// the far end's behaviour.
type Tunnel struct {
	Name      string // "tunnel1", as in the profile
	DC        string // "A" or "B"
	Interface string // "Tunnel1"
	Form      Form
	Config    TunnelConfig
	Faults    Faults
	Traffic   Traffic
	// DIRoutes are the prefixes the DC advertises over this tunnel.
	DIRoutes []netip.Prefix
	// Ages at Site.Start: how long the IKE SA, the current IPsec SA pair
	// and the BGP session have been up.
	IKEAge, IPsecAge, BGPAge time.Duration
	// Seed makes SPIs, ids and ports differ per tunnel while staying
	// deterministic.
	Seed uint32
}

// Form holds the activation form's values for one tunnel.
type Form struct {
	IPsecLocal, IPsecPeer     netip.Addr
	GRESource, GREDestination netip.Addr
	CPETunnelIP               netip.Prefix
	DITunnelIP                netip.Addr
	CPEASN, DIASN             uint32
}

// TunnelConfig is the CPE's configuration of one tunnel. NewSite fills it
// from the Form; scenarios change single fields.
type TunnelConfig struct {
	GREDestination netip.Addr
	TunnelIP       netip.Prefix
	Keepalive      bool
	TunnelKey      int // 0: no "tunnel key"
	MSS            int // 0: no "ip tcp adjust-mss"
	PMTUD          bool
	IPMTU          int
	// ACLProtocol is the protocol of the crypto map ACL line: "gre" or "ip".
	ACLProtocol string
	// Protection is "map" (a crypto map on the public interface, needed
	// when the DI IPsec and GRE addresses differ) or "profile" ("tunnel
	// protection ipsec profile").
	Protection string
	// Source is the tunnel source interface ("GigabitEthernet1", or a
	// loopback holding a separate GRE transport IP).
	Source string
	// Crypto is the proposal and transform this tunnel's CPE offers.
	Crypto Crypto
	PSK    string
	// BGP neighbor as configured.
	Neighbor    netip.Addr
	RemoteAS    uint32
	LocalAS     uint32 // 0: no "local-as"
	BGPPassword string // "": no password
	// InboundACL puts an ACL on the tunnel that passes BGP and the DI
	// networks but not ICMP from the DI tunnel IP.
	InboundACL bool
	// InboundDeny are DI prefixes the neighbor's inbound policy drops:
	// received (soft-reconfiguration keeps them) but not accepted. Only
	// the Linux dialect renders it.
	InboundDeny []netip.Prefix
	// LinkDown is the tunnel interface administratively down ("ip link
	// set gre1 down"). Only the Linux dialect renders it.
	LinkDown bool
}

// IKEFault is how the IKEv2 exchange with the DC goes.
type IKEFault int

// IKE behaviours.
const (
	IKEOK         IKEFault = iota
	IKENoResponse          // IKE_SA_INIT retransmitted, never answered: SA stuck IN-NEG
	IKERejected            // answered with an error, SA deleted at once: no SA shown
	IKEBouncing            // SA comes up, is torn down and renegotiated every BouncePeriod
)

// Faults is what the far end and the path do wrong.
type Faults struct {
	IKE IKEFault
	// BouncePeriod is the life of each SA when IKE is bouncing.
	BouncePeriod time.Duration
	// ESPInboundDropped: ESP from the DC never arrives (a firewall in front
	// of the CPE passes UDP 500 but not ESP).
	ESPInboundDropped bool
	// DIPasswordDiffers: the DC's BGP MD5 password is not the CPE's.
	DIPasswordDiffers bool
	// PathMTU is the smallest MTU of the underlay path to the DC (a
	// 1400-byte link somewhere in between); 0 means 1500, the transport's
	// own. The CPE does not know it: "path mtu" in show crypto ipsec sa
	// stays 1500 (see path_mtu.go).
	PathMTU int
	// FragNeededFiltered: the ICMP "fragmentation needed" that the small
	// link sends back never reaches the CPE, so too-large DF packets vanish
	// (a PMTUD black hole) instead of coming back as "M".
	FragNeededFiltered bool
}

// Traffic is the user traffic through the tunnel while BGP is up, in
// bits per second (5-minute rates) and average packet sizes.
type Traffic struct {
	InBPS, OutBPS   int64
	InSize, OutSize int64
}

// state is what the protocols make of a tunnel's configuration and faults:
// one field per rung, each only true when the rungs below allow it.
type state struct {
	ikeStatus    string // "READY", "IN-NEG" or "" (no SA)
	ipsecSA      bool
	encaps       bool // CPE GRE goes into the SA
	decaps       bool // ESP from the DC arrives and decrypts
	greRoundTrip bool // keepalive replies come back
	lineUp       bool
	pingOK       bool
	bgpUp        bool
	bgpState     string
}

func (t *Tunnel) state() state {
	var s state
	switch t.Faults.IKE {
	case IKEOK, IKEBouncing:
		s.ikeStatus = "READY"
	case IKENoResponse:
		s.ikeStatus = "IN-NEG"
	}
	c := &t.Config
	s.ipsecSA = s.ikeStatus == "READY"
	// The crypto ACL is written for the form's GRE endpoints: GRE to any
	// other destination leaves unencrypted and is lost.
	s.encaps = s.ipsecSA && c.GREDestination == t.Form.GREDestination
	// The DC's own keepalives and BGP attempts keep coming in, unless ESP
	// is dropped or the DC cannot match the CPE's "permit ip" selectors
	// to its GRE box.
	s.decaps = s.ipsecSA && !t.Faults.ESPInboundDropped && c.ACLProtocol == "gre"
	// A tunnel key on one side only makes the DC drop every CPE GRE packet.
	s.greRoundTrip = s.encaps && s.decaps && c.TunnelKey == 0 && !c.LinkDown
	s.lineUp = (!c.Keepalive || s.greRoundTrip) && !c.LinkDown
	addrOK := c.TunnelIP == t.Form.CPETunnelIP
	s.pingOK = s.greRoundTrip && addrOK && !c.InboundACL
	transport := s.greRoundTrip && addrOK
	s.bgpUp = transport && c.Neighbor == t.Form.DITunnelIP && c.RemoteAS == t.Form.DIASN &&
		!t.Faults.DIPasswordDiffers
	switch {
	case s.bgpUp:
		s.bgpState = "Established"
	case !s.lineUp || !c.TunnelIP.Contains(c.Neighbor):
		// A single-hop eBGP neighbor off every connected subnet is never
		// tried.
		s.bgpState = "Idle"
	case transport && c.RemoteAS != t.Form.DIASN:
		s.bgpState = "Idle"
	default:
		s.bgpState = "Active"
	}
	return s
}

// ikeActive is the age of the current IKE SA at time at, and the number of
// SAs negotiated since Start (used to change SPIs when bouncing).
func (t *Tunnel) ikeActive(elapsed time.Duration) (time.Duration, int) {
	age := t.IKEAge + elapsed
	if t.Faults.IKE == IKEBouncing && t.Faults.BouncePeriod > 0 {
		return age % t.Faults.BouncePeriod, int(age / t.Faults.BouncePeriod)
	}
	return age, 0
}

// ipsecActive is the age of the current IPsec SA pair: IOS rekeys at about
// 90 % of the 3600 s lifetime, so the age wraps and the SPIs change.
func (t *Tunnel) ipsecActive(elapsed time.Duration) (time.Duration, int) {
	const rekey = 3240 * time.Second
	if t.Faults.IKE == IKEBouncing {
		return t.ikeActive(elapsed)
	}
	age := t.IPsecAge + elapsed
	return age % rekey, int(age / rekey)
}

// CPE returns the router with the given hostname, or nil.
func (s *Site) CPE(name string) *CPE {
	for _, c := range s.CPEs {
		if c.Hostname == name {
			return c
		}
	}
	return nil
}

// Tunnel returns the tunnel with the given profile name, or nil.
func (s *Site) Tunnel(name string) *Tunnel {
	for _, c := range s.CPEs {
		for _, t := range c.Tunnels {
			if t.Name == name {
				return t
			}
		}
	}
	return nil
}

// tunnelByInterface finds a CPE's tunnel by interface name ("Tunnel1",
// case-insensitive, "tu1" style abbreviations expanded by the caller).
func (c *CPE) tunnelByInterface(name string) *Tunnel {
	for _, t := range c.Tunnels {
		if equalFold(t.Interface, name) {
			return t
		}
	}
	return nil
}

func (s *Site) elapsed(at time.Time) time.Duration {
	d := at.Sub(s.Start)
	if d < 0 {
		return 0
	}
	return d
}
