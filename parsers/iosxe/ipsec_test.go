package iosxe

import (
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseIPsecSAFixture(t *testing.T) {
	yes := true
	greIdent := func(a netip.Addr) parsers.IPsecIdent {
		return parsers.IPsecIdent{Prefix: netip.PrefixFrom(a, 32), Protocol: 47, Addr: a, Mask: "255.255.255.255"}
	}
	esp := func(spi, dec string, conn, flow, line int) parsers.ESPSA {
		return parsers.ESPSA{
			SPI: spi, SPIDecimal: dec, Transform: []string{"esp-gcm-256"}, Mode: "tunnel", ConnID: conn,
			FlowID: flow, FlowEngine: "CSR", SiblingFlags: "FFFFFFFF80000048", CryptoMap: "Tunnel1-head-0", Initiator: &yes,
			RemainingLifetime: 2114 * time.Second, RemainingLifetimeSec: 2114, KBRekeyDisabled: true,
			IVSize: 8, ReplayDetection: true, Status: "ACTIVE(ACTIVE)", Span: parsers.Span{Start: line, End: line + 8},
		}
	}
	want := []parsers.IPsecFlow{{
		Interface: "Tunnel1", CryptoMapTag: "Tunnel1-head-0", LocalAddr: cpe, ProtectedVRF: "(none)",
		LocalIdent: greIdent(cpe), RemoteIdent: greIdent(dcA), Peer: dcA, PeerPort: 500, Flags: "origin_is_acl,",
		PktsEncaps: 183342, PktsEncrypt: 183342, PktsDigest: 183342, PktsDecaps: 179210, PktsDecrypt: 179210, PktsVerify: 179210,
		LocalEndpoint: cpe, RemoteEndpoint: dcA, PlaintextMTU: 1446, PathMTU: 1500, IPMTU: 1500, IPMTUIDB: "GigabitEthernet1",
		OutboundSPI: "0xC1D2E3F4", OutboundSPIDecimal: "3251831796", PFS: true, DHGroup: 20,
		Inbound:       []parsers.ESPSA{esp("0x8A7B6C5D", "2323344477", 2011, 11, 30)},
		Outbound:      []parsers.ESPSA{esp("0xC1D2E3F4", "3251831796", 2012, 12, 45)},
		InterfaceSpan: parsers.Span{Start: 1, End: 2},
		Span:          parsers.Span{Start: 4, End: 57},
	}, {
		Interface: "Tunnel2", CryptoMapTag: "Tunnel2-head-0", LocalAddr: cpe, ProtectedVRF: "(none)",
		LocalIdent: greIdent(cpe), RemoteIdent: greIdent(dcB), Peer: dcB, PeerPort: 500, Flags: "origin_is_acl,",
		Errors:        map[string]uint64{"no sa (send)": 57},
		LocalEndpoint: cpe, RemoteEndpoint: dcB, PlaintextMTU: 1500, PathMTU: 1500, IPMTU: 1500, IPMTUIDB: "GigabitEthernet1",
		OutboundSPI: "0x0", OutboundSPIDecimal: "0", InterfaceSpan: parsers.Span{Start: 59, End: 60},
		Span: parsers.Span{Start: 62, End: 97},
	}}
	for name, v := range variants(readCryptoFixture(t, "vc_ipsec_sa_detail.txt")) {
		t.Run(name, func(t *testing.T) {
			got, err := ParseIPsecSA(v.text)
			if err != nil {
				t.Fatalf("ParseIPsecSA(%s) error: %v", name, err)
			}
			if diff := cmp.Diff(shiftFlows(want, v.shift), got, netipEqual); diff != "" {
				t.Errorf("ParseIPsecSA(%s) mismatch (-want +got):\n%s", name, diff)
			}
			if !got[0].HasSA() || got[1].HasSA() {
				t.Errorf("HasSA() = %v, %v, want true, false", got[0].HasSA(), got[1].HasSA())
			}
		})
	}
}

func shiftFlows(in []parsers.IPsecFlow, k int) []parsers.IPsecFlow {
	sh := func(s parsers.Span) parsers.Span { return parsers.Span{Start: s.Start + k, End: s.End + k} }
	shSAs := func(in []parsers.ESPSA) []parsers.ESPSA {
		var out []parsers.ESPSA
		for _, sa := range in {
			sa.Span = sh(sa.Span)
			out = append(out, sa)
		}
		return out
	}
	out := make([]parsers.IPsecFlow, len(in))
	for i, f := range in {
		f.Span, f.InterfaceSpan = sh(f.Span), sh(f.InterfaceSpan)
		f.Inbound, f.Outbound = shSAs(f.Inbound), shSAs(f.Outbound)
		out[i] = f
	}
	return out
}

func TestParseIPsecSAShapes(t *testing.T) {
	const head = "interface: Tunnel1\n    Crypto map tag: Tunnel1-head-0, local addr 192.0.2.1\n\n"
	const flow = "   protected vrf: (none)\n" +
		"   local  ident (addr/mask/prot/port): (192.0.2.1/255.255.255.255/47/0)\n" +
		"   remote ident (addr/mask/prot/port): (198.51.100.1/255.255.255.255/47/0)\n" +
		"   current_peer 198.51.100.1 port 500\n" +
		"    #pkts encaps: 10, #pkts encrypt: 10, #pkts digest: 10\n" +
		"    #pkts decaps: 9, #pkts decrypt: 9, #pkts verify: 9\n"
	tests := []struct {
		name string
		in   string
		want []string // "interface peer encaps/decaps in/out" per flow
	}{
		{"empty", "", []string{}},
		{"banner only", "Load for five secs: 1%/0%; one minute: 1%; five minutes: 1%\nTime source is NTP\n", []string{}},
		{"interface without flows", "interface: Tunnel9\n    Crypto map tag: Tunnel9-head-0, local addr 192.0.2.1\n", []string{}},
		{"one flow", head + flow, []string{"Tunnel1 198.51.100.1 10/9 0/0"}},
		{"two flows one interface", head + flow + "\n" + flow, []string{"Tunnel1 198.51.100.1 10/9 0/0", "Tunnel1 198.51.100.1 10/9 0/0"}},
		{"ident without protected vrf", head + strings.Replace(flow, "   protected vrf: (none)\n", "", 1), []string{"Tunnel1 198.51.100.1 10/9 0/0"}},
		{"seconds lifetime and xe17 conn line", head + flow +
			"     inbound esp sas:\n      spi: 0xAF2C1743(2938902339)\n        transform: esp-256-aes esp-sha256-hmac ,\n" +
			"        conn id: 2049, flow_id: HW:49, sibling_flags FFFFFFFF80000008, crypto map: Tunnel1-head-0, initiator : False\n" +
			"        sa timing: remaining key lifetime (sec): 94\n        A line from IOS-XE 18\n",
			[]string{"Tunnel1 198.51.100.1 10/9 1/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIPsecSA(tt.in)
			if err != nil {
				t.Fatalf("ParseIPsecSA(%q) error: %v", tt.in, err)
			}
			rows := []string{}
			for _, f := range got {
				rows = append(rows, fmt.Sprintf("%s %s %d/%d %d/%d", f.Interface, f.Peer, f.PktsEncaps, f.PktsDecaps, len(f.Inbound), len(f.Outbound)))
			}
			if !cmp.Equal(rows, tt.want) {
				t.Errorf("ParseIPsecSA(%q) = %v, want %v", tt.in, rows, tt.want)
			}
		})
	}
}

func TestParseIPsecSALifetimes(t *testing.T) {
	tests := []struct {
		line   string
		sec    int
		kbytes int64
	}{
		{"sa timing: remaining key lifetime (k/sec): (4607999/3403)", 3403, 4607999},
		{"sa timing: remaining key lifetime (sec): 94", 94, 0},
		{"sa timing: remaining key lifetime 4 hours, 2 mins", 4*3600 + 2*60, 0},
		{"sa timing: remaining key lifetime 1 hours, 10 mins", 4200, 0},
		{"sa timing: remaining key lifetime is not applicable", 0, 0},
	}
	for _, tt := range tests {
		var sa parsers.ESPSA
		saTiming(&sa, tt.line)
		if sa.RemainingLifetimeSec != tt.sec || sa.RemainingKB != tt.kbytes || sa.RemainingLifetime != time.Duration(tt.sec)*time.Second {
			t.Errorf("saTiming(%q) = %ds %dKB, want %ds %dKB", tt.line, sa.RemainingLifetimeSec, sa.RemainingKB, tt.sec, tt.kbytes)
		}
	}
}

func TestParseIPsecSAErrors(t *testing.T) {
	const head = "interface: Tunnel1\n    Crypto map tag: Tunnel1-head-0, local addr 192.0.2.1\n   protected vrf: (none)\n"
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"garbage first", "% Invalid input detected at '^' marker.\n", 1},
		{"bad local addr", "interface: Tunnel1\n    Crypto map tag: Tunnel1-head-0, local addr nowhere\n", 2},
		{"bad ident", head + "   local  ident (addr/mask/prot/port): (garbage)\n", 4},
		{"bad peer", head + "   local  ident (addr/mask/prot/port): (192.0.2.1/255.255.255.255/47/0)\n   current_peer nowhere port 500\n", 5},
		{"bad counter", head + "    #pkts encaps: many, #pkts encrypt: 1\n", 4},
		{"spi outside section", head + "      spi: 0x1(1)\n", 4},
		{"bad endpoint", head + "     local crypto endpt.: x, remote crypto endpt.: 198.51.100.1\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIPsecSA(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseIPsecSA(%q) error = %v, want *parsers.ParseError", tt.in, err)
			}
			if pe.Line != tt.line || pe.Command != cmdIPsecSA {
				t.Errorf("ParseIPsecSA(%q) error at line %d (%v), want line %d", tt.in, pe.Line, err, tt.line)
			}
		})
	}
}

