package iosxe

import (
	"fmt"
	"strconv"
	"strings"
)

// The redaction rules are written in a small notation (redact_rules.go)
// close to IOS's own command reference, compiled once into elems:
//
//	word/N      a keyword; IOS takes any abbreviation of at least N letters
//	            (word alone: the whole word)
//	a/1|b/2     one of several keywords
//	ARG         any one word (a name, an address)
//	NUM         one word of digits
//	[ ... ]     optional words
//	...         any words, as few as possible, before what follows
//	$REST       the secret: an optional type digit, then the rest of the line
//	            (IOS takes it all as the password, spaces included)
//	$WORD       the secret: an optional type digit, then one word
//	$RAW        the secret: one word, which may itself be a digit
//	$LAST       the secret: the last word of the line
//	$KEEP       a harmless command: nothing is secret, stop looking
//	$END        as $KEEP, but only when the line ends here
//	$BLOCK      the line ends here and the lines that follow are the secret
//	            (a key-string typed over several lines)

// elemKind is what one element of a rule matches.
type elemKind uint8

const (
	eKeyword elemKind = iota
	eArg
	eNum
	eOpt
	eSkip
	eSlot
)

// slot is what a rule says about the words after its last keyword.
type slot uint8

const (
	slotRest slot = iota
	slotWord
	slotRaw
	slotLast
	slotKeep
	slotEnd
	slotBlock
)

var slotNames = map[string]slot{
	"$REST": slotRest, "$WORD": slotWord, "$RAW": slotRaw, "$LAST": slotLast,
	"$KEEP": slotKeep, "$END": slotEnd, "$BLOCK": slotBlock,
}

// kw is one keyword and the shortest abbreviation IOS accepts for it.
type kw struct {
	word string
	min  int
}

type elem struct {
	kind elemKind
	kws  []kw   // eKeyword
	sub  []elem // eOpt
	slot slot   // eSlot
}

// how says where a command was found, which decides how short its first
// keyword may be abbreviated.
type how uint8

const (
	// printed: a line of a configuration or of show output, as the router
	// prints it (whole words). A keyword needs at least three letters
	// there: show output's one- and two-letter codes ("S*", "C", "L" route
	// codes) must not read as abbreviated commands.
	printed how = iota
	// typedConfig: typed in configuration mode; every abbreviation IOS's
	// parser accepts counts.
	typedConfig
	// typedExec: typed at the exec prompt or after "do": IOS reads it as
	// an exec command ("p 10.0.0.1" is a ping), so a configuration
	// command's first keyword needs at least three letters there too.
	typedExec
)

// matches reports whether the word t is k, abbreviated to at least n
// letters, in any case.
func (k kw) matches(t string, n int) bool {
	return len(t) >= n && len(t) <= len(k.word) && strings.EqualFold(t, k.word[:len(t)])
}

// keyword reports whether t is one of e's keywords. On a printed line
// every keyword needs three letters (or the whole word), and a typed exec
// command's first keyword too (see how).
func (e *elem) keyword(t string, h how, first bool) bool {
	for _, k := range e.kws {
		n := k.min
		if h == printed || h == typedExec && first {
			n = max(n, min(3, len(k.word)))
		}
		if k.matches(t, n) {
			return true
		}
	}
	return false
}

// compile turns a rule written in the notation above into elems. A
// malformed rule is a programming error: it panics when the package
// loads, and TestRedactRulesCompile names it.
func compile(spec string) []elem {
	words := strings.Fields(spec)
	es, rest := compileSeq(spec, words)
	if len(rest) != 0 {
		panic(fmt.Sprintf("redaction rule %q: unbalanced %q", spec, rest[0]))
	}
	if len(es) == 0 || es[0].kind != eKeyword {
		panic(fmt.Sprintf("redaction rule %q: must start with a keyword", spec))
	}
	return es
}

