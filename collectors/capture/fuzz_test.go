package capture

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/vcdiag/vcdiag/evidence"
)

// seedFrames adds the frames of every capture in the public corpus and
// the lab as seeds, tagged with their link type.
func seedFrames(f *testing.F) {
	var files []string
	for _, pat := range []string{"../../../shared/pcap-corpus/*/*.pcap*", "../../testdata/pcaps/lab/*.pcap"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		r, err := pcapgo.NewReader(bytes.NewReader(b))
		if err != nil {
			continue // pcapng seeds come in through FuzzReadCapture
		}
		for n := 0; n < 50; n++ {
			data, _, err := r.ReadPacketData()
			if err != nil {
				break
			}
			f.Add(uint16(r.LinkType()), data)
		}
	}
}

// FuzzDecodeFrame feeds arbitrary frames to the decoder: no panic (the
// decoder's own recover must never be needed), and every frame is either
// decoded or counted as an error with a reason.
func FuzzDecodeFrame(f *testing.F) {
	seedFrames(f)
	f.Add(uint16(layers.LinkTypeEthernet), []byte{})
	f.Add(uint16(layers.LinkTypeRaw), []byte{0x45, 0, 0, 20})
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		agg := newAggregator(Options{})
		dec := newDecoder(agg)
		fr := frame{file: agg.addSource("fuzz"), num: 1,
			ci: gopacket.CaptureInfo{Timestamp: time.Unix(1, 0), CaptureLength: len(data), Length: len(data)}}
		dec.safePacket(&fr, layers.LinkType(link), data)
		p := agg.result()
		if n := p.Errors["decoder panic"]; n > 0 {
			t.Fatalf("the decoder panicked: %v", p.ErrorExamples)
		}
		if p.Frames != 1 {
			t.Fatalf("frames = %d, want 1", p.Frames)
		}
	})
}

// FuzzReadCapture feeds arbitrary bytes as a capture file: never a panic;
// either an error naming the file or evidence.
func FuzzReadCapture(f *testing.F) {
	for _, pat := range []string{"../../../shared/pcap-corpus/*/*.pcap*", "../../testdata/pcaps/lab/*.pcap"} {
		m, _ := filepath.Glob(pat)
		for _, path := range m {
			if b, err := os.ReadFile(path); err == nil && len(b) < 8<<10 {
				f.Add(b)
			}
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.pcap")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		type result struct {
			p   *evidence.Packets
			err error
		}
		done := make(chan result, 1)
		go func() {
			p, err := ReadFiles([]string{path}, Options{})
			done <- result{p, err}
		}()
		var p *evidence.Packets
		var err error
		select {
		case r := <-done:
			p, err = r.p, r.err
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadFiles did not return within 10 s on a %d-byte input", len(data))
		}
		if p == nil && err == nil {
			t.Fatal("no evidence and no error")
		}
		if p != nil && p.Errors["decoder panic"] > 0 {
			t.Fatalf("the decoder panicked: %v", p.ErrorExamples)
		}
	})
}