var ipsecCorpusDirs = []string{
	"show_crypto_ipsec_sa", "show_crypto_ipsec_sa_detail", "show_crypto_ipsec_sa_peer",
	"show_crypto_ipsec_sa_peer_detail", "show_crypto_ipsec_sa_interface", "show_crypto_ipsec_sa_ipv6_detailed",
}

func TestParseIPsecSACorpus(t *testing.T) {
	for _, f := range corpusFiles(t, ipsecCorpusDirs...) {
		t.Run(filepath.Base(f.Path), func(t *testing.T) {
			out := readCorpus(t, f.Path)
			got, err := ParseIPsecSA(out)
			if err != nil {
				t.Fatalf("ParseIPsecSA(%s): %v", f.Path, err)
			}
			if len(got) == 0 {
				t.Fatalf("ParseIPsecSA(%s) found no flows", f.Path)
			}
			var spans []parsers.Span
			for _, fl := range got {
				spans = append(spans, fl.Span)
			}
			checkSpans(t, len(parsers.Lines(out)), spans)
			switch {
			case strings.HasSuffix(f.Expected, ".json"):
				checkIPsecGenie(t, loadExpected(t, f.Expected), got)
			case strings.HasSuffix(f.Expected, ".yml"):
				checkIPsecNTC(t, readCorpus(t, f.Expected), got)
			}
		})
	}
}

