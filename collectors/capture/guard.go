package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Limits bound what the structure of one capture file may make the reader
// hold. Packets are streamed and never accumulate; what does accumulate is
// per-file metadata (pcapng interface descriptions), and what one block
// may make the reader allocate is set by length fields the file chooses.
// A zero field means its default.
type Limits struct {
	// MaxInterfaces bounds the interface description blocks of one pcapng
	// section: the reader keeps every one until the section ends.
	MaxInterfaces int
	// MaxBlockBytes bounds one pcapng block or one pcap record, which is
	// read whole.
	MaxBlockBytes int64
}

// Defaults of Limits. A capture has a handful of interfaces (mergecap of
// many files: dozens) and no packet larger than 256 KiB, libpcap's
// largest snapshot length; a capture of GBs is fine, it is streamed.
const (
	DefaultMaxInterfaces = 1024
	DefaultMaxBlockBytes = 16 << 20
)

// The flags of `vcdiag pcap` and `vcdiag analyze` that raise the limits,
// named in the errors.
const (
	InterfacesFlag = "--max-pcap-interfaces"
	BlockFlag      = "--max-pcap-block"
)

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) WithDefaults() Limits {
	if l.MaxInterfaces <= 0 {
		l.MaxInterfaces = DefaultMaxInterfaces
	}
	if l.MaxBlockBytes <= 0 {
		l.MaxBlockBytes = DefaultMaxBlockBytes
	}
	return l
}

// ErrLimit is wrapped by a *FileError about a limit of Limits.
var ErrLimit = errors.New("capture limit exceeded")

// FileError says where a capture file is damaged or goes beyond a limit:
// the file, the pcapng block or pcap record (1-based) and its byte offset.
type FileError struct {
	File   string
	Kind   string // "block" (pcapng) or "record" (pcap)
	Num    int
	Offset int64
	Msg    string
	Err    error // ErrLimit, io.ErrUnexpectedEOF or nil
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s: %s %d at offset %d: %s", e.File, e.Kind, e.Num, e.Offset, e.Msg)
}

func (e *FileError) Unwrap() error { return e.Err }

// pcapng block types (draft-ietf-opsawg-pcapng).
const (
	ngSHB = 0x0a0d0d0a
	ngIDB = 1
	ngPB  = 2 // obsolete packet block
	ngSPB = 3
	ngEPB = 6
)

// byteOrder is what binary.LittleEndian and binary.BigEndian both are.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// ngGuard sits between a pcapng file and pcapgo's reader, which trusts
// the file's lengths and keeps every interface block and name record of a
// section. It walks the blocks itself, checking every length before pcapgo
// sees it (and naming the block and its offset when one is wrong), counts
// interface blocks, and hands on only what vcdiag reads: section headers,
// interface blocks reduced to link type, snapshot length and timestamp
// options, and packet blocks without their options. Name resolution,
// statistics, decryption secrets and unknown blocks are skipped unread.
type ngGuard struct {
	r     *bufio.Reader
	file  string
	lim   Limits
	order byteOrder

	off     int64 // offset of the next block
	num     int   // blocks read
	ifaces  int   // interface blocks in this section
	snaplen uint32

	buf []byte // the current block, as handed on
	pos int    // bytes of buf handed on
	err error  // why reading stopped: io.EOF or a *FileError
}

func newNgGuard(r *bufio.Reader, file string, lim Limits) *ngGuard {
	return &ngGuard{r: r, file: file, lim: lim.WithDefaults(), order: binary.LittleEndian}
}

// Read hands on the blocks kept, one whole block at a time; an error
// comes only between two blocks.
func (g *ngGuard) Read(p []byte) (int, error) {
	for g.pos == len(g.buf) {
		if g.err != nil {
			return 0, g.err
		}
		g.buf, g.pos = g.buf[:0], 0
		if err := g.next(); err != nil {
			g.err = err
		}
	}
	n := copy(p, g.buf[g.pos:])
	g.pos += n
	return n, nil
}

// failure returns the error that stopped the guard, if it was the file's
// fault (nil at a clean end).
func (g *ngGuard) failure() error {
	if g.err == io.EOF {
		return nil
	}
	return g.err
}

