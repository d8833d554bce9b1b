package parsers

import (
	"net/netip"
	"time"
)

// RunningConfig is the part of `show running-config` the ladder needs.
// Secrets are never kept: HasPSK / HasPassword say one is configured.
type RunningConfig struct {
	Hostname       string            `json:"hostname,omitempty"`
	Interfaces     []InterfaceConfig `json:"interfaces"`
	IKEv2Proposals []IKEv2Proposal   `json:"ikev2_proposals"`
	IKEv2Policies  []IKEv2Policy     `json:"ikev2_policies"`
	IKEv2Keyrings  []IKEv2Keyring    `json:"ikev2_keyrings"`
	IKEv2Profiles  []IKEv2Profile    `json:"ikev2_profiles"`
	TransformSets  []TransformSet    `json:"transform_sets"`
	IPsecProfiles  []IPsecProfile    `json:"ipsec_profiles"`
	CryptoMaps     []CryptoMapEntry  `json:"crypto_maps"`
	AccessLists    []AccessList      `json:"access_lists"`
	BGP            *BGPConfig        `json:"bgp"`
	PrefixLists    []PrefixList      `json:"prefix_lists"`
	RouteMaps      []RouteMap        `json:"route_maps"`
	StaticRoutes   []StaticRoute     `json:"static_routes"`
}

// InterfaceConfig is one "interface NAME" section.
type InterfaceConfig struct {
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	VRF         string       `json:"vrf,omitempty"` // vrf forwarding X
	Address     netip.Prefix `json:"address"`
	Shutdown    bool         `json:"shutdown"`
	IPMTU       int          `json:"ip_mtu,omitempty"`
	AdjustMSS   int          `json:"tcp_adjust_mss,omitempty"`
	// Keepalive: Keepalive is true when a "keepalive [P [R]]" line is
	// present; IOS then defaults to 10 s and 3 retries.
	Keepalive         bool          `json:"keepalive"`
	KeepalivePeriod   time.Duration `json:"-"`
	KeepaliveRetries  int           `json:"keepalive_retries,omitempty"`
	TunnelSource      string        `json:"tunnel_source,omitempty"` // an address or an interface name
	TunnelDestination netip.Addr    `json:"tunnel_destination"`
	TunnelMode        string        `json:"tunnel_mode,omitempty"` // "gre ip" (default when absent), "ipsec ipv4"
	TunnelVRF         string        `json:"tunnel_vrf,omitempty"`
	TunnelKey         bool          `json:"tunnel_key,omitempty"`
	TunnelProtection  string        `json:"tunnel_protection,omitempty"` // ipsec profile name
	PMTUD             bool          `json:"tunnel_path_mtu_discovery"`
	CryptoMap         string        `json:"crypto_map,omitempty"`
	Span              Span          `json:"span"`

	// Fields below were added for fuller capture.
	KeepaliveSec   int      `json:"keepalive_sec,omitempty"`
	MTU            int      `json:"mtu,omitempty"` // interface "mtu N" (not "ip mtu")
	BandwidthKb    int      `json:"bandwidth_kbit,omitempty"`
	Unnumbered     string   `json:"ip_unnumbered,omitempty"`
	Encapsulation  string   `json:"encapsulation,omitempty"` // "dot1Q 10"
	AccessGroupIn  string   `json:"access_group_in,omitempty"`
	AccessGroupOut string   `json:"access_group_out,omitempty"`
	PolicyIn       string   `json:"service_policy_in,omitempty"`
	PolicyOut      string   `json:"service_policy_out,omitempty"`
	IPv6Addresses  []string `json:"ipv6_addresses,omitempty"` // as written
	TunnelKeyValue string   `json:"tunnel_key_value,omitempty"`
	AddressMask    string   `json:"address_mask,omitempty"` // as written: "255.255.255.252"
	VLAN           int      `json:"vlan,omitempty"`         // encapsulation dot1Q N
	InnerVLAN      int      `json:"inner_vlan,omitempty"`   // ... second-dot1q N
}

// IKEv2Proposal is a "crypto ikev2 proposal NAME" section, normalised.
type IKEv2Proposal struct {
	Name       string   `json:"name"`
	Encryption []string `json:"encryption"`
	Integrity  []string `json:"integrity"`
	PRF        []string `json:"prf"`
	DHGroups   []int    `json:"dh_groups"`
	Span       Span     `json:"span"`
}

// IKEv2Policy is a "crypto ikev2 policy NAME" section.
type IKEv2Policy struct {
	Name              string   `json:"name"`
	Proposals         []string `json:"proposals"`
	MatchFVRF         string   `json:"match_fvrf,omitempty"`
	MatchAddressLocal []string `json:"match_address_local,omitempty"`
	Span              Span     `json:"span"`
}

