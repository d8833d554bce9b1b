package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/vcdiag/vcdiag/evidence"
)

// Options tune a read.
type Options struct {
	// Labels name known addresses in packet summaries ("192.0.2.1(cpe1)"),
	// typically the profile's CPE and DC peer addresses. Optional.
	Labels map[netip.Addr]string
	// MaxFlows caps each table (IKE conversations, ESP SAs, GRE tunnels,
	// NAT keepalive pairs); 0 means 10,000. Packets of flows beyond the
	// cap are counted in a note, not tracked.
	MaxFlows int
}

// source is what both pcap readers offer.
type source interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// ReadFiles reads pcap and pcapng files (told apart by their magic number)
// into packet evidence, in one streaming pass per file in bounded memory.
//
// A malformed packet is counted in Errors and never stops the read. A
// corrupt file (bad magic, truncated record) stops that file: the evidence
// of everything read so far is returned together with an error naming the
// file and frame ("capture.pcap: frame 1234: unexpected EOF"), and the
// other files are still read. Callers should keep the evidence.
func ReadFiles(paths []string, opts Options) (*evidence.Packets, error) {
	agg := newAggregator(opts)
	dec := newDecoder(agg)
	var errs []error
	for _, path := range paths {
		if err := readFile(path, agg, dec); err != nil {
			errs = append(errs, err)
		}
	}
	return agg.result(), errors.Join(errs...)
}

func readFile(path string, agg *aggregator, dec *decoder) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	idx := agg.addSource(path)
	br := bufio.NewReaderSize(fh, 1<<20)
	src, linkType, err := openReader(br)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	f := frame{file: idx}
	for {
		data, ci, err := src.ZeroCopyReadPacketData()
		if err == io.EOF {
			return nil
		}
		f.num++
		if err != nil {
			if err == io.ErrUnexpectedEOF || errors.Is(err, io.ErrUnexpectedEOF) {
				agg.pk.Notes = append(agg.pk.Notes, fmt.Sprintf("%s ends inside frame %d (a truncated file): the frames before it were read", agg.names[idx], f.num))
			}
			return fmt.Errorf("%s: frame %d: %w", path, f.num, err)
		}
		f.ci = ci
		f.src, f.dst, f.sport, f.dport = netip.Addr{}, netip.Addr{}, 0, 0
		dec.safePacket(&f, linkType(ci), data)
	}
}

// openReader detects pcap or pcapng by the magic number and returns the
// reader and how to find a packet's link type.
func openReader(br *bufio.Reader) (source, func(gopacket.CaptureInfo) layers.LinkType, error) {
	magic, err := br.Peek(4)
	if err != nil {
		return nil, nil, fmt.Errorf("not a capture file: %w", err)
	}
	switch binary.BigEndian.Uint32(magic) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		r, err := pcapgo.NewReader(br)
		if err != nil {
			return nil, nil, err
		}
		lt := r.LinkType()
		return r, func(gopacket.CaptureInfo) layers.LinkType { return lt }, nil
	case 0x0a0d0d0a:
		r, err := pcapgo.NewNgReader(br, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return nil, nil, err
		}
		return r, func(ci gopacket.CaptureInfo) layers.LinkType {
			if i, err := r.Interface(ci.InterfaceIndex); err == nil {
				return i.LinkType
			}
			return r.LinkType()
		}, nil
	}
	return nil, nil, fmt.Errorf("not a pcap or pcapng file (magic 0x%x)", magic)
}

// safePacket decodes one frame and turns a panic in a decoder into a
// per-packet error: one bad packet must not end a run.
func (d *decoder) safePacket(f *frame, lt layers.LinkType, data []byte) {
	defer func() {
		if r := recover(); r != nil {
			d.agg.fail(f, "decoder panic", fmt.Errorf("%v", r))
		}
	}()
	d.packet(f, lt, data)
}
