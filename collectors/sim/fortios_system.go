package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// fortiosStatus renders get system status of a FortiGate-VM64 (7.2
// layout: "Key: value" lines; licences and databases as a VM reports
// them).
func (r *renderer) fortiosStatus() string {
	c := r.cpe
	var b strings.Builder
	p := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	p("Version", fortiosModel+" "+fortiosVersion)
	p("First GA patch build date", "220331")
	p("Security Level", "1")
	p("Firmware Signature", "certified")
	p("Virus-DB", "92.08730(2026-11-25 17:26)")
	p("Extended DB", "92.08730(2026-11-25 17:25)")
	p("Extreme DB", "1.00000(2018-04-09 18:07)")
	p("AV AI/ML Model", "2.17871(2026-11-26 02:41)")
	p("IPS-DB", "29.00886(2026-11-25 01:04)")
	p("IPS-ETDB", "0.00000(2001-01-01 00:00)")
	p("APP-DB", "29.00886(2026-11-25 01:04)")
	p("INDUSTRIAL-DB", "29.00886(2026-11-25 01:04)")
	p("IPS Malicious URL Database", "5.00499(2026-11-26 00:58)")
	p("IoT-Detect", "29.00886(2026-11-25 01:03)")
	p("Serial-Number", "FGVM02TM"+strings.ToUpper(c.Serial[:min(len(c.Serial), 8)]))
	p("License Status", "Valid")
	p("License Expiration Date", "2027-06-30")
	p("VM Resources", "2 CPU/2 allowed, 3961 MB RAM")
	p("Log hard disk", "Available")
	p("Hostname", c.Hostname)
	p("Private Encryption", "Disable")
	p("Operation Mode", "NAT")
	p("Current virtual domain", "root")
	p("Max number of virtual domains", "2")
	p("Virtual domains status", "1 in NAT mode, 0 in TP mode")
	p("Virtual domain configuration", "disable")
	p("FIPS-CC mode", "disable")
	p("Current HA mode", "standalone")
	p("Branch point", "1639")
	p("Release Version Information", "GA")
	p("FortiOS x86-64", "Yes")
	p("System time", r.at.Format("Mon Jan _2 15:04:05 2006"))
	p("Last reboot reason", "warm reboot")
	return b.String()
}

// fortiosIfLine is one interface of get system interface, in the 7.x
// layout: "== [ NAME ]" then one line of "key: value" pairs.
func fortiosIfLine(b *strings.Builder, name, mode string, ip netip.Prefix, up bool, typ string) {
	status := "up"
	if !up {
		status = "down"
	}
	addr := "0.0.0.0 0.0.0.0"
	if ip.IsValid() {
		addr = fortiosMask(ip)
	}
	fmt.Fprintf(b, "== [ %s ]\n", name)
	fmt.Fprintf(b, "name: %s ", name)
	if mode != "" {
		fmt.Fprintf(b, "mode: %s ", mode)
	}
	fmt.Fprintf(b, "ip: %s status: %s netbios-forward: disable type: %s ", addr, status, typ)
	if typ == "physical" {
		b.WriteString("ring-rx: 0 ring-tx: 0 ")
	}
	b.WriteString("netflow-sampler: disable sflow-sampler: disable src-check: enable explicit-web-proxy: disable explicit-ftp-proxy: disable proxy-captive-portal: disable ")
	if typ == "tunnel" {
		// 7.4 lists no MTU or fragment settings for tunnel interfaces.
		b.WriteString("wccp: disable\n")
		return
	}
	b.WriteString("mtu-override: disable wccp: disable drop-overlapped-fragment: disable drop-fragment: disable\n")
}

// fortiosInterfaces renders get system interface: the ports, the
// loopback holding a separate GRE transport IP, then per tunnel its
// IPsec phase1 interface (unnumbered) and its GRE interface. FortiOS
// numbers a tunnel interface with a /32 "ip" and puts the peer and the
// link's mask in "remote-ip", which this listing does not print.
func (r *renderer) fortiosInterfaces() string {
	c := r.cpe
	var b strings.Builder
	fortiosIfLine(&b, fortiosWAN, "static", c.Public, true, "physical")
	fortiosIfLine(&b, fortiosLAN, "static", c.LAN, true, "physical")
	fortiosIfLine(&b, "port3", "static", netip.Prefix{}, true, "physical")
	if c.Loopback1.IsValid() {
		fortiosIfLine(&b, fortiosLoopback, "static", c.Loopback1, true, "loopback")
	}
	fortiosIfLine(&b, "naf.root", "", netip.Prefix{}, true, "tunnel")
	fortiosIfLine(&b, "l2t.root", "", netip.Prefix{}, true, "tunnel")
	fortiosIfLine(&b, "ssl.root", "", netip.Prefix{}, true, "tunnel")
	for _, t := range c.Tunnels {
		fortiosIfLine(&b, fortiosPhase1(t), "", netip.Prefix{}, true, "tunnel")
		ip := netip.PrefixFrom(t.Config.TunnelIP.Addr(), 32)
		fortiosIfLine(&b, t.Interface, "", ip, !t.Config.LinkDown, "tunnel")
	}
	return b.String()
}

// fortiosGRETunnels renders show system gre-tunnel: each GRE tunnel over
// its IPsec interface, with keepalives (FortiOS's default is off, which
// prints no line) and a key where one is configured.
func (r *renderer) fortiosGRETunnels() string {
	var b strings.Builder
	b.WriteString("config system gre-tunnel\n")
	for _, t := range r.cpe.Tunnels {
		c := t.Config
		fmt.Fprintf(&b, "    edit %q\n", t.Interface)
		fmt.Fprintf(&b, "        set interface %q\n", fortiosPhase1(t))
		fmt.Fprintf(&b, "        set remote-gw %s\n", c.GREDestination)
		fmt.Fprintf(&b, "        set local-gw %s\n", greSourceAddr(r.cpe, t))
		if c.TunnelKey != 0 {
			fmt.Fprintf(&b, "        set key-outbound %d\n", c.TunnelKey)
			fmt.Fprintf(&b, "        set key-inbound %d\n", c.TunnelKey)
		}
		if c.Keepalive {
			b.WriteString("        set keepalive-interval 10\n")
			b.WriteString("        set keepalive-failtimes 3\n")
		}
		b.WriteString("    next\n")
	}
	b.WriteString("end\n")
	return b.String()
}

// greSourceAddr is the GRE source address of a tunnel on its CPE: the
// loopback's when the tunnel is sourced from it.
func greSourceAddr(cpe *CPE, t *Tunnel) netip.Addr {
	if t.Config.Source == fortiosLoopback && cpe.Loopback1.IsValid() {
		return cpe.Loopback1.Addr()
	}
	return t.Form.GRESource
}
