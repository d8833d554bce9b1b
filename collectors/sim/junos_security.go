package sim

import (
	"fmt"
	"strings"
	"time"
)

// junosIKEIndex is the IKE SA index Junos gives a negotiation: it changes
// with every new SA, as the cookies do.
func junosIKEIndex(t *Tunnel, gen int) uint64 {
	return 5622800 + uint64(t.Seed%97)*13 + uint64(gen)
}

// junosIKE renders show security ike security-associations [detail]. An
// established SA is UP; one whose IKE_SA_INIT is never answered is listed
// DOWN with a zero responder cookie (the SRX keeps retrying it); a
// rejected negotiation leaves no SA.
func (r *renderer) junosIKE(detail bool) string {
	var b strings.Builder
	if !detail {
		b.WriteString("Index   State  Initiator cookie  Responder cookie  Mode           Remote Address\n")
	}
	for _, t := range r.cpe.Tunnels {
		st := t.state()
		if st.ikeStatus == "" {
			continue
		}
		_, gen := t.ikeActive(r.el)
		up := st.ikeStatus == "READY"
		state, resp := "UP", fmt.Sprintf("%016x", hash64(t.Seed, gen, 2))
		if !up {
			state, resp = "DOWN", "0000000000000000"
			gen = int(r.el / (10 * time.Second))
		}
		idx, init := junosIKEIndex(t, gen), fmt.Sprintf("%016x", hash64(t.Seed, gen, 1))
		if !detail {
			fmt.Fprintf(&b, "%-7d %-6s %s  %s  %-14s %s\n", idx, state, init, resp, "IKEv2", t.Form.IPsecPeer)
			continue
		}
		r.junosIKEDetail(&b, t, idx, state, init, resp)
	}
	return b.String()
}

// junosIKEDetail is one "IKE peer" block of the detail form.
func (r *renderer) junosIKEDetail(b *strings.Builder, t *Tunnel, idx uint64, state, init, resp string) {
	f, cr := t.Form, t.Config.Crypto
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	w("IKE peer %s, Index %d, Gateway Name: %s", f.IPsecPeer, idx, junosGateway(t))
	w("  Role: Initiator, State: %s", state)
	w("  Initiator cookie: %s, Responder cookie: %s", init, resp)
	w("  Exchange type: IKEv2, Authentication method: Pre-shared-keys")
	w("  Local gateway interface: %s", junosPublicIf)
	w("  Routing instance: default")
	w("  Local: %s:500, Remote: %s:500", f.IPsecLocal, f.IPsecPeer)
	if state != "UP" {
		w("  Lifetime: Expires in 0 seconds")
		w("  Reauth Lifetime: Disabled")
		w("  IKE Fragmentation: Enabled, Size: 576")
		w("  Remote Access Client Info: Unknown Client")
		w("  Peer ike-id: not valid")
		w("  AAA assigned IP: 0.0.0.0")
		w("  Algorithms:")
		w("   Authentication        : unknown")
		w("   Encryption            : unknown")
		w("   Pseudo random function: unknown")
		w("   Diffie-Hellman group  : unknown")
		w("  Traffic statistics:")
		sent := int64(r.el/(10*time.Second)) + 3
		w("   Input  bytes  :                    0")
		w("   Output bytes  :  %19d", sent*436)
		w("   Input  packets:                    0")
		w("   Output packets:  %19d", sent)
		w("   Input  fragmented packets:         0")
		w("   Output fragmented packets:         0")
		w("  IPSec security associations: 0 created, 0 deleted")
		w("  Phase 2 negotiations in progress: 0")
		return
	}
	ikeAge, _ := t.ikeActive(r.el)
	w("  Lifetime: Expires in %d seconds", int((cr.IKELife - ikeAge).Seconds()))
	w("  Reauth Lifetime: Disabled")
	w("  IKE Fragmentation: Enabled, Size: 576")
	w("  Remote Access Client Info: Unknown Client")
	w("  Peer ike-id: %s", f.IPsecPeer)
	w("  AAA assigned IP: 0.0.0.0")
	w("  Algorithms:")
	auth := "none"
	if cr.Integrity != "" {
		auth = junosIKEIntegrity(cr.Integrity)
	}
	w("   Authentication        : %s", auth)
	w("   Encryption            : %s", junosCipher(cr.Encryption))
	w("   Pseudo random function: hmac-%s", cr.PRF)
	dh := 20
	if len(cr.DHGroups) > 0 {
		dh = cr.DHGroups[0]
	}
	w("   Diffie-Hellman group  : DH-group-%d", dh)
	// IKE itself carries only DPD and rekeys: a packet a minute or so.
	pk := int64(ikeAge/(47*time.Second)) + 4
	w("  Traffic statistics:")
	w("   Input  bytes  :  %19d", pk*92)
	w("   Output bytes  :  %19d", pk*92+420)
	w("   Input  packets:  %19d", pk)
	w("   Output packets:  %19d", pk+1)
	w("   Input  fragmented packets:         0")
	w("   Output fragmented packets:         0")
	_, cgen := t.ipsecActive(r.el)
	w("  IPSec security associations: %d created, %d deleted", 2*(cgen+1), 2*cgen)
	w("  Phase 2 negotiations in progress: 0")
}

