package junos

import "testing"

func TestPrompt(t *testing.T) {
	s := Platform{}.Session()
	for p, want := range map[string][2]string{
		"root@vsrx> ":         {"vsrx", ">"},
		"admin@srx-1.lab# ":   {"srx-1.lab", "#"},
		"vcdiag@cpe1>":        {"cpe1", ">"},
		"{master:0}\nu@cpe> ": {"cpe", ">"},
	} {
		m := s.Prompt.FindStringSubmatch(p)
		if m == nil || m[1] != want[0] || m[2] != want[1] {
			t.Errorf("Prompt(%q) = %q, want %v", p, m, want)
			continue
		}
		if !s.PromptFor(want[0]).MatchString(p) {
			t.Errorf("PromptFor(%q) does not match %q", want[0], p)
		}
	}
	for _, out := range []string{"inet.0: 14 destinations", "root@cpe2> ", "  Peer: 10.0.0.1+179 AS 65002"} {
		if s.PromptFor("cpe1").MatchString(out) {
			t.Errorf("PromptFor(cpe1) matches %q", out)
		}
	}
	for _, c := range s.Setup {
		if err := allowed(c); err != nil {
			t.Errorf("setup %q refused: %v", c, err)
		}
	}
}
