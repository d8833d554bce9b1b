package checks

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// TestKeepaliveNotApplicable: a platform that has no GRE keepalive at all
// (PAN-OS) makes gre.keepalive skip with the platform's reason: not a pass,
// not "off", not unknown.
func TestKeepaliveNotApplicable(t *testing.T) {
	const why = "PAN-OS has no GRE keepalive counter; the IPsec tunnel monitor is used instead"
	out := &evidence.Output{Command: "show vpn flow", Text: "tunnel.1 active"}
	for _, tt := range []struct {
		name string
		k    evidence.Keepalive
		want Status
	}{
		{"not applicable", evidence.Keepalive{NotApplicable: why}, Skip},
		{"not shown", evidence.Keepalive{}, Unknown},
		{"on", evidence.Keepalive{Known: true, On: true}, Pass},
	} {
		cpe := &evidence.CPE{Name: "fw1", Interfaces: []evidence.Listing[evidence.Interface]{{
			Out: out, Scope: evidence.Scope{Partial: true},
			Items: []evidence.Interface{{Name: "tunnel.1", IsTunnel: true, Up: true, LineUp: true, Keepalive: tt.k, Ref: evidence.Ref{Out: out}}},
		}}}
		r := checkGREKeepalive(&profile.Tunnel{Name: "tunnel1", CPE: "fw1", Interface: "tunnel.1"}, cpe)
		if r.Status != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, r.Status, r.Summary, tt.want)
		}
		if tt.want == Skip && r.Summary != why {
			t.Errorf("%s: summary %q, want the platform's reason", tt.name, r.Summary)
		}
	}
}

// TestIKEProposalUnshownAlgorithms: an established SA whose platform
// prints the cipher alone (FortiOS: "proposal: aes256gcm") is judged on
// the cipher; the PRF and DH group it does not print are not mismatches,
// and the summary says they were not shown. A wrong cipher still fails.
func TestIKEProposalUnshownAlgorithms(t *testing.T) {
	exp := profile.IKEExpect{Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"}, DHGroup: []int{20}}
	for _, tt := range []struct {
		sa   evidence.IKESA
		want Status
		says string
	}{
		{evidence.IKESA{Encryption: "aes-gcm-256", Integrity: "none"}, Pass, "does not show its PRF or DH group"},
		{evidence.IKESA{Encryption: "aes-cbc-256", Integrity: "sha256"}, Fail, "encryption aes-cbc-256"},
		{evidence.IKESA{Encryption: "aes-gcm-256", Integrity: "none", PRF: "sha512", DHGroup: 14}, Fail, "DH group 14"},
	} {
		bad := ikeMismatches(tt.sa, exp)
		got := Pass
		summary := describeNegotiated(tt.sa) + " (the SA does not show its " + ikeUnshown(tt.sa, exp) + ")"
		if len(bad) > 0 {
			got, summary = Fail, strings.Join(bad, ", ")
		}
		if got != tt.want || !strings.Contains(summary, tt.says) {
			t.Errorf("%+v: %s %q, want %s saying %q", tt.sa, got, summary, tt.want, tt.says)
		}
	}
}

// TestProposalOffersUnshownList: a configured proposal that lists no PRF
// (Junos with AES-GCM has no PRF statement) or no DH group is not proof
// that it offers the wrong one; a listed wrong value still is.
func TestProposalOffersUnshownList(t *testing.T) {
	exp := profile.IKEExpect{Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"}, DHGroup: []int{20}}
	for _, tt := range []struct {
		p    evidence.IKEProposal
		want bool
	}{
		{evidence.IKEProposal{Encryption: []string{"aes-gcm-256"}, DHGroups: []int{20}}, true},
		{evidence.IKEProposal{Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha512"}}, true},
		{evidence.IKEProposal{Encryption: []string{"aes-gcm-256"}, PRF: []string{"sha256"}, DHGroups: []int{20}}, false},
		{evidence.IKEProposal{Encryption: []string{"aes-cbc-256"}, DHGroups: []int{20}}, false},
	} {
		if got := proposalOffers(tt.p, exp); got != tt.want {
			t.Errorf("proposalOffers(%+v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestCryptoACLSelectorsNotShown: an IPsec SA listing that prints no
// traffic selectors (a brief form) is not "permit ip": with no crypto
// selector collected either, ipsec.crypto-acl-gre is unknown. A printed
// 0.0.0.0/0 still fails.
func TestCryptoACLSelectorsNotShown(t *testing.T) {
	peer := netip.MustParseAddr("198.51.100.1")
	tun := &profile.Tunnel{Name: "tunnel1", CPE: "fw1", IPsecPeer: peer,
		GRESource: netip.MustParseAddr("192.0.2.1"), GREDestination: peer}
	out := &evidence.Output{Command: "show security ipsec security-associations", Text: "x"}
	esp := []evidence.ESPSA{{SPI: "0x1", Active: true}}
	anyIP := evidence.Selector{Prefix: netip.MustParsePrefix("0.0.0.0/0")}
	for _, tt := range []struct {
		local, remote evidence.Selector
		want          Status
	}{
		{evidence.Selector{}, evidence.Selector{}, Unknown},
		{anyIP, anyIP, Fail},
	} {
		cpe := &evidence.CPE{Name: "fw1", ChildSAs: []evidence.Listing[evidence.ChildSA]{{Out: out,
			Scope: evidence.Scope{Key: peer.String()},
			Items: []evidence.ChildSA{{Peer: peer, Local: tt.local, Remote: tt.remote, Inbound: esp, Outbound: esp, Ref: evidence.Ref{Out: out}}}}}}
		if r := checkIPsecCryptoACL(tun, cpe); r.Status != tt.want {
			t.Errorf("selectors %v/%v: %s (%s), want %s", tt.local, tt.remote, r.Status, r.Summary, tt.want)
		}
	}
}
