package sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// linuxDispatch runs one shell command line on a Linux CPE: vtysh -c,
// swanctl, ip, ping and journalctl, as vcdiag's Linux plan sends them.
// A program the CPE does not have is ErrInvalidInput (the shell layer
// prints bash's "command not found"); a known program with arguments it
// does not understand prints that program's own complaint.
func (r *renderer) linuxDispatch(line string) (string, error) {
	args, ok := shellWords(line)
	if !ok || len(args) == 0 {
		return "", ErrInvalidInput
	}
	switch args[0] {
	case "vtysh":
		return r.vtysh(args[1:]), nil
	case "swanctl":
		return r.swanctl(args[1:]), nil
	case "ip":
		return r.ipCommand(args[1:]), nil
	case "ping":
		return r.linuxPing(args[1:]), nil
	case "journalctl":
		return r.journal(args[1:]), nil
	case "hostname":
		return r.cpe.Hostname + "\n", nil
	case "uname":
		if len(args) > 1 && args[1] == "-r" {
			return linuxKernel + "\n", nil
		}
		return "Linux\n", nil
	case "true", "export", "unset", "stty", "cd":
		return "", nil
	}
	return "", ErrInvalidInput
}

// shellWords splits a command line as bash would for the simple lines
// vcdiag sends: blanks separate words, single and double quotes group.
func shellWords(line string) ([]string, bool) {
	var out []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else {
				cur.WriteByte(ch)
			}
		case ch == '\'' || ch == '"':
			quote, in = ch, true
		case ch == ' ' || ch == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(ch)
			in = true
		}
	}
	if quote != 0 {
		return nil, false
	}
	if in {
		out = append(out, cur.String())
	}
	return out, true
}

// connName is the swanctl connection of a tunnel ("vc-a"), childName its
// CHILD_SA.
func connName(t *Tunnel) string  { return "vc-" + strings.ToLower(t.DC) }
func childName(t *Tunnel) string { return connName(t) + "-child" }

// swanEncr renders an IOS encryption keyword as strongSwan names it.
func swanEncr(e string) string {
	bits := e[strings.LastIndexByte(e, '-')+1:]
	if strings.HasPrefix(e, "aes-gcm") {
		return "AES_GCM_16-" + bits
	}
	return "AES_CBC-" + bits
}

func swanHash(h string) string {
	switch h {
	case "sha1":
		return "HMAC_SHA1_96"
	case "sha384":
		return "HMAC_SHA2_384_192"
	case "sha512":
		return "HMAC_SHA2_512_256"
	}
	return "HMAC_SHA2_256_128"
}

func swanPRF(p string) string {
	switch p {
	case "sha1":
		return "PRF_HMAC_SHA1"
	case "sha384":
		return "PRF_HMAC_SHA2_384"
	case "sha512":
		return "PRF_HMAC_SHA2_512"
	}
	return "PRF_HMAC_SHA2_256"
}

func swanDH(g int) string {
	switch g {
	case 2:
		return "MODP_1024"
	case 5:
		return "MODP_1536"
	case 14:
		return "MODP_2048"
	case 15:
		return "MODP_3072"
	case 19:
		return "ECP_256"
	case 21:
		return "ECP_521"
	}
	return "ECP_384"
}

// ikeProposal is the negotiated IKE proposal as list-sas prints it.
func ikeProposal(c Crypto) string {
	parts := []string{swanEncr(c.Encryption)}
	if c.Integrity != "" {
		parts = append(parts, swanHash(c.Integrity))
	}
	parts = append(parts, swanPRF(c.PRF))
	if len(c.DHGroups) > 0 {
		parts = append(parts, swanDH(c.DHGroups[0]))
	}
	return strings.Join(parts, "/")
}

// espProposal is the CHILD_SA's ESP proposal ("ESP:AES_GCM_16-256").
func espProposal(c Crypto) string {
	if isGCM(c) {
		return "ESP:AES_GCM_16-256"
	}
	f := strings.Fields(c.Transform)
	bits, hash := "256", "sha256"
	for i, w := range f {
		if w == "esp-aes" && i+1 < len(f) {
			bits = f[i+1]
		}
		if strings.HasPrefix(w, "esp-sha") {
			hash = strings.TrimSuffix(strings.TrimPrefix(w, "esp-"), "-hmac")
		}
	}
	return "ESP:AES_CBC-" + bits + "/" + swanHash(hash)
}

// greTS is a GRE-only traffic selector ("192.0.2.1/32[gre]").
// greTS is a GRE traffic selector. The selectors come from swanctl.conf,
// which names the DI GRE address of the form: a wrong GRE destination on
// the link does not change them.
func greTS(a netip.Addr) string { return netip.PrefixFrom(a, 32).String() + "[gre]" }

// swanctl renders swanctl --list-conns and --list-sas.
func (r *renderer) swanctl(args []string) string {
	if len(args) == 1 {
		switch args[0] {
		case "--list-conns", "-L":
			return r.listConns()
		case "--list-sas", "-l":
			return r.listSAs()
		case "--version":
			return "strongSwan swanctl 5.9.8\n"
		}
	}
	return "swanctl: unrecognized option or command\n"
}

