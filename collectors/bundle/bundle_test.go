package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var started = time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)

func TestWriteOpenRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.zip")
	w, err := Create(path, Manifest{VcdiagVersion: "v1.2.3", Command: []string{"vcdiag", "demo"}, Started: started})
	if err != nil {
		t.Fatal(err)
	}
	files := []struct {
		e    FileEntry
		text string
	}{
		{FileEntry{Name: "report.txt", Kind: KindReport}, "overall: PASS\n"},
		{FileEntry{Name: "transcripts/cpe1.log", Kind: KindTranscript, CPE: "cpe1"}, "cpe1#show running-config\n neighbor 100.64.1.1 password 7 0822455D0A16\ncpe1#\n"},
	}
	for _, f := range files {
		if err := w.AddText(f.e, f.text); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Add(FileEntry{Name: "captures/a.pcap", Kind: KindCapture}, []byte{0xd4, 0xc3, 0xb2, 0xa1}); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(FileEntry{Name: "report.txt", Kind: KindReport}, nil); err == nil {
		t.Error("Add of a name already in the bundle succeeded")
	}
	w.Note("report.html: not in this build")
	if err := w.Close(started.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode = %v, %v; want 0600", fi.Mode(), err)
	}
	b, err := Open(path, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Manifest.Schema != SchemaV1 || b.Manifest.VcdiagVersion != "v1.2.3" || !b.Manifest.Finished.Equal(started.Add(time.Second)) {
		t.Errorf("manifest = %+v", b.Manifest)
	}
	if got := len(b.Manifest.Files); got != 3 {
		t.Errorf("manifest lists %d files, want 3", got)
	}
	tr, err := b.ReadFile("transcripts/cpe1.log")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(tr, []byte("0822455D0A16")) || !bytes.Contains(tr, []byte("password 7 <redacted>")) {
		t.Errorf("AddText did not redact:\n%s", tr)
	}
	if got := b.Manifest.Entries(KindTranscript); len(got) != 1 || got[0].CPE != "cpe1" {
		t.Errorf("Entries(transcript) = %+v", got)
	}
	dir := t.TempDir()
	p, err := b.Extract("captures/a.pcap", dir)
	if err != nil || p != filepath.Join(dir, "captures", "a.pcap") {
		t.Errorf("Extract = %q, %v", p, err)
	}
}

// zipOf builds a zip from name/content pairs, in order.
func zipOf(t *testing.T, entries ...[2]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fw, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const okManifest = `{"schema":"vcdiag.bundle/v1","files":[]}`

func TestOpenRefusesUnsafeBundles(t *testing.T) {
	tests := []struct {
		name    string
		entries [][2]string
		want    string
	}{
		{"path traversal", [][2]string{{"../evil.sh", "x"}, {ManifestName, okManifest}}, `unsafe file name "../evil.sh"`},
		{"nested traversal", [][2]string{{"transcripts/../../evil", "x"}, {ManifestName, okManifest}}, "unsafe file name"},
		{"absolute", [][2]string{{"/etc/passwd", "x"}, {ManifestName, okManifest}}, "unsafe file name"},
		{"backslash", [][2]string{{`..\evil`, "x"}, {ManifestName, okManifest}}, "unsafe file name"},
		{"duplicate", [][2]string{{"a", "x"}, {"a", "y"}, {ManifestName, okManifest}}, "appears twice"},
		{"no manifest", [][2]string{{"report.txt", "x"}}, "not a vcdiag bundle"},
		{"other schema", [][2]string{{ManifestName, `{"schema":"x/v9"}`}}, `manifest schema "x/v9"`},
		{"listed file missing", [][2]string{{ManifestName, `{"schema":"vcdiag.bundle/v1","files":[{"name":"report.json"}]}`}}, "report.json is listed in the manifest but missing"},
		{"manifest traversal", [][2]string{{ManifestName, `{"schema":"vcdiag.bundle/v1","files":[{"name":"../x"}]}`}}, "manifest: unsafe file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Open(zipOf(t, tt.entries...), DefaultLimits)
			if err == nil {
				b.Close()
				t.Fatalf("Open(%s) succeeded, want an error containing %q", tt.name, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none.zip"), DefaultLimits); err == nil || !strings.Contains(err.Error(), "not a readable zip") {
		t.Errorf("Open(missing file) = %v", err)
	}
}

func TestReadFileChecksHashAndLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.zip")
	w, err := Create(path, Manifest{Started: started})
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("0", 4<<20) // compresses to a few KB: a small bomb
	w.AddText(FileEntry{Name: "big.txt", Kind: KindReport}, big)
	w.AddText(FileEntry{Name: "big2.txt", Kind: KindReport}, big)
	if err := w.Close(started); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Size() > 1<<20 {
		t.Fatalf("test bundle is %d bytes, want a compressed bomb", fi.Size())
	}
	t.Run("per file", func(t *testing.T) {
		b, err := Open(path, Limits{MaxFiles: 10, MaxFileSize: 1 << 20, MaxTotalSize: 64 << 20})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if _, err := b.ReadFile("big.txt"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "big.txt is larger than 1048576 bytes") {
			t.Errorf("ReadFile(big.txt) = %v, want ErrTooLarge naming the file", err)
		}
	})
	t.Run("total", func(t *testing.T) {
		b, err := Open(path, Limits{MaxFiles: 10, MaxFileSize: 8 << 20, MaxTotalSize: 6 << 20})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if _, err := b.ReadFile("big.txt"); err != nil {
			t.Fatalf("first file within the total: %v", err)
		}
		if _, err := b.ReadFile("big2.txt"); !errors.Is(err, ErrTooLarge) {
			t.Errorf("second file past the total: %v, want ErrTooLarge", err)
		}
	})
	t.Run("file count", func(t *testing.T) {
		if _, err := Open(path, Limits{MaxFiles: 2, MaxFileSize: 8 << 20, MaxTotalSize: 64 << 20}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Open with 3 entries and MaxFiles 2 = %v, want ErrTooLarge", err)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		m := `{"schema":"vcdiag.bundle/v1","files":[{"name":"report.txt","kind":"report","size":2,"sha256":"00"}]}`
		b, err := Open(zipOf(t, [2]string{"report.txt", "hi"}, [2]string{ManifestName, m}), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if _, err := b.ReadFile("report.txt"); err == nil || !strings.Contains(err.Error(), "does not match its SHA-256") {
			t.Errorf("ReadFile(tampered) = %v", err)
		}
		if _, err := b.ReadFile("other.txt"); err == nil || !strings.Contains(err.Error(), "no other.txt in the manifest") {
			t.Errorf("ReadFile(unlisted) = %v", err)
		}
	})
}

func TestMaskArgs(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{[]string{"vcdiag", "run", "--profile", "a.yaml", "--accept-new-host-key", "--bundle", "c.zip"},
			[]string{"vcdiag", "run", "--profile", "a.yaml", "--accept-new-host-key", "--bundle", "c.zip"}},
		{[]string{"x", "--password", "hunter2", "--enable-secret=s3", "--snmp-community", "pub"},
			[]string{"x", "--password", "<redacted>", "--enable-secret=<redacted>", "--snmp-community", "<redacted>"}},
		{[]string{"x", "neighbor 1.1.1.1 password 7 0822455D0A16"},
			[]string{"x", "neighbor 1.1.1.1 password 7 <redacted>"}},
	}
	for _, tt := range tests {
		if got := MaskArgs(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("MaskArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
