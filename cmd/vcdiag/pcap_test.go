package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
)

// labVerdicts are what the ladder must conclude from each capture of the
// strongSwan lab (testdata/lab): the root cause of tunnel1, and checks whose
// status the capture alone decides.
var labVerdicts = []struct {
	pcap      string
	rootCause string
	statuses  map[string]checks.Status
}{
	{"ike-established", "", map[string]checks.Status{"ikev2.sa-present": checks.Pass, "ipsec.counters-rising": checks.Pass}},
	{"ike-no-proposal", "ikev2.proposal", nil},
	{"ike-invalid-ke", "", map[string]checks.Status{"ikev2.proposal": checks.Warn}},
	{"ike-auth-failed", "ikev2.sa-ready", nil},
	{"esp-no-proposal", "ikev2.sa-ready", nil},
	{"ike-udp500-dropped", "ikev2.sa-present", nil},
	{"ikev1-vs-ikev2", "ikev2.sa-present", nil},
	{"esp-one-way", "ipsec.counters-rising", map[string]checks.Status{"ikev2.sa-present": checks.Pass}},
	{"gre-keepalive", "", map[string]checks.Status{"gre.keepalive": checks.Pass}},
}

// labDir is where the lab captures are read from: the committed ones, or
// fresh ones when CI has just re-run the lab (VCDIAG_LAB_PCAPS).
func labDir() string {
	if d := os.Getenv("VCDIAG_LAB_PCAPS"); d != "" {
		return d
	}
	return filepath.Join(repoRoot, "testdata", "pcaps", "lab")
}

// TestPcapLabVerdicts: `vcdiag pcap --profile` on real strongSwan captures
// names the rung each fault breaks, from the wire alone.
func TestPcapLabVerdicts(t *testing.T) {
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "lab.yaml")
	for _, tt := range labVerdicts {
		t.Run(tt.pcap, func(t *testing.T) {
			file := filepath.Join(labDir(), tt.pcap+".pcap")
			if _, err := os.Stat(file); err != nil {
				t.Fatalf("lab capture missing: %v", err)
			}
			out, errOut, code := runCLI(t, "", "pcap", "-p", profilePath, "-f", "json", file)
			if code == exitUnknown && out == "" {
				t.Fatalf("no report: %s", errOut)
			}
			rep := decodeReport(t, out)
			if got := rootCauses(rep)["tunnel1"]; got != tt.rootCause {
				t.Errorf("tunnel1 root cause = %q, want %q", got, tt.rootCause)
			}
			for id, want := range tt.statuses {
				if got := resultStatus(rep, "tunnel1", id); got != want {
					t.Errorf("%s = %s, want %s", id, got, want)
				}
			}
			if tt.rootCause != "" && !strings.Contains(out, "capture ") {
				t.Errorf("the verdict cites no packet")
			}
		})
	}
}

func TestPcapWithoutProfile(t *testing.T) {
	file := filepath.Join(labDir(), "ike-no-proposal.pcap")
	out, errOut, code := runCLI(t, "", "pcap", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "NO_PROPOSAL_CHOSEN") {
		t.Errorf("summary does not name NO_PROPOSAL_CHOSEN:\n%s", out)
	}
}

// TestPcapCorruptFileKeepsWhatWasRead: a capture cut in the middle of a
// record still gives the verdict of the packets before the cut, and says
// what failed.
func TestPcapCorruptFileKeepsWhatWasRead(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(labDir(), "ike-udp500-dropped.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.pcap")
	if err := os.WriteFile(cut, b[:len(b)-7], 0o644); err != nil {
		t.Fatal(err)
	}
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "lab.yaml")
	out, errOut, _ := runCLI(t, "", "pcap", "-p", profilePath, "-f", "json", cut)
	if !strings.Contains(errOut, "cut.pcap") {
		t.Errorf("stderr does not name the damaged file: %q", errOut)
	}
	rep := decodeReport(t, out)
	if got := rootCauses(rep)["tunnel1"]; got != "ikev2.sa-present" {
		t.Errorf("root cause from the intact packets = %q, want ikev2.sa-present", got)
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "cut.pcap") {
		t.Errorf("the report's notes do not say the file was damaged: %v", rep.Notes)
	}
}

// TestAnalyzeWithPcap: a capture joins show output in one ladder.
func TestAnalyzeWithPcap(t *testing.T) {
	profilePath := filepath.Join(repoRoot, "testdata", "profiles", "lab.yaml")
	out, _, _ := runCLI(t, "", "analyze", "-p", profilePath, "-f", "json", "--pcap", filepath.Join(labDir(), "ike-no-proposal.pcap"))
	if got := rootCauses(decodeReport(t, out))["tunnel1"]; got != "ikev2.proposal" {
		t.Errorf("analyze --pcap root cause = %q, want ikev2.proposal", got)
	}
}

// TestRunCapture: --capture records during the collection and --write-pcap
// keeps it, here on the loopback where the simulated site lives (it
// carries no IKE, so the capture must change no verdict).
func TestRunCapture(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("live capture needs root or CAP_NET_RAW")
	}
	profilePath, kh := startSimSite(t, "healthy")
	out := filepath.Join(t.TempDir(), "run.pcap")
	_, errOut, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", kh, "--sample-interval", "0",
		"-f", "json", "--capture", "lo", "--write-pcap", out)
	if code != exitUnknown { // one sample: the counter checks are unknown
		t.Fatalf("exit %d, want %d: %s", code, exitUnknown, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 24 {
		t.Fatalf("--write-pcap wrote %d bytes (%v), want at least a pcap header", len(b), err)
	}
	if magic := b[:4]; string(magic) != "\xd4\xc3\xb2\xa1" && string(magic) != "\xa1\xb2\xc3\xd4" {
		t.Errorf("--write-pcap file starts with %x, not a pcap header", magic)
	}
	if _, _, code := runCLI(t, "", "run", "-p", profilePath, "--known-hosts", kh, "--write-pcap", out); code != exitUnknown {
		t.Errorf("--write-pcap without --capture: exit %d, want an error", code)
	}
}
