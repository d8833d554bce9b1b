package sim

import (
	"net/netip"
	"time"
)

// The profiles the scenarios are judged against, kept here as constants
// because the simulator never reads testdata: acme-east
// (testdata/profiles/example.yaml, one CPE) and globex-west
// (testdata/profiles/two-cpe.yaml, two CPEs).
var (
	DINetwork = netip.MustParsePrefix("203.0.113.0/24")
	DCANet    = netip.MustParsePrefix("203.0.113.0/25")
	DCBNet    = netip.MustParsePrefix("203.0.113.128/25")
	// GlobexIaaS is two-cpe.yaml's iaas_network.
	GlobexIaaS = netip.MustParsePrefix("198.51.100.0/24")

	acmeCrypto = Crypto{
		Encryption: "aes-gcm-256", PRF: "sha512", DHGroups: []int{20}, IKELife: 24 * time.Hour,
		Transform: "esp-gcm 256", PFS: 20, IPsecLife: time.Hour,
	}
	globexCrypto = Crypto{
		Encryption: "aes-cbc-256", Integrity: "sha256", PRF: "sha256", DHGroups: []int{19, 20},
		IKELife: 24 * time.Hour, Transform: "esp-aes 256 esp-sha256-hmac", PFS: 19, IPsecLife: time.Hour,
	}

	acmeTunnel1 = Form{
		IPsecLocal: addr("192.0.2.1"), IPsecPeer: addr("198.51.100.1"),
		GRESource: addr("192.0.2.1"), GREDestination: addr("198.51.100.2"),
		CPETunnelIP: netip.MustParsePrefix("100.64.1.2/30"), DITunnelIP: addr("100.64.1.1"),
		CPEASN: 64601, DIASN: 64602,
	}
	acmeTunnel2 = Form{
		IPsecLocal: addr("192.0.2.1"), IPsecPeer: addr("198.51.100.65"),
		GRESource: addr("192.0.2.1"), GREDestination: addr("198.51.100.66"),
		CPETunnelIP: netip.MustParsePrefix("100.64.2.2/30"), DITunnelIP: addr("100.64.2.1"),
		CPEASN: 64611, DIASN: 64612,
	}
	globexDCA = Form{
		IPsecLocal: addr("192.0.2.1"), IPsecPeer: addr("198.51.100.1"),
		GRESource: addr("192.0.2.1"), GREDestination: addr("198.51.100.1"),
		CPETunnelIP: netip.MustParsePrefix("100.64.10.2/30"), DITunnelIP: addr("100.64.10.1"),
		CPEASN: 64601, DIASN: 64602,
	}
	globexDCB = Form{
		IPsecLocal: addr("192.0.2.129"), IPsecPeer: addr("198.51.100.129"),
		GRESource: addr("192.0.2.130"), GREDestination: addr("198.51.100.130"),
		CPETunnelIP: netip.MustParsePrefix("100.64.10.6/30"), DITunnelIP: addr("100.64.10.5"),
		CPEASN: 64611, DIASN: 64612,
	}
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

// Planted secrets. Real configurations carry them, so the renderings do
// too: tests elsewhere grep reports and redacted transcripts for every
// string in PlantedSecrets.
const (
	PSKTunnel1    = "VCpsk-DCA-2026!"
	PSKTunnel2    = "VCpsk-DCB-2026!"
	BGPPassword1  = "VCbgp-DCA-2026!"
	BGPPassword2  = "VCbgp-DCB-2026!"
	SNMPCommunity = "VCsnmp-ro-2026!"
	EnableSecret9 = "$9$nhEmQVczB7dqsE$X.cA8yMdGuNq8ORdPPFF8Bwy5a2X/xn6TT1EEvm9kVk"
	AdminSecret9  = "$9$4BkBgp2oQm2vEE$gbA2WTkWs6vYG0Q.0X0rY1rqRnw3M3sTQ2a8mGZ3dq2"
	WrongPSK      = "VCpsk-DCA-2025!"
	WrongBGPPass  = "VCbgp-DCA-2025!"

	defaultUptime = 23*24*time.Hour + 4*time.Hour + 12*time.Minute + 31*time.Second
	defaultMSS    = 1350
	defaultIPMTU  = 1400
	// bouncingPeriod is shorter than the default 10 s sample interval, so
	// any two samples that far apart see a different SA, whenever taken.
	bouncingPeriod = 9 * time.Second
)

// PlantedSecrets lists every secret the renderings may contain, in every
// form they appear in (clear text and type 7), for redaction tests.
var PlantedSecrets = []string{
	PSKTunnel1, PSKTunnel2, BGPPassword1, BGPPassword2, SNMPCommunity,
	EnableSecret9, AdminSecret9, WrongPSK, WrongBGPPass,
	type7(BGPPassword1), type7(BGPPassword2), type7(WrongBGPPass),
}

// NewSite returns the healthy one-CPE acme-east site: cpe1 with Tunnel1 to
// DC-A and Tunnel2 to DC-B (Tunnel2's neighbor with local-as 64611, since
// router bgp is 64601). The DI IPsec and GRE addresses differ, so the
// tunnels are protected by a crypto map with GRE ACLs.
func NewSite(start time.Time) *Site {
	c := newCPE("cpe1", "192.0.2.10", "192.0.2.1/24", "10.10.0.1/24", 64601, "9ZK1X7Q4MNA", "5254.0012.a001")
	t1 := newTunnel("tunnel1", "A", "Tunnel1", acmeTunnel1, acmeCrypto, PSKTunnel1, BGPPassword1, 11)
	t2 := newTunnel("tunnel2", "B", "Tunnel2", acmeTunnel2, acmeCrypto, PSKTunnel2, BGPPassword2, 23)
	t2.Config.LocalAS = acmeTunnel2.CPEASN
	t1.Traffic = Traffic{InBPS: 41_216_000, OutBPS: 23_448_000, InSize: 612, OutSize: 388}
	t2.Traffic = Traffic{InBPS: 36_904_000, OutBPS: 19_872_000, InSize: 598, OutSize: 402}
	c.Tunnels = []*Tunnel{t1, t2}
	return &Site{Name: "acme-east", Start: start, Crypto: acmeCrypto, CPEs: []*CPE{c}}
}

// NewTwoCPESite returns the healthy two-CPE globex-west site: edge-a with
// Tunnel100 to DC-A (one DI address for IPsec and GRE: tunnel protection)
// and edge-b with Tunnel1 to DC-B (separate IPsec and GRE addresses on
// both sides: a crypto map, GRE sourced from Loopback1). DI also
// advertises the IaaS /24, which covers the DI transport IPs, so both CPEs
// pin those with /32 static routes.
func NewTwoCPESite(start time.Time) *Site {
	a := newCPE("edge-a", "", "192.0.2.1/25", "10.20.0.1/24", 64601, "9ZK1X7Q4MNC", "5254.0012.c001")
	b := newCPE("edge-b", "192.0.2.20", "192.0.2.129/25", "10.20.0.2/24", 64611, "9ZK1X7Q4MND", "5254.0012.d001")
	a.Gateway, b.Gateway = addr("192.0.2.126"), addr("192.0.2.254")
	b.Loopback1 = netip.MustParsePrefix("192.0.2.130/32")
	a.PinTransport, b.PinTransport = true, true
	b.Uptime = 41*24*time.Hour + 7*time.Hour + 3*time.Minute + 12*time.Second
	t1 := newTunnel("dc-a", "A", "Tunnel100", globexDCA, globexCrypto, PSKTunnel1, BGPPassword1, 11)
	t1.Config.Protection = "profile"
	t2 := newTunnel("dc-b", "B", "Tunnel1", globexDCB, globexCrypto, PSKTunnel2, BGPPassword2, 23)
	t2.Config.Source = "Loopback1"
	iaasA, iaasB := halves(GlobexIaaS)
	t1.DIRoutes = append(t1.DIRoutes, GlobexIaaS, iaasA)
	t2.DIRoutes = append(t2.DIRoutes, GlobexIaaS, iaasB)
	t1.Traffic = Traffic{InBPS: 41_216_000, OutBPS: 23_448_000, InSize: 612, OutSize: 388}
	t2.Traffic = Traffic{InBPS: 36_904_000, OutBPS: 19_872_000, InSize: 598, OutSize: 402}
	a.Tunnels = []*Tunnel{t1}
	b.Tunnels = []*Tunnel{t2}
	return &Site{Name: "globex-west", Start: start, Crypto: globexCrypto, IaaS: GlobexIaaS, CPEs: []*CPE{a, b}}
}

// halves splits a /24 into its lower and upper /25.
func halves(p netip.Prefix) (netip.Prefix, netip.Prefix) {
	a := p.Addr().As4()
	a[3] = 128
	return netip.PrefixFrom(p.Addr(), 25), netip.PrefixFrom(netip.AddrFrom4(a), 25)
}

func newCPE(host, mgmt, public, lan string, asn uint32, serial, mac string) *CPE {
	c := &CPE{
		Hostname: host,
		Public:   netip.MustParsePrefix(public),
		Gateway:  addr("192.0.2.254"),
		LAN:      netip.MustParsePrefix(lan),
		ASN:      asn,
		Serial:   serial,
		MAC:      mac,
		Uptime:   defaultUptime,
	}
	if mgmt != "" {
		c.Mgmt = addr(mgmt)
	}
	return c
}

func newTunnel(name, dc, ifname string, f Form, cr Crypto, psk, bgpPass string, seed uint32) *Tunnel {
	dcNet := DCANet
	if dc == "B" {
		dcNet = DCBNet
	}
	s := time.Duration(seed) * time.Second
	return &Tunnel{
		Name: name, DC: dc, Interface: ifname, Form: f,
		Config: TunnelConfig{
			GREDestination: f.GREDestination,
			TunnelIP:       f.CPETunnelIP,
			Keepalive:      true,
			MSS:            defaultMSS,
			PMTUD:          true,
			IPMTU:          defaultIPMTU,
			ACLProtocol:    "gre",
			Protection:     "map",
			Source:         "GigabitEthernet1",
			Crypto:         cr,
			PSK:            psk,
			Neighbor:       f.DITunnelIP,
			RemoteAS:       f.DIASN,
			BGPPassword:    bgpPass,
		},
		DIRoutes: []netip.Prefix{DINetwork, dcNet},
		IKEAge:   5820*time.Second + s,
		IPsecAge: 1230*time.Second + s,
		BGPAge:   5790*time.Second + s,
		Seed:     seed,
	}
}
