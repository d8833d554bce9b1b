package profile

import (
	"fmt"
	"slices"
	"strings"
)

// Error is one problem found while loading a profile, in the manner of
// go/scanner: the file, the 1-based line, the field path
// ("tunnels[1].di_asn", list indexes from 0) and what is wrong. Line is 0
// when the profile was built in code rather than read from a file.
type Error struct {
	File string
	Line int
	Path string
	Msg  string

	col int // orders errors on one line (flow-style mappings)
}

// Error formats e as "acme.yaml:31: tunnels[1].di_asn: <msg>", dropping the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one profile, in file order. Loading
// reports all of them at once so that a profile typed from the activation
// form can be fixed in one pass rather than one error per run.
type ErrorList []*Error

// Error prints one problem per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort orders l by line and column, keeping discovery order within a line (a field is
// checked before the rules that relate it to other fields).
func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.col - b.col
	})
}

// err returns l as an error, or nil when it is empty (a nil ErrorList in an
// error interface would not compare equal to nil).
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	l.sort()
	return l
}
