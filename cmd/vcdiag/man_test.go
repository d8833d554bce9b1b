package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManPages: `vcdiag man DIR` (what `make man` runs) writes vcdiag.1 and
// a page per subcommand, each naming its flags as --help does; man(1)
// renders them without a warning where groff is installed.
func TestManPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	if _, errOut, code := runCLI(t, "", "man", dir); code != exitOK {
		t.Fatalf("vcdiag man %s: exit %d\n%s", dir, code, errOut)
	}
	pages := map[string][]string{
		"vcdiag.1":              {".TH \"VCDIAG\" \"1\"", `\fBvcdiag\-run\fP(1)`, `\fBvcdiag\-explain\fP(1)`, "Exit codes"},
		"vcdiag-run.1":          {`\fB\-p\fP, \fB\-\-profile\fP`, `\fB\-\-accept\-new\-host\-key\fP`, `\fB\-\-skip\fP`, ".SH EXAMPLES", `\fBvcdiag\fP(1)`},
		"vcdiag-parse.1":        {`\fB\-\-list\fP`, `\fB\-\-command\fP=\fIstring\fP`},
		"vcdiag-profile-init.1": {".SH NAME", `vcdiag\-profile\-init \-`},
	}
	for name, want := range pages {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("no page %s: %v", name, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s does not contain %q", name, w)
			}
		}
	}
	for _, hidden := range []string{"vcdiag-man.1", "vcdiag-__complete.1", "vcdiag-help.1"} {
		if _, err := os.Stat(filepath.Join(dir, hidden)); err == nil {
			t.Errorf("%s written: hidden commands and help get no page", hidden)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Log("groff not installed: pages not rendered")
		return
	}
	all, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	for _, page := range all {
		out, err := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z", page).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("groff -man %s: %v\n%s", filepath.Base(page), err, out)
		}
	}
}

// TestManEscapesRoff: a help line that starts with "." or holds a
// backslash is text, not a roff request.
func TestManEscapesRoff(t *testing.T) {
	for in, want := range map[string]string{
		".5 seconds":  `\&.5 seconds`,
		`C:\temp`:     `C:\etemp`,
		"--profile":   `\-\-profile`,
		"'quoted' ok": `\&'quoted' ok`,
	} {
		if got := roffLine(in); got != want {
			t.Errorf("roffLine(%q) = %q, want %q", in, got, want)
		}
	}
}
