package iosxe

import (
	"regexp"
	"sort"
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// The lexical side of redaction: words, prompts, show-tech separators,
// blocks given over several lines, and the masking of byte spans.

// blockKind is a secret given over several lines.
type blockKind uint8

const (
	blockNone blockKind = iota
	// blockHex: the lines after a bare "key-string" or a "certificate"
	// line, up to "quit".
	blockHex
	// blockPEM: a PEM private key, up to its END line.
	blockPEM
)

type block struct {
	kind blockKind
	// indent is the indentation of the printed line that opened the block
	// (a less indented line that is not hex ends it); -1 when a typed line
	// opened it.
	indent int
}

// rtoken is one white-space separated word of a line.
type rtoken struct {
	start, end int
	text       string
}

// rspan is a run of tokens [from, to) holding one secret value.
type rspan struct{ from, to int }

// continues reports whether a printed line is still part of the block.
func (b block) continues(toks []rtoken) bool {
	if len(toks) == 0 {
		return true
	}
	switch b.kind {
	case blockPEM:
		return !strings.HasPrefix(toks[0].text, "-----END") && !endsBlock(toks)
	case blockHex:
		if endsBlock(toks) {
			return false
		}
		return b.indent < 0 || toks[0].start > b.indent || allHex(toks)
	}
	return false
}

// endsBlock reports the words that end a block typed over several lines.
func endsBlock(toks []rtoken) bool {
	if len(toks) != 1 {
		return false
	}
	t := strings.ToLower(toks[0].text)
	return t == "quit" || t == "exit" || t == "end"
}

func allHex(toks []rtoken) bool {
	for _, t := range toks {
		for i := 0; i < len(t.text); i++ {
			c := t.text[i] | 0x20
			if !('0' <= t.text[i] && t.text[i] <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

func isPEMBegin(l string) bool {
	i := strings.Index(l, "-----BEGIN ")
	return i >= 0 && strings.Contains(l[i:], "PRIVATE KEY-----")
}

// urlRE finds the password of a URL ("ftp://user:password@host/...", as
// copy and archive take them).
var urlRE = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*:(\S*)@`)

func urls(l string, sp *spans) {
	if !strings.Contains(l, "://") {
		return
	}
	for _, m := range urlRE.FindAllStringSubmatchIndex(l, -1) {
		if m[3] > m[2] {
			*sp = append(*sp, bspan{m[2], m[3]})
		}
	}
}

// promptEnd returns the offset just after a leading IOS prompt
// ("cpe1#", "cpe1(config-if)#", "cpe1>", after an optional
// "[2026-11-26 10:21:03] " line stamp) and the prompt's mode. A one-letter
// "host" is not a prompt: "r>i 10.0.0.0/8" is a BGP table line.
func promptEnd(l string) (int, string, bool) {
	i := stampEnd(l)
	j := i
	for j < len(l) && isHostByte(l[j], j == i) {
		j++
	}
	if j-i < 2 || j >= len(l) {
		return 0, "", false
	}
	mode := ""
	if l[j] == '(' {
		k := strings.IndexByte(l[j:], ')')
		if k < 0 {
			return 0, "", false
		}
		mode = l[j+1 : j+k]
		for m := 0; m < len(mode); m++ {
			if !isHostByte(mode[m], false) {
				return 0, "", false
			}
		}
		j += k + 1
		if j >= len(l) {
			return 0, "", false
		}
	}
	if l[j] == '#' || l[j] == '>' && mode == "" {
		return j + 1, mode, true
	}
	return 0, "", false
}

// stampEnd returns the length of a leading "[2026-11-26 10:21:03] " line
// stamp (a time: digits, a colon), 0 when there is none.
func stampEnd(l string) int {
	if len(l) == 0 || l[0] != '[' {
		return 0
	}
	end := strings.IndexByte(l, ']')
	if end < 8 || end > 42 || !strings.ContainsAny(l[1:end], "0123456789") || !strings.Contains(l[1:end], ":") {
		return 0
	}
	for k := 1; k < end; k++ {
		c := l[k]
		if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z' || strings.IndexByte(":./ T+-", c) >= 0) {
			return 0
		}
	}
	end++
	if end < len(l) && l[end] == ' ' {
		end++
	}
	return end
}

func isHostByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case first:
		return false
	}
	return c == '-' || c == '_' || c == '.'
}

// separator recognises a show-tech block header
// ("------------------ show ip bgp summary ------------------",
// "!--- show ip bgp summary") and returns where its command starts.
func separator(l string) (int, bool) {
	switch {
	case strings.HasPrefix(l, "-----"):
		i := strings.IndexFunc(l, func(r rune) bool { return r != '-' && r != ' ' })
		if i < 0 || !strings.HasSuffix(strings.TrimRight(l, " \t"), "-----") ||
			strings.HasPrefix(l[i:], "BEGIN ") || strings.HasPrefix(l[i:], "END ") {
			return 0, false // a PEM armour line
		}
		return i, true
	case strings.HasPrefix(l, "!--"):
		i := strings.IndexFunc(l[1:], func(r rune) bool { return r != '-' && r != ' ' })
		if i < 0 {
			return 0, false
		}
		return i + 1, true
	}
	return 0, false
}

func isDashes(s string) bool { return strings.Trim(s, "-") == "" }

func tokenize(l string, from int) []rtoken { return appendTokens(nil, l, from) }

func appendTokens(toks []rtoken, l string, from int) []rtoken {
	i := from
	for i < len(l) {
		for i < len(l) && isSpace(l[i]) {
			i++
		}
		j := i
		for j < len(l) && !isSpace(l[j]) {
			j++
		}
		if j > i {
			toks = append(toks, rtoken{i, j, l[i:j]})
		}
		i = j
	}
	return toks
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

// eqFold compares an IOS keyword case-insensitively: IOS accepts "PASSWORD"
// typed in a session as well as "password".
func eqFold(a, b string) bool { return strings.EqualFold(a, b) }

// isType reports whether toks[i] is an encryption type number (0, 5, 6, 7,
// 8, 9...) rather than the secret itself: a single digit followed by
// another word.
func isType(toks []rtoken, i int) bool {
	return i+1 < len(toks) && len(toks[i].text) == 1 && toks[i].text[0] >= '0' && toks[i].text[0] <= '9'
}

// bspan is a byte range [s, e) of a line to mask.
type bspan struct{ s, e int }

type spans []bspan

func (sp *spans) tokens(toks []rtoken, rs []rspan) {
	for _, r := range rs {
		if r.from < r.to {
			*sp = append(*sp, bspan{toks[r.from].start, toks[r.to-1].end})
		}
	}
}

// whole masks everything of l after its indentation, from byte from on.
func (sp *spans) whole(l string, from int) {
	for from < len(l) && isSpace(l[from]) {
		from++
	}
	if from < len(l) {
		*sp = append(*sp, bspan{from, len(l)})
	}
}

// apply replaces each span's bytes with Mask, overlapping spans merged.
func (sp spans) apply(l string) string {
	if len(sp) == 0 {
		return l
	}
	sort.Slice(sp, func(i, j int) bool { return sp[i].s < sp[j].s })
	var b strings.Builder
	b.Grow(len(l))
	last := 0
	for k := 0; k < len(sp); k++ {
		s, e := sp[k].s, sp[k].e
		for k+1 < len(sp) && sp[k+1].s <= e {
			e = max(e, sp[k+1].e)
			k++
		}
		if s < last {
			s = last
		}
		if e <= s {
			continue
		}
		b.WriteString(l[last:s])
		b.WriteString(platform.Mask)
		last = e
	}
	b.WriteString(l[last:])
	return b.String()
}
