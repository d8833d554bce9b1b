package collectors

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// TranscriptLimits bound what reading one session log may cost. A session
// log is untrusted input: a customer's file, or anything named on the
// command line. A zero field means its default.
type TranscriptLimits struct {
	// MaxBytes bounds the file. Reading keeps about the file's size in
	// memory (its outputs), so a larger file is refused.
	MaxBytes int64
	// MaxLineBytes bounds one line; a longer one is cut (a line of show
	// output is a few hundred bytes).
	MaxLineBytes int64
}

// Defaults of TranscriptLimits: real session logs and show-tech files are
// up to tens of MB, with lines of a few hundred bytes.
const (
	DefaultTranscriptMaxBytes     = 256 << 20
	DefaultTranscriptMaxLineBytes = 64 << 10
)

// The flags of `vcdiag analyze` that raise the limits, named in errors and
// notes.
const (
	TranscriptBytesFlag = "--max-transcript-bytes"
	TranscriptLineFlag  = "--max-line-bytes"
)

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l TranscriptLimits) WithDefaults() TranscriptLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultTranscriptMaxBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultTranscriptMaxLineBytes
	}
	return l
}

// ErrTranscriptLimit is wrapped by the error about a session log larger
// than TranscriptLimits.MaxBytes.
var ErrTranscriptLimit = errors.New("session log too large")

func transcriptTooLarge(name string, size int64, lim TranscriptLimits) error {
	what := "larger than"
	if size >= 0 {
		what = fmt.Sprintf("%d bytes, more than", size)
	}
	return fmt.Errorf("transcript %s: %s %s, the limit for a session log (raise it with %s): %w",
		name, what, logSize(lim.MaxBytes), TranscriptBytesFlag, ErrTranscriptLimit)
}

// checkTranscriptSize refuses a file the file system says is too large,
// before reading any of it.
func checkTranscriptSize(name string, r io.Reader, lim TranscriptLimits) error {
	f, ok := r.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > lim.MaxBytes {
		return transcriptTooLarge(name, fi.Size(), lim)
	}
	return nil
}

// logSize writes a byte count the way the flags take it.
func logSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// lineReader splits a session log into lines as it is read, holding at
// most one line (cut at MaxLineBytes) at a time.
//
// Lines end in LF (the CRs of CRLF and CRCRLF are dropped); a file whose
// first 64 KiB hold no LF but a CR uses CR as its line end (old Mac
// files, some terminal captures), a lone CR elsewhere is a carriage return
// that cleanLine replays.
type lineReader struct {
	name string
	br   *bufio.Reader
	lim  TranscriptLimits
	sep  byte

	read     int64 // bytes read
	line     int   // lines returned
	cut      int   // lines cut
	firstCut int   // the first line cut
	buf      []byte
}

const lineChunk = 64 << 10

func newLineReader(name string, r io.Reader, lim TranscriptLimits) *lineReader {
	lr := &lineReader{name: name, br: bufio.NewReaderSize(r, lineChunk), lim: lim, sep: '\n'}
	head, _ := lr.br.Peek(lineChunk)
	if bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0 {
		lr.sep = '\r'
	}
	return lr
}

// next returns the next line, without its line end; false at the end of
// the file.
func (lr *lineReader) next() (string, bool, error) {
	lr.buf = lr.buf[:0]
	cut, any := false, false
	for {
		chunk, err := lr.br.ReadSlice(lr.sep)
		lr.read += int64(len(chunk))
		if lr.read > lr.lim.MaxBytes {
			return "", false, transcriptTooLarge(lr.name, -1, lr.lim)
		}
		any = any || len(chunk) > 0
		ended := err == nil
		if ended {
			chunk = chunk[:len(chunk)-1]
		}
		if room := lr.lim.MaxLineBytes - int64(len(lr.buf)); int64(len(chunk)) > room {
			chunk, cut = chunk[:max(room, 0)], true
		}
		lr.buf = append(lr.buf, chunk...)
		switch {
		case ended:
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && !any:
			return "", false, nil
		case err != io.EOF:
			return "", false, fmt.Errorf("read transcript %s: %w", lr.name, err)
		}
		break
	}
	lr.line++
	if cut {
		if lr.cut == 0 {
			lr.firstCut = lr.line
		}
		lr.cut++
	}
	l := lr.buf
	if lr.sep == '\n' {
		l = bytes.TrimRight(l, "\r")
	}
	return string(l), true, nil
}

// note says which lines were cut, or "".
func (lr *lineReader) note() string {
	switch lr.cut {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("transcript %s: line %d is longer than %s, the limit for a line; the rest of it was skipped (raise the limit with %s)",
			lr.name, lr.firstCut, logSize(lr.lim.MaxLineBytes), TranscriptLineFlag)
	}
	return fmt.Sprintf("transcript %s: %d lines are longer than %s, the limit for a line (the first is line %d); the rest of each was skipped (raise the limit with %s)",
		lr.name, lr.cut, logSize(lr.lim.MaxLineBytes), lr.firstCut, TranscriptLineFlag)
}
