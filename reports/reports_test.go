package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/checks"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		wantErr string // substring; empty means success
	}{
		{name: "text", format: "text"},
		{name: "json", format: "json"},
		{name: "html", format: "html"},
		{name: "markdown", format: "markdown"},
		{name: "md alias", format: "md"},
		{name: "junit", format: "junit"},
		{name: "unknown lists valid", format: "xml", wantErr: `unknown report format "xml" (valid: html, json, junit, markdown, md, prometheus, text)`},
		{name: "case matters", format: "JSON", wantErr: "valid: html, json, junit, markdown, md, prometheus, text"},
		{name: "empty", format: "", wantErr: `unknown report format ""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn, err := Lookup(tc.format)
			if tc.wantErr == "" {
				if err != nil || fn == nil {
					t.Fatalf("Lookup(%q) = %v, %v, want a renderer", tc.format, fn != nil, err)
				}
				var buf bytes.Buffer
				if err := fn(&buf, healthyReport(), Options{}); err != nil || buf.Len() == 0 {
					t.Errorf("Lookup(%q) renderer wrote %d bytes, err %v", tc.format, buf.Len(), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Lookup(%q) error = %v, want it to contain %q", tc.format, err, tc.wantErr)
			}
			if fn != nil {
				t.Errorf("Lookup(%q) returned a renderer with an error", tc.format)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	if diff := cmp.Diff([]string{"html", "json", "junit", "markdown", "md", "prometheus", "text"}, Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
}

func TestNilReport(t *testing.T) {
	for _, f := range Formats() {
		fn, _ := Lookup(f)
		var buf bytes.Buffer
		if err := fn(&buf, nil, Options{}); err == nil {
			t.Errorf("%s renderer with nil report: err = nil, want an error", f)
		}
	}
}

// failWriter fails every write, as a closed pipe would.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrorReturned(t *testing.T) {
	for _, f := range Formats() {
		fn, _ := Lookup(f)
		if err := fn(failWriter{}, brokenReport(), Options{}); err == nil {
			t.Errorf("%s renderer on a failing writer: err = nil, want the write error", f)
		}
	}
}

func TestColorEnabled(t *testing.T) {
	regular, err := os.Create(filepath.Join(t.TempDir(), "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer regular.Close()
	tests := []struct {
		name    string
		noColor string
		term    string
		w       any
	}{
		{name: "buffer is not a terminal", term: "xterm", w: &bytes.Buffer{}},
		{name: "regular file is not a terminal", term: "xterm", w: regular},
		{name: "NO_COLOR set", noColor: "1", term: "xterm", w: regular},
		{name: "TERM dumb", term: "dumb", w: regular},
		{name: "nil file", term: "xterm", w: (*os.File)(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tc.noColor)
			t.Setenv("TERM", tc.term)
			if got := ColorEnabled(tc.w.(interface{ Write([]byte) (int, error) })); got {
				t.Errorf("ColorEnabled(%T) = true, want false", tc.w)
			}
		})
	}
}

// TestExitMeaning keeps the text summary in step with Report.ExitCode.
func TestExitMeaning(t *testing.T) {
	tests := []struct {
		status checks.Status
		want   string
	}{
		{checks.Pass, "exit 0 (all checks pass)"},
		{checks.Warn, "exit 1 (worst result is a warning)"},
		{checks.Fail, "exit 2 (at least one check failed)"},
		{checks.Unknown, "exit 3 (some checks could not be run)"},
	}
	for _, tc := range tests {
		t.Run(tc.status.String(), func(t *testing.T) {
			r := healthyReport()
			r.Status = tc.status
			out := string(render(t, Text, func() *checks.Report { return r }, Options{}))
			if !strings.Contains(out, tc.want) {
				t.Errorf("Text(status %v) summary lacks %q:\n%s", tc.status, tc.want, out)
			}
		})
	}
}
