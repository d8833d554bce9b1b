package platform

import (
	"fmt"
	"strings"
)

// refusalLines is how many meaningful lines of an output Refusal looks
// at: a device refuses a command in its first lines (the caret, then the
// message); a log line quoting a refusal later in the output is not one.
const refusalLines = 3

// Refusal returns the line with which a device refused a command or could
// not answer it: the first of the output's first meaningful lines that
// starts with one of prefixes (after trimming blanks). skip, when set,
// names other lines that are not meaningful (a caret, a command echo).
func Refusal(lines, prefixes []string, skip func(trimmed string) bool) string {
	seen := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || skip != nil && skip(t) {
			continue
		}
		for _, f := range prefixes {
			if strings.HasPrefix(t, f) {
				return t
			}
		}
		if seen++; seen >= refusalLines {
			break
		}
	}
	return ""
}

// Recover runs a parser, turning its panic into an error naming the
// command, so that one bad output cannot abort the analysis of a site.
func Recover(command string, parse func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("parse %q: parser panic: %v", command, r)
		}
	}()
	return parse()
}
