package main

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vcdiag/vcdiag/checks"
	"github.com/vcdiag/vcdiag/profile"
	"github.com/vcdiag/vcdiag/reports"
)

// tripwireProfile writes a profile whose CPE is a loopback listener that
// fails the test if anything ever connects to it, so a test of a flag that
// must be refused up front cannot pass by refusing it after a session.
// The listener accepts and then says nothing: a run that did connect
// would wait out its connect timeout and then find the tripwire sprung.
func tripwireProfile(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var connected atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			connected.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		if n := connected.Load(); n > 0 {
			t.Errorf("%d connection(s) were opened to the CPE: the flags must be refused before connecting", n)
		}
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ex := profile.Example()
	ex = strings.Replace(ex, "host: 192.0.2.10 ", "host: 127.0.0.1  ", 1)
	ex = strings.Replace(ex, "port: 22 ", "port: "+port+" ", 1)
	if !strings.Contains(ex, "port: "+port) || !strings.Contains(ex, "host: 127.0.0.1") {
		t.Fatal("the example profile no longer has the host and port lines this test rewrites")
	}
	path := filepath.Join(t.TempDir(), "tripwire.yaml")
	if err := os.WriteFile(path, []byte(ex), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := profile.Parse([]byte(ex), path); err != nil {
		t.Fatalf("tripwire profile: %v", err)
	}
	t.Setenv("VCDIAG_PASSWORD", "never-sent")
	return path
}

// TestRunRefusesBadFlagsBeforeConnecting: every flag mistake of `run` is
// reported at once, with the fix, and no connection is ever opened.
func TestRunRefusesBadFlagsBeforeConnecting(t *testing.T) {
	p := tripwireProfile(t)
	out := filepath.Join(t.TempDir(), "report.html")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown format lists the formats", []string{"--format", "yaml"},
			[]string{"--format yaml", "unknown report format", strings.Join(reports.Formats(), ", ")}},
		{"format close to a real one", []string{"-f", "jsn"}, []string{"did you mean json?"}},
		{"unknown --skip suggests the family", []string{"--skip", "bgp.nonsense"},
			[]string{"--skip bgp.nonsense: no such check", "bgp.established", "bgp.*"}},
		{"misspelt --skip suggests the check", []string{"--skip", "routes.backup24"}, []string{"did you mean routes.backup-24?"}},
		{"duration without a unit", []string{"--sample-interval", "10"}, []string{"--sample-interval", `"10" has no unit`, "10s"}},
		{"negative duration", []string{"--timeout=-1m"}, []string{"--timeout", "negative"}},
		{"zero deadline", []string{"--connect-timeout", "0s"}, []string{"--connect-timeout 0s: must be more than 0"}},
		{"repeated profile", []string{"--profile", p}, []string{"--profile", "given twice"}},
		{"repeated format", []string{"-f", "json", "-f", "text"}, []string{"--format", "given twice", `"json", then "text"`}},
		{"-o extension contradicts --format", []string{"-o", out, "--format", "json"},
			[]string{"-o " + out + " holds html but --format is json"}},
		{"--write-pcap without --capture", []string{"--write-pcap", filepath.Join(t.TempDir(), "x.pcap")}, []string{"--write-pcap needs --capture"}},
		{"probe count", []string{"--probe-count", "0"}, []string{"--probe-count 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"run", "--profile", p, "--connect-timeout", "1m"}, tt.args...)
			if tt.name == "zero deadline" {
				args = append([]string{"run", "--profile", p}, tt.args...)
			}
			_, errOut, code := runCLI(t, "", args...)
			if code != exitUnknown {
				t.Errorf("vcdiag %s: exit %d, want %d", strings.Join(args, " "), code, exitUnknown)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("vcdiag %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, errOut)
				}
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written although the command line was refused", out)
	}
}

// TestOutputExtensionSetsFormat: -o names the format when --format is not
// given, for every extension vcdiag knows.
func TestOutputExtensionSetsFormat(t *testing.T) {
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	dir := t.TempDir()
	tests := []struct {
		file  string
		check func(string) bool
	}{
		{"x.html", func(s string) bool { return strings.Contains(strings.ToLower(s[:min(len(s), 200)]), "<!doctype html") }},
		{"x.json", func(s string) bool { return json.Valid([]byte(s)) && strings.Contains(s, `"schema"`) }},
		{"x.md", func(s string) bool { return strings.HasPrefix(s, "#") }},
		{"x.xml", func(s string) bool { return strings.Contains(s, "<testsuites") }},
		{"x.prom", func(s string) bool { return strings.Contains(s, "# TYPE vcdiag_") }},
		{"x.txt", func(s string) bool { return strings.Contains(s, "overall: PASS") }},
		{"x.out", func(s string) bool { return strings.Contains(s, "overall: PASS") }}, // no known extension: text
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			_, errOut, code := runCLI(t, "", "analyze", "-p", example, "-o", path, healthy)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(string(b)) {
				t.Errorf("-o %s wrote the wrong format:\n%.300s", tt.file, b)
			}
		})
	}
	// The live path (demo: run against the simulator) infers it the same way.
	live := filepath.Join(dir, "live.html")
	// One sample: the counter checks are unknown, so the exit code is 3;
	// the file is what is judged.
	_, errOut, _ := runCLI(t, "", "demo", "--sample-interval", "0", "--mtu-sweep=false", "-o", live)
	if b, err := os.ReadFile(live); err != nil || !strings.Contains(strings.ToLower(string(b[:min(len(b), 200)])), "<!doctype html") {
		t.Errorf("demo -o live.html did not write HTML (%v): %.200s\nstderr: %s", err, b, errOut)
	}
	// An explicit --format that agrees with the extension, or an alias of
	// it, is fine.
	path := filepath.Join(dir, "agree.md")
	if _, errOut, code := runCLI(t, "", "analyze", "-p", example, "-f", "md", "-o", path, healthy); code != exitOK {
		t.Errorf("-f md -o agree.md: exit %d: %s", code, errOut)
	}
}

