package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound what reading a bundle may cost. Each is checked against
// the zip's own headers before anything is decompressed or allocated, and
// again against the bytes actually produced while decompressing: the
// headers are the attacker's to write.
type Limits struct {
	MaxFiles     int   // entries in the zip, and files listed in the manifest
	MaxFileSize  int64 // uncompressed bytes of one file
	MaxTotalSize int64 // uncompressed bytes of all files read
	// MaxManifestSize bounds manifest.json, which is decoded in memory. A
	// real one lists a few dozen files in a few KB.
	MaxManifestSize int64
	// MaxDirectorySize bounds the zip's central directory, which the zip
	// reader holds in memory (several times its size) before the number
	// of entries can be checked.
	MaxDirectorySize int64
}

// DefaultLimits fit any real case (a day of transcripts, a few captures:
// real bundles are a few MB) and stop a zip bomb before a byte of it is
// decompressed.
var DefaultLimits = Limits{
	MaxFiles:         1000,
	MaxFileSize:      256 << 20,
	MaxTotalSize:     512 << 20,
	MaxManifestSize:  4 << 20,
	MaxDirectorySize: 4 << 20,
}

// SizeFlag names the flag of `vcdiag analyze` that raises MaxFileSize and
// MaxTotalSize, for the errors about them. The other limits have no flag:
// no real bundle comes near them.
const SizeFlag = "--max-bundle-size"

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if l.MaxManifestSize <= 0 {
		l.MaxManifestSize = DefaultLimits.MaxManifestSize
	}
	if l.MaxDirectorySize <= 0 {
		l.MaxDirectorySize = DefaultLimits.MaxDirectorySize
	}
	return l
}

// ErrTooLarge is wrapped by errors about a limit.
var ErrTooLarge = errors.New("bundle too large")

// Bundle is an open bundle.
type Bundle struct {
	Manifest Manifest
	name     string
	f        *os.File
	zr       *zip.Reader
	files    map[string]*zip.File
	entries  map[string]int // manifest file name -> index in Manifest.Files
	lim      Limits
	read     int64 // uncompressed bytes read so far
}

// Open opens the bundle at name, checks every entry's name, reads the
// manifest and checks that every file it lists is present, listed once,
// and of the size the zip declares, and that the sizes fit lim. Zero
// fields of lim take DefaultLimits.
func Open(name string, lim Limits) (*Bundle, error) {
	lim = lim.withDefaults()
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: not a readable zip file: %w", name, err)
	}
	b, err := open(name, f, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	b.f = f
	return b, nil
}

func open(name string, f *os.File, lim Limits) (*Bundle, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bundle %s: not a readable zip file: %w", name, err)
	}
	if err := checkDirectory(name, f, fi.Size(), lim.MaxDirectorySize); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("bundle %s: not a readable zip file: %w", name, err)
	}
	b := &Bundle{name: name, zr: zr, files: map[string]*zip.File{}, entries: map[string]int{}, lim: lim}
	if err := b.index(); err != nil {
		return nil, err
	}
	return b, nil
}

// index checks the zip's entries, then reads and checks the manifest.
func (b *Bundle) index() error {
	if len(b.zr.File) > b.lim.MaxFiles {
		return fmt.Errorf("bundle %s: %d entries, more than %d: %w", b.name, len(b.zr.File), b.lim.MaxFiles, ErrTooLarge)
	}
	folded := map[string]string{} // case-folded name -> name
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
		// Extraction writes every file into one folder: two names one
		// file system could take for the same file would overwrite each
		// other on macOS and Windows.
		if other, ok := folded[strings.ToLower(f.Name)]; ok {
			return fmt.Errorf("bundle %s: %s and %s differ only in case (the same file on most file systems)", b.name, other, f.Name)
		}
		folded[strings.ToLower(f.Name)] = f.Name
		b.files[f.Name] = f
	}
	if err := b.checkFolders(folded); err != nil {
		return err
	}
	mf := b.files[ManifestName]
	if mf == nil {
		return fmt.Errorf("bundle %s: no %s: not a vcdiag bundle", b.name, ManifestName)
	}
	if err := b.readManifest(mf); err != nil {
		return err
	}
	if b.Manifest.Schema != SchemaV1 {
		return fmt.Errorf("bundle %s: manifest schema %q, this vcdiag reads %q", b.name, b.Manifest.Schema, SchemaV1)
	}
	return b.checkManifest()
}

