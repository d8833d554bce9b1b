package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound what reading a bundle may cost.
type Limits struct {
	MaxFiles     int   // entries in the zip
	MaxFileSize  int64 // uncompressed bytes of one file
	MaxTotalSize int64 // uncompressed bytes of all files read
}

// DefaultLimits fit any real case (a day of transcripts, a few captures)
// and stop a zip bomb long before memory or disk run out.
var DefaultLimits = Limits{MaxFiles: 1000, MaxFileSize: 256 << 20, MaxTotalSize: 512 << 20}

// ErrTooLarge is wrapped by errors about a limit.
var ErrTooLarge = errors.New("bundle too large")

// Bundle is an open bundle.
type Bundle struct {
	Manifest Manifest
	name     string
	zr       *zip.ReadCloser
	files    map[string]*zip.File
	lim      Limits
	read     int64 // uncompressed bytes read so far
}

// Open opens the bundle at name, checks every entry's name, reads the
// manifest and checks that every file it lists is present.
func Open(name string, lim Limits) (*Bundle, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: not a readable zip file: %w", name, err)
	}
	b := &Bundle{name: name, zr: zr, files: map[string]*zip.File{}, lim: lim}
	if err := b.index(); err != nil {
		zr.Close()
		return nil, err
	}
	return b, nil
}

func (b *Bundle) index() error {
	if len(b.zr.File) > b.lim.MaxFiles {
		return fmt.Errorf("bundle %s: %d entries, more than %d: %w", b.name, len(b.zr.File), b.lim.MaxFiles, ErrTooLarge)
	}
	for _, f := range b.zr.File {
		if strings.HasSuffix(f.Name, "/") && f.Mode().IsDir() {
			continue
		}
		if err := checkName(f.Name); err != nil {
			return fmt.Errorf("bundle %s: %w", b.name, err)
		}
		if !f.Mode().IsRegular() {
			return fmt.Errorf("bundle %s: %s is not a regular file (%s)", b.name, f.Name, f.Mode().Type())
		}
		if b.files[f.Name] != nil {
			return fmt.Errorf("bundle %s: %s appears twice", b.name, f.Name)
		}
		b.files[f.Name] = f
	}
	mf := b.files[ManifestName]
	if mf == nil {
		return fmt.Errorf("bundle %s: no %s: not a vcdiag bundle", b.name, ManifestName)
	}
	data, err := b.readEntry(mf)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &b.Manifest); err != nil {
		return fmt.Errorf("bundle %s: %s: %w", b.name, ManifestName, err)
	}
	if b.Manifest.Schema != SchemaV1 {
		return fmt.Errorf("bundle %s: manifest schema %q, this vcdiag reads %q", b.name, b.Manifest.Schema, SchemaV1)
	}
	for _, e := range b.Manifest.Files {
		if err := checkName(e.Name); err != nil {
			return fmt.Errorf("bundle %s: manifest: %w", b.name, err)
		}
		if b.files[e.Name] == nil {
			return fmt.Errorf("bundle %s: %s is listed in the manifest but missing", b.name, e.Name)
		}
	}
	return nil
}

// Close closes the zip file.
func (b *Bundle) Close() error { return b.zr.Close() }

// ReadFile returns a file the manifest lists, checked against its SHA-256.
func (b *Bundle) ReadFile(name string) ([]byte, error) {
	e, ok := b.entry(name)
	if !ok {
		return nil, fmt.Errorf("bundle %s: no %s in the manifest", b.name, name)
	}
	data, err := b.readEntry(b.files[name])
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, fmt.Errorf("bundle %s: %s does not match its SHA-256 in the manifest (changed after the bundle was written)", b.name, name)
	}
	return data, nil
}

// Extract writes a file the manifest lists into dir (keeping its folder
// inside the bundle) and returns the path written.
func (b *Bundle) Extract(name, dir string) (string, error) {
	data, err := b.ReadFile(name)
	if err != nil {
		return "", err
	}
	// name passed checkName: relative, clean, no "..": it stays inside dir.
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		return "", err
	}
	return dst, nil
}

func (b *Bundle) entry(name string) (FileEntry, bool) {
	for _, e := range b.Manifest.Files {
		if e.Name == name {
			return e, true
		}
	}
	return FileEntry{}, false
}

// readEntry decompresses one entry, counting what it actually produces:
// the sizes in the zip headers are the attacker's to choose.
func (b *Bundle) readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %s: %w", b.name, f.Name, err)
	}
	defer rc.Close()
	limit := min(b.lim.MaxFileSize, b.lim.MaxTotalSize-b.read)
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %s: %w", b.name, f.Name, err)
	}
	if int64(len(data)) > limit {
		if limit < b.lim.MaxFileSize {
			return nil, fmt.Errorf("bundle %s: %s: the files read so far exceed %d bytes uncompressed: %w", b.name, f.Name, b.lim.MaxTotalSize, ErrTooLarge)
		}
		return nil, fmt.Errorf("bundle %s: %s is larger than %d bytes uncompressed: %w", b.name, f.Name, b.lim.MaxFileSize, ErrTooLarge)
	}
	b.read += int64(len(data))
	return data, nil
}

// checkName accepts the names vcdiag writes: relative, slash-separated,
// clean, without "..", backslashes, drive letters or control characters.
func checkName(name string) error {
	bad := name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\:") ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") ||
		strings.Contains(name, "/../") || strings.HasSuffix(name, "/..")
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			bad = true
		}
	}
	if bad {
		return fmt.Errorf("unsafe file name %q in bundle (absolute, '..', or backslash)", name)
	}
	return nil
}
