package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/profile"
)

func sampleAt(s int) time.Time { return t0.Add(time.Duration(s-1) * 10 * time.Second) }

func addIKEv2(t testing.TB, f *fixture, s int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("IPv4 Crypto IKEv2  SA\n\n")
	for i, tt := range f.p.Tunnels {
		active := 1757 + 10*(s-1) + 100*i
		fmt.Fprintf(&b, `Tunnel-id Local                 Remote                fvrf/ivrf            Status
%d         %s/500          %s/500      none/none            READY
      Encr: AES-GCM, keysize: 256, PRF: SHA512, Hash: None, DH Grp:20, Auth sign: PSK, Auth verify: PSK
      Life/Active Time: 86400/%d sec
      CE id: 0, Session-id: %d
      Local spi: 4924FD2741CC90F%d       Remote spi: 601ED2AB91327DA%d
      Status Description: Negotiation done
      NAT-T is not detected

`, i+1, tt.IPsecLocal, tt.IPsecPeer, active, 70+i, i, i)
	}
	o := output(cmdIKEv2, parsers.KindIKEv2SA, "", "", b.String(), sampleAt(s))
	var sas []parsers.IKEv2SA
	from := 1
	for i, tt := range f.p.Tunnels {
		sp := spanOf(t, o.Lines, from, fmt.Sprintf("%d         %s", i+1, tt.IPsecLocal), "NAT-T")
		from = sp.End
		active := time.Duration(1757+10*(s-1)+100*i) * time.Second
		sas = append(sas, parsers.IKEv2SA{TunnelID: i + 1, Local: ap(tt.IPsecLocal.String(), 500), Remote: ap(tt.IPsecPeer.String(), 500),
			FVRF: "none", IVRF: "none", Status: "READY", Encryption: "aes-gcm-256", PRF: "sha512", Integrity: "none", DHGroup: 20,
			Lifetime: 86400 * time.Second, ActiveTime: active, SessionID: 70 + i,
			LocalSPI: fmt.Sprintf("4924FD2741CC90F%d", i), RemoteSPI: fmt.Sprintf("601ED2AB91327DA%d", i),
			Description: "Negotiation done", Span: sp})
	}
	f.add(fmt.Sprintf("ikev2#%d", s), o, sas)
}

func addIPsec(t testing.TB, f *fixture, s int) {
	t.Helper()
	var b strings.Builder
	for i, tt := range f.p.Tunnels {
		enc, dec := 1000+500*uint64(s-1), 990+480*uint64(s-1)
		fmt.Fprintf(&b, `interface: Tunnel%d
    Crypto map tag: Tunnel%d-head-0, local addr %s

   protected vrf: (none)
   local  ident (addr/mask/prot/port): (%s/255.255.255.255/47/0)
   remote ident (addr/mask/prot/port): (%s/255.255.255.255/47/0)
   current_peer %s port 500
     PERMIT, flags={origin_is_acl,}
    #pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d
    #pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d
    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0
    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0

     local crypto endpt.: %s, remote crypto endpt.: %s
     plaintext mtu 1446, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1
     current outbound spi: 0x746D481%d(1953318940)
     PFS (Y/N): Y, DH group: group20

     inbound esp sas:
      spi: 0xAF2C174%d(2938902339)
        transform: esp-gcm 256 ,
        in use settings ={Tunnel, }
        Status: ACTIVE(ACTIVE)

     outbound esp sas:
      spi: 0x746D481%d(1953318940)
        transform: esp-gcm 256 ,
        in use settings ={Tunnel, }
        Status: ACTIVE(ACTIVE)

`, i+1, i+1, tt.IPsecLocal, tt.GRESource, tt.GREDestination, tt.IPsecPeer, enc, enc, enc, dec, dec, dec,
			tt.IPsecLocal, tt.IPsecPeer, i, i, i)
	}
	o := output(cmdIPsec, parsers.KindIPsecSA, "", "", b.String(), sampleAt(s))
	var flows []parsers.IPsecFlow
	from := 1
	for i, tt := range f.p.Tunnels {
		sp := spanOf(t, o.Lines, lineOf(t, o.Lines, from, fmt.Sprintf("interface: Tunnel%d", i+1)), "protected vrf", "outbound esp sas")
		in := spanOf(t, o.Lines, sp.Start, "spi: 0xAF", "Status:")
		out := spanOf(t, o.Lines, in.End, "spi: 0x746", "Status:")
		sp.End = out.End
		from = sp.End
		esp := func(spi string, span parsers.Span) parsers.ESPSA {
			return parsers.ESPSA{SPI: spi, Transform: []string{"esp-gcm-256"}, Mode: "tunnel", Status: "ACTIVE(ACTIVE)", Span: span}
		}
		flows = append(flows, parsers.IPsecFlow{Interface: fmt.Sprintf("Tunnel%d", i+1), LocalAddr: tt.IPsecLocal,
			LocalIdent:  parsers.IPsecIdent{Prefix: mustPfx(tt.GRESource.String() + "/32"), Protocol: 47},
			RemoteIdent: parsers.IPsecIdent{Prefix: mustPfx(tt.GREDestination.String() + "/32"), Protocol: 47},
			Peer:        tt.IPsecPeer, PeerPort: 500,
			PktsEncaps: 1000 + 500*uint64(s-1), PktsDecaps: 990 + 480*uint64(s-1),
			LocalEndpoint: tt.IPsecLocal, RemoteEndpoint: tt.IPsecPeer, PlaintextMTU: 1446, PathMTU: 1500,
			PFS: true, DHGroup: 20,
			Inbound:  []parsers.ESPSA{esp(fmt.Sprintf("0xAF2C174%d", i), in)},
			Outbound: []parsers.ESPSA{esp(fmt.Sprintf("0x746D481%d", i), out)}, Span: sp})
	}
	f.add(fmt.Sprintf("ipsec#%d", s), o, flows)
}