func compileSeq(spec string, words []string) ([]elem, []string) {
	var es []elem
	for len(words) > 0 {
		w := words[0]
		words = words[1:]
		switch {
		case w == "]":
			return es, append([]string{w}, words...)
		case w == "[":
			sub, rest := compileSeq(spec, words)
			if len(rest) == 0 || rest[0] != "]" {
				panic(fmt.Sprintf("redaction rule %q: unclosed [", spec))
			}
			es = append(es, elem{kind: eOpt, sub: sub})
			words = rest[1:]
		case w == "ARG":
			es = append(es, elem{kind: eArg})
		case w == "NUM":
			es = append(es, elem{kind: eNum})
		case w == "...":
			es = append(es, elem{kind: eSkip})
		case strings.HasPrefix(w, "$"):
			s, ok := slotNames[w]
			if !ok || len(words) != 0 {
				panic(fmt.Sprintf("redaction rule %q: %q must be a known slot, last", spec, w))
			}
			es = append(es, elem{kind: eSlot, slot: s})
		default:
			es = append(es, elem{kind: eKeyword, kws: compileKeywords(spec, w)})
		}
	}
	return es, nil
}

func compileKeywords(spec, w string) []kw {
	var out []kw
	for _, alt := range strings.Split(w, "|") {
		word, n, found := strings.Cut(alt, "/")
		k := kw{word: word, min: len(word)}
		if found {
			v, err := strconv.Atoi(n)
			if err != nil || v < 1 || v > len(word) {
				panic(fmt.Sprintf("redaction rule %q: bad abbreviation %q", spec, alt))
			}
			k.min = v
		}
		if word == "" || strings.ToLower(word) != word {
			panic(fmt.Sprintf("redaction rule %q: keyword %q must be lower case", spec, alt))
		}
		out = append(out, k)
	}
	return out
}

// hit is what a rule found in one command.
type hit struct {
	spans []rspan // the secrets, in word order
	keep  bool    // a harmless command: look no further on the line
	block bool    // the lines after this one hold the secret
	end   int     // the word after the last one the rule read
}

// match matches es against toks from word i; it returns the word where
// the rule's slot starts and the slot.
func match(es []elem, toks []rtoken, i int, h how, first bool) (int, slot, bool) {
	if len(es) == 0 {
		return i, slotKeep, true
	}
	e := &es[0]
	switch e.kind {
	case eKeyword:
		if i >= len(toks) || !e.keyword(toks[i].text, h, first) {
			return 0, 0, false
		}
		return match(es[1:], toks, i+1, h, false)
	case eArg:
		if i >= len(toks) {
			return 0, 0, false
		}
		return match(es[1:], toks, i+1, h, false)
	case eNum:
		if i >= len(toks) || !isDigits(toks[i].text) {
			return 0, 0, false
		}
		return match(es[1:], toks, i+1, h, false)
	case eOpt:
		with := make([]elem, 0, len(e.sub)+len(es)-1)
		with = append(append(with, e.sub...), es[1:]...)
		if j, s, ok := match(with, toks, i, h, first); ok {
			return j, s, true
		}
		return match(es[1:], toks, i, h, first)
	case eSkip:
		for j := i; j <= len(toks); j++ {
			if k, s, ok := match(es[1:], toks, j, h, false); ok {
				return k, s, true
			}
		}
		return 0, 0, false
	}
	return i, e.slot, true
}

// secretSpan turns a slot found at word i into the hit it describes.
func secretSpan(toks []rtoken, i int, s slot) (hit, bool) {
	switch s {
	case slotKeep:
		return hit{keep: true, end: len(toks)}, true
	case slotEnd:
		return hit{keep: true, end: len(toks)}, i == len(toks)
	case slotBlock:
		return hit{block: true, end: len(toks)}, i == len(toks)
	case slotRaw:
		if i < len(toks) {
			return hit{spans: []rspan{{i, i + 1}}, end: i + 1}, true
		}
	case slotLast:
		if i < len(toks) {
			return hit{spans: []rspan{{len(toks) - 1, len(toks)}}, end: len(toks)}, true
		}
	case slotRest, slotWord:
		v := i
		if isType(toks, v) {
			v++
		}
		if v >= len(toks) {
			break
		}
		if s == slotWord {
			return hit{spans: []rspan{{v, v + 1}}, end: v + 1}, true
		}
		return hit{spans: []rspan{{v, len(toks)}}, end: len(toks)}, true
	}
	// The command is there but its secret is not (typed without one):
	// nothing to mask, nothing else to look for.
	return hit{end: len(toks)}, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
