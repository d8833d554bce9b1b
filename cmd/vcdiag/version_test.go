package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/reports/metrics"
)

func TestParseBuildInfo(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	vcs := settings("vcs", "git", "vcs.revision", "100f5f1abcde0123456789abcdef0123456789ab",
		"vcs.time", "2026-12-07T18:05:50Z", "vcs.modified", "false", "GOOS", "linux", "GOARCH", "arm64")
	when := time.Date(2026, 12, 7, 18, 5, 50, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		bi          *debug.BuildInfo
		wantString  string
		wantRev     string
		wantTime    time.Time
		wantDirty   bool
		wantMetrics metrics.Build
	}{
		{
			name:       "release from a clean tag",
			bi:         &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: vcs},
			wantString: "v1.2.0", wantRev: "100f5f1abcde0123456789abcdef0123456789ab", wantTime: when,
			wantMetrics: metrics.Build{Version: "v1.2.0", Revision: "100f5f1abcde0123456789abcdef0123456789ab",
				Time: "2026-12-07T18:05:50Z", Modified: "false", GoVersion: "go1.26.8"},
		},
		{
			name: "checkout with local changes",
			bi: &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207180550-100f5f1abcde+dirty"},
				Settings: settings("vcs.revision", "100f5f1abcde0123456789abcdef0123456789ab", "vcs.time", "2026-12-07T18:05:50Z", "vcs.modified", "true")},
			wantString: "v0.0.0-20261207180550-100f5f1abcde+dirty", wantRev: "100f5f1abcde0123456789abcdef0123456789ab",
			wantTime: when, wantDirty: true,
			wantMetrics: metrics.Build{Version: "v0.0.0-20261207180550-100f5f1abcde+dirty", Revision: "100f5f1abcde0123456789abcdef0123456789ab",
				Time: "2026-12-07T18:05:50Z", Modified: "true", GoVersion: "go1.26.8"},
		},
		{
			// A toolchain that stamps VCS settings but no module version
			// (before Go 1.24) still gives a traceable version.
			name: "VCS settings without a module version",
			bi: &debug.BuildInfo{GoVersion: "go1.23.4", Main: debug.Module{Version: "(devel)"},
				Settings: settings("vcs.revision", "100f5f1abcde0123456789abcdef0123456789ab", "vcs.modified", "true", "vcs.time", "not a time")},
			wantString: "dev-100f5f1abcde+dirty", wantRev: "100f5f1abcde0123456789abcdef0123456789ab", wantDirty: true,
			wantMetrics: metrics.Build{Version: "dev-100f5f1abcde+dirty", Revision: "100f5f1abcde0123456789abcdef0123456789ab",
				Modified: "true", GoVersion: "go1.23.4"},
		},
		{
			name:        "go run: nothing stamped",
			bi:          &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			wantString:  "dev",
			wantMetrics: metrics.Build{Version: "dev", Modified: "false", GoVersion: "go1.26.8"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := parseBuildInfo(tc.bi)
			if got := b.String(); got != tc.wantString {
				t.Errorf("String() = %q, want %q", got, tc.wantString)
			}
			if b.Revision != tc.wantRev || !b.Time.Equal(tc.wantTime) || b.Modified != tc.wantDirty {
				t.Errorf("parseBuildInfo = rev %q time %v modified %v, want %q %v %v", b.Revision, b.Time, b.Modified, tc.wantRev, tc.wantTime, tc.wantDirty)
			}
			if d := cmp.Diff(tc.wantMetrics, b.metricsBuild()); d != "" {
				t.Errorf("metricsBuild() (-want +got):\n%s", d)
			}
			var out bytes.Buffer
			if err := b.write(&out); err != nil {
				t.Fatal(err)
			}
			if first := strings.SplitN(out.String(), "\n", 2)[0]; first != "vcdiag "+tc.wantString {
				t.Errorf("first line of `vcdiag version` = %q, want %q", first, "vcdiag "+tc.wantString)
			}
			if tc.wantRev != "" && !strings.Contains(out.String(), "commit:   "+tc.wantRev) {
				t.Errorf("`vcdiag version` does not name the commit %s:\n%s", tc.wantRev, out.String())
			}
		})
	}
	if b := parseBuildInfo(nil); b.String() != "dev" || b.GoVersion == "" {
		t.Errorf("parseBuildInfo(nil) = %+v, want version dev and the running Go version", b)
	}
}