func (g *ngGuard) fail(cause error, format string, args ...any) error {
	return &FileError{File: g.file, Kind: "block", Num: g.num, Offset: g.off, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// next reads blocks until one to hand on is in buf.
func (g *ngGuard) next() error {
	for {
		var hdr [12]byte
		n, err := io.ReadFull(g.r, hdr[:8])
		if n == 0 && err == io.EOF {
			return io.EOF
		}
		g.num++
		if err != nil {
			return g.fail(io.ErrUnexpectedEOF, "the file ends inside the block header")
		}
		typ := g.order.Uint32(hdr[:4])
		if binary.LittleEndian.Uint32(hdr[:4]) == ngSHB {
			typ = ngSHB
			if _, err := io.ReadFull(g.r, hdr[8:12]); err != nil {
				return g.fail(io.ErrUnexpectedEOF, "the file ends inside the section header")
			}
			switch {
			case binary.LittleEndian.Uint32(hdr[8:12]) == 0x1a2b3c4d:
				g.order = binary.LittleEndian
			case binary.BigEndian.Uint32(hdr[8:12]) == 0x1a2b3c4d:
				g.order = binary.BigEndian
			default:
				return g.fail(nil, "section header with an unknown byte-order magic 0x%x", hdr[8:12])
			}
		}
		length := int64(g.order.Uint32(hdr[4:8]))
		minLen := int64(12)
		if typ == ngSHB {
			minLen = 28
		}
		if length < minLen || length%4 != 0 {
			return g.fail(nil, "bad block length %d (a block is at least %d bytes, in multiples of 4): the file is damaged from here", length, minLen)
		}
		keep := typ == ngSHB || typ == ngIDB || typ == ngPB || typ == ngSPB || typ == ngEPB
		if !keep {
			if err := g.skip(length); err != nil {
				return err
			}
			continue
		}
		if length > g.lim.MaxBlockBytes {
			return g.fail(ErrLimit, "block of %d bytes, more than %d, the limit for one block (raise it with %s)", length, g.lim.MaxBlockBytes, BlockFlag)
		}
		if err := g.load(hdr[:], typ, length); err != nil {
			return err
		}
		return nil
	}
}

// skip passes over a block that is not handed on, checking its trailing
// length.
func (g *ngGuard) skip(length int64) error {
	if _, err := io.CopyN(io.Discard, g.r, length-12); err != nil {
		return g.fail(io.ErrUnexpectedEOF, "the file ends inside the block (length %d)", length)
	}
	var tail [4]byte
	if _, err := io.ReadFull(g.r, tail[:]); err != nil {
		return g.fail(io.ErrUnexpectedEOF, "the file ends inside the block (length %d)", length)
	}
	if t := int64(g.order.Uint32(tail[:])); t != length {
		return g.fail(nil, "block length %d at its start, %d at its end (the file is damaged here)", length, t)
	}
	g.off += length
	return nil
}

// load reads a whole block into buf, checks it and reduces it to what
// pcapgo needs.
func (g *ngGuard) load(hdr []byte, typ uint32, length int64) error {
	head := 8
	if typ == ngSHB {
		head = 12
	}
	if cap(g.buf) < int(length) {
		g.buf = make([]byte, length)
	}
	g.buf = g.buf[:length]
	copy(g.buf, hdr[:head])
	if _, err := io.ReadFull(g.r, g.buf[head:]); err != nil {
		return g.fail(io.ErrUnexpectedEOF, "the file ends inside the block (length %d)", length)
	}
	if t := int64(g.order.Uint32(g.buf[length-4:])); t != length {
		return g.fail(nil, "block length %d at its start, %d at its end (the file is damaged here)", length, t)
	}
	var err error
	switch typ {
	case ngSHB:
		g.ifaces, g.snaplen = 0, 0
	case ngIDB:
		err = g.interfaceBlock()
	case ngEPB, ngPB:
		err = g.packetBlock(typ)
	case ngSPB:
		err = g.simplePacketBlock()
	}
	if err == nil {
		g.off += length
	}
	return err
}

// interfaceBlock counts the interface and keeps its link type, snapshot
// length, timestamp resolution and offset; its name, description, filter
// and comments (up to 64 KiB each) are dropped.
func (g *ngGuard) interfaceBlock() error {
	g.ifaces++
	if g.ifaces > g.lim.MaxInterfaces {
		return g.fail(ErrLimit, "more than %d interface description blocks in one section, the limit (raise it with %s)", g.lim.MaxInterfaces, InterfacesFlag)
	}
	b := g.buf
	if len(b) < 20 {
		return g.fail(nil, "interface description block of %d bytes, shorter than its 20-byte minimum", len(b))
	}
	if g.ifaces == 1 {
		g.snaplen = g.order.Uint32(b[12:16])
	}
	out := b[:16]
	for opts := b[16 : len(b)-4]; len(opts) >= 4; {
		code, n := g.order.Uint16(opts[:2]), int(g.order.Uint16(opts[2:4]))
		padded := 4 + (n+3)&^3
		if code == 0 || padded > len(opts) {
			break
		}
		if code == 9 || code == 14 { // if_tsresol, if_tsoffset
			out = append(out, opts[:padded]...) // out never overtakes opts: it only drops
		}
		opts = opts[padded:]
	}
	out = append(out, 0, 0, 0, 0) // opt_endofopt
	out = g.order.AppendUint32(out, uint32(len(out)+4))
	g.order.PutUint32(out[4:8], uint32(len(out)))
	g.buf = out
	return nil
}

// packetBlock checks that the captured length fits in the block and drops
// the options (comments, hashes, verdicts pcapgo would copy out).
func (g *ngGuard) packetBlock(typ uint32) error {
	b := g.buf
	if len(b) < 32 {
		return g.fail(nil, "packet block of %d bytes, shorter than its 32-byte minimum", len(b))
	}
	capLen := int64(g.order.Uint32(b[20:24]))
	if capLen > int64(len(b))-32 {
		return g.fail(nil, "captured length %d does not fit in the block of %d bytes", capLen, len(b))
	}
	if typ == ngEPB {
		end := 28 + (capLen+3)&^3
		out := g.order.AppendUint32(b[:end], uint32(end+4))
		g.order.PutUint32(out[4:8], uint32(end+4))
		g.buf = out
	}
	return nil
}

// simplePacketBlock checks the packet length pcapgo will read: the
// original length, cut to the first interface's snapshot length.
func (g *ngGuard) simplePacketBlock() error {
	b := g.buf
	if len(b) < 16 {
		return g.fail(nil, "simple packet block of %d bytes, shorter than its 16-byte minimum", len(b))
	}
	n := int64(g.order.Uint32(b[8:12]))
	if g.snaplen != 0 {
		n = min(n, int64(g.snaplen))
	}
	if n > int64(len(b))-16 {
		return g.fail(nil, "packet length %d does not fit in the block of %d bytes", n, len(b))
	}
	return nil
}

// pcapGuard checks the records of a classic pcap file as pcapgo reads
// them: a record longer than MaxBlockBytes is refused before pcapgo
// allocates for it (pcapgo accepts any length up to the snapshot length
// the file declares, up to 4 GiB).
type pcapGuard struct {
	r     *bufio.Reader
	file  string
	lim   Limits
	order binary.ByteOrder

	off  int64 // offset of the next record header
	num  int   // records read
	left int64 // bytes of the current record still to hand on
	hdr  []byte
	err  error
}

func newPcapGuard(r *bufio.Reader, file string, lim Limits) (*pcapGuard, error) {
	magic, err := r.Peek(24)
	if err != nil {
		return nil, errors.New("the file ends inside the pcap file header")
	}
	g := &pcapGuard{r: r, file: file, lim: lim.WithDefaults(), order: binary.LittleEndian, left: 24, off: 24}
	if binary.BigEndian.Uint32(magic[:4]) == 0xa1b2c3d4 || binary.BigEndian.Uint32(magic[:4]) == 0xa1b23c4d {
		g.order = binary.BigEndian
	}
	return g, nil
}

// Read hands on the file header and then one record at a time, checking
// each record header before its bytes.
func (g *pcapGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if g.left == 0 && len(g.hdr) == 0 {
		if err := g.record(); err != nil {
			g.err = err
			return 0, err
		}
	}
	if len(g.hdr) > 0 {
		n := copy(p, g.hdr)
		g.hdr = g.hdr[n:]
		return n, nil
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.r.Read(p)
	g.left -= int64(n)
	if err == io.EOF {
		// Inside a record: pcapgo reports the truncation with the frame.
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

func (g *pcapGuard) record() error {
	hdr, err := g.r.Peek(16)
	if len(hdr) == 0 && err == io.EOF {
		return io.EOF
	}
	g.num++
	if err != nil {
		// A cut header: let pcapgo see the bytes and report the frame.
		g.hdr = append([]byte(nil), hdr...)
		g.r.Discard(len(hdr))
		return nil
	}
	capLen := int64(g.order.Uint32(hdr[8:12]))
	if capLen > g.lim.MaxBlockBytes {
		return &FileError{File: g.file, Kind: "record", Num: g.num, Offset: g.off, Err: ErrLimit,
			Msg: fmt.Sprintf("captured length %d, more than %d, the limit for one packet (raise it with %s)", capLen, g.lim.MaxBlockBytes, BlockFlag)}
	}
	g.hdr = append(g.hdr[:0], hdr...)
	g.r.Discard(16)
	g.left = capLen
	g.off += 16 + capLen
	return nil
}

// failure returns the error that stopped the guard, if it was the file's
// fault.
func (g *pcapGuard) failure() error {
	var fe *FileError
	if errors.As(g.err, &fe) {
		return fe
	}
	return nil
}