// junosIKEIntegrity is the IKE SA's integrity as the detail form names it.
func junosIKEIntegrity(h string) string {
	switch h {
	case "sha1":
		return "hmac-sha1-96"
	case "sha384":
		return "hmac-sha384-192"
	case "sha512":
		return "hmac-sha512-256"
	}
	return "hmac-sha256-128"
}

// junosESPAlgorithm is the brief form's Algorithm column
// ("ESP:aes-gcm-256/None", "ESP:aes-cbc-256/sha256").
func junosESPAlgorithm(cr Crypto) string {
	if isGCM(cr) {
		return "ESP:aes-gcm-256/None"
	}
	return "ESP:aes-cbc-256/sha256"
}

// junosSPI renders an SPI as Junos does: hex without leading zeros.
func junosSPI(t *Tunnel, gen, purpose int) string {
	return fmt.Sprintf("%x", uint32(hash64(t.Seed, gen, purpose)))
}

// junosIPsec renders show security ipsec security-associations [detail]:
// the inbound and outbound ESP SA of every VPN whose IKE SA is up.
func (r *renderer) junosIPsec(detail bool) string {
	var b strings.Builder
	var up []*Tunnel
	for _, t := range r.cpe.Tunnels {
		if t.state().ipsecSA {
			up = append(up, t)
		}
	}
	if !detail {
		fmt.Fprintf(&b, "  Total active tunnels: %d\n", len(up))
		b.WriteString("  ID    Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway\n")
		for _, t := range up {
			rem, gen := r.ipsecRemaining(t)
			for _, dir := range []struct {
				mark    string
				purpose int
			}{{"<", 3}, {">", 4}} {
				fmt.Fprintf(&b, "  %s%d %s %s %d/ unlim - root 500 %s\n", dir.mark, junosIndex(t), junosESPAlgorithm(t.Config.Crypto),
					junosSPI(t, gen, dir.purpose), int(rem.Seconds()), t.Form.IPsecPeer)
			}
		}
		return b.String()
	}
	for _, t := range up {
		r.junosIPsecDetail(&b, t)
	}
	return b.String()
}

