package ike

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCorpusAgreesWithExpected compares what the decoder reads with what
// tcpdump printed for the same packets (the *.expected.txt files): version,
// message ID, SPIs, exchange type, flags, and for clean captures the
// top-level notify types in order, the proposals and their transforms,
// and the SPIs of ESP-in-UDP. Malformed captures are compared on the
// header only: tcpdump's payload walk differs from ours once lengths lie.
func TestCorpusAgreesWithExpected(t *testing.T) {
	for _, f := range corpusFiles(t) {
		cat := filepath.Base(filepath.Dir(f))
		if cat != "ikev2" && cat != "isakmp" && cat != "natt" && cat != "malformed" {
			continue
		}
		exp := strings.TrimSuffix(strings.TrimSuffix(f, ".pcapng"), ".pcap") + ".expected.txt"
		sections := parseExpected(t, exp)
		byNum := map[int]udpDatagram{}
		for _, d := range readUDP(t, f) {
			byNum[d.num] = d
		}
		name := filepath.Base(f)
		compared := 0
		for _, sec := range sections {
			for num, want := range sec {
				d, ok := byNum[num]
				if !ok || (!want.hasIKE && want.espSPI == "") {
					continue
				}
				where := fmt.Sprintf("%s packet %d (expected.txt line %d)", name, num, want.line)
				if want.espSPI != "" {
					compared++
					kind, b := DemuxNATT(d.payload)
					if kind != NATTESP || strconv.FormatUint(uint64(binary.BigEndian.Uint32(b)), 16) != want.espSPI {
						t.Errorf("%s: DemuxNATT = %v, SPI %x, want ESP spi 0x%s", where, kind, b[:min(4, len(b))], want.espSPI)
					}
					continue
				}
				b, isIKE := ikeOf(d)
				if !isIKE {
					t.Errorf("%s: tcpdump decoded IKE, the datagram (ports %d->%d) is not IKE to us", where, d.srcPort, d.dstPort)
					continue
				}
				got, err := decode(t, b)
				if err != nil && cat != "malformed" {
					t.Errorf("%s: DecodeFromBytes error %v", where, err)
				}
				compared++
				for _, diff := range compareExpected(want, got, cat != "malformed" && err == nil) {
					t.Errorf("%s: %s", where, diff)
				}
			}
		}
		if compared == 0 && cat != "malformed" {
			t.Errorf("%s: no packet compared with %s", name, filepath.Base(exp))
		}
		t.Logf("%-60s %d packet records compared", name, compared)
	}
}

func compareExpected(want *expected, got *IKE, payloads bool) []string {
	var diffs []string
	add := func(format string, a ...any) { diffs = append(diffs, fmt.Sprintf(format, a...)) }
	if got.MajorVersion != want.major || got.MinorVersion != want.minor {
		add("version %d.%d, want %d.%d", got.MajorVersion, got.MinorVersion, want.major, want.minor)
	}
	if got.MessageID != want.msgid {
		add("message ID %08x, want %08x", got.MessageID, want.msgid)
	}
	if want.spiI != "" {
		if s := fmt.Sprintf("%016x", got.InitiatorSPI); s != want.spiI {
			add("initiator SPI %s, want %s", s, want.spiI)
		}
		if s := fmt.Sprintf("%016x", got.ResponderSPI); s != want.spiR {
			add("responder SPI %s, want %s", s, want.spiR)
		}
	}
	if got.ExchangeType != want.exchange {
		add("exchange %d (%s), want %d", got.ExchangeType, ExchangeName(got.MajorVersion, got.ExchangeType), want.exchange)
	}
	if f := flagLetters(got); f != want.flags {
		add("flags %q (0x%02x), want %q", f, got.Flags, want.flags)
	}
	if !payloads {
		return diffs
	}
	var notifies []uint16
	var props []Proposal
	for _, p := range got.Payloads {
		if p.Notify != nil && got.MajorVersion == 2 {
			notifies = append(notifies, p.Notify.Type)
		}
		if p.SA != nil {
			props = append(props, p.SA.Proposals...)
		}
	}
	if got.MajorVersion == 2 && fmt.Sprint(notifies) != fmt.Sprint(want.notifies) {
		add("notify types %v, want %v", notifies, want.notifies)
	}
	if len(props) != len(want.proposals) {
		add("%d proposals, want %d", len(props), len(want.proposals))
		return diffs
	}
	for k, wp := range want.proposals {
		diffs = append(diffs, compareProposal(k+1, wp, props[k], got.MajorVersion)...)
	}
	return diffs
}

// flagLetters spells the header flags as tcpdump does in brackets.
func flagLetters(i *IKE) string {
	var s string
	if i.MajorVersion == 1 {
		if i.Flags&FlagV1Encryption != 0 {
			s += "E"
		}
		if i.Flags&FlagV1Commit != 0 {
			s += "C"
		}
		return s
	}
	if i.Flags&FlagInitiator != 0 {
		s += "I"
	}
	if i.Flags&FlagVersion != 0 {
		s += "V"
	}
	if i.Flags&FlagResponse != 0 {
		s += "R"
	}
	return s
}

func compareProposal(k int, want expProposal, got Proposal, version uint8) []string {
	var diffs []string
	add := func(format string, a ...any) {
		diffs = append(diffs, fmt.Sprintf("proposal %d: ", k)+fmt.Sprintf(format, a...))
	}
	if got.Number != want.num || got.ProtocolID != tcpdumpProtocols[want.protoID] {
		add("#%d protocol %d, want #%d %s", got.Number, got.ProtocolID, want.num, want.protoID)
	}
	if version == 1 {
		alts := map[uint8]bool{}
		for _, tr := range got.Transforms {
			alts[tr.Alternative] = true
		}
		if len(alts) != want.transforms {
			add("%d IKEv1 transforms, want %d", len(alts), want.transforms)
		}
		return diffs
	}
	if len(got.Transforms) != want.transforms || len(want.ts) != want.transforms {
		add("%d transforms, want %d (%d printed)", len(got.Transforms), want.transforms, len(want.ts))
		return diffs
	}
	for j, wt := range want.ts {
		tr := got.Transforms[j]
		if tr.Type != wt.typ || tr.KeyLength != wt.keylen {
			add("transform %d type %d keylen %d, want type %d keylen %d", j+1, tr.Type, tr.KeyLength, wt.typ, wt.keylen)
		}
		wantID, known := tcpdumpTransformIDs[wt.typ][wt.id]
		if n, err := strconv.Atoi(strings.TrimPrefix(wt.id, "#")); err == nil && strings.HasPrefix(wt.id, "#") {
			wantID, known = uint16(n), true
		}
		if known && tr.ID != wantID {
			add("transform %d %s, want tcpdump's %s (%d)", j+1, TransformName(tr.Type, tr.ID), wt.id, wantID)
		}
	}
	return diffs
}