// TestFormatByExtensionIsAFormat: every format an extension implies is
// one the reports package renders, so a renamed format cannot leave -o
// pointing at nothing.
func TestFormatByExtensionIsAFormat(t *testing.T) {
	for ext, f := range formatByExt {
		if !slices.Contains(reports.Formats(), f) {
			t.Errorf("formatByExt[%q] = %q, not one of %v", ext, f, reports.Formats())
		}
	}
}

// TestSkipFamilyAndSiteChecks: --skip FAMILY.* leaves out each check of the
// family, and site checks are IDs --skip knows.
func TestSkipFamilyAndSiteChecks(t *testing.T) {
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	out, errOut, code := runCLI(t, "", "analyze", "-p", example, "-f", "json", "--skip", "mtu.*,site.capacity", healthy)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep checks.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range checks.Ladder() {
		if strings.HasPrefix(c.ID, "mtu.") {
			n++
			if s := resultStatus(&rep, "tunnel1", c.ID); s != checks.Skip {
				t.Errorf("--skip mtu.*: tunnel1 %s = %s, want skip", c.ID, s)
			}
		}
	}
	if n == 0 {
		t.Fatal("no mtu.* checks in the ladder: pick another family for this test")
	}
	for _, sc := range rep.SiteChecks {
		if sc.ID == "site.capacity" && sc.Status != checks.Skip {
			t.Errorf("--skip site.capacity: %s", sc.Status)
		}
	}
}

