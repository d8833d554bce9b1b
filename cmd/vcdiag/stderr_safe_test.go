package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An error can quote a hostile file or router (a parse error shows the
// offending text): it reaches the terminal escaped.
func TestErrorsReachTheTerminalEscaped(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	printError(f, errors.New("case.log:12: cannot read \x1b]0;owned\x07 \u202egnp.exe\nsecond line \x9b31m"))
	out, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x9b"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("stderr holds %q raw: %q", bad, out)
		}
	}
	if got := strings.Count(string(out), "vcdiag: "); got != 2 {
		t.Errorf("%d prefixed lines, want 2: %q", got, out)
	}
}
