package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// vtysh renders "vtysh -c 'COMMAND'" for the FRR 8.4 commands vcdiag
// reads; words may be abbreviated as vtysh allows.
func (r *renderer) vtysh(args []string) string {
	if len(args) != 2 || args[0] != "-c" {
		return "vtysh: only -c 'COMMAND' is simulated\n"
	}
	w := strings.Fields(args[1])
	m := func(t ...string) ([]string, bool) { return match(w, t) }
	if _, ok := m("show", "version"); ok {
		return r.frrVersion()
	}
	if _, ok := m("show", "running-config"); ok {
		return r.frrConfig()
	}
	if _, ok := m("show", "bgp", "summary", "json"); ok {
		return r.frrSummaryJSON()
	}
	if _, ok := m("show", "ip", "bgp", "summary", "json"); ok {
		return r.frrSummaryJSON()
	}
	if _, ok := m("show", "bgp", "summary"); ok {
		return r.frrSummary()
	}
	if _, ok := m("show", "ip", "bgp", "summary"); ok {
		return r.frrSummary()
	}
	if a, ok := m("show", "ip", "bgp", "neighbors", "A"); ok {
		return r.frrNeighbor(netip.MustParseAddr(a[0]))
	}
	if a, ok := m("show", "bgp", "neighbors", "A"); ok {
		return r.frrNeighbor(netip.MustParseAddr(a[0]))
	}
	for _, v := range []string{"received-routes", "routes", "advertised-routes"} {
		if a, ok := m("show", "bgp", "ipv4", "unicast", "neighbors", "A", v, "json"); ok {
			return r.frrRoutesJSON(netip.MustParseAddr(a[0]), v)
		}
	}
	if a, ok := m("show", "ip", "route", "A", "json"); ok {
		return r.frrRouteJSON(netip.MustParseAddr(a[0]))
	}
	// A prefix ("show ip route 203.0.113.0/25 json"): its entry, found as
	// the longest match of its first address.
	if w := strings.Fields(args[1]); len(w) == 5 && w[0] == "show" && w[1] == "ip" && w[2] == "route" && w[4] == "json" {
		if p, err := netip.ParsePrefix(w[3]); err == nil {
			return r.frrRouteJSON(p.Masked().Addr())
		}
	}
	return "% Unknown command: " + args[1] + "\n"
}

// frrAge renders FRR's peer up time: hh:mm:ss, then 1d02h03m, then
// 01w2d03h.
func frrAge(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 86400:
		return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
	case s < 7*86400:
		return fmt.Sprintf("%dd%02dh%02dm", s/86400, s/3600%24, s/60%60)
	}
	return fmt.Sprintf("%02dw%dd%02dh", s/(7*86400), s/86400%7, s/3600%24)
}

func (r *renderer) frrVersion() string {
	return fmt.Sprintf("FRRouting %s (%s) on Linux(%s).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\nconfigured with:\n"+
		"    '--build=x86_64-linux-gnu' '--prefix=/usr' '--includedir=${prefix}/include' '--mandir=${prefix}/share/man' '--infodir=${prefix}/share/info' '--sysconfdir=/etc' '--localstatedir=/var' '--disable-option-checking' '--disable-silent-rules' '--libdir=${prefix}/lib/x86_64-linux-gnu' '--libexecdir=${prefix}/lib/x86_64-linux-gnu' '--disable-maintainer-mode' '--localstatedir=/var/run/frr' '--sbindir=/usr/lib/frr' '--sysconfdir=/etc/frr' '--with-vtysh-pager=/usr/bin/pager' '--libdir=/usr/lib/x86_64-linux-gnu/frr' '--with-moduledir=/usr/lib/x86_64-linux-gnu/frr/modules' '--disable-dependency-tracking' '--enable-rpki' '--disable-scripting' '--disable-pim6d' '--with-libpam' '--enable-doc' '--enable-doc-html' '--enable-snmp' '--enable-fpm' '--disable-protobuf' '--disable-zeromq' '--enable-ospfapi' '--enable-bgp-vnc' '--enable-multipath=256' '--enable-user=frr' '--enable-group=frr' '--enable-vty-group=frrvty' '--enable-configfile-mask=0640' '--enable-logfile-mask=0640' 'build_alias=x86_64-linux-gnu' 'PYTHON=python3'\n",
		linuxFRR, r.cpe.Hostname, linuxKernel)
}

