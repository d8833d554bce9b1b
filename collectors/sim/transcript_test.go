package sim

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/transcripts from the simulator")

// transcriptDir is the top-level testdata/transcripts folder.
const transcriptDir = "../../testdata/transcripts"

// transcripts renders every scenario's session logs, keyed by file name:
// <scenario>.log for one CPE, <scenario>-<cpe>.log for two.
func transcripts(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, sc := range Scenarios {
		site := sc.Build(ScenarioStart)
		for _, c := range site.CPEs {
			var b bytes.Buffer
			if err := WriteTranscript(&b, site, c.Hostname, DefaultCommands(site, c), ScenarioStart, 10*time.Second); err != nil {
				t.Fatalf("WriteTranscript(%s, %s) = %v", sc.Name, c.Hostname, err)
			}
			name := sc.Name + ".log"
			if len(site.CPEs) > 1 {
				name = sc.Name + "-" + c.Hostname + ".log"
			}
			out[name] = b.Bytes()
		}
	}
	return out
}

func TestTranscriptsGolden(t *testing.T) {
	for name, got := range transcripts(t) {
		path := filepath.Join(transcriptDir, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test ./collectors/sim -update)", name, err)
			continue
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs from a fresh rendering (-committed +fresh):\n%s", name, diff)
		}
	}
}
