package profile

import "strings"

// positions remembers, for each field path read from the file, where it
// was, whether it was given a value, and whether decoding it already failed.
// Validation uses it to put a line on every error and to stay quiet about a
// field whose value was already reported as unreadable. A nil *positions
// (a profile built in code) answers "line 0, not set, not bad".
type positions struct {
	file string
	at   map[string]mark // path -> where its key (or list item) is
	set  map[string]bool // path given with a non-null value
	bad  map[string]bool // path already reported while decoding
}

func newPositions(file string) *positions {
	return &positions{file: file, at: map[string]mark{}, set: map[string]bool{}, bad: map[string]bool{}}
}

// mark is a place in the file: 1-based line and column.
type mark struct{ line, col int }

// where returns the place of path, or of its nearest ancestor present in
// the file: a missing field is reported on the line of the mapping that
// should have held it.
func (p *positions) where(path string) mark {
	if p == nil {
		return mark{}
	}
	for {
		if m, ok := p.at[path]; ok {
			return m
		}
		if path == "" {
			return mark{}
		}
		path = parent(path)
	}
}

// isSet reports whether path was given a non-null value in the file.
func (p *positions) isSet(path string) bool {
	return p != nil && p.set[path]
}

// isBad reports whether path or one of its ancestors was already reported
// as unreadable, so that validation does not pile up consequences.
func (p *positions) isBad(path string) bool {
	if p == nil {
		return false
	}
	for {
		if p.bad[path] {
			return true
		}
		if path == "" {
			return false
		}
		path = parent(path)
	}
}

// parent returns the enclosing field path:
// "tunnels[1].di_asn" -> "tunnels[1]" -> "tunnels" -> "".
func parent(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// join builds a field path: join("", "name") is "name",
// join("tunnels[0]", "dc") is "tunnels[0].dc".
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}
