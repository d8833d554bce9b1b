package iosxe

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/vcdiag/vcdiag/parsers"
)

// plainTable has parsers.BGPTable's fields and none of its methods, so
// json.Marshal of it is encoding/json's own encoding.
type plainTable parsers.BGPTable

// assertAppendJSON fails when BGPTable.AppendJSON, the fast encoder vcdiag
// parse uses, differs from encoding/json for tbl.
func assertAppendJSON(t testing.TB, name string, tbl *parsers.BGPTable) {
	t.Helper()
	want, err := json.Marshal((*plainTable)(tbl))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.TotalPrefixes < 0 {
		// The one difference: a count the output did not print is left
		// out, never written as -1.
		want = bytes.Replace(want, []byte(`,"total_prefixes":`+strconv.Itoa(tbl.TotalPrefixes)), nil, 1)
	}
	if got := tbl.AppendJSON(nil); string(got) != string(want) {
		t.Errorf("%s: AppendJSON differs from encoding/json:\n got %.400s\nwant %.400s", name, got, want)
	}
}

// TestBGPTableAppendJSON holds the fast encoder to encoding/json on every
// routing fixture, every corpus BGP table and the 100k-route benchmark table.
func TestBGPTableAppendJSON(t *testing.T) {
	paths, _ := filepath.Glob("testdata/routing/*.txt")
	if _, err := os.Stat(corpusRoot); err == nil {
		for _, platform := range []string{"cisco_iosxe", "cisco_ios"} {
			for _, d := range routingCorpus[2].dirs {
				ps, _ := filepath.Glob(filepath.Join(corpusRoot, platform, d, "*.txt"))
				paths = append(paths, ps...)
			}
		}
	}
	if _, err := os.Stat(benchBGPTable); err == nil && !testing.Short() {
		paths = append(paths, benchBGPTable)
	}
	n := 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		tbl, err := ParseBGPTable(string(b))
		if err != nil {
			continue // not a table (another command's fixture): its parser's tests answer for it
		}
		n++
		assertAppendJSON(t, p, tbl)
	}
	if n == 0 {
		t.Fatal("no BGP table compared")
	}
}

// FuzzBGPTableAppendJSON: for any input that parses, the fast encoder and
// encoding/json agree.
func FuzzBGPTableAppendJSON(f *testing.F) {
	seedRouting(f, routingCorpus[2].dirs...)
	f.Fuzz(func(t *testing.T, in string) {
		if tbl, err := ParseBGPTable(in); err == nil {
			assertAppendJSON(t, "fuzz", tbl)
		}
	})
}
