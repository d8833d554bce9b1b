package junos

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// corpusFile reads a real output of ../shared/corpus/juniper_junos,
// skipping when absent.
func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "juniper_junos", rel))
	if err != nil {
		t.Skipf("corpus file absent: %v", err)
	}
	return string(b)
}

// read runs Read on one output as a command on a fresh CPE.
func read(t *testing.T, cmd, text string) (*evidence.CPE, *evidence.Output) {
	t.Helper()
	c, ok := Platform{}.Identify(cmd)
	if !ok {
		t.Fatalf("Identify(%q) failed", cmd)
	}
	cpe := &evidence.CPE{Name: "cpe", Platform: Name}
	o := &evidence.Output{Command: c.Text, Kind: parsers.Kind(c.Kind), Arg: c.Arg, Variant: c.Variant, Families: c.Families,
		Text: text, Lines: parsers.Lines(text), Source: "corpus"}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	return cpe, o
}

// The expectations below were written from the files before Read ran.
func TestReadCorpus(t *testing.T) {
	cpe, o := read(t, "show security ike security-associations",
		corpusFile(t, "show_security_ike_security-associations/gcp-community__archived-using-cloud-vpn-with-juniper-srx-index__root@vsrx_show_security_ike_security-associations_2.txt"))
	if o.Err != nil || len(cpe.IKESAs) != 1 || len(cpe.IKESAs[0].Items) != 2 {
		t.Fatalf("IKE: %v %+v", o.Err, cpe.IKESAs)
	}
	if sa := cpe.IKESAs[0].Items[1]; sa.Remote.Addr() != netip.MustParseAddr("35.230.59.183") || !sa.Established() ||
		sa.Version != 2 || sa.Ref.Span.Start != 3 || sa.Local.IsValid() {
		t.Errorf("IKE SA[1] = %+v", sa)
	}

	cpe, o = read(t, "show security ipsec security-associations",
		corpusFile(t, "show_security_ipsec_security-associations/gcp-community__archived-using-cloud-vpn-with-juniper-srx-index__root@vsrx_show_security_ipsec_security-associations.txt"))
	if o.Err != nil || len(cpe.ChildSAs) != 1 || len(cpe.ChildSAs[0].Items) != 1 {
		t.Fatalf("IPsec: %v %+v", o.Err, cpe.ChildSAs)
	}
	ch := cpe.ChildSAs[0].Items[0]
	if ch.Peer != netip.MustParseAddr("35.187.170.191") || ch.PeerPort != 4500 || !ch.HasSA() || ch.HasCounters ||
		ch.Inbound[0].SPI != "9beb1bf0" || ch.Outbound[0].SPI != "97791a28" || !ch.Inbound[0].UDPEncap ||
		len(ch.Inbound[0].Transform) != 2 || ch.Inbound[0].Transform[0] != "esp-aes-256" || ch.Inbound[0].Transform[1] != "esp-sha256-hmac" {
		t.Errorf("child SA = %+v", ch)
	}

	cpe, o = read(t, "show bgp summary", corpusFile(t, "show_bgp_summary/AzureLabs__JunOS-To-Azure-VNG-IPSec+BGP-README__show_bgp_summary.txt"))
	if o.Err != nil || len(cpe.BGPNeighbors) != 1 || len(cpe.BGPNeighbors[0].Items) != 1 {
		t.Fatalf("BGP: %v %+v", o.Err, cpe.BGPNeighbors)
	}
	if n := cpe.BGPNeighbors[0].Items[0]; n.Address != netip.MustParseAddr("10.225.254.254") || n.RemoteAS != 65002 ||
		!n.Established() || n.PrefixesReceived != 1 || !n.UpKnown || n.Up.Seconds() != 42*60+37 {
		t.Errorf("BGP neighbor = %+v", n)
	}

	cpe, o = read(t, "show route receive-protocol bgp 10.225.254.254",
		corpusFile(t, "show_route_receive-protocol_bgp_X/AzureLabs__JunOS-To-Azure-VNG-IPSec+BGP-README__show_route_receive-protocol_bgp_10.225.254.254.txt"))
	if o.Err != nil || len(cpe.RoutesAccepted) != 1 || len(cpe.RoutesReceived) != 1 || !cpe.RoutesReceived[0].Scope.Partial {
		t.Fatalf("routes: %v accepted %+v received %+v", o.Err, cpe.RoutesAccepted, cpe.RoutesReceived)
	}
	if r := cpe.RoutesAccepted[0].Items; len(r) != 1 || r[0].Prefix != netip.MustParsePrefix("10.225.0.0/16") ||
		r[0].NextHop != netip.MustParseAddr("10.225.254.254") || len(r[0].Path) != 1 || r[0].Path[0] != 65002 ||
		!cpe.RoutesAccepted[0].Proves("10.225.254.254") {
		t.Errorf("accepted = %+v", r)
	}
}

func TestReadRefusalAndGarbage(t *testing.T) {
	for _, tc := range []struct{ cmd, text string }{
		{"show bgp summary", "error: syntax error, expecting <command>: summry\n"},
		{"show security ike security-associations", "                              ^\nsyntax error, expecting <command>.\n"},
		{"show bgp summary", "this is not router output\nat all\n"},
		{"show security ipsec security-associations", "garbage line\n"},
		{"show version", "nothing like a version\n"},
		{"show interfaces gr-0/0/0.0 extensive", "not an interface\n"},
	} {
		cpe, o := read(t, tc.cmd, tc.text)
		if o.Err == nil {
			t.Errorf("Read(%q, %q): no error", tc.cmd, tc.text)
		}
		if len(cpe.IKESAs)+len(cpe.ChildSAs)+len(cpe.BGPNeighbors)+len(cpe.Versions)+len(cpe.Interfaces) != 0 {
			t.Errorf("Read(%q, %q) added facts", tc.cmd, tc.text)
		}
	}
	_, o := read(t, "show bgp summary", "error: syntax error\n")
	if !errors.Is(o.Err, evidence.ErrCommandFailed) {
		t.Errorf("refusal = %v, want ErrCommandFailed", o.Err)
	}
}