// TestSimChoicesCheckedFirst: demo and sim refuse an unknown platform,
// scenario or fault before starting the simulated site, with the closest
// names.
func TestSimChoicesCheckedFirst(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"demo", "--platform", "cisco_iosx"}, []string{"--platform cisco_iosx: unknown", "did you mean cisco_iosxe?"}},
		{[]string{"demo", "--scenario", "routes-missing-backp"}, []string{"did you mean routes-missing-backup?", "vcdiag demo --platform cisco_iosxe --list"}},
		{[]string{"demo", "--fault", "disconect-midway"}, []string{"--fault disconect-midway", "did you mean disconnect-midway?"}},
		{[]string{"demo", "--sample-interval", "5"}, []string{`"5" has no unit`, "5s"}},
		{[]string{"demo", "-f", "yaml"}, []string{"unknown report format"}},
		{[]string{"sim", "--scenario", "helthy", "--profile-out", filepath.Join(t.TempDir(), "p.yaml")}, []string{"did you mean healthy?"}},
		{[]string{"sim", "--list", "--platform", "ios"}, []string{"--platform ios: unknown"}},
		{[]string{"watch", "--demo", "--scenario", "nope"}, []string{"--scenario nope: unknown"}},
		{[]string{"watch", "-p", "x.yaml", "--scenario", "healthy"}, []string{"--scenario needs --demo"}},
		{[]string{"watch", "--demo", "--skip", "ikev2.xyz"}, []string{"--skip ikev2.xyz", "ikev2.sa-ready", "ikev2.*"}},
		{[]string{"watch", "--demo", "--interval", "30"}, []string{`"30" has no unit`, "30s"}},
		{[]string{"watch"}, []string{"--profile is required (or --inventory, or --demo)"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tt.args...)
			if code != exitUnknown {
				t.Errorf("exit %d, want %d", code, exitUnknown)
			}
			if strings.Contains(errOut+out, "simulated site ") || strings.Contains(out, "Simulated site") {
				t.Errorf("the simulated site was started before the flags were checked:\n%s", errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

// TestVerboseEverywhereVersionLongOnly: -v means --verbose in every
// command, and the version is asked for in words.
func TestVerboseEverywhereVersionLongOnly(t *testing.T) {
	version, _, code := runCLI(t, "", "--version")
	if code != exitOK || !strings.Contains(version, vcdiagVersion()) {
		t.Errorf("--version: exit %d, %q", code, version)
	}
	if out, _, _ := runCLI(t, "", "-v"); strings.Contains(out, strings.TrimSpace(version)) {
		t.Errorf("-v printed the version; it is --verbose:\n%s", out)
	}
	for _, args := range [][]string{
		{"explain", "-v", "routes.backup-24"},
		{"profile", "init", "-v"},
		{"version", "-v"},
		{"diff", "-v", goldenReport("healthy"), goldenReport("healthy")},
		{"analyze", "-v", "-p", filepath.Join(repoRoot, "testdata", "profiles", "example.yaml"),
			filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")},
	} {
		if _, errOut, code := runCLI(t, "", args...); code != exitOK {
			t.Errorf("vcdiag %s: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
	}
}

// TestAnalyzeFlagsHaveOneMeaning: --transcript maps a file to a CPE (the
// old --cpe NAME=FILE still works, deprecated), --bundle only writes, and
// --profile's help says when it may be left out.
func TestAnalyzeFlagsHaveOneMeaning(t *testing.T) {
	example := filepath.Join(repoRoot, "testdata", "profiles", "example.yaml")
	healthy := filepath.Join(repoRoot, "testdata", "transcripts", "healthy.log")
	for _, flag := range []string{"--transcript", "--cpe"} {
		out, errOut, code := runCLI(t, "", "analyze", "-p", example, flag, "cpe1="+healthy)
		if code != exitOK || !strings.Contains(out, "overall: PASS") {
			t.Errorf("analyze %s cpe1=FILE: exit %d: %s", flag, code, errOut)
		}
		if flag == "--cpe" && !strings.Contains(errOut, "deprecated") {
			t.Errorf("analyze --cpe NAME=FILE does not say it is deprecated: %s", errOut)
		}
	}
	zip := filepath.Join(t.TempDir(), "case.zip")
	_, errOut, code := runCLI(t, "", "analyze", "--bundle", zip)
	if code != exitUnknown || !strings.Contains(errOut, "only writes") || !strings.Contains(errOut, "vcdiag analyze "+zip) {
		t.Errorf("analyze --bundle FILE alone: exit %d, want the fix 'vcdiag analyze FILE': %s", code, errOut)
	}
	if _, err := os.Stat(zip); err == nil {
		t.Errorf("analyze --bundle FILE alone wrote %s", zip)
	}
	_, errOut, code = runCLI(t, "", "analyze", zip, "--bundle", zip)
	if code != exitUnknown || !strings.Contains(errOut, "would overwrite the bundle being read") {
		t.Errorf("analyze X.zip --bundle X.zip: exit %d: %s", code, errOut)
	}
	help, _, _ := runCLI(t, "", "analyze", "--help")
	for _, line := range strings.Split(help, "\n") {
		if strings.Contains(line, "--profile") && strings.Contains(line, "(required)") {
			t.Errorf("analyze --help says --profile is required, but a bundle makes it optional:\n%s", line)
		}
	}
}

// TestPcapAndDiffFormatsCheckedFirst: pcap without a profile writes only
// text or JSON, and says so before reading a capture; diff infers its
// format from -o as reports do.
func TestPcapAndDiffFormatsCheckedFirst(t *testing.T) {
	_, errOut, code := runCLI(t, "", "pcap", "-f", "html", filepath.Join(t.TempDir(), "none.pcap"))
	if code != exitUnknown || !strings.Contains(errOut, "without --profile") || strings.Contains(errOut, "none.pcap") {
		t.Errorf("pcap -f html without a profile: exit %d, want the format refused before the file is opened: %s", code, errOut)
	}
	path := filepath.Join(t.TempDir(), "changes.json")
	_, errOut, code = runCLI(t, "", "diff", "-o", path, goldenReport("healthy"), goldenReport("healthy"))
	if code != exitOK {
		t.Fatalf("diff -o changes.json: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(path); err != nil || !json.Valid(b) {
		t.Errorf("diff -o changes.json did not write JSON (%v):\n%s", err, b)
	}
}

func TestEditDistanceAndSuggest(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"json", "json", 0}, {"jsn", "json", 1}, {"yaml", "html", 2}, {"kitten", "sitting", 3}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := suggest("zzzzzzzz", []string{"json", "text"}); got != "" {
		t.Errorf("suggest of nothing alike = %q, want none", got)
	}
	if got := suggest("txt", []string{"json", "text"}); got != "did you mean text?" {
		t.Errorf("suggest(txt) = %q", got)
	}
}