// inName is the route-map and prefix-list a tunnel's neighbor uses
// inbound ("DC-A-IN").
func inName(t *Tunnel) string { return "DC-" + t.DC + "-IN" }

func (r *renderer) frrConfig() string {
	c := r.cpe
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("Building configuration...\n\nCurrent configuration:\n!")
	w("frr version %s\nfrr defaults traditional\nhostname %s\nlog syslog informational\nno ipv6 forwarding\nservice integrated-vtysh-config\n!", linuxFRR, c.Hostname)
	for _, s := range r.statics() {
		via := s.via
		if via == "Null0" {
			via = "blackhole"
		}
		w("ip route %s %s", s.p, via)
	}
	w("!")
	for _, t := range c.Tunnels {
		w("interface %s\n ip address %s\nexit\n!", t.Interface, t.Config.TunnelIP)
	}
	w("router bgp %d", c.ASN)
	w(" bgp router-id %s", r.routerID())
	w(" no bgp ebgp-requires-policy")
	for _, t := range c.Tunnels {
		n, cf := t.Config.Neighbor, t.Config
		w(" neighbor %s remote-as %d", n, cf.RemoteAS)
		if cf.LocalAS != 0 {
			w(" neighbor %s local-as %d no-prepend replace-as", n, cf.LocalAS)
		}
		w(" neighbor %s description VC-DC-%s", n, t.DC)
		if cf.BGPPassword != "" {
			w(" neighbor %s password %s", n, cf.BGPPassword)
		}
	}
	w(" !\n address-family ipv4 unicast")
	if !c.NoDefaultNetwork {
		w("  network 0.0.0.0/0")
	}
	for _, p := range c.ExtraNetworks {
		w("  network %s", p)
	}
	for _, t := range c.Tunnels {
		n := t.Config.Neighbor
		w("  neighbor %s soft-reconfiguration inbound", n)
		w("  neighbor %s route-map %s in", n, inName(t))
		w("  neighbor %s route-map VC-OUT out", n)
	}
	w(" exit-address-family\nexit\n!")
	for _, t := range c.Tunnels {
		seq := 5
		for _, p := range t.Config.InboundDeny {
			w("ip prefix-list %s seq %d deny %s", inName(t), seq, p)
			seq += 5
		}
		w("ip prefix-list %s seq %d permit %s le 25", inName(t), seq, DINetwork)
		if r.site.IaaS.IsValid() {
			w("ip prefix-list %s seq %d permit %s le 25", inName(t), seq+5, r.site.IaaS)
		}
	}
	w("ip prefix-list VC-OUT seq 5 permit 0.0.0.0/0")
	if c.ExtraPermit {
		for i, p := range c.ExtraNetworks {
			w("ip prefix-list VC-OUT seq %d permit %s", 10+5*i, p)
		}
	}
	w("!")
	for _, t := range c.Tunnels {
		w("route-map %s permit 10\n match ip address prefix-list %s\nexit\n!", inName(t), inName(t))
	}
	w("route-map VC-OUT permit 10\n match ip address prefix-list VC-OUT\nexit\n!\nend")
	return b.String()
}

// accepted lists what a neighbor's inbound policy lets into the table.
func (r *renderer) accepted(t *Tunnel) []bgpPath {
	var out []bgpPath
	for _, p := range r.received(t) {
		if !denied(t, p.prefix) {
			out = append(out, p)
		}
	}
	return out
}

func denied(t *Tunnel, p netip.Prefix) bool {
	for _, d := range t.Config.InboundDeny {
		if d == p {
			return true
		}
	}
	return false
}

// frrPeer is one neighbor's summary values.
type frrPeer struct {
	t                    *Tunnel
	state                string
	up                   time.Duration
	rcvd, sent           int
	pfxRcd, pfxSnt       int
	established, dropped int
	everUp               bool
}

func (r *renderer) frrPeer(t *Tunnel) frrPeer {
	st := t.state()
	p := frrPeer{t: t, state: st.bgpState, established: 1, everUp: true}
	rc, sn := r.bgpMessages(t)
	p.rcvd, p.sent = rc.total(), sn.total()
	if st.bgpUp {
		p.up = t.BGPAge + r.el
		p.pfxRcd, p.pfxSnt = len(r.accepted(t)), len(r.advertised(t))
		// FRR counts keepalives every 60 s... and route refreshes.
		p.rcvd, p.sent = p.rcvd+1, p.sent+1
		return p
	}
	p.dropped = 1
	p.up = 47*time.Minute + r.el
	if ago, _ := r.lastReset(t); ago > 0 {
		p.up = ago
	}
	if p.state == "Active" && t.Faults.DIPasswordDiffers {
		p.state = []string{"Active", "Connect"}[int(r.el/time.Second)%2]
	}
	p.rcvd += 3 + int(t.Seed%5)
	p.sent += 3 + int(t.Seed%5)
	return p
}

