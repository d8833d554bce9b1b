package iosxe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseIKEv2SARekey: during an IKE rekey the new SA (READY) and the
// old one (DELETE) of the same peer and ports are listed together; only
// the new one is established.
func TestParseIKEv2SARekey(t *testing.T) {
	sas, err := ParseIKEv2SA(readCryptoFixture(t, "vc_ikev2_sa_rekey.txt"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID            int
		Remote        string
		Status        string
		Ready         bool
		ActiveTimeSec int
	}
	var got []row
	for _, s := range sas {
		got = append(got, row{s.TunnelID, s.Remote.String(), s.Status, s.Ready(), s.ActiveTimeSec})
	}
	want := []row{
		{4, "198.51.100.1:500", "READY", true, 4},
		{1, "198.51.100.1:500", "DELETE", false, 86396},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseIKEv2SA(rekey) (-want +got):\n%s", diff)
	}
}

// TestParseIPsecSARekey: during a child SA rekey a flow has two inbound
// and two outbound SAs, the old pair about to expire; the current
// outbound SPI is the new one. IOS-XE 16 ("(k/sec)" lifetimes, replay
// window) and 17 ("(sec)", "initiator :", "Kilobyte Volume Rekey") read
// the same.
func TestParseIPsecSARekey(t *testing.T) {
	type sa struct {
		SPI  string
		Life int
		Conn int
	}
	want := struct {
		In, Out []sa
		Current string
	}{
		In:      []sa{{"0x8A7B6C5D", 12, 2011}, {"0x1F2E3D4C", 3598, 2013}},
		Out:     []sa{{"0xC1D2E3F4", 12, 2012}, {"0x5E6F7A8B", 3598, 2014}},
		Current: "0x5E6F7A8B",
	}
	for _, file := range []string{"vc_ipsec_sa_rekey_xe16.txt", "vc_ipsec_sa_rekey_xe17.txt"} {
		t.Run(file, func(t *testing.T) {
			flows, err := ParseIPsecSA(readCryptoFixture(t, file))
			if err != nil {
				t.Fatal(err)
			}
			if len(flows) != 1 {
				t.Fatalf("ParseIPsecSA(%s) = %d flows, want 1", file, len(flows))
			}
			f := flows[0]
			got := want
			got.In, got.Out, got.Current = nil, nil, f.OutboundSPI
			for _, s := range f.Inbound {
				got.In = append(got.In, sa{s.SPI, s.RemainingLifetimeSec, s.ConnID})
			}
			for _, s := range f.Outbound {
				got.Out = append(got.Out, sa{s.SPI, s.RemainingLifetimeSec, s.ConnID})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseIPsecSA(%s) (-want +got):\n%s", file, diff)
			}
			if !f.HasSA() || f.Peer.String() != "198.51.100.1" || f.PktsEncaps != 183342 || f.PktsDecaps != 179210 {
				t.Errorf("ParseIPsecSA(%s) = peer %v encaps %d decaps %d", file, f.Peer, f.PktsEncaps, f.PktsDecaps)
			}
		})
	}
}
