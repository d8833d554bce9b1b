package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/vcdiag/vcdiag/reports/metrics"
)

// buildInfo is what the Go toolchain stamped into this binary: the one
// source of the version that `vcdiag version`, every report, every bundle
// manifest and the vcdiag_build_info metric show. There is deliberately no
// -ldflags -X override: a release (goreleaser builds from the tagged, clean
// checkout) and a plain `go build` in a git checkout are both stamped by
// the go command itself, so a second source could only disagree with it.
type buildInfo struct {
	// Version is the main module's version: the tag ("v1.2.0") for a build
	// of a tagged, clean checkout or for `go install ...@v1.2.0`; a
	// pseudo-version naming the commit ("v0.0.0-20261207180550-100f5f1abcde",
	// with "+dirty" after it when the tree had uncommitted changes) for any
	// other checkout; "" when Go stamped none ("(devel)": `go run`,
	// `go test`, a build with -buildvcs=false or outside git).
	Version string
	// Revision, Time and Modified are vcs.revision, vcs.time (the commit's
	// time, not the build's) and vcs.modified; zero without VCS stamping.
	Revision string
	Time     time.Time
	Modified bool
	// GoVersion, OS and Arch say which toolchain built it for what.
	GoVersion, OS, Arch string
}

// readBuildInfo reads this binary's build info.
func readBuildInfo() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return parseBuildInfo(bi)
}

// parseBuildInfo extracts the version and VCS settings from bi (nil: none).
// It is separate from readBuildInfo so that tests can feed it the shapes
// a release, a checkout and a `go run` produce.
func parseBuildInfo(bi *debug.BuildInfo) buildInfo {
	b := buildInfo{GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi == nil {
		return b
	}
	if bi.GoVersion != "" {
		b.GoVersion = bi.GoVersion
	}
	if v := bi.Main.Version; v != "(devel)" {
		b.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			// RFC 3339 is what the go command writes; anything else is
			// left out rather than shown wrong.
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				b.Time = t.UTC()
			}
		case "vcs.modified":
			b.Modified, _ = strconv.ParseBool(s.Value)
		case "GOOS":
			b.OS = s.Value
		case "GOARCH":
			b.Arch = s.Value
		}
	}
	return b
}

// String is the one-word version that reports, bundle manifests and the
// metric's version label carry: the module version when Go stamped one
// (it already names the commit and "+dirty" unless it is a clean tag),
// else "dev-" and the short revision ("dev-100f5f1abcde+dirty") when only
// VCS settings are known, else "dev" (a build nothing can be traced to;
// `go build` in a git checkout avoids it, docs/release.md).
func (b buildInfo) String() string {
	switch {
	case b.Version != "":
		return b.Version
	case b.Revision != "":
		s := "dev-" + shortRev(b.Revision)
		if b.Modified {
			s += "+dirty"
		}
		return s
	}
	return "dev"
}

// shortRev is the 12-character prefix Go's pseudo-versions use.
func shortRev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// write prints the version and what it was built from, one fact a line,
// so that a support engineer can ask for `vcdiag version` and see which
// commit a report came from, and whether it had local changes.
func (b buildInfo) write(w io.Writer) error {
	lines := []string{"vcdiag " + b.String()}
	if b.Revision != "" {
		lines = append(lines, "  commit:   "+b.Revision)
	} else {
		lines = append(lines, "  commit:   unknown (no VCS stamp: go run, -buildvcs=false or no git checkout; docs/release.md)")
	}
	if !b.Time.IsZero() {
		lines = append(lines, "  date:     "+b.Time.Format(time.RFC3339))
	}
	if b.Revision != "" {
		if b.Modified {
			lines = append(lines, "  modified: yes (built with uncommitted changes)")
		} else {
			lines = append(lines, "  modified: no")
		}
	}
	lines = append(lines, fmt.Sprintf("  go:       %s %s/%s", b.GoVersion, b.OS, b.Arch))
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// metricsBuild is the build as the vcdiag_build_info metric labels it.
func (b buildInfo) metricsBuild() metrics.Build {
	m := metrics.Build{Version: b.String(), Revision: b.Revision, GoVersion: b.GoVersion, Modified: strconv.FormatBool(b.Modified)}
	if !b.Time.IsZero() {
		m.Time = b.Time.Format(time.RFC3339)
	}
	return m
}

// vcdiagVersion is the version string reports and bundles carry.
func vcdiagVersion() string { return readBuildInfo().String() }

func newVersionCommand(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the vcdiag version and the commit it was built from",
		Long: `Print the vcdiag version, the git commit it was built from, that commit's
date, whether the tree had uncommitted changes, and the Go toolchain.

Every report, bundle manifest and the vcdiag_build_info metric carry the same
version. It is stamped by the go command: a release, "go install
github.com/vcdiag/vcdiag/cmd/vcdiag@VERSION" and "go build" in a git checkout
all have it; "go run" and a build with -buildvcs=false say "dev".`,
		Example: `  vcdiag version
  vcdiag --version          # the version alone`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return readBuildInfo().write(s.out)
		},
	}
}
