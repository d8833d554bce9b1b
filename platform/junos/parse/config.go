package parse

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// stmt is one leaf statement as a full path of words, the set form of
// either notation.
type stmt struct {
	words []string
	n     int
}

// flatten turns a configuration, curly-brace or set form, into leaf
// statements. under is the hierarchy a `show configuration security ike`
// prints relative to ("security ike"); set lines carry their full path.
func flatten(ls []line, under string) ([]stmt, error) {
	base := strings.Fields(under)
	var out []stmt
	var stack [][]string
	for _, l := range ls {
		t := l.trim()
		if i := strings.Index(t, " ## "); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "[edit"):
			continue
		case strings.HasPrefix(t, "set ") || strings.HasPrefix(t, "deactivate "):
			if strings.HasPrefix(t, "set ") {
				out = append(out, stmt{words: words(t[4:]), n: l.n})
			}
		case t == "}":
			if len(stack) == 0 {
				return nil, perr("show configuration", l.n, t, "unbalanced \"}\"")
			}
			stack = stack[:len(stack)-1]
		case strings.HasSuffix(t, "{"):
			stack = append(stack, words(strings.TrimSuffix(t, "{")))
		case strings.HasSuffix(t, ";"):
			w := append([]string{}, base...)
			for _, s := range stack {
				w = append(w, s...)
			}
			out = append(out, stmt{words: append(w, words(strings.TrimSuffix(t, ";"))...), n: l.n})
		default:
			return nil, perr("show configuration", l.n, t, "want a statement ending in \";\", \"{\" or \"}\", or a set command")
		}
	}
	return out, nil
}

// words splits a statement, keeping quoted strings whole and dropping
// "inactive:" markers and list brackets.
func words(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) { // unterminated: the rest of the line
				out = append(out, s[1:])
				break
			}
			out = append(out, s[1:end])
			s = s[end+1:]
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			i = len(s)
		}
		w := s[:i]
		s = s[i:]
		if w == "inactive:" || w == "protect:" || w == "[" || w == "]" {
			continue
		}
		out = append(out, w)
	}
	return out
}

// Config is what vcdiag reads from `show configuration`: the IKE and IPsec
// objects and BGP. Secrets are recorded only as configured.
type Config struct {
	IKEProposals   []Proposal   `json:"ike_proposals,omitempty"`
	IKEPolicies    []IKEPolicy  `json:"ike_policies,omitempty"`
	IKEGateways    []IKEGateway `json:"ike_gateways,omitempty"`
	IPsecProposals []Proposal   `json:"ipsec_proposals,omitempty"`
	IPsecPolicies  []Policy     `json:"ipsec_policies,omitempty"`
	VPNs           []VPN        `json:"vpns,omitempty"`
	// LocalAS is routing-options autonomous-system.
	LocalAS   uint32     `json:"local_as,omitempty"`
	BGPGroups []BGPGroup `json:"bgp_groups,omitempty"`
	// Units are the interfaces' logical units (set interfaces X unit N).
	Units []Unit `json:"units,omitempty"`
	// TCPMSS is security flow tcp-mss: the MSS per kind of traffic
	// ("gre-in", "gre-out", "ipsec-vpn", "all-tcp").
	TCPMSS []TCPMSS `json:"tcp_mss,omitempty"`
	// GREKeepalives are protocols oam gre-tunnel interface X.
	GREKeepalives []GREKeepalive `json:"gre_keepalives,omitempty"`
}

// Unit is one logical interface: "gr-0/0/0.0", "ge-0/0/0.0".
type Unit struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
	// Address is the first family inet address as written ("100.64.1.2/30").
	Address string `json:"address,omitempty"`
	MTU     int    `json:"mtu,omitempty"` // family inet mtu
	// TunnelSource and TunnelDestination are a gr- unit's tunnel source
	// and destination as written.
	TunnelSource      string       `json:"tunnel_source,omitempty"`
	TunnelDestination string       `json:"tunnel_destination,omitempty"`
	Span              parsers.Span `json:"span"`
	// Line numbers of the attributes, for citations.
	AddressLines, MTULines, TunnelLines []int
}

// TCPMSS is one security flow tcp-mss statement.
type TCPMSS struct {
	Kind string `json:"kind"` // gre-in, gre-out, ipsec-vpn, all-tcp
	MSS  int    `json:"mss"`
	Line int    `json:"line"`
}

// GREKeepalive is protocols oam gre-tunnel interface X keepalive-time N
// hold-time M.
type GREKeepalive struct {
	Interface string       `json:"interface"`
	Interval  int          `json:"keepalive_time,omitempty"`
	Hold      int          `json:"hold_time,omitempty"`
	Span      parsers.Span `json:"span"`
}

