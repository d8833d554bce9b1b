package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// ipsecSA renders "show crypto ipsec sa [peer X] detail" (IOS-XE 17
// layout): a crypto map groups its peers under the public interface, a
// tunnel protection profile shows under the tunnel as "TunnelN-head-0".
func (r *renderer) ipsecSA(peer netip.Addr) string {
	var b strings.Builder
	c := r.cpe
	mapDone := false
	for _, t := range c.Tunnels {
		if peer.IsValid() && t.Form.IPsecPeer != peer {
			continue
		}
		switch {
		case t.Config.Protection == "profile":
			fmt.Fprintf(&b, "interface: %s\n    Crypto map tag: %s-head-0, local addr %s\n\n", t.Interface, t.Interface, t.Form.IPsecLocal)
		case !mapDone:
			fmt.Fprintf(&b, "interface: GigabitEthernet1\n    Crypto map tag: VC-MAP, local addr %s\n\n", c.Public.Addr())
			mapDone = true
		}
		r.ipsecBlock(&b, t)
	}
	return b.String()
}

func (r *renderer) ipsecBlock(b *strings.Builder, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	fl := r.flows(t)
	cr := t.Config.Crypto
	proto := 47
	if t.Config.ACLProtocol == "ip" {
		proto = 0
	}
	w("   protected vrf: (none)")
	w("   local  ident (addr/mask/prot/port): (%s/255.255.255.255/%d/0)", t.Form.GRESource, proto)
	w("   remote ident (addr/mask/prot/port): (%s/255.255.255.255/%d/0)", t.Form.GREDestination, proto)
	w("   current_peer %s port 500", t.Form.IPsecPeer)
	w("     PERMIT, flags={origin_is_acl,}")
	w("    #pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d", fl.encaps, fl.encaps, fl.encaps)
	w("    #pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d", fl.decaps, fl.decaps, fl.decaps)
	w("    #pkts compressed: 0, #pkts decompressed: 0")
	w("    #pkts not compressed: 0, #pkts compr. failed: 0")
	w("    #pkts not decompressed: 0, #pkts decompress failed: 0")
	w("    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0")
	w("    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0")
	w("    #pkts invalid prot (recv) 0, #pkts verify failed: 0")
	w("    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0")
	w("    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0")
	w("    ##pkts replay failed (rcv): 0")
	w("    #pkts tagged (send): 0, #pkts untagged (rcv): 0")
	w("    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0")
	w("    #pkts internal err (send): 0, #pkts internal err (recv) 0")
	w("")
	w("     local crypto endpt.: %s, remote crypto endpt.: %s", t.Form.IPsecLocal, t.Form.IPsecPeer)
	if !st.ipsecSA {
		w("     plaintext mtu 1500, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1")
		w("     current outbound spi: 0x0(0)")
		w("     PFS (Y/N): N, DH group: none")
		for _, dir := range []string{"inbound", "outbound"} {
			w("")
			w("     %s esp sas:", dir)
			w("")
			w("     %s ah sas:", dir)
			w("")
			w("     %s pcp sas:", dir)
		}
		w("")
		return
	}
	remaining, gen := r.ipsecRemaining(t)
	spiIn, spiOut := uint32(hash64(t.Seed, gen, 4)), uint32(hash64(t.Seed, gen, 5))
	w("     plaintext mtu %d, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1", plaintextMTU(cr))
	w("     current outbound spi: 0x%X(%d)", spiOut, spiOut)
	w("     PFS (Y/N): Y, DH group: group%d", cr.PFS)
	tag := "VC-MAP"
	if t.Config.Protection == "profile" {
		tag = t.Interface + "-head-0"
	}
	conn := 2000 + 2*int(t.Seed) + 4*gen
	for i, dir := range []string{"inbound", "outbound"} {
		spi := spiIn
		if i == 1 {
			spi = spiOut
		}
		w("")
		w("     %s esp sas:", dir)
		w("      spi: 0x%X(%d)", spi, spi)
		w("        transform: %s ,", transformShow(cr.Transform))
		w("        in use settings ={%s}", useSettings(cr))
		w("        conn id: %d, flow_id: CSR:%d, sibling_flags FFFFFFFF80000048, crypto map: %s, initiator : True",
			conn+i, conn+i-2000, tag)
		w("        sa timing: remaining key lifetime (sec): %d", int(remaining/time.Second))
		w("        Kilobyte Volume Rekey has been disabled")
		w("        IV size: %d bytes", ivSize(cr))
		w("        replay detection support: Y")
		w("        Status: ACTIVE(ACTIVE)")
		w("")
		w("     %s ah sas:", dir)
		w("")
		w("     %s pcp sas:", dir)
	}
	w("")
}

