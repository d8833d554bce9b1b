package bundle

import (
	"encoding/binary"
	"fmt"
	"io"
)

// The zip reader of the standard library reads the whole central directory
// into memory (a few hundred bytes per entry) before Open can count the
// entries, and it reads directory headers until one is bad rather than as
// many as the end record says. checkDirectory bounds that cost first: it
// finds the directory the way archive/zip does and refuses one that spans
// more than max bytes.

const (
	eocdLen      = 22 // end of central directory record, without comment
	eocd64LocLen = 20 // zip64 end of central directory locator
	eocd64Len    = 56 // zip64 end of central directory record
)

// checkDirectory returns an error when the central directory of the zip in
// r spans more than max bytes. A file it cannot make sense of is left to
// archive/zip, which refuses it.
func checkDirectory(name string, r io.ReaderAt, size, max int64) error {
	start, ok := directoryStart(r, size)
	if !ok {
		return nil
	}
	if span := size - start; span > max {
		return fmt.Errorf("bundle %s: its zip directory spans %d bytes, more than %s (a bundle of %d files needs a few hundred KB): %w",
			name, span, sizeText(max), DefaultLimits.MaxFiles, ErrTooLarge)
	}
	return nil
}

// directoryStart returns the earliest offset at which archive/zip may
// start reading directory headers: it reads from the directory offset the
// end record gives, relative to the start of the file or to where the
// directory's size says it begins (archive/zip tries both).
func directoryStart(r io.ReaderAt, size int64) (int64, bool) {
	end, buf, ok := findEnd(r, size)
	if !ok {
		return 0, false
	}
	dirSize := uint64(binary.LittleEndian.Uint32(buf[12:16]))
	dirOffset := uint64(binary.LittleEndian.Uint32(buf[16:20]))
	records := binary.LittleEndian.Uint16(buf[10:12])
	if records == 0xffff || dirSize == 0xffff || dirOffset == 0xffffffff {
		if end >= eocd64LocLen {
			loc := make([]byte, eocd64LocLen)
			if _, err := r.ReadAt(loc, end-eocd64LocLen); err == nil && binary.LittleEndian.Uint32(loc) == 0x07064b50 {
				p := int64(binary.LittleEndian.Uint64(loc[8:16]))
				rec := make([]byte, eocd64Len)
				if p < 0 || p > size-eocd64Len {
					return 0, false
				}
				if _, err := r.ReadAt(rec, p); err != nil || binary.LittleEndian.Uint32(rec) != 0x06064b50 {
					return 0, false
				}
				end = p
				dirSize = binary.LittleEndian.Uint64(rec[40:48])
				dirOffset = binary.LittleEndian.Uint64(rec[48:56])
			}
		}
	}
	if dirSize > uint64(size) || dirOffset > uint64(size) {
		return 0, false // archive/zip refuses it
	}
	start := min(int64(dirOffset), end-int64(dirSize))
	return max(start, 0), true
}

// findEnd finds the end of central directory record as archive/zip does:
// the last signature in the final 1 KB, else in the final 65 KB, whose
// comment fits in the file.
func findEnd(r io.ReaderAt, size int64) (int64, []byte, bool) {
	for _, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		buf := make([]byte, n)
		if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
			return 0, nil, false
		}
		for i := len(buf) - eocdLen; i >= 0; i-- {
			if buf[i] == 'P' && buf[i+1] == 'K' && buf[i+2] == 5 && buf[i+3] == 6 {
				c := int(binary.LittleEndian.Uint16(buf[i+20 : i+22]))
				if c+eocdLen+i > len(buf) {
					return 0, nil, false
				}
				return size - n + int64(i), buf[i : i+eocdLen], true
			}
		}
		if n == size {
			break
		}
	}
	return 0, nil, false
}