// checkIPsecGenie compares with genieparser's nested dict.
func checkIPsecGenie(t *testing.T, exp any, got []parsers.IPsecFlow) {
	t.Helper()
	var ifaces, peers, encaps, decaps, outSPI, mtu, spis, transforms, life []string
	for _, f := range got {
		ifaces = append(ifaces, f.Interface)
		peers = append(peers, f.Peer.String())
		encaps, decaps = append(encaps, fmt.Sprint(f.PktsEncaps)), append(decaps, fmt.Sprint(f.PktsDecaps))
		outSPI = append(outSPI, fmt.Sprintf("%s(%s)", f.OutboundSPI, f.OutboundSPIDecimal))
		mtu = append(mtu, fmt.Sprint(f.PlaintextMTU))
		for _, sa := range append(append(append([]parsers.ESPSA{}, f.Inbound...), f.Outbound...), append(f.InboundAH, f.OutboundAH...)...) {
			if sa.SPI != "" {
				spis = append(spis, fmt.Sprintf("%s(%s)", sa.SPI, sa.SPIDecimal))
			}
			transforms = append(transforms, strings.Join(sa.Transform, " "))
			life = append(life, fmt.Sprint(sa.RemainingLifetimeSec))
		}
	}
	sameSet(t, "interfaces", append(dictKeys(exp, "interface"), dictKeys(exp, "interfaces")...), ifaces)
	sameSet(t, "peers", canonAddrs(valuesOf(exp, "peer_ip")), peers)
	sameSet(t, "pkts_encaps", valuesOf(exp, "pkts_encaps"), encaps)
	sameSet(t, "pkts_decaps", valuesOf(exp, "pkts_decaps"), decaps)
	sameSet(t, "current_outbound_spi", valuesOf(exp, "current_outbound_spi"), outSPI)
	sameSet(t, "plaintext_mtu", valuesOf(exp, "plaintext_mtu"), mtu)
	sameSet(t, "spis", dictKeys(exp, "spi"), spis)
	// genieparser keeps only the first word of some transforms ("esp-gcm"
	// for "esp-gcm 256"), so compare prefixes.
	for _, v := range valuesOf(exp, "transform") {
		w := strings.Join(parsers.NormalizeTransform(v), " ")
		found := false
		for _, g := range transforms {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("transform %q (from %q) not among ours %v", w, v, transforms)
		}
	}
	var wantLife []string
	for _, v := range valuesOf(exp, "remaining_key_lifetime") {
		if parsers.IsDigits(v) {
			wantLife = append(wantLife, v)
		}
	}
	if len(wantLife) == len(valuesOf(exp, "remaining_key_lifetime")) {
		sameSet(t, "remaining_key_lifetime", wantLife, life)
	}
	checkRecall(t, exp, got)
}