// junosIPsecDetail is one VPN's block of the detail form.
func (r *renderer) junosIPsecDetail(b *strings.Builder, t *Tunnel) {
	w := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	f, cr := t.Form, t.Config.Crypto
	rem, gen := r.ipsecRemaining(t)
	w("ID: %d Virtual-system: root, VPN Name: %s", junosIndex(t), junosVPN(t))
	w("  Local Gateway: %s, Remote Gateway: %s", f.IPsecLocal, f.IPsecPeer)
	// The identities are the proxy-identity: protocol:port, then the
	// address range; "any" is all IP, the fault of a missing service.
	proto := "gre"
	if t.Config.ACLProtocol != "gre" {
		proto = "any"
	}
	w("  Local Identity: ipv4_subnet(%s:0,[0..7]=%s/32)", proto, junosGRESource(r.cpe, t))
	w("  Remote Identity: ipv4_subnet(%s:0,[0..7]=%s/32)", proto, f.GREDestination)
	w("  Version: IKEv2")
	w("  DF-bit: clear, Copy-Outer-DSCP Disabled, Bind-interface: %s", junosST(t))
	w("  Port: 500, Nego#: %d, Fail#: 0, Def-Del#: 0 Flag: 0x600a29", gen+1)
	w("  Multi-sa, Configured SAs# 1, Negotiated SAs#: 1")
	w("  Tunnel events:")
	w("    %s: IPSec SA negotiation successfully completed (%d times)", r.at.Add(-(cr.IPsecLife - rem)).UTC().Format("Mon Jan 02 2006 15:04:05"), gen+1)
	w("    %s: IKE SA negotiation successfully completed (1 times)", r.at.Add(-(t.IKEAge + r.el)).UTC().Format("Mon Jan 02 2006 15:04:05"))
	enc := "aes-cbc (256 bits)"
	auth := "hmac-sha256-128"
	if isGCM(cr) {
		enc, auth = "aes-gcm (256 bits)", "none"
	}
	for _, dir := range []struct {
		name    string
		purpose int
	}{{"inbound", 3}, {"outbound", 4}} {
		w("  Direction: %s, SPI: %s, AUX-SPI: 0", dir.name, junosSPI(t, gen, dir.purpose))
		w("                              , VPN Monitoring: -")
		w("    Hard lifetime: Expires in %d seconds", int(rem.Seconds()))
		w("    Lifesize Remaining:  Unlimited")
		w("    Soft lifetime: Expires in %d seconds", max(int(rem.Seconds())-578, 0))
		w("    Mode: Tunnel(0 0), Type: dynamic, State: installed")
		w("    Protocol: ESP, Authentication: %s, Encryption: %s", auth, enc)
		w("    Anti-replay service: counter-based enabled, Replay window size: 64")
	}
}

// junosIPsecStats renders show security ipsec statistics [index N]: the
// ESP counters of one SA pair, or of all together.
func (r *renderer) junosIPsecStats(only *Tunnel) string {
	var enc, dec, encB, decB int64
	for _, t := range r.cpe.Tunnels {
		if only != nil && t != only || !t.state().ipsecSA {
			continue
		}
		age, _ := t.ipsecActive(r.el)
		fl := r.flows(t)
		e, d := count(fl.encapsPPS, age), count(fl.decapsPS, age)
		up := t.state().bgpUp
		enc, dec = enc+e, dec+d
		encB += bytesFor(e, t.Traffic.OutSize, up) + e*24
		decB += bytesFor(d, t.Traffic.InSize, up) + d*24
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("ESP Statistics:")
	w("  %-18s%15d", "Encrypted bytes:", encB)
	w("  %-18s%15d", "Decrypted bytes:", decB)
	w("  %-18s%15d", "Encrypted packets:", enc)
	w("  %-18s%15d", "Decrypted packets:", dec)
	w("AH Statistics:")
	w("  Input bytes:                     0")
	w("  Output bytes:                    0")
	w("  Input packets:                   0")
	w("  Output packets:                  0")
	w("Errors:")
	w("  AH authentication failures: 0, Replay errors: 0")
	w("  ESP authentication failures: 0, ESP decryption failures: 0")
	w("  Bad headers: 0, Bad trailers: 0")
	w("  Invalid SPI: 0, TS check fail: 0")
	w("  Exceeds tunnel MTU: 0")
	w("  Discarded: 0")
	return b.String()
}
