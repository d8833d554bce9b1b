package swanctl

import (
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

func TestParseListConnsFixture(t *testing.T) {
	cs, err := ParseListConns(corpustest.Fixture(t, "list-conns/gre-psk-and-cert.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs.Conns) != 2 {
		t.Fatalf("got %d conns, want 2", len(cs.Conns))
	}
	a := cs.Conns[0]
	wantA := Conn{
		Name: "dc-a", Version: "IKEv2", Rekey: 14400 * time.Second, DPDDelay: 10 * time.Second,
		LocalAddrs: []string{"198.51.100.1"}, RemoteAddrs: []string{"203.0.113.10"},
		LocalIPs: []netip.Addr{netip.MustParseAddr("198.51.100.1")}, RemoteIPs: []netip.Addr{netip.MustParseAddr("203.0.113.10")},
		LocalAuth:  []Auth{{Class: "pre-shared key", Method: "psk", ID: "cpe.example.net", Span: parsers.Span{Start: 4, End: 5}}},
		RemoteAuth: []Auth{{Class: "pre-shared key", Method: "psk", ID: "203.0.113.10", Span: parsers.Span{Start: 6, End: 7}}},
		Children: []ConnChild{{
			Name: "dc-a-gre", Mode: "TUNNEL", Rekey: 3600 * time.Second, DPDAction: "clear",
			LocalTS:  []TrafficSelector{{Raw: "198.51.100.1/32[gre]", Prefix: netip.MustParsePrefix("198.51.100.1/32"), Protocol: 47, ProtocolName: "gre"}},
			RemoteTS: []TrafficSelector{{Raw: "203.0.113.10/32[gre]", Prefix: netip.MustParsePrefix("203.0.113.10/32"), Protocol: 47, ProtocolName: "gre"}},
			Span:     parsers.Span{Start: 8, End: 10},
		}},
		Span: parsers.Span{Start: 1, End: 10},
	}
	if d := corpustest.Diff(wantA, a); d != "" {
		t.Errorf("dc-a (-want +got):\n%s", d)
	}
	b := cs.Conns[1]
	if b.Reauth != 86400*time.Second || b.Rekey != 14400*time.Second || b.DPDDelay != 0 {
		t.Errorf("dc-b timers %v %v %v", b.Reauth, b.Rekey, b.DPDDelay)
	}
	if d := corpustest.Diff([]string{"dcb.example.net", "203.0.113.138"}, b.RemoteAddrs); d != "" || len(b.RemoteIPs) != 1 || len(b.LocalIPs) != 0 || b.LocalAddrs[0] != "%any" {
		t.Errorf("dc-b addrs %v %v %v", b.LocalAddrs, b.RemoteAddrs, b.RemoteIPs)
	}
	if la := b.LocalAuth[0]; la.Method != "pubkey" || la.ID != "C=US, O=Example, CN=cpe.example.net" || la.Certs == "" {
		t.Errorf("dc-b local auth %+v", la)
	}
	if ra := b.RemoteAuth[0]; ra.CACerts != "C=US, O=Example, CN=Example Root CA" || ra.ID != "dcb.example.net" {
		t.Errorf("dc-b remote auth %+v", ra)
	}
	if len(b.Children) != 2 {
		t.Fatalf("dc-b children %d, want 2", len(b.Children))
	}
	c := b.Children[0]
	if c.Mode != "TRANSPORT" || c.Rekey != 3600*time.Second || c.RekeyBytes != 500000000 || c.DPDAction != "" || c.Interface != "wan-b" || c.Priority != 1000 {
		t.Errorf("dc-b-gre %+v", c)
	}
	if !c.LocalTS[0].Dynamic || c.LocalTS[0].Protocol != 47 || !c.RemoteTS[0].Dynamic {
		t.Errorf("dynamic selectors %+v %+v", c.LocalTS, c.RemoteTS)
	}
	if p := b.Children[1]; p.Mode != "PASS" || !p.NoRekey || p.LocalTS[0].Prefix != netip.MustParsePrefix("10.0.0.0/8") || p.Span != (parsers.Span{Start: 26, End: 28}) {
		t.Errorf("bypass %+v", p)
	}
}

func TestParseListConnsCorpus(t *testing.T) {
	for _, p := range corpustest.CorpusFiles(t, "swanctl_--list-conns") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			in := corpustest.ReadFile(t, p)
			cs, err := ParseListConns(in)
			if err != nil {
				t.Fatal(err)
			}
			n := len(parsers.Lines(in))
			for _, c := range cs.Conns {
				corpustest.CheckSpan(t, c.Span, n)
				if c.Version != "IKEv2" || c.Reauth != 0 || c.Rekey != 14400*time.Second || c.DPDDelay != 10*time.Second {
					t.Errorf("%s: %s reauth %v rekey %v dpd %v", c.Name, c.Version, c.Reauth, c.Rekey, c.DPDDelay)
				}
				if len(c.LocalAuth) != 1 || c.LocalAuth[0].Method != "psk" || c.LocalAuth[0].ID != "cpe.example" {
					t.Errorf("%s local auth %+v", c.Name, c.LocalAuth)
				}
				if len(c.Children) != 1 || c.Children[0].Mode != "TUNNEL" || c.Children[0].Rekey != time.Hour || c.Children[0].DPDAction != "start" {
					t.Errorf("%s children %+v", c.Name, c.Children)
				}
			}
			if filepath.Base(p) != "lab__healthy__cpe.txt" {
				return
			}
			if len(cs.Conns) != 2 {
				t.Fatalf("got %d conns, want 2", len(cs.Conns))
			}
			a, b := cs.Conns[0], cs.Conns[1]
			if a.Name != "vc-a" || a.LocalIPs[0] != netip.MustParseAddr("198.51.100.1") || a.RemoteIPs[0] != netip.MustParseAddr("198.51.100.2") || a.RemoteAuth[0].ID != "dca.example" {
				t.Errorf("vc-a %+v", a)
			}
			if b.Name != "vc-b" || b.RemoteIPs[0] != netip.MustParseAddr("198.51.100.6") || b.Children[0].RemoteTS[0].Prefix != netip.MustParsePrefix("100.64.0.3/32") {
				t.Errorf("vc-b %+v", b)
			}
			if a.Span != (parsers.Span{Start: 1, End: 10}) || b.Span != (parsers.Span{Start: 11, End: 20}) {
				t.Errorf("spans %+v %+v", a.Span, b.Span)
			}
		})
	}
}

func TestParseListConnsEmptyAndGarbage(t *testing.T) {
	for _, in := range []string{"", "\n", " \r\n\r\n"} {
		cs, err := ParseListConns(in)
		if err != nil || len(cs.Conns) != 0 {
			t.Errorf("ParseListConns(%q) = %v, %v; want empty", in, cs, err)
		}
	}
	garbage := map[string]string{
		"list-sas":     corpustest.Fixture(t, "list-sas/gre-two-dcs.txt"),
		"ip route":     "default via 198.51.100.2 dev wan-a\n",
		"random":       "\xff\xfe\x00abc\n\x01",
		"indent first": "  local:  1.2.3.4\n",
		"bad ts":       "c: IKEv2, no reauthentication, no rekeying\n  ch: TUNNEL, no rekeying\n    local:  1.2.3.4/99\n",
	}
	for name, in := range garbage {
		t.Run(name, func(t *testing.T) {
			_, err := ParseListConns(in)
			corpustest.WantParseError(t, err)
		})
	}
}