// TestVersionOfCheckoutBuild is the user's view of item 8 of issue 13: a
// plain `go build` in a git checkout makes a vcdiag whose `version`, report
// and bundle manifest all name the commit, and say "+dirty" once the tree
// has a local change. It copies the module's sources into a new git
// repository (so the commit is known and the test does not depend on the
// state of the developer's own checkout) and builds there.
func TestVersionOfCheckoutBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds vcdiag twice: skipped with -short")
	}
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git on PATH")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	dir := t.TempDir()
	copyModuleSources(t, "../..", dir)
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitBin, append([]string{"-c", "user.name=vcdiag test", "-c", "user.email=test@example.invalid",
			"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-12-07T18:05:50Z", "GIT_COMMITTER_DATE=2026-12-07T18:05:50Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "checkout build test")
	rev := git("rev-parse", "HEAD")

	build := func() string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "vcdiag")
		// -buildvcs=auto is the go command's default, stated because a
		// machine may set GOFLAGS=-buildvcs=false (this project's do); a
		// command-line flag overrides GOFLAGS.
		cmd := exec.Command(goBin, "build", "-buildvcs=auto", "-o", bin, "./cmd/vcdiag")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build in the checkout: %v\n%s", err, out)
		}
		return bin
	}
	run := func(bin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = t.TempDir()
		out, err := cmd.Output()
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && len(args) > 0 && args[0] == "demo") {
			t.Fatalf("vcdiag %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	bin := build()
	out := run(bin, "version")
	// Go 1.24 and later stamp a pseudo-version that names the commit.
	wantVersion := regexp.MustCompile(`^vcdiag (v0\.0\.0-20261207180550-` + rev[:12] + `)\n`)
	m := wantVersion.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("vcdiag version of a clean checkout build:\n%s\nwant a first line matching %s", out, wantVersion)
	}
	version := m[1]
	for _, want := range []string{"commit:   " + rev, "date:     2026-12-07T18:05:50Z", "modified: no"} {
		if !strings.Contains(out, want) {
			t.Errorf("vcdiag version does not say %q:\n%s", want, out)
		}
	}

	// The report and the bundle manifest carry the same version.
	work := t.TempDir()
	report, bundlePath := filepath.Join(work, "report.json"), filepath.Join(work, "case.zip")
	run(bin, "demo", "--sample-interval", "0s", "--format", "json", "-o", report, "--bundle", bundlePath)
	var rep struct {
		VcdiagVersion string `json:"vcdiag_version"`
	}
	readJSON(t, report, &rep)
	if rep.VcdiagVersion != version {
		t.Errorf("report vcdiag_version = %q, want %q", rep.VcdiagVersion, version)
	}
	if got := manifestVersion(t, bundlePath); got != version {
		t.Errorf("bundle manifest vcdiag_version = %q, want %q", got, version)
	}

	// A local change is visible.
	readme := filepath.Join(dir, "README.md")
	if err := os.WriteFile(readme, []byte("a local change\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out = run(build(), "version")
	if !strings.HasPrefix(out, "vcdiag "+version+"+dirty\n") || !strings.Contains(out, "modified: yes") {
		t.Errorf("vcdiag version of a modified checkout:\n%s\nwant %q first and \"modified: yes\"", out, "vcdiag "+version+"+dirty")
	}
}

// copyModuleSources copies what building cmd/vcdiag needs (go.mod, go.sum,
// non-test Go files and the files they embed), leaving out git metadata,
// test data and built binaries, so the copy is small and fast to commit.
func copyModuleSources(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "bin", "bench":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() || info.Mode()&0o111 != 0 ||
			strings.HasSuffix(path, "_test.go") || info.Size() > 1<<20 {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy the module: %v", err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func manifestVersion(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		VcdiagVersion string `json:"vcdiag_version"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.VcdiagVersion
}
