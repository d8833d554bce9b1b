package ike

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gopacket/gopacket"
)

// corpusSeeds returns every IKE message and UDP 4500 payload of the pcap
// corpus (none when it is absent: the fixtures still seed the fuzzers).
func corpusSeeds(tb testing.TB) (ike, natt [][]byte) {
	if _, err := os.Stat(corpusDir); err != nil {
		return nil, nil
	}
	for _, dir := range []string{"ikev2", "isakmp", "natt", "malformed", "esp"} {
		for _, ext := range []string{"*.pcap", "*.pcapng"} {
			files, _ := filepath.Glob(filepath.Join(corpusDir, dir, ext))
			for _, f := range files {
				for _, d := range readUDP(tb, f) {
					if d.srcPort == 4500 || d.dstPort == 4500 {
						natt = append(natt, d.payload)
					}
					if b, ok := ikeOf(d); ok {
						ike = append(ike, b)
					}
				}
			}
		}
	}
	return ike, natt
}

func FuzzDecodeIKE(f *testing.F) {
	fx := fixtures(f)
	for _, b := range fx {
		f.Add(b)
	}
	seeds, _ := corpusSeeds(f)
	for _, b := range seeds {
		f.Add(b)
	}
	// A message decoded first into the reused value, so that stale
	// payload structs from a different shape must not leak through.
	warm := fx["sa_init_request.hex"]
	f.Fuzz(func(t *testing.T, data []byte) {
		var a, b IKE
		errA := a.DecodeFromBytes(data, gopacket.NilDecodeFeedback)
		errB := b.DecodeFromBytes(data, gopacket.NilDecodeFeedback)
		var reused IKE
		_ = reused.DecodeFromBytes(warm, gopacket.NilDecodeFeedback)
		errR := reused.DecodeFromBytes(data, gopacket.NilDecodeFeedback)
		if (errA == nil) != (errB == nil) || (errA == nil) != (errR == nil) {
			t.Fatalf("decode errors differ: %v, %v, reused %v", errA, errB, errR)
		}
		if diff := cmp.Diff(&a, &b, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("two decodes differ:\n%s", diff)
		}
		if diff := cmp.Diff(&a, &reused, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("reused decode differs from a fresh one:\n%s", diff)
		}
		total := 0
		for _, p := range a.Payloads {
			total += len(p.Body)
			if !(a.MajorVersion == 1 && a.Flags&FlagV1Encryption != 0) {
				total += 4
			}
		}
		if len(a.Payloads) > 0 && total > len(data)-HeaderLen {
			t.Fatalf("payloads span %d bytes, more than the %d after the header", total, len(data)-HeaderLen)
		}
		if errA == nil && !a.Truncated && a.MajorVersion == 2 {
			checkReserialize(t, &a)
		}
	})
}

// checkReserialize: what a clean IKEv2 decode holds survives serialising
// and decoding again (bodies, lengths and unread attributes aside).
func checkReserialize(t *testing.T, a *IKE) {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	if err := a.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		t.Fatalf("SerializeTo: %v", err)
	}
	var c IKE
	if err := c.DecodeFromBytes(buf.Bytes(), gopacket.NilDecodeFeedback); err != nil {
		t.Fatalf("decode(serialise(decode(x))): %v\n%x", err, buf.Bytes())
	}
	opts := append([]cmp.Option{cmpopts.IgnoreFields(IKE{}, "Length")}, cmpIKE...)
	if diff := cmp.Diff(a, &c, opts...); diff != "" {
		t.Fatalf("decode(serialise(decode(x))) differs (-first +second):\n%s", diff)
	}
}

func FuzzDemuxNATT(f *testing.F) {
	for _, b := range [][]byte{{0xff}, {0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0, 1}, nil} {
		f.Add(b)
	}
	for _, b := range fixtures(f) {
		f.Add(append([]byte{0, 0, 0, 0}, b...))
	}
	_, natt := corpusSeeds(f)
	for _, b := range natt {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, rest := DemuxNATT(data)
		zero := len(data) >= 4 && bytes.Equal(data[:4], []byte{0, 0, 0, 0})
		switch kind {
		case NATTIKE:
			if !zero || !bytes.Equal(rest, data[4:]) || len(rest) == 0 {
				t.Fatalf("DemuxNATT(%x) = IKE %x without a marker and a message after it", data, rest)
			}
		case NATTESP:
			if zero || len(data) < 8 || !bytes.Equal(rest, data) {
				t.Fatalf("DemuxNATT(%x) = ESP %x: SPI 0 or shorter than 8 bytes", data, rest)
			}
		case NATTKeepalive:
			if !bytes.Equal(data, []byte{0xff}) || rest != nil {
				t.Fatalf("DemuxNATT(%x) = keepalive, want only for a single 0xff", data)
			}
		case NATTInvalid:
			if rest != nil || len(data) >= 8 && !zero {
				t.Fatalf("DemuxNATT(%x) = invalid with %x", data, rest)
			}
		default:
			t.Fatalf("DemuxNATT(%x) = unknown kind %d", data, kind)
		}
	})
}
