package sim

import (
	"bytes"
	"context"
	"flag"
	"github.com/vcdiag/vcdiag/platform/iosxe"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/collectors"
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
			if err := WriteTranscriptProbed(&b, site, c.Hostname, DefaultCommands(site, c), ScenarioStart, 10*time.Second, sweepAll(c)); err != nil {
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

// sweepAll is what vcdiag run does where it measures the path MTU: for
// every tunnel whose line protocol is up, collectors.SweepMTU up to the
// size the configuration claims (checks.MTUTargets reads the same from the
// rendered running-config and IPsec SA).
func sweepAll(c *CPE) func(TranscriptRunner) {
	return func(r TranscriptRunner) {
		for _, t := range c.Tunnels {
			if !t.state().lineUp {
				continue
			}
			hi := t.claimedMTU()
			collectors.SweepMTU(context.Background(), r, iosxe.Platform{}, t.Form.DITunnelIP.String(), t.Interface,
				min(collectors.MTUSweepFloor, hi), hi, collectors.DefaultMTUSweepDeadline)
		}
	}
}
