package collectors

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/vcdiag/vcdiag/parsers"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// TranscriptWriter records a live session as a terminal session log in the
// format ReadTranscript reads: each command after a prompt named for the
// profile's CPE (so `vcdiag analyze` maps it without --cpe), stamped with
// the time it was sent, followed by its output, both with secrets
// redacted (the output read in the light of its command).
//
//	[2026-11-26 10:21:03] cpe1#show crypto ikev2 sa detail
//	...output...
type TranscriptWriter struct {
	name string
	mu   sync.Mutex
	w    io.WriteCloser
	line int // lines written so far
	host string
	err  error
}

// NewTranscriptWriter starts a transcript for CPE host on w, named name (a
// file name, cited in evidence). header is written as "! " comment lines.
func NewTranscriptWriter(name, host string, w io.WriteCloser, header ...string) *TranscriptWriter {
	t := &TranscriptWriter{name: name, w: w, host: host}
	for _, h := range header {
		t.writeLine("! " + registry.Redact(h))
	}
	return t
}

// Name is the transcript's name as cited in evidence.
func (t *TranscriptWriter) Name() string { return t.name }

// Write appends one command and its output and returns the line number of
// the command line, or 0 when the transcript could not be written.
func (t *TranscriptWriter) Write(b Block) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	stamp := b.At.UTC().Format("[2006-01-02 15:04:05]")
	t.writeLine(fmt.Sprintf("%s %s#%s", stamp, t.host, registry.RedactCommand(b.Command)))
	n := t.line
	for _, l := range parsers.Lines(registry.RedactOutput(b.Command, b.Output)) {
		t.writeLine(l)
	}
	if t.err != nil {
		return 0
	}
	return n
}

func (t *TranscriptWriter) writeLine(s string) {
	if t.err != nil {
		return
	}
	_, t.err = io.WriteString(t.w, s+"\n")
	t.line++
}

// Close ends the transcript with a bare prompt, as a session log does, and
// closes the file. It reports the first write error, if any.
func (t *TranscriptWriter) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.writeLine(t.host + "#")
	if err := t.w.Close(); t.err == nil {
		t.err = err
	}
	return t.err
}

// TranscriptDir returns a sink writing one file per CPE into dir:
// "<cpe>-20261126T102103Z.log", created with mode 0600 because even a
// redacted configuration is customer data.
func TranscriptDir(dir string, started time.Time, header ...string) TranscriptSink {
	return func(cpe string) (*TranscriptWriter, error) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		name := fmt.Sprintf("%s-%s.log", safeName(cpe), started.UTC().Format("20060102T150405Z"))
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return nil, err
		}
		return NewTranscriptWriter(name, cpe, f, header...), nil
	}
}

// safeName keeps a CPE name usable as a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}