// IKEv2KeyringPeer is a peer inside a keyring. The key itself is never kept.
type IKEv2KeyringPeer struct {
	Name    string       `json:"name"`
	Address netip.Prefix `json:"address"`
	HasPSK  bool         `json:"has_psk"`
}

// IKEv2Keyring is a "crypto ikev2 keyring NAME" section.
type IKEv2Keyring struct {
	Name  string             `json:"name"`
	Peers []IKEv2KeyringPeer `json:"peers"`
	Span  Span               `json:"span"`
}

// IKEv2Profile is a "crypto ikev2 profile NAME" section.
type IKEv2Profile struct {
	Name                string        `json:"name"`
	MatchIdentityRemote []string      `json:"match_identity_remote"`
	IdentityLocal       string        `json:"identity_local,omitempty"`
	AuthLocal           string        `json:"authentication_local,omitempty"`
	AuthRemote          string        `json:"authentication_remote,omitempty"`
	Keyring             string        `json:"keyring,omitempty"`
	Lifetime            time.Duration `json:"-"`
	DPD                 string        `json:"dpd,omitempty"`
	Span                Span          `json:"span"`

	// Added: the profile's front-door VRF ("match fvrf X") and lifetime in
	// seconds as written.
	MatchFVRF   string `json:"match_fvrf,omitempty"`
	LifetimeSec int    `json:"lifetime_sec,omitempty"`
}

// TransformSet is a "crypto ipsec transform-set NAME T..." section.
type TransformSet struct {
	Name       string   `json:"name"`
	Transforms []string `json:"transforms"` // normalised (NormalizeTransform)
	Mode       string   `json:"mode"`       // tunnel (default) or transport
	Span       Span     `json:"span"`
}

// IPsecProfile is a "crypto ipsec profile NAME" section.
type IPsecProfile struct {
	Name          string        `json:"name"`
	TransformSets []string      `json:"transform_sets"`
	IKEv2Profile  string        `json:"ikev2_profile,omitempty"`
	PFS           string        `json:"pfs,omitempty"` // "group20"
	Lifetime      time.Duration `json:"-"`
	Span          Span          `json:"span"`

	LifetimeSec int `json:"lifetime_sec,omitempty"` // added: seconds as written
}

// CryptoMapEntry is a "crypto map NAME SEQ ipsec-isakmp" section.
type CryptoMapEntry struct {
	Name          string       `json:"name"`
	Seq           int          `json:"seq"`
	Peers         []netip.Addr `json:"peers"`
	MatchACL      string       `json:"match_address,omitempty"`
	TransformSets []string     `json:"transform_sets"`
	IKEv2Profile  string       `json:"ikev2_profile,omitempty"`
	PFS           string       `json:"pfs,omitempty"`
	Span          Span         `json:"span"`

	// Added: "crypto map NAME SEQ ipsec-isakmp" type word and the lifetime.
	Type        string `json:"type,omitempty"`
	LifetimeSec int    `json:"lifetime_sec,omitempty"`
}

// ACLEntry is one line of an extended access list.
type ACLEntry struct {
	Seq         int    `json:"seq,omitempty"`
	Action      string `json:"action"`   // permit, deny, remark
	Protocol    string `json:"protocol"` // ip, gre, tcp, udp, esp, 47, ...
	Source      string `json:"source"`   // "host 192.0.2.1", "any", "10.0.0.0 0.0.0.255"
	Destination string `json:"destination"`
	Text        string `json:"text"` // the line as written
	Line        int    `json:"line"`

	// Added: port operators as written ("eq 500", "range 1 2"), and what
	// follows the destination ("log", "established").
	SourcePort      string `json:"source_port,omitempty"`
	DestinationPort string `json:"destination_port,omitempty"`
	Options         string `json:"options,omitempty"`
}

// AccessList is a named or numbered (extended) access list.
type AccessList struct {
	Name    string     `json:"name"`
	Entries []ACLEntry `json:"entries"`
	Span    Span       `json:"span"`

	Type string `json:"type,omitempty"` // added: "extended", "standard"
}

