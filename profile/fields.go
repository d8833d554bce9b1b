package profile

import "go.yaml.in/yaml/v3"

// The field tables below are the profile format: one entry per YAML key,
// named as in the activation form. docs/profile.md describes each one; keep
// the two in step.

func (d *decoder) profile(n *yaml.Node, p *Profile) {
	d.fields(n, "", map[string]fieldFunc{
		"name":                 d.str(&p.Name),
		"region":               d.str(&p.Region),
		"di_network":           d.prefix(&p.DINetwork),
		"iaas_network":         d.prefix(&p.IaaSNetwork),
		"bandwidth_limit_mbps": d.integer(&p.BandwidthLimitMbps),
		"mss":                  d.integer(&p.MSS),
		"ike":                  func(path string, v *yaml.Node) { d.ike(path, v, &p.IKE) },
		"ipsec":                func(path string, v *yaml.Node) { d.ipsec(path, v, &p.IPsec) },
		"cpes": func(path string, v *yaml.Node) {
			d.items(v, path, func(ip string, item *yaml.Node) {
				p.CPEs = append(p.CPEs, CPE{})
				d.cpe(ip, item, &p.CPEs[len(p.CPEs)-1])
			})
		},
		"tunnels": func(path string, v *yaml.Node) {
			d.items(v, path, func(ip string, item *yaml.Node) {
				p.Tunnels = append(p.Tunnels, Tunnel{})
				d.tunnel(ip, item, &p.Tunnels[len(p.Tunnels)-1])
			})
		},
		"probes": d.probes(&p.Probes),
	})
}

func (d *decoder) ike(path string, n *yaml.Node, x *IKEExpect) {
	d.fields(n, path, map[string]fieldFunc{
		"encryption": d.names(&x.Encryption),
		"integrity":  d.names(&x.Integrity),
		"prf":        d.names(&x.PRF),
		"dh_group":   d.groups(&x.DHGroup),
		"lifetime":   d.duration(&x.Lifetime),
	})
}

func (d *decoder) ipsec(path string, n *yaml.Node, x *IPsecExpect) {
	d.fields(n, path, map[string]fieldFunc{
		"transform": d.names(&x.Transform),
		"pfs":       d.pfs(x),
		"lifetime":  d.duration(&x.Lifetime),
		"mode":      d.str(&x.Mode),
	})
}

func (d *decoder) cpe(path string, n *yaml.Node, c *CPE) {
	d.fields(n, path, map[string]fieldFunc{
		"name":     d.str(&c.Name),
		"host":     d.str(&c.Host),
		"port":     d.integer(&c.Port),
		"platform": d.str(&c.Platform),
		"username": d.str(&c.Username),
	})
}

func (d *decoder) tunnel(path string, n *yaml.Node, t *Tunnel) {
	d.fields(n, path, map[string]fieldFunc{
		"name":            d.str(&t.Name),
		"dc":              d.dc(&t.DC),
		"cpe":             d.str(&t.CPE),
		"interface":       d.str(&t.Interface),
		"ipsec_local":     d.addr(&t.IPsecLocal),
		"ipsec_peer":      d.addr(&t.IPsecPeer),
		"gre_source":      d.addr(&t.GRESource),
		"gre_destination": d.addr(&t.GREDestination),
		"cpe_tunnel_ip":   d.prefix(&t.CPETunnelIP),
		"di_tunnel_ip":    d.addr(&t.DITunnelIP),
		"cpe_asn":         d.asn(&t.CPEASN),
		"di_asn":          d.asn(&t.DIASN),
	})
}