// Proposal is an IKE or IPsec proposal.
type Proposal struct {
	Name                    string `json:"name"`
	AuthenticationMethod    string `json:"authentication_method,omitempty"`
	DHGroup                 string `json:"dh_group,omitempty"`
	AuthenticationAlgorithm string `json:"authentication_algorithm,omitempty"`
	// PRF is an IKE proposal's prf statement (hmac-sha-384), where the
	// release has one; otherwise IKEv2 uses the authentication algorithm.
	PRF                 string       `json:"prf,omitempty"`
	EncryptionAlgorithm string       `json:"encryption_algorithm,omitempty"`
	Protocol            string       `json:"protocol,omitempty"`
	LifetimeSeconds     uint64       `json:"lifetime_seconds,omitempty"`
	Span                parsers.Span `json:"span"`
}

// IKEPolicy is a security ike policy.
type IKEPolicy struct {
	Name        string   `json:"name"`
	Mode        string   `json:"mode,omitempty"`
	Proposals   []string `json:"proposals,omitempty"`
	ProposalSet string   `json:"proposal_set,omitempty"`
	// PSKConfigured: a pre-shared-key is set; PSKFormat is "ascii-text" or
	// "hexadecimal". The key itself is never kept.
	PSKConfigured bool         `json:"psk_configured,omitempty"`
	PSKFormat     string       `json:"psk_format,omitempty"`
	Span          parsers.Span `json:"span"`
}

// Policy is a security ipsec policy.
type Policy struct {
	Name        string       `json:"name"`
	PFSGroup    string       `json:"pfs_group,omitempty"`
	Proposals   []string     `json:"proposals,omitempty"`
	ProposalSet string       `json:"proposal_set,omitempty"`
	Span        parsers.Span `json:"span"`
}

// IKEGateway is a security ike gateway.
type IKEGateway struct {
	Name              string       `json:"name"`
	IKEPolicy         string       `json:"ike_policy,omitempty"`
	Addresses         []string     `json:"addresses,omitempty"`
	ExternalInterface string       `json:"external_interface,omitempty"`
	LocalAddress      string       `json:"local_address,omitempty"`
	Version           string       `json:"version,omitempty"` // v2-only, v1-only
	DPD               bool         `json:"dpd,omitempty"`
	NoNATTraversal    bool         `json:"no_nat_traversal,omitempty"`
	LocalIdentity     string       `json:"local_identity,omitempty"`
	RemoteIdentity    string       `json:"remote_identity,omitempty"`
	Span              parsers.Span `json:"span"`
}

// VPN is a security ipsec vpn.
type VPN struct {
	Name             string `json:"name"`
	BindInterface    string `json:"bind_interface,omitempty"`
	Gateway          string `json:"gateway,omitempty"`
	IPsecPolicy      string `json:"ipsec_policy,omitempty"`
	EstablishTunnels string `json:"establish_tunnels,omitempty"`
	VPNMonitor       bool   `json:"vpn_monitor,omitempty"`
	DFBit            string `json:"df_bit,omitempty"`
	ProxyLocal       string `json:"proxy_local,omitempty"`
	ProxyRemote      string `json:"proxy_remote,omitempty"`
	// ProxyService is the proxy-identity's service: "any" or an
	// application ("junos-gre"); "" when not set (Junos then uses any).
	ProxyService string `json:"proxy_service,omitempty"`
	// ProxyLines are the proxy-identity statements' lines.
	ProxyLines       []int        `json:"proxy_lines,omitempty"`
	TrafficSelectors []string     `json:"traffic_selectors,omitempty"`
	Span             parsers.Span `json:"span"`
}

// BGPGroup is a protocols bgp group; values set at the bgp level are
// not copied in.
type BGPGroup struct {
	Name           string        `json:"name"`
	Type           string        `json:"type,omitempty"`
	PeerAS         uint32        `json:"peer_as,omitempty"`
	LocalAS        uint32        `json:"local_as,omitempty"`
	LocalAddress   string        `json:"local_address,omitempty"`
	Import         []string      `json:"import,omitempty"`
	Export         []string      `json:"export,omitempty"`
	AuthConfigured bool          `json:"auth_configured,omitempty"`
	Neighbors      []BGPNeighCfg `json:"neighbors,omitempty"`
	Span           parsers.Span  `json:"span"`
}

// BGPNeighCfg is a neighbor of a group.
type BGPNeighCfg struct {
	Addr           string       `json:"addr"`
	PeerAS         uint32       `json:"peer_as,omitempty"`
	LocalAS        uint32       `json:"local_as,omitempty"`
	Description    string       `json:"description,omitempty"`
	Import         []string     `json:"import,omitempty"`
	Export         []string     `json:"export,omitempty"`
	AuthConfigured bool         `json:"auth_configured,omitempty"`
	Span           parsers.Span `json:"span"`
}
