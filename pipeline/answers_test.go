package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/collectors"
	"github.com/vcdiag/vcdiag/pipeline"
)

// TestOutputsAnswerTheQuestionAsked: an output counts only for what it
// says it is about. A session log whose ping output went to another address
// (an engineer pasted the wrong block, or the prompt line is from another
// command), or whose per-interface or per-neighbor output describes another
// interface or neighbor, proves nothing about the one asked for: those
// checks are unknown, never pass, and never "not configured".
func TestOutputsAnswerTheQuestionAsked(t *testing.T) {
	raw, err := os.ReadFile("../testdata/transcripts/healthy.log")
	if err != nil {
		t.Fatal(err)
	}
	healthy := string(raw)
	tests := []struct {
		name string
		// from and to replace the first occurrence after the prompt line
		// after.
		after, from, to string
		check           string
		want            checks.Status
	}{
		{"ping printed to another address", "cpe1#ping 100.64.1.1 source Tunnel1 repeat 5",
			"ICMP Echos to 100.64.1.1,", "ICMP Echos to 100.64.9.9,", "ping.tunnel-ip", checks.Unknown},
		{"ping printed from another source", "cpe1#ping 100.64.1.1 source Tunnel1 repeat 5",
			"source address of 100.64.1.2", "source address of 192.0.2.1", "ping.tunnel-ip", checks.Unknown},
		{"interface output of another interface", "cpe1#show interfaces Tunnel1",
			"Tunnel1 is up, line protocol is up", "Tunnel9 is up, line protocol is up", "gre.line-protocol", checks.Unknown},
		// The summary still lists 100.64.1.1 Established: the session checks
		// may pass on it, but not on the other neighbor's output.
		{"neighbor output of another neighbor", "cpe1#show ip bgp neighbors 100.64.1.1\n",
			"BGP neighbor is 100.64.1.1,", "BGP neighbor is 100.64.9.9,", "bgp.password", checks.Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every sample of the command is changed, so no other output
			// answers the question instead.
			text := healthy
			for from := 0; ; {
				i := strings.Index(text[from:], tt.after)
				if i < 0 {
					break
				}
				at := from + i + len(tt.after)
				j := strings.Index(text[at:], tt.from)
				if j < 0 {
					t.Fatalf("%q not found after %q", tt.from, tt.after)
				}
				text = text[:at+j] + tt.to + text[at+j+len(tt.from):]
				from = at
			}
			if text == healthy {
				t.Fatal("nothing changed")
			}
			path := filepath.Join(t.TempDir(), "cpe1.log")
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := pipeline.LoadProfile("../testdata/profiles/example.yaml")
			if err != nil {
				t.Fatal(err)
			}
			out, err := pipeline.Run(context.Background(), pipeline.Options{Profile: p,
				Files: []collectors.TranscriptFile{{Path: path, CPE: "cpe1"}},
				Now:   func() time.Time { return time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC) }})
			if err != nil {
				t.Fatal(err)
			}
			tampered := strings.TrimSpace(strings.TrimPrefix(tt.after, "cpe1#"))
			var got *checks.Result
			for _, tr := range out.Report.Tunnels {
				if tr.Name != "tunnel1" {
					continue
				}
				for _, st := range tr.Stages {
					for i, r := range st.Checks {
						if r.ID == tt.check {
							got = &st.Checks[i]
						}
						if r.Status == checks.Unknown || r.Status == checks.Skip {
							continue
						}
						for _, c := range r.Evidence {
							if c.Command == tampered {
								t.Errorf("%s %s cites %q, whose output is about something else", r.ID, r.Status, c.Command)
							}
						}
					}
				}
				if tr.RootCause != nil {
					t.Errorf("tunnel1 root cause %s (%s): an output about something else proves no fault", tr.RootCause.Check, tr.RootCause.Summary)
				}
			}
			if got == nil {
				t.Fatalf("%s not in the report", tt.check)
			}
			if got.Status != tt.want {
				t.Errorf("%s = %s (%s), want %s", tt.check, got.Status, got.Summary, tt.want)
			}
		})
	}
}
