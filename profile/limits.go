package profile

import (
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A profile is the activation form of one region: a few KB. The limits
// below are far above any real one and far below what would make loading
// it cost: they have no flag, since no site needs more (a region has two
// tunnels; 256 of anything is a typo or an attack).
const (
	// MaxBytes bounds the profile file. The YAML parser holds about 50
	// times a file's size while parsing it.
	MaxBytes = 256 << 10
	// MaxValueBytes bounds one value (a name, a region, a host, an
	// address): a host name is at most 253 bytes.
	MaxValueBytes = 256
	// MaxItems bounds one list (cpes, tunnels, probes, algorithms).
	MaxItems = 256
	// maxVisits bounds the fields the decoder visits, aliases and merge
	// keys expanded: a few lines of anchors can otherwise expand to 10^8
	// fields.
	maxVisits = 100000
	// maxErrors bounds the problems reported for one profile.
	maxErrors = 100
)

// readLimited reads the profile at path, refusing one larger than MaxBytes
// before reading it when the file system says its size, and while reading
// it otherwise (a pipe, /dev/stdin).
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxBytes {
		return nil, tooLarge(path, fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, tooLarge(path, -1)
	}
	return data, nil
}

// tooLarge is the error about a profile larger than MaxBytes; size is -1
// when it is not known.
func tooLarge(file string, size int64) error {
	what := "larger than 256 KiB"
	if size >= 0 {
		what = fmt.Sprintf("%d bytes, more than 256 KiB (%d bytes)", size, MaxBytes)
	}
	return ErrorList{{File: file, Msg: "the profile is " + what + ", the most a profile may be (a real one is a few KB): not read"}}
}

// checkValue reports a value longer than MaxValueBytes, or holding what
// no value of the activation form holds: invalid UTF-8, control
// characters, or bidirectional overrides (which make a terminal show
// another text than the one compared). The value itself is not repeated
// in the error.
func (d *decoder) checkValue(path string, v *yaml.Node) bool {
	s := v.Value
	if len(s) > MaxValueBytes {
		d.errorf(v, path, "a value of %d bytes, longer than the %d a profile value may be", len(s), MaxValueBytes)
		return false
	}
	if !utf8.ValidString(s) {
		d.errorf(v, path, "the value is not valid UTF-8")
		return false
	}
	for _, r := range s {
		if unsafeRune(r) {
			d.errorf(v, path, "the value holds the control character %U; write plain text", r)
			return false
		}
	}
	return true
}

// unsafeRune reports C0 and C1 controls (a tab is allowed), DEL, and the
// Unicode bidirectional controls.
func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return unicode.Is(unicode.Cc, r)
}

// visit counts n fields against maxVisits and reports, once, that the
// budget is spent.
func (d *decoder) visit(n *yaml.Node, path string, count int) bool {
	d.visits += count
	if d.visits <= maxVisits {
		return true
	}
	if !d.overBudget {
		d.overBudget = true
		d.errorf(n, path, "aliases and merge keys expand to more than %d fields; write the values out", maxVisits)
	}
	return false
}

// plainName reports a field name that can be printed in an error: short,
// and plain text. No field of the profile is longer than 20 bytes.
func plainName(s string) bool {
	if len(s) > 64 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unsafeRune(r) {
			return false
		}
	}
	return true
}
