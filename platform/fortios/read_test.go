package fortios

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

const corpus = "../../../shared/corpus/fortinet_fortios"

// readCorpus reads one corpus output as the output of cmd; skips when the
// corpus is absent.
func readCorpus(t *testing.T, cmd, file string) (*evidence.Output, *evidence.CPE) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, file))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return readText(t, cmd, string(b))
}

func readText(t *testing.T, cmd, text string) (*evidence.Output, *evidence.CPE) {
	t.Helper()
	c, ok := Platform{}.Identify(cmd)
	if !ok {
		t.Fatalf("Identify(%q) failed", cmd)
	}
	cpe := &evidence.CPE{Name: "cpe1"}
	o := &evidence.Output{Command: c.Text, Arg: c.Arg, Families: c.Families, Text: text, Lines: parsers.Lines(text)}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	return o, cpe
}

func TestReadIKEGateways(t *testing.T) {
	o, cpe := readCorpus(t, "diagnose vpn ike gateway list", "diagnose_vpn_ike_gateway_list/FortiGate-Handbook__gre-over-ipsec__diagnose_vpn_ike_gateway_list.txt")
	if o.Err != nil || len(cpe.IKESAs) != 1 || len(cpe.IKESAs[0].Items) != 1 {
		t.Fatalf("err %v, listings %+v", o.Err, cpe.IKESAs)
	}
	sa := cpe.IKESAs[0].Items[0]
	if sa.State != evidence.IKEEstablished || sa.Remote != netip.MustParseAddrPort("200.1.1.2:500") ||
		sa.Local != netip.MustParseAddrPort("100.1.1.2:500") || sa.Age != 5*time.Second || !sa.AgeKnown ||
		sa.Encryption != "aes-cbc-128" || sa.Integrity != "sha256" || sa.PRF != "" || sa.NATT || sa.Lifetime != 86400*time.Second {
		t.Errorf("IKE SA = %+v", sa)
	}
	if cpe.IKESAs[0].Scope.Partial || !cpe.IKESAs[0].Proves("") {
		t.Errorf("whole gateway list must prove absence: %+v", cpe.IKESAs[0].Scope)
	}
	if got := sa.Ref.Lines(evidence.AttrAlgorithms); len(got) != 1 || !strings.Contains(o.Lines[got[0]-1], "proposal: aes128-sha256") {
		t.Errorf("algorithm lines %v", got)
	}
}

func TestReadTunnels(t *testing.T) {
	o, cpe := readCorpus(t, "diagnose vpn tunnel list", "diagnose_vpn_tunnel_list/FortiGate-Handbook__gre-over-ipsec__diagnose_vpn_tunnel_list.txt")
	if o.Err != nil || len(cpe.ChildSAs) != 1 || len(cpe.ChildSAs[0].Items) != 1 {
		t.Fatalf("err %v, listings %+v", o.Err, cpe.ChildSAs)
	}
	c := cpe.ChildSAs[0].Items[0]
	if c.Peer != netip.MustParseAddr("200.1.1.2") || c.Interface != "VPN-to-SH" || c.Local.Protocol != 47 ||
		c.Local.Prefix != netip.MustParsePrefix("0.0.0.0/0") || len(c.Inbound) != 2 || len(c.Outbound) != 2 ||
		c.Inbound[0].SPI != "0xd4fb6a41" || c.Outbound[0].SPI != "0x9265e023" || c.Inbound[0].Mode != "transport" ||
		strings.Join(c.Inbound[0].Transform, " ") != "esp-aes-128 esp-sha-hmac" || !c.HasCounters || c.Encaps != 0 ||
		c.PlaintextMTU != 1438 || c.PFS {
		t.Errorf("child SA = %+v", c)
	}
	if got := c.Ref.Lines(evidence.AttrCounters); len(got) != 2 {
		t.Errorf("counter lines %v", got)
	}
}

func TestReadPing(t *testing.T) {
	o, cpe := readCorpus(t, "execute ping 1.1.1.2", "execute_ping/FortiGate-Handbook__gre-over-ipsec__execute_ping_1.1.1.2.txt")
	if o.Err != nil || len(cpe.Pings) != 1 {
		t.Fatalf("err %v, pings %+v", o.Err, cpe.Pings)
	}
	p := cpe.Pings[0].Items[0]
	if p.Target != netip.MustParseAddr("1.1.1.2") || p.Sent != 5 || p.Received != 5 || p.Size != 84 || p.DF ||
		p.Source != "" || p.RTTAvg != 500*time.Microsecond || p.Timeouts != 0 {
		t.Errorf("ping = %+v", p)
	}
}

