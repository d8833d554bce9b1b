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
	// Limits bound what one file's structure may cost (zero: defaults).
	Limits Limits
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
// file and frame ("capture.pcap: frame 1234: unexpected EOF"), or the
// pcapng block and its offset ("capture.pcapng: block 7 at offset 1180:
// ..."), and the other files are still read. Callers should keep the
// evidence.
//
// A file that goes beyond opts.Limits (too many pcapng interface blocks in
// a section, a block or record larger than MaxBlockBytes) stops the same
// way, with a *FileError that wraps ErrLimit and names the limit and the
// flag that raises it.
func ReadFiles(paths []string, opts Options) (*evidence.Packets, error) {
	agg := newAggregator(opts)
	dec := newDecoder(agg)
	var errs []error
	for _, path := range paths {
		if err := readFile(path, agg, dec, opts.Limits); err != nil {
			errs = append(errs, err)
		}
	}
	return agg.result(), errors.Join(errs...)
}

func readFile(path string, agg *aggregator, dec *decoder, lim Limits) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	idx := agg.addSource(path)
	br := bufio.NewReaderSize(fh, 1<<20)
	src, linkType, guard, err := openReader(br, path, lim)
	if err != nil {
		if gerr := guard(); gerr != nil {
			return gerr
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	f := frame{file: idx}
	for {
		data, ci, err := src.ZeroCopyReadPacketData()
		gerr := guard()
		if err == io.EOF && gerr == nil {
			return nil
		}
		f.num++
		if err != nil || gerr != nil {
			if gerr != nil {
				// The guard knows the block and offset; pcapgo's error
				// (if any) is a consequence.
				err = gerr
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				agg.pk.Notes = append(agg.pk.Notes, fmt.Sprintf("%s ends inside frame %d (a truncated file): the frames before it were read", agg.names[idx], f.num))
			}
			if gerr != nil {
				return gerr // names the file, the block or record and its offset
			}
			return fmt.Errorf("%s: frame %d: %w", path, f.num, err)
		}
		f.ci = ci
		f.src, f.dst, f.sport, f.dport = netip.Addr{}, netip.Addr{}, 0, 0
		dec.safePacket(&f, linkType(ci), data)
	}
}

// openReader detects pcap or pcapng by the magic number and returns the
// reader, how to find a packet's link type, and the guard's verdict on
// the file so far (a *FileError, or nil). pcapgo reads through a guard
// (guard.go) that checks the file's structure against lim first.
func openReader(br *bufio.Reader, path string, lim Limits) (source, func(gopacket.CaptureInfo) layers.LinkType, func() error, error) {
	none := func() error { return nil }
	magic, err := br.Peek(4)
	if err != nil {
		return nil, nil, none, fmt.Errorf("not a capture file: %w", err)
	}
	switch binary.BigEndian.Uint32(magic) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		g, err := newPcapGuard(br, path, lim)
		if err != nil {
			return nil, nil, none, err
		}
		r, err := pcapgo.NewReader(g)
		if err != nil {
			return nil, nil, g.failure, err
		}
		lt := r.LinkType()
		return r, func(gopacket.CaptureInfo) layers.LinkType { return lt }, g.failure, nil
	case 0x0a0d0d0a:
		g := newNgGuard(br, path, lim)
		r, err := pcapgo.NewNgReader(g, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return nil, nil, g.failure, err
		}
		return r, func(ci gopacket.CaptureInfo) layers.LinkType {
			if i, err := r.Interface(ci.InterfaceIndex); err == nil {
				return i.LinkType
			}
			return r.LinkType()
		}, g.failure, nil
	}
	return nil, nil, none, fmt.Errorf("not a pcap or pcapng file (magic 0x%x)", magic)
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
