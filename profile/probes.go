package profile

import (
	"fmt"
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ProbeKind says what a local probe target is; it decides how silence is
// read (see package collectors/probe).
type ProbeKind string

// The probe kinds. An empty kind in the file is filled in by validation.
const (
	// ProbeUnderlay is a DI IPsec or GRE peer, reached over the internet
	// outside the tunnels. ICMP may be filtered there: no reply is unknown.
	ProbeUnderlay ProbeKind = "underlay"
	// ProbeVoice is an address inside the DI (or IaaS) /24, reached through
	// the tunnels: the path calls take. No reply is a fault.
	ProbeVoice ProbeKind = "voice"
)

// Probe is one target of the local ICMP probes. In the file it is either a
// plain address ("203.0.113.10") or a mapping {address, name, kind}.
type Probe struct {
	Address netip.Addr `yaml:"address" json:"address"`
	Name    string     `yaml:"name" json:"name,omitempty"`
	Kind    ProbeKind  `yaml:"kind" json:"kind"`
}

// probes decodes the probes: list, accepting both item forms, so profiles
// written as a plain address list stay valid.
func (d *decoder) probes(dst *[]Probe) fieldFunc {
	return func(path string, v *yaml.Node) {
		d.items(v, path, func(ip string, item *yaml.Node) {
			var pr Probe
			if item.Kind == yaml.MappingNode {
				d.fields(item, ip, map[string]fieldFunc{
					"address": d.addr(&pr.Address),
					"name":    d.str(&pr.Name),
					"kind":    d.probeKind(&pr.Kind),
				})
			} else if s, ok := d.scalar(ip, item); ok {
				pr.Address, _ = d.parseAddr(ip, item, s)
			}
			*dst = append(*dst, pr)
		})
	}
}

func (d *decoder) probeKind(dst *ProbeKind) fieldFunc {
	return func(path string, v *yaml.Node) {
		s, ok := d.scalar(path, v)
		if !ok {
			return
		}
		switch k := ProbeKind(strings.ToLower(strings.TrimSpace(s))); k {
		case ProbeUnderlay, ProbeVoice:
			*dst = k
		default:
			d.errorf(v, path, "%q is not a probe kind (underlay or voice)", s)
		}
	}
}

// ClassifyProbe returns the kind an address has on this site: underlay
// when it is a tunnel's ipsec_peer or gre_destination, voice when it lies
// inside di_network or iaas_network, and "" when it is neither.
func (p *Profile) ClassifyProbe(a netip.Addr) ProbeKind {
	for _, t := range p.Tunnels {
		if a == t.IPsecPeer || a == t.GREDestination {
			return ProbeUnderlay
		}
	}
	for _, n := range []netip.Prefix{p.DINetwork, p.IaaSNetwork} {
		if n.IsValid() && n.Masked().Contains(a) {
			return ProbeVoice
		}
	}
	return ""
}

// probes fills in each probe's kind from the site and rejects targets that
// are neither a DI peer nor inside the DI networks without an explicit
// kind: judging an arbitrary address with the wrong rule would turn a
// filtered ICMP into a voice failure, or the reverse.
func (v *validator) probes(p *Profile) {
	seen := map[netip.Addr]int{}
	for i := range p.Probes {
		pr := &p.Probes[i]
		path := fmt.Sprintf("probes[%d]", i)
		if !pr.Address.IsValid() {
			v.errorf(path, "missing address")
			continue
		}
		if j, dup := seen[pr.Address]; dup {
			v.errorf(path, "%s is also probes[%d]", pr.Address, j)
		}
		seen[pr.Address] = i
		if pr.Kind != "" {
			continue
		}
		pr.Kind = p.ClassifyProbe(pr.Address)
		if pr.Kind == "" {
			v.errorf(path, "%s is neither a DI IPsec/GRE peer nor inside di_network or iaas_network: "+
				"say which it is with {address: %s, kind: voice} or kind: underlay", pr.Address, pr.Address)
		}
	}
}