func (r *renderer) frrSummaryJSON() string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	c := r.cpe
	table := r.bgpTable()
	w("{\n\"ipv4Unicast\":{")
	w("  \"routerId\":\"%s\",\n  \"as\":%d,\n  \"vrfId\":0,\n  \"vrfName\":\"default\",", r.routerID(), c.ASN)
	w("  \"tableVersion\":%d,\n  \"ribCount\":%d,\n  \"ribMemory\":%d,", len(table)+2, len(table), len(table)*192)
	w("  \"peerCount\":%d,\n  \"peerMemory\":%d,\n  \"peers\":{", len(c.Tunnels), 741464*len(c.Tunnels))
	failed := 0
	for i, t := range r.byNeighbor() {
		p := r.frrPeer(t)
		if p.state != "Established" {
			failed++
		}
		w("    \"%s\":{", t.Config.Neighbor)
		w("      \"hostname\":\"dc-%s\",", strings.ToLower(t.DC))
		w("      \"remoteAs\":%d,\n      \"localAs\":%d,\n      \"version\":4,", t.Config.RemoteAS, localAS(c, t))
		w("      \"msgRcvd\":%d,\n      \"msgSent\":%d,\n      \"tableVersion\":0,\n      \"outq\":0,\n      \"inq\":0,", p.rcvd, p.sent)
		w("      \"peerUptime\":\"%s\",\n      \"peerUptimeMsec\":%d,\n      \"peerUptimeEstablishedEpoch\":%d,",
			frrAge(p.up), p.up.Milliseconds(), r.at.Add(-p.up).Unix())
		w("      \"pfxRcd\":%d,\n      \"pfxSnt\":%d,\n      \"state\":\"%s\",\n      \"peerState\":\"OK\",", p.pfxRcd, p.pfxSnt, p.state)
		w("      \"connectionsEstablished\":%d,\n      \"connectionsDropped\":%d,", p.established, p.dropped)
		w("      \"desc\":\"VC-DC-%s\",\n      \"idType\":\"ipv4\"", t.DC)
		if i < len(c.Tunnels)-1 {
			w("    },")
		} else {
			w("    }")
		}
	}
	w("  },\n  \"failedPeers\":%d,\n  \"displayedPeers\":%d,\n  \"totalPeers\":%d,", failed, len(c.Tunnels), len(c.Tunnels))
	w("  \"dynamicPeers\":0,\n  \"bestPath\":{\n    \"multiPathRelax\":\"false\"\n  }\n}\n}")
	return b.String()
}

func localAS(c *CPE, t *Tunnel) uint32 {
	if t.Config.LocalAS != 0 {
		return t.Config.LocalAS
	}
	return c.ASN
}

func (r *renderer) frrSummary() string {
	var b strings.Builder
	c := r.cpe
	table := r.bgpTable()
	fmt.Fprintf(&b, "\nIPv4 Unicast Summary (VRF default):\nBGP router identifier %s, local AS number %d vrf-id 0\n", r.routerID(), c.ASN)
	fmt.Fprintf(&b, "BGP table version %d\nRIB entries %d, using %d bytes of memory\nPeers %d, using %d KiB of memory\n\n",
		len(table)+2, len(table), len(table)*192, len(c.Tunnels), 724*len(c.Tunnels))
	b.WriteString("Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc\n")
	for _, t := range r.byNeighbor() {
		p := r.frrPeer(t)
		state := fmt.Sprint(p.pfxRcd)
		if p.state != "Established" {
			state = p.state
		}
		fmt.Fprintf(&b, "%-15s 4 %10d %9d %9d %8d %4d %4d %8s %12s %8d VC-DC-%s\n",
			t.Config.Neighbor, t.Config.RemoteAS, p.rcvd, p.sent, 0, 0, 0, frrAge(p.up), state, p.pfxSnt, t.DC)
	}
	fmt.Fprintf(&b, "\nTotal number of neighbors %d\n", len(c.Tunnels))
	return b.String()
}
