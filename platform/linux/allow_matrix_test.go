package linux

import (
	"errors"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/platform"
	"github.com/vcdiag/vcdiag/profile"
)

// shellSyntax is every byte a POSIX shell gives a meaning to.
const shellSyntax = ";|&<>$`\\*?[](){}~#!\n\r\t'\"\x00\x1b\x7f\xff"

// TestAllowedRefusesShellSyntaxAnywhere: a byte with a meaning to the
// shell, put at any position of any command vcdiag sends, makes it refused
// (or, for a quote or a tab, a command that is still one of the allowed
// shapes): the allowlist holds by the structure of the line, not by a list
// of bad examples.
func TestAllowedRefusesShellSyntaxAnywhere(t *testing.T) {
	p, err := profile.Parse([]byte(linuxSite), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, pc := range (Platform{}).Plan(p, "cpe1") {
		cmds = append(cmds, pc.Command)
	}
	cmds = append(cmds, Dialect{}.Show(evidence.Query{Family: evidence.FamilyPing, DF: true, Size: 1500,
		Address: p.Tunnels[0].DITunnelIP, Source: "gre1"}))
	cases := 0
	for _, c := range cmds {
		for i := 0; i <= len(c); i++ {
			for _, b := range []byte(shellSyntax) {
				bad := c[:i] + string(b) + c[i:]
				cases++
				err := allowed(bad)
				if err == nil {
					// A quote that closes or opens a quoted word, or a tab
					// between words, may leave a harmless line: it must then
					// split to plain words only.
					argv, serr := splitArgv(bad)
					if serr != nil {
						t.Errorf("allowed(%q) = nil but it does not split: %v", bad, serr)
						continue
					}
					for _, w := range argv {
						for j := 0; j < len(w); j++ {
							if !quotedSafe(w[j]) {
								t.Errorf("allowed(%q) = nil with %q in a word", bad, w[j])
							}
						}
					}
					continue
				}
				if !errors.Is(err, platform.ErrNotAllowed) {
					t.Errorf("allowed(%q) = %v, not ErrNotAllowed", bad, err)
				}
			}
		}
	}
	t.Logf("%d commands, %d mutated lines", len(cmds), cases)
}
