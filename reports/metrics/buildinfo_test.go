package metrics

import (
	"bytes"
	"strings"
	"testing"
)

// TestBuildInfo: `vcdiag watch` says which build it is, with every label
// the Go build info gives; an exporter given no build has no such series.
func TestBuildInfo(t *testing.T) {
	e := NewExporter(Options{Site: "acme-east", Build: Build{Version: "v0.0.0-20261207180550-100f5f1abcde+dirty",
		Revision: "100f5f1abcde0123456789abcdef0123456789ab", Time: "2026-12-07T18:05:50Z", Modified: "true", GoVersion: "go1.26.8"}})
	var out bytes.Buffer
	if err := e.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	want := `vcdiag_build_info{goversion="go1.26.8",modified="true",revision="100f5f1abcde0123456789abcdef0123456789ab",vcs_time="2026-12-07T18:05:50Z",version="v0.0.0-20261207180550-100f5f1abcde+dirty"} 1` + "\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("exporter text lacks %q:\n%s", want, out.String())
	}

	out.Reset()
	if err := NewExporter(Options{Site: "acme-east"}).WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "vcdiag_build_info") {
		t.Errorf("an exporter without a build writes vcdiag_build_info:\n%s", out.String())
	}
}
