package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Load reads, normalises and validates the profile at path. Errors name the
// file as given, so "sites/acme.yaml:31: ..." points the reader straight at
// the line to fix.
func Load(path string) (*Profile, error) { return LoadWith(path, Rules{}) }

// LoadWith is Load with the rules that come from outside the package
// (pipeline.LoadProfile passes the registry's platforms).
func LoadWith(path string, rules Rules) (*Profile, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	return ParseWith(data, path, rules)
}

// Parse decodes a profile from YAML text, applies the defaults, normalises
// algorithm and interface names, links each tunnel to the profile and
// validates the result. filename is only used in error messages. On failure
// the error is an ErrorList holding every problem found, in file order (the
// first 100, and how many more there are).
//
// A profile larger than MaxBytes is refused unread; a value longer than
// MaxValueBytes, a list longer than MaxItems, or anchors that expand
// beyond a fixed budget are errors at their line (limits.go).
//
// The YAML is walked as a yaml.Node tree rather than decoded straight into
// the structs so that every error carries its line, and so that an unknown
// field (a typo such as "di_asm") is an error instead of a silently ignored
// expectation.
func Parse(data []byte, filename string) (*Profile, error) { return ParseWith(data, filename, Rules{}) }

// ParseWith is Parse with rules from outside the package.
func ParseWith(data []byte, filename string, rules Rules) (*Profile, error) {
	if len(data) > MaxBytes {
		return nil, tooLarge(filename, int64(len(data)))
	}
	root, err := parseYAML(data, filename)
	if err != nil {
		return nil, err
	}
	d := &decoder{pos: newPositions(filename)}
	p := &Profile{}
	d.profile(root, p)
	errs := append(d.errs, check(p, d.pos, rules)...)
	if len(errs) == 0 {
		return p, nil
	}
	errs.sort()
	if more := len(errs) - maxErrors + d.dropped; more > 0 {
		errs = append(errs[:min(len(errs), maxErrors)], &Error{File: filename,
			Msg: fmt.Sprintf("%d more problems not shown: fix these first", more)})
	}
	return nil, errs
}

// Validate applies the defaults, normalises names, links each tunnel to p
// and reports every rule p breaks, for profiles built in code rather than
// read from a file (errors then carry field paths but no lines). Parse and
// Load already call it.
func (p *Profile) Validate() error {
	return check(p, nil, Rules{}).err()
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML returns the root mapping of the single YAML document in data.
func parseYAML(data []byte, file string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{{File: file, Msg: "empty profile"}}
		}
		return nil, ErrorList{yamlError(file, err)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return nil, ErrorList{{File: file, Line: extra.Line,
			Msg: "a profile file holds one YAML document; found a second one (---)"}}
	case !errors.Is(err, io.EOF):
		return nil, ErrorList{yamlError(file, err)}
	}
	root := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	if isNull(root) {
		return nil, ErrorList{{File: file, Msg: "empty profile"}}
	}
	return root, nil
}

// yamlError turns "yaml: line 3: did not find expected key" into an Error
// with the line, so syntax errors read like every other profile error.
func yamlError(file string, err error) *Error {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: file, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	return &Error{File: file, Line: line, Msg: "YAML syntax: " + m[2]}
}
