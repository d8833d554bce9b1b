package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/vcdiag/vcdiag/platform/registry"
)

// Writer writes a bundle. It writes to a temporary file beside the target
// and renames it on Close, so a failed run never leaves half a bundle
// under the name a script expects.
type Writer struct {
	path  string
	f     *os.File
	zw    *zip.Writer
	m     Manifest
	names map[string]bool
}

// Create starts a bundle at path. m's Schema and Files are filled in by
// the Writer; Finished by Close.
func Create(path string, m Manifest) (*Writer, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	// Even redacted, configurations are customer data.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	m.Schema = SchemaV1
	m.Files = nil
	return &Writer{path: path, f: f, zw: zip.NewWriter(f), m: m, names: map[string]bool{}}, nil
}

// AddText adds a text file, redacted with registry.Redact first: a session
// log's prompts say which lines were typed and which output follows, so a
// transcript is redacted command by command even when its caller did not.
func (w *Writer) AddText(e FileEntry, text string) error {
	return w.Add(e, []byte(registry.Redact(text)))
}

// Add adds a file as is (a packet capture, or a rendered report whose
// every device line was redacted before rendering: redacting a JSON or
// HTML document line by line could break its syntax).
func (w *Writer) Add(e FileEntry, data []byte) error {
	return w.add(e, bytes.NewReader(data))
}

// add writes one entry from r, hashing it on the way, so that a large
// capture is streamed into the zip rather than held in memory.
func (w *Writer) add(e FileEntry, r io.Reader) error {
	if err := checkName(e.Name); err != nil {
		return err
	}
	if e.Name == ManifestName || w.names[e.Name] {
		return fmt.Errorf("bundle %s: %s added twice", w.path, e.Name)
	}
	w.names[e.Name] = true
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: w.m.Started})
	if err != nil {
		return fmt.Errorf("bundle %s: %s: %w", w.path, e.Name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(fw, h), r)
	if err != nil {
		return fmt.Errorf("bundle %s: %s: %w", w.path, e.Name, err)
	}
	e.Size, e.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	w.m.Files = append(w.m.Files, e)
	return nil
}

// AddFile adds the file at src under the entry's name, as is, streaming it.
func (w *Writer) AddFile(e FileEntry, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("bundle %s: %w", w.path, err)
	}
	defer f.Close()
	return w.add(e, f)
}

// Note records why something is not in the bundle.
func (w *Writer) Note(s string) { w.m.Notes = append(w.m.Notes, s) }

// Close writes manifest.json, finishes the zip and moves it into place.
func (w *Writer) Close(finished time.Time) error {
	w.m.Finished = finished
	if w.m.Files == nil {
		w.m.Files = []FileEntry{}
	}
	data, err := json.MarshalIndent(w.m, "", "  ")
	if err != nil {
		w.Abort()
		return err
	}
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: finished})
	if err == nil {
		_, err = fw.Write(append(data, '\n'))
	}
	if err == nil {
		err = w.zw.Close()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.path)
	}
	if err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("bundle %s: %w", w.path, err)
	}
	return nil
}

// Abort drops the bundle being written.
func (w *Writer) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}
