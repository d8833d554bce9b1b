package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/vcdiag/vcdiag/checks"
)

// Options tune how a report is presented. They never change what it says.
type Options struct {
	// Color turns on ANSI colours. Callers usually set it from ColorEnabled.
	Color bool
	// Verbose shows expected, observed and evidence for passing checks too,
	// and lists skipped checks one by one instead of one line per rung.
	Verbose bool
}

// Renderer writes r to w in one format.
type Renderer func(w io.Writer, r *checks.Report, o Options) error

// renderers is the one list of formats. It is a literal rather than init()
// registrations so the set of formats can be read in one place.
var renderers = map[string]Renderer{
	"html":       HTML,
	"json":       JSON,
	"junit":      JUnit,
	"markdown":   Markdown,
	"md":         Markdown,
	"prometheus": Prometheus,
	"text":       Text,
}

// Lookup returns the renderer for a format name such as "text" or "json".
func Lookup(format string) (Renderer, error) {
	if r, ok := renderers[format]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown report format %q (valid: %s)", format, strings.Join(Formats(), ", "))
}

// Formats lists the format names Lookup accepts, sorted.
func Formats() []string {
	names := make([]string, 0, len(renderers))
	for n := range renderers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ColorEnabled reports whether colour should be used when writing to w:
// only when w is a terminal, NO_COLOR is unset or empty (no-color.org) and
// TERM is not "dumb". Anything that is not a file (a buffer, a pipe wrapper)
// gets no colour, so redirected reports stay free of escape codes.
func ColorEnabled(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return IsTerminal(w)
}

// IsTerminal reports whether w is a terminal a person is reading.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// errNilReport is returned by every renderer given a nil report, rather
// than writing an empty document that looks like a healthy site.
var errNilReport = errors.New("reports: nil report")

// exitMeaning explains an exit code in the words of the monitoring-plugin
// convention the CLI follows.
func exitMeaning(code int) string {
	switch code {
	case 0:
		return "all checks pass"
	case 1:
		return "worst result is a warning"
	case 2:
		return "at least one check failed"
	default:
		return "some checks could not be run"
	}
}
