package iosxe

import (
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vcdiag/vcdiag/parsers"
)

func TestParseCryptoSessionFixture(t *testing.T) {
	host := func(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, 32) }
	ike := func(remote netip.Addr, status, caps string, conn int, life string) parsers.CryptoSessionIKE {
		return parsers.CryptoSessionIKE{
			Version: "IKEv2", Local: netip.AddrPortFrom(cpe, 500), Remote: netip.AddrPortFrom(remote, 500),
			LocalAddr: cpe, LocalPort: 500, RemoteAddr: remote, RemotePort: 500,
			Status: status, Capability: caps, ConnID: conn, Lifetime: life,
		}
	}
	want := []parsers.CryptoSession{{
		Interface: "Tunnel1", Profile: "VC-IKEV2-PROFILE", Status: "UP-ACTIVE", Peer: dcA, PeerPort: 500,
		FVRF: "(none)", IVRF: "(none)", SessionID: 7, Uptime: "00:29:17", Phase1ID: "198.51.100.1", Desc: "(none)",
		IKESAs: []parsers.CryptoSessionIKE{ike(dcA, "Active", "D", 1021, "23:30:43")},
		Flows: []parsers.CryptoSessionFlow{{
			ACL: "permit 47 host 192.0.2.1 host 198.51.100.1", ActiveSAs: 2, Origin: "crypto map",
			Action: "permit", Protocol: "47", Source: host(cpe), Destination: host(dcA),
			InDecrypted: 179210, InLifeSec: 2114, OutEncrypted: 183342, OutLifeSec: 2114,
		}},
		Span: parsers.Span{Start: 9, End: 22},
	}, {
		Interface: "Tunnel2", Profile: "VC-IKEV2-PROFILE", Status: "DOWN-NEGOTIATING", Peer: dcB, PeerPort: 500,
		FVRF: "(none)", IVRF: "(none)", Phase1ID: "(none)", Desc: "(none)",
		IKESAs: []parsers.CryptoSessionIKE{ike(dcB, "Inactive", "(none)", 1022, "0")},
		Flows: []parsers.CryptoSessionFlow{{
			ACL: "permit 47 host 192.0.2.1 host 198.51.100.129", Origin: "crypto map",
			Action: "permit", Protocol: "47", Source: host(cpe), Destination: host(dcB), OutDrop: 57,
		}},
		Span: parsers.Span{Start: 24, End: 35},
	}}
	for name, v := range variants(readCryptoFixture(t, "vc_crypto_session_detail.txt")) {
		t.Run(name, func(t *testing.T) {
			got, err := ParseCryptoSession(v.text)
			if err != nil {
				t.Fatalf("ParseCryptoSession(%s) error: %v", name, err)
			}
			w := make([]parsers.CryptoSession, len(want))
			for i, s := range want {
				s.Span = parsers.Span{Start: s.Span.Start + v.shift, End: s.Span.End + v.shift}
				w[i] = s
			}
			if diff := cmp.Diff(w, got, netipEqual); diff != "" {
				t.Errorf("ParseCryptoSession(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

func TestParseCryptoSessionShapes(t *testing.T) {
	tests := []struct {
		name string
		file string
		in   string
		want []string // "interface status peer ikeVersions/ikeStatus flows" per session
	}{
		{name: "empty", in: "", want: []string{}},
		{name: "title only", in: "Crypto session current status\n\n", want: []string{}},
		{name: "down peer, unknown interface", file: "vc_crypto_session_down.txt",
			want: []string{"(unknown) DOWN 198.51.100.129 [] 1", "Tunnel1 UP-ACTIVE 198.51.100.1 [IKEv2/Active] 1"}},
		{name: "old IKE SA line", in: "Interface: Tunnel13\nSession status: UP-ACTIVE\nPeer: 11.0.1.1 port 500\n" +
			"  IKE SA: local 11.0.1.2/500 remote 11.0.1.1/500 Active \n  IKE SA: local 11.0.1.2/500 remote 11.0.1.1/500 Inactive\n",
			want: []string{"Tunnel13 UP-ACTIVE 11.0.1.1 [IKE/Active IKE/Inactive] 0"}},
		{name: "ipv6 wrapped IKE SA", in: "Interface: Tunnel1\nSession status: UP-ACTIVE\nPeer: 2001:DB8::2 port 500\n" +
			"  IKEv2 SA: local 2001:DB8::1/500\n          remote 2001:DB8::2/500 Active \n",
			want: []string{"Tunnel1 UP-ACTIVE 2001:db8::2 [IKEv2/Active] 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if tt.file != "" {
				in = readCryptoFixture(t, tt.file)
			}
			got, err := ParseCryptoSession(in)
			if err != nil {
				t.Fatalf("ParseCryptoSession(%q) error: %v", in, err)
			}
			rows := []string{}
			for _, s := range got {
				var ikes []string
				for _, i := range s.IKESAs {
					ikes = append(ikes, i.Version+"/"+i.Status)
				}
				rows = append(rows, fmt.Sprintf("%s %s %s %v %d", s.Interface, s.Status, s.Peer, ikes, len(s.Flows)))
			}
			if !cmp.Equal(rows, tt.want) {
				t.Errorf("ParseCryptoSession(%q) = %v, want %v", in, rows, tt.want)
			}
		})
	}
}

func TestParseCryptoSessionErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"garbage", "% Invalid input detected at '^' marker.\n", 1},
		{"bad peer", "Interface: Tunnel1\nPeer: nowhere port 500\n", 2},
		{"bad IKE SA", "Interface: Tunnel1\n  IKEv2 SA: local 192.0.2.1 remote 198.51.100.1/500 Active\n", 2},
		{"truncated IKE SA", "Interface: Tunnel1\n  IKEv2 SA: local 192.0.2.1/500\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCryptoSession(tt.in)
			var pe *parsers.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseCryptoSession(%q) error = %v, want *parsers.ParseError", tt.in, err)
			}
			if pe.Line != tt.line || pe.Command != cmdCryptoSession {
				t.Errorf("ParseCryptoSession(%q) error at line %d (%v), want line %d", tt.in, pe.Line, err, tt.line)
			}
		})
	}
}

