package sim

import (
	"fmt"
	"strings"
	"time"
)

// fortiosProposal is the IKE proposal as the gateway list prints it:
// "aes256gcm" (GCM needs no integrity; the PRF is not printed),
// "aes256-sha256".
func fortiosProposal(c Crypto) string {
	bits := c.Encryption[strings.LastIndexByte(c.Encryption, '-')+1:]
	if strings.HasPrefix(c.Encryption, "aes-gcm") {
		return "aes" + bits + "gcm"
	}
	return "aes" + bits + "-" + c.Integrity
}

// fortiosKey is key material as FortiOS prints it: groups of 16 hex
// digits joined by dashes (IKE keys) or one run (ESP keys). It is derived
// from the tunnel's seed, so redaction tests have something to find.
func fortiosKey(seed uint32, gen, purpose, bytes int, dashed bool) string {
	var b strings.Builder
	for i := 0; b.Len() < bytes*2; i++ {
		fmt.Fprintf(&b, "%016x", hash64(seed, gen, purpose*16+i))
	}
	s := b.String()[:bytes*2]
	if !dashed {
		return s
	}
	var parts []string
	for len(s) > 16 {
		parts, s = append(parts, s[:16]), s[16:]
	}
	return strings.Join(append(parts, s), "-")
}

// fortiosIKEGateways renders diagnose vpn ike gateway list (FortiOS 7.2
// layout): one phase1 gateway per tunnel, with an id/spi block while an
// SA exists. A rejected negotiation leaves the gateway without one; an
// unanswered one an SA "connecting".
func (r *renderer) fortiosIKEGateways() string {
	var b strings.Builder
	for i, t := range r.cpe.Tunnels {
		if i > 0 {
			b.WriteString("\n")
		}
		r.fortiosGateway(&b, t)
	}
	return b.String()
}

func (r *renderer) fortiosGateway(b *strings.Builder, t *Tunnel) {
	f := t.Form
	st := t.state()
	age, gen := t.ikeActive(r.el)
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	p("vd: root/0")
	p("name: %s", fortiosPhase1(t))
	p("version: 2")
	p("interface: %s 3", fortiosWAN)
	p("addr: %s:500 -> %s:500", f.IPsecLocal, f.IPsecPeer)
	p("tun_id: %s/::%s", f.IPsecPeer, f.IPsecPeer)
	p("remote_location: 0.0.0.0")
	p("network-id: 0")
	p("transport: UDP")
	// Tries since the gateway came up: one every 30 s without an answer.
	tries := 1 + int((t.IKEAge+r.el)/(30*time.Second))
	switch st.ikeStatus {
	case "READY":
		p("created: %ds ago", int((t.IKEAge + r.el).Seconds()))
		p("PPK: no")
		p("IKE SA: created 1/%d  established 1/%d  time 10/10/10 ms", gen+1, gen+1)
		p("IPsec SA: created 1/%d  established 1/%d  time 0/0/0 ms", gen+1, gen+1)
		b.WriteString("\n")
		r.fortiosEstablishedSA(b, t, age, gen)
	case "IN-NEG":
		started := int((r.el % (30 * time.Second)).Seconds())
		p("created: %ds ago", started)
		p("PPK: no")
		p("IKE SA: created 1/%d", tries)
		p("IPsec SA: created 0/0")
		b.WriteString("\n")
		p("  id/spi: %d %016x/0000000000000000", 100+tries, hash64(t.Seed, tries, 1))
		p("  direction: initiator")
		p("  status: connecting, state 3, started %ds ago", started)
	default:
		p("created: %ds ago", int((t.IKEAge + r.el).Seconds()))
		p("PPK: no")
		p("IKE SA: created 0/%d  established 0/0  time 0/0/0 ms", tries)
		p("IPsec SA: created 0/0  established 0/0  time 0/0/0 ms")
	}
}

func (r *renderer) fortiosEstablishedSA(b *strings.Builder, t *Tunnel, age time.Duration, gen int) {
	c := t.Config.Crypto
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	secs := int(age.Seconds())
	p("  id/spi: %d %016x/%016x", 40+int(t.Seed)+gen, hash64(t.Seed, gen, 1), hash64(t.Seed, gen, 2))
	p("  direction: initiator")
	p("  status: established %d-%ds ago = 10ms", secs, secs)
	p("  proposal: %s", fortiosProposal(c))
	p("  child: no")
	keyBytes := 36 // AES-256-GCM: 32 bytes of key and 4 of salt
	if !strings.HasPrefix(c.Encryption, "aes-gcm") {
		keyBytes = 32
	}
	p("  SK_ei: %s", fortiosKey(t.Seed, gen, 3, keyBytes, true))
	p("  SK_er: %s", fortiosKey(t.Seed, gen, 4, keyBytes, true))
	if c.Integrity == "" {
		p("  SK_ai: ")
		p("  SK_ar: ")
	} else {
		p("  SK_ai: %s", fortiosKey(t.Seed, gen, 5, 32, true))
		p("  SK_ar: %s", fortiosKey(t.Seed, gen, 6, 32, true))
	}
	p("  PPK: no")
	p("  message-id sent/recv: %d/%d", 2+secs/600, 3+secs/600)
	p("  QKD: no")
	life := int(c.IKELife.Seconds())
	p("  lifetime/rekey: %d/%d", life, max(life-secs-int(t.Seed%60)*5, 1))
	p("  DPD sent/recv: 00000000/00000000")
	p("  peer-id: %s", t.Form.IPsecPeer)
}

