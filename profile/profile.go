package profile

import (
	"net/netip"
	"time"
)

// Profile is one Virtual Connect region as the activation form describes it:
// the DI networks, the expected crypto parameters, the customer routers and
// the two tunnels. It holds no secrets: passwords come from the environment
// or a prompt.
type Profile struct {
	Name   string `yaml:"name" json:"name"`
	Region string `yaml:"region" json:"region"`
	// DINetwork is the Cisco-assigned /24; DC-A serves its lower /25 and
	// DC-B its upper /25.
	DINetwork netip.Prefix `yaml:"di_network" json:"di_network"`
	// IaaSNetwork is the optional IaaS /24, split the same way. Zero when
	// not ordered.
	IaaSNetwork        netip.Prefix `yaml:"iaas_network" json:"iaas_network,omitempty"`
	BandwidthLimitMbps int          `yaml:"bandwidth_limit_mbps" json:"bandwidth_limit_mbps"` // default 250
	// MSS is the largest acceptable "ip tcp adjust-mss" (default 1350).
	MSS     int         `yaml:"mss" json:"mss"`
	IKE     IKEExpect   `yaml:"ike" json:"ike"`
	IPsec   IPsecExpect `yaml:"ipsec" json:"ipsec"`
	CPEs    []CPE       `yaml:"cpes" json:"cpes"`
	Tunnels []Tunnel    `yaml:"tunnels" json:"tunnels"`
	// Probes are the targets of the local ICMP probes (collectors/probe).
	Probes []Probe `yaml:"probes" json:"probes,omitempty"`
}

// IKEExpect is what the IKEv2 SA should have negotiated. Empty fields are
// not checked. Names are normalised as in package parsers ("aes-gcm-256",
// "sha512", DH group numbers).
type IKEExpect struct {
	Encryption []string      `yaml:"encryption" json:"encryption,omitempty"`
	Integrity  []string      `yaml:"integrity" json:"integrity,omitempty"`
	PRF        []string      `yaml:"prf" json:"prf,omitempty"`
	DHGroup    []int         `yaml:"dh_group" json:"dh_group,omitempty"`
	Lifetime   time.Duration `yaml:"lifetime" json:"lifetime,omitempty"`
}

// IPsecExpect is what the IPsec (child) SAs should use. Empty fields are not
// checked. Transform names are normalised ("esp-gcm-256").
type IPsecExpect struct {
	Transform []string `yaml:"transform" json:"transform,omitempty"`
	// PFS is the DH group number for PFS; 0 means not checked.
	PFS int `yaml:"pfs" json:"pfs,omitempty"`
	// NoPFS is set by "pfs: none": the SAs are expected to run without PFS.
	NoPFS    bool          `yaml:"-" json:"no_pfs,omitempty"`
	Lifetime time.Duration `yaml:"lifetime" json:"lifetime,omitempty"`
	// Mode is "tunnel" (default expectation when empty: not checked) or "transport".
	Mode string `yaml:"mode" json:"mode,omitempty"`
}

// CPE is one customer router that terminates one or both tunnels.
type CPE struct {
	Name     string `yaml:"name" json:"name"`
	Host     string `yaml:"host" json:"host"`
	Port     int    `yaml:"port" json:"port,omitempty"`         // default 22
	Platform string `yaml:"platform" json:"platform"`           // cisco_iosxe
	Username string `yaml:"username" json:"username,omitempty"` // password from the environment, never here
}

// DC identifies a Dedicated Instance data center of the region.
type DC string

// The two data centers of a region.
const (
	DCA DC = "A"
	DCB DC = "B"
)

// Tunnel is one GRE-over-IPsec tunnel from a CPE to one DC, with its eBGP
// session, as assigned in the activation form.
type Tunnel struct {
	Name string `yaml:"name" json:"name"`
	DC   DC     `yaml:"dc" json:"dc"`
	CPE  string `yaml:"cpe" json:"cpe"`
	// Interface is the CPE tunnel interface ("Tunnel1"). Optional: when
	// empty the checks find it by its GRE destination.
	Interface      string       `yaml:"interface" json:"interface,omitempty"`
	IPsecLocal     netip.Addr   `yaml:"ipsec_local" json:"ipsec_local"`
	IPsecPeer      netip.Addr   `yaml:"ipsec_peer" json:"ipsec_peer"`
	GRESource      netip.Addr   `yaml:"gre_source" json:"gre_source"`
	GREDestination netip.Addr   `yaml:"gre_destination" json:"gre_destination"`
	CPETunnelIP    netip.Prefix `yaml:"cpe_tunnel_ip" json:"cpe_tunnel_ip"`
	DITunnelIP     netip.Addr   `yaml:"di_tunnel_ip" json:"di_tunnel_ip"`
	CPEASN         uint32       `yaml:"cpe_asn" json:"cpe_asn"`
	DIASN          uint32       `yaml:"di_asn" json:"di_asn"`

	// Site is the profile this tunnel belongs to (set by Load), so a check
	// given one tunnel can read the site-wide expectations.
	Site *Profile `yaml:"-" json:"-"`
}
