package bundle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/collectors/sim"
)

// TestRewriteTranscriptReadsBack: every scenario transcript, rewritten,
// reads back to the same blocks (only the line numbers differ), and holds
// none of the simulator's planted secrets.
func TestRewriteTranscriptReadsBack(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "transcripts", "*.log"))
	extra, _ := filepath.Glob(filepath.Join("..", "testdata", "*", "*.log"))
	paths = append(paths, extra...)
	if len(paths) == 0 {
		t.Skip("no transcripts under testdata")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			orig, err := collectors.ReadTranscript(p, f)
			if err != nil {
				t.Fatal(err)
			}
			text := RewriteTranscript(orig)
			back, err := collectors.ReadTranscript(p, strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			// Outputs compare redacted: the reader redacts before parsing
			// anyway, so redacting earlier changes no verdict.
			want := redactBlocks(orig.Blocks)
			if diff := cmp.Diff(want, back.Blocks, cmpopts.IgnoreFields(collectors.Block{}, "Line")); diff != "" {
				t.Errorf("ReadTranscript(RewriteTranscript(%s)) differs (-want +got):\n%s", p, diff)
			}
			for _, s := range sim.PlantedSecrets {
				if strings.Contains(text, s) {
					t.Errorf("RewriteTranscript(%s) keeps secret %q", p, s)
				}
			}
		})
	}
}

func redactBlocks(in []collectors.Block) []collectors.Block {
	out := make([]collectors.Block, len(in))
	for i, b := range in {
		b.Output = strings.Join(redactLines(b.Output), "\n")
		if b.Output != "" {
			b.Output += "\n"
		}
		out[i] = b
	}
	return out
}
