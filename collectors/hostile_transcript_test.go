package collectors

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Session logs crafted to cost far more than their lines: each is
// refused, or read with its giant line cut, in bounded time and memory,
// with an error or note naming the file, the limit and the flag.
const (
	maxReadTime  = 5 * time.Second
	maxReadAlloc = 64 << 20
)

// repeatReader yields n copies of c without holding them.
type repeatReader struct {
	c     byte
	n     int64
	chunk []byte
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if r.chunk == nil {
		r.chunk = []byte(strings.Repeat(string(r.c), 64<<10))
	}
	k := copy(p[:min(int64(len(p)), r.n)], r.chunk)
	r.n -= int64(k)
	return k, nil
}

// readCost reads a transcript from r and returns the result, the time
// taken and the heap bytes allocated in all (TotalAlloc: an upper bound
// of the peak added).
func readCost(t *testing.T, name string, r io.Reader, lim TranscriptLimits) (*Transcript, error) {
	t.Helper()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	start := time.Now()
	tr, err := ReadTranscriptWith(name, r, lim)
	d := time.Since(start)
	runtime.ReadMemStats(&ms)
	alloc := ms.TotalAlloc - before
	t.Logf("took %v, allocated %d KiB", d, alloc>>10)
	if d > maxReadTime {
		t.Errorf("reading took %v, want under %v", d, maxReadTime)
	}
	if alloc > maxReadAlloc {
		t.Errorf("reading allocated %d MiB, want under %d MiB", alloc>>20, maxReadAlloc>>20)
	}
	return tr, err
}

// A 1 GB file with no newline was read into one string (and then split,
// cleaned and joined: several GB).
func TestHostileTranscriptNoNewline(t *testing.T) {
	_, err := readCost(t, "flood.log", &repeatReader{c: 'x', n: 1 << 30}, TranscriptLimits{})
	if !errors.Is(err, ErrTranscriptLimit) {
		t.Fatalf("ReadTranscript(1 GiB, no newline) = %v, want ErrTranscriptLimit", err)
	}
	for _, want := range []string{"transcript flood.log", "256 MiB", TranscriptBytesFlag} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// A file the file system says is too large is refused before a byte of it
// is read.
func TestHostileTranscriptFileSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(300 << 20); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	_, err = readCost(t, path, f, TranscriptLimits{})
	if !errors.Is(err, ErrTranscriptLimit) || !strings.Contains(err.Error(), "314572800 bytes, more than 256 MiB") {
		t.Errorf("ReadTranscript(300 MiB file) = %v, want the size refused", err)
	}
	if off, _ := f.Seek(0, io.SeekCurrent); off != 0 {
		t.Errorf("read %d bytes of a file refused by its size", off)
	}
}

// A giant line inside a real log is cut, the outputs around it are kept,
// and a note names the file, the line, the limit and the flag.
func TestHostileTranscriptLongLine(t *testing.T) {
	head := "cpe1#show version\nCisco IOS XE Software, Version 17.9.4a\n"
	tail := "\ncpe1#show ip bgp summary\nBGP router identifier 192.0.2.1, local AS number 64601\ncpe1#\n"
	r := io.MultiReader(strings.NewReader(head), &repeatReader{c: 'x', n: 48 << 20}, strings.NewReader(tail))
	tr, err := readCost(t, "long.log", r, TranscriptLimits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Blocks) != 2 || tr.Blocks[1].Command != "show ip bgp summary" || tr.Blocks[1].Line != 4 {
		t.Fatalf("blocks = %+v, want show version and show ip bgp summary (line 4)", tr.Blocks)
	}
	if got := len(tr.Blocks[0].Output); got > DefaultTranscriptMaxLineBytes+100 {
		t.Errorf("show version output is %d bytes, want the long line cut to %d", got, DefaultTranscriptMaxLineBytes)
	}
	want := "transcript long.log: line 3 is longer than 64 KiB, the limit for a line; the rest of it was skipped (raise the limit with --max-line-bytes)"
	if len(tr.Notes) != 1 || tr.Notes[0] != want {
		t.Errorf("notes = %q, want %q", tr.Notes, want)
	}
}

// Raised limits read what the defaults refuse.
func TestTranscriptLimitsRaised(t *testing.T) {
	text := "cpe1#show version\n" + strings.Repeat("y", 100) + "\n"
	if _, err := ReadTranscriptWith("small.log", strings.NewReader(text), TranscriptLimits{MaxBytes: 50}); !errors.Is(err, ErrTranscriptLimit) {
		t.Errorf("MaxBytes 50 on %d bytes = %v, want ErrTranscriptLimit", len(text), err)
	}
	tr, err := ReadTranscriptWith("small.log", strings.NewReader(text), TranscriptLimits{MaxBytes: 200, MaxLineBytes: 10})
	if err != nil || len(tr.Notes) != 1 || tr.Blocks[0].Output != "yyyyyyyyyy\n" {
		t.Errorf("MaxLineBytes 10 = %+v, %v; want the line cut to 10 and a note", tr, err)
	}
}

// CR-only files keep working: the line end is found in the first 64 KiB.
func TestTranscriptCROnly(t *testing.T) {
	tr, err := ReadTranscript("mac.log", strings.NewReader("cpe1#show version\rCisco IOS XE Software\rcpe1#show clock\r10:00:00\r"))
	if err != nil || len(tr.Blocks) != 2 || tr.Blocks[0].Output != "Cisco IOS XE Software\n" || tr.Blocks[1].Line != 3 {
		t.Errorf("CR-only transcript = %+v, %v", tr, err)
	}
}

// splitWhole is how lines were split when the whole file was read at once:
// on LF (dropping the CRs of CRLF), or on CR in a file with no LF at all.
func splitWhole(s string) []string {
	if s == "" {
		return nil
	}
	sep := "\n"
	if !strings.Contains(s, "\n") {
		sep = "\r"
	}
	lines := strings.Split(strings.TrimSuffix(s, sep), sep)
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

// FuzzLineReader checks that reading line by line splits a file (shorter
// than the 64 KiB in which the line end is chosen) exactly as reading it
// whole did.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "\n", "a", "a\n", "a\n\n", "a\r\nb\r\r\n", "a\rb\r", "a\rb\nc", "\r", "\r\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) >= lineChunk {
			return
		}
		lr := newLineReader("fuzz", strings.NewReader(s), TranscriptLimits{}.WithDefaults())
		var got []string
		for {
			l, ok, err := lr.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			got = append(got, l)
		}
		want := splitWhole(s)
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Errorf("lines of %q = %q, want %q", s, got, want)
		}
	})
}
