package capture

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/parsers/ike"
)

// The generated captures of ../shared/bench/gen_pcap.sh and their ground
// truth. The 200k sample is written by `pcapgen -n 200000`; both are
// skipped when absent (they live in /tmp, not in the repo).
var truthFiles = []string{"/tmp/vcbench/verify_sample.pcap", "/tmp/vcbench/ipsec_mix.pcap"}

type truth struct {
	Categories map[string]uint64 `json:"categories"`
	ESPSAs     []struct {
		SPI, Src, Dst, Encap, Peer, Direction string
		Packets                               uint64
		FirstSeq, LastSeq                     uint32
		GapPackets, Dups                      uint64
	} `json:"esp_sas"`
	IKEMessages map[string]uint64 `json:"ike_messages"`
	Notifies    map[string]uint64 `json:"ike_notify_types_in_clear"`
	GREKAPairs  map[string]uint64 `json:"gre_keepalive_frames_by_pair"`
	Peers       []struct {
		Name, PeerIP, HubIP, Outcome string
		NAT                          bool
	} `json:"ike_peers"`
}

func TestGroundTruth(t *testing.T) {
	for _, path := range truthFiles {
		t.Run(path, func(t *testing.T) {
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s absent (run ../shared/bench/gen_pcap.sh)", path)
			}
			if testing.Short() && path == truthFiles[1] {
				t.Skip("2M-packet file skipped in -short mode")
			}
			raw, err := os.ReadFile(path[:len(path)-len(".pcap")] + ".truth.json")
			if err != nil {
				t.Skip(err)
			}
			var want truth
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			p, err := ReadFiles([]string{path}, Options{})
			if err != nil {
				t.Fatalf("ReadFiles(%s): %v", path, err)
			}
			checkCategories(t, p, &want)
			checkESP(t, p, &want)
			checkIKE(t, p, &want)
			checkGREKeepalives(t, p, &want)
			checkOutcomes(t, p, &want)
		})
	}
}

func checkCategories(t *testing.T, p *evidence.Packets, want *truth) {
	t.Helper()
	c := p.Categories
	got := map[string]uint64{"esp": c.ESP, "esp_udp4500": c.ESPInUDP, "gre": c.GRE, "gre_keepalive": c.GREKeep,
		"gre_keepalive_reflected": c.GREKeepRx, "ike_udp500": c.IKE500, "ike_udp4500": c.IKE4500, "nat_keepalive": c.NATKeep}
	for k, n := range got {
		if want.Categories[k] != n {
			t.Errorf("category %s = %d, want %d", k, n, want.Categories[k])
		}
	}
	other := want.Categories["tcp"] + want.Categories["icmp"] + want.Categories["udp_other"]
	if c.Other != other {
		t.Errorf("other = %d, want tcp+icmp+udp_other %d", c.Other, other)
	}
	if p.ErrorTotal() != 0 {
		t.Errorf("decode errors %v, want none: %v", p.Errors, p.ErrorExamples)
	}
}

