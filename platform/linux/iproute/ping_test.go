package iproute

import (
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/internal/corpustest"
)

func TestParsePingFixtures(t *testing.T) {
	tests := []struct {
		file             string
		sent, recv, errs int
		loss             float64
		replies          int
		kinds            []ProblemKind
		mtu              int // of the first problem
		payload, packet  int
		df               bool
		span             parsers.Span
	}{
		{"ping/frag-needed.txt", 3, 0, 3, 100, 0, []ProblemKind{ProblemFragNeeded, ProblemMessageTooLong, ProblemMessageTooLong}, 1400, 1400, 1428, true, parsers.Span{Start: 1, End: 8}},
		{"ping/host-unreachable.txt", 3, 0, 3, 100, 0, []ProblemKind{ProblemHostUnreachable, ProblemHostUnreachable, ProblemHostUnreachable}, 0, 56, 84, false, parsers.Span{Start: 1, End: 7}},
		{"ping/dup-partial.txt", 4, 2, 0, 50, 3, nil, 0, 56, 84, false, parsers.Span{Start: 1, End: 8}},
		{"ping/net-unreachable.txt", 0, 0, 0, 0, 0, []ProblemKind{ProblemNetUnreachable}, 0, 0, 0, false, parsers.Span{Start: 1, End: 1}},
		{"ping/unknown-iface.txt", 0, 0, 0, 0, 0, []ProblemKind{ProblemUnknownIface}, 0, 0, 0, false, parsers.Span{Start: 1, End: 1}},
		{"ping/no-such-device.txt", 0, 0, 0, 0, 0, []ProblemKind{ProblemUnknownIface}, 0, 0, 0, false, parsers.Span{Start: 1, End: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := ParsePing(corpustest.Fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if p.Sent != tt.sent || p.Received != tt.recv || p.Errors != tt.errs || p.LossPercent != tt.loss || len(p.Replies) != tt.replies {
				t.Errorf("stats %d/%d +%d %v%% replies %d", p.Sent, p.Received, p.Errors, p.LossPercent, len(p.Replies))
			}
			var kinds []ProblemKind
			for _, pr := range p.Problems {
				kinds = append(kinds, pr.Kind)
			}
			if d := corpustest.Diff(tt.kinds, kinds); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if len(p.Problems) > 0 && p.Problems[0].MTU != tt.mtu {
				t.Errorf("mtu %d, want %d", p.Problems[0].MTU, tt.mtu)
			}
			if p.PayloadSize != tt.payload || p.PacketSize != tt.packet || p.DF() != tt.df || p.Span != tt.span {
				t.Errorf("sizes %d(%d) df %v span %+v", p.PayloadSize, p.PacketSize, p.DF(), p.Span)
			}
		})
	}
	p, _ := ParsePing(corpustest.Fixture(t, "ping/frag-needed.txt"))
	if p.Source != netip.MustParseAddr("100.64.0.1") || p.Interface != "gre1" || p.Problems[0].From != netip.MustParseAddr("198.51.100.2") || p.Problems[0].Seq != 1 || p.Problems[0].Line != 2 || p.Problems[2].Line != 8 {
		t.Errorf("frag-needed details %+v", p)
	}
	d, _ := ParsePing(corpustest.Fixture(t, "ping/dup-partial.txt"))
	if d.Duplicates != 1 || !d.Replies[1].Dup || d.Replies[2].TTL != 63 || d.Replies[0].RTT != 12500*time.Microsecond || d.RTTMax != 12900*time.Microsecond || d.RTTMdev != 700*time.Microsecond {
		t.Errorf("dup details %+v", d)
	}
}

func TestParsePingCorpus(t *testing.T) {
	type want struct {
		sent, recv int
		loss       float64
		kind       ProblemKind // ProblemOther: none
		mtu        int
		payload    int
	}
	wants := map[string]want{
		"ping/lab__healthy__cpe.txt":               {5, 5, 0, ProblemOther, 0, 56},
		"ping/lab__bgp-peer-shutdown__cpe.txt":     {5, 5, 0, ProblemOther, 0, 56},
		"ping/lab__esp-proposal-mismatch__cpe.txt": {5, 0, 100, ProblemNoReply, 0, 56},
		"ping/lab__ike-proposal-mismatch__cpe.txt": {5, 0, 100, ProblemNoReply, 0, 56},
		"ping/lab__peer-down-early__cpe.txt":       {5, 0, 100, ProblemNoReply, 0, 56},
		"ping/lab__peer-down-late__cpe.txt":        {5, 0, 100, ProblemNoReply, 0, 56},
		"ping_-M_do_-s_1372/lab__healthy__cpe.txt": {3, 3, 0, ProblemOther, 0, 1372},
		"ping_-M_do_-s_1400/lab__healthy__cpe.txt": {3, 0, 100, ProblemMessageTooLong, 1400, 1400},
	}
	for _, cmd := range []string{"ping", "ping_-M_do_-s_1372", "ping_-M_do_-s_1400"} {
		for _, path := range corpustest.CorpusFiles(t, cmd) {
			key := cmd + "/" + filepath.Base(path)
			t.Run(key, func(t *testing.T) {
				in := corpustest.ReadFile(t, path)
				p, err := ParsePing(in)
				if err != nil {
					t.Fatal(err)
				}
				corpustest.CheckSpan(t, p.Span, len(parsers.Lines(in)))
				if p.TargetAddr != netip.MustParseAddr("100.64.0.2") || p.Source != netip.MustParseAddr("100.64.0.1") {
					t.Errorf("target %v source %v", p.TargetAddr, p.Source)
				}
				w, ok := wants[key]
				if !ok {
					return
				}
				if p.Sent != w.sent || p.Received != w.recv || p.LossPercent != w.loss || p.PayloadSize != w.payload || len(p.Replies) != w.recv {
					t.Errorf("got %d/%d %v%% size %d replies %d", p.Sent, p.Received, p.LossPercent, p.PayloadSize, len(p.Replies))
				}
				if w.kind == ProblemOther {
					if len(p.Problems) != 0 || !p.HasRTT {
						t.Errorf("problems %+v rtt %v", p.Problems, p.HasRTT)
					}
					return
				}
				pr, ok := p.Has(w.kind)
				if !ok || pr.MTU != w.mtu {
					t.Errorf("problem %v: %+v (all %+v)", w.kind, pr, p.Problems)
				}
			})
		}
	}
	in := corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ping"), "lab__healthy__cpe.txt"))
	p, err := ParsePing(in)
	if err != nil {
		t.Fatal(err)
	}
	if p.RTTMin != 577*time.Microsecond || p.RTTAvg != 666*time.Microsecond || p.RTTMax != 758*time.Microsecond || p.Time != 4091*time.Millisecond || p.Replies[4].Seq != 5 || p.Replies[4].Line != 6 || p.Span != (parsers.Span{Start: 1, End: 10}) {
		t.Errorf("healthy ping %+v", p)
	}
	big, err := ParsePingCommand("ping -M do -s 1400 -c 3 -I 100.64.0.1 100.64.0.2", corpustest.ReadFile(t, filepath.Join(corpustest.CorpusDir(t, "ping_-M_do_-s_1400"), "lab__healthy__cpe.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if big.Errors != 3 || len(big.Problems) != 3 || big.Problems[0].Line != 6 || big.PacketSize != 1428 || !big.DF() || big.Args.Size != 1400 || big.Args.Count != 3 {
		t.Errorf("1400 DF ping %+v args %+v", big, big.Args)
	}
}

func TestParsePingArgs(t *testing.T) {
	got := ParsePingArgs("ping -c 5 -W 2 -I gre1 -M do -s1372 10.255.0.2")
	want := PingArgs{Target: "10.255.0.2", Count: 5, Timeout: 2 * time.Second, Interface: "gre1", Size: 1372, PMTUDisc: "do"}
	if got != want {
		t.Errorf("ParsePingArgs = %+v, want %+v", got, want)
	}
}

func TestParsePingGarbage(t *testing.T) {
	for name, in := range map[string]string{
		"empty":    "",
		"blank":    "\n\n",
		"ip route": "default via 198.51.100.2 dev wan-a\n",
		"random":   "\x00\xff\x01\x02\n",
		"swanctl":  "vc-a: #1, ESTABLISHED, IKEv2, 8f56483545120f73_i* d6eb3d5e14d3bf24_r\n",
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ParsePing(in)
			if p != nil {
				t.Errorf("result %+v with error", p)
			}
			corpustest.WantParseError(t, err)
		})
	}
}

func TestProblemKindString(t *testing.T) {
	if ProblemFragNeeded.String() != "frag-needed" || ProblemNoReply.String() != "no-reply" || ProblemKind(99).String() != "ProblemKind(99)" {
		t.Error("ProblemKind names")
	}
}
