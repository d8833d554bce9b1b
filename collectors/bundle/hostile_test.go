package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The adversarial suite: bundles crafted the way an attacker would, each
// checked for the error (naming the bundle and the entry) and for what
// refusing it cost. The bounds are generous (a real bundle of a few MB
// opens in milliseconds); the code before them took minutes and GBs.
const (
	maxTime  = 5 * time.Second
	maxAlloc = 64 << 20
)

// cost runs f and returns how long it took and the heap bytes it
// allocated in all (runtime.MemStats.TotalAlloc): an upper bound of the
// peak heap it added, so bounding it bounds the peak.
func cost(f func()) (time.Duration, uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&ms)
	return d, ms.TotalAlloc - before
}

// bounded runs f and fails the test when it took longer than maxTime or
// allocated more than maxAlloc.
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	d, alloc := cost(f)
	t.Logf("%s took %v, allocated %d KiB", what, d, alloc>>10)
	if d > maxTime {
		t.Errorf("%s took %v, want under %v", what, d, maxTime)
	}
	if alloc > maxAlloc {
		t.Errorf("%s allocated %d MiB, want under %d MiB", what, alloc>>20, maxAlloc>>20)
	}
}

// deflateRun returns a raw deflate stream (one fixed-Huffman block) that
// inflates to n copies of c: one literal, then length-258 copies at
// distance 1, 13 bits for every 258 bytes. It is how a zip bomb is built
// without compressing the bytes first.
func deflateRun(c byte, n int64) []byte {
	var w bitWriter
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE 01: fixed Huffman
	lit := func(b byte) {
		if b < 144 {
			w.code(0x30+uint32(b), 8)
		} else {
			w.code(0x190+uint32(b)-144, 9)
		}
	}
	if n > 0 {
		lit(c)
		n--
	}
	for ; n >= 258; n -= 258 {
		w.code(0xc5, 8) // length 258 (symbol 285)
		w.code(0, 5)    // distance 1
	}
	for ; n > 0; n-- {
		lit(c)
	}
	w.code(0, 7) // end of block (symbol 256)
	return w.flush()
}

type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

// bits writes the n low bits of v, least significant first (header
// fields and extra bits).
func (w *bitWriter) bits(v uint32, n uint) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// code writes an n-bit Huffman code, most significant bit first.
func (w *bitWriter) code(v uint32, n uint) {
	var r uint32
	for i := uint(0); i < n; i++ {
		r = r<<1 | (v>>i)&1
	}
	w.bits(r, n)
}

func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	return w.out
}

func TestDeflateRun(t *testing.T) {
	for _, n := range []int64{0, 1, 2, 258, 259, 1000, 70000} {
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflateRun(' ', n))))
		if err != nil || int64(len(got)) != n || strings.Trim(string(got), " ") != "" {
			t.Fatalf("deflateRun(' ', %d) inflates to %d bytes, %v", n, len(got), err)
		}
	}
}

// repeatSums returns the CRC-32 and SHA-256 of n copies of c.
func repeatSums(c byte, n int64) (uint32, string) {
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	h := sha256.New()
	var crc uint32
	for n > 0 {
		k := min(n, int64(len(chunk)))
		h.Write(chunk[:k])
		crc = crc32.Update(crc, crc32.IEEETable, chunk[:k])
		n -= k
	}
	return crc, hex.EncodeToString(h.Sum(nil))
}

// entry is one file of a crafted zip: text (stored uncompressed when
// store is set), or a run of n bytes c whose header declares declared
// bytes (a lie when they differ), with a CRC-32 only when crc is set (a
// bomb is never read far enough to check it).
type entry struct {
	name     string
	text     string
	store    bool
	c        byte
	n        int64
	declared int64
	crc      bool
}

// craftZip writes the entries into a zip file and returns its path.
func craftZip(t *testing.T, entries ...entry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.n == 0 {
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
			if e.store {
				h.Method = zip.Store
			}
			fw, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(fw, e.text)
			continue
		}
		raw := deflateRun(e.c, e.n)
		var crc uint32
		if e.crc {
			crc, _ = repeatSums(e.c, e.n)
		}
		fw, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(e.declared)})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "crafted.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// openAll opens the bundle and extracts every file its manifest lists,
// as `vcdiag analyze --bundle` does.
func openAll(path string, lim Limits, dir string) error {
	b, err := Open(path, lim)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, e := range b.Manifest.Files {
		if _, err := b.Extract(e.Name, dir); err != nil {
			return err
		}
	}
	return nil
}

