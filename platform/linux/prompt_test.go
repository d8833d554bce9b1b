package linux

import "testing"

// TestShellPrompt: the prompts of common shells, as they reach the
// session after scrapligo strips escape codes (Debian's bash leaves the
// remnant of its terminal-title sequence in front), give the hostname and
// level; output lines do not.
func TestShellPrompt(t *testing.T) {
	s := Platform{}.Session()
	prompts := map[string]string{
		"vcdiag@cpe1:~$ ":                  "cpe1",
		"vcdiag@cpe1:~$":                   "cpe1",
		"root@cpe-1.example:/etc# ":        "cpe-1.example",
		"[vcdiag@cpe1 ~]$ ":                "cpe1",
		";vcdiag@cpe: ~\x07vcdiag@cpe:~$ ": "cpe",
	}
	for p, host := range prompts {
		m := s.Prompt.FindStringSubmatch(p)
		if m == nil || m[1] != host {
			t.Errorf("Prompt(%q) = %q, want host %q", p, m, host)
			continue
		}
		if !s.PromptFor(host).MatchString(p) {
			t.Errorf("PromptFor(%q) does not match %q", host, p)
		}
	}
	for _, out := range []string{
		"  local  'cpe.example' @ 198.51.100.1[4500]",
		"2026-12-07T10:00:01+0000 cpe1 charon[812]: 16[IKE] received AUTHENTICATION_FAILED notify error",
		"    link/gre 198.51.100.1 peer 198.51.100.2",
		"vcdiag@cpe2:~$ ",
	} {
		if s.PromptFor("cpe1").MatchString(out) {
			t.Errorf("PromptFor(cpe1) matches output line %q", out)
		}
	}
}
