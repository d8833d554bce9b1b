package iosxe

import (
	"strings"

	"github.com/vcdiag/vcdiag/platform"
)

// Redaction is keyword driven and line based, never a guess at what looks
// random: show output such as "remaining key lifetime", "Key disabled" or
// "%TCP-6-BADAUTH Invalid MD5 digest" must survive intact, because checks
// read it. Redact is idempotent (redacting twice changes nothing) and never
// changes the number of lines, so line citations stay valid. Pre-shared
// keys, passwords, enable and user secrets, key strings, SNMP communities
// and AAA server keys are replaced by platform.Mask, keeping the keyword and
// the encryption type number, so that a check can still tell "a BGP
// password is configured, type 7" without learning it.

// Redact returns s with every secret value replaced by Mask. Line breaks
// (LF, CRLF, CR), indentation and every other byte are kept, so the result
// has the same lines as s and structure-reading parsers still work on it.
func Redact(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var st redactState
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			b.WriteString(st.line(s))
			break
		}
		b.WriteString(st.line(s[:i]))
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	return b.String()
}

// RedactLines is Redact for text already split into lines. The redactState that spans
// lines (inside a "key chain") carries from one element to the next.
func RedactLines(lines []string) []string {
	if lines == nil {
		return nil
	}
	out := make([]string, len(lines))
	var st redactState
	for i, l := range lines {
		out[i] = st.line(l)
	}
	return out
}

// redactState is what redaction remembers between lines: whether the current
// configuration block is a key chain, where "key 1" is a key number and
// not a secret.
type redactState struct {
	inKeyChain bool
}

// rtoken is one white-space separated word of a line.
type rtoken struct {
	start, end int
	text       string
}

// line redacts one line (without its line break).
func (st *redactState) line(l string) string {
	start, mode := promptEnd(l)
	toks := tokenize(l, start)
	if len(toks) == 0 {
		return l
	}
	indented := start == 0 && toks[0].start > 0
	if !indented {
		st.inKeyChain = len(toks) >= 2 && toks[0].text == "key" && eqFold(toks[1].text, "chain")
		if start > 0 && strings.Contains(mode, "keychain") {
			st.inKeyChain = true
		}
	}
	spans := findSecrets(toks, st.inKeyChain)
	if len(spans) == 0 {
		return l
	}
	return apply(l, toks, spans)
}

// rspan is a run of tokens [from, to) holding one secret value.
type rspan struct{ from, to int }

// apply replaces each rspan's bytes with Mask. Spans are in rtoken order and
// do not overlap (findSecrets guarantees it).
func apply(l string, toks []rtoken, spans []rspan) string {
	var b strings.Builder
	b.Grow(len(l))
	last := 0
	for _, sp := range spans {
		s, e := toks[sp.from].start, toks[sp.to-1].end
		if s < last {
			continue
		}
		b.WriteString(l[last:s])
		b.WriteString(platform.Mask)
		last = e
	}
	b.WriteString(l[last:])
	return b.String()
}

// promptEnd returns the offset just after a leading IOS prompt
// ("cpe1#", "cpe1(config-if)#", "cpe1>") and the prompt's mode, so that
// typed configuration lines in a session log are redacted like
// running-config lines.
func promptEnd(l string) (int, string) {
	i := 0
	for i < len(l) && isHostByte(l[i], i == 0) {
		i++
	}
	if i == 0 || i >= len(l) {
		return 0, ""
	}
	mode := ""
	if l[i] == '(' {
		j := strings.IndexByte(l[i:], ')')
		if j < 0 {
			return 0, ""
		}
		mode = l[i+1 : i+j]
		i += j + 1
		if i >= len(l) {
			return 0, ""
		}
	}
	if l[i] != '#' && l[i] != '>' {
		return 0, ""
	}
	return i + 1, mode
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

func tokenize(l string, from int) []rtoken {
	var toks []rtoken
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

// eq compares an IOS keyword case-insensitively: IOS accepts "PASSWORD"
// typed in a session as well as "password".
func eqFold(a, b string) bool { return strings.EqualFold(a, b) }

// isType reports whether toks[i] is an encryption type number (0, 5, 6, 7,
// 8, 9...) rather than the secret itself: a single digit followed by
// another word.
func isType(toks []rtoken, i int) bool {
	return i+1 < len(toks) && len(toks[i].text) == 1 && toks[i].text[0] >= '0' && toks[i].text[0] <= '9'
}

// rest is the rspan from the secret after keyword position i (skipping an
// encryption type) to the end of the line: IOS takes the rest of the line
// as the password, spaces included.
func tokRest(toks []rtoken, i int) (rspan, bool) {
	v := i + 1
	if v < len(toks) && isType(toks, v) {
		v++
	}
	if v >= len(toks) {
		return rspan{}, false
	}
	return rspan{v, len(toks)}, true
}

// word is the rspan of the single secret word after keyword position i
// (skipping an encryption type), for lines where more keywords follow the
// secret ("crypto isakmp key X address A").
func tokWord(toks []rtoken, i int) (rspan, bool) {
	v := i + 1
	if v < len(toks) && isType(toks, v) {
		v++
	}
	if v >= len(toks) {
		return rspan{}, false
	}
	return rspan{v, v + 1}, true
}