// manifestOf returns a manifest listing the files given as name, size,
// sha256 triples.
func manifestOf(files ...FileEntry) string {
	var b strings.Builder
	b.WriteString(`{"schema":"vcdiag.bundle/v1","files":[`)
	for i, f := range files {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":%q,"kind":%q,"size":%d,"sha256":%q}`, f.Name, f.Kind, f.Size, f.SHA256)
	}
	b.WriteString("]}")
	return b.String()
}

func textEntry(name, kind, text string) FileEntry {
	sum := sha256.Sum256([]byte(text))
	return FileEntry{Name: name, Kind: kind, Size: int64(len(text)), SHA256: hex.EncodeToString(sum[:])}
}

// wantErr fails unless err is an error containing every one of want.
func wantErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// A 144 KB bundle whose manifest lists one transcript 200,000 times took
// 514 s in `vcdiag analyze --bundle` (every extraction searched the whole
// list, and extracted the same file again).
func TestHostileManifestListsOneFile200000Times(t *testing.T) {
	const text = "cpe1#show version\nCisco IOS XE Software\n"
	e := textEntry("transcripts/cpe1.log", KindTranscript, text)
	one := strings.TrimSuffix(strings.TrimPrefix(manifestOf(e), `{"schema":"vcdiag.bundle/v1","files":[`), "]}")
	list := `{"schema":"vcdiag.bundle/v1","files":[` + strings.Repeat(one+",", 199999) + one + "]}"
	// Stored, not compressed (deflated it is the 144 KB): this is
	// about the list, and compressing 20 MB is slow under -race.
	path := craftZip(t, entry{name: e.Name, text: text}, entry{name: ManifestName, text: list, store: true})
	for _, tt := range []struct {
		name string
		lim  Limits
		want []string
	}{
		{"default limits", DefaultLimits, []string{path, ManifestName, "larger than 4194304 bytes (4 MiB)"}},
		{"manifest limit raised", Limits{MaxManifestSize: 64 << 20}, []string{path, ManifestName, "files: more than 1000 items"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			bounded(t, "opening the bundle", func() { err = openAll(path, tt.lim, t.TempDir()) })
			wantErr(t, err, tt.want...)
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("error %v does not wrap ErrTooLarge", err)
			}
		})
	}
	t.Run("listed twice", func(t *testing.T) {
		path := craftZip(t, entry{name: e.Name, text: text}, entry{name: "report.txt", text: "x"},
			entry{name: ManifestName, text: manifestOf(e, textEntry("report.txt", KindReport, "x"), e)})
		err := openAll(path, DefaultLimits, t.TempDir())
		wantErr(t, err, path, "files[0] and files[2] both list transcripts/cpe1.log")
	})
}

// A 200 MB manifest took 757 MB: it was read whole (up to the 256 MiB
// per-file limit), then decoded.
func TestHostileHugeManifest(t *testing.T) {
	const n = 96 << 20
	for _, tt := range []struct {
		name     string
		declared int64
		want     []string
	}{
		{"header tells the size", n, []string{ManifestName, "larger than 4194304 bytes (4 MiB)", fmt.Sprint(n)}},
		{"header lies", 1000, []string{ManifestName, "inflates to more than the 1000 bytes its header declares"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// n spaces: the reader must stop on the size alone, before
			// reading or decoding any of it.
			path := craftZip(t, entry{name: ManifestName, c: ' ', n: n, declared: tt.declared, crc: true})
			var err error
			bounded(t, "opening the bundle", func() { err = openAll(path, DefaultLimits, t.TempDir()) })
			wantErr(t, err, append([]string{path}, tt.want...)...)
		})
	}
}

// A zip bomb was refused, but only after 604 MB: each file was read into
// memory up to the 256 MiB limit before the limit was noticed.
func TestHostileZipBomb(t *testing.T) {
	const n = 300 << 20
	bomb := FileEntry{Name: "captures/bomb.pcap", Kind: KindCapture, Size: n, SHA256: strings.Repeat("0", 64)}
	for _, tt := range []struct {
		name     string
		declared int64
		want     []string
	}{
		{"header tells the size", n, []string{bomb.Name, "larger than 268435456 bytes (256 MiB)", SizeFlag}},
		{"header lies", 4096, []string{bomb.Name, "inflates to more than the 4096 bytes its header declares"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := bomb
			m.Size = tt.declared
			path := craftZip(t, entry{name: bomb.Name, c: 'A', n: n, declared: tt.declared},
				entry{name: ManifestName, text: manifestOf(m)})
			var err error
			bounded(t, "reading the bomb", func() { err = openAll(path, DefaultLimits, t.TempDir()) })
			wantErr(t, err, append([]string{path}, tt.want...)...)
			if !errors.Is(err, ErrTooLarge) && tt.declared == n {
				t.Errorf("error %v does not wrap ErrTooLarge", err)
			}
		})
	}
}

