package linux

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// corpusFile reads a real output of ../shared/corpus, skipping when absent.
func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", rel))
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

// The expectations below are what the real lab outputs say (their
// MANIFEST notes and the lines themselves), written before Read ran.
func TestReadCorpusSAs(t *testing.T) {
	cpe, o := read(t, "swanctl --list-sas", corpusFile(t, "linux_strongswan/swanctl_--list-sas/lab__healthy__cpe.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	if len(cpe.IKESAs) != 1 || len(cpe.IKESAs[0].Items) != 2 {
		t.Fatalf("IKE listings %+v, want one with 2 SAs", cpe.IKESAs)
	}
	a := cpe.IKESAs[0].Items[1] // vc-a is listed second
	if a.Remote != netip.MustParseAddrPort("198.51.100.2:4500") || !a.Established() || a.Version != 2 ||
		a.Encryption != "aes-cbc-256" || a.DHGroup != 14 || !a.NATT || !a.AgeKnown || a.Age.Seconds() != 98 {
		t.Errorf("vc-a IKE SA = %+v", a)
	}
	if got := a.Ref.Lines(evidence.AttrAlgorithms); len(got) != 1 || got[0] != 15 {
		t.Errorf("vc-a algorithms cited at %v, want line 15", got)
	}
	ch := cpe.ChildSAs[0].Items[1]
	if ch.Peer != netip.MustParseAddr("198.51.100.2") || !ch.HasSA() || ch.Decaps != 105 || ch.Encaps != 114 ||
		ch.Inbound[0].SPI != "072bd0e1" || !ch.Inbound[0].UDPEncap || ch.Inbound[0].Mode != "tunnel" ||
		ch.Remote.Prefix != netip.MustParsePrefix("100.64.0.2/32") || ch.PFS {
		t.Errorf("vc-a child SA = %+v", ch)
	}
}

func TestReadCorpusBGP(t *testing.T) {
	cpe, o := read(t, "vtysh -c 'show bgp summary json'", corpusFile(t, "frr/show_bgp_summary_json/lab__bgp-wrong-remote-as__cpe.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	got := map[string]evidence.BGPState{}
	for _, n := range cpe.BGPNeighbors[0].Items {
		got[n.Address.String()] = n.State
	}
	if got["100.64.0.2"] != evidence.BGPIdle || got["100.64.0.3"] != evidence.BGPEstablished {
		t.Errorf("states %v, want 100.64.0.2 Idle, 100.64.0.3 Established", got)
	}
	// The /24 filtered in: received, not accepted. Here DC-A's accepted
	// routes hold only the default route.
	cpe, o = read(t, "vtysh -c 'show bgp ipv4 unicast neighbors 100.64.0.2 routes json'",
		corpusFile(t, "frr/show_bgp_ipv4_unicast_neighbors_X_routes_json/lab__bgp-prefix-filtered-in__cpe.txt"))
	if o.Err != nil {
		t.Fatal(o.Err)
	}
	l := cpe.RoutesAccepted[0]
	if l.Scope.Key != "100.64.0.2" || len(l.Items) != 1 || l.Items[0].Prefix != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("accepted routes %+v", l)
	}
}

// TestReadUnavailableIsNotEmpty: FRR's "cannot show" answers make the
// output unusable, never an empty table.
func TestReadUnavailableIsNotEmpty(t *testing.T) {
	for _, text := range []string{
		"% Inbound soft reconfiguration not enabled\n",
		"{\n  \"warning\":\"Inbound soft reconfiguration not enabled\"\n}\n",
	} {
		cpe, o := read(t, "vtysh -c 'show bgp ipv4 unicast neighbors 100.64.1.1 received-routes json'", text)
		if o.Err == nil || len(cpe.RoutesReceived) != 0 {
			t.Errorf("%q: Err %v, %d listings; want an error and none", text, o.Err, len(cpe.RoutesReceived))
		}
	}
	// "Device does not exist" is an answer: the device is not there.
	cpe, o := read(t, "ip -d -s address show dev gre9", "Device \"gre9\" does not exist.\n")
	if o.Err != nil || len(cpe.Interfaces) != 1 || len(cpe.Interfaces[0].Items) != 0 || !cpe.Interfaces[0].Proves("gre9") {
		t.Errorf("missing device: Err %v, listings %+v", o.Err, cpe.Interfaces)
	}
	// The shell refusing is a failed command.
	_, o = read(t, "swanctl --list-sas", "bash: swanctl: command not found\n")
	if o.Err == nil {
		t.Error("command not found read as an empty SA list")
	}
	// Garbage is unusable.
	_, o = read(t, "swanctl --list-sas", "\x00\x01\x02 random bytes\n\xff\xfe")
	if o.Err == nil {
		t.Error("garbage read as SAs")
	}
}
