package fortios

import (
	"errors"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/platform"
)

// separators are bytes FortiOS's CLI or an SSH line could give a meaning
// to: command separators, quotes, escapes, line ends, control bytes.
const separators = ";|&<>$`\\\"'\n\r\x00\x1b\x7f\xff#!"

// writeWords are FortiOS verbs and sub-commands that change something.
var writeWords = []string{"config", "set", "unset", "end", "next", "delete", "purge", "flush", "reset",
	"clear", "kill", "reboot", "shutdown", "restore", "up", "down", "debug", "enable", "factoryreset"}

// TestAllowedRefusesMutations: every planned command, with a separator
// put at any position or a write word put between any two words, is
// refused (or is still an allowed shape that only reads, for a "|"
// that makes a grep filter). The allowlist holds by structure, not by a
// list of bad examples.
func TestAllowedRefusesMutations(t *testing.T) {
	cases := 0
	check := func(bad string) {
		cases++
		err := allowed(bad)
		if err == nil {
			if c, ok := (Platform{}).Identify(bad); ok && filterOf(c.Text) != "" {
				return // a "| grep" filter only reads
			}
			t.Errorf("allowed(%q) = nil", bad)
			return
		}
		if !errors.Is(err, platform.ErrNotAllowed) {
			t.Errorf("allowed(%q) = %v, not ErrNotAllowed", bad, err)
		}
	}
	for _, c := range plannedAndProbes(t) {
		for i := 0; i <= len(c); i++ {
			for _, b := range []byte(separators) {
				check(c[:i] + string(b) + c[i:])
			}
		}
		ws := strings.Fields(c)
		for i := 0; i <= len(ws); i++ {
			for _, w := range writeWords {
				m := append(append(append([]string(nil), ws[:i]...), w), ws[i:]...)
				check(strings.Join(m, " "))
			}
		}
		check(c + " | grep x; execute reboot")
	}
	t.Logf("%d mutated lines", cases)
}
