package fortios

import "testing"

func TestPrompt(t *testing.T) {
	s := Platform{}.Session()
	tests := []struct{ line, host, level string }{
		{"FGT-1 # ", "FGT-1", "#"},
		{"FGT-1 (root) # ", "FGT-1", "#"},
		{"FGT-1 (vc-dca) # ", "FGT-1", "#"},
		{"FGT60F $ ", "FGT60F", "$"},
	}
	for _, tt := range tests {
		m := s.Prompt.FindStringSubmatch(tt.line)
		if m == nil || m[1] != tt.host || m[2] != tt.level {
			t.Errorf("Prompt(%q) = %q, want %s %s", tt.line, m, tt.host, tt.level)
		}
		if !s.PromptFor(tt.host).MatchString(tt.line) {
			t.Errorf("PromptFor(%q) does not match %q", tt.host, tt.line)
		}
	}
	if s.PromptFor("FGT-1").MatchString("FGT-2 # ") || s.Prompt.MatchString("name: port1 # x") {
		t.Errorf("prompt matches too much")
	}
	if !s.Pager.MatchString("--More-- ") || s.PagerKey != " " || len(s.Setup) != 0 {
		t.Errorf("pager/setup wrong: %+v", s)
	}
	for _, c := range s.Setup {
		if err := allowed(c); err != nil {
			t.Errorf("setup %q refused", c)
		}
	}
}
