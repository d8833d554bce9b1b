package sim

import (
	"fmt"
	"strings"
	"time"
)

// ikev2SA renders "show crypto ikev2 sa detailed" in the C8000V 17.x
// layout (two spaces in "IKEv2  SA", padded columns, trailing blanks).
func (r *renderer) ikev2SA() string {
	var b strings.Builder
	b.WriteString("IPv4 Crypto IKEv2  SA \n\n")
	for i, t := range r.cpe.Tunnels {
		st := t.state()
		if st.ikeStatus == "" {
			continue
		}
		r.ikev2Entry(&b, i, t, st.ikeStatus)
	}
	b.WriteString(" IPv6 Crypto IKEv2  SA \n\n")
	return b.String()
}

func (r *renderer) ikev2Entry(b *strings.Builder, idx int, t *Tunnel, status string) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	active, gen := t.ikeActive(r.el)
	cr := t.Config.Crypto
	id := idx + 1 + 2*gen
	w("Tunnel-id Local                 Remote                fvrf/ivrf            Status ")
	w("%-10d%-22s%-22s%-21s%-7s", id, t.Form.IPsecLocal.String()+"/500", t.Form.IPsecPeer.String()+"/500", "none/none", status)
	ready := status == "READY"
	if ready {
		w("      Encr: %s, PRF: %s, Hash: %s, DH Grp:%d, Auth sign: PSK, Auth verify: PSK",
			ikeEncr(cr.Encryption), strings.ToUpper(cr.PRF), ikeHash(cr.Integrity), cr.DHGroups[0])
		w("      Life/Active Time: %d/%d sec", int(cr.IKELife.Seconds()), int(active/time.Second))
		w("      CE id: %d, Session-id: %d", 1000+hash(t.Seed, gen, 1)%9000, 1+idx+2*gen)
		w("      Local spi: %016X       Remote spi: %016X", hash64(t.Seed, gen, 2), hash64(t.Seed, gen, 3))
		w("      Status Description: Negotiation done")
	} else {
		// Still waiting for the IKE_SA_INIT response: nothing negotiated.
		w("      Encr: Unknown - 0, PRF: Unknown - 0, Hash: None, DH Grp:0, Auth sign: Unknown - 0, Auth verify: Unknown - 0")
		w("      Life/Active Time: %d/0 sec", int(cr.IKELife.Seconds()))
		w("      CE id: 0, Session-id: 0")
		w("      Local spi: %016X       Remote spi: 0000000000000000", hash64(t.Seed, int(r.el/(30*time.Second)), 2))
		w("      Status Description: Initiator waiting for SA_INIT response")
	}
	w("      Local id: %s", t.Form.IPsecLocal)
	if ready {
		w("      Remote id: %s", t.Form.IPsecPeer)
	} else {
		w("      Remote id: ")
	}
	msgs := 0
	if ready {
		msgs = int(active / (10 * time.Second)) // periodic DPD every 10 s
	}
	w("      Local req msg id:  %-15dRemote req msg id:  %-10d", msgs, 0)
	w("      Local next msg id: %-15dRemote next msg id: %-10d", msgs, 0)
	w("      Local req queued:  %-15dRemote req queued:  %-10d", msgs, 0)
	w("      Local window:      %-15dRemote window:      %-10d", 5, 5)
	w("      DPD configured for 10 seconds, retry 3")
	w("      Fragmentation not  configured.")
	w("      Dynamic Route Update: disabled")
	w("      Extended Authentication not configured.")
	w("      NAT-T is not detected  ")
	w("      Cisco Trust Security SGT is disabled")
	w("      Initiator of SA : Yes")
	w("      PEER TYPE: Other")
	w("")
}

// ikeEncr renders an IOS proposal keyword as show crypto ikev2 sa does.
func ikeEncr(e string) string {
	switch e {
	case "aes-gcm-256":
		return "AES-GCM, keysize: 256"
	case "aes-gcm-128":
		return "AES-GCM, keysize: 128"
	case "aes-cbc-128":
		return "AES-CBC, keysize: 128"
	}
	return "AES-CBC, keysize: 256"
}

func ikeHash(integrity string) string {
	if integrity == "" {
		return "None"
	}
	return strings.ToUpper(integrity)
}

// hash64 derives stable pseudo-random numbers (SPIs, ids) from a tunnel's
// seed, an SA generation and a purpose, with splitmix64.
func hash64(seed uint32, gen, purpose int) uint64 {
	x := uint64(seed)<<32 ^ uint64(gen)<<8 ^ uint64(purpose)
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

func hash(seed uint32, gen, purpose int) int {
	return int(hash64(seed, gen, purpose) >> 33)
}
