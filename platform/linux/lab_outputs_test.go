package linux

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLabOutputsParse: every output the real Linux lab recorded
// (testdata/lab/linux/outputs: healthy and each fault, as the vcdiag user)
// is recognised and read without error, except the ones that are not
// answers: a command the VM lacks, and the charon log file vcdiag never
// reads.
func TestLabOutputsParse(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "lab", "linux", "outputs")
	f, err := os.Open(filepath.Join(root, "commands.tsv"))
	if err != nil {
		t.Skipf("no lab outputs: %v", err)
	}
	defer f.Close()
	commands := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, cmd, ok := strings.Cut(sc.Text(), "\t"); ok {
			commands[name] = cmd
		}
	}
	cases, _ := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	n := 0
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		cmd := commands[name]
		if cmd == "" || strings.HasPrefix(cmd, "tail ") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(cmd, "journalctl") && strings.Contains(string(b), "command not found") {
			continue
		}
		n++
		_, o := read(t, cmd, string(b))
		if o.Err != nil {
			t.Errorf("%s (%s): %v", path, cmd, o.Err)
		}
	}
	if n == 0 {
		t.Skip("no lab outputs")
	}
	t.Logf("%d lab outputs read", n)
}