// checkIPsecNTC compares with ntc-templates' flat records (one per SA).
func checkIPsecNTC(t *testing.T, yml string, got []parsers.IPsecFlow) {
	t.Helper()
	want := map[string][]string{}
	for _, l := range strings.Split(yml, "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(l), "- "), ":")
		if ok {
			want[k] = append(want[k], strings.Trim(strings.TrimSpace(v), `"`))
		}
	}
	var peers, encaps, decaps, spis, decs, outDecs, kb, sec []string
	for _, f := range got {
		peers = append(peers, f.Peer.String())
		outDecs = append(outDecs, f.OutboundSPIDecimal)
		encaps, decaps = append(encaps, fmt.Sprint(f.PktsEncaps)), append(decaps, fmt.Sprint(f.PktsDecaps))
		for _, sa := range append(append([]parsers.ESPSA{}, f.Inbound...), f.Outbound...) {
			spis, decs = append(spis, sa.SPI), append(decs, sa.SPIDecimal)
			kb, sec = append(kb, fmt.Sprint(sa.RemainingKB)), append(sec, fmt.Sprint(sa.RemainingLifetimeSec))
		}
	}
	sameSet(t, "current_peer", want["current_peer"], peers)
	sameSet(t, "pkts_encaps", want["pkts_encaps"], encaps)
	sameSet(t, "pkts_decaps", want["pkts_decaps"], decaps)
	sameSet(t, "sa_spi_hex", want["sa_spi_hex"], spis)
	sameSet(t, "sa_spi_dec", want["sa_spi_dec"], decs)
	sameSet(t, "current_outbound_spi_dec", want["current_outbound_spi_dec"], outDecs)
	sameSet(t, "sa_lifetime_kbytes", want["sa_lifetime_kbytes"], kb)
	sameSet(t, "sa_lifetime_sec", want["sa_lifetime_sec"], sec)
}

// scanLines collects what lineScanner yields.
func scanLines(out string) []string {
	got := []string{}
	sc := lineScanner{rest: out}
	for sc.next() {
		got = append(got, strings.TrimRight(sc.line, " \t"))
	}
	return got
}

func TestLineScannerMatchesLines(t *testing.T) {
	for _, in := range []string{"", "\n", "\n\n", "a", "a\n", "a\r\n", "a\r", "a\rb", "a\r\r\nb", "a\n\rb\r\n\r\n", "x \t\r\ny\t"} {
		want := parsers.Lines(in)
		if want == nil {
			want = []string{}
		}
		if got := scanLines(in); !cmp.Equal(got, want) {
			t.Errorf("scanLines(%q) = %q, want parsers.Lines' %q", in, got, want)
		}
	}
}
