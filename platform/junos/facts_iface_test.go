package junos

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// The expectations below were written from the files before Read ran.
func TestReadInterfacesCorpus(t *testing.T) {
	cpe, o := read(t, "show interfaces ge-9/2/2 extensive",
		corpusFile(t, "show_interfaces_X_extensive/genieparser__ShowInterfacesExtensive__golden_output5_output.txt"))
	if o.Err != nil || len(cpe.Interfaces) != 1 || len(cpe.Interfaces[0].Items) != 2 {
		t.Fatalf("extensive: %v %+v", o.Err, cpe.Interfaces)
	}
	l := cpe.Interfaces[0]
	if l.Scope.Key != "ge-9/2/2" || l.Scope.Partial || l.Rank != 2 {
		t.Errorf("extensive listing scope %+v rank %d", l.Scope, l.Rank)
	}
	u := l.Items[1]
	if u.Name != "ge-9/2/2.0" || !u.Up || !u.LineUp || u.AdminDown || u.IsTunnel || u.MTU != 4470 ||
		u.Address != netip.MustParsePrefix("10.189.5.61/30") || u.MaskUnknown || !u.HasCounters ||
		u.InPackets != 278564000 || u.OutPackets != 104745735 || u.Keepalive.Known {
		t.Errorf("unit = %+v", u)
	}
	for attr, want := range map[evidence.Attr][]int{evidence.AttrState: {97}, evidence.AttrCounters: {101, 102},
		evidence.AttrMTU: {123}, evidence.AttrAddress: {126, 130, 133}} {
		if got := u.Ref.Lines(attr); !slices.Equal(got, want) {
			t.Errorf("unit %s lines = %v, want %v", attr, got, want)
		}
	}
	if p := l.Items[0]; p.Name != "ge-9/2/2" || !p.Up || !p.LineUp || p.MTU != 4484 || p.InPackets != 278703879 ||
		p.StateRaw != "Enabled/Up" {
		t.Errorf("physical = %+v", p)
	}

	cpe, o = read(t, "show interfaces terse",
		corpusFile(t, "show_interfaces_terse/genieparser__ShowInterfacesTerse__golden_output_output.txt"))
	if o.Err != nil || len(cpe.Interfaces) != 1 || len(cpe.Interfaces[0].Items) != 19 {
		t.Fatalf("terse: %v %+v", o.Err, cpe.Interfaces)
	}
	l = cpe.Interfaces[0]
	if l.Scope.Key != "" || l.Rank != 1 || !l.Proves("gr-0/0/0.0") {
		t.Errorf("terse listing scope %+v rank %d", l.Scope, l.Rank)
	}
	if d := l.Items[11]; d.Name != "ge-0/0/2" || !(!d.Up && !d.LineUp && !d.AdminDown) || d.StateRaw != "up/down" || d.HasCounters {
		t.Errorf("ge-0/0/2 = %+v", d)
	}
}

// greExtensive is show interfaces gr-0/0/0 extensive in the SRX format,
// written for this test: the corpus has no gr- unit.
const greExtensive = `Physical interface: gr-0/0/0, Enabled, Physical link is Up
  Type: GRE, Link-level type: GRE, MTU: Unlimited, Speed: 800mbps

  Logical interface gr-0/0/0.0 (Index 73) (SNMP ifIndex 520)
    Flags: Up Point-To-Point SNMP-Traps 0x4000 IP-Header 198.51.100.2:198.51.100.1:47:df:64:0000000000000000 Encapsulation: GRE-NULL
    Keepalive settings: Interval 10 seconds, Up-count 1, Down-count 3
    Input packets : 120
    Output packets: 118
    Protocol inet, MTU: 1476
      Addresses, Flags: Is-Preferred Is-Primary
        Destination: 100.64.1.0/30, Local: 100.64.1.2, Broadcast: 100.64.1.3
`

func TestReadInterfacesGRE(t *testing.T) {
	cpe, o := read(t, "show interfaces gr-0/0/0 extensive", greExtensive)
	if o.Err != nil || len(cpe.Interfaces) != 1 || len(cpe.Interfaces[0].Items) != 2 {
		t.Fatalf("gre: %v %+v", o.Err, cpe.Interfaces)
	}
	p, u := cpe.Interfaces[0].Items[0], cpe.Interfaces[0].Items[1]
	if p.IsTunnel || p.MTU != 0 || p.Keepalive.Known {
		t.Errorf("physical = %+v", p)
	}
	want := evidence.Keepalive{Known: true, On: true, Period: 10 * time.Second, Retries: 3}
	if !u.IsTunnel || !u.Up || !u.LineUp || u.TunnelSource != netip.MustParseAddr("198.51.100.1") ||
		u.TunnelDestination != netip.MustParseAddr("198.51.100.2") || u.Keepalive != want || u.MTU != 1476 ||
		u.Address != netip.MustParsePrefix("100.64.1.2/30") || u.InPackets != 120 || u.OutPackets != 118 {
		t.Errorf("unit = %+v", u)
	}
	if got := u.Ref.Lines(evidence.AttrEndpoints, evidence.AttrKeepalive); !slices.Equal(got, []int{5, 6}) {
		t.Errorf("endpoint and keepalive lines = %v, want [5 6]", got)
	}
}
