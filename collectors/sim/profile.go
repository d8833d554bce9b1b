package sim

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// profileStyle is what the testdata profiles say beyond the Site's
// values: the region, whether the IPsec mode is given, and how each tunnel's interface is written there
// ("tu100"; "" where the profile leaves it out so that the checks find
// the tunnel by its GRE destination). Keeping these makes a run against
// the simulator exercise the same profile as the transcript tests.
type profileStyle struct {
	region     string
	ipsecMode  string
	interfaces map[string]string
}

var profileStyles = map[string]profileStyle{
	"example": {region: "US-East", ipsecMode: "tunnel", interfaces: map[string]string{"tunnel1": "Tunnel1", "tunnel2": "Tunnel2"}},
	"two-cpe": {region: "US-West", interfaces: map[string]string{"dc-a": "tu100", "dc-b": ""}},
}

// WriteProfile writes the site profile (YAML, as package profile
// reads it) that scenario is judged against, with every CPE's host and
// port set to its simulated server and user as the SSH username. The
// activation-form values come from the servers' Site, which holds the
// same values as testdata/profiles/<scenario.Profile>.yaml, but for the
// region when the Site names its own.
func WriteProfile(w io.Writer, scenario Scenario, servers *SiteServers, user string) error {
	style, ok := profileStyles[scenario.Profile]
	if !ok {
		return fmt.Errorf("write profile for scenario %s: unknown profile %q", scenario.Name, scenario.Profile)
	}
	if servers == nil || servers.Site == nil {
		return fmt.Errorf("write profile for scenario %s: no servers", scenario.Name)
	}
	site := servers.Site
	region := style.region
	if site.Region != "" {
		region = site.Region
	}
	var b strings.Builder
	p := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	p("# vcdiag site profile for the simulated site of scenario %q", scenario.Name)
	p("# (written by `vcdiag sim`; the same values as testdata/profiles/%s.yaml,", scenario.Profile)
	p("# with the CPEs on their simulated SSH servers). Field reference: docs/profile.md.")
	p("name: %s", site.Name)
	p("region: %s", region)
	p("di_network: %s", DINetwork)
	if site.IaaS.IsValid() {
		p("iaas_network: %s", site.IaaS)
	} else {
		p("iaas_network: null")
	}
	p("bandwidth_limit_mbps: 250")
	p("mss: %d", defaultMSS)
	writeCrypto(&b, site.Crypto, style.ipsecMode)
	p("cpes:")
	for _, c := range site.CPEs {
		srv := servers.Server(c.Hostname)
		if srv == nil {
			return fmt.Errorf("write profile for scenario %s: no server for %s", scenario.Name, c.Hostname)
		}
		host, port, err := splitAddr(srv.Addr())
		if err != nil {
			return fmt.Errorf("write profile for scenario %s: %s: %w", scenario.Name, c.Hostname, err)
		}
		p("  - name: %s", c.Hostname)
		p("    host: %s", host)
		p("    port: %d", port)
		if site.Platform != "" {
			p("    platform: %s", site.Platform)
		} else {
			p("    platform: %s", PlatformIOSXE)
		}
		p("    username: %s", user)
	}
	p("tunnels:")
	for _, c := range site.CPEs {
		for _, t := range c.Tunnels {
			writeTunnel(&b, c, t, style)
		}
	}
	p("probes: []")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeCrypto(b *strings.Builder, c Crypto, mode string) {
	p := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	groups := make([]string, len(c.DHGroups))
	for i, g := range c.DHGroups {
		groups[i] = strconv.Itoa(g)
	}
	p("ike:")
	p("  encryption: [%s]", c.Encryption)
	if c.Integrity != "" {
		p("  integrity: [%s]", c.Integrity)
	}
	p("  prf: [%s]", c.PRF)
	p("  dh_group: [%s]", strings.Join(groups, ", "))
	p("  lifetime: %s", seconds(c.IKELife))
	p("ipsec:")
	p("  transform: [%q]", c.Transform)
	p("  pfs: group%d", c.PFS)
	p("  lifetime: %s", seconds(c.IPsecLife))
	if mode != "" {
		p("  mode: %s", mode)
	}
}

func writeTunnel(b *strings.Builder, c *CPE, t *Tunnel, style profileStyle) {
	p := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	f := t.Form
	p("  - name: %s", t.Name)
	p("    dc: %s", t.DC)
	p("    cpe: %s", c.Hostname)
	iface, ok := style.interfaces[t.Name]
	if !ok || !strings.HasPrefix(t.Interface, "Tunnel") {
		// Other platforms name their tunnels their own way (Linux gre1,
		// PAN-OS tunnel.1) whatever the IOS profile says.
		iface = t.Interface
	}
	if iface != "" {
		p("    interface: %s", iface)
	}
	p("    ipsec_local: %s", f.IPsecLocal)
	p("    ipsec_peer: %s", f.IPsecPeer)
	p("    gre_source: %s", f.GRESource)
	p("    gre_destination: %s", f.GREDestination)
	p("    cpe_tunnel_ip: %s", f.CPETunnelIP)
	p("    di_tunnel_ip: %s", f.DITunnelIP)
	p("    cpe_asn: %d", f.CPEASN)
	p("    di_asn: %d", f.DIASN)
}

// seconds writes a lifetime as the profile's "86400s".
func seconds(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

func splitAddr(addr string) (string, int, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(portText)
	return host, port, err
}