// readManifest decodes manifest.json as it is decompressed, within
// MaxManifestSize and MaxFiles.
func (b *Bundle) readManifest(mf *zip.File) error {
	if err := b.fits(mf, b.lim.MaxManifestSize, manifestHint); err != nil {
		return err
	}
	rc, err := mf.Open()
	if err != nil {
		return fmt.Errorf("bundle %s: %s: %w", b.name, ManifestName, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: int64(mf.UncompressedSize64) + 1}
	m, err := decodeManifest(lr, b.lim.MaxFiles)
	switch {
	case lr.N == 0:
		return fmt.Errorf("bundle %s: %s inflates to more than the %d bytes its header declares: %w", b.name, ManifestName, mf.UncompressedSize64, ErrTooLarge)
	case errors.Is(err, errTooMany):
		return fmt.Errorf("bundle %s: %s: %w (the limit is the number of files a bundle may hold): %w", b.name, ManifestName, err, ErrTooLarge)
	case errors.Is(err, zip.ErrFormat):
		return fmt.Errorf("bundle %s: %s: inflates to more than the %d bytes its header declares, or is damaged: %w", b.name, ManifestName, mf.UncompressedSize64, err)
	case err != nil:
		return fmt.Errorf("bundle %s: %s: %w", b.name, ManifestName, err)
	}
	b.Manifest = m
	b.read += int64(mf.UncompressedSize64) - (lr.N - 1)
	return nil
}

// checkFolders refuses a file whose name is also the folder of another
// ("a" and "a/b"): one of them could not be extracted.
func (b *Bundle) checkFolders(folded map[string]string) error {
	for _, f := range b.zr.File {
		if _, ok := b.files[f.Name]; !ok {
			continue
		}
		for dir := path.Dir(f.Name); dir != "."; dir = path.Dir(dir) {
			if other, ok := folded[strings.ToLower(dir)]; ok {
				return fmt.Errorf("bundle %s: %s is inside %s, which is a file (the two names clash)", b.name, f.Name, other)
			}
		}
	}
	return nil
}

// checkManifest checks the manifest's list of files against the zip: at
// most MaxFiles, each once, present, and of the size the zip declares.
// Sizes are checked against the limits when a file is read, before it is
// decompressed.
func (b *Bundle) checkManifest() error {
	files := b.Manifest.Files
	if len(files) > b.lim.MaxFiles {
		return fmt.Errorf("bundle %s: the manifest lists %d files, more than %d: %w", b.name, len(files), b.lim.MaxFiles, ErrTooLarge)
	}
	for i, e := range files {
		if err := checkName(e.Name); err != nil {
			return fmt.Errorf("bundle %s: manifest: %w (files[%d])", b.name, err, i)
		}
		if first, dup := b.entries[e.Name]; dup {
			return fmt.Errorf("bundle %s: manifest: files[%d] and files[%d] both list %s: each file is listed once", b.name, first, i, e.Name)
		}
		b.entries[e.Name] = i
		zf := b.files[e.Name]
		if zf == nil {
			return fmt.Errorf("bundle %s: %s is listed in the manifest but missing", b.name, e.Name)
		}
		if e.Size < 0 || uint64(e.Size) != zf.UncompressedSize64 {
			return fmt.Errorf("bundle %s: %s: the manifest says %d bytes, the zip %d", b.name, e.Name, e.Size, zf.UncompressedSize64)
		}
	}
	return nil
}

// Close closes the zip file.
func (b *Bundle) Close() error {
	if b.f == nil {
		return nil
	}
	return b.f.Close()
}

// ReadFile returns a file the manifest lists, checked against its SHA-256.
func (b *Bundle) ReadFile(name string) ([]byte, error) {
	e, ok := b.entry(name)
	if !ok {
		return nil, fmt.Errorf("bundle %s: no %s in the manifest", b.name, name)
	}
	data, err := b.readAll(b.files[name], b.lim.MaxFileSize, "")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, b.hashError(name)
	}
	return data, nil
}

// Extract writes a file the manifest lists into dir (keeping its folder
// inside the bundle) and returns the path written. The file is streamed
// to disk and hashed on the way, so its size costs disk, not memory; a
// file that does not match its SHA-256 is removed again.
func (b *Bundle) Extract(name, dir string) (string, error) {
	e, ok := b.entry(name)
	if !ok {
		return "", fmt.Errorf("bundle %s: no %s in the manifest", b.name, name)
	}
	// name passed checkName: relative, clean, no "..": it stays inside dir.
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", fmt.Errorf("bundle %s: extract %s: %w", b.name, name, err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("bundle %s: extract %s: %w", b.name, name, err)
	}
	h := sha256.New()
	err = b.copyEntry(io.MultiWriter(out, h), b.files[name], b.lim.MaxFileSize, "")
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("bundle %s: extract %s: %w", b.name, name, cerr)
	}
	if err == nil && hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		err = b.hashError(name)
	}
	if err != nil {
		os.Remove(dst)
		return "", err
	}
	return dst, nil
}