// A large file within the limits costs disk, not memory: Extract streams
// it and checks its SHA-256 on the way.
func TestExtractStreamsLargeFiles(t *testing.T) {
	const n = 80 << 20
	_, sum := repeatSums('B', n)
	big := FileEntry{Name: "captures/big.pcap", Kind: KindCapture, Size: n, SHA256: sum}
	path := craftZip(t, entry{name: big.Name, c: 'B', n: n, declared: n, crc: true}, entry{name: ManifestName, text: manifestOf(big)})
	dir := t.TempDir()
	var err error
	bounded(t, "extracting 80 MiB", func() { err = openAll(path, DefaultLimits, dir) })
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "captures", "big.pcap")); err != nil || fi.Size() != n {
		t.Errorf("extracted file: %v, %v; want %d bytes", fi, err, n)
	}
	t.Run("hash mismatch removes the file", func(t *testing.T) {
		bad := big
		bad.SHA256 = strings.Repeat("0", 64)
		path := craftZip(t, entry{name: big.Name, c: 'B', n: 1000, declared: 1000, crc: true}, entry{name: ManifestName, text: manifestOf(FileEntry{Name: bad.Name, Kind: bad.Kind, Size: 1000, SHA256: bad.SHA256})})
		dir := t.TempDir()
		wantErr(t, openAll(path, DefaultLimits, dir), path, big.Name, "does not match its SHA-256")
		if _, err := os.Stat(filepath.Join(dir, "captures", "big.pcap")); !os.IsNotExist(err) {
			t.Errorf("a file failing its SHA-256 was left behind: %v", err)
		}
	})
}

// Names that clash on extraction were accepted, and the error came from
// the file system without naming the bundle or the entries.
func TestHostileNameClash(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"file and folder", []string{"transcripts/a", "transcripts/a/b"}, []string{"transcripts/a/b is inside transcripts/a"}},
		{"case only", []string{"report.txt", "Report.txt"}, []string{"report.txt and Report.txt differ only in case"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var es []entry
			var listed []FileEntry
			for _, f := range tt.files {
				es = append(es, entry{name: f, text: "x"})
				listed = append(listed, textEntry(f, KindReport, "x"))
			}
			es = append(es, entry{name: ManifestName, text: manifestOf(listed...)})
			path := craftZip(t, es...)
			wantErr(t, openAll(path, DefaultLimits, t.TempDir()), append([]string{path}, tt.want...)...)
		})
	}
}

// The manifest's size for a file must be the zip's: a bundle written by
// vcdiag always agrees, and the limits are checked on the zip's.
func TestManifestSizeMustMatchZip(t *testing.T) {
	e := textEntry("report.txt", KindReport, "hello")
	e.Size = 3
	path := craftZip(t, entry{name: e.Name, text: "hello"}, entry{name: ManifestName, text: manifestOf(e)})
	wantErr(t, openAll(path, DefaultLimits, t.TempDir()), path, "report.txt: the manifest says 3 bytes, the zip 5")
}

// A zip whose central directory holds 500,000 entries made the zip reader
// allocate for every one before the entry limit was checked.
func TestHostileZipDirectory(t *testing.T) {
	const n = 500000
	var b bytes.Buffer
	// One local file "a" (empty, stored), then n directory headers for it.
	local := make([]byte, 30)
	binary.LittleEndian.PutUint32(local, 0x04034b50)
	binary.LittleEndian.PutUint16(local[26:], 1)
	b.Write(local)
	b.WriteByte('a')
	dirOff := b.Len()
	hdr := make([]byte, 46)
	binary.LittleEndian.PutUint32(hdr, 0x02014b50)
	binary.LittleEndian.PutUint16(hdr[28:], 1) // name length
	one := append(hdr, 'a')
	b.Write(bytes.Repeat(one, n))
	end := make([]byte, 22)
	binary.LittleEndian.PutUint32(end, 0x06054b50)
	binary.LittleEndian.PutUint16(end[8:], uint16(n%65536))
	binary.LittleEndian.PutUint16(end[10:], uint16(n%65536))
	binary.LittleEndian.PutUint32(end[12:], uint32(len(one)*n))
	binary.LittleEndian.PutUint32(end[16:], uint32(dirOff))
	b.Write(end)
	path := filepath.Join(t.TempDir(), "dir.zip")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	bounded(t, "opening the bundle", func() { err = openAll(path, DefaultLimits, t.TempDir()) })
	wantErr(t, err, path, "zip directory spans")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v does not wrap ErrTooLarge", err)
	}
}
