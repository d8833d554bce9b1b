package capture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// The adversarial suite for capture files: crafted at the smallest size
// that still shows each problem, checked for the error (file, block or
// record, offset, limit, flag) and for what reading cost. The bounds are
// generous; the reader before the guard took GBs.
const (
	maxTime  = 5 * time.Second
	maxAlloc = 64 << 20
)

// readCost reads path with ReadFiles and returns the evidence, the time
// taken, the heap bytes allocated in all (runtime.MemStats.TotalAlloc, an
// upper bound of the peak added) and the error.
func readCost(path string, lim Limits) (*evidence.Packets, time.Duration, uint64, error) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	start := time.Now()
	p, err := ReadFiles([]string{path}, Options{Limits: lim})
	d := time.Since(start)
	runtime.ReadMemStats(&ms)
	return p, d, ms.TotalAlloc - before, err
}

func checkCost(t *testing.T, d time.Duration, alloc uint64) {
	t.Helper()
	checkCostUnder(t, d, alloc, maxAlloc)
}

func checkCostUnder(t *testing.T, d time.Duration, alloc, max uint64) {
	t.Helper()
	t.Logf("took %v, allocated %d KiB", d, alloc>>10)
	if d > maxTime {
		t.Errorf("reading took %v, want under %v", d, maxTime)
	}
	if alloc > max {
		t.Errorf("reading allocated %d MiB, want under %d MiB", alloc>>20, max>>20)
	}
}

// ng builds pcapng files block by block (little-endian).
type ng struct{ bytes.Buffer }

func (w *ng) block(typ uint32, body []byte) *ng {
	padded := append(body, make([]byte, (4-len(body)%4)%4)...)
	n := uint32(12 + len(padded))
	w.Write(binary.LittleEndian.AppendUint32(nil, typ))
	w.Write(binary.LittleEndian.AppendUint32(nil, n))
	w.Write(padded)
	w.Write(binary.LittleEndian.AppendUint32(nil, n))
	return w
}

func (w *ng) shb() *ng {
	body := binary.LittleEndian.AppendUint32(nil, 0x1a2b3c4d)
	body = append(body, 1, 0, 0, 0) // version 1.0
	body = append(body, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	return w.block(ngSHB, body)
}

// option encodes one pcapng option.
func option(code uint16, value []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, code)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(value)))
	b = append(b, value...)
	return append(b, make([]byte, (4-len(value)%4)%4)...)
}

// idb adds an Ethernet interface with the given options.
func (w *ng) idb(opts ...[]byte) *ng {
	body := []byte{1, 0, 0, 0, 0, 0, 4, 0} // link type 1, snaplen 262144
	for _, o := range opts {
		body = append(body, o...)
	}
	if len(opts) > 0 {
		body = append(body, 0, 0, 0, 0)
	}
	return w.block(ngIDB, body)
}

func (w *ng) epb(frame []byte, opts ...[]byte) *ng {
	body := make([]byte, 20)
	binary.LittleEndian.PutUint32(body[8:], 1000)
	binary.LittleEndian.PutUint32(body[12:], uint32(len(frame)))
	binary.LittleEndian.PutUint32(body[16:], uint32(len(frame)))
	body = append(body, frame...)
	body = append(body, make([]byte, (4-len(frame)%4)%4)...)
	for _, o := range opts {
		body = append(body, o...)
	}
	return w.block(ngEPB, body)
}

