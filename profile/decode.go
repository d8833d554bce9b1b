package profile

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder walks the YAML node tree of a profile into the typed structs,
// recording positions and collecting every error rather than stopping at
// the first.
type decoder struct {
	pos  *positions
	errs ErrorList

	visits     int  // fields visited, aliases expanded (limits.go)
	overBudget bool // maxVisits was reached and reported
	dropped    int  // errors beyond the ones kept
}

// fieldFunc decodes the (non-null) value of one known field at path.
type fieldFunc func(path string, v *yaml.Node)

// maxAliasDepth bounds alias and merge-key resolution: YAML anchors are
// handy for two tunnels sharing values, but a hostile file must not make
// the walk loop.
const maxAliasDepth = 16

// errorf reports a problem with the value of path found at node n.
func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.pos.bad[path] = true
	if len(d.errs) >= 10*maxErrors {
		d.dropped++ // a hostile file can make any number; ParseWith says how many
		return
	}
	m := markOf(n)
	d.errs = append(d.errs, &Error{File: d.pos.file, Line: m.line, col: m.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows aliases (*anchor) to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasDepth; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if len(n.Value) > 40 {
			return fmt.Sprintf("%q... (%d bytes)", n.Value[:40], len(n.Value))
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// pair is one key: value entry of a mapping, after merge keys are expanded.
type pair struct{ key, val *yaml.Node }

// entries returns the key/value pairs of mapping n. Merge keys ("<<: *x")
// contribute the entries of the mappings they name unless n sets the same
// key itself, as YAML 1.1 merge keys do.
//
// Every entry, merged ones included, counts against the decoder's budget
// of visits; top is the mapping an error about the budget is reported at.
func (d *decoder) entries(top, n *yaml.Node, path string, depth int) []pair {
	if !d.visit(top, path, len(n.Content)/2) {
		return nil
	}
	var own, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" && depth < maxAliasDepth && v != nil {
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, s := range srcs {
				if s = resolve(s); s != nil && s.Kind == yaml.MappingNode {
					sub := d.entries(top, s, path, depth+1)
					if !d.visit(top, path, len(sub)) {
						return nil
					}
					merged = append(merged, sub...)
				} else {
					d.errorf(k, join(path, "<<"), "a merge key needs a mapping or a list of mappings")
				}
			}
			continue
		}
		own = append(own, pair{k, v})
	}
	if len(merged) == 0 {
		return own
	}
	set := make(map[string]bool, len(own))
	for _, p := range own {
		set[p.key.Value] = true
	}
	for _, m := range merged {
		if !set[m.key.Value] {
			own = append(own, m)
		}
	}
	return own
}

// fields decodes mapping n at path, calling the decoder of each known field
// with a non-null value. Unknown and duplicate fields are errors: a typo in
// a profile must not silently drop an expectation.
func (d *decoder) fields(n *yaml.Node, path string, fs map[string]fieldFunc) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		what := "nothing"
		if n != nil {
			what = kindName(n)
		}
		d.errorf(n, path, "want a mapping of fields, got %s", what)
		return
	}
	// The root mapping gets no place: a missing top-level field is named
	// without a line rather than on whichever line happens to come first.
	if _, ok := d.pos.at[path]; !ok && path != "" {
		d.pos.at[path] = markOf(n)
	}
	seen := map[string]int{} // name -> line first set
	for _, e := range d.entries(n, n, path, 0) {
		name := e.key.Value
		if e.key.Kind != yaml.ScalarNode {
			d.errorf(e.key, path, "field names must be plain words, got %s", kindName(e.key))
			continue
		}
		if !plainName(name) {
			d.errorf(e.key, path, "field names must be plain words, got %s", kindName(e.key))
			continue
		}
		full := join(path, name)
		if first, dup := seen[name]; dup {
			d.errorf(e.key, full, "duplicate field (first set on line %d)", first)
			continue
		}
		seen[name] = e.key.Line
		f, ok := fs[name]
		if !ok {
			d.errorf(e.key, full, "%s", unknownField(name, fs))
			continue
		}
		d.pos.at[full] = markOf(e.key)
		if isNull(e.val) {
			continue
		}
		d.pos.set[full] = true
		f(full, e.val)
	}
}

// items decodes list n at path, calling each with the item's path
// ("tunnels[1]") and node.
func (d *decoder) items(n *yaml.Node, path string, each func(path string, v *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "want a list, got %s", kindName(n))
		return
	}
	list := n.Content
	if len(list) > MaxItems {
		d.errorf(n, path, "%d items, more than the %d a profile list may hold", len(list), MaxItems)
		list = list[:MaxItems]
	}
	if !d.visit(n, path, len(list)) {
		return
	}
	for i, item := range list {
		ip := fmt.Sprintf("%s[%d]", path, i)
		item = resolve(item)
		if item == nil {
			d.errorf(n, ip, "unresolvable alias")
			continue
		}
		d.pos.at[ip] = markOf(item)
		each(ip, item)
	}
}

// scalar returns the text of a single-valued node, or reports that a list
// or mapping was given where one value belongs.
func (d *decoder) scalar(path string, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		d.errorf(v, path, "want a single value, got %s", kindName(v))
		return "", false
	}
	if !d.checkValue(path, v) {
		return "", false
	}
	return v.Value, true
}

func markOf(n *yaml.Node) mark {
	if n == nil {
		return mark{}
	}
	return mark{n.Line, n.Column}
}

// secretFields are names people reach for when a form asks for a key or a
// password; they get a message explaining why the profile has no place for
// them instead of a bare "unknown field".
var secretFields = []string{
	"password", "passwd", "secret", "enable_password", "enable_secret",
	"psk", "pre_shared_key", "preshared_key", "pre-shared-key", "key",
	"bgp_password", "md5", "bgp_md5", "private_key", "ssh_key",
}

// unknownField explains an unknown field name, suggesting the known field it
// is closest to when it looks like a typo.
func unknownField(name string, fs map[string]fieldFunc) string {
	if slices.Contains(secretFields, strings.ToLower(name)) {
		return "secrets do not belong in the profile: vcdiag reads the login password " +
			"from VCDIAG_PASSWORD or a prompt, and never needs the pre-shared key or the BGP password"
	}
	best, bestDist := "", 3
	for k := range fs {
		if dist := editDistance(strings.ToLower(name), k); dist < bestDist || (dist == bestDist && k < best) {
			best, bestDist = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown field (did you mean %s?)", best)
	}
	known := make([]string, 0, len(fs))
	for k := range fs {
		known = append(known, k)
	}
	slices.Sort(known)
	return "unknown field (known here: " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance between a and b, enough to turn
// "di_asm" into "did you mean di_asn?".
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
