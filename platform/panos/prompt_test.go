package panos

import (
	"strings"
	"testing"
)

func TestPrompt(t *testing.T) {
	s := Platform{}.Session()
	for p, want := range map[string][2]string{
		"admin@PA-VM> ":                  {"PA-VM", ">"},
		"admin@PA-VM(active)> ":          {"PA-VM", ">"},
		"vcdiag@fw-1.example(passive)> ": {"fw-1.example", ">"},
		"admin@PA-VM# ":                  {"PA-VM", "#"},
	} {
		m := s.Prompt.FindStringSubmatch(p)
		if m == nil || m[1] != want[0] || m[2] != want[1] {
			t.Errorf("Prompt(%q) = %q, want host %q level %q", p, m, want[0], want[1])
			continue
		}
		if !s.PromptFor(want[0]).MatchString(p) {
			t.Errorf("PromptFor(%q) does not match %q", want[0], p)
		}
	}
	for _, out := range []string{"admin@PA-VM> show vpn flow", "  peer address:  169.254.10.2:179", "admin@PA-OTHER> "} {
		if s.PromptFor("PA-VM").MatchString(out) {
			t.Errorf("PromptFor(PA-VM) matches %q", out)
		}
	}
	if len(s.Setup) != 1 || s.Setup[0] != "set cli pager off" || s.Scrapli != "paloalto_panos" {
		t.Errorf("session = %+v", s)
	}
	if !s.Pager.MatchString("lines 1-24 ") {
		t.Error("pager line not matched")
	}
}

func TestRedact(t *testing.T) {
	text := "set network ike gateway GW authentication pre-shared-key key -AQ==abcDEF123=\n<key>-AQ==zzz</key>\nshow vpn flow\n"
	got := Redact(text)
	if strings.Contains(got, "abcDEF123") || strings.Contains(got, "zzz") || strings.Count(got, "\n") != 3 || Redact(got) != got {
		t.Errorf("Redact = %q", got)
	}
}