func (r *renderer) listConns() string {
	var b strings.Builder
	for _, t := range r.cpe.Tunnels {
		c, f := t.Config, t.Form
		fmt.Fprintf(&b, "%s: IKEv2, no reauthentication, rekeying every %ds, dpd delay 10s\n", connName(t), int(c.Crypto.IKELife.Seconds()))
		fmt.Fprintf(&b, "  local:  %s\n", f.IPsecLocal)
		fmt.Fprintf(&b, "  remote: %s\n", f.IPsecPeer)
		fmt.Fprintf(&b, "  local pre-shared key authentication:\n    id: %s\n", f.IPsecLocal)
		fmt.Fprintf(&b, "  remote pre-shared key authentication:\n    id: %s\n", f.IPsecPeer)
		fmt.Fprintf(&b, "  %s: TUNNEL, rekeying every %ds, dpd action is start\n", childName(t), int(c.Crypto.IPsecLife.Seconds()))
		fmt.Fprintf(&b, "    local:  %s\n", greTS(greSource(r.cpe, t)))
		fmt.Fprintf(&b, "    remote: %s\n", greTS(t.Form.GREDestination))
	}
	return b.String()
}

// greSource is the GRE source address of a tunnel on its CPE.
func greSource(cpe *CPE, t *Tunnel) netip.Addr {
	if t.Config.Source == "lo" && cpe.Loopback1.IsValid() {
		return cpe.Loopback1.Addr()
	}
	return t.Form.GRESource
}

// listSAs renders the SAs strongSwan holds, in its hash order (the last
// tunnel first). A rejected negotiation leaves no entry; an unanswered
// one a CONNECTING IKE_SA.
func (r *renderer) listSAs() string {
	var b strings.Builder
	for i := len(r.cpe.Tunnels) - 1; i >= 0; i-- {
		t := r.cpe.Tunnels[i]
		st := t.state()
		switch st.ikeStatus {
		case "READY":
			r.establishedSA(&b, t)
		case "IN-NEG":
			r.connectingSA(&b, t)
		}
	}
	return b.String()
}

func (r *renderer) connectingSA(b *strings.Builder, t *Tunnel) {
	f := t.Form
	uid := 3 + int(r.el/(165e9))
	fmt.Fprintf(b, "%s: #%d, CONNECTING, IKEv2, %016x_i* 0000000000000000_r\n", connName(t), uid, hash64(t.Seed, uid, 1))
	fmt.Fprintf(b, "  local  '%%any' @ %s[500]\n", f.IPsecLocal)
	fmt.Fprintf(b, "  remote '%%any' @ %s[500]\n", f.IPsecPeer)
	fmt.Fprintf(b, "  active:  IKE_VENDOR, IKE_INIT, IKE_NATD, IKE_CERT_PRE, IKE_AUTH, IKE_CERT_POST, IKE_CONFIG, CHILD_CREATE, IKE_AUTH_LIFETIME, IKE_MOBIKE\n")
}

func (r *renderer) establishedSA(b *strings.Builder, t *Tunnel) {
	f, c := t.Form, t.Config
	ikeAge, gen := t.ikeActive(r.el)
	uid := 1 + int(t.Seed%7) + gen
	fmt.Fprintf(b, "%s: #%d, ESTABLISHED, IKEv2, %016x_i* %016x_r\n", connName(t), uid, hash64(t.Seed, gen, 1), hash64(t.Seed, gen, 2))
	fmt.Fprintf(b, "  local  '%s' @ %s[500]\n", f.IPsecLocal, f.IPsecLocal)
	fmt.Fprintf(b, "  remote '%s' @ %s[500]\n", f.IPsecPeer, f.IPsecPeer)
	fmt.Fprintf(b, "  %s\n", ikeProposal(c.Crypto))
	ikeRekey := int((c.Crypto.IKELife*9/10 - ikeAge%(c.Crypto.IKELife*9/10)).Seconds())
	fmt.Fprintf(b, "  established %ds ago, rekeying in %ds\n", int(ikeAge.Seconds()), ikeRekey)
	if !t.state().ipsecSA {
		return
	}
	age, cgen := t.ipsecActive(r.el)
	reqid := 1
	if t.DC == "B" {
		reqid = 2
	}
	fmt.Fprintf(b, "  %s: #%d, reqid %d, INSTALLED, TUNNEL, %s\n", childName(t), uid+cgen, reqid, espProposal(c.Crypto))
	life := int(c.Crypto.IPsecLife.Seconds())
	a := int(age.Seconds())
	fmt.Fprintf(b, "    installed %ds ago, rekeying in %ds, expires in %ds\n", a, max(life-360-a+int(t.Seed%60), 1), life*11/10-a)
	fl := r.flows(t)
	inPk, outPk := count(fl.decapsPS, age), count(fl.encapsPPS, age)
	size := func(pk int64, avg int64) int64 {
		if t.state().bgpUp {
			return pk * (avg + 24)
		}
		return pk * 48
	}
	fmt.Fprintf(b, "    in  %08x, %6d bytes, %5d packets%s\n", uint32(hash64(t.Seed, cgen, 3)), size(inPk, t.Traffic.InSize), inPk, lastUse(inPk, fl.decapsPS))
	fmt.Fprintf(b, "    out %08x, %6d bytes, %5d packets%s\n", uint32(hash64(t.Seed, cgen, 4)), size(outPk, t.Traffic.OutSize), outPk, lastUse(outPk, fl.encapsPPS))
	fmt.Fprintf(b, "    local  %s\n", greTS(greSource(r.cpe, t)))
	fmt.Fprintf(b, "    remote %s\n", greTS(t.Form.GREDestination))
}

// lastUse is list-sas's ", Ns ago" of the last packet; swanctl leaves
// it out when no packet ever passed.
func lastUse(pk int64, pps float64) string {
	if pk == 0 || pps <= 0 {
		return ""
	}
	ago := 0
	if pps < 1 {
		ago = int(1/pps) % 60
	}
	return fmt.Sprintf(", %5ds ago", ago)
}