func (b *Bundle) hashError(name string) error {
	return fmt.Errorf("bundle %s: %s does not match its SHA-256 in the manifest (changed after the bundle was written)", b.name, name)
}

func (b *Bundle) entry(name string) (FileEntry, bool) {
	i, ok := b.entries[name]
	if !ok {
		return FileEntry{}, false
	}
	return b.Manifest.Files[i], true
}

// manifestHint replaces the flag in the error about a manifest beyond
// MaxManifestSize.
const manifestHint = "the limit for the manifest; a real one is a few KB"

// fits checks the size f's headers declare against max and against what
// is left of MaxTotalSize, before anything is decompressed. hint, when
// set, replaces the limit's name and flag in the error.
func (b *Bundle) fits(f *zip.File, max int64, hint string) error {
	if hint == "" {
		hint = "the limit for one file; raise it with " + SizeFlag
	}
	if f.UncompressedSize64 > uint64(max) {
		return fmt.Errorf("bundle %s: %s is larger than %d bytes (%s) uncompressed (its header says %d; %s): %w",
			b.name, f.Name, max, sizeText(max), f.UncompressedSize64, hint, ErrTooLarge)
	}
	if f.UncompressedSize64 > uint64(b.lim.MaxTotalSize-b.read) {
		return fmt.Errorf("bundle %s: %s: the files read so far and this one exceed %s uncompressed, the limit for a bundle (raise it with %s): %w",
			b.name, f.Name, sizeText(b.lim.MaxTotalSize), SizeFlag, ErrTooLarge)
	}
	return nil
}

// readAll decompresses one entry into memory, for ReadFile. The buffer is
// sized from the header only after the header passed fits.
func (b *Bundle) readAll(f *zip.File, max int64, hint string) ([]byte, error) {
	if err := b.fits(f, max, hint); err != nil {
		return nil, err
	}
	buf := &sizedBuffer{data: make([]byte, 0, f.UncompressedSize64)}
	if err := b.copyEntry(buf, f, max, hint); err != nil {
		return nil, err
	}
	return buf.data, nil
}

// sizedBuffer is a bytes.Buffer without its growth: the capacity is set
// once, from a checked header.
type sizedBuffer struct{ data []byte }

func (s *sizedBuffer) Write(p []byte) (int, error) {
	s.data = append(s.data, p...)
	return len(p), nil
}

// copyEntry decompresses one entry into w, counting what it actually
// produces: never more than its header declared (which fits checked),
// whatever the compressed stream holds.
func (b *Bundle) copyEntry(w io.Writer, f *zip.File, max int64, hint string) error {
	if err := b.fits(f, max, hint); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("bundle %s: %s: %w", b.name, f.Name, err)
	}
	defer rc.Close()
	declared := int64(f.UncompressedSize64)
	n, err := io.Copy(w, io.LimitReader(rc, declared+1))
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return fmt.Errorf("bundle %s: %s: inflates to more than the %d bytes its header declares, or is damaged: %w", b.name, f.Name, declared, err)
		}
		return fmt.Errorf("bundle %s: %s: %w", b.name, f.Name, err)
	}
	if n > declared {
		return fmt.Errorf("bundle %s: %s inflates to more than the %d bytes its header declares: %w", b.name, f.Name, declared, ErrTooLarge)
	}
	b.read += n
	return nil
}

// checkName accepts the names vcdiag writes: relative, slash-separated,
// clean, at most 255 bytes, without "..", backslashes, drive letters or
// control characters.
func checkName(name string) error {
	bad := name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\:") ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") ||
		strings.Contains(name, "/../") || strings.HasSuffix(name, "/..")
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			bad = true
		}
	}
	if len(name) > maxNameLen {
		return fmt.Errorf("file name %.40q... in bundle is %d bytes, more than %d", name, len(name), maxNameLen)
	}
	if bad {
		return fmt.Errorf("unsafe file name %q in bundle (absolute, '..', or backslash)", name)
	}
	return nil
}

// maxNameLen bounds an entry's name: vcdiag writes a folder and a file
// name, and most file systems take at most 255 bytes for the latter.
const maxNameLen = 255

// sizeText formats a size limit for errors: "256 MiB", "4 KiB", "1000
// bytes".
func sizeText(n int64) string {
	for _, u := range []struct {
		shift int
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
