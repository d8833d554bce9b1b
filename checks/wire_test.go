package checks

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

func conv(_ *testing.T, init, resp string, ex ...evidence.IKEExchange) evidence.IKEConversation {
	return evidence.IKEConversation{Initiator: netip.MustParseAddrPort(init), Responder: netip.MustParseAddrPort(resp),
		Version: 2, Exchanges: ex, Lines: []string{"frame 1 " + init + " > " + resp + " IKE_SA_INIT request"}}
}

func TestWireFindings(t *testing.T) {
	p := testProfile()
	tun := &p.Tunnels[0]
	tun.Site = p
	cpe, di := tun.IPsecLocal.String()+":500", tun.IPsecPeer.String()+":500"
	tests := []struct {
		name    string
		packets evidence.Packets
		id      string
		want    Status
		summary string
	}{
		{"unanswered", evidence.Packets{IKE: []evidence.IKEConversation{conv(t, cpe, di,
			evidence.IKEExchange{Type: "IKE_SA_INIT", Requests: 5, ByInitiator: true})}},
			"ikev2.sa-present", Fail, "never got an answer"},
		{"no proposal", evidence.Packets{IKE: []evidence.IKEConversation{conv(t, cpe, di,
			evidence.IKEExchange{Type: "IKE_SA_INIT", Requests: 1, Responses: 1, Notifies: []string{"NO_PROPOSAL_CHOSEN"}, ErrorNotify: 14})}},
			"ikev2.proposal", Fail, "NO_PROPOSAL_CHOSEN"},
		{"invalid KE, no retry", evidence.Packets{IKE: []evidence.IKEConversation{conv(t, cpe, di,
			evidence.IKEExchange{Type: "IKE_SA_INIT", Requests: 1, Responses: 1, RequestedGroup: 20, KEGroup: 19})}},
			"ikev2.proposal", Fail, "wants DH group 20"},
		{"IKEv1 from the CPE", evidence.Packets{IKE: []evidence.IKEConversation{func() evidence.IKEConversation {
			c := conv(t, cpe, di)
			c.Version = 1
			return c
		}()}}, "ikev2.sa-present", Fail, "IKEv1"},
		{"auth answered, no ESP", evidence.Packets{IKE: []evidence.IKEConversation{conv(t, cpe, di,
			evidence.IKEExchange{Type: "IKE_SA_INIT", Requests: 1, Responses: 1},
			evidence.IKEExchange{Type: "IKE_AUTH", Requests: 1, Responses: 1, Encrypted: true})}},
			"ikev2.sa-ready", Fail, "likely"},
		{"one-way ESP", evidence.Packets{ESP: []evidence.ESPFlow{{Src: tun.IPsecLocal, Dst: tun.IPsecPeer, SPI: 1, Packets: 40}}},
			"ipsec.counters-rising", Fail, "none comes back"},
		{"ESP both ways", evidence.Packets{ESP: []evidence.ESPFlow{{Src: tun.IPsecLocal, Dst: tun.IPsecPeer, SPI: 1, Packets: 40},
			{Src: tun.IPsecPeer, Dst: tun.IPsecLocal, SPI: 2, Packets: 38}}},
			"ipsec.counters-rising", Pass, "both ways"},
		{"keepalives not reflected", evidence.Packets{GRE: []evidence.GRETunnel{{A: tun.GRESource, B: tun.GREDestination, SentByA: 6,
			KeepalivesSent: 6, Lines: []string{"frame 3 GRE keepalive"}}}}, "gre.keepalive", Fail, "none is reflected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.packets.Sources = []string{"test.pcap"}
			got, ok := wireFindings(tun, &tt.packets)[tt.id]
			if !ok {
				t.Fatalf("no finding for %s in %v", tt.id, wireFindings(tun, &tt.packets))
			}
			if got.Status != tt.want || !strings.Contains(got.Summary, tt.summary) {
				t.Errorf("%s = %s %q, want %s containing %q", tt.id, got.Status, got.Summary, tt.want, tt.summary)
			}
			if len(got.Evidence) == 0 || got.Evidence[0].Command != "capture test.pcap" {
				t.Errorf("finding cites %v, want the capture", got.Evidence)
			}
		})
	}
}

func TestWireIgnoresOtherPeers(t *testing.T) {
	p := testProfile()
	tun := &p.Tunnels[0]
	pk := &evidence.Packets{IKE: []evidence.IKEConversation{conv(t, "192.0.2.99:500", "198.51.100.99:500",
		evidence.IKEExchange{Type: "IKE_SA_INIT", Requests: 5})}}
	if f := wireFindings(tun, pk); len(f) != 0 {
		t.Errorf("findings for traffic between other addresses: %v", f)
	}
}

func TestMergeWire(t *testing.T) {
	cite := func(s string) []Citation { return []Citation{{Command: s, Lines: []string{s}}} }
	wireFail := Result{Status: Fail, Summary: "on the wire, X", Evidence: cite("capture")}
	wirePass := Result{Status: Pass, Summary: "on the wire, ok", Evidence: cite("capture")}
	tests := []struct {
		name       string
		show, wire Result
		want       Status
		cites      int
	}{
		{"capture decides what show could not", Result{Status: Unknown, Summary: "not collected"}, wireFail, Fail, 1},
		{"capture explains a failure", Result{Status: Fail, Summary: "no SA", Evidence: cite("show")}, wireFail, Fail, 2},
		{"capture disagrees with a pass", Result{Status: Pass, Summary: "READY", Evidence: cite("show")}, wireFail, Warn, 2},
		{"capture confirms", Result{Status: Pass, Summary: "READY", Evidence: cite("show")}, wirePass, Pass, 2},
		{"a passing capture does not clear a failure", Result{Status: Fail, Summary: "no SA", Evidence: cite("show")}, wirePass, Fail, 2},
	}
	for _, tt := range tests {
		got := mergeWire(tt.show, tt.wire)
		if got.Status != tt.want || len(got.Evidence) != tt.cites {
			t.Errorf("%s: mergeWire = %s with %d citations, want %s with %d", tt.name, got.Status, len(got.Evidence), tt.want, tt.cites)
		}
	}
}
