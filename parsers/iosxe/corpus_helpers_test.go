package iosxe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusRoot is ../shared/corpus seen from this package's folder.
const corpusRoot = "../../../shared/corpus"

// corpusFile is one real device output from ../shared/corpus.
type corpusFile struct {
	Path     string // raw output
	Expected string // expected parse (*.expected.json / .yml), "" when none
	Args     string // *.args.json, "" when none
}

// corpusFiles lists the raw outputs under the given command folders
// (e.g. "show_crypto_ikev2_sa") for both cisco_iosxe and cisco_ios. It skips
// the test when ../shared/corpus is absent, as the corpus is not part of the
// repository.
func corpusFiles(t *testing.T, dirs ...string) []corpusFile {
	t.Helper()
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not present at %s", corpusRoot)
	}
	var files []corpusFile
	for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
		for _, d := range dirs {
			entries, err := os.ReadDir(filepath.Join(corpusRoot, platform, d))
			if err != nil {
				continue
			}
			for _, e := range entries {
				name := e.Name()
				if !strings.HasSuffix(name, ".txt") || strings.Contains(name, ".expected.") {
					continue
				}
				p := filepath.Join(corpusRoot, platform, d, name)
				f := corpusFile{Path: p}
				base := strings.TrimSuffix(p, ".txt")
				for _, ext := range []string{".expected.json", ".expected.yml"} {
					if _, err := os.Stat(base + ext); err == nil {
						f.Expected = base + ext
					}
				}
				if _, err := os.Stat(base + ".args.json"); err == nil {
					f.Args = base + ".args.json"
				}
				files = append(files, f)
			}
		}
	}
	return files
}

// readCorpus returns a corpus file's content.
func readCorpus(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
