package swanctl

import (
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdVersion = "swanctl --version"

// Version is the parsed output of `swanctl --version`: either swanctl's own
// "strongSwan swanctl 5.9.8" or, with --daemon, charon's
// "charon-systemd 5.9.8 (Linux, 6.1.0-18-amd64, x86_64)" (older releases:
// "strongSwan 5.9.8 charon (Linux, ...)").
type Version struct {
	Raw     string       `json:"raw"`
	Version string       `json:"version"`           // "5.9.8"
	Program string       `json:"program"`           // "swanctl", "charon", "charon-systemd"
	Sysname string       `json:"sysname,omitempty"` // daemon form only
	Release string       `json:"release,omitempty"`
	Machine string       `json:"machine,omitempty"`
	Span    parsers.Span `json:"span"`
}

// ParseVersion parses `swanctl --version [--daemon]`. Output without a
// "strongSwan ..." line is a *parsers.ParseError.
func ParseVersion(out string) (*Version, error) {
	lines := parsers.Lines(out)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		v, ok := parseVersionLine(t)
		if !ok {
			return nil, perr(cmdVersion, i+1, l, headerMsg(t, "\"strongSwan swanctl VERSION\" or \"strongSwan VERSION DAEMON (SYS, RELEASE, MACHINE)\""))
		}
		v.Span = parsers.Span{Start: i + 1, End: i + 1}
		return v, nil
	}
	return nil, &parsers.ParseError{Command: cmdVersion, Msg: "empty output"}
}

func parseVersionLine(t string) (*Version, bool) {
	rest, prefixed := strings.CutPrefix(t, "strongSwan ")
	v := &Version{Raw: t}
	head, sys, hasSys := strings.Cut(rest, " (")
	if !prefixed && !hasSys {
		return nil, false
	}
	f := strings.Fields(head)
	if len(f) != 2 {
		return nil, false
	}
	switch {
	case startsDigit(f[1]) && !startsDigit(f[0]):
		v.Program, v.Version = f[0], f[1]
	case startsDigit(f[0]) && !startsDigit(f[1]):
		v.Version, v.Program = f[0], f[1]
	default:
		return nil, false
	}
	if hasSys {
		p := strings.Split(strings.TrimSuffix(sys, ")"), ", ")
		if len(p) != 3 {
			return nil, false
		}
		v.Sysname, v.Release, v.Machine = p[0], p[1], p[2]
	}
	return v, true
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
