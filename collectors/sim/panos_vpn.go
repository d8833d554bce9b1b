package sim

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// The names a PAN-OS engineer gives a DC's IKE gateway and IPsec tunnel.
func panosGateway(t *Tunnel) string { return "GW-DC" + t.DC }
func panosTunnel(t *Tunnel) string  { return "TUN-DC" + t.DC }

// panosProxy is the tunnel's proxy ID: GRE between the transport IPs
// (DI expects GRE-only selectors). SA tables name the tunnel with it,
// "TUN-DCA:GRE".
func panosProxy(t *Tunnel) string { return panosTunnel(t) + ":GRE" }

// panosID is a tunnel's gateway and tunnel id: its place on the CPE.
func (r *renderer) panosID(t *Tunnel) int {
	for i, x := range r.cpe.Tunnels {
		if x == t {
			return i + 1
		}
	}
	return 0
}

// panosStamp is PAN-OS's "Jun.04 21:09:13": no year.
func panosStamp(t time.Time) string { return t.UTC().Format("Jan.02 15:04:05") }

// panosIKEAlgorithm is the Algorithm column of an IKE SA
// ("PSK/DH20/A256/SHA256"): authentication, DH group, cipher, and the
// hash (with GCM, the PRF: PAN-OS's IKE crypto profile always names one).
func panosIKEAlgorithm(c Crypto) string {
	dh := 20
	if len(c.DHGroups) > 0 {
		dh = c.DHGroups[0]
	}
	hash := c.Integrity
	if hash == "" {
		hash = c.PRF
	}
	return fmt.Sprintf("PSK/DH%d/%s/%s", dh, panosCipher(c.Encryption), strings.ToUpper(hash))
}

// panosCipher is "A256" for AES-CBC-256, "G256" for AES-GCM-256.
func panosCipher(enc string) string {
	bits := enc[strings.LastIndexByte(enc, '-')+1:]
	if strings.HasPrefix(enc, "aes-gcm") {
		return "G" + bits
	}
	return "A" + bits
}

