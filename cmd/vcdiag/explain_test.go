package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/platform/registry"
)

// TestExplainRung: `vcdiag explain bgp` explains every BGP check, in ladder
// order, with its doc, what to do and how to verify; the site and every
// rung are accepted, in any case.
func TestExplainRung(t *testing.T) {
	for _, st := range explainStages() {
		t.Run(st, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "explain", strings.ToUpper(st))
			if code != exitOK {
				t.Fatalf("explain %s: exit %d\n%s", st, code, errOut)
			}
			pos, n := 0, 0
			for _, c := range checks.All(nil) {
				if string(c.Stage) != st {
					if strings.Contains(out, c.ID+"  (stage") {
						t.Errorf("explain %s explains %s, of rung %s", st, c.ID, c.Stage)
					}
					continue
				}
				n++
				i := strings.Index(out, c.ID+"  (stage "+st+")")
				if i < pos {
					t.Errorf("explain %s: %s missing or out of ladder order", st, c.ID)
					continue
				}
				pos = i
				if doc := strings.TrimSpace(c.Doc); !strings.Contains(out, doc) {
					t.Errorf("explain %s: the doc of %s is missing", st, c.ID)
				}
			}
			if n == 0 || strings.Count(out, "Verify with:") != n {
				t.Errorf("explain %s: %d \"Verify with:\" for %d checks", st, strings.Count(out, "Verify with:"), n)
			}
		})
	}
}

// TestExplainPlatform: `vcdiag explain PLATFORM` says what vcdiag runs there
// (the platform's own plan) and where the rest is documented.
func TestExplainPlatform(t *testing.T) {
	for _, name := range registry.Names() {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "explain", name)
			if code != exitOK {
				t.Fatalf("explain %s: exit %d\n%s", name, code, errOut)
			}
			_, plan, err := platformPlan(name)
			if err != nil || len(plan) == 0 {
				t.Fatalf("platformPlan(%s) = %d commands, %v", name, len(plan), err)
			}
			for _, pl := range plan {
				if !strings.Contains(out, pl.Command) {
					t.Errorf("explain %s does not list %q, which vcdiag runs there", name, pl.Command)
				}
			}
			for _, w := range []string{"parse --list --platform " + name, "demo --platform " + name} {
				if !strings.Contains(out, w) {
					t.Errorf("explain %s does not point to %q", name, w)
				}
			}
			if page := platformDocPage(name); page != "" {
				if !strings.Contains(out, page) {
					t.Errorf("explain %s does not name its page %s", name, page)
				}
				if _, err := os.Stat(filepath.Join("..", "..", page)); err != nil {
					t.Errorf("explain %s names %s, which does not exist: %v", name, page, err)
				}
			}
		})
	}
}

// TestExplainSuggests: an unknown name is refused with the closest names.
func TestExplainSuggests(t *testing.T) {
	tests := []struct{ arg, want string }{
		{"bpg", "bgp"},
		{"junos", "juniper_junos"},
		{"backup24", "routes.backup-24"},
		{"backup-24", "routes.backup-24"},
		{"bgp.establised", "bgp.established"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, "", "explain", tt.arg)
		if code != exitUnknown || !strings.Contains(errOut, "did you mean: ") || !strings.Contains(errOut, tt.want) {
			t.Errorf("explain %s: exit %d, %q; want exit %d suggesting %s", tt.arg, code, errOut, exitUnknown, tt.want)
		}
	}
}

// TestExplainNamesAreDistinct: a check ID is never a rung's or a platform's
// name, so `explain NAME` has one meaning.
func TestExplainNamesAreDistinct(t *testing.T) {
	names := append(explainStages(), registry.Names()...)
	for _, c := range checks.All(nil) {
		if slices.Contains(names, c.ID) {
			t.Errorf("check ID %s is also a rung or platform name", c.ID)
		}
	}
}
