package fortios

import (
	"fmt"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers"
)

// readInto reads text as the output of cmd into cpe, as a session log
// read in order does.
func readInto(t *testing.T, cpe *evidence.CPE, cmd, text string) *evidence.Output {
	t.Helper()
	c, ok := Platform{}.Identify(cmd)
	if !ok {
		t.Fatalf("Identify(%q) failed", cmd)
	}
	o := &evidence.Output{Command: c.Text, Arg: c.Arg, Families: c.Families, Text: text, Lines: parsers.Lines(text)}
	cpe.Add(o)
	Platform{}.Read(o, cpe)
	if o.Err != nil {
		t.Fatalf("Read(%q): %v", cmd, o.Err)
	}
	return o
}

// neighborDetail is `get router info bgp neighbors 100.64.2.1` with an
// IPv4 unicast block of accepted prefixes and optional policy lines.
func neighborDetail(accepted int, policy ...string) string {
	s := "VRF 0 neighbor table:\nBGP neighbor is 100.64.2.1, remote AS 64612, local AS 64601, external link\n" +
		"  BGP version 4, remote router ID 198.51.100.66\n  BGP state = Established, up for 01:56:38\n" +
		"  Received 124 messages, 0 notifications, 0 in queue\n  Sent 119 messages, 0 notifications, 0 in queue\n\n" +
		" For address family: IPv4 Unicast\n  BGP table version 7, neighbor version 7\n  Index 1, Offset 0, Mask 0x2\n" +
		"  Inbound soft reconfiguration allowed\n"
	for _, p := range policy {
		s += "  " + p + "\n"
	}
	return s + fmt.Sprintf("  %d accepted prefixes, %d prefixes in rib\n  1 announced prefixes\n\n Connections established 1; dropped 0\n", accepted, accepted)
}

const receivedDCB = `VRF 0 BGP table version is 7, local router ID is 100.64.1.2
Status codes: s suppressed, d damped, h history, * valid, > best, i - internal
Origin codes: i - IGP, e - EGP, ? - incomplete

   Network          Next Hop            Metric LocPrf Weight RouteTag Path
*> 203.0.113.0/24   100.64.2.1               0             0        0 64612 i <-/->
*> 203.0.113.128/25 100.64.2.1               0             0        0 64612 i <-/->

Total number of prefixes 2
`

// TestKeptAsReceived: received-routes stand for the kept routes only when
// the neighbor detail proves no inbound filter and as many accepted
// prefixes, whichever of the two outputs was read first.
func TestKeptAsReceived(t *testing.T) {
	const nb, rr = "get router info bgp neighbors 100.64.2.1", "get router info bgp neighbors 100.64.2.1 received-routes"
	tests := []struct {
		name        string
		detail      string
		detailFirst bool
		wantKept    bool
	}{
		{"no policy, counts agree, detail first", neighborDetail(2), true, true},
		{"no policy, counts agree, routes first", neighborDetail(2), false, true},
		{"inbound route map", neighborDetail(1, "Inbound path policy configured", "Route map for incoming advertisements is *DI-IN"), true, false},
		{"inbound prefix list, routes first", neighborDetail(2, "Incoming update prefix filter list is *DI-IN"), false, false},
		{"fewer accepted than received", neighborDetail(1), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cpe := &evidence.CPE{Name: "fgt1"}
			if tt.detailFirst {
				readInto(t, cpe, nb, tt.detail)
				readInto(t, cpe, rr, receivedDCB)
			} else {
				readInto(t, cpe, rr, receivedDCB)
				readInto(t, cpe, nb, tt.detail)
			}
			if len(cpe.RoutesReceived) != 1 {
				t.Fatalf("received listings = %d, want 1", len(cpe.RoutesReceived))
			}
			if got := len(cpe.RoutesAccepted) == 1; got != tt.wantKept {
				t.Fatalf("kept listing derived = %v, want %v (%+v)", got, tt.wantKept, cpe.RoutesAccepted)
			}
			if tt.wantKept {
				l := cpe.RoutesAccepted[0]
				if l.Rank != 0 || l.Scope.Key != "100.64.2.1" || len(l.Items) != 2 {
					t.Errorf("derived listing = rank %d, scope %+v, %d routes; want rank 0, key 100.64.2.1, 2 routes", l.Rank, l.Scope, len(l.Items))
				}
			}
		})
	}
}

// TestRealRoutesOutrankDerived: a "routes" listing read beside a derived one wins.
func TestRealRoutesOutrankDerived(t *testing.T) {
	cpe := &evidence.CPE{Name: "fgt1"}
	readInto(t, cpe, "get router info bgp neighbors 100.64.2.1", neighborDetail(2))
	readInto(t, cpe, "get router info bgp neighbors 100.64.2.1 received-routes", receivedDCB)
	readInto(t, cpe, "get router info bgp neighbors 100.64.2.1 routes", receivedDCB)
	best, ok := evidence.Best(cpe.RoutesAccepted)
	if !ok || best.Rank != 1 || best.Out.Command != "get router info bgp neighbors 100.64.2.1 routes" {
		t.Errorf("best kept listing = rank %d from %q, want the routes output", best.Rank, best.Out.Command)
	}
}

const greTwo = `config system gre-tunnel
    edit "vc-dca"
        set interface "vc-dca-p1"
        set remote-gw 198.51.100.1
        set local-gw 192.0.2.1
        set keepalive-interval 10
        set keepalive-failtimes 3
    next
end
`