// panosESPAlgorithm is the Algorithm column of an IPsec SA: "ESP/G256/"
// with GCM (no separate integrity), "ESP/A256/SHA256" otherwise.
func panosESPAlgorithm(c Crypto) string {
	if isGCM(c) {
		return "ESP/G256/"
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
	return "ESP/A" + bits + "/" + strings.ToUpper(hash)
}

// panosIKESA renders show vpn ike-sa [gateway NAME] (PAN-OS 10.x, IKEv2
// only): the empty IKEv1 tables, then the IKEv2 SAs and their child SAs.
// Only established SAs are listed: a negotiation that is not answered or
// is rejected leaves no row.
func (r *renderer) panosIKESA(gateway string) string {
	var b strings.Builder
	b.WriteString("\nThere is no IKEv1 phase-1 SA found.\n\nThere is no IKEv1 phase-2 SA found.\n\n")
	var ts []*Tunnel
	for _, t := range r.cpe.Tunnels {
		if (gateway == "" || gateway == panosGateway(t)) && t.state().ikeStatus == "READY" {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		b.WriteString("There is no IKEv2 SA found.\n\n")
		return b.String()
	}
	b.WriteString("IKEv2 SAs\n")
	fmt.Fprintf(&b, "%-16s%-23s%-23s%-5s%-9s%-22s%-16s%-16s%-3s%-7s%s\n", "Gateway ID", "Peer-Address", "Gateway Name", "Role", "SN", "Algorithm", "Established", "Expiration", "Xt", "Child", "ST")
	fmt.Fprintf(&b, "%-16s%-23s%-23s%-5s%-9s%-22s%-16s%-16s%-3s%-7s%s\n", "----------", "------------", "------------", "----", "--", "---------", "-----------", "----------", "--", "-----", "--")
	for _, t := range ts {
		age, gen := t.ikeActive(r.el)
		est := r.at.Add(-age)
		fmt.Fprintf(&b, "%-16d%-23s%-23s%-5s%-9d%-22s%-16s%-16s%-3d%-7d%s\n", r.panosID(t), t.Form.IPsecPeer, panosGateway(t), "Init",
			panosSN(t, gen), panosIKEAlgorithm(t.Config.Crypto), panosStamp(est), panosStamp(est.Add(t.Config.Crypto.IKELife)), 0, 1, "Established")
	}
	b.WriteString("\nIKEv2 IPSec Child SAs\n")
	fmt.Fprintf(&b, "%-23s%-9s%-26s%-9s%-9s%-5s%-9s%-9s%-9s%s\n", "Gateway Name", "TnID", "Tunnel", "ID", "Parent", "Role", "SPI(in)", "SPI(out)", "MsgID", "ST")
	fmt.Fprintf(&b, "%-23s%-9s%-26s%-9s%-9s%-5s%-9s%-9s%-9s%s\n", "------------", "----", "------", "--", "------", "----", "-------", "--------", "-----", "--")
	for _, t := range ts {
		_, gen := t.ikeActive(r.el)
		_, cgen := t.ipsecActive(r.el)
		in, out := panosSPIs(t, cgen)
		fmt.Fprintf(&b, "%-23s%-9d%-26s%-9d%-9d%-5s%-9s%-9s%08X %s\n", panosGateway(t), r.panosID(t), panosProxy(t),
			100+2*int(t.Seed)+cgen, panosSN(t, gen), "Init", in, out, 1+cgen, "Mature")
	}
	fmt.Fprintf(&b, "\nShow IKEv2 SA: Total %d gateways found. %d ike sa found.\n\n", len(r.cpe.Tunnels), len(ts))
	return b.String()
}

// panosSN is the serial number of a tunnel's IKE SA of generation gen.
func panosSN(t *Tunnel, gen int) int { return 3 + int(t.Seed%17) + gen }

// panosSPIs are the inbound and outbound SPIs of an IPsec SA generation.
func panosSPIs(t *Tunnel, gen int) (string, string) {
	return fmt.Sprintf("%08X", uint32(hash64(t.Seed, gen, 3))), fmt.Sprintf("%08X", uint32(hash64(t.Seed, gen, 4)))
}

// panosIPsecSA renders show vpn ipsec-sa [tunnel NAME]: one row per
// installed SA pair, with its lifetime and what remains of it.
func (r *renderer) panosIPsecSA(tunnel string) string {
	var b strings.Builder
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-16s%-7s%-23s%-47s%-19s%-9s%-9s%-25s%s\n", "GwID/client IP", "TnID", "Peer-Address", "Tunnel(Gateway)", "Algorithm", "SPI(in)", "SPI(out)", "life(Sec/KB)", "remain-time(Sec)")
	fmt.Fprintf(&b, "%-16s%-7s%-23s%-47s%-19s%-9s%-9s%-25s%s\n", "--------------", "----", "------------", "---------------", "---------", "-------", "--------", "------------", "----------------")
	n, shown := 0, 0
	for _, t := range r.cpe.Tunnels {
		if tunnel != "" && tunnel != panosTunnel(t) && tunnel != panosProxy(t) {
			continue
		}
		n++
		if !t.state().ipsecSA {
			continue
		}
		shown++
		rem, gen := r.ipsecRemaining(t)
		in, out := panosSPIs(t, gen)
		life := int(t.Config.Crypto.IPsecLife.Seconds())
		fmt.Fprintf(&b, "%-16d%-7d%-23s%-47s%-19s%-9s%-9s%-25s%d\n", r.panosID(t), r.panosID(t), t.Form.IPsecPeer,
			panosProxy(t)+"("+panosGateway(t)+")", panosESPAlgorithm(t.Config.Crypto), in, out, fmt.Sprintf("%d/Unlimited", life), int(rem.Seconds()))
	}
	fmt.Fprintf(&b, "\nShow IPSec SA: Total %d tunnels found. %d ipsec sa found.\n\n", n, shown)
	return b.String()
}

// panosFlowState is a tunnel's state in show vpn flow: "active" with an
// SA installed; the table cuts "inactive" to 7 characters.
func panosFlowState(t *Tunnel) string {
	if t.state().ipsecSA {
		return "active"
	}
	return "inactiv"
}

// panosFlowTable renders show vpn flow: the IPsec tunnels with their
// state, endpoints and tunnel interface (tunnel.11, tunnel.12: the GRE
// tunnels ride on them, and are not listed here).
func (r *renderer) panosFlowTable() string {
	var b strings.Builder
	n := len(r.cpe.Tunnels)
	// The total counts the GRE tunnels too; the filter shows IPsec only.
	fmt.Fprintf(&b, "\n%-62s%d\nfilter - type IPSec, state any\n\n", "total tunnels configured:", 2*n)
	fmt.Fprintf(&b, "%-62s%d\n%-62s%d\n\n", "total IPSec tunnel configured:", n, "total IPSec tunnel shown:", n)
	fmt.Fprintf(&b, "%-6s%-64s%-8s%-8s%-30s%-30s%s\n", "id", "name", "state", "monitor", "local-ip", "peer-ip", "tunnel-i/f")
	fmt.Fprintf(&b, "%-6s%-64s%-8s%-8s%-30s%-30s%s\n", "--", "--------------", "-----", "-------", "--------", "-------", "----------  ")
	for _, t := range r.cpe.Tunnels {
		fmt.Fprintf(&b, "%-6d%-64s%-8s%-8s%-30s%-30s%s\n", r.panosID(t), panosProxy(t), panosFlowState(t), "off",
			t.Form.IPsecLocal, t.Form.IPsecPeer, panosIPsecIf(t))
	}
	return b.String()
}

// panosFlowDetail renders show vpn flow tunnel-id N: one tunnel's SA
// state, proxy ID and counters (encap/decap: what went into and came out
// of the SA).
func (r *renderer) panosFlowDetail(id string) string {
	var t *Tunnel
	for _, x := range r.cpe.Tunnels {
		if fmt.Sprint(r.panosID(x)) == id {
			t = x
		}
	}
	if t == nil {
		return "\n"
	}
	st, c := t.state(), t.Config
	fl := r.flows(t)
	size := func(pk, avg int64) int64 { return bytesFor(pk, avg, st.bgpUp) + pk*24 }
	rem, gen := r.ipsecRemaining(t)
	life := int(c.Crypto.IPsecLife.Seconds())
	in, out := panosSPIs(t, gen)
	if !st.ipsecSA {
		in, out = "00000000", "00000000"
	}
	var b strings.Builder
	kv := func(k string, v any) { fmt.Fprintf(&b, "        %-24s%v\n", k+":", v) }
	sub := func(k string, v any) { fmt.Fprintf(&b, "          %-22s%v\n", k+":", v) }
	fmt.Fprintf(&b, "\ntunnel  %s\n", panosProxy(t))
	kv("id", r.panosID(t))
	kv("type", "IPSec")
	kv("gateway id", r.panosID(t))
	kv("local ip", t.Form.IPsecLocal)
	kv("peer ip", t.Form.IPsecPeer)
	kv("inner interface", panosIPsecIf(t))
	kv("outer interface", panosPublicIf)
	kv("state", panosFlowState(t))
	kv("session", 3300+int(t.Seed))
	kv("tunnel mtu", t.ipMTU()+27)
	kv("soft lifetime", life*4/5)
	kv("lifetime remain", fmt.Sprintf("%d sec", int(rem.Seconds())))
	kv("latest rekey", fmt.Sprintf("%d seconds ago", life-int(rem.Seconds())))
	kv("monitor", "off")
	sub("monitor interval", 3)
	sub("monitor threshold", 5)
	sub("monitor packets sent", 0)
	fmt.Fprintf(&b, "          %-22s%d\n", "monitor packets reply:", 0)
	kv("en/decap context", 4+r.panosID(t))
	kv("local spi", in)
	kv("remote spi", out)
	kv("key type", "auto key")
	kv("protocol", "ESP")
	auth, enc := "SHA256", "AES256"
	if isGCM(c.Crypto) {
		auth, enc = "NULL", "AES256-GCM"
	}
	kv("auth algorithm", auth)
	kv("enc algorithm", enc)
	r.panosProxyBlock(&b, t)
	kv("anti replay check", "yes")
	kv("anti replay window", 1024)
	kv("copy tos", "no")
	kv("initiator", "yes")
	kv("authentication errors", 0)
	kv("decryption errors", 0)
	kv("inner packet warnings", 0)
	kv("replay packets", 0)
	b.WriteString("        packets received\n          when lifetime expired:0\n          when lifesize expired:0\n")
	kv("sending sequence", fl.encaps)
	kv("receive sequence", fl.decaps)
	kv("encap packets", fl.encaps)
	kv("decap packets", fl.decaps)
	kv("encap bytes", size(fl.encaps, t.Traffic.OutSize))
	kv("decap bytes", size(fl.decaps, t.Traffic.InSize))
	kv("key acquire requests", 1)
	kv("owner state", 0)
	kv("owner cpuid", "s1dp0")
	kv("ownership", 1)
	return b.String()
}

// panosProxyBlock is the proxy ID part of show vpn flow tunnel-id N:
// GRE (47) between the transport IPs, or any protocol (0) where the
// customer wrote it for all IP.
func (r *renderer) panosProxyBlock(b *strings.Builder, t *Tunnel) {
	sub := func(k string, v any) { fmt.Fprintf(b, "          %-22s%v\n", k+":", v) }
	b.WriteString("        traffic selector:\n        proxy-id:\n")
	ptl := 47
	if t.Config.ACLProtocol != "gre" {
		ptl = 0
	}
	sub("local ip", netip.PrefixFrom(greSource(r.cpe, t), 32))
	sub("remote ip", netip.PrefixFrom(t.Form.GREDestination, 32))
	sub("protocol", ptl)
	sub("local port", 0)
	sub("remote port", 0)
}

// panosTunnelConfig renders show vpn tunnel [name NAME]: the configured
// IPsec tunnels by "name:proxy-id(gateway)", their proxy IDs (GRE
// between the transport IPs, as the activation form's crypto selector)
// and proposals.
func (r *renderer) panosTunnelConfig(name string) string {
	var b strings.Builder
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-8s%-37s%-19s%-14s%-19s%-43s%s\n", "TnID", "Name(Gateway)", "Local Proxy IP", "Ptl:Port", "Remote Proxy IP", "Ptl:Port", "Proposals")
	b.WriteString(strings.Repeat("-", 149) + "\n")
	n := 0
	for _, t := range r.cpe.Tunnels {
		if name != "" && name != panosTunnel(t) && name != panosProxy(t) {
			continue
		}
		n++
		c := t.Config.Crypto
		// The proxy ID's protocol: GRE (47), or any (0) where the
		// customer wrote it for all IP, as IOS's "permit ip".
		ptl := "47:0"
		if t.Config.ACLProtocol != "gre" {
			ptl = "0:0"
		}
		prop := fmt.Sprintf("ESP tunl [DH%d]%s      %d-sec", c.PFS, panosProposalAlgs(c), int(c.IPsecLife.Seconds()))
		fmt.Fprintf(&b, "%-11d%-34s%-19s%-14s%-19s%-12s%s\n", r.panosID(t), panosProxy(t)+"("+panosGateway(t)+")",
			netip.PrefixFrom(greSource(r.cpe, t), 32), ptl, netip.PrefixFrom(t.Form.GREDestination, 32), ptl, prop)
	}
	fmt.Fprintf(&b, "\nShow IPSec tunnel config: Total %d tunnels found\n", n)
	return b.String()
}

// panosProposalAlgs is "[AES256][SHA256]" or "[AES256-GCM]".
func panosProposalAlgs(c Crypto) string {
	if isGCM(c) {
		return "[AES256-GCM]"
	}
	a := panosESPAlgorithm(c)
	parts := strings.Split(a, "/")
	return "[AES" + strings.TrimPrefix(parts[1], "A") + "][" + parts[2] + "]"
}