var sessionCorpusDirs = []string{
	"show_crypto_session", "show_crypto_session_detail", "show_crypto_session_local",
	"show_crypto_session_local_detail", "show_crypto_session_remote", "show_crypto_session_remote_detail",
}

func TestParseCryptoSessionCorpus(t *testing.T) {
	for _, f := range corpusFiles(t, sessionCorpusDirs...) {
		t.Run(filepath.Base(f.Path), func(t *testing.T) {
			out := readCorpus(t, f.Path)
			got, err := ParseCryptoSession(out)
			if err != nil {
				t.Fatalf("ParseCryptoSession(%s): %v", f.Path, err)
			}
			if len(got) == 0 {
				t.Fatalf("ParseCryptoSession(%s) found no session", f.Path)
			}
			var spans []parsers.Span
			var ifaces, status, peers, ikeAddrs, activeSAs []string
			for _, s := range got {
				spans = append(spans, s.Span)
				ifaces, status, peers = append(ifaces, s.Interface), append(status, s.Status), append(peers, s.Peer.String())
				for _, i := range s.IKESAs {
					ikeAddrs = append(ikeAddrs, i.LocalAddr.String(), i.RemoteAddr.String())
				}
				for _, fl := range s.Flows {
					activeSAs = append(activeSAs, fmt.Sprint(fl.ActiveSAs))
				}
			}
			checkSpans(t, len(parsers.Lines(out)), spans)
			if !strings.HasSuffix(f.Expected, ".json") {
				return
			}
			exp := loadExpected(t, f.Expected)
			sameSet(t, "interfaces", append(dictKeys(exp, "interface"), dictKeys(exp, "interfaces")...), ifaces)
			sameSet(t, "session_status", valuesOf(exp, "session_status"), status)
			sameSet(t, "peers", canonAddrs(append(dictKeys(exp, "peer"), valuesOf(exp, "peer_ip")...)), peers)
			sameSet(t, "IKE SA addresses", canonAddrs(append(valuesOf(exp, "local"), valuesOf(exp, "remote")...)), ikeAddrs)
			sameSet(t, "active_sas", valuesOf(exp, "active_sas"), activeSAs)
			checkRecall(t, exp, got)
		})
	}
}