func addSession(t testing.TB, f *fixture) {
	t.Helper()
	text := "Crypto session current status\n\nInterface: Tunnel1\nProfile: VC-A\nSession status: UP-ACTIVE\nPeer: 198.51.100.1 port 500\n  IKEv2 SA: local 192.0.2.1/500 remote 198.51.100.1/500 Active\n"
	o := output(cmdSession, parsers.KindCryptoSession, "", "", text, t0)
	f.add("session", o, []parsers.CryptoSession{{Interface: "Tunnel1", Status: "UP-ACTIVE", Peer: mustAddr("198.51.100.1"),
		IKESAs: []parsers.CryptoSessionIKE{{Version: "IKEv2", RemoteAddr: mustAddr("198.51.100.1"), Status: "Active"}},
		Span:   parsers.Span{Start: 3, End: 7}}})
}

func addInterface(t testing.TB, f *fixture, tt *profile.Tunnel, s int) {
	t.Helper()
	in, out := 1523001+uint64(s-1)*20, 1498002+uint64(s-1)*20
	text := fmt.Sprintf(`%s is up, line protocol is up
  Hardware is Tunnel
  Internet address is %s
  MTU 9976 bytes, BW 100 Kbit/sec, DLY 50000 usec,
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation TUNNEL, loopback not set
  Keepalive set (10 sec), retries 3
  Tunnel linestate evaluation up
  Tunnel source %s (GigabitEthernet1), destination %s
  Tunnel protocol/transport GRE/IP
    Key disabled, sequencing disabled
  Path MTU Discovery, ager 10 mins, min MTU 92
  Tunnel transport MTU 1500 bytes
  Tunnel protection via IPSec (profile "VC-%s")
  5 minute input rate 42000000 bits/sec, 5100 packets/sec
  5 minute output rate 38000000 bits/sec, 4800 packets/sec
     %d packets input, 190375125 bytes, 0 no buffer
     %d packets output, 183000250 bytes, 0 underruns
`, tt.Interface, tt.CPETunnelIP, tt.GRESource, tt.GREDestination, tt.DC, in, out)
	o := output("show interfaces "+tt.Interface, parsers.KindInterfaces, tt.Interface, "", text, sampleAt(s))
	rec := parsers.Interface{Name: tt.Interface, Status: "up", Protocol: "up", Address: tt.CPETunnelIP, MTU: 9976,
		KeepaliveSet: true, KeepalivePeriod: 10 * time.Second, KeepaliveRetries: 3, TunnelSource: tt.GRESource,
		TunnelSourceIface: "GigabitEthernet1", TunnelDestination: tt.GREDestination, TunnelProtocol: "GRE/IP",
		TunnelTransportMTU: 1500, TunnelProtection: "VC-" + string(tt.DC), LinestateEvaluation: "up", PMTUD: true,
		TunnelKey: "disabled", InputRateBps: 42000000, OutputRateBps: 38000000, InputPackets: in, OutputPackets: out,
		Span: parsers.Span{Start: 1, End: len(o.Lines)}}
	f.add(fmt.Sprintf("if:%s#%d", tt.Interface, s), o, []parsers.Interface{rec})
}

func addPing(t testing.TB, f *fixture, tt *profile.Tunnel) {
	t.Helper()
	text := fmt.Sprintf(`Type escape sequence to abort.
Sending 5, 100-byte ICMP Echos to %s, timeout is 2 seconds:
Packet sent with a source address of %s
!!!!!
Success rate is 100 percent (5/5), round-trip min/avg/max = 21/22/24 ms
`, tt.DITunnelIP, tt.CPETunnelIP.Addr())
	o := output(cmdPing(tt), parsers.KindPing, tt.DITunnelIP.String(), "", text, t0)
	f.add("ping:"+tt.DITunnelIP.String(), o, &parsers.Ping{Target: tt.DITunnelIP, Repeat: 5, Size: 100, Source: tt.Interface,
		Marks: "!!!!!", Sent: 5, Received: 5, Percent: 100, Span: parsers.Span{Start: 2, End: 5}})
}