const ifaceList = `== [ vc-dca ]
name: vc-dca   ip: 100.64.1.2 255.255.255.255   status: up    netbios-forward: disable    type: tunnel   mtu-override: enable    mtu: 1400    wccp: disable
== [ vc-dcb ]
name: vc-dcb   ip: 100.64.2.2 255.255.255.255   status: up    netbios-forward: disable    type: tunnel   mtu-override: disable    wccp: disable
`

// TestGREMTUJoin: the GRE tunnel's IP MTU (config system interface) joins
// its gre-tunnel configuration, in either reading order; without
// mtu-override it stays the default (0).
func TestGREMTUJoin(t *testing.T) {
	for _, greFirst := range []bool{true, false} {
		cpe := &evidence.CPE{Name: "fgt1"}
		if greFirst {
			readInto(t, cpe, "show system gre-tunnel", greTwo)
			readInto(t, cpe, "get system interface", ifaceList)
		} else {
			readInto(t, cpe, "get system interface", ifaceList)
			readInto(t, cpe, "show system gre-tunnel", greTwo)
		}
		if len(cpe.Configs) != 1 {
			t.Fatalf("greFirst=%v: %d config listings, want 1", greFirst, len(cpe.Configs))
		}
		ic := cpe.Configs[0].Items[0].Interface("vc-dca")
		if ic == nil || ic.IPMTU != 1400 || !ic.IsTunnel || ic.TunnelDestination.String() != "198.51.100.1" {
			t.Errorf("greFirst=%v: vc-dca config = %+v, want IP MTU 1400 to 198.51.100.1", greFirst, ic)
		}
		var st *evidence.Interface
		for i := range cpe.Interfaces[0].Items {
			if it := &cpe.Interfaces[0].Items[i]; it.Name == "vc-dca" {
				st = it
			}
		}
		if st == nil || st.MTU != 1400 || !st.MaskUnknown || st.Address.String() != "100.64.1.2/32" {
			t.Errorf("greFirst=%v: vc-dca state = %+v, want MTU 1400, 100.64.1.2 with the mask unknown", greFirst, st)
		}
	}
}

func netlinkSample(rxp, txp, rxb, txb uint64, at int64, flags string) string {
	return fmt.Sprintf("if=vc-dca family=00 type=778 index=18 mtu=1400 link=0 master=0\n"+
		"ref=12 state=start present fw_flags=0 flags=%s\n"+
		"stat: rxp=%d txp=%d rxb=%d txb=%d rxe=0 txe=0 rxd=0 txd=0 mc=0 collision=0 @ time=%d\n", flags, rxp, txp, rxb, txb, at)
}

// TestReadNetlink: the kernel listing's "up" and "run" flags are the
// interface's admin and line state, its counters make deltas, two
// samples on the device clock a rate, and the address comes from get
// system interface whichever was read first.
func TestReadNetlink(t *testing.T) {
	const cmd = "diagnose netlink interface list vc-dca"
	for _, ifFirst := range []bool{true, false} {
		cpe := &evidence.CPE{Name: "fgt1"}
		if ifFirst {
			readInto(t, cpe, "get system interface", ifaceList)
		}
		readInto(t, cpe, cmd, netlinkSample(1000, 1100, 100000, 120000, 1764580000, "up p2p run noarp multicast"))
		readInto(t, cpe, cmd, netlinkSample(1700, 1810, 170000, 195000, 1764580100, "up p2p run noarp multicast"))
		if !ifFirst {
			readInto(t, cpe, "get system interface", ifaceList)
		}
		var samples []evidence.Interface
		for _, l := range cpe.Interfaces {
			if l.Rank == rankNetlink {
				if l.Scope.Key != "vc-dca" {
					t.Errorf("netlink scope = %+v, want keyed vc-dca", l.Scope)
				}
				samples = append(samples, l.Items...)
			}
		}
		if len(samples) != 2 {
			t.Fatalf("ifFirst=%v: %d kernel samples, want 2", ifFirst, len(samples))
		}
		a, b := samples[0], samples[1]
		if !b.Up || !b.LineUp || b.AdminDown || !b.HasCounters || b.InPackets != 1700 || b.OutPackets != 1810 || b.MTU != 1400 {
			t.Errorf("ifFirst=%v: second sample = %+v", ifFirst, b)
		}
		if a.HasRates || !b.HasRates || b.InRate != 70000*8/100 || b.OutRate != 75000*8/100 {
			t.Errorf("ifFirst=%v: rates %v/%v (%d, %d), want only the second: 5600 and 6000 bit/s", ifFirst, a.HasRates, b.HasRates, b.InRate, b.OutRate)
		}
		for _, s := range samples {
			if s.Address.String() != "100.64.1.2/32" || !s.MaskUnknown {
				t.Errorf("ifFirst=%v: address %v (mask unknown %v), want 100.64.1.2 from get system interface", ifFirst, s.Address, s.MaskUnknown)
			}
		}
	}
	cpe := &evidence.CPE{Name: "fgt1"}
	readInto(t, cpe, cmd, netlinkSample(1, 1, 1, 1, 5, "up p2p noarp multicast"))
	if it := cpe.Interfaces[0].Items[0]; !it.Up || it.LineUp || it.AdminDown {
		t.Errorf("without run: %+v, want up, line down", it)
	}
	cpe = &evidence.CPE{Name: "fgt1"}
	readInto(t, cpe, cmd, netlinkSample(1, 1, 1, 1, 5, "p2p noarp multicast"))
	if it := cpe.Interfaces[0].Items[0]; it.Up || it.LineUp || !it.AdminDown {
		t.Errorf("without up: %+v, want admin down", it)
	}
}