func TestReadBGPSummary(t *testing.T) {
	o, cpe := readCorpus(t, "get router info bgp summary", "get_router_info_bgp_summary/ntc-templates__fortinet_get_router_info_bgp_summary.txt")
	if o.Err != nil || len(cpe.BGPNeighbors) != 1 || len(cpe.BGPNeighbors[0].Items) != 4 {
		t.Fatalf("err %v, listings %+v", o.Err, cpe.BGPNeighbors)
	}
	byAddr := map[string]evidence.BGPNeighbor{}
	for _, n := range cpe.BGPNeighbors[0].Items {
		byAddr[n.Address.String()] = n
	}
	up := byAddr["10.205.35.95"]
	if up.State != evidence.BGPEstablished || up.PrefixesReceived != 1 || up.RemoteAS != 65302 || up.LocalAS != 65302 ||
		!up.UpKnown || up.Up != 5*time.Hour+48*time.Minute+47*time.Second {
		t.Errorf("10.205.35.95 = %+v", up)
	}
	if a := byAddr["10.204.35.84"]; a.State != evidence.BGPActive || a.Up != (9*7+3)*24*time.Hour+time.Hour {
		t.Errorf("10.204.35.84 = %+v", a)
	}
	if i := byAddr["169.132.250.17"]; i.State != evidence.BGPIdle || i.UpKnown {
		t.Errorf("169.132.250.17 = %+v", i)
	}
}

func TestReadBGPNeighbor(t *testing.T) {
	o, cpe := readCorpus(t, "get router info bgp neighbors", "get_router_info_bgp_neighbors/FortiGate-Handbook__p2p-vpn-ospf-or-bgp__get_router_info_bgp_neighbors.txt")
	if o.Err != nil || len(cpe.BGPNeighbors) != 1 || len(cpe.BGPNeighbors[0].Items) != 1 {
		t.Fatalf("err %v, listings %+v", o.Err, cpe.BGPNeighbors)
	}
	n := cpe.BGPNeighbors[0].Items[0]
	if n.Address != netip.MustParseAddr("1.1.1.2") || n.State != evidence.BGPEstablished || n.RemoteAS != 65001 ||
		n.Up != 8*time.Minute+37*time.Second || n.PrefixesReceived != 0 || n.PrefixesSent != 1 {
		t.Errorf("neighbor = %+v", n)
	}
}

// TestReadRefusedAndGarbage: a refusal or an output that is not the
// command's gives o.Err and no facts.
func TestReadRefusedAndGarbage(t *testing.T) {
	tests := []struct{ cmd, text string }{
		{"get router info bgp summary", "Command fail. Return code -61\n"},
		{"diagnose vpn tunnel list", "Unknown action 0\n"},
		{"get system status", "command parse error before 'statu'\n"},
		{"get router info bgp neighbors 100.64.1.1 received-routes", "% Inbound soft reconfiguration not enabled\n"},
		{"diagnose vpn ike gateway list", "lorem ipsum\ndolor sit amet\n"},
		{"execute ping 100.64.1.1", "garbage\n"},
		{"get system status", "nothing here\n"},
	}
	for _, tt := range tests {
		o, cpe := readText(t, tt.cmd, tt.text)
		if o.Err == nil {
			t.Errorf("Read(%q, %q): no error", tt.cmd, tt.text)
		}
		if n := len(cpe.IKESAs) + len(cpe.ChildSAs) + len(cpe.BGPNeighbors) + len(cpe.RoutesReceived) + len(cpe.Pings) + len(cpe.Versions); n != 0 {
			t.Errorf("Read(%q, %q) added %d listings", tt.cmd, tt.text, n)
		}
		if strings.HasPrefix(tt.text, "Command") || strings.HasPrefix(tt.text, "Unknown") || strings.HasPrefix(tt.text, "%") {
			if !errors.Is(o.Err, evidence.ErrCommandFailed) {
				t.Errorf("Read(%q, %q) = %v, want ErrCommandFailed", tt.cmd, tt.text, o.Err)
			}
		}
	}
}

func TestReadStatusAndFilter(t *testing.T) {
	o, cpe := readText(t, "get system status", "Version: FortiGate-VM64 v7.2.5,build1517,230606 (GA.F)\nSerial-Number: FGVM00\nHostname: FGT-1\n")
	if o.Err != nil || len(cpe.Versions) != 1 {
		t.Fatalf("err %v", o.Err)
	}
	if v := cpe.Versions[0].Items[0]; v.Version != "7.2.5" || v.Model != "FortiGate-VM64" || v.Hostname != "FGT-1" {
		t.Errorf("version = %+v", v)
	}
	_, cpe = readText(t, "get system interface | grep vc-dca", "== [ vc-dca ]\nname: vc-dca ip: 100.64.1.2 255.255.255.255 status: up type: tunnel\n")
	if len(cpe.Interfaces) != 1 || !cpe.Interfaces[0].Scope.Partial || cpe.Interfaces[0].Proves("vc-dcb") {
		t.Errorf("a filtered listing must not prove absence: %+v", cpe.Interfaces)
	}
}