// transformShow renders a transform-set body as the SA listing does:
// "esp-gcm 256" stays, "esp-aes 256 esp-sha256-hmac" becomes
// "esp-256-aes esp-sha256-hmac".
func transformShow(t string) string {
	if strings.HasPrefix(t, "esp-aes 256") {
		return "esp-256-aes" + strings.TrimPrefix(t, "esp-aes 256")
	}
	return t
}

func isGCM(c Crypto) bool { return strings.HasPrefix(c.Transform, "esp-gcm") }

func useSettings(c Crypto) string {
	if isGCM(c) {
		return "Tunnel, esn"
	}
	return "Tunnel, "
}

func ivSize(c Crypto) int {
	if isGCM(c) {
		return 8
	}
	return 16
}

// plaintextMTU is what IOS-XE reports for tunnel mode on a 1500 path:
// 1446 with GCM-256, 1438 with AES-CBC/SHA-256.
func plaintextMTU(c Crypto) int {
	if isGCM(c) {
		return 1446
	}
	return 1438
}

// cryptoSession renders "show crypto session detail".
func (r *renderer) cryptoSession() string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f+"\n", a...) }
	w("Crypto session current status")
	w("")
	w("Code: C - IKE Configuration mode, D - Dead Peer Detection     ")
	w("K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     ")
	w("X - IKE Extended Authentication, F - IKE Fragmentation")
	w("R - IKE Auto Reconnect, U - IKE Dynamic Route Update")
	w("S - SIP VPN")
	w("")
	for i, t := range r.cpe.Tunnels {
		r.sessionBlock(&b, i, t)
	}
	return b.String()
}

func (r *renderer) sessionBlock(b *strings.Builder, idx int, t *Tunnel) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	st := t.state()
	fl := r.flows(t)
	ifname := "GigabitEthernet1"
	if t.Config.Protection == "profile" {
		ifname = t.Interface
	}
	w("Interface: %s", ifname)
	w("Profile: VC-IKEV2-DC%s", t.DC)
	active, gen := t.ikeActive(r.el)
	switch st.ikeStatus {
	case "READY":
		w("Uptime: %s", age(active))
		w("Session status: UP-ACTIVE     ")
	case "IN-NEG":
		w("Session status: DOWN-NEGOTIATING")
	default:
		w("Session status: DOWN")
	}
	w("Peer: %s port 500 fvrf: (none) ivrf: (none)", t.Form.IPsecPeer)
	if st.ikeStatus == "READY" {
		w("      Phase1_id: %s", t.Form.IPsecPeer)
	}
	w("      Desc: (none)")
	if st.ikeStatus != "" {
		w("  Session ID: %d  ", 1+idx+2*gen)
		if st.ikeStatus == "READY" {
			life := t.Config.Crypto.IKELife - active
			w("  IKEv2 SA: local %s/500 remote %s/500 Active ", t.Form.IPsecLocal, t.Form.IPsecPeer)
			w("          Capabilities:D connid:%d lifetime:%s", 1+idx+2*gen, age(life))
		} else {
			w("  IKEv2 SA: local %s/500 remote %s/500 Inactive ", t.Form.IPsecLocal, t.Form.IPsecPeer)
			w("          Capabilities:(none) connid:0 lifetime:00:00:00")
		}
	}
	proto := "47"
	if t.Config.ACLProtocol == "ip" {
		proto = "ip"
	}
	w("  IPSEC FLOW: permit %s host %s host %s ", proto, t.Form.GRESource, t.Form.GREDestination)
	if st.ipsecSA {
		rem, _ := r.ipsecRemaining(t)
		w("        Active SAs: 2, origin: crypto map")
		w("        Inbound:  #pkts dec'ed %d drop 0 life (KB/Sec) KB Vol Rekey Disabled/%d", fl.decaps, int(rem/time.Second))
		w("        Outbound: #pkts enc'ed %d drop 0 life (KB/Sec) KB Vol Rekey Disabled/%d", fl.encaps, int(rem/time.Second))
	} else {
		w("        Active SAs: 0, origin: crypto map")
		w("        Inbound:  #pkts dec'ed 0 drop 0 life (KB/Sec) 0/0")
		w("        Outbound: #pkts enc'ed 0 drop 0 life (KB/Sec) 0/0")
	}
	w("")
}
