package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The limits of files read through the pipeline (session logs, captures
// given to analyze or to pcap --profile) come from the flags, and what
// they leave out is in the report.
func TestInputLimitFlagsReachThePipeline(t *testing.T) {
	tmp := t.TempDir()
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	data, err := os.ReadFile(healthy)
	if err != nil {
		t.Fatal(err)
	}
	// A 100 KiB line of garbage after the first output.
	long := filepath.Join(tmp, "long.log")
	i := strings.Index(string(data), "\n") + 1
	os.WriteFile(long, []byte(string(data[:i])+strings.Repeat("z", 100<<10)+"\n"+string(data[i:])), 0o600)
	flood := filepath.Join(tmp, "flood.pcapng")
	os.WriteFile(flood, pcapngInterfaces(2000), 0o600)

	t.Run("a long line is cut and noted", func(t *testing.T) {
		out, errOut, code := runCLI(t, "", "analyze", "-p", example, "-v", long)
		if code != exitOK || !strings.Contains(out, "line 2 is longer than 64 KiB") || !strings.Contains(out, "--max-line-bytes") {
			t.Errorf("exit %d, stdout %.2000q, stderr %q; want a pass and the note", code, out, errOut)
		}
		out, _, code = runCLI(t, "", "analyze", "-p", example, "-v", "--max-line-bytes", "1MiB", long)
		if code != exitOK || strings.Contains(out, "longer than") {
			t.Errorf("--max-line-bytes 1MiB: exit %d, the note still there: %v", code, strings.Contains(out, "longer than"))
		}
	})
	t.Run("a session log over the limit is refused", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "analyze", "-p", example, "--max-transcript-bytes", "1KiB", healthy)
		wantExit3(t, errOut, code, 0, healthy, "more than 1 KiB", "--max-transcript-bytes")
	})
	t.Run("capture limits in analyze and pcap --profile", func(t *testing.T) {
		out, _, _ := runCLI(t, "", "analyze", "-p", example, "-v", "--pcap", flood, healthy)
		if !strings.Contains(out, "more than 1024 interface description blocks") {
			t.Errorf("analyze --pcap flood: the limit is not in the report:\n%.3000s", out)
		}
		out, _, _ = runCLI(t, "", "analyze", "-p", example, "-v", "--max-pcap-interfaces", "4096", "--pcap", flood, healthy)
		if strings.Contains(out, "interface description blocks") {
			t.Errorf("analyze --max-pcap-interfaces 4096: the limit was still applied")
		}
		_, errOut, _ := runCLI(t, "", "pcap", "-p", example, flood)
		if !strings.Contains(errOut, "more than 1024 interface description blocks") {
			t.Errorf("pcap -p flood: stderr %q, want the limit", errOut)
		}
		_, errOut, _ = runCLI(t, "", "pcap", "-p", example, "--max-pcap-interfaces", "4096", flood)
		if strings.Contains(errOut, "interface description blocks") {
			t.Errorf("pcap -p --max-pcap-interfaces 4096: stderr %q", errOut)
		}
	})
}