// fortiosTunnels renders diagnose vpn tunnel list: per tunnel its phase1,
// its phase2 selector (GRE between the GRE transport IPs, or any protocol
// where phase2 says "set protocol 0") and, while the IKE SA is up, the
// ESP SA pair with its counters. The VM has no NPU: nothing is offloaded
// and the counters count.
func (r *renderer) fortiosTunnels() string {
	var b strings.Builder
	b.WriteString("list all ipsec tunnel in vd 0\n")
	b.WriteString("------------------------------------------------------\n")
	for i, t := range r.cpe.Tunnels {
		r.fortiosTunnel(&b, t, i+1)
	}
	return b.String()
}

func (r *renderer) fortiosTunnel(b *strings.Builder, t *Tunnel, serial int) {
	f, c := t.Form, t.Config
	st := t.state()
	fl := r.flows(t)
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	name := fortiosPhase1(t)
	p("name=%s ver=2 serial=%d %s:0->%s:0 tun_id=%s tun_id6=::%s dst_mtu=%d dpd-link=on weight=1",
		name, serial, f.IPsecLocal, f.IPsecPeer, f.IPsecPeer, f.IPsecPeer, transportMTU)
	p("bound_if=3 lgwy=static/1 tun=intf mode=auto/1 encap=none/552 options[0220]=create_dev frag-rfc  run_state=0 role=primary accept_traffic=1 overlay_id=0")
	b.WriteString("\n")
	sas := 0
	if st.ipsecSA {
		sas = 1
	}
	p("proxyid_num=1 child_num=0 refcnt=%d ilast=%d olast=%d ad=/0", 4+sas, fortiosLast(fl.decapsPS, t.IKEAge+r.el), fortiosLast(fl.encapsPPS, t.IKEAge+r.el))
	inBytes, outBytes := fl.decaps*int64(48), fl.encaps*int64(48)
	if st.bgpUp {
		inBytes, outBytes = fl.decaps*(t.Traffic.InSize+24), fl.encaps*(t.Traffic.OutSize+24)
	}
	p("stat: rxp=%d txp=%d rxb=%d txb=%d", fl.decaps, fl.encaps, inBytes, outBytes)
	p("dpd: mode=on-idle on=1 idle=20000ms retry=3 count=0 seqno=%d", 13+int(r.el/(20*time.Second)))
	p("natt: mode=none draft=0 interval=0 remote_port=0")
	p("fec: egress=0 ingress=0")
	proto := 47
	if c.ACLProtocol == "ip" {
		proto = 0
	}
	p("proxyid=%s proto=%d sa=%d ref=%d serial=1 auto-negotiate", name, proto, sas, 2+sas)
	// The selectors are phase2's, written for the form's GRE endpoints: a
	// wrong GRE destination on the tunnel does not change them.
	p("  src: %d:%s-%s:0", proto, greSourceAddr(r.cpe, t), greSourceAddr(r.cpe, t))
	p("  dst: %d:%s-%s:0", proto, f.GREDestination, f.GREDestination)
	if st.ipsecSA {
		r.fortiosESP(b, t, fl)
	}
	p("run_tally=0")
}

// fortiosLast is FortiOS's ilast/olast: seconds since the last packet
// (since the tunnel came up when none ever passed).
func fortiosLast(pps float64, up time.Duration) int {
	switch {
	case pps <= 0:
		return int(up.Seconds())
	case pps >= 1:
		return 0
	}
	return int(1/pps) % 60
}

func (r *renderer) fortiosESP(b *strings.Builder, t *Tunnel, fl flow) {
	c := t.Config.Crypto
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	age, gen := t.ipsecActive(r.el)
	life := int(c.IPsecLife.Seconds())
	a := int(age.Seconds())
	gcm := isGCM(c)
	mtu := espPlaintext(transportMTU, gcm)
	p("  SA:  ref=3 options=30202 type=00 soft=0 mtu=%d expire=%d/0B replaywin=2048", mtu, max(life-a-150, 1))
	out, in := count(fl.encapsPPS, age), count(fl.decapsPS, age)
	p("       seqno=%x esn=0 replaywin_lastseq=%08x qat=0 rekey=0 hash_search_len=1", out+1, in)
	p("  life: type=01 bytes=0/0 timeout=%d/%d", max(life-a, 1), life)
	esp, key, ah, ahKey := "aes-gcm", 36, "null", 0
	if !gcm {
		esp, key, ah, ahKey = "aes", 32, "sha256", 32
	}
	ahLine := func(purpose int) string {
		if ahKey == 0 {
			return fmt.Sprintf("       ah=%s key=0 ", ah)
		}
		return fmt.Sprintf("       ah=%s key=%d %s", ah, ahKey, fortiosKey(t.Seed, gen, purpose, ahKey, false))
	}
	p("  dec: spi=%08x esp=%s key=%d %s", uint32(hash64(t.Seed, gen, 3)), esp, key, fortiosKey(t.Seed, gen, 7, key, false))
	p("%s", ahLine(8))
	p("  enc: spi=%08x esp=%s key=%d %s", uint32(hash64(t.Seed, gen, 4)), esp, key, fortiosKey(t.Seed, gen, 9, key, false))
	p("%s", ahLine(10))
	size := func(pk, avg int64) int64 {
		if t.state().bgpUp {
			return pk * (avg + 24)
		}
		return pk * 48
	}
	p("  dec:pkts/bytes=%d/%d, enc:pkts/bytes=%d/%d", in, size(in, t.Traffic.InSize), out, size(out, t.Traffic.OutSize))
	p("  npu_flag=00 npu_rgwy=%s npu_lgwy=%s npu_selid=%d dec_npuid=0 enc_npuid=0", t.Form.IPsecPeer, t.Form.IPsecLocal, t.Seed%16)
}
