package panos

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// corpusFile reads a real output of ../shared/corpus/paloalto_panos,
// skipping when absent.
func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "paloalto_panos", rel))
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	return string(b)
}

// read runs Read on one output on cpe (a fresh one when nil).
func read(t *testing.T, cpe *evidence.CPE, cmd, text string) (*evidence.CPE, *evidence.Output) {
	t.Helper()
	c, ok := Platform{}.Identify(cmd)
	if !ok {
		t.Fatalf("Identify(%q) failed", cmd)
	}
	if cpe == nil {
		cpe = &evidence.CPE{Name: "cpe", Platform: Name}
	}
	o := &evidence.Output{Command: c.Text, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant, Families: c.Families,
		Text: text, Lines: parsers.Lines(text), Source: "corpus"}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	return cpe, o
}

// The expectations below were written from the corpus files before Read
// ran.
func TestReadCorpusIKE(t *testing.T) {
	cpe, o := read(t, nil, "show vpn ike-sa", corpusFile(t, "show_vpn_ike-sa/vyos-documentation__ipsec-pa-route-based__PA-VM_show_vpn_ike-sa.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	if len(cpe.IKESAs) != 1 || len(cpe.IKESAs[0].Items) != 1 || cpe.IKESAs[0].Scope.Partial {
		t.Fatalf("IKE listings %+v, want one complete listing with the one IKEv1 SA", cpe.IKESAs)
	}
	sa := cpe.IKESAs[0].Items[0]
	// "1  10.0.1.2  VyOS  Resp Main PSK/DH14/A128/SHA1 ... v1 13": IKEv1,
	// whose numeric state is not read as established.
	if sa.Version != 1 || sa.Remote.Addr() != netip.MustParseAddr("10.0.1.2") || sa.DHGroup != 14 ||
		sa.Encryption != "aes-cbc-128" || sa.Integrity != "sha1" || sa.Established() || sa.AgeKnown {
		t.Errorf("IKE SA = %+v", sa)
	}
	if got := sa.Ref.Lines(evidence.AttrState); len(got) != 1 || got[0] != 5 {
		t.Errorf("state cited at %v, want line 5", got)
	}
}

func TestReadCorpusIPsec(t *testing.T) {
	cpe, o := read(t, nil, "show vpn ipsec-sa", corpusFile(t, "show_vpn_ipsec-sa/vyos-documentation__ipsec-pa-route-based__PA-VM_show_vpn_ipsec-sa.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	if len(cpe.ChildSAs) != 1 || len(cpe.ChildSAs[0].Items) != 1 {
		t.Fatalf("child listings %+v", cpe.ChildSAs)
	}
	c := cpe.ChildSAs[0].Items[0]
	if c.Peer != netip.MustParseAddr("10.0.1.2") || !c.HasSA() || c.Inbound[0].SPI != "0x8827A3D9" ||
		c.Outbound[0].SPI != "0xC204F4FA" || c.HasCounters || len(c.Inbound[0].Transform) != 2 ||
		c.Inbound[0].Transform[0] != "esp-aes-256" || c.Inbound[0].Transform[1] != "esp-sha256-hmac" {
		t.Errorf("child SA = %+v", c)
	}
}

func TestReadCorpusFlowAndRoutes(t *testing.T) {
	cpe, o := read(t, nil, "show vpn flow", corpusFile(t, "show_vpn_flow/paloalto_exporter__README__show_vpn_flow.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	l := cpe.Interfaces[0]
	if !l.Scope.Partial || len(l.Items) != 4 {
		t.Fatalf("flow listing %+v, want 4 partial", l)
	}
	if a, b := l.Items[0], l.Items[1]; a.Name != "tunnel.3" || a.Up || a.LineUp || a.Keepalive.Known ||
		b.Name != "tunnel.4" || !b.LineUp {
		t.Errorf("tunnel.3 = %+v, tunnel.4 = %+v", a, b)
	}
	cpe, o = read(t, nil, "show routing route", corpusFile(t, "show_routing_route/ntc-templates__paloalto_panos_show_routing_route3.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	rs := cpe.RouteLookups[0].Items
	e, ok := evidence.LongestMatch(rs, netip.MustParseAddr("10.7.4.9"))
	if !ok || e.Prefix != netip.MustParsePrefix("10.7.4.0/24") || e.Protocol != "bgp" ||
		len(e.NextHops) != 1 || e.NextHops[0].Address != netip.MustParseAddr("172.20.17.118") {
		t.Errorf("lookup of 10.7.4.9 = %+v, %v", e, ok)
	}
}

// TestReadDetailTakesFlowState: show interface tunnel.N prints no state;
// it takes the state show vpn flow gave, and without it adds nothing.
func TestReadDetailTakesFlowState(t *testing.T) {
	detail := "Name: tunnel.1, ID: 256\nInterface MTU 1424\nInterface IP address: 169.254.10.1/30\n" +
		"packets received               50\npackets transmitted            48\n"
	cpe, o := read(t, nil, "show interface tunnel.1", detail)
	if o.Err != nil || len(cpe.Interfaces) != 0 || len(o.Notes) == 0 {
		t.Fatalf("without flow: err %v, listings %d, notes %q", o.Err, len(cpe.Interfaces), o.Notes)
	}
	flow := "id    name     state   monitor local-ip      peer-ip       tunnel-i/f\n" +
		"--    ----     -----   ------- --------      -------       ----------\n" +
		"5     TUN-DCA  active  off     198.51.100.1  198.51.100.2  tunnel.1\n"
	cpe, o = read(t, nil, "show vpn flow", flow)
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	cpe, o = read(t, cpe, "show interface tunnel.1", detail)
	if o.Err != nil || len(cpe.Interfaces) != 2 {
		t.Fatalf("err %v, listings %d", o.Err, len(cpe.Interfaces))
	}
	i := cpe.Interfaces[1].Items[0]
	if !i.LineUp || i.MTU != 1424 || !i.HasCounters || i.InPackets != 50 || i.OutPackets != 48 || i.Keepalive.Known ||
		i.Address != netip.MustParsePrefix("169.254.10.1/30") {
		t.Errorf("tunnel.1 = %+v", i)
	}
}

// TestReadRefusalsAndGarbage: PAN-OS's rejections are failed commands,
// garbage is a parse error; neither adds facts.
func TestReadRefusalsAndGarbage(t *testing.T) {
	for _, text := range []string{
		"admin@PA-VM> show vpn ike-sa\nInvalid syntax.\n",
		"Unknown command: ike-sa\n",
		"Server error : show -> vpn  is unexpected\n",
	} {
		cpe, o := read(t, nil, "show vpn ike-sa", text)
		if !errors.Is(o.Err, evidence.ErrCommandFailed) || len(cpe.IKESAs) != 0 {
			t.Errorf("%q: err %v, %d listings", text, o.Err, len(cpe.IKESAs))
		}
	}
	for _, cmd := range []string{"show vpn ike-sa", "show vpn ipsec-sa", "show vpn flow", "show routing protocol bgp peer",
		"show routing route", "ping source 100.64.1.2 host 100.64.1.1 count 5"} {
		cpe, o := read(t, nil, cmd, "\x00\x01 random bytes\n\xff\xfe nothing here\n")
		if o.Err == nil || len(cpe.IKESAs)+len(cpe.ChildSAs)+len(cpe.Interfaces)+len(cpe.BGPNeighbors)+len(cpe.RouteLookups)+len(cpe.Pings) != 0 {
			t.Errorf("%s: garbage read: err %v", cmd, o.Err)
		}
	}
}
