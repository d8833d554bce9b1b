package frr

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

// Version is `show version`.
type Version struct {
	Version  string       `json:"version"`  // "10.3.1", "8.4.4"
	Hostname string       `json:"hostname"` // "(router)"
	Kernel   string       `json:"kernel,omitempty"`
	Span     parsers.Span `json:"span"`
}

// ParseVersion reads the "FRRouting 8.4.4 (cpe) on Linux(6.1.0-18-amd64)."
// line of `show version`; the configure options are ignored.
func ParseVersion(out string) (*Version, error) {
	for i, l := range parsers.Lines(out) {
		t := strings.TrimSpace(l)
		rest, ok := strings.CutPrefix(t, "FRRouting ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			break
		}
		v := &Version{Version: f[0], Span: parsers.Span{Start: i + 1, End: i + 1}}
		if len(f) > 1 {
			v.Hostname = strings.Trim(f[1], "()")
		}
		if _, k, ok := strings.Cut(rest, " on "); ok {
			v.Kernel = strings.TrimSuffix(k, ".")
		}
		return v, nil
	}
	return nil, perr("show version", 1, firstLine(out), "no \"FRRouting <version>\" line")
}