func checkESP(t *testing.T, p *evidence.Packets, want *truth) {
	t.Helper()
	got := map[string]evidence.ESPFlow{}
	for _, e := range p.ESP {
		got[fmt.Sprintf("%s>%s/0x%08x/%v", e.Src, e.Dst, e.SPI, e.UDPEncap)] = e
	}
	if len(got) != len(want.ESPSAs) {
		t.Errorf("ESP SAs = %d, want %d", len(got), len(want.ESPSAs))
	}
	bad := 0
	for _, w := range want.ESPSAs {
		k := fmt.Sprintf("%s>%s/%s/%v", w.Src, w.Dst, w.SPI, w.Encap == "udp4500")
		g, ok := got[k]
		if !ok || g.Packets != w.Packets || g.FirstSeq != w.FirstSeq || g.LastSeq != w.LastSeq || g.Gaps != w.GapPackets || g.Replays != w.Dups {
			if bad++; bad <= 5 {
				t.Errorf("ESP %s = %+v, want packets %d seq %d..%d gaps %d dups %d", k, g, w.Packets, w.FirstSeq, w.LastSeq, w.GapPackets, w.Dups)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d ESP SAs differ", bad, len(want.ESPSAs))
	}
}

func checkIKE(t *testing.T, p *evidence.Packets, want *truth) {
	t.Helper()
	got := map[string]uint64{}
	for _, m := range p.IKEMessages {
		dir := " request"
		if m.Response {
			dir = " response"
		}
		got[m.Exchange+dir] += m.Count
	}
	for k, n := range want.IKEMessages {
		if got[k] != n {
			t.Errorf("IKE messages %q = %d, want %d", k, got[k], n)
		}
	}
	notifies := map[string]uint64{}
	for _, n := range p.IKENotifies {
		notifies[n.Name] = n.Count
	}
	for code, n := range want.Notifies {
		c, _ := strconv.Atoi(code)
		name := ike.NotifyName(uint16(c))
		if notifies[name] != n {
			t.Errorf("notify %s (%s) = %d, want %d", name, code, notifies[name], n)
		}
	}
}

func checkGREKeepalives(t *testing.T, p *evidence.Packets, want *truth) {
	t.Helper()
	got := map[string]uint64{}
	for _, g := range p.GRE {
		a, b := g.A, g.B
		if b.Less(a) {
			a, b = b, a
		}
		got[a.String()+" <-> "+b.String()] += g.KeepalivesSent
	}
	for pair, n := range want.GREKAPairs {
		if got[pair] != n {
			t.Errorf("GRE keepalives sent on %s = %d, want %d", pair, got[pair], n)
		}
	}
}

// checkOutcomes classifies every IKE peer from the evidence alone, the way
// a check would, and compares with the generator's outcome.
func checkOutcomes(t *testing.T, p *evidence.Packets, want *truth) {
	t.Helper()
	counts := map[string][2]int{}
	var wrong []string
	for _, w := range want.Peers {
		got := outcome(p, netip.MustParseAddr(w.PeerIP), netip.MustParseAddr(w.HubIP))
		c := counts[w.Outcome]
		c[1]++
		if got == w.Outcome {
			c[0]++
		} else {
			wrong = append(wrong, fmt.Sprintf("%s %s: %s, want %s", w.Name, w.PeerIP, got, w.Outcome))
		}
		counts[w.Outcome] = c
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("outcome %s: %d of %d peers classified from the capture", k, counts[k][0], counts[k][1])
	}
	if len(wrong) > 0 {
		t.Errorf("%d peers misclassified, e.g. %v", len(wrong), wrong[:min(5, len(wrong))])
	}
}

// outcome is what the capture says about one peer's IKE SA.
func outcome(p *evidence.Packets, peer, hub netip.Addr) string {
	var inits, answered, auths, npc, invalidKE, cookie int
	for _, c := range p.IKE {
		if !(c.Initiator.Addr() == peer && c.Responder.Addr() == hub) && !(c.Initiator.Addr() == hub && c.Responder.Addr() == peer) {
			continue
		}
		for _, e := range c.Exchanges {
			switch e.Type {
			case "IKE_SA_INIT":
				inits++
				if e.Responses > 0 {
					answered++
				}
				for _, n := range e.Notifies {
					switch n {
					case "NO_PROPOSAL_CHOSEN":
						npc++
					case "INVALID_KE_PAYLOAD":
						invalidKE++
					case "COOKIE":
						cookie++
					}
				}
			case "IKE_AUTH":
				auths++
			}
		}
	}
	inbound, outbound := false, false
	for _, e := range p.ESP {
		inbound = inbound || e.Src == peer
		outbound = outbound || e.Dst == peer
	}
	switch {
	case inits > 0 && answered == 0:
		return "no_response"
	case npc > 0:
		return "no_proposal_chosen"
	case auths > 0 && !inbound && !outbound:
		// IKE_AUTH answered (encrypted) and no ESP either way: the
		// likely authentication failure.
		return "auth_failed"
	case invalidKE > 0:
		return "invalid_ke_then_up"
	case cookie > 0:
		return "cookie_then_up"
	case !inbound:
		return "up_no_inbound_esp"
	}
	return "up"
}