func (w *ng) save(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, w.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ikeFrame is one IKE_SA_INIT request as an Ethernet frame.
func ikeFrame(t *testing.T) []byte {
	c := &capBuilder{t: t}
	c.ikeUDP(cpe, dc, 500, saInit(false, offer()...))
	return c.frames[0]
}

// wantFileError checks err is a *FileError naming the file, the block or
// record and its offset, with every one of want in its message.
func wantFileError(t *testing.T, err error, path, where string, want ...string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a *FileError", err)
	}
	for _, w := range append([]string{path, where}, want...) {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// A 100 MB pcapng of 5M interface blocks took 3.4 GB: pcapgo keeps every
// interface of a section. 100,000 of them (2 MB) show it.
func TestHostilePcapngInterfaceBlocks(t *testing.T) {
	var w ng
	w.shb().idb().epb(ikeFrame(t))
	for i := 0; i < 100000; i++ {
		w.idb()
	}
	w.epb(ikeFrame(t))
	path := w.save(t, "ifaces.pcapng")
	p, d, alloc, err := readCost(path, Limits{})
	checkCost(t, d, alloc)
	// Block 1 is the section header, 2 the first interface, 3 the packet:
	// interface 1025 is block 1027, at 28+20+(16+20+len(frame)) + 1023*20.
	wantFileError(t, err, path, "block 1027 at offset", "more than 1024 interface description blocks in one section", InterfacesFlag)
	if !errors.Is(err, ErrLimit) {
		t.Errorf("error %v does not wrap ErrLimit", err)
	}
	if p == nil || p.Frames != 1 || len(p.IKE) != 1 {
		t.Errorf("evidence before the flood = %+v, want the one IKE packet kept", p)
	}
	t.Run("raised limit reads the file", func(t *testing.T) {
		var w ng
		w.shb().idb().epb(ikeFrame(t))
		for i := 0; i < 2000; i++ {
			w.idb()
		}
		path := w.epb(ikeFrame(t)).save(t, "ifaces.pcapng")
		p, err := ReadFiles([]string{path}, Options{Limits: Limits{MaxInterfaces: 4096}})
		if err != nil || p.Frames != 2 {
			t.Errorf("ReadFiles with MaxInterfaces 4096 = %d frames, %v; want 2, nil", p.Frames, err)
		}
	})
}

// Interface names, descriptions and comments are up to 64 KiB each, and
// pcapgo copied every one (twice): 250 interfaces with a 64 KiB name each
// (16 MB) took 32 MiB, each kept until the section ends. They are dropped
// before pcapgo sees them; the timestamp resolution is kept. The bound is
// tighter than the suite's: the point is that the names cost nothing.
func TestHostilePcapngInterfaceOptions(t *testing.T) {
	var w ng
	w.shb()
	var one ng
	one.idb(option(2, bytes.Repeat([]byte{'n'}, 65000)), option(9, []byte{6}))
	for i := 0; i < 250; i++ {
		w.Write(one.Bytes())
	}
	w.epb(ikeFrame(t), option(1, bytes.Repeat([]byte{'c'}, 65000)))
	path := w.save(t, "names.pcapng")
	p, d, alloc, err := readCost(path, Limits{})
	checkCostUnder(t, d, alloc, 16<<20)
	if err != nil || p.Frames != 1 || len(p.IKE) != 1 {
		t.Errorf("ReadFiles = %d frames, %d IKE, %v; want the packet read", p.Frames, len(p.IKE), err)
	}
}

// Name resolution blocks accumulate in pcapgo (about 100 bytes of heap for
// each 12-byte record); vcdiag never reads them, and skips them unread.
func TestHostilePcapngNameRecords(t *testing.T) {
	var w ng
	w.shb().idb()
	rec := []byte{1, 0, 6, 0, 192, 0, 2, 1, 'a', 0, 0, 0} // IPv4 record "a", padded
	w.block(4, append(bytes.Repeat(rec, 800000), 0, 0, 0, 0))
	w.epb(ikeFrame(t))
	path := w.save(t, "names.pcapng")
	p, d, alloc, err := readCost(path, Limits{})
	checkCost(t, d, alloc)
	if err != nil || p.Frames != 1 {
		t.Errorf("ReadFiles = %d frames, %v; want the packet read", p.Frames, err)
	}
}

// appendSparse appends prefix, n zero bytes (a hole in the file: no disk,
// no memory) and suffix to the file at path.
func appendSparse(t *testing.T, path string, prefix []byte, n int64, suffix []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	end, err := f.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = f.WriteAt(prefix, end)
	}
	if err == nil {
		err = f.Truncate(end + int64(len(prefix)) + n)
	}
	if err == nil {
		_, err = f.WriteAt(suffix, end+int64(len(prefix))+n)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// One block or record may not make the reader allocate what its length
// field says: a 40 MiB packet is refused before it is read.
func TestHostileHugeBlock(t *testing.T) {
	const huge = 40 << 20
	t.Run("pcapng", func(t *testing.T) {
		var w ng
		path := w.shb().idb().epb(ikeFrame(t)).save(t, "huge.pcapng")
		hdr := make([]byte, 28)
		binary.LittleEndian.PutUint32(hdr, ngEPB)
		binary.LittleEndian.PutUint32(hdr[4:], 32+huge)
		binary.LittleEndian.PutUint32(hdr[20:], huge)
		binary.LittleEndian.PutUint32(hdr[24:], huge)
		appendSparse(t, path, hdr, huge, binary.LittleEndian.AppendUint32(nil, 32+huge))
		p, d, alloc, err := readCost(path, Limits{})
		checkCost(t, d, alloc)
		wantFileError(t, err, path, "block 4 at offset", "more than 16777216, the limit for one block", BlockFlag)
		if p == nil || p.Frames != 1 {
			t.Errorf("evidence before the huge block = %+v, want the first packet kept", p)
		}
	})
	t.Run("pcap", func(t *testing.T) {
		c := &capBuilder{t: t}
		c.ikeUDP(cpe, dc, 500, saInit(false, offer()...))
		path := c.write("huge.pcap")
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt(binary.LittleEndian.AppendUint32(nil, 0xffffffff), 16) // snaplen: whatever a record says
		f.Close()
		rec := make([]byte, 16)
		binary.LittleEndian.PutUint32(rec[8:], huge)
		binary.LittleEndian.PutUint32(rec[12:], huge)
		appendSparse(t, path, rec, huge, nil)
		p, d, alloc, err := readCost(path, Limits{})
		checkCost(t, d, alloc)
		wantFileError(t, err, path, "record 2 at offset", "captured length 41943040, more than 16777216", BlockFlag)
		if p == nil || p.Frames != 1 {
			t.Errorf("evidence before the huge record = %+v, want the first packet kept", p)
		}
	})
}

// A pcapng block with a bogus length gave an error without the block or
// its offset (or none: pcapgo read on from the wrong place).
func TestPcapngBogusLengthNamesBlock(t *testing.T) {
	frame := ikeFrame(t)
	good := func() *ng {
		var w ng
		w.shb().idb().epb(frame)
		return &w
	}
	off := int64(good().Len()) // the fourth block starts here
	for _, tt := range []struct {
		name  string
		block []byte
		want  string
	}{
		{"not a multiple of 4", []byte{6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}, "bad block length 7 (a block is at least 12 bytes, in multiples of 4)"},
		{"shorter than a block", []byte{6, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0}, "bad block length 8 (a block is at least 12 bytes"},
		{"beyond the file", []byte{6, 0, 0, 0, 0xf0, 0xff, 0xff, 0x0f, 0, 0, 0, 0}, "the limit for one block"},
		{"beyond the file, skipped block", []byte{4, 0, 0, 0, 0xf0, 0xff, 0xff, 0x0f, 0, 0, 0, 0}, "the file ends inside the block"},
		{"trailer differs", []byte{4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0}, "block length 16 at its start, 20 at its end"},
		{"captured length beyond the block", rawBlock(ngEPB, binary.LittleEndian.AppendUint32(make([]byte, 12), 5000), 12), "captured length 5000 does not fit in the block of 40 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := good()
			w.Write(tt.block)
			path := w.save(t, "bogus.pcapng")
			p, _, _, err := readCost(path, Limits{})
			wantFileError(t, err, path, "block 4 at offset "+strconv.FormatInt(off, 10), tt.want)
			if p == nil || p.Frames != 1 {
				t.Errorf("evidence before the bad block = %+v, want the first packet kept", p)
			}
		})
	}
}

// rawBlock encodes one block of type typ whose body is body and pad
// zero bytes.
func rawBlock(typ uint32, body []byte, pad int) []byte {
	var w ng
	w.block(typ, append(body, make([]byte, pad)...))
	return w.Bytes()
}

// FuzzPcapngBlocks feeds arbitrary blocks after a valid section header
// and interface, with small limits: never a panic or a hang, and every
// error names the file.
func FuzzPcapngBlocks(f *testing.F) {
	var seed ng
	seed.epb([]byte{1, 2, 3}).idb(option(2, []byte("eth0")), option(9, []byte{9}))
	f.Add(seed.Bytes())
	f.Add([]byte{6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0})
	var ifs ng
	for i := 0; i < 6; i++ {
		ifs.idb()
	}
	f.Add(ifs.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, blocks []byte) {
		var w ng
		w.shb().idb()
		w.Write(blocks)
		path := filepath.Join(dir, "fuzz.pcapng")
		if err := os.WriteFile(path, w.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := ReadFiles([]string{path}, Options{Limits: Limits{MaxInterfaces: 4, MaxBlockBytes: 4096}})
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("ReadFiles did not return within 10 s")
		}
	})
}