// BGPNeighborConfig is one neighbor under "router bgp", merged from its
// global and address-family lines.
type BGPNeighborConfig struct {
	Address             netip.Addr `json:"address"`
	RemoteAS            uint32     `json:"remote_as"`
	LocalAS             uint32     `json:"local_as,omitempty"`
	LocalASNoPrepend    bool       `json:"local_as_no_prepend,omitempty"`
	Description         string     `json:"description,omitempty"`
	HasPassword         bool       `json:"has_password"`
	Shutdown            bool       `json:"shutdown"`
	UpdateSource        string     `json:"update_source,omitempty"`
	EBGPMultihop        int        `json:"ebgp_multihop,omitempty"`
	Activated           bool       `json:"activate"`
	RouteMapIn          string     `json:"route_map_in,omitempty"`
	RouteMapOut         string     `json:"route_map_out,omitempty"`
	PrefixListIn        string     `json:"prefix_list_in,omitempty"`
	PrefixListOut       string     `json:"prefix_list_out,omitempty"`
	DefaultOriginate    bool       `json:"default_originate"`
	SoftReconfigInbound bool       `json:"soft_reconfiguration_inbound"`
	Timers              string     `json:"timers,omitempty"`
	Lines               []int      `json:"lines"` // every config line that mentions the neighbor

	// Added. Name is set instead of Address for a peer-group record;
	// PeerGroup names the group a neighbor belongs to (its settings are
	// merged into the neighbor where the neighbor has none). VRF is set for
	// neighbors under "address-family ipv4 vrf V".
	Name                 string `json:"name,omitempty"`
	PeerGroup            string `json:"peer_group,omitempty"`
	VRF                  string `json:"vrf,omitempty"`
	LocalASReplaceAS     bool   `json:"local_as_replace_as,omitempty"`
	LocalASDualAS        bool   `json:"local_as_dual_as,omitempty"`
	InheritPeerSession   string `json:"inherit_peer_session,omitempty"`
	RouteReflectorClient bool   `json:"route_reflector_client,omitempty"`
	SendCommunity        string `json:"send_community,omitempty"`
	MaximumPrefix        int    `json:"maximum_prefix,omitempty"`
	KeepaliveSec         int    `json:"keepalive_sec,omitempty"` // from "timers K H"
	HoldTimeSec          int    `json:"hold_time_sec,omitempty"`
}

// BGPConfig is the "router bgp ASN" section.
type BGPConfig struct {
	ASN       uint32              `json:"asn"`
	RouterID  netip.Addr          `json:"router_id"`
	Neighbors []BGPNeighborConfig `json:"neighbors"`
	Networks  []netip.Prefix      `json:"networks"`
	Span      Span                `json:"span"`

	// Added. DefaultIPv4Unicast is false after "no bgp default
	// ipv4-unicast": neighbors are then active only where "activate" is
	// written; otherwise IOS activates every global neighbor for IPv4.
	RouterIDInterface  string              `json:"router_id_interface,omitempty"`
	LogNeighborChanges bool                `json:"log_neighbor_changes"`
	DefaultIPv4Unicast bool                `json:"default_ipv4_unicast"`
	PeerGroups         []BGPNeighborConfig `json:"peer_groups,omitempty"`
	Redistribute       []string            `json:"redistribute,omitempty"`
}

// PrefixListEntry is one "ip prefix-list NAME seq N permit P [ge X] [le Y]".
type PrefixListEntry struct {
	Seq    int          `json:"seq"`
	Action string       `json:"action"`
	Prefix netip.Prefix `json:"prefix"`
	GE     int          `json:"ge,omitempty"`
	LE     int          `json:"le,omitempty"`
	Line   int          `json:"line"`
}

// PrefixList is all the entries of one prefix-list name.
type PrefixList struct {
	Name    string            `json:"name"`
	Entries []PrefixListEntry `json:"entries"`
}

// RouteMapClause is one "route-map NAME permit|deny SEQ" clause.
type RouteMapClause struct {
	Action  string   `json:"action"`
	Seq     int      `json:"seq"`
	Matches []string `json:"match"`
	Sets    []string `json:"set"`
	Span    Span     `json:"span"`
}

// RouteMap is all clauses of one route-map name.
type RouteMap struct {
	Name    string           `json:"name"`
	Clauses []RouteMapClause `json:"clauses"`
}

// StaticRoute is one "ip route [vrf V] PREFIX MASK [IFACE] [NEXTHOP] [DIST]".
type StaticRoute struct {
	VRF       string       `json:"vrf,omitempty"`
	Prefix    netip.Prefix `json:"prefix"`
	Interface string       `json:"interface,omitempty"`
	NextHop   netip.Addr   `json:"next_hop"`
	Distance  int          `json:"distance,omitempty"`
	Line      int          `json:"line"`

	Name      string `json:"name,omitempty"` // added: "name X"
	Tag       int    `json:"tag,omitempty"`
	Permanent bool   `json:"permanent,omitempty"`
	Track     int    `json:"track,omitempty"`
}
