package bundle

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkOpened holds for every bundle, well formed or not: reading it never
// panics, every error names the bundle, and a bundle that opens lists each
// file once, under a safe name.
func checkOpened(t *testing.T, path, dir string) {
	t.Helper()
	b, err := Open(path, Limits{MaxFiles: 50, MaxFileSize: 1 << 20, MaxTotalSize: 4 << 20, MaxManifestSize: 64 << 10, MaxDirectorySize: 64 << 10})
	if err != nil {
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("Open error %q does not name the bundle", err)
		}
		return
	}
	defer b.Close()
	seen := map[string]bool{}
	defer os.RemoveAll(dir)
	for _, e := range b.Manifest.Files {
		if seen[e.Name] || checkName(e.Name) != nil {
			t.Fatalf("Open accepted a manifest listing %q twice or under an unsafe name", e.Name)
		}
		seen[e.Name] = true
		if _, err := b.Extract(e.Name, dir); err != nil && !strings.Contains(err.Error(), path) {
			t.Fatalf("Extract(%s) error %q does not name the bundle", e.Name, err)
		}
	}
}

// fuzzFiles returns where each input of a fuzz target is written and
// extracted: one folder per worker process, reused (a TempDir per input
// would make fuzzing crawl).
func fuzzFiles(f *testing.F) func(t *testing.T, data []byte) (path, dir string) {
	base := f.TempDir()
	return func(t *testing.T, data []byte) (string, string) {
		path := filepath.Join(base, "fuzz.zip")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path, filepath.Join(base, "out")
	}
}

func zipBytes(t testing.TB, entries ...[2]string) []byte {
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
	return buf.Bytes()
}

// FuzzOpen feeds arbitrary files to the bundle reader.
func FuzzOpen(f *testing.F) {
	r := textEntry("report.txt", KindReport, "overall: PASS\n")
	f.Add(zipBytes(f, [2]string{"report.txt", "overall: PASS\n"}, [2]string{ManifestName, manifestOf(r)}))
	f.Add(zipBytes(f, [2]string{"report.txt", "x"}, [2]string{ManifestName, manifestOf(r, r)}))
	f.Add(zipBytes(f, [2]string{"a", "x"}, [2]string{"a/b", "y"}, [2]string{ManifestName, okManifest}))
	f.Add(zipBytes(f, [2]string{"../x", "x"}, [2]string{ManifestName, okManifest}))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00"))
	files := fuzzFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		path, dir := files(t, data)
		checkOpened(t, path, dir)
	})
}

// FuzzManifest feeds arbitrary manifests, in a well-formed zip holding
// report.txt, to the bundle reader.
func FuzzManifest(f *testing.F) {
	r := textEntry("report.txt", KindReport, "x")
	f.Add(manifestOf(r))
	f.Add(manifestOf(r, r))
	f.Add(manifestOf(textEntry("../report.txt", KindReport, "x")))
	f.Add(`{"schema":"vcdiag.bundle/v1","files":null,"notes":["a"],"command":["vcdiag"],"extra":{"x":[1,2]}}`)
	f.Add(`{"schema":"vcdiag.bundle/v1","files":[{"name":"report.txt","size":-1}]}`)
	f.Add(`{"schema":"vcdiag.bundle/v1"} {}`)
	files := fuzzFiles(f)
	f.Fuzz(func(t *testing.T, manifest string) {
		path, dir := files(t, zipBytes(t, [2]string{"report.txt", "x"}, [2]string{ManifestName, manifest}))
		checkOpened(t, path, dir)
	})
}
